package csvio

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"branchdesk/domain/target"
)

// The monthly summary opens in Excel (BOM, CRLF) with one row per
// officer and the 合计 row adding them up.
func TestWriteMonth(t *testing.T) {
	rows := []target.Month{
		{Month: "2026-11", Officer: "2001", Listed: 12, Logged: 9, Logs: 23, Overdue: 2, WithUs: 4},
		{Month: "2026-11", Officer: "2002", Listed: 8, Logged: 5, Logs: 11, Overdue: 1, WithUs: 3},
	}
	names := map[string]string{"2001": "2001 张三", "2002": "2002 李四"}
	var b bytes.Buffer
	if err := WriteMonth(&b, "2026-11", rows, func(id string) string { return names[id] }); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\uFEFF统计月份,服务官,名单户数,当月已登记户数,当月登记次数,月末逾期户数,已在我行开展业务户数\r\n") {
		t.Fatalf("header: %q", out)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
	if err != nil || len(recs) != 4 {
		t.Fatalf("%d rows, %v", len(recs), err)
	}
	if got := strings.Join(recs[2], ","); got != "2026-11,2002 李四,8,5,11,1,3" {
		t.Fatalf("officer row %q", got)
	}
	if got := strings.Join(recs[3], ","); got != "2026-11,合计,20,14,34,3,7" {
		t.Fatalf("total row %q", got)
	}
}
