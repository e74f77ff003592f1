package ui

import (
	"context"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"branchdesk/domain/pipeline"
)

// TestKPIChartBarsPerOfficer: the manager's KPI tab draws a bar per
// officer whose height is the officer's success rate by count: 李四 (2001)
// funded one of two matched demands (50.00%), 赵敏 (2002) one of one
// (100.00%), so 赵敏's bar is twice 李四's and fills the plot.
func TestKPIChartBarsPerOfficer(t *testing.T) {
	b := newDeskBed(t)
	ctx := context.Background()
	if err := b.fin.AddProduct(ctx, b.login("3001"), deskProduct); err != nil {
		t.Fatal(err)
	}
	fund := func(sess string, id string) {
		s := b.login(sess)
		b.advance(s, pipeline.Event{DemandID: id, Stage: pipeline.InProgress})
		b.advance(s, pipeline.Event{DemandID: id, Stage: pipeline.Funded, FundedAmount: 1_000_000_00, FundedDate: businessDate})
	}
	li, zhao := b.login("2001"), b.login("2002")
	fund("2001", b.demand(li, deskProduct, 2_000_000_00))
	b.demand(li, deskProduct, 1_000_000_00)
	fund("2002", b.demand(zhao, deskProduct, 1_500_000_00))

	tm := b.terminal("3001")
	d := tm.a.desk
	d.tabs.Select(d.kpiTab)
	k := d.kpi
	test.Tap(k.query)
	c := k.chart
	if len(c.bars) != 2 || c.names[0].Text != "李四" || c.names[1].Text != "赵敏" {
		t.Fatalf("bars %d, names %v", len(c.bars), c.names)
	}
	if c.values[0].Text != "50.00%" || c.values[1].Text != "100.00%" {
		t.Fatalf("rates shown %q %q", c.values[0].Text, c.values[1].Text)
	}
	h1, h2 := c.bars[0].Size().Height, c.bars[1].Size().Height
	full := plotHeight(c.box.Size())
	if full <= 0 || math.Abs(float64(h2-full)) > 0.5 || math.Abs(float64(h1*2-h2)) > 0.5 {
		t.Fatalf("bar heights %v and %v in a plot %v high; want 1:2, the second full", h1, h2, full)
	}
	// A scale beside the y axis: 0%, 50% and 100% level with the base, the
	// middle and the top of the plot, and the bars right of it.
	base := c.bars[0].Position().Y + h1
	for i, want := range []string{"0%", "50%", "100%"} {
		tk := c.ticks[i]
		mid := tk.Position().Y + tk.Size().Height/2
		if tk.Text != want || math.Abs(float64(mid-(base-full*float32(i)/2))) > 0.5 {
			t.Fatalf("tick %d: %q at %.1f, want %q at %.1f", i, tk.Text, mid, want, base-full*float32(i)/2)
		}
	}
	if c.bars[0].Position().X <= c.yAxis.Position1.X {
		t.Fatal("a bar stands left of the y axis")
	}
	// Bars stand on the same base line.
	if y1, y2 := c.bars[0].Position().Y+h1, c.bars[1].Position().Y+h2; math.Abs(float64(y1-y2)) > 0.5 {
		t.Fatalf("bars end at %v and %v", y1, y2)
	}
	// The branch line at 2 of 3: 66.67%.
	if !c.avg.Visible() || c.avgTxt.Text != "全行 66.67%" {
		t.Fatalf("branch line %v %q", c.avg.Visible(), c.avgTxt.Text)
	}
	// The table: a row per officer and the branch's.
	if got := cellText(k.table, 0, 6); got != "50.00%" {
		t.Fatalf("李四's 促成率（笔数）= %q", got)
	}
	if got := cellText(k.table, 2, 0); got != "全行合计" || cellText(k.table, 2, 4) != "2" {
		t.Fatalf("branch row %q, %q funded", got, cellText(k.table, 2, 4))
	}
	// Under the branch, the institution whose product the demands matched.
	if got := cellText(k.table, 3, 0); got != "机构："+deskProduct.Institution || cellText(k.table, 3, 6) != "66.67%" {
		t.Fatalf("institution row %q, %q", got, cellText(k.table, 3, 6))
	}
	// The institution's name is not clipped: the column fits it.
	if need := fyne.MeasureText("机构："+deskProduct.Institution, theme.TextSize(), fyne.TextStyle{}).Width; k.nameWidth < need {
		t.Fatalf("name column %.0f px for a name of %.0f px", k.nameWidth, need)
	}
	var out strings.Builder
	if err := k.writePDF(&out); err != nil || !strings.HasPrefix(out.String(), "%PDF") {
		t.Fatalf("KPI PDF: %v", err)
	}

	// An officer sees only their own bar.
	tm.a.win.Close()
	tm = b.terminal("2002")
	d = tm.a.desk
	d.tabs.Select(d.kpiTab)
	test.Tap(d.kpi.query)
	if c := d.kpi.chart; len(c.bars) != 1 || c.names[0].Text != "赵敏" {
		t.Fatalf("2002 sees %d bars", len(c.bars))
	}

	// A period with nothing matched: the bar is flat and the rate "—".
	retype(d.kpi.from, "2026-10-01")
	retype(d.kpi.to, "2026-10-31")
	test.Tap(d.kpi.query)
	if c := d.kpi.chart; len(c.bars) != 1 || c.bars[0].Size().Height != 0 || c.values[0].Text != "—" ||
		!strings.Contains(d.kpi.message.Text, "2026-10-01 至 2026-10-31") {
		t.Fatalf("October: %d bars, %q", len(c.bars), d.kpi.message.Text)
	}
	// A period that makes no sense is refused.
	retype(d.kpi.to, "2026-09-30")
	test.Tap(d.kpi.query)
	wantContains(t, "KPI message", d.kpi.message.Text, "起始日不晚于截止日")
}
