package csvio

import (
	"encoding/csv"
	"io"
	"strconv"

	"branchdesk/domain/target"
)

// MonthHeader is the monthly summary's header row after 统计月份, the
// columns the screen shows too.
var MonthHeader = []string{"服务官", "名单户数", "当月已登记户数", "当月登记次数", "月末逾期户数", "已在我行开展业务户数"}

// MonthCells is one row of the monthly summary in MonthHeader's order;
// who is how the officer is named.
func MonthCells(who string, m target.Month) []string {
	return []string{who, strconv.Itoa(m.Listed), strconv.Itoa(m.Logged), strconv.Itoa(m.Logs),
		strconv.Itoa(m.Overdue), strconv.Itoa(m.WithUs)}
}

// WriteMonth writes the monthly summary (月结) of month, one row per
// officer named by name, then the 合计 row, as the PDF has it.
func WriteMonth(w io.Writer, month string, rows []target.Month, name func(officer string) string) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(append([]string{"统计月份"}, MonthHeader...)); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(append([]string{month}, MonthCells(name(r.Officer), r)...)); err != nil {
			return err
		}
	}
	if err := cw.Write(append([]string{month}, MonthCells("合计", target.Total(rows))...)); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
