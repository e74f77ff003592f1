package ui

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/finance"
	"branchdesk/domain/pipeline"
	"branchdesk/storage/pdf"
)

// quarterView is the KPI tab's 季度考核: a quarter, each officer's score
// as a bar with the branch's as a line, the ranking table with each
// measure's numerator and denominator (名单制 第十四条 排队通报), and the
// same as a PDF. Who sees whom follows the KPIs: a manager every officer,
// an officer their own row.
type quarterView struct {
	d       *financeView
	year    *field
	quarter *widget.Select
	query   *button
	export  *button
	chart   *barChart
	table   *widget.Table
	weights *widget.Label
	message *widget.Label
	content fyne.CanvasObject

	rep     finance.QuarterReport
	queried bool
}

// quarterNames are the picker's choices, 1 to 4.
var quarterNames = []string{key("第1季度"), key("第2季度"), key("第3季度"), key("第4季度")}

var quarterColumns = func() []column {
	cols := []column{{tr("排名"), 56}, {tr("服务官"), 110}}
	for _, m := range appraisal.Measures() {
		cols = append(cols, column{m.Title(), 132})
	}
	return append(cols, column{tr("得分"), 72})
}()

func newQuarterView(d *financeView) *quarterView {
	a := d.a
	v := &quarterView{d: d, chart: newBarChart()}
	v.chart.unit, v.chart.text = "", scoreText
	now := appraisal.Of(businessDay(a))
	v.year = newField(a, "YYYY")
	v.year.SetText(strconv.Itoa(now.Year))
	v.year.OnSubmitted = func(string) { v.refresh() }
	v.quarter = widget.NewSelect(translated(quarterNames), func(string) {})
	v.quarter.SetSelectedIndex(now.Q - 1)
	v.query = newButton(a, tr("查询"), theme.SearchIcon(), v.refresh)
	v.query.Importance = widget.HighImportance
	v.export = newButton(a, tr("保存PDF"), theme.DocumentSaveIcon(), v.savePDF)
	v.message = deskStatus()
	// The weights wrap: cut off with …, the English lost the last measure's.
	v.weights = messageLabel()
	v.table = deskTable(quarterColumns, func() int {
		if !v.queried {
			return 0
		}
		return len(v.rep.Officers) + 1
	}, v.cell, nil)

	pick := container.NewHBox(widget.NewLabel(tr("考核年度")), deskSized(v.year, 90), v.quarter, v.query, v.export)
	title := widget.NewLabelWithStyle(tr("季度考核得分（满分100），按服务官排名"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	chart := container.NewBorder(title, nil, nil, nil, container.NewPadded(v.chart.box))
	split := container.NewVSplit(chart, v.table)
	split.Offset = 0.5
	v.content = container.NewBorder(container.NewVBox(pick, v.message, v.weights), nil, nil, nil, split)
	return v
}

// scoreText shows a score carried as a ratio of 10000 (scoreRatio).
func scoreText(r pipeline.Ratio) string {
	if r.Den == 0 {
		return noData(appraisal.NoData)
	}
	return appraisal.Points{Hundredths: r.Num, OK: true}.String()
}

// noData is a figure as appraisal writes it in the screen's language:
// 无数据 translated, and a ratio's brackets, "3/4（75.00%）", written the
// way English does on an English screen.
func noData(s string) string {
	if s == appraisal.NoData {
		return tr(s)
	}
	return formatText(s)
}

// scoreRatio carries a score to the chart: hundredths of a point over
// 10000, so a full score is a full bar.
func scoreRatio(p appraisal.Points) pipeline.Ratio {
	if !p.OK {
		return pipeline.Ratio{}
	}
	return pipeline.Ratio{Num: p.Hundredths, Den: 10000}
}

// picked reads the quarter asked for.
func (v *quarterView) picked() (appraisal.Quarter, error) {
	y, err := strconv.Atoi(strings.TrimSpace(v.year.Text))
	if err != nil {
		return appraisal.Quarter{}, errors.New(tr("考核年度须为四位数字，如 2026"))
	}
	return appraisal.NewQuarter(y, v.quarter.SelectedIndex()+1)
}

// refresh evaluates the quarter picked and redraws.
func (v *quarterView) refresh() {
	a := v.d.a
	q, err := v.picked()
	var rep finance.QuarterReport
	if err == nil {
		rep, err = v.d.svc.Quarter(a.ctx, a.sess, q)
	}
	if err != nil {
		// Nothing stale stays on screen or goes into a PDF.
		v.queried = false
		v.table.Refresh()
		v.chart.set(nil, pipeline.Ratio{})
		deskSay(v.message, "", err)
		return
	}
	v.rep, v.queried = rep, true
	bars := make([]chartBar, 0, len(rep.Officers))
	for _, r := range rep.Officers {
		bars = append(bars, chartBar{name: officerLabel(r), rate: scoreRatio(r.Score)})
	}
	v.chart.set(bars, scoreRatio(rep.Branch.Score))
	v.table.Refresh()
	v.weights.SetText(weightsLine(rep.WeightsSource(), rep.Weights))
	first, last := q.Days()
	sayNote(v.message, fmt.Sprintf(tr("%s（%s 至 %s），服务官 %d 人；全行得分 %s"), quarterLabel(q), first, last, len(rep.Officers), noData(rep.Branch.Score.String())))
}

// officerLabel is the officer's name, or ID when the name is unknown.
func officerLabel(r appraisal.Row) string {
	if r.Name != "" {
		return r.Name
	}
	return r.Officer
}

func (v *quarterView) cell(row, col int) string {
	switch {
	case row < len(v.rep.Officers):
		r := v.rep.Officers[row]
		return noData(r.Cells(strings.TrimSpace(r.Officer + " " + r.Name))[col])
	case row == len(v.rep.Officers):
		return noData(v.rep.Branch.Cells(tr("全行"))[col])
	}
	return ""
}

// writePDF writes the evaluation last shown.
func (v *quarterView) writePDF(w io.Writer) error { return pdf.WriteQuarter(w, v.rep) }

func (v *quarterView) savePDF() {
	v.refresh()
	if !v.queried {
		return
	}
	v.d.a.saveDeskFile(tr("季度考核 PDF"), "季度考核-"+v.rep.Quarter.String()+".pdf", ".pdf", v.writePDF)
}
