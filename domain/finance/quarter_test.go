package finance_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/finance"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/survey"
	"branchdesk/domain/target"
	"branchdesk/storage/sqlstore"
)

// TestQuarterEvaluationAtTheBranch: 名单制 第十四条 — the branch's quarter
// is evaluated from what the desk recorded: 李四 (2001) surveyed his listed
// enterprise and saw its demand funded (a listed customer's credit: 1/1),
// 赵敏 (2002) logged one of her two; each measure shows its numerator and
// denominator, the open complaint inside its 7 days is not yet counted
// (no complaint late: full marks), the list was put up on 11-23 so no
// week of 日登 is over yet (无数据, 0 points), and the ranking puts 李四
// first. In the quarter before the list did not exist yet: coverage is
// left out, both score the complaints' share and tie. An officer sees
// their own row and the branch's line as percentages only.
func TestQuarterEvaluationAtTheBranch(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	mgr := d.login(t, "3001")
	if err := d.fin.ImportTargets(ctx, mgr, []target.Target{
		{ID: "T1", Name: "虎林市兴农农机销售有限公司", CreditCode: "91350100M000100Y43", Class: target.Preferred, Officer: "2001", Deadline: "2026-12-20"},
		{ID: "T2", Name: "光谷示范软件有限公司", Class: target.Normal, Officer: "2002", Deadline: "2026-12-20"},
		{ID: "T3", Name: "汉口示范贸易有限公司", Class: target.Normal, Officer: "2002", Deadline: "2026-12-20"},
		{ID: "T4", Name: "汉正街示范服装商行", Class: target.Exit, Officer: "2002", Deadline: "2026-12-20"},
	}); err != nil {
		t.Fatal(err)
	}
	p := pipeline.Product{Code: "P01", Name: "小微快贷", Institution: "示范支行", MinAmount: 100_000_00, MaxAmount: 3_000_000_00,
		TermMonths: 36, Collateral: []survey.Collateral{survey.CollateralProperty, survey.CollateralGuarantee}, RateBP: 385}
	if err := d.fin.AddProduct(ctx, mgr, p); err != nil {
		t.Fatal(err)
	}
	li := d.login(t, "2001")
	rec, _ := d.fin.NewSurvey(ctx, li)
	rec.Survey = filled("2001")
	if err := d.fin.SaveDraft(ctx, li, rec); err != nil {
		t.Fatal(err)
	}
	if _, err := d.fin.Finalize(ctx, li, rec.ID); err != nil {
		t.Fatal(err)
	}
	id, err := d.fin.Collect(ctx, li, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []pipeline.Event{
		{DemandID: id, Stage: pipeline.Matched, Product: &p, Plan: "抵押加保证"},
		{DemandID: id, Stage: pipeline.InProgress},
		{DemandID: id, Stage: pipeline.Funded, FundedAmount: 1_500_000_00, FundedDate: "2026-11-23"},
		{DemandID: id, Stage: pipeline.FollowedUp, Satisfaction: 5},
	} {
		if _, err := d.fin.Advance(ctx, li, e); err != nil {
			t.Fatalf("%s: %v", e.Stage.Title(), err)
		}
	}
	if _, err := d.fin.ReceiveComplaint(ctx, li, pipeline.ChannelPhone, "客户反映审批进度不透明", "2001", ""); err != nil {
		t.Fatal(err)
	}
	zhao := d.login(t, "2002")
	if err := d.fin.LogProgress(ctx, zhao, "T2", "上门拜访，了解结算需求"); err != nil {
		t.Fatal(err)
	}

	rep, err := d.fin.Quarter(ctx, mgr, appraisal.Quarter{Year: 2026, Q: 4})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Default || rep.Weights[appraisal.Success] != 25 {
		t.Fatalf("weights %v (default %v)", rep.Weights, rep.Default)
	}
	cells := func(r appraisal.Row) []string {
		var out []string
		for _, m := range appraisal.Measures() {
			out = append(out, appraisal.Cell(r.Ratios[m]))
		}
		return append(out, r.Score.String())
	}
	want := map[string][]string{
		"":     {"2/3（66.67%）", "无数据", "无数据", "1/1（100.00%）", "5/5（100.00%）", "无数据", "1/1（100.00%）", "70.00"},
		"2001": {"1/1（100.00%）", "无数据", "无数据", "1/1（100.00%）", "5/5（100.00%）", "无数据", "1/1（100.00%）", "75.00"},
		"2002": {"1/2（50.00%）", "无数据", "无数据", "无数据", "无数据", "无数据", "无数据", "17.50"},
	}
	check := func(r appraisal.Row) {
		t.Helper()
		if got := cells(r); len(got) != len(want[r.Officer]) || strings.Join(got, "|") != strings.Join(want[r.Officer], "|") {
			t.Errorf("%q: %v\nwant %v", r.Officer, got, want[r.Officer])
		}
	}
	check(rep.Branch)
	if len(rep.Officers) != 2 || rep.Officers[0].Officer != "2001" || rep.Officers[0].Rank != 1 || rep.Officers[0].Name != "李四" ||
		rep.Officers[1].Officer != "2002" || rep.Officers[1].Rank != 2 {
		t.Fatalf("ranking %+v", rep.Officers)
	}
	for _, r := range rep.Officers {
		check(r)
	}

	own, err := d.fin.Quarter(ctx, zhao, appraisal.Quarter{Year: 2026, Q: 4})
	if err != nil || len(own.Officers) != 1 || own.Officers[0].Officer != "2002" || own.Officers[0].Rank != 2 {
		t.Fatalf("2002 sees %+v, %v", own.Officers, err)
	}
	if got := strings.Join(own.Branch.Cells("全行"), "|"); got != "—|全行|66.67%|无数据|无数据|100.00%|100.00%|无数据|100.00%|70.00" ||
		strings.Join(own.Officers[0].Cells("2002"), "|") != "2|2002|"+strings.Join(want["2002"], "|") {
		t.Fatalf("2002 sees the branch as %s and herself as %v", got, own.Officers[0].Cells("2002"))
	}
	q3, err := d.fin.Quarter(ctx, mgr, appraisal.Quarter{Year: 2026, Q: 3})
	// In Q3 the list was not there yet and nothing was done: no score, so
	// nobody is ranked (not both first on the complaints' full marks).
	if err != nil || appraisal.Cell(q3.Branch.Ratios[appraisal.Coverage]) != "无数据" || q3.Branch.Score.String() != "无数据" ||
		appraisal.Cell(q3.Branch.Ratios[appraisal.Success]) != "无数据" || len(q3.Officers) != 2 || q3.Officers[0].Rank != 0 || q3.Officers[1].Rank != 0 {
		t.Fatalf("Q3: %+v, %v", q3, err)
	}
	if _, err := d.fin.Quarter(ctx, mgr, appraisal.Quarter{Year: 2026, Q: 5}); !errors.Is(err, appraisal.ErrQuarter) {
		t.Fatalf("a fifth quarter: %v", err)
	}
	if _, err := d.fin.Quarter(ctx, d.login(t, "1001"), appraisal.Quarter{Year: 2026, Q: 4}); err == nil {
		t.Fatal("a clerk read the evaluation")
	}
}

// TestQuarterListVersions: every import of a row keeps a new version,
// dated the business day, beside the earlier ones; the versions are never
// changed or removed, so a past quarter reads the list as it stood.
func TestQuarterListVersions(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	mgr := d.login(t, "3001")
	row := target.Target{ID: "T1", Name: "光谷示范软件有限公司", Class: target.Normal, Officer: "2002", Deadline: "2026-12-20", Listed: "2020-01-01"}
	if err := d.fin.ImportTargets(ctx, mgr, []target.Target{row}); err != nil {
		t.Fatal(err)
	}
	row.Class = target.Exit
	if err := d.fin.ImportTargets(ctx, mgr, []target.Target{row}); err != nil {
		t.Fatal(err)
	}
	var versions []target.Target
	if err := sqlstore.Finance(d.db).View(ctx, func(tx finance.Tx) (err error) {
		versions, err = tx.TargetListings(mgr.Branch().ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(versions) != 2 || versions[0].Class != target.Normal || versions[1].Class != target.Exit ||
		versions[0].Listed != "2026-11-23" || versions[1].Listed != "2026-11-23" {
		t.Fatalf("versions %+v", versions)
	}
	for _, q := range []string{`UPDATE target_listings SET listed = '2020-01-01'`, `DELETE FROM target_listings`} {
		if _, err := d.db.Exec(ctx, q); err == nil {
			t.Fatalf("%s went through", q)
		}
	}
}
