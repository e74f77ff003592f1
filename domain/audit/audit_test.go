package audit

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func chain(n int) []Row {
	var rows []Row
	prev := ""
	for i := 1; i <= n; i++ {
		r := Row{ID: int64(i), At: time.Date(2026, 11, 23, 9, 0, i, 0, time.UTC), Actor: "1001", Action: Post, Detail: fmt.Sprintf("#%d", i), Prev: prev}
		r.Hash = Seal(r)
		prev = r.Hash
		rows = append(rows, r)
	}
	return rows
}

func verify(rows []Row, headID int64, headHash string) *Break {
	v := NewVerifier(headID, headHash)
	for _, r := range rows {
		v.Next(r)
	}
	return v.End()
}

func TestVerifier(t *testing.T) {
	good := chain(6)
	head := good[5]
	if b := verify(good, head.ID, head.Hash); b != nil {
		t.Fatalf("intact chain: %v", b)
	}
	changed := chain(6)
	changed[2].Detail = "#3 改"
	deleted := append(append([]Row{}, good[:3]...), good[4:]...)
	deletedLast := good[:5]
	forged := Row{ID: 7, At: good[5].At, Actor: "9999", Action: Post, Detail: "伪造", Prev: head.Hash, Hash: "00"}
	inserted := append(append([]Row{}, good...), forged)
	cases := []struct {
		name string
		rows []Row
		id   int64
		what string
	}{
		{"changed", changed, 3, "修改"},
		{"deleted", deleted, 5, "删除"},
		{"deleted last", deletedLast, 6, "末尾删除"},
		{"inserted", inserted, 7, "插入"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := verify(tc.rows, head.ID, head.Hash)
			if b == nil || b.ID != tc.id || b.What != tc.what {
				t.Fatalf("got %+v, want row %d %s", b, tc.id, tc.what)
			}
			if b.Error() == "" {
				t.Fatal("a break must explain itself")
			}
		})
	}
}

// Rows cut from the end are told by the last row left, never by one that
// is gone.
func TestTailCutNamesWhatIsLeft(t *testing.T) {
	good := chain(6)
	head := good[5]
	for _, c := range []struct {
		rows []Row
		want string
	}{
		{good[:5], "第 5 条记录之后的记录被删除（现存记录只到第 5 条）"},
		{good[:2], "第 2 条记录之后的记录被删除"},
		{nil, "全部审计记录被删除"},
	} {
		b := verify(c.rows, head.ID, head.Hash)
		if b == nil || !strings.Contains(b.Error(), c.want) {
			t.Errorf("%d rows left: %v, want %q", len(c.rows), b, c.want)
		}
	}
}
