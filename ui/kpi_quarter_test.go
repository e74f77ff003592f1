package ui

import (
	"context"
	"math"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"branchdesk/assets"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/target"
)

// TestQuarterEvaluationScreen: the manager's KPI tab has 季度考核: the
// quarter of the business date is evaluated on opening — 李四 (2001)
// visited his listed enterprise and saw its demand funded (a listed
// customer's credit), 60.00; 赵敏 (2002) did not visit hers and her demand,
// matched today, is still inside its funding window (无数据), 10.00 (no
// complaint) — the list was put up today, so no
// week of 日登 and no 周清 deadline is over yet (无数据, 0 points);
// ranked in the table with each measure's numerator and denominator, the
// branch's line, and a bar per officer with the branch's score across.
// Another quarter is picked and queried (the list did not exist yet:
// nothing done: no score, nobody ranked), a bad year is
// refused, the PDF saved reads back with every character, and an officer
// sees only their own row and the branch's percentages.
func TestQuarterEvaluationScreen(t *testing.T) {
	b := newDeskBed(t)
	ctx := context.Background()
	mgr := b.login("3001")
	if err := b.fin.AddProduct(ctx, mgr, deskProduct); err != nil {
		t.Fatal(err)
	}
	if err := b.fin.ImportTargets(ctx, mgr, []target.Target{
		{ID: "T1", Name: "虎林市兴农农机销售有限公司", CreditCode: "91350100M000100Y43", Class: target.Preferred, Officer: "2001", Deadline: "2026-12-20"},
		{ID: "T2", Name: "光谷示范软件有限公司", Class: target.Normal, Officer: "2002", Deadline: "2026-12-20"},
	}); err != nil {
		t.Fatal(err)
	}
	li, zhao := b.login("2001"), b.login("2002")
	d1 := b.demand(li, deskProduct, 2_000_000_00)
	b.advance(li, pipeline.Event{DemandID: d1, Stage: pipeline.InProgress})
	b.advance(li, pipeline.Event{DemandID: d1, Stage: pipeline.Funded, FundedAmount: 1_000_000_00, FundedDate: businessDate})
	b.demand(zhao, deskProduct, 1_000_000_00)

	tm := b.terminal("3001")
	d := tm.a.desk
	d.tabs.Select(d.kpiTab)
	d.kpiTabs.Select(d.quarterTab)
	v := d.quarter
	if v.year.Text != "2026" || v.quarter.Selected != "第4季度" {
		t.Fatalf("picker opens on %q %q", v.year.Text, v.quarter.Selected)
	}
	rows := [][]string{
		{"1", "2001 李四", "1/1（100.00%）", "无数据", "无数据", "1/1（100.00%）", "无数据", "无数据", "1/1（100.00%）", "60.00"},
		{"2", "2002 赵敏", "0/1（0.00%）", "无数据", "无数据", "无数据", "无数据", "无数据", "无数据", "10.00"},
		{"—", "全行", "1/2（50.00%）", "无数据", "无数据", "1/1（100.00%）", "无数据", "无数据", "1/1（100.00%）", "52.50"},
	}
	for r, want := range rows {
		for c, w := range want {
			if got := cellText(v.table, r, c); got != w {
				t.Fatalf("row %d column %s: %q, want %q", r, quarterColumns[c].title, got, w)
			}
		}
	}
	useCatalog(assets.English) // the same cells on an English screen
	if got := []string{cellText(v.table, 0, 2), cellText(v.table, 0, 3)}; got[0] != "1/1 (100.00%)" || got[1] != tr("无数据") || got[1] == "无数据" {
		t.Errorf("English cells %q", got)
	}
	useCatalog(assets.Chinese)
	wantContains(t, "message", v.message.Text, "2026年第4季度（2026-10-01 至 2026-12-31），服务官 2 人；全行得分 52.50")
	wantContains(t, "weights", v.weights.Text, "权重（默认，季度末前总行未下发）：名单覆盖率 15、日登完整率 15")
	wantContains(t, "weights", v.weights.Text, "投诉及时办结率计满分")

	// The chart: 赵敏's bar is a sixth of 李四's, the branch's line at
	// 52.50; the scale is in points, not per cent.
	c := v.chart
	if len(c.bars) != 2 || c.names[0].Text != "李四" || c.names[1].Text != "赵敏" || c.values[0].Text != "60.00" || c.values[1].Text != "10.00" {
		t.Fatalf("bars %d: %v", len(c.bars), c.values)
	}
	full := plotHeight(c.box.Size())
	h1, h2 := c.bars[0].Size().Height, c.bars[1].Size().Height
	if full <= 0 || h1 > full+0.5 || math.Abs(float64(h2-h1/6)) > 0.5 {
		t.Fatalf("bars %v and %v in a plot %v high", h1, h2, full)
	}
	if c.avgTxt.Text != "全行 52.50" || !c.avg.Visible() {
		t.Fatalf("scale top %q, branch line %q", c.ticks[2].Text, c.avgTxt.Text)
	}

	// The PDF: 保存PDF asks where, and what is written reads back whole.
	test.Tap(v.export)
	path := filepath.Join(t.TempDir(), "季度考核.pdf")
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	tm.a.savedDeskFile("季度考核 PDF", v.writePDF, w, nil)
	wantContains(t, "saved", lastDialogText(tm), "季度考核 PDF已保存")
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range append([][]string{{"季度考核排名表", "2026年第4季度（2026-10-01至2026-12-31）"}}, rows...) {
		if s := strings.Join(strings.Fields(strings.Join(want, "")), ""); !strings.Contains(text, s) {
			t.Errorf("PDF lacks %q:\n%s", s, out)
		}
	}

	// Q3: the list did not exist yet, nothing was done: no score, no
	// place in the ranking.
	v.quarter.SetSelected("第3季度")
	test.Tap(v.query)
	if cellText(v.table, 0, 0) != "—" || cellText(v.table, 1, 0) != "—" || cellText(v.table, 0, 9) != "无数据" ||
		cellText(v.table, 0, 5) != "无数据" || cellText(v.table, 2, 2) != "无数据" {
		t.Fatalf("Q3 rows %q %q %q", cellText(v.table, 0, 0), cellText(v.table, 1, 0), cellText(v.table, 0, 9))
	}
	retype(v.year, "20x6")
	test.Tap(v.query)
	wantContains(t, "bad year", v.message.Text, "考核年度须为四位数字")
	if len(v.chart.bars) != 0 || v.queried {
		t.Fatal("a refused query left the last quarter on screen")
	}

	// An officer sees their own row, ranked among all, and the branch's
	// line as percentages.
	tm.a.win.Close()
	tm = b.terminal("2002")
	d = tm.a.desk
	d.tabs.Select(d.kpiTab)
	d.kpiTabs.Select(d.quarterTab)
	if v := d.quarter; cellText(v.table, 0, 1) != "2002 赵敏" || cellText(v.table, 0, 0) != "2" || cellText(v.table, 1, 1) != "全行" || len(v.chart.bars) != 1 ||
		cellText(v.table, 1, 2) != "50.00%" || cellText(v.table, 1, 9) != "52.50" {
		t.Fatalf("2002 sees %q rank %q, then %q", cellText(v.table, 0, 1), cellText(v.table, 0, 0), cellText(v.table, 1, 1))
	}
}
