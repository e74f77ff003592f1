package pdf

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"branchdesk/assets"
	"branchdesk/domain/target"
)

// The monthly summary's columns; monthCells fills a row in this order.
var (
	monthHeaders = []string{"服务官", "名单户数", "当月已登记户数", "当月登记次数", "月末逾期户数", "已在我行开展业务户数"}
	monthWidths  = []float64{2, 1, 1.2, 1.1, 1.1, 1.6}
)

// monthNote says what the columns count, as target.Summarize counts them.
const monthNote = "说明：名单户数为服务官负责的可营销名单户数；当月已登记户数为当月至少登记一次的名单户数；" +
	"月末逾期户数为至月末已过营销期限的名单户数。"

// WriteMonth writes the monthly summary for head office (月结) of month,
// "YYYY-MM", on A4 portrait: a row per officer in the order given (as
// target.Summarize returns them), named from names (staff ID to name)
// where known, a 合计 row, and lines for the signatures of whoever drew up
// and approved it.
func WriteMonth(w io.Writer, month string, rows []target.Month, names map[string]string) error {
	font, err := assets.LoadFont()
	if err != nil {
		return fmt.Errorf("pdf: month: %w", err)
	}
	doc, err := newSizedDocument(font, a4Portrait)
	if err != nil {
		return fmt.Errorf("pdf: month: %w", err)
	}
	if err := doc.header("营销名单月结统计表", "统计月份："+monthTitle(month), false); err != nil {
		return fmt.Errorf("pdf: month: %w", err)
	}
	cells := make([][]string, 0, len(rows)+1)
	for _, m := range rows {
		cells = append(cells, monthCells(officerTitle(m.Officer, names[m.Officer]), m))
	}
	cells = append(cells, monthCells("合计", target.Total(rows)))
	if err := doc.drawGrid(grid{headers: monthHeaders, widths: monthWidths, rows: cells, totals: 1}); err != nil {
		return fmt.Errorf("pdf: month: %w", err)
	}
	if err := doc.note(monthNote); err != nil {
		return fmt.Errorf("pdf: month: %w", err)
	}
	if err := doc.signOff(signer{role: "制表人"}, signer{role: "网点负责人"}); err != nil {
		return fmt.Errorf("pdf: month: %w", err)
	}
	if err := doc.finish(w); err != nil {
		return fmt.Errorf("pdf: month: %w", err)
	}
	return nil
}

// monthCells is one row of the monthly summary, in monthColumns' order.
func monthCells(who string, m target.Month) []string {
	return []string{who, strconv.Itoa(m.Listed), strconv.Itoa(m.Logged),
		strconv.Itoa(m.Logs), strconv.Itoa(m.Overdue), strconv.Itoa(m.WithUs)}
}

// monthTitle is "2025年6月" for "2025-06"; anything else as given.
func monthTitle(month string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	return fmt.Sprintf("%d年%d月", t.Year(), t.Month())
}
