package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/survey"
	"branchdesk/domain/sync"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
)

// formV2 is V1 without 主营业务 and with a group 抵押物情况 asked only
// when 房产、土地抵押 is ticked.
func formV2() survey.Definition {
	d := survey.V1()
	d.Version = 2
	d.Groups[0].Fields = slices.DeleteFunc(d.Groups[0].Fields, func(f survey.FieldDef) bool { return f.Key == "MainBusiness" })
	d.Groups = append(d.Groups, survey.GroupDef{Name: "抵押物情况", Relevant: "Collateral has property", Fields: []survey.FieldDef{
		{Key: "PledgeValue", Label: "抵押物评估价值", Type: survey.TypeAmount, Required: true},
		{Key: "PledgeOwnerID", Label: "抵押人身份证号码", Type: survey.TypeText, Checks: []string{"residentid"}},
	}})
	return d
}

func applyForms(t *testing.T, db *sqlstore.DB, v int64, forms ...survey.Definition) error {
	t.Helper()
	m := sync.Manifest{Format: sync.Format, Kind: sync.Config, Branch: demo.Branch, Version: v, Schema: 1}
	return db.ApplyConfig(context.Background(), at, m, sync.ConfigSet{Keys: sync.HQKeys{Sign: make([]byte, 32), Age: "age1test"}, Forms: forms})
}

// Form definitions come down in config bundles and are kept by version,
// append-only: an invalid one is refused with the reason and applies
// nothing, the same version again is skipped, a changed one refused.
func TestFormDefinitionApplied(t *testing.T) {
	db := syncDB(t)
	ctx := context.Background()
	read := func() []survey.Definition {
		var out []survey.Definition
		if err := sqlstore.Finance(db).View(ctx, func(tx finance.Tx) (err error) {
			out, err = tx.FormDefinitions()
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	cyclic := formV2()
	cyclic.Groups[7].Fields[0].Relevant = "PledgeValue > 0"
	missing := formV2()
	missing.Groups[7].Relevant = "Pledge has property"
	unknown := formV2()
	unknown.Groups[7].Fields[0].Type = "photo"
	builtin := formV2()
	builtin.Version = 1
	for name, c := range map[string]struct {
		d    survey.Definition
		want string
	}{
		"cycle":         {cyclic, "调查表单 v2：表单定义无效：显示条件循环：PledgeValue → PledgeValue"},
		"missing field": {missing, "字段 Pledge 不存在"},
		"unknown type":  {unknown, "字段 抵押物评估价值 的类型“photo”未知"},
		"version 1":     {builtin, "第1版为内置表单"},
	} {
		err := applyForms(t, db, 1, c.d)
		if !errors.Is(err, survey.ErrDefinition) || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("%s: %v, want %q", name, err, c.want)
		}
		if got := read(); len(got) != 0 {
			t.Fatalf("%s: stored %v", name, got)
		}
	}
	if err := applyForms(t, db, 1, formV2()); err != nil {
		t.Fatal(err)
	}
	if err := applyForms(t, db, 2, formV2()); err != nil {
		t.Fatalf("the same version again: %v", err)
	}
	changed := formV2()
	changed.Groups[7].Fields[0].Label = "评估价值"
	if err := applyForms(t, db, 3, changed); err == nil || !strings.Contains(err.Error(), "调查表单 v2 已下发过且内容不同") {
		t.Fatalf("changed v2: %v", err)
	}
	got := read()
	if len(got) != 1 || got[0].Version != 2 || got[0].Groups[7].Fields[0].Label != "抵押物评估价值" {
		t.Fatalf("stored %+v", got)
	}
	for _, q := range []string{`UPDATE form_definitions SET data = '{}'`, `DELETE FROM form_definitions`} {
		if _, err := db.Exec(ctx, q); err == nil {
			t.Errorf("%s was allowed", q)
		}
	}
}

// The newest form is the one new surveys are started on; a draft keeps
// its own, is saved and finalized by it, and moves to the newest with
// what still fits when asked.
func TestFormDefinitionNewestForNewSurveys(t *testing.T) {
	db := syncDB(t)
	ctx := context.Background()
	svc := counter.New(db, nil, "0101-T01")
	n := 0
	fin, err := finance.New(sqlstore.Finance(db), nil, func(p string) string { n++; return fmt.Sprintf("%s%04d", p, n) })
	if err != nil {
		t.Fatal(err)
	}
	off, err := svc.Login(ctx, "2001", "pass2001")
	if err != nil {
		t.Fatal(err)
	}
	old, err := fin.NewSurvey(ctx, off)
	if err != nil || old.Survey.FormVersion != 0 {
		t.Fatalf("before any form: %+v, %v", old.Survey, err)
	}
	old.Survey.Name, old.Survey.MainBusiness = "武汉示范商贸有限公司", "批发零售"
	if err := fin.SaveDraft(ctx, off, old); err != nil {
		t.Fatal(err)
	}
	if err := applyForms(t, db, 1, formV2()); err != nil {
		t.Fatal(err)
	}
	if d, err := fin.CurrentForm(ctx); err != nil || d.Version != 2 {
		t.Fatalf("CurrentForm = v%d, %v", d.Version, err)
	}
	rec, err := fin.NewSurvey(ctx, off)
	if err != nil || rec.Survey.FormVersion != 2 {
		t.Fatalf("new survey on v%d, %v", rec.Survey.FormVersion, err)
	}

	// Filled without property: the group is not asked and not kept.
	s := survey.Survey{Name: "湖北示范科技有限公司", CreditCode: "91350100M000100Y43", RegisteredOn: "2016-04-08",
		LegalRep: "张三", LegalRepID: "11010519491231002X", Address: "武汉市洪山区珞喻路1号",
		Section: "C", Ownership: survey.OwnershipPrivate, Employees: 50, Revenue: 500 * 1_000_000,
		TaxGrade: survey.TaxB, AmountSought: 200 * 1_000_000, Purpose: survey.PurposeWorkingCapital,
		TermMonths: 12, Urgency: survey.UrgencyMedium, Collateral: []survey.Collateral{survey.CollateralGuarantee},
		Contact: "李四", ContactMobile: "13812345678", Consent: true, OfficerID: "2001", SurveyDate: rec.Survey.SurveyDate,
		Extra: map[string]string{"PledgeValue": "150000000"}}
	rec.Survey = s
	if err := fin.SaveDraft(ctx, off, rec); err != nil {
		t.Fatal(err)
	}
	got, _ := fin.Open(ctx, off, rec.ID)
	if got.Survey.FormVersion != 2 || len(got.Survey.Extra) != 0 {
		t.Fatalf("saved %+v", got.Survey)
	}
	// With property ticked the group is asked and must be answered.
	s.Collateral = append(s.Collateral, survey.CollateralProperty)
	rec.Survey = s
	rec.Survey.Extra = nil
	if err := fin.SaveDraft(ctx, off, rec); err != nil {
		t.Fatal(err)
	}
	if _, err := fin.Finalize(ctx, off, rec.ID); !errors.Is(err, survey.ErrInvalid) || !strings.Contains(err.Error(), "抵押物评估价值为必填字段") {
		t.Fatalf("finalize without the pledge's value: %v", err)
	}
	rec.Survey.Extra = map[string]string{"PledgeValue": "150000000", "PledgeOwnerID": "110105194912310021"}
	if err := fin.SaveDraft(ctx, off, rec); err != nil {
		t.Fatal(err)
	}
	if _, err := fin.Finalize(ctx, off, rec.ID); !errors.Is(err, survey.ErrInvalid) || !strings.Contains(err.Error(), "身份证号码校验位不符") {
		t.Fatalf("finalize with a bad ID in an extra field: %v", err)
	}
	rec.Survey.Extra["PledgeOwnerID"] = "11010519491231002X"
	if err := fin.SaveDraft(ctx, off, rec); err != nil {
		t.Fatal(err)
	}
	final, err := fin.Finalize(ctx, off, rec.ID)
	if err != nil || final.Survey.Extra["PledgeValue"] != "150000000" {
		t.Fatalf("finalize on v2: %+v, %v", final.Survey.Extra, err)
	}
	// Another officer sees the extra answers as the survey's own: the
	// amount as its range, the ID number masked; an A sees them in full.
	other, err := svc.Login(ctx, "2002", "pass2002")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := fin.Open(ctx, other, rec.ID); err != nil || got.Survey.Extra["PledgeValue"] != "100000000" || got.Survey.Extra["PledgeOwnerID"] != "110105********002X" {
		t.Fatalf("another officer sees %v, %v", got.Survey.Extra, err)
	}
	a, err := svc.Login(ctx, "3001", "pass3001")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := fin.Open(ctx, a, rec.ID); err != nil || got.Survey.Extra["PledgeValue"] != "150000000" || got.Survey.Extra["PledgeOwnerID"] != "11010519491231002X" {
		t.Fatalf("the A sees %v, %v", got.Survey.Extra, err)
	}

	// The draft started before keeps V1 until moved; moving drops 主营业务.
	if got, _ := fin.Open(ctx, off, old.ID); got.Survey.FormVersion != 0 || got.Survey.MainBusiness != "批发零售" {
		t.Fatalf("old draft %+v", got.Survey)
	}
	up, dropped, err := fin.UpgradeSurvey(ctx, off, old.ID)
	if err != nil || !slices.Equal(dropped, []string{"主营业务"}) || up.Survey.FormVersion != 2 || up.Survey.Name != "武汉示范商贸有限公司" {
		t.Fatalf("upgrade = %+v, %v, %v", up.Survey, dropped, err)
	}
	if _, _, err := fin.UpgradeSurvey(ctx, off, old.ID); !errors.Is(err, survey.ErrFormCurrent) {
		t.Fatalf("second upgrade: %v", err)
	}
	var detail string
	db.QueryRow(ctx, `SELECT detail FROM audit WHERE detail LIKE '%升级%'`).Scan(&detail)
	if !strings.Contains(detail, "由第1版表单升级到第2版，未带入：主营业务") {
		t.Fatalf("audit %q", detail)
	}
}
