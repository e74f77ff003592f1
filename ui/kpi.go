package ui

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/finance"
	"branchdesk/domain/pipeline"
	"branchdesk/storage/pdf"
)

// kpiView is the KPI sub-tab: a period, each officer's 融资业务促成率 as a
// bar (an officer sees their own, an A every officer), the full table with
// the branch's row (for an officer its rates only, the rest 保密), and the
// same as a PDF report.
type kpiView struct {
	d       *financeView
	from    *field // first day, included
	to      *field // last day, included
	query   *button
	export  *button
	print   *button
	chart   *barChart
	table   *widget.Table
	message *widget.Label
	content fyne.CanvasObject

	period  string // as the report names it
	branch  pipeline.KPI
	rows    []finance.KPIRow
	insts   []finance.KPIRow // by institution, under the officers
	queried bool
	// nameWidth is the first column's width, fitted to the longest name.
	nameWidth float32
}

var kpiColumns = []column{
	{key("服务官"), 110}, {key("调查表"), 64}, {key("匹配笔数"), 72}, {key("匹配金额"), 130}, {key("放款笔数"), 72}, {key("放款金额"), 130},
	{key("促成率（笔数）"), 114}, {key("促成率（金额）"), 114}, {key("回访次数"), 72}, {key("平均满意度"), 86}, {key("解决问题数"), 86},
	{key("平均解决小时数"), 114}, {key("投诉受理"), 72}, {key("投诉办结"), 72},
}

func newKPIView(d *financeView) *kpiView {
	a := d.a
	k := &kpiView{d: d, chart: newBarChart()}
	day := businessDay(a)
	k.from = newField(a, "YYYY-MM-DD")
	k.from.SetText(time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.Local).Format(time.DateOnly))
	k.to = newField(a, "YYYY-MM-DD")
	k.to.SetText(day.Format(time.DateOnly))
	k.from.OnSubmitted = func(string) { a.win.Canvas().Focus(k.to) }
	k.to.OnSubmitted = func(string) { k.refresh() }
	k.query = newButton(a, tr("查询"), theme.SearchIcon(), k.refresh)
	k.query.Importance = widget.HighImportance
	k.export = newButton(a, tr("导出KPI报表PDF"), theme.DocumentSaveIcon(), k.savePDF)
	k.print = newButton(a, tr("打印KPI报表"), theme.DocumentPrintIcon(), k.printPDF)
	k.message = deskStatus()
	k.table = deskTable(kpiColumns, func() int {
		if !k.queried {
			return 0
		}
		return len(k.rows) + 1 + len(k.insts)
	}, k.cell, nil)

	period := container.NewHBox(widget.NewLabel(tr("统计期间")), deskSized(k.from, 130), widget.NewLabel(tr("至")), deskSized(k.to, 130), k.query, k.export, k.print)
	title := widget.NewLabelWithStyle(tr("融资业务促成率（放款笔数 ÷ 匹配笔数），按服务官"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	chart := container.NewBorder(title, nil, nil, nil, container.NewPadded(k.chart.box))
	top := container.NewVBox(period, k.message)
	split := container.NewVSplit(chart, k.table)
	split.Offset = 0.55
	k.content = container.NewBorder(top, nil, nil, nil, split)
	return k
}

// deskSized gives an entry a fixed width in a row of widgets.
func deskSized(o fyne.CanvasObject, width float32) fyne.CanvasObject {
	return container.New(widthLayout{width}, o)
}

// businessDay is the branch's business date, or today.
func businessDay(a *App) time.Time {
	if a.sess != nil {
		if t, err := time.ParseInLocation(time.DateOnly, a.sess.Branch().BusinessDate, time.Local); err == nil {
			return t
		}
	}
	y, m, dd := a.opts.Now().Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.Local)
}

// bounds reads the period: [from, to+1 day).
func (k *kpiView) bounds() (time.Time, time.Time, error) {
	bad := errors.New(tr("统计期间的日期应为有效日期，格式如 2026-11-01，且起始日不晚于截止日"))
	from, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(k.from.Text), time.Local)
	if err != nil {
		return from, from, bad
	}
	to, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(k.to.Text), time.Local)
	if err != nil || to.Before(from) {
		return from, to, bad
	}
	return from, to.AddDate(0, 0, 1), nil
}

// refresh computes the KPIs over the period and redraws.
func (k *kpiView) refresh() {
	a := k.d.a
	from, to, err := k.bounds()
	if err != nil {
		deskSay(k.message, "", err)
		return
	}
	branch, rows, err := k.d.svc.KPIs(a.ctx, a.sess, from, to)
	if err != nil {
		deskSay(k.message, "", err)
		return
	}
	insts, err := k.d.svc.InstitutionKPIs(a.ctx, a.sess, from, to)
	if err != nil {
		deskSay(k.message, "", err)
		return
	}
	k.branch, k.rows, k.insts, k.queried = branch, rows, insts, true
	k.period = from.Format(time.DateOnly) + " 至 " + to.AddDate(0, 0, -1).Format(time.DateOnly) // record: the period printed on the report
	bars := make([]chartBar, 0, len(rows))
	for _, r := range rows {
		bars = append(bars, chartBar{name: k.officerName(r), rate: r.KPI.SuccessByCount})
	}
	k.chart.set(bars, branch.SuccessByCount)
	names := []string{tr("全行合计")}
	for i := range len(rows) + 1 + len(insts) {
		names = append(names, k.cell(i, 0))
	}
	k.nameWidth = fitColumn(k.table, kpiColumns, 0, names, 360)
	k.table.Refresh()
	say := fmt.Sprintf(tr("统计期间 %s 至 %s，服务官 %d 人；全行促成率（笔数）%s"), from.Format(time.DateOnly), to.AddDate(0, 0, -1).Format(time.DateOnly), len(rows), branch.SuccessByCount)
	if branch.Percent {
		say += tr("；") + tr(pipeline.WithheldNote)
	}
	k.message.SetText(say)
	k.message.Importance = widget.MediumImportance
	k.message.Refresh()
}

func (k *kpiView) officerName(r finance.KPIRow) string {
	if r.Name != "" {
		return r.Name
	}
	return r.Officer
}

func (k *kpiView) cell(row, col int) string {
	var name string
	var v pipeline.KPI
	switch {
	case row < len(k.rows):
		name, v = k.rows[row].Officer+" "+k.rows[row].Name, k.rows[row].KPI
	case row == len(k.rows):
		name, v = tr("全行合计"), k.branch
	case row-len(k.rows)-1 < len(k.insts):
		r := k.insts[row-len(k.rows)-1]
		name, v = tr("机构：")+r.Institution, r.KPI
	default:
		return ""
	}
	return kpiCells(name, v)[col]
}

// kpiCells is a table row in kpiColumns' order: the domain's cells
// (pipeline.KPI.Cells), a figure withheld from an officer in the screen's
// language.
func kpiCells(name string, v pipeline.KPI) []string {
	cells := v.Cells()
	for i, c := range cells {
		if c == pipeline.Withheld {
			cells[i] = tr(pipeline.Withheld)
		}
	}
	return append([]string{name}, cells...)
}

// writePDF writes the KPI report of the period last queried.
func (k *kpiView) writePDF(w io.Writer) error {
	return pdf.WriteKPI(w, "", k.period, k.branch, append(append([]finance.KPIRow(nil), k.rows...), k.insts...))
}

func (k *kpiView) savePDF() {
	k.refresh()
	if !k.queried {
		return
	}
	name := "KPI报表-" + strings.ReplaceAll(k.period, " 至 ", "至") + ".pdf" // record: the report's file name
	k.d.a.saveDeskFile(tr("KPI报表 PDF"), name, ".pdf", k.writePDF)
}

// printPDF sends the KPI report of the period to a printer.
func (k *kpiView) printPDF() {
	k.refresh()
	if !k.queried {
		return
	}
	k.d.a.printDeskFile(tr("KPI报表"), "KPI报表-"+strings.ReplaceAll(k.period, " 至 ", "至"), k.writePDF) // record: the report's file name
}
