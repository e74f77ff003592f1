package ui

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/assets"
	"branchdesk/domain/counter"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/survey"
	"branchdesk/domain/target"
	"branchdesk/storage/csvio"
	"branchdesk/ui/uitext"
)

// dangerText is the text of the top dialog's message in the danger
// colour (showError's), or "".
func dangerText(tm *terminal) string {
	top := tm.a.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && l.Importance == widget.DangerImportance && l.Text != "" {
			return l.Text
		}
	}
	return ""
}

// labelsText is the text of every label of the top dialog, a line each.
func labelsText(tm *terminal) string {
	var out []string
	for _, o := range test.LaidOutObjects(tm.a.win.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok && l.Text != "" {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, "\n")
}

// TestEnglishCreditDeskRefusals: the credit desk's refusals read in
// English with the figures and names domain/ put in, each driven through
// its screen: a list file naming an officer who does not exist (finance,
// through the file dialog), a day's log for an exit-class customer and a
// month mistyped (target), a credit code one character short (enterprise),
// funding with a problem open (pipeline), the support schemes that do not
// apply (support) and a quarter out of range (appraisal). The Chinese
// screens read as before, and the domain's errors, which records and logs
// read, stay Chinese.
func TestEnglishCreditDeskRefusals(t *testing.T) {
	type shown struct{ list, log, month, quarter, code, fund, match, warned, fits, support string }
	refusals := func(b *deskBed) (s shown) {
		t.Helper()
		ctx := context.Background()
		if err := b.fin.AddProduct(ctx, b.login("3001"), deskProduct); err != nil {
			t.Fatal(err)
		}
		officer := b.login("2001")
		demand := b.demand(officer, deskProduct, 2_000_000_00)
		b.advance(officer, pipeline.Event{DemandID: demand, Stage: pipeline.InProgress})
		for name, overdue := range map[string]survey.Overdue{"汉阳示范机械有限公司": survey.OverdueCurrent, "江夏示范农业有限公司": survey.OverduePast} {
			s := filedSurvey("2001")
			s.Name, s.Overdue = name, overdue
			if _, err := b.fin.Collect(ctx, officer, b.file(officer, s)); err != nil {
				t.Fatal(err)
			}
		}

		var file bytes.Buffer
		if err := csvio.WriteTargets(&file, []target.Target{{Name: "汉口示范贸易有限公司", Class: target.Normal, Officer: "9999", Deadline: "2026-12-31"}}, false); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "名单.csv"), file.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		mgr := b.terminal("3001")
		d := mgr.a.desk
		d.tabs.Select(d.targetsTab)
		mgr.a.rememberDir(dir)
		test.Tap(d.targets.importer)
		pickEntry(t, mgr.a.files, "名单.csv")
		test.Tap(mgr.a.files.ok)
		s.list = dangerText(mgr)
		if err := b.fin.ImportTargets(ctx, b.login("3001"), []target.Target{
			{Name: "汉正街示范服装商行", Class: target.Exit, Officer: "2001", Deadline: "2026-11-25"},
		}); err != nil {
			t.Fatal(err)
		}
		d.tabs.Select(d.kpiTab)
		d.kpiTabs.Select(d.quarterTab)
		retype(d.quarter.year, "1999")
		press(d.quarter.year, fyne.KeyReturn)
		s.quarter = d.quarter.message.Text
		mgr.a.win.Close()

		tm := b.terminal("2001")
		d = tm.a.desk
		d.tabs.Select(d.targetsTab)
		v := d.targets
		v.table.Select(widget.TableCellID{Row: row(v.table, len(v.rows), 0, "汉正街示范服装商行")})
		retype(v.logText, "上门走访")
		press(v.logText, fyne.KeyReturn)
		s.log = v.message.Text
		v.tabs.Select(v.monthTab)
		retype(v.month.month, "2026-13")
		press(v.month.month, fyne.KeyReturn)
		s.month = v.month.message.Text

		d.tabs.Select(d.vouchersTab)
		sv := d.vouchers
		test.Type(sv.name, "武汉示范商贸有限公司")
		test.Type(sv.code, "91420100MA4K00001")
		sv.item.SetSelectedIndex(0)
		test.Type(sv.amount, "5000")
		test.Tap(sv.apply)
		s.code = sv.message.Text

		d.tabs.Select(d.demandsTab)
		dv := d.demands
		pick := func(name string) {
			t.Helper()
			r := row(dv.table, len(dv.rows), 1, name)
			if r < 0 {
				t.Fatalf("no demand of %s", name)
			}
			dv.table.Select(widget.TableCellID{Row: r})
		}
		pick("汉阳示范机械有限公司")
		test.Tap(dv.match)
		s.match = dv.message.Text
		pick("江夏示范农业有限公司")
		test.Tap(dv.match)
		if dv.form == nil || !tm.dialogOpen() {
			t.Fatalf("对接产品 opened no dialog: %q", dv.message.Text)
		}
		s.warned = labelsText(tm)
		s.fits = dv.why.Text
		test.Tap(dv.form.cancel)
		pick("虎林市兴农农机销售有限公司")
		test.Tap(dv.raise)
		test.Type(tm.a.win.Canvas().Focused(), "抵押物评估报告未出")
		test.Tap(dv.form.ok)
		test.Tap(dv.fund)
		test.Tap(dv.form.ok)
		s.fund = dv.form.message.Text
		test.Tap(dv.form.cancel)
		test.Tap(dv.support)
		test.Tap(dv.form.ok)
		if dv.supportResult == nil {
			t.Fatalf("no assessment shown: %q", dv.form.message.Text)
		}
		s.support = dv.supportResult.Text
		return s
	}

	b, _ := englishDesk(t)
	en := refusals(b)
	want := shown{
		list:    "List could not be read: Row 1 (汉口示范贸易有限公司): officer 9999: " + tr(counter.ErrNotFound.Error()),
		log:     "Cautious-entry and exit customers are not marketed: 汉正街示范服装商行 (Exit)",
		month:   `The month must be YYYY-MM: "2026-13"`,
		quarter: "The assessment quarter must be quarter 1 to 4 of a year from 2000 to 2099: year 1999, quarter 4",
		code:    "A unified social credit code has 18 characters (17 characters now)",
		fund:    "Problems are still open; the loan cannot be recorded as funded (1 open)",
		match:   "Financial products cannot be matched: The enterprise has an overdue loan now; no financial product is matched until it is repaid",
		fits:    "Amount ¥2,000,000.00 within ¥100,000.00–¥3,000,000.00\nTerm 12 months, not above 36 months\nAccepts guarantee type: Mortgage of property or land, Guarantee",
	}
	got := en
	got.support, got.warned = "", ""
	if got != want {
		t.Errorf("English refusals\n%+v\nwant\n%+v", got, want)
	}
	wantContains(t, "English warnings", en.warned, "\n· The survey does not give the trading status: check on site before matching"+
		"\n· The enterprise had overdue loans in the last two years (repaid): match with caution\n")
	for _, part := range []string{
		"Loan interest subsidy: Wrong enterprise size: must be a Small, Micro enterprise; this is a Medium enterprise; ",
		"Micro enterprise start-up loan: Not yet confirmed: the number of employees (investors included); ",
		"Financing guarantee fee subsidy: Not yet confirmed: whether it is a new guarantee by the guarantee institution",
	} {
		wantContains(t, "English support", en.support, part)
	}
	for what, text := range map[string]string{"support": en.support, "warnings": en.warned} {
		if uitext.HasHan(strings.ReplaceAll(text, "虎林市兴农农机销售有限公司", "")) { // the enterprise's name
			t.Errorf("Chinese in the English %s: %q", what, text)
		}
	}

	useCatalog(assets.Chinese)
	zh := refusals(newDeskBed(t))
	want = shown{
		list:    "名单读取失败：第 1 户 汉口示范贸易有限公司：责任人 9999：" + counter.ErrNotFound.Error(),
		log:     "审慎进入类、退出类客户不开展营销：汉正街示范服装商行（退出类）",
		month:   `月份须为 YYYY-MM："2026-13"`,
		quarter: "考核季度须为 2000 至 2099 年的第 1 至 4 季度：1999 年第 4 季度",
		code:    "统一社会信用代码应为18位（现为17位）",
		fund:    "尚有未解决的问题，不能登记放款（1个）",
		match:   "不能对接金融产品：企业当前有逾期贷款未还，结清前不予对接金融产品",
		fits:    "金额 ¥2,000,000.00 在 ¥100,000.00–¥3,000,000.00 之内\n期限 12 个月，不超过 36 个月\n接受担保方式：房产、土地抵押、保证担保",
	}
	got = zh
	got.support, got.warned = "", ""
	if got != want {
		t.Errorf("Chinese refusals\n%+v\nwant\n%+v", got, want)
	}
	for _, part := range []string{
		"贷款贴息：企业规模不符：须为小型、微型企业，该企业为中型企业；",
		"微型企业创业扶持贷款：尚未确认雇员（含投资者）人数；",
		"\n· 调查表未填经营状况，对接前须实地核实\n· 企业近两年有逾期记录（已结清），审慎对接\n",
	} {
		wantContains(t, "Chinese support and warnings", zh.support+zh.warned, part)
	}
	if err := enterprise.CheckCreditCode("91420100MA4K00001"); !errors.Is(err, enterprise.ErrCreditCodeLength) || err.Error() != want.code {
		t.Errorf("the domain's error %q", err)
	}
}
