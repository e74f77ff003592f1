package ui

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/survey"
	"branchdesk/domain/sync"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlite"
)

// applyFormV2 has the branch receive form v2 from head office: V1 without
// 主营业务, with 逾期原因 asked only when the credit report shows a
// current overdue, and a group 抵押物情况 asked only when 房产、土地抵押 is
// ticked.
func (b *deskBed) applyFormV2() {
	b.t.Helper()
	b.applyForm(formV2UI())
}

// formV2UI is the v2 form applyFormV2 sends down.
func formV2UI() survey.Definition {
	d := survey.V1()
	d.Version = 2
	d.Groups[0].Fields = slices.DeleteFunc(d.Groups[0].Fields, func(f survey.FieldDef) bool { return f.Key == "MainBusiness" })
	d.Groups[2].Fields = slices.Insert(d.Groups[2].Fields, 2, survey.FieldDef{
		Key: "OverdueReason", Label: "逾期原因", Type: survey.TypeText, Required: true, Relevant: "Overdue = current"})
	d.Groups = slices.Insert(d.Groups, 5, survey.GroupDef{Name: "抵押物情况", Relevant: "Collateral has property", Fields: []survey.FieldDef{
		{Key: "PledgeValue", Label: "抵押物评估价值", Type: survey.TypeAmount, Required: true, Hint: "元"},
		{Key: "PledgeOwnerID", Label: "抵押人身份证号码", Type: survey.TypeText, Checks: []string{"residentid"}},
	}})
	return d
}

// applyForm has the branch receive form d from head office.
func (b *deskBed) applyForm(d survey.Definition) {
	b.t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, b.path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer db.Close()
	if err := db.InitSync(ctx, demo.Branch, "T01", "/nonexistent/key"); err != nil {
		b.t.Fatal(err)
	}
	m := sync.Manifest{Format: sync.Format, Kind: sync.Config, Branch: demo.Branch, Version: 1, Schema: 1}
	if err := db.ApplyConfig(ctx, b.clock.Now(), m, sync.ConfigSet{Keys: sync.HQKeys{Sign: make([]byte, 32), Age: "age1test"}, Forms: []survey.Definition{d}}); err != nil {
		b.t.Fatal(err)
	}
}

// TestFormDefinitionV2SkipsGroup fills a survey on a v2 form from head
// office: the group asked only when a collateral is ticked shows and hides
// as it is ticked, a conditional field as its choice is picked, and what
// was typed into them while shown is not in the saved survey once they
// are hidden. A draft begun on V1 keeps the V1 form until 升级到新版表单,
// which says what could not be carried over.
func TestFormDefinitionV2SkipsGroup(t *testing.T) {
	b := newDeskBed(t)
	ctx := context.Background()
	off := b.login("2001")
	old, err := b.fin.NewSurvey(ctx, off)
	if err != nil {
		t.Fatal(err)
	}
	old.Survey.Name, old.Survey.MainBusiness = "武汉示范商贸有限公司", "批发零售"
	if err := b.fin.SaveDraft(ctx, off, old); err != nil {
		t.Fatal(err)
	}
	b.applyFormV2()

	tm := b.terminal("2001")
	v := tm.a.desk.surveys
	test.Tap(v.add)
	f := v.form
	if f.def.Version != 2 || v.rec.Survey.FormVersion != 2 || !strings.Contains(v.heading.Text, "第2版表单") {
		t.Fatalf("new survey on form v%d (%d), heading %q", f.def.Version, v.rec.Survey.FormVersion, v.heading.Text)
	}
	if f.entries["MainBusiness"] != nil || v.upgrade.Visible() {
		t.Fatal("v2 shows 主营业务, or offers an upgrade to itself")
	}
	card := func(name string) *widget.Card {
		for _, c := range f.cards {
			if strings.HasSuffix(c.Title, "、"+name) {
				return c
			}
		}
		t.Fatalf("no group %s", name)
		return nil
	}
	pledge := card("抵押物情况")
	if pledge.Title != "六、抵押物情况" || pledge.Visible() || f.rows["OverdueReason"].Visible() {
		t.Fatalf("before any answer: %q visible %v, 逾期原因 visible %v", pledge.Title, pledge.Visible(), f.rows["OverdueReason"].Visible())
	}
	saved := func() survey.Survey {
		t.Helper()
		r, err := b.fin.Open(ctx, b.login("2001"), v.rec.ID)
		if err != nil {
			t.Fatal(err)
		}
		return r.Survey
	}

	// Ticked, the group is asked: its required value says so.
	test.Tap(f.collateral[survey.CollateralProperty])
	if !pledge.Visible() {
		t.Fatal("抵押物情况 hidden with 房产、土地抵押 ticked")
	}
	retype(f.entries["PledgeValue"], "1500000")
	retype(f.entries["PledgeOwnerID"], "110105194912310021")
	if l := f.errs["PledgeOwnerID"]; !l.Visible() || l.Text != "身份证号码校验位不符，请核对" {
		t.Fatalf("抵押人身份证号码 shows %q", l.Text)
	}
	if s := saved(); s.Extra["PledgeValue"] != "150000000" {
		t.Fatalf("saved while asked: %v", s.Extra)
	}
	// Unticked, hidden, and not kept.
	test.Tap(f.collateral[survey.CollateralProperty])
	if pledge.Visible() {
		t.Fatal("抵押物情况 still shown with 房产、土地抵押 unticked")
	}
	if s := saved(); len(s.Extra) != 0 {
		t.Fatalf("saved with the group hidden: %v", s.Extra)
	}

	// A conditional field in a group: shown for a current overdue only.
	f.selects["Overdue"].SetSelected(survey.OverdueCurrent.Title())
	if !f.rows["OverdueReason"].Visible() {
		t.Fatal("逾期原因 hidden with a current overdue")
	}
	retype(f.entries["OverdueReason"], "疫情期间停产")
	f.selects["Overdue"].SetSelected(survey.OverdueNone.Title())
	if f.rows["OverdueReason"].Visible() {
		t.Fatal("逾期原因 shown with no overdue")
	}

	// The rest typed as on V1; 定稿 needs nothing from the hidden parts.
	fillAsV1(f)
	if v.finalize.Disabled() {
		t.Fatalf("定稿 disabled: %q", v.problems.Text)
	}
	test.Tap(v.finalize)
	test.Tap(v.finalizeYes)
	if v.rec.Status != survey.Final {
		t.Fatalf("not finalized: %q", v.status.Text)
	}
	if s := saved(); len(s.Extra) != 0 || s.FormVersion != 2 || s.Overdue != survey.OverdueNone || s.Name != typedEntries["Name"] {
		t.Fatalf("final survey: %+v", s)
	}

	// Its PDF follows v2: no 主营业务, no 抵押物情况 (not asked).
	var doc bytes.Buffer
	if err := v.writePDF(&doc); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, doc.Bytes())
	if !strings.Contains(text, "五、担保方式") || !strings.Contains(text, "七、联系人及授权") || strings.Contains(text, "主营业务") || strings.Contains(text, "抵押物") {
		t.Fatalf("v2 survey PDF:\n%s", text)
	}

	// The V1 draft shows the V1 form, and moves to v2 when asked.
	r := row(v.list, len(v.rows), 3, old.ID)
	v.list.Select(widget.TableCellID{Row: r, Col: 0})
	if v.form.def.Version != 1 || v.form.entries["MainBusiness"].Text != "批发零售" || !v.upgrade.Visible() {
		t.Fatalf("V1 draft on form v%d, upgrade offered %v", v.form.def.Version, v.upgrade.Visible())
	}
	test.Tap(v.upgrade)
	wantContains(t, "upgrade", v.status.Text, "已升级到第2版表单；新表单不再包含、不接受或按现有答案无需填写以下内容，未能带入：主营业务")
	if v.form.def.Version != 2 || v.upgrade.Visible() || v.form.entries["Name"].Text != "武汉示范商贸有限公司" {
		t.Fatalf("after the upgrade: form v%d, upgrade offered %v", v.form.def.Version, v.upgrade.Visible())
	}
}

// fillAsV1 types the survey of typedEntries and typedChoices into the
// fields form f has, ticks 保证担保 and the consent.
func fillAsV1(f *surveyForm) {
	for name, s := range typedEntries {
		if e := f.entries[name]; e != nil {
			retype(e, s)
		}
	}
	for name, title := range typedChoices {
		f.selects[name].SetSelected(title)
	}
	test.Tap(f.collateral[survey.CollateralGuarantee])
	test.Tap(f.checks["Consent"])
}

// A figure typed into a group that is then skipped, one that does not
// parse, does not stand in the way of 定稿: the hidden field's entry is
// emptied as it is hidden, and shows empty when the group is asked again.
func TestFormDefinitionSkippedGroupEmptied(t *testing.T) {
	b := newDeskBed(t)
	b.applyFormV2()
	tm := b.terminal("2001")
	v := tm.a.desk.surveys
	test.Tap(v.add)
	f := v.form
	test.Tap(f.collateral[survey.CollateralProperty])
	retype(f.entries["PledgeValue"], "十五万")
	if l := f.errs["PledgeValue"]; !l.Visible() || !strings.Contains(l.Text, "抵押物评估价值") {
		t.Fatalf("a figure that does not parse, asked, shows %q", l.Text)
	}
	test.Tap(f.collateral[survey.CollateralProperty]) // 抵押物情况 skipped
	if f.entries["PledgeValue"].Text != "" || f.parseErr["PledgeValue"] != "" {
		t.Fatalf("hidden 抵押物评估价值 keeps %q (%q)", f.entries["PledgeValue"].Text, f.parseErr["PledgeValue"])
	}
	fillAsV1(f)
	if v.finalize.Disabled() {
		t.Errorf("定稿 disabled by a skipped field: %q", v.problems.Text)
	}
	// Asked again, it is empty and required.
	test.Tap(f.collateral[survey.CollateralProperty])
	if f.entries["PledgeValue"].Text != "" || !v.finalize.Disabled() {
		t.Errorf("asked again: %q, 定稿 disabled %v", f.entries["PledgeValue"].Text, v.finalize.Disabled())
	}
}

// A required count head office adds (近两年逾期次数) is answered 0: typed
// 0 it is saved as 0, shows 0 when the draft is opened again, and 定稿 is
// possible; left empty it is not answered.
func TestFormDefinitionAddedCountAnsweredZero(t *testing.T) {
	b := newDeskBed(t)
	d := survey.V1()
	d.Version = 2
	d.Groups[2].Fields = append(d.Groups[2].Fields,
		survey.FieldDef{Key: "OverdueTimes", Label: "近两年逾期次数", Type: survey.TypeInteger, Required: true},
		survey.FieldDef{Key: "Overdrawn", Label: "透支余额", Type: survey.TypeAmount, Required: true})
	b.applyForm(d)
	tm := b.terminal("2001")
	v := tm.a.desk.surveys
	test.Tap(v.add)
	f := v.form
	fillAsV1(f)
	if !v.finalize.Disabled() || !strings.Contains(v.problems.Text, "近两年逾期次数") {
		t.Fatalf("unanswered required count: 定稿 disabled %v, %q", v.finalize.Disabled(), v.problems.Text)
	}
	retype(f.entries["OverdueTimes"], "0")
	retype(f.entries["Overdrawn"], "0")
	if v.finalize.Disabled() {
		t.Errorf("answer 0 to a required count refused: %q", v.problems.Text)
	}
	r, err := b.fin.Open(context.Background(), b.login("2001"), v.rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Survey.Extra["OverdueTimes"] != "0" || r.Survey.Extra["Overdrawn"] != "0" {
		t.Fatalf("saved %v", r.Survey.Extra)
	}
	// Opened again in a new session of the app, it still shows 0.
	tm2 := b.terminal("2001")
	v2 := tm2.a.desk.surveys
	v2.list.Select(widget.TableCellID{Row: row(v2.list, len(v2.rows), 3, r.ID), Col: 0})
	if got := v2.form.entries["OverdueTimes"].Text; got != "0" {
		t.Errorf("reopened 近两年逾期次数 = %q", got)
	}
	if got := v2.form.entries["Overdrawn"].Text; got != "0" {
		t.Errorf("reopened 透支余额 = %q", got)
	}
	if v2.finalize.Disabled() {
		t.Errorf("reopened: 定稿 disabled: %q", v2.problems.Text)
	}
}
