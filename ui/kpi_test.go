package ui

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"branchdesk/assets"
	"branchdesk/domain/pipeline"
)

// kpiScene is a desk where 李四 (2001) matched ¥200万 and ¥100万 and was
// lent ¥100万 on the first, and 赵敏 (2002) matched ¥150万 and was lent
// ¥100万.
func kpiScene(t *testing.T) *deskBed {
	t.Helper()
	b := newDeskBed(t)
	if err := b.fin.AddProduct(context.Background(), b.login("3001"), deskProduct); err != nil {
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
	return b
}

// TestKPIChartBarsPerOfficer: the manager's KPI tab draws a bar per
// officer whose height is the officer's success rate by count: 李四 (2001)
// funded one of two matched demands (50.00%), 赵敏 (2002) one of one
// (100.00%), so 赵敏's bar is twice 李四's and fills the plot.
func TestKPIChartBarsPerOfficer(t *testing.T) {
	b := kpiScene(t)

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

// TestKPIOfficerSeesBranchRatesOnly (RULES §5 保密): 李四 (2001) funded one
// of two demands, 赵敏 (2002) one of one. On 赵敏's screen her own row is
// whole and the branch's line shows its rates (2 of 3, 66.67%; ¥200万 of
// ¥450万, 44.44%) with every count and amount 保密 — never 0 — so that
// 李四's figures are not hers to work out; the status line says why. The
// A's screen has the branch's figures. In English the marker is
// "Withheld".
func TestKPIOfficerSeesBranchRatesOnly(t *testing.T) {
	b := kpiScene(t)
	t.Cleanup(func() { useCatalog(assets.Chinese) })

	row := func(k *kpiView, r int) []string {
		var out []string
		for c := range kpiColumns {
			out = append(out, cellText(k.table, r, c))
		}
		return out
	}
	query := func(id string) *kpiView {
		d := b.terminal(id).a.desk
		d.tabs.Select(d.kpiTab)
		test.Tap(d.kpi.query)
		return d.kpi
	}
	k := query("2002")
	if got, want := row(k, 0), []string{"2002 赵敏", "1", "1", "¥1,500,000.00", "1", "¥1,000,000.00", "100.00%", "66.67%", "0", "—", "0", "—", "0", "0"}; !slices.Equal(got, want) {
		t.Fatalf("赵敏's own row %q\nwant %q", got, want)
	}
	w := pipeline.Withheld
	if got, want := row(k, 1), []string{"全行合计", w, w, w, w, w, "66.67%", "44.44%", w, "—", w, "—", w, w}; !slices.Equal(got, want) {
		t.Fatalf("赵敏 sees the branch as %q\nwant %q", got, want)
	}
	wantContains(t, "KPI message", k.message.Text, pipeline.WithheldNote)

	k = query("3001")
	if got := row(k, 2); !slices.Equal(got, []string{"全行合计", "3", "3", "¥4,500,000.00", "2", "¥2,000,000.00", "66.67%", "44.44%", "0", "—", "0", "—", "0", "0"}) {
		t.Fatalf("the A sees the branch as %q", got)
	}
	if strings.Contains(k.message.Text, w) {
		t.Fatalf("the A is told figures are withheld: %q", k.message.Text)
	}

	b.fa.Preferences().SetString(prefLanguage, assets.English)
	k = query("2002")
	if got := row(k, 1); got[2] != "Withheld" || got[3] != "Withheld" || got[6] != "66.67%" {
		t.Fatalf("in English 赵敏 sees the branch as %q", got)
	}
	wantContains(t, "KPI message", k.message.Text, "an officer sees its rates, not its counts or amounts")
}
