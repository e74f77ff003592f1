package ui

import (
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/target"
	"branchdesk/storage/csvio"
	"branchdesk/storage/pdf"
)

// monthView is the 月结 tab: the month's summary per officer, for head
// office as PDF or CSV.
type monthView struct {
	d       *financeView
	month   *field
	query   *button
	pdf     *button
	print   *button
	csv     *button
	table   *widget.Table
	rows    []target.Month
	shown   string // the month the rows are of
	message *widget.Label
	content fyne.CanvasObject
}

var monthColumns = func() []column {
	widths := []float32{120, 80, 120, 110, 110, 170}
	cols := make([]column, len(csvio.MonthHeader))
	for i, title := range csvio.MonthHeader {
		cols[i] = column{title, widths[i]}
	}
	return cols
}()

func newMonthView(d *financeView) *monthView {
	a := d.a
	m := &monthView{d: d}
	m.month = newField(a, "YYYY-MM")
	m.month.SetText(businessDay(a).Format("2006-01"))
	m.month.OnSubmitted = func(string) { m.refresh() }
	m.query = newButton(a, tr("统计"), theme.SearchIcon(), m.refresh)
	m.pdf = newButton(a, tr("导出月结PDF"), theme.DocumentSaveIcon(), func() { m.save("PDF") })
	m.print = newButton(a, tr("打印月结"), theme.DocumentPrintIcon(), func() { m.save("print") })
	m.csv = newButton(a, tr("导出月结CSV"), theme.DocumentSaveIcon(), func() { m.save("CSV") })
	m.message = deskStatus()
	m.table = deskTable(monthColumns, func() int { return len(m.rows) }, m.cell, nil)
	top := container.NewVBox(container.NewHBox(widget.NewLabel(tr("统计月份")), deskSized(m.month, 100), m.query, m.pdf, m.print, m.csv), m.message)
	m.content = container.NewBorder(top, nil, nil, nil, m.table)
	return m
}

func (m *monthView) cell(row, col int) string {
	if row >= len(m.rows) {
		return ""
	}
	r := m.rows[row]
	return csvio.MonthCells(m.d.a.userLabel(r.Officer), r)[col]
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
	deskSay(m.message, fmt.Sprintf(tr("%s 月结：服务官 %d 人"), month, len(rows)), nil)
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

// writeCSV writes the summary shown as CSV that Excel opens.
func (m *monthView) writeCSV(w io.Writer) error {
	return csvio.WriteMonth(w, m.shown, m.rows, m.d.a.userLabel)
}

func (m *monthView) save(kind string) {
	m.refresh()
	if m.shown == "" {
		return
	}
	if kind == "print" {
		m.d.a.printDeskFile(tr("月结"), "营销名单月结-"+m.shown, m.writePDF)
		return
	}
	if kind == "PDF" {
		m.d.a.saveDeskFile(tr("月结 PDF"), "营销名单月结-"+m.shown+".pdf", ".pdf", m.writePDF)
		return
	}
	m.d.a.saveDeskFile(tr("月结 CSV"), "营销名单月结-"+m.shown+".csv", ".csv", m.writeCSV)
}
