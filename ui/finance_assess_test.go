package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/survey"
)

// TestMatchEnterpriseOnScreen: 对接产品 lists the products that fit the
// demand and the enterprise, each with its reasons beside it, and the
// warnings above them; an enterprise with a loan overdue now is offered
// nothing and the screen says why.
func TestMatchEnterpriseOnScreen(t *testing.T) {
	b := newDeskBed(t)
	ctx := context.Background()
	mgr := b.login("3001")
	taxLoan := deskProduct
	taxLoan.Code, taxLoan.Name, taxLoan.TaxGrades, taxLoan.RateBP = "P02", "税易贷", []survey.TaxGrade{survey.TaxA}, 350
	if err := b.fin.AddProduct(ctx, mgr, deskProduct); err != nil {
		t.Fatal(err)
	}
	if err := b.fin.AddProduct(ctx, mgr, taxLoan); err != nil {
		t.Fatal(err)
	}
	off := b.login("2001")
	s := filedSurvey("2001") // grade B, the credit record not asked
	sound, err := b.fin.Collect(ctx, off, b.file(off, s))
	if err != nil {
		t.Fatal(err)
	}
	s.Name, s.Overdue = "虎林市逾期商贸有限公司", survey.OverdueCurrent
	overdue, err := b.fin.Collect(ctx, off, b.file(off, s))
	if err != nil {
		t.Fatal(err)
	}

	tm := b.terminal("2001")
	d := tm.a.desk
	d.tabs.Select(d.demandsTab)
	dv := d.demands
	pick := func(id string) {
		t.Helper()
		for i, st := range dv.rows {
			if st.ID == id {
				dv.table.Select(widget.TableCellID{Row: i})
				return
			}
		}
		t.Fatalf("demand %s not listed", id)
	}
	pick(sound)
	test.Tap(dv.match)
	if !tm.dialogOpen() {
		t.Fatalf("no matching dialog: %q", dv.message.Text)
	}
	text := lastDialogText(tm)
	for _, want := range []string{"以下 1 个产品符合该需求和企业的条件", "注意：\n· 调查表未填经营状况，对接前须实地核实\n· 调查表未填征信逾期情况，对接前须查询征信"} {
		if !strings.Contains(text, want) {
			t.Errorf("the dialog lacks %q:\n%s", want, text)
		}
	}
	var options []string
	for _, o := range test.LaidOutObjects(tm.a.win.Canvas().Overlays().Top()) {
		if sel, ok := o.(*widget.Select); ok {
			options = sel.Options
		}
	}
	if !slices.Equal(options, []string{"P01 小微快贷（示范支行，年利率3.85%）"}) {
		t.Errorf("products offered %q (税易贷 takes grade A only)", options)
	}
	why := "金额 ¥2,000,000.00 在 ¥100,000.00–¥3,000,000.00 之内\n期限 12 个月，不超过 36 个月\n接受担保方式：房产、土地抵押、保证担保"
	if dv.why.Text != why {
		t.Errorf("why it fits: %q\nwant %q", dv.why.Text, why)
	}
	test.Tap(dv.form.cancel)

	pick(overdue)
	test.Tap(dv.match)
	if tm.dialogOpen() {
		t.Fatal("an enterprise with a loan overdue is offered products")
	}
	wantContains(t, "refusal", dv.message.Text, "不能对接金融产品：企业当前有逾期贷款未还")
}
