package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"branchdesk/domain/pipeline"
)

// barChart draws one bar per officer, its height the officer's rate
// (100% is the full height, or the highest rate if that is more), the
// rate above it and the officer under it, and the branch's rate as a
// line across: the same chart as the KPI report's PDF.
type barChart struct {
	bars   []*canvas.Rectangle
	values []*canvas.Text
	names  []*canvas.Text
	fracs  []float32 // each bar's share of the plot height
	axis   *canvas.Line
	yAxis  *canvas.Line
	ticks  []*canvas.Text // the scale's 0, middle and top, by the y axis
	avg    *canvas.Line
	avgTxt *canvas.Text
	avgAt  float32 // the branch line's share of the plot height; <0: none
	empty  *canvas.Text
	box    *fyne.Container
	// unit follows the scale's figures: "%" for rates, "" for scores.
	unit string
	// text shows a bar's value; Ratio.String unless set.
	text func(pipeline.Ratio) string
}

// chartBar is a bar to draw: who, and the rate.
type chartBar struct {
	name string
	rate pipeline.Ratio
}

// chartHeight is the chart's minimum height; the bars take what is left
// after the rate above and the name below.
const (
	chartHeight  = 240
	chartTop     = 24
	chartBottom  = 28
	chartBarMaxW = 72
	chartLeft    = 48 // room for the scale's figures
)

func newBarChart() *barChart {
	c := &barChart{avgAt: -1, unit: "%", text: pipeline.Ratio.String}
	c.axis = canvas.NewLine(theme.Color(theme.ColorNameForeground))
	c.axis.StrokeWidth = 1
	c.yAxis = canvas.NewLine(theme.Color(theme.ColorNameForeground))
	c.yAxis.StrokeWidth = 1
	for range 3 {
		t := canvas.NewText("", theme.Color(theme.ColorNameForeground))
		t.TextSize = theme.TextSize() * 0.8
		t.Alignment = fyne.TextAlignTrailing
		c.ticks = append(c.ticks, t)
	}
	c.avg = canvas.NewLine(theme.Color(theme.ColorNameError))
	c.avg.StrokeWidth = 2
	c.avgTxt = canvas.NewText("", theme.Color(theme.ColorNameError))
	c.avgTxt.TextSize = theme.TextSize() * 0.9
	c.empty = canvas.NewText(tr("所选期间没有可统计的服务官"), theme.Color(theme.ColorNamePlaceHolder))
	c.box = &fyne.Container{Layout: chartLayout{c}}
	return c
}

// set replaces the bars; branch is the branch's rate for the line.
func (c *barChart) set(bars []chartBar, branch pipeline.Ratio) {
	c.bars, c.values, c.names, c.fracs = nil, nil, nil, nil
	scale := int64(10000) // 100.00%
	bps := make([]int64, len(bars))
	for i, b := range bars {
		bp, _ := b.rate.BasisPoints()
		bps[i] = max(bp, 0)
		scale = max(scale, bps[i])
	}
	if bp, ok := branch.BasisPoints(); ok {
		scale = max(scale, bp)
		c.avgAt = float32(max(bp, 0)) / float32(scale)
		c.avgTxt.Text = tr("全行 ") + c.text(branch)
	} else {
		c.avgAt = -1
		c.avgTxt.Text = ""
	}
	for i, t := range c.ticks {
		t.Text = fmt.Sprintf("%d%s", scale*int64(i)/2/100, c.unit)
	}
	objs := []fyne.CanvasObject{c.axis, c.yAxis, c.ticks[0], c.ticks[1], c.ticks[2]}
	fill := theme.Color(theme.ColorNamePrimary)
	fg := theme.Color(theme.ColorNameForeground)
	for i, b := range bars {
		r := canvas.NewRectangle(fill)
		v := canvas.NewText(c.text(b.rate), fg)
		v.Alignment = fyne.TextAlignCenter
		v.TextSize = theme.TextSize() * 0.9
		n := canvas.NewText(b.name, fg)
		n.Alignment = fyne.TextAlignCenter
		c.bars, c.values, c.names = append(c.bars, r), append(c.values, v), append(c.names, n)
		c.fracs = append(c.fracs, float32(bps[i])/float32(scale))
		objs = append(objs, r, v, n)
	}
	objs = append(objs, c.avg, c.avgTxt)
	if len(bars) == 0 {
		objs = append(objs, c.empty)
	}
	c.box.Objects = objs
	c.box.Refresh()
}

// plotHeight is the height 100% (or the top of the scale) takes.
func plotHeight(size fyne.Size) float32 {
	return max(size.Height-chartTop-chartBottom, 0)
}

// chartLayout places the chart's objects in the space it is given.
type chartLayout struct{ c *barChart }

func (l chartLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(chartLeft+float32(max(len(l.c.bars), 1))*(chartBarMaxW+16), chartHeight)
}

func (l chartLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	c := l.c
	h := plotHeight(size)
	base := chartTop + h
	c.axis.Position1 = fyne.NewPos(chartLeft, base)
	c.axis.Position2 = fyne.NewPos(size.Width, base)
	c.yAxis.Position1 = fyne.NewPos(chartLeft, chartTop)
	c.yAxis.Position2 = fyne.NewPos(chartLeft, base)
	for i, t := range c.ticks {
		th := t.MinSize().Height
		t.Move(fyne.NewPos(0, base-h*float32(i)/2-th/2))
		t.Resize(fyne.NewSize(chartLeft-6, th))
	}
	size.Width -= chartLeft // the bars' width, right of the scale
	n := len(c.bars)
	if n == 0 {
		c.empty.Move(fyne.NewPos(chartLeft+8, chartTop+h/2))
		c.avg.Hide()
		c.avgTxt.Hide()
		return
	}
	slot := size.Width / float32(n)
	w := min(slot*0.5, chartBarMaxW)
	for i, r := range c.bars {
		x := slot*float32(i) + (slot-w)/2
		bh := h * c.fracs[i]
		x += chartLeft
		r.Move(fyne.NewPos(x, base-bh))
		r.Resize(fyne.NewSize(w, bh))
		v := c.values[i]
		v.Move(fyne.NewPos(chartLeft+slot*float32(i), base-bh-chartTop+2))
		v.Resize(fyne.NewSize(slot, chartTop-4))
		t := c.names[i]
		t.Move(fyne.NewPos(chartLeft+slot*float32(i), base+4))
		t.Resize(fyne.NewSize(slot, chartBottom-4))
	}
	if c.avgAt < 0 {
		c.avg.Hide()
		c.avgTxt.Hide()
		return
	}
	y := base - h*c.avgAt
	c.avg.Position1 = fyne.NewPos(chartLeft, y)
	c.avg.Position2 = fyne.NewPos(chartLeft+size.Width, y)
	c.avgTxt.Move(fyne.NewPos(chartLeft+size.Width-c.avgTxt.MinSize().Width-4, y-c.avgTxt.MinSize().Height-2))
	c.avg.Show()
	c.avgTxt.Show()
}
