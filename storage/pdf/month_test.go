package pdf

import (
	"fmt"
	"io"
	"testing"

	"branchdesk/domain/target"
)

func TestMonthText(t *testing.T) {
	rows := []target.Month{
		{Month: "2025-06", Officer: "2001", Listed: 12, Logged: 9, Logs: 23, Overdue: 2, WithUs: 4},
		{Month: "2025-06", Officer: "2002", Listed: 8, Logged: 5, Logs: 11, Overdue: 1, WithUs: 3},
		{Month: "2025-06", Officer: "2009", Listed: 1},
	}
	names := map[string]string{"2001": "张三", "2002": "李四"}
	text := extractKept(t, "month", func(w io.Writer) error { return WriteMonth(w, "2025-06", rows, names) })
	mustContain(t, text, "营销名单月结统计表", "统计月份：2025年6月",
		"2001 张三 12 9 23 2 4", "2002 李四 8 5 11 1 3", "2009 1 0 0 0 0", "合计 21 14 34 3 7",
		"制表人：", "网点负责人：")
}

func TestMonthSpillsOverPages(t *testing.T) {
	var rows []target.Month
	for i := range 60 {
		rows = append(rows, target.Month{Month: "2025-06", Officer: fmt.Sprint(4000 + i), Listed: 2, Logged: 1, Logs: 3})
	}
	text := extractKept(t, "month-long", func(w io.Writer) error { return WriteMonth(w, "2025-06", rows, nil) })
	mustContain(t, text, "第 1 页 共 2 页", "第 2 页 共 2 页", "4000 2 1 3 0 0", "4059 2 1 3 0 0", "合计 120 60 180 0 0")
}

func TestMonthTitle(t *testing.T) {
	for in, want := range map[string]string{"2025-06": "2025年6月", "2025-12": "2025年12月", "2025-13": "2025-13", "": ""} {
		if got := monthTitle(in); got != want {
			t.Errorf("monthTitle(%q) = %q, want %q", in, got, want)
		}
	}
}
