package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/storage/demo"
	"branchdesk/storage/sqlite"
)

// TestSupportOfADemand: on the 需求跟踪 tab the officer opens 扶持政策 for
// a small enterprise's demand and answers the questions the survey does
// not. Before head office has sent a rate table the screen says so and
// estimates no subsidy; once the branch has one, it shows the subsidy in
// yuan with the base rate and its effective date, and why the other
// schemes do not apply.
func TestSupportOfADemand(t *testing.T) {
	b := newDeskBed(t)
	sess := b.login("2001")
	s := filedSurvey("2001")
	s.Employees, s.Revenue = 15, 300*1_000_000 // retail: a small enterprise
	s.AmountSought = 1_000_000_00
	if _, err := b.fin.Collect(context.Background(), sess, b.file(sess, s)); err != nil {
		t.Fatal(err)
	}
	tm := b.terminal("2001")
	d := tm.a.desk
	d.tabs.Select(d.demandsTab)
	dv := d.demands
	if !dv.support.Disabled() {
		t.Fatal("扶持政策 offered with no demand chosen")
	}
	dv.table.Select(widget.TableCellID{Row: 0})
	test.Tap(dv.support)
	f := dv.supportForm
	if f == nil || !tm.dialogOpen() {
		t.Fatal("扶持政策 opened no questions")
	}
	for _, o := range test.LaidOutObjects(tm.a.win.Canvas().Overlays().Top()) {
		if sel, ok := o.(*widget.Select); ok && sel.PlaceHolder != "请选择" {
			t.Fatalf("a drop-down prompts %q", sel.PlaceHolder)
		}
	}
	test.Type(tm.a.win.Canvas().Focused(), "二十")
	test.Tap(dv.form.ok)
	wantContains(t, "staff typed in words", dv.form.message.Text, "雇员人数应为整数")
	f.staff.SetText("")
	f.local.SetSelected("是")
	f.fraud.SetSelected("无")
	f.encouraged.SetSelected("是")
	test.Type(f.interest, "40,000")
	test.Tap(dv.form.ok)
	if dv.supportResult == nil {
		t.Fatalf("no assessment shown: %q", dv.form.message.Text)
	}
	got := dv.supportResult.Text
	for _, want := range []string{"企业规模：小型", "同期限基准利率：总行尚未下发基准利率表", "【暂不适用】",
		"贷款贴息：总行尚未下发基准利率表", "微型企业创业扶持贷款：尚未确认雇员（含投资者）人数",
		"小微企业服务补贴券：尚未确认是否具有独立法人资格"} {
		wantContains(t, "assessment without rates", got, want)
	}
	if strings.Contains(got, "预计贴息") {
		t.Fatalf("a subsidy estimated without a rate table: %q", got)
	}

	// Head office's table arrives (here: the demo's LPR table).
	db, err := sqlite.Open(context.Background(), b.path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SeedRates(context.Background(), demo.Rates); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// 修改回答 goes back to the same answers; 测算 again.
	var again *button
	for _, o := range test.LaidOutObjects(tm.a.win.Canvas().Overlays().Top()) {
		if btn, ok := o.(*button); ok && btn.Text == "修改回答" {
			again = btn
		}
	}
	if again == nil {
		t.Fatal("no 修改回答 on the assessment")
	}
	test.Tap(again)
	if dv.supportForm != f || f.interest.Text != "40,000" {
		t.Fatal("the answers were not kept")
	}
	f.legal.SetSelected("是")
	test.Tap(dv.form.ok)
	got = dv.supportResult.Text
	for _, want := range []string{
		"同期限基准利率：1年期LPR 3.00%（2025-05-20 起执行）",
		"贷款贴息：预计贴息 ¥15,000.00（第1年12个月 ¥15,000.00），按同期限基准利率 1年期LPR 3.00%（2025-05-20 起执行）的50%测算",
		"融资担保费补助：尚未确认是否由担保机构新增担保",
		"小微企业服务补贴券：尚未确认服务项目和服务合同金额",
	} {
		wantContains(t, "assessment with rates", got, want)
	}
	// The LPR's codes of head office's file are not for the screen.
	if strings.Contains(got, "1Y") || strings.Contains(got, "5Y+") {
		t.Fatalf("an LPR code on the screen: %q", got)
	}
	if i, j := strings.Index(got, "【可申请】"), strings.Index(got, "贷款贴息：预计"); i < 0 || j < i || j > strings.Index(got, "【暂不适用】") {
		t.Fatalf("the subsidy is not listed as claimable: %q", got)
	}

	// No interest paid: a subsidy of ¥0.00 is not one to claim.
	for _, o := range test.LaidOutObjects(tm.a.win.Canvas().Overlays().Top()) {
		if btn, ok := o.(*button); ok && btn.Text == "修改回答" {
			again = btn
		}
	}
	test.Tap(again)
	f.interest.SetText("")
	test.Type(f.interest, "0")
	test.Tap(dv.form.ok)
	got = dv.supportResult.Text
	if i, j := strings.Index(got, "【暂不适用】"), strings.Index(got, "贷款贴息：实付利息为零，无可贴息"); j < 0 || j < i || strings.Contains(got, "预计贴息") {
		t.Fatalf("a subsidy of nothing: %q", got)
	}
}
