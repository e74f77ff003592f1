package audit

import (
	"crypto/ed25519"
	"crypto/rand"
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

// BenchmarkSignHead is what each write pays to sign the head it leaves.
func BenchmarkSignHead(b *testing.B) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	s := Signer{Name: "0101-T01", Key: key}
	h := Head{ID: 123456, Hash: strings.Repeat("ab", 32)}
	for b.Loop() {
		s.Sign(h)
	}
}

// A row may seal several records in one block at the end of its detail;
// text typed earlier in the detail cannot pose as a digest.
func TestDigests(t *testing.T) {
	d1, d2 := strings.Repeat("a", 64), strings.Repeat("b", 64)
	detail := WithDigests("#5 流水 1 原因：x 〔摘要 cash:9 "+d2+"〕", Sealed{"entry:5", d1}, Sealed{"cash:3", d2})
	got, ok := Digests(detail)
	if !ok || len(got) != 2 || got[0] != (Sealed{"entry:5", d1}) || got[1] != (Sealed{"cash:3", d2}) {
		t.Fatalf("%v %v", got, ok)
	}
	if id, d := PostedEntry(detail); id != 5 || d != d1 {
		t.Fatalf("posted entry %d %s", id, d)
	}
	for _, bad := range []string{"无摘要", "x 〔摘要 cash:3〕", "x 〔摘要 cash:3 " + d1[:63] + "〕", "x 〔摘要 cash:3 " + d1 + " entry:5〕"} {
		if got, ok := Digests(bad); ok {
			t.Errorf("%q read as %v", bad, got)
		}
	}
}

// FuzzDigests: whatever an audit record's detail holds (head office reads
// them from bundles), reading its digests never panics, and what
// WithDigests writes reads back.
func FuzzDigests(f *testing.F) {
	f.Add("#1 流水 1 储蓄现金存款", "entry:1")
	f.Add("x 〔摘要 a b〕", "cash:2")
	f.Fuzz(func(t *testing.T, detail, subject string) {
		Digests(detail)
		PostedEntry(detail)
		if subject == "" || strings.ContainsAny(subject, " 〕") {
			return
		}
		d := strings.Repeat("c", 64)
		got, ok := Digests(WithDigest(detail, subject, d))
		if !ok || len(got) != 1 || got[0] != (Sealed{subject, d}) {
			t.Fatalf("%q %q: %v %v", detail, subject, got, ok)
		}
	})
}
