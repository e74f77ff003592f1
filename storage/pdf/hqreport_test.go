package pdf

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// A head-office table prints its title, period, headers, rows and totals,
// over several pages when long, and refuses a character the font lacks.
func TestWriteTable(t *testing.T) {
	headers := []string{"网点", "营业日期", "柜员", "差额", "长短款"}
	widths := []float64{1, 1.2, 1, 1.2, 1}
	rows := [][]string{{"0101", "2026-11-23", "1001", "-¥100.00", "短款"}}
	for range 80 {
		rows = append(rows, []string{"0102", "2026-11-24", "1002", "¥1,000.00", "长款"})
	}
	rows = append(rows, []string{"合计", "", "", "¥79,900.00", ""})
	text := extract(t, func(w io.Writer) error {
		return WriteTable(w, "现金长短款报表", "2026-11-01 至 2026-11-30", headers, widths, rows, 1)
	})
	s := squeeze(text)
	for _, want := range []string{"现金长短款报表", "2026-11-01至2026-11-30", "网点营业日期柜员差额长短款",
		"01012026-11-231001-¥100.00短款", "合计¥79,900.00", "第1页共"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	if strings.Count(s, "网点营业日期") < 2 {
		t.Error("header not repeated on the next page")
	}
	empty := extract(t, func(w io.Writer) error {
		return WriteTable(w, "凭证使用报表", "x", headers, widths, nil, 0)
	})
	if !strings.Contains(squeeze(empty), "期间内没有数据") {
		t.Errorf("empty table:\n%s", empty)
	}
	err := WriteTable(io.Discard, "t", "s", headers, widths, [][]string{{"\U0001F600"}}, 0)
	if !errors.Is(err, ErrMissingGlyph) {
		t.Errorf("missing glyph: %v", err)
	}
	if err := WriteTable(io.Discard, "t", "s", headers, widths[:2], nil, 0); err == nil {
		t.Error("widths that do not match the headers")
	}
}
