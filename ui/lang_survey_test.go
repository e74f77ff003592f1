package ui

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/assets"
	"branchdesk/domain/attach"
	"branchdesk/domain/msg"
	"branchdesk/domain/survey"
	dsync "branchdesk/domain/sync"
	"branchdesk/ui/uitext"
)

// TestEnglishSurveyChoices: on the English survey form the ownership,
// repayment record, operating state, urgency and security choices read in
// English; what is chosen in English is kept as domain/ names it, and a
// filed survey's answers show in English. The Chinese form offers them as
// before.
func TestEnglishSurveyChoices(t *testing.T) {
	b, id := englishDesk(t)
	v := b.terminal("2001").a.desk.surveys
	test.Tap(v.add)
	f := v.form
	offered := map[string]string{
		"Ownership": "State-owned or state-controlled|Collective|Private|Foreign-invested|Hong Kong, Macao or Taiwan-invested|Individual business|Other",
		"Overdue":   "No overdue record|Overdue in the last two years, settled|Overdue and unpaid now",
		"Operating": "Trading normally|Trading with difficulty|Production stopped or closed",
		"Urgency":   "Urgent (within 1 month)|Fairly urgent (within 3 months)|Not urgent (over 3 months)",
	}
	for name, want := range offered {
		if got := strings.Join(f.selects[name].Options, "|"); got != want {
			t.Errorf("%s offers %q, want %q", name, got, want)
		}
	}
	if got := f.collateral[survey.CollateralIP].Text; got != "Pledge of intellectual property" {
		t.Errorf("security shown as %q", got)
	}
	for c, ch := range f.collateral {
		if uitext.HasHan(ch.Text) {
			t.Errorf("security %s shown as %q", c, ch.Text)
		}
	}
	f.selects["Ownership"].SetSelected("Private")
	f.selects["Overdue"].SetSelected("Overdue in the last two years, settled")
	f.selects["Urgency"].SetSelected("Urgent (within 1 month)")
	f.collateral[survey.CollateralIP].SetChecked(true)
	s := f.read()
	if s.Ownership != survey.OwnershipPrivate || s.Overdue != survey.OverduePast || s.Urgency != survey.UrgencyHigh ||
		len(s.Collateral) != 1 || s.Collateral[0] != survey.CollateralIP {
		t.Errorf("kept %q %q %q %q", s.Ownership, s.Overdue, s.Urgency, s.Collateral)
	}
	v.list.Select(widget.TableCellID{Row: row(v.list, len(v.rows), 3, id), Col: 0})
	if got := v.form.selects["Ownership"].Selected; uitext.HasHan(got) || got == "" {
		t.Errorf("the filed survey's ownership shows %q", got)
	}

	useCatalog(assets.Chinese)
	zh := newDeskBed(t).terminal("2001").a.desk.surveys
	test.Tap(zh.add)
	if got := strings.Join(zh.form.selects["Urgency"].Options, "|"); got != "急需（1个月内）|较急（3个月内）|不急（3个月以上）" {
		t.Errorf("Chinese urgencies %q", got)
	}
	if got := zh.form.collateral[survey.CollateralIP].Text; got != "知识产权质押" {
		t.Errorf("Chinese security %q", got)
	}
}

// TestEnglishAttachmentMessages: on the English desk a file whose content
// belies its name is refused in English naming the file and what it is,
// the domain's refusal staying Chinese; the officer who does not own the
// survey reads how many files of which kind it has in English.
func TestEnglishAttachmentMessages(t *testing.T) {
	b, id := englishDesk(t)
	forged := filepath.Join(t.TempDir(), "抵押物.png")
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF\n")
	os.WriteFile(forged, pdf, 0o644)
	v := b.terminal("2001").a.desk.surveys
	v.list.Select(widget.TableCellID{Row: v.rowOf(id), Col: 0})
	p := v.files
	p.kind.SetSelected("Collateral photo")
	pick(t, p, forged)
	if got, want := p.status.Text, "Not added: The file's contents do not match its extension: 抵押物.png is in fact PDF file"; got != want {
		t.Errorf("refusal %q, want %q", got, want)
	}
	_, err := attach.Check("抵押物.png", pdf)
	if !errors.Is(err, attach.ErrMismatch) || err.Error() != "文件内容与扩展名不符：抵押物.png 实为 PDF 文件" {
		t.Errorf("the domain's refusal %v", err)
	}
	if got := errorText(attach.ErrTooLarge); got != "The file is over the 10 MB limit" {
		t.Errorf("too large reads %q", got)
	}
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 64, 48)))
	photo := filepath.Join(t.TempDir(), "执照.png")
	os.WriteFile(photo, img.Bytes(), 0o644)
	p.kind.SetSelected("Business licence")
	pick(t, p, photo)

	q := newAttachPanel(b.terminal("2002").a.desk)
	q.show(attach.OnSurvey, id)
	wantContains(t, "masked", labelsOf(q.list), "Not your record; only the number and kinds of attachments are shown: Business licence: 1")
}

// TestEnglishSyncRefusals: on the English 总行同步 screen an export before
// head office's keys arrive is refused in English, and a config bundle out
// of order reads in English with its versions, while the domain's
// refusal, which the trail and bdctl read, stays Chinese.
func TestEnglishSyncRefusals(t *testing.T) {
	s := newSyncBed(t)
	a := New(test.NewTempApp(t), s.svc, Options{IdleCheck: -1})
	var err error
	if a.sess, err = s.svc.Login(context.Background(), "3001", "pass3001"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	useCatalog(assets.English)
	v := newSyncView(a, s.term)
	v.exportTo(t.TempDir())
	if got, want := v.message.Text, "Failed: No head office configuration bundle received yet; head office's public key is unknown, so nothing can be exported"; got != want {
		t.Errorf("export refused as %q, want %q", got, want)
	}
	gap := dsync.CheckConfig(dsync.Manifest{Kind: dsync.Config, Branch: "0101", Version: 5}, "0101", 2, 1)
	if !errors.Is(gap, dsync.ErrConfigGap) || !strings.HasSuffix(gap.Error(), "（包 v5，已应用 v2，请先导入 v3）") {
		t.Fatalf("the domain's refusal %v", gap)
	}
	if got, want := errorText(gap), "Configuration bundles are imported in version order and one is missing; refused; head office can resend it with bdhq config resend (bundle v5, applied v2; import v3 first)"; got != want {
		t.Errorf("config gap reads %q, want %q", got, want)
	}
}

// TestSurveyFormTextIsKeys: every section name, label, hint and choice of
// the built-in survey form is a key, in domainNames or surveyFormText, and
// surveyFormText holds nothing else; the English form labels its fields
// and sections in English.
func TestSurveyFormTextIsKeys(t *testing.T) {
	var texts []string
	for _, g := range survey.V1().Groups {
		texts = append(texts, g.Name)
		for _, f := range g.Fields {
			texts = append(texts, f.Label)
			if f.Hint != "" {
				texts = append(texts, f.Hint)
			}
			for _, c := range f.Choices {
				texts = append(texts, c.Title)
			}
		}
	}
	for _, s := range texts {
		if !slices.Contains(domainNames, s) && !slices.Contains(surveyFormText, s) {
			t.Errorf("%q is not a key", s)
		}
	}
	for _, s := range surveyFormText {
		if !slices.Contains(texts, s) {
			t.Errorf("surveyFormText holds %q, which the form does not", s)
		}
	}

	b, _ := englishDesk(t)
	v := b.terminal("2001").a.desk.surveys
	test.Tap(v.add)
	if got := v.form.label("RegisteredOn"); got != "Date established" {
		t.Errorf("label %q", got)
	}
	if got := v.form.cards[0].Title; got != "1. Enterprise basics" {
		t.Errorf("first section %q", got)
	}
	if got := strings.Join(v.form.selects["TaxGrade"].Options, "|"); got != "A-level|B-level|C-level|D-level|M (newly established, not graded)" {
		t.Errorf("tax grades offered %q", got)
	}
}

// TestEnglishHeadOfficeFormWords: a form head office sends later, with its
// own words in English, reads wholly in English on the English desk —
// its new group, labels and hint — while the same form on a Chinese desk
// reads as written. A word it sends no English for stays as written.
func TestEnglishHeadOfficeFormWords(t *testing.T) {
	form := func() survey.Definition {
		d := formV2UI()
		d.Version = 3
		d.Translations = map[string]map[string]string{"en": {
			"逾期原因": "Reason for the overdue", "抵押物情况": "Pledged property",
			"抵押物评估价值": "Appraised value of the pledge", "抵押人身份证号码": "Pledgor's ID number",
		}}
		return d
	}
	shown := func(b *deskBed) *surveyForm {
		t.Helper()
		b.applyForm(form())
		v := b.terminal("2001").a.desk.surveys
		test.Tap(v.add)
		f := v.form
		if f.def.Version != 3 {
			t.Fatalf("new survey on form v%d", f.def.Version)
		}
		test.Tap(f.collateral[survey.CollateralProperty])
		f.selects["Overdue"].SetSelectedIndex(slices.Index(survey.Overdues(), survey.OverdueCurrent))
		return f
	}

	b, _ := englishDesk(t)
	f := shown(b)
	officer := f.officer.Text
	var left []string
	for _, s := range hanTexts(f.content) {
		if !strings.Contains(officer, s) {
			left = append(left, s)
		}
	}
	if len(left) > 0 {
		t.Errorf("Chinese on the English v3 form: %q", left)
	}
	if got := f.cards[5].Title; got != "6. Pledged property" {
		t.Errorf("the new group reads %q", got)
	}
	// Its field's check names the field as head office translated it,
	// under the field and in a refusal of the whole form.
	retype(f.entries["OverdueReason"], "x")
	retype(f.entries["OverdueReason"], "")
	if got := f.errs["OverdueReason"].Text; got != "Reason for the overdue is required" {
		t.Errorf("a new field's check reads %q", got)
	}
	fe := survey.Messages{"OverdueReason": msg.Sprintf("%s为必填字段", "逾期原因"), "Name": msg.Sprintf("%s为必填字段", "企业名称")}
	if got := f.messagesText(fe); got != "Enterprise name is required; Reason for the overdue is required" {
		t.Errorf("the form's refusal reads %q", got)
	}
	if got := f.label("PledgeOwnerID"); got != "Pledgor's ID number" {
		t.Errorf("a new field's label reads %q", got)
	}
	if got := f.label("Name"); got != tr("企业名称") || uitext.HasHan(got) {
		t.Errorf("a field of the program's own form reads %q, not the catalog's", got)
	}
	untranslated := form()
	delete(untranslated.Translations["en"], "评估机构")
	untranslated.Groups[5].Fields = append(untranslated.Groups[5].Fields,
		survey.FieldDef{Key: "PledgeValuer", Label: "评估机构", Type: survey.TypeText})
	if got := (&surveyForm{def: untranslated}).say("评估机构"); got != "评估机构" {
		t.Errorf("a word head office sent no English for reads %q, not as written", got)
	}

	useCatalog(assets.Chinese)
	zh := shown(newDeskBed(t))
	if got := zh.cards[5].Title; got != "六、抵押物情况" {
		t.Errorf("the Chinese desk's new group reads %q", got)
	}
	if got := zh.label("PledgeOwnerID"); got != "抵押人身份证号码" {
		t.Errorf("the Chinese desk's new label reads %q", got)
	}
}

// TestEnglishSurveyFieldChecks: on the English survey form a field
// emptied, a date, a mobile number and a credit code that are wrong are
// flagged under the field in English, the field named in English, with
// no Chinese; a survey sent to 定稿 empty is refused in English. The
// Chinese form says what it always said.
func TestEnglishSurveyFieldChecks(t *testing.T) {
	typed := []struct{ field, value, en, zh string }{
		{"Name", "", "Enterprise name is required", "企业名称为必填字段"},
		{"RegisteredOn", "2016/04/08", "Date established should be a valid date, written like 2024-03-15", "成立日期应为有效日期，格式如2024-03-15"},
		{"ContactMobile", "12812345678", "Contact mobile number should be an 11-digit mobile number starting with 1, second digit 3 to 9; +86 or 0086 allowed",
			"联系人手机号码应为11位手机号码，以1开头、第二位为3至9，可带+86或0086"},
		{"CreditCode", "91350100M000100Y4", "A unified social credit code has 18 characters (17 characters now)", "统一社会信用代码应为18位（现为17位）"},
		{"LegalRepID", "11010519491231002", "", "身份证号码应为18位（现为17位）"},
		{"CreditCode", "91350100M000100Y44",
			"The unified social credit code's check digit does not match; compare it with the business licence; if it is correct, fill in Note on a doubtful check digit",
			"统一社会信用代码校验位不符，请与营业执照核对；确认无误的，请填写校验位存疑说明"},
	}
	check := func(f *surveyForm, english bool) {
		t.Helper()
		retype(f.entries["Name"], "虎林市兴农农机销售有限公司")
		for _, c := range typed {
			retype(f.entries[c.field], c.value)
			l := f.errs[c.field]
			want := c.zh
			if english {
				want = c.en
			}
			switch {
			case !l.Visible():
				t.Errorf("%s %q: no message", c.field, c.value)
			case english && want == "" && uitext.HasHan(l.Text):
				t.Errorf("%s %q reads %q", c.field, c.value, l.Text)
			case want != "" && l.Text != want:
				t.Errorf("%s %q reads %q, want %q", c.field, c.value, l.Text, want)
			}
		}
	}

	b, _ := englishDesk(t)
	v := b.terminal("2001").a.desk.surveys
	test.Tap(v.add)
	check(v.form, true)
	_, err := survey.Finalize(survey.Record{}, v.d.svc.Validator(), time.Now())
	if got := errorText(err); !errors.Is(err, survey.ErrInvalid) || uitext.HasHan(got) ||
		!strings.HasPrefix(got, "The survey has items missing or wrong; it cannot be made final: Enterprise name is required; ") {
		t.Errorf("an empty survey's 定稿 is refused as %q", got)
	}

	useCatalog(assets.Chinese)
	zh := newDeskBed(t).terminal("2001").a.desk.surveys
	test.Tap(zh.add)
	check(zh.form, false)
}
