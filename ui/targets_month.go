package ui

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/target"
	"branchdesk/storage/pdf"
)

// monthView is the 月结 tab: the month's summary per officer, for head
// office as PDF or CSV.
type monthView struct {
	d       *financeView
	month   *field
	query   *button
	pdf     *button
	csv     *button
	table   *widget.Table
	rows    []target.Month
	shown   string // the month the rows are of
	message *widget.Label
	content fyne.CanvasObject
}

var monthColumns = []column{
	{"服务官", 120}, {"名单户数", 80}, {"当月已登记户数", 120}, {"当月登记次数", 110}, {"月末逾期户数", 110}, {"已在我行开展业务户数", 170},
}

func newMonthView(d *financeView) *monthView {
	a := d.a
	m := &monthView{d: d}
	m.month = newField(a, "YYYY-MM")
	m.month.SetText(businessDay(a).Format("2006-01"))
	m.month.OnSubmitted = func(string) { m.refresh() }
	m.query = newButton(a, "统计", theme.SearchIcon(), m.refresh)
	m.pdf = newButton(a, "导出月结PDF", theme.DocumentSaveIcon(), func() { m.save("PDF") })
	m.csv = newButton(a, "导出月结CSV", theme.DocumentSaveIcon(), func() { m.save("CSV") })
	m.message = deskStatus()
	m.table = deskTable(monthColumns, func() int { return len(m.rows) }, m.cell, nil)
	top := container.NewVBox(container.NewHBox(widget.NewLabel("统计月份"), deskSized(m.month, 100), m.query, m.pdf, m.csv), m.message)
	m.content = container.NewBorder(top, nil, nil, nil, m.table)
	return m
}

func (m *monthView) cell(row, col int) string {
	if row >= len(m.rows) {
		return ""
	}
	return monthCells(m.rows[row], m.d.a.userLabel)[col]
}

// monthCells is a row in monthColumns' order.
func monthCells(r target.Month, name func(string) string) []string {
	return []string{name(r.Officer), strconv.Itoa(r.Listed), strconv.Itoa(r.Logged), strconv.Itoa(r.Logs),
		strconv.Itoa(r.Overdue), strconv.Itoa(r.WithUs)}
}

func (m *monthView) refresh() {
	a := m.d.a
	month := strings.TrimSpace(m.month.Text)
	rows, err := m.d.svc.MonthSummary(a.ctx, a.sess, month)
	if err != nil {
		deskSay(m.message, "", err)
		return
	}
	m.rows, m.shown = rows, month
	m.table.Refresh()
	deskSay(m.message, fmt.Sprintf("%s 月结：服务官 %d 人", month, len(rows)), nil)
}

// names maps the officers of the rows to their names, for the PDF.
func (m *monthView) names() map[string]string {
	out := map[string]string{}
	for _, r := range m.rows {
		if l := m.d.a.userLabel(r.Officer); l != r.Officer {
			out[r.Officer] = strings.TrimPrefix(l, r.Officer+" ")
		}
	}
	return out
}

// writePDF writes the summary shown.
func (m *monthView) writePDF(w io.Writer) error {
	return pdf.WriteMonth(w, m.shown, m.rows, m.names())
}

// writeCSV writes the summary shown as CSV that Excel opens (UTF-8 with
// a byte-order mark), with a 合计 row as the PDF has.
func (m *monthView) writeCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	head := []string{"统计月份"}
	for _, c := range monthColumns {
		head = append(head, c.title)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	var total target.Month
	for _, r := range m.rows {
		if err := cw.Write(append([]string{m.shown}, monthCells(r, m.d.a.userLabel)...)); err != nil {
			return err
		}
		total.Listed += r.Listed
		total.Logged += r.Logged
		total.Logs += r.Logs
		total.Overdue += r.Overdue
		total.WithUs += r.WithUs
	}
	if err := cw.Write(append([]string{m.shown}, monthCells(total, func(string) string { return "合计" })...)); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func (m *monthView) save(kind string) {
	m.refresh()
	if m.shown == "" {
		return
	}
	if kind == "PDF" {
		m.d.a.saveDeskFile("月结 PDF", "营销名单月结-"+m.shown+".pdf", ".pdf", m.writePDF)
		return
	}
	m.d.a.saveDeskFile("月结 CSV", "营销名单月结-"+m.shown+".csv", ".csv", m.writeCSV)
}
