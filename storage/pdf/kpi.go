package pdf

import (
	"fmt"
	"io"
	"strconv"

	"branchdesk/assets"
	"branchdesk/domain/finance"
	"branchdesk/domain/pipeline"

	"github.com/signintech/gopdf"
)

// The KPI table's columns; kpiCells fills a row in this order.
var (
	kpiHeaders = []string{"服务官", "调查表", "匹配笔数", "匹配金额", "放款笔数", "放款金额",
		"促成率\n（笔数）", "促成率\n（金额）", "回访次数", "平均\n满意度", "解决\n问题数", "平均解决\n小时数",
		"投诉受理", "投诉办结"}
	kpiWidths = []float64{1.6, 0.9, 0.9, 1.4, 0.9, 1.4, 1, 1, 0.9, 0.9, 0.9, 1.1, 0.9, 0.9}
)

// kpiNote says what the KPI columns count, under the table.
const kpiNote = "说明：促成率（笔数）= 放款笔数 ÷ 匹配笔数，促成率（金额）= 放款金额 ÷ 匹配金额，" +
	"均为期间内匹配的需求；平均满意度为期间内回访评分（1至5分）的平均值；" +
	"平均解决时长为期间内解决的问题从提出到解决的平均小时数；“—”表示无数据。"

// WriteKPI writes the KPI report (RULES §5) titled title (by default
// 信用融资服务官 KPI 报表) for period, e.g. "2025-06-01 至 2025-06-30", on
// A4 landscape: a table with a row per officer, in the order given, and
// the branch's row, then a bar chart of each officer's success rate by count
// (融资业务促成率) from the same figures, with the branch's rate as a
// dashed line. The figures are pipeline.KPI.Cells: rates as percentages,
// satisfaction with two decimals, solving time one decimal of an hour,
// and a figure withheld from an officer as pipeline.Withheld, said so
// under the table.
func WriteKPI(w io.Writer, title, period string, branch pipeline.KPI, officers []finance.KPIRow) error {
	font, err := assets.LoadFont()
	if err != nil {
		return fmt.Errorf("pdf: kpi: %w", err)
	}
	doc, err := newSizedDocument(font, a4Landscape)
	if err != nil {
		return fmt.Errorf("pdf: kpi: %w", err)
	}
	if title == "" {
		title = "信用融资服务官 KPI 报表"
	}
	if err := doc.header(title, period, false); err != nil {
		return fmt.Errorf("pdf: kpi: %w", err)
	}
	rows := make([][]string, 0, len(officers)+1)
	bars := make([]chartBar, 0, len(officers))
	for _, o := range officers {
		if o.Institution != "" {
			// An institution's row is in the table, not among the officers' bars.
			rows = append(rows, kpiCells("机构："+o.Institution, o.KPI))
			continue
		}
		rows = append(rows, kpiCells(officerTitle(o.Officer, o.Name), o.KPI))
		label := o.Name
		if label == "" {
			label = o.Officer
		}
		bars = append(bars, barOf(label, o.KPI.SuccessByCount))
	}
	rows = append(rows, kpiCells("全行", branch))
	if err := doc.drawGrid(grid{headers: kpiHeaders, widths: kpiWidths, rows: rows, totals: 1}); err != nil {
		return fmt.Errorf("pdf: kpi: %w", err)
	}
	note := kpiNote
	if branch.Percent { // an officer's report
		note += pipeline.WithheldNote
	}
	if err := doc.note(note); err != nil {
		return fmt.Errorf("pdf: kpi: %w", err)
	}
	if err := doc.barChart("融资业务促成率（按笔数）", "%", bars, barOf("全行", branch.SuccessByCount)); err != nil {
		return fmt.Errorf("pdf: kpi: %w", err)
	}
	if err := doc.finish(w); err != nil {
		return fmt.Errorf("pdf: kpi: %w", err)
	}
	return nil
}

// kpiCells is one row of the KPI table, in kpiHeaders' order.
func kpiCells(who string, k pipeline.KPI) []string {
	return append([]string{who}, k.Cells()...)
}

// officerTitle is "2001 张三", or the ID alone when the name is unknown.
func officerTitle(id, name string) string {
	if name == "" {
		return id
	}
	return id + " " + name
}

// chartBar is one bar of a chart of rates.
type chartBar struct {
	label, value string
	bp           int64 // the rate in basis points
	ok           bool  // false: no data, no bar
}

// barOf is the bar of a rate.
func barOf(label string, r pipeline.Ratio) chartBar {
	bp, ok := r.BasisPoints()
	return chartBar{label: label, value: r.String(), bp: max(bp, 0), ok: ok}
}

// Geometry of a bar chart, in points.
const (
	chartPlotH  = 170.0
	chartAxisW  = 40.0 // percentages left of the axis
	chartRefW   = 66.0 // the reference line's label right of the plot
	chartBarW   = 40.0 // widest bar
	chartTitleH = 22.0
	chartGap    = 16.0 // above the chart
)

// barChart draws bars of rates, 0% to 100% (more if a rate exceeds it),
// each with its value above and its label below, and ref as a dashed line
// across them; unit follows the scale's figures ("%", or "" for scores
// out of 100). The chart moves to a new page if it does not fit.
func (d *document) barChart(title, unit string, bars []chartBar, ref chartBar) error {
	if err := d.font(smallSize); err != nil {
		return err
	}
	lh := smallSize * leading
	x0, x1 := margin+chartAxisW, margin+d.contentW()-chartRefW
	slot := (x1 - x0) / float64(max(len(bars), 1))
	labels := make([][]string, len(bars))
	lines := 1
	for i, b := range bars {
		l, err := d.wrap(b.label, slot-2)
		if err != nil {
			return err
		}
		labels[i], lines = l, max(lines, len(l))
	}
	height := chartTitleH + chartPlotH + float64(lines)*lh + 6
	d.closeTable()
	if d.y+chartGap+height > d.bottom() {
		if err := d.newPage(); err != nil {
			return err
		}
	} else {
		d.y += chartGap
	}

	if err := d.font(subtitleSize); err != nil {
		return err
	}
	d.ink()
	if err := d.text(margin, d.y, d.contentW(), chartTitleH-6, title, gopdf.Left); err != nil {
		return err
	}
	top := d.y + chartTitleH
	base := top + chartPlotH

	// The scale: 100%, or up to the next 25% above the highest rate.
	const step = 2500
	full := int64(10000)
	for _, b := range append([]chartBar{ref}, bars...) {
		if b.ok && b.bp > full {
			full = (b.bp + step - 1) / step * step
		}
	}
	barRoom := chartPlotH - 14 // leaves room for the value over a full bar
	at := func(bp int64) float64 { return base - barRoom*float64(bp)/float64(full) }

	if err := d.font(smallSize); err != nil {
		return err
	}
	d.gp.SetLineWidth(0.3)
	d.gp.SetStrokeColor(190, 190, 190)
	d.gp.SetTextColor(0, 0, 0)
	for bp := int64(0); bp <= full; bp += step {
		y := at(bp)
		if bp > 0 {
			d.gp.Line(x0, y, x1, y)
		}
		s := strconv.FormatInt(bp/100, 10) + unit
		if err := d.text(margin, y-lh/2, chartAxisW-4, lh, s, gopdf.Right); err != nil {
			return err
		}
	}
	d.gp.SetLineWidth(0.8)
	d.gp.SetStrokeColor(inkR, inkG, inkB)
	d.gp.Line(x0, top, x0, base)
	d.gp.Line(x0, base, x1, base)

	if len(bars) == 0 {
		if err := d.text(x0, top, x1-x0, chartPlotH, "无服务官数据", gopdf.Center); err != nil {
			return err
		}
	}
	for i, b := range bars {
		x := x0 + float64(i)*slot
		bw := min(chartBarW, slot*0.6)
		y := base
		if b.ok {
			y = at(b.bp)
			d.gp.SetFillColor(inkR, inkG, inkB)
			d.gp.RectFromUpperLeftWithStyle(x+(slot-bw)/2, y, bw, base-y, "F")
		}
		if err := d.fitText(x+1, y-lh-1, slot-2, lh, b.value); err != nil {
			return err
		}
		if err := d.font(smallSize); err != nil {
			return err
		}
		for j, l := range labels[i] {
			if err := d.text(x+1, base+3+float64(j)*lh, slot-2, lh, l, gopdf.Center); err != nil {
				return err
			}
		}
	}

	if ref.ok {
		y := at(ref.bp)
		d.gp.SetLineWidth(0.8)
		d.gp.SetStrokeColor(60, 60, 60)
		d.gp.SetLineType("dashed")
		d.gp.Line(x0, y, x1, y)
		d.gp.SetLineType("")
		if err := d.font(smallSize); err != nil {
			return err
		}
		if err := d.text(x1+4, y-lh, chartRefW-4, lh, ref.label, gopdf.Left); err != nil {
			return err
		}
		if err := d.text(x1+4, y, chartRefW-4, lh, ref.value, gopdf.Left); err != nil {
			return err
		}
	}
	d.y = base + float64(lines)*lh + 6
	return nil
}

// fitText writes s centred in the box, in small type shrunk as far as
// needed (to 5 points) to fit the box's width.
func (d *document) fitText(x, y, w, h float64, s string) error {
	size := smallSize
	for ; size > 5; size -= 0.5 {
		if err := d.font(size); err != nil {
			return err
		}
		sw, err := d.gp.MeasureTextWidth(s)
		if err != nil {
			return fmt.Errorf("unable to measure %q: %w", s, err)
		}
		if sw <= w {
			break
		}
	}
	if err := d.font(size); err != nil {
		return err
	}
	return d.text(x, y, w, h, s, gopdf.Center)
}
