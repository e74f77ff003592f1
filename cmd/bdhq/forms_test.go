package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/survey"
	"branchdesk/storage/bundle"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
)

// formsBed is head office in tmp/hq, a USB stick in tmp/usb and the demo
// branch's terminal T01, enrolled.
func formsBed(t *testing.T) (tmp, hq, usb string, db *sqlstore.DB, term *bundle.Terminal) {
	t.Helper()
	tmp, hq, usb = freshHQ(t)
	db = seededDB(t)
	return tmp, hq, usb, db, enrolledTerminal(t, db, hq, usb)
}

// config export -forms carries survey form definitions: an invalid one is
// refused at head office with the reason before anything is signed, a
// good one reaches the terminal, which then starts surveys on it.
func TestFormDefinitionThroughConfig(t *testing.T) {
	ctx := context.Background()
	tmp, hq, usb, db, term := formsBed(t)

	v2 := survey.V1()
	v2.Version = 2
	v2.Groups = append(v2.Groups, survey.GroupDef{Name: "抵押物情况", Relevant: "Collateral has property", Fields: []survey.FieldDef{
		{Key: "PledgeValue", Label: "抵押物评估价值", Type: survey.TypeAmount, Required: true},
	}})
	file := func(name string, v any) string {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(tmp, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	cycle := survey.V1()
	cycle.Version = 2
	cycle.Groups[0].Fields[4].Relevant = "Address != 无"
	cycle.Groups[0].Fields[6].Relevant = "LegalRep != 无"
	typo := strings.Replace(string(must(json.Marshal(v2))), `"relevant"`, `"relevent"`, 1)
	for name, c := range map[string]struct{ path, want string }{
		"cycle":        {file("cycle.json", cycle), "显示条件循环：LegalRep → Address → LegalRep"},
		"unknown type": {file("type.json", json.RawMessage(strings.Replace(string(must(json.Marshal(v2))), `"type":"amount"`, `"type":"money"`, 1))), "的类型“money”未知"},
		"missing":      {file("missing.json", json.RawMessage(strings.Replace(string(must(json.Marshal(v2))), "Collateral has", "Security has", 1))), "字段 Security 不存在"},
		"unknown key":  {file("typo.json", json.RawMessage(typo)), "unknown field \"relevent\""},
	} {
		out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", usb, "-forms", c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("%s: %v, want %q\n%s", name, err, c.want, out)
		}
		if m, _ := filepath.Glob(filepath.Join(usb, "*.bdconfig")); len(m) != 0 {
			t.Fatalf("%s: refused export wrote %v", name, m)
		}
	}

	out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", usb, "-forms", file("v2.json", v2))
	if err != nil || !strings.Contains(out, "调查表单 1 版") {
		t.Fatalf("config: %v\n%s", err, out)
	}
	cfg, err := os.ReadFile(filepath.Join(usb, bundle.ConfigName(demo.Branch, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := term.ApplyConfig(ctx, cfg, fingerprint(t, hq)); err != nil {
		t.Fatal(err)
	}
	fin, err := finance.New(sqlstore.Finance(db), nil, func(p string) string { return p + "0001" })
	if err != nil {
		t.Fatal(err)
	}
	d, err := fin.CurrentForm(ctx)
	if err != nil || d.Version != 2 || !slices.ContainsFunc(d.Groups, func(g survey.GroupDef) bool { return g.Name == "抵押物情况" }) {
		t.Fatalf("terminal's form v%d, %v", d.Version, err)
	}

	// A survey filled on v2 goes up to head office, whose survey list and
	// PDF follow v2: its labels, order and the extra answer.
	off, err := counter.New(db, nil, "0101-T01").Login(ctx, "2001", "pass2001")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := fin.NewSurvey(ctx, off)
	if err != nil {
		t.Fatal(err)
	}
	date := rec.Survey.SurveyDate
	rec.Survey = survey.Survey{Name: "湖北示范科技有限公司", CreditCode: "91350100M000100Y43", RegisteredOn: "2016-04-08",
		LegalRep: "张三", LegalRepID: "11010519491231002X", Address: "武汉市洪山区珞喻路1号", MainBusiness: "软件开发",
		Section: "C", Ownership: survey.OwnershipPrivate, Employees: 50, Revenue: 500 * 1_000_000,
		TaxGrade: survey.TaxB, AmountSought: 200 * 1_000_000, Purpose: survey.PurposeWorkingCapital,
		TermMonths: 12, Urgency: survey.UrgencyMedium, Collateral: []survey.Collateral{survey.CollateralProperty},
		Contact: "李四", ContactMobile: "13812345678", Consent: true, OfficerID: "2001", SurveyDate: date,
		Extra: map[string]string{"PledgeValue": "150000000"}}
	if err := fin.SaveDraft(ctx, off, rec); err != nil {
		t.Fatal(err)
	}
	if _, err := fin.Finalize(ctx, off, rec.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := term.Export(ctx, usb); err != nil {
		t.Fatal(err)
	}
	if out, err := bdhq(t, hq, "import", usb); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	csvPath := filepath.Join(tmp, "surveys.csv")
	if out, err := bdhq(t, hq, "report", "surveys", "-from", date, "-out", csvPath); err != nil || !strings.Contains(out, "调查表明细（第2版表单）") {
		t.Fatalf("report surveys: %v\n%s", err, out)
	}
	data, _ := os.ReadFile(csvPath)
	lines := strings.Split(strings.TrimPrefix(string(data), "\uFEFF"), "\r\n")
	if !strings.HasPrefix(lines[0], "网点,编号,版本,状态,企业名称,统一社会信用代码,校验位存疑说明,") || !strings.HasSuffix(lines[0], ",调查人,调查日期,抵押物评估价值") {
		t.Fatalf("header %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "0101,S0001,1,已定稿,湖北示范科技有限公司,") || !strings.HasSuffix(lines[1], ",2001,"+date+",\"¥1,500,000.00\"") ||
		!strings.Contains(lines[1], ",房产、土地抵押,") {
		t.Fatalf("row %q", lines[1])
	}
	if out, err := bdhq(t, hq, "report", "surveys", "-from", date, "-form", "1", "-out", csvPath); err != nil || !strings.Contains(out, "0 行") {
		t.Fatalf("report surveys on V1: %v\n%s", err, out)
	}
	if _, err := bdhq(t, hq, "report", "surveys", "-from", date, "-out", filepath.Join(tmp, "s.pdf")); err == nil {
		t.Fatal("a survey list as PDF")
	}
	pdfPath := filepath.Join(tmp, "S0001.pdf")
	if out, err := bdhq(t, hq, "survey", "-id", "S0001", "-out", pdfPath); err != nil {
		t.Fatalf("survey: %v\n%s", err, out)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext:", err)
	}
	text, err := exec.Command("pdftotext", "-layout", pdfPath, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(text)), "")
	for _, want := range []string{"八、抵押物情况", "抵押物评估价值¥1,500,000.00", "企业名称湖北示范科技有限公司", "主营业务软件开发", "附件无附件"} {
		if !strings.Contains(flat, want) {
			t.Errorf("survey PDF lacks %q:\n%s", want, text)
		}
	}
}

func must(data []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return data
}

// A form version, once signed in a config for any branch, is not signed
// again with other content: the terminal that has the first would refuse
// the whole config (users, rates and all) and that branch's config would
// be stuck. The same content again is signed, and the terminal applies it.
func TestFormDefinitionReissuedDifferently(t *testing.T) {
	ctx := context.Background()
	tmp, hq, usb, _, term := formsBed(t)
	write := func(name string, d survey.Definition) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, must(json.Marshal(d)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := survey.V1()
	a.Version = 2
	b := survey.V1()
	b.Version = 2
	b.Groups[0].Name = "企业基本情况（新）"
	if out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", usb, "-forms", write("a.json", a)); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	cfg1, err := os.ReadFile(filepath.Join(usb, bundle.ConfigName(demo.Branch, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := term.ApplyConfig(ctx, cfg1, fingerprint(t, hq)); err != nil {
		t.Fatal(err)
	}
	const want = "调查表单 v2 已下发过且内容不同"
	for _, branch := range []string{demo.Branch, "B-OTHER"} {
		out, err := bdhq(t, hq, "config", "export", "-branch", branch, "-out", usb, "-forms", write("b.json", b))
		if err == nil || !strings.Contains(out+err.Error(), want) {
			t.Errorf("branch %s: a different v2 signed: %v\n%s", branch, err, out)
		}
	}
	if _, err := os.Stat(filepath.Join(usb, bundle.ConfigName(demo.Branch, 2))); !os.IsNotExist(err) {
		t.Fatalf("config 2 written for the refused v2: %v", err)
	}
	// The same v2 again, with the next config: signed and applied.
	if out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", usb, "-forms", write("a2.json", a)); err != nil {
		t.Fatalf("same v2 again: %v\n%s", err, out)
	}
	cfg2, err := os.ReadFile(filepath.Join(usb, bundle.ConfigName(demo.Branch, 2)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := term.ApplyConfig(ctx, cfg2, fingerprint(t, hq)); err != nil {
		t.Errorf("terminal refuses config 2: %v", err)
	}
	h, err := bundle.OpenHQ(ctx, hq, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	forms, err := h.Forms(ctx)
	if err != nil || forms[2].Groups[0].Name != a.Groups[0].Name {
		t.Errorf("head office's v2: %v %q", err, forms[2].Groups[0].Name)
	}
}
