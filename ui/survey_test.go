package ui

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/survey"
)

// The survey as the officer types it: entries by field, choices by the
// title shown.
var (
	typedEntries = map[string]string{
		"Name": "虎林市兴农农机销售有限公司", "CreditCode": "91350100M000100Y43", "RegisteredOn": "2016-04-08",
		"LegalRep": "张三", "LegalRepID": "11010519491231002X", "Address": "虎林市虎林镇民主街88号",
		"Division": "52", "MainBusiness": "农机销售及维修", "Employees": "50", "Revenue": "5000000",
		"Assets": "3000000", "Liabilities": "1200000", "AmountSought": "2000000", "TermMonths": "12",
		"Contact": "李四", "ContactMobile": "13812345678", "SurveyDate": businessDate,
	}
	typedChoices = map[string]string{
		"Section": "F 批发和零售业", "Ownership": "民营", "TaxGrade": "B级", "Purpose": "流动资金", "Urgency": "较急（3个月内）",
	}
)

// TestSurveyTypedDraftReopenFinalize types a whole survey as an officer
// would: a wrong credit code is flagged under the field and then fixed,
// the size class appears once the industry and figures are in, the draft
// is saved as it is typed and comes back whole in a new session of the
// app, finalizing is possible only once every field is right, and the
// final survey cannot be edited; a correction is a new version.
func TestSurveyTypedDraftReopenFinalize(t *testing.T) {
	b := newDeskBed(t)
	tm := b.terminal("2001")
	v := tm.a.desk.surveys
	test.Tap(v.add)
	f := v.form
	id := v.rec.ID
	if id == "" || !v.editable || v.rec.Status != survey.Draft {
		t.Fatalf("新建调查表: %+v editable %v", v.rec, v.editable)
	}
	if tm.a.win.Canvas().Focused() != f.inputs["Name"] {
		t.Fatal("the cursor is not in 企业名称 after 新建")
	}
	if got := f.officer.Text; got != "2001 李四" {
		t.Fatalf("调查人 shows %q", got)
	}
	if f.entries["SurveyDate"].Text != businessDate {
		t.Fatalf("调查日期 starts as %q", f.entries["SurveyDate"].Text)
	}
	if !v.finalize.Disabled() {
		t.Fatal("定稿 is enabled on a blank survey")
	}
	typ := func(name, s string) {
		t.Helper()
		e := f.entries[name]
		if e == nil {
			t.Fatalf("no entry for %s", name)
		}
		retype(e, s)
	}
	shows := func(name, want string) {
		t.Helper()
		l := f.errs[name]
		if want == "" && (l.Visible() || l.Text != "") {
			t.Fatalf("%s shows %q, want no message", name, l.Text)
		}
		if want != "" && (!l.Visible() || l.Text != want) {
			t.Fatalf("%s shows %q (visible %v), want %q", name, l.Text, l.Visible(), want)
		}
	}

	typ("Name", typedEntries["Name"])
	shows("Name", "")
	// A check character that does not match: the message is under the field.
	typ("CreditCode", "91350100M000100Y44")
	shows("CreditCode", "统一社会信用代码校验位不符，请与营业执照核对；确认无误的，请填写校验位存疑说明")
	if !v.finalize.Disabled() {
		t.Fatal("定稿 enabled with a wrong credit code")
	}
	// Fixed, it goes away.
	typ("CreditCode", typedEntries["CreditCode"])
	shows("CreditCode", "")
	// A required field emptied again says so.
	typ("Name", "")
	shows("Name", "企业名称为必填字段")
	typ("Name", typedEntries["Name"])
	shows("Name", "")
	typ("RegisteredOn", "2016/04/08")
	shows("RegisteredOn", "成立日期应为有效日期，格式如2024-03-15")
	typ("LegalRepID", "110105194912310021")
	shows("LegalRepID", "身份证号码校验位不符，请核对")
	typ("ContactMobile", "12812345678")
	shows("ContactMobile", "联系人手机号码应为11位手机号码，以1开头、第二位为3至9，可带+86或0086")
	typ("Revenue", "五百万")
	shows("Revenue", "上年营业收入：金额格式不正确，应如 12345.67、12,345.67 或 ¥12,345.67")

	for name, s := range typedEntries {
		if name == "Division" || name == "Employees" || name == "Revenue" || name == "SurveyDate" {
			continue // typed below, with the size
		}
		typ(name, s)
		shows(name, "")
	}
	// The size waits for the industry, then appears as the figures go in.
	if !strings.Contains(f.size.Text, "待定") {
		t.Fatalf("企业规模 before the industry: %q", f.size.Text)
	}
	for name, title := range typedChoices {
		f.selects[name].SetSelected(title)
	}
	typ("Division", typedEntries["Division"])
	typ("Employees", typedEntries["Employees"])
	typ("Revenue", "５００００００") // full-width, from the input method
	if got := f.capitals["Revenue"].Text; got != "¥5,000,000.00　人民币伍佰万元整" || !f.capitals["Revenue"].Visible() {
		t.Fatalf("营业收入 5000000 shows %q under it", got)
	}
	typ("Revenue", typedEntries["Revenue"])
	shows("Revenue", "")
	if f.size.Text != "中型" {
		t.Fatalf("企业规模 = %q, want 中型 (零售业 50人、营业收入500万元)", f.size.Text)
	}
	typ("Employees", "49")
	if f.size.Text != "小型" {
		t.Fatalf("企业规模 at 49 people = %q, want 小型", f.size.Text)
	}
	typ("Employees", typedEntries["Employees"])
	test.Tap(f.collateral[survey.CollateralProperty])
	test.Tap(f.collateral[survey.CollateralGuarantee])
	shows("Collateral", "")

	// Everything but the consent: not yet.
	if !v.finalize.Disabled() || !strings.Contains(v.problems.Text, "信息使用授权") {
		t.Fatalf("without consent: 定稿 disabled %v, problems %q", v.finalize.Disabled(), v.problems.Text)
	}
	test.Tap(f.checks["Consent"])
	if v.finalize.Disabled() {
		t.Fatalf("定稿 disabled on a complete survey: %q", v.problems.Text)
	}
	wantContains(t, "autosave", v.status.Text, "草稿已自动保存")

	// The draft is in the database as typed.
	ctx := context.Background()
	saved, err := b.fin.Open(ctx, b.login("2001"), id)
	if err != nil {
		t.Fatal(err)
	}
	if want := filedSurvey("2001"); saved.Status != survey.Draft || !reflect.DeepEqual(saved.Survey, want) {
		t.Fatalf("saved draft:\n got %+v\nwant %+v", saved.Survey, want)
	}

	// The app closes without 定稿; a new session finds the draft whole.
	tm.a.win.Close()
	tm = b.terminal("2001")
	v = tm.a.desk.surveys
	r := row(v.list, len(v.rows), 3, id)
	if r < 0 {
		t.Fatalf("draft %s not in the list", id)
	}
	if got := cellText(v.list, r, 1); got != "草稿" {
		t.Fatalf("list shows the draft as %q", got)
	}
	v.list.Select(widget.TableCellID{Row: r, Col: 0})
	f = v.form
	for name, want := range typedEntries {
		if got := f.entries[name].Text; got != want {
			t.Errorf("reopened %s = %q, want %q", name, got, want)
		}
	}
	for name, want := range typedChoices {
		if got := f.selects[name].Selected; got != want {
			t.Errorf("reopened %s = %q, want %q", name, got, want)
		}
	}
	for c, ch := range f.collateral {
		if want := c == survey.CollateralProperty || c == survey.CollateralGuarantee; ch.Checked != want {
			t.Errorf("reopened 担保方式 %s ticked %v", c.Title(), ch.Checked)
		}
	}
	if !f.checks["Consent"].Checked || f.checks["LoansWithUs"].Checked {
		t.Error("reopened tick boxes differ")
	}
	if f.size.Text != "中型" || v.finalize.Disabled() {
		t.Fatalf("reopened: size %q, 定稿 disabled %v", f.size.Text, v.finalize.Disabled())
	}

	// 定稿 asks first; Esc leaves the draft as it was.
	test.Tap(v.finalize)
	if v.finalizeYes == nil || !tm.dialogOpen() {
		t.Fatal("定稿 does not ask to confirm")
	}
	tm.a.escape()
	if v.rec.Status != survey.Draft || v.finalizeYes != nil {
		t.Fatalf("Esc on the confirmation: %s", v.rec.Status)
	}
	// Confirmed, and the form turns read-only.
	test.Tap(v.finalize)
	test.Tap(v.finalizeYes)
	if v.rec.Status != survey.Final || v.editable {
		t.Fatalf("after 定稿: %s, editable %v; status %q", v.rec.Status, v.editable, v.status.Text)
	}
	wantContains(t, "heading", v.heading.Text, "已定稿")
	if v.finalize.Visible() || !v.correct.Visible() {
		t.Fatal("a final survey still offers 定稿, or no 更正")
	}
	name := f.entries["Name"]
	if !name.Disabled() || !f.selects["Section"].Disabled() || !f.checks["Consent"].Disabled() {
		t.Fatal("the final survey's fields can still be edited")
	}
	test.Type(name, "（改）")
	if name.Text != typedEntries["Name"] {
		t.Fatalf("typing into a final survey changed 企业名称 to %q", name.Text)
	}
	got, err := b.fin.Open(ctx, b.login("2001"), id)
	if err != nil || got.Status != survey.Final || got.Survey.Name != typedEntries["Name"] {
		t.Fatalf("final in the database: %+v %v", got, err)
	}
	if err := b.fin.SaveDraft(ctx, b.login("2001"), got); !errors.Is(err, survey.ErrFinalReadOnly) {
		t.Fatalf("saving over the final version: %v", err)
	}

	// 更正 asks why and starts version 2; the history shows both.
	test.Tap(v.correct)
	d := v.dialog
	if d == nil || !tm.dialogOpen() {
		t.Fatal("更正 opened no dialog")
	}
	reason, ok := tm.a.win.Canvas().Focused().(*field)
	if !ok {
		t.Fatalf("the cursor is not in the reason but on %T", tm.a.win.Canvas().Focused())
	}
	test.Tap(d.ok)
	if d.message.Text != survey.ErrCorrectionReason.Error() {
		t.Fatalf("更正 without a reason: %q", d.message.Text)
	}
	test.Type(reason, "联系人手机号码变更")
	press(reason, fyne.KeyReturn)
	if tm.dialogOpen() || v.rec.Version != 2 || v.rec.Status != survey.Draft || !v.editable {
		t.Fatalf("after 更正: version %d %s editable %v", v.rec.Version, v.rec.Status, v.editable)
	}
	typ = func(name, s string) { t.Helper(); retype(f.entries[name], s) }
	typ("ContactMobile", "13912345678")
	test.Tap(v.finalize)
	test.Tap(v.finalizeYes)
	if len(v.versions) != 2 || cellText(v.history, 1, 5) != "联系人手机号码变更" || cellText(v.history, 0, 1) != "已定稿" {
		t.Fatalf("history: %d versions, %q", len(v.versions), cellText(v.history, 1, 5))
	}
	// Version 1 stays as it was.
	v.history.Select(widget.TableCellID{Row: 0})
	if f.entries["ContactMobile"].Text != "13812345678" || v.editable {
		t.Fatalf("version 1 shows %q, editable %v", f.entries["ContactMobile"].Text, v.editable)
	}

	// The printable form.
	var pdfOut strings.Builder
	if err := v.writePDF(&pdfOut); err != nil || !strings.HasPrefix(pdfOut.String(), "%PDF") {
		t.Fatalf("survey PDF: %v %.10q", err, pdfOut.String())
	}
}
