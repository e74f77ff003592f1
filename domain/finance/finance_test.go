package finance_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/money"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/survey"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/storetest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

// ids numbers records in order; safe for the tests whose desks work at once
// (a plain counter handed two goroutines the same id).
func ids() finance.IDs {
	var n atomic.Int64
	return func(p string) string { return fmt.Sprintf("%s%04d", p, n.Add(1)) }
}

type desk struct {
	path  string
	db    *sqlstore.DB
	svc   *counter.Service
	fin   *finance.Service
	clock *clock
}

func open(t *testing.T, path string, c *clock, seed bool) *desk {
	t.Helper()
	ctx := context.Background()
	db := storetest.OpenTarget(t, path)
	svc := counter.New(db, c, "0101-T01")
	if seed {
		if err := demo.Seed(ctx, svc, "2026-11-23"); err != nil {
			t.Fatal(err)
		}
	}
	fin, err := finance.New(sqlstore.Finance(db), c, ids())
	if err != nil {
		t.Fatal(err)
	}
	return &desk{path: path, db: db, svc: svc, fin: fin, clock: c}
}

func newDesk(t *testing.T) *desk {
	return open(t, storetest.Target(t), &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}, true)
}

func (d *desk) login(t *testing.T, id string) *counter.Session {
	t.Helper()
	s, err := d.svc.Login(context.Background(), id, "pass"+id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// filledDraft is a new survey of the officer of sess, filled, changed by
// change if given, and saved.
func (d *desk) filledDraft(t *testing.T, sess *counter.Session, change func(*survey.Survey)) survey.Record {
	t.Helper()
	rec, err := d.fin.NewSurvey(context.Background(), sess)
	if err != nil {
		t.Fatal(err)
	}
	rec.Survey = filled(sess.User().ID)
	if change != nil {
		change(&rec.Survey)
	}
	if err := d.fin.SaveDraft(context.Background(), sess, rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

func filled(officer string) survey.Survey {
	return survey.Survey{
		Name: "虎林市兴农农机销售有限公司", CreditCode: "91350100M000100Y43", RegisteredOn: "2016-04-08",
		LegalRep: "张三", LegalRepID: "11010519491231002X", Address: "虎林市虎林镇民主街88号",
		Section: "F", Division: "52", MainBusiness: "农机销售及维修", Ownership: survey.OwnershipPrivate,
		Employees: 50, Revenue: 500 * 1_000_000, Assets: 300 * 1_000_000, Liabilities: 120 * 1_000_000,
		TaxGrade: survey.TaxB, AmountSought: 200 * 1_000_000, Purpose: survey.PurposeWorkingCapital,
		TermMonths: 12, Urgency: survey.UrgencyMedium,
		Collateral: []survey.Collateral{survey.CollateralProperty, survey.CollateralGuarantee},
		Contact:    "李四", ContactMobile: "13812345678", Consent: true, OfficerID: officer, SurveyDate: "2026-11-23",
	}
}

// Closing the store mid-draft loses nothing: every field comes back.
func TestDraftSurvivesClosingTheStore(t *testing.T) {
	target := storetest.Target(t)
	c := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	d := open(t, target, c, true)
	ctx := context.Background()
	off := d.login(t, "2001")
	rec, err := d.fin.NewSurvey(ctx, off)
	if err != nil {
		t.Fatal(err)
	}
	rec.Survey = filled("2001")
	rec.Survey.ContactMobile = "138" // typed half-way
	if err := d.fin.SaveDraft(ctx, off, rec); err != nil {
		t.Fatal(err)
	}
	d.db.Close()

	d = open(t, target, c, false)
	off = d.login(t, "2001")
	got, err := d.fin.Open(ctx, off, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := rec.Survey
	if fmt.Sprint(got.Survey) != fmt.Sprint(want) || got.Status != survey.Draft {
		t.Fatalf("after reopening:\n got %+v\nwant %+v", got.Survey, want)
	}
}

func TestSurveyLifecycle(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	if _, err := d.fin.NewSurvey(ctx, d.login(t, "1001")); !errors.Is(err, finance.ErrNotOfficer) {
		t.Fatalf("a clerk who is not an officer: %v", err)
	}
	off := d.login(t, "2001")
	rec, _ := d.fin.NewSurvey(ctx, off)
	rec.Survey = filled("2001")
	rec.Survey.CreditCode = "91350100M000100Y44" // check character wrong
	if err := d.fin.SaveDraft(ctx, off, rec); err != nil {
		t.Fatal(err)
	}
	if _, err := d.fin.Finalize(ctx, off, rec.ID); !errors.Is(err, survey.ErrInvalid) {
		t.Fatalf("invalid draft finalized: %v", err)
	}
	// The officer checked the licence and keeps the code with a reason.
	rec.Survey.CodeOverrideReason = "营业执照所载代码如此，已核对原件"
	_ = d.fin.SaveDraft(ctx, off, rec)
	final, err := d.fin.Finalize(ctx, off, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.fin.SaveDraft(ctx, off, final); !errors.Is(err, survey.ErrFinalReadOnly) {
		t.Fatalf("editing a final survey: %v", err)
	}
	if _, err := d.db.Exec(context.Background(), `UPDATE surveys SET name = 'x' WHERE id = ?`, rec.ID); err == nil {
		t.Fatal("the database lets a final version change")
	}
	if _, err := d.fin.Correct(ctx, off, rec.ID, ""); !errors.Is(err, survey.ErrCorrectionReason) {
		t.Fatalf("correction without a reason: %v", err)
	}
	v2, err := d.fin.Correct(ctx, off, rec.ID, "联系人手机号码变更")
	if err != nil || v2.Version != 2 || v2.Supersedes != 1 {
		t.Fatalf("v2 %+v %v", v2, err)
	}
	v2.Survey.ContactMobile = "13912345678"
	if err := d.fin.SaveDraft(ctx, off, v2); err != nil {
		t.Fatal(err)
	}
	if _, err := d.fin.Finalize(ctx, off, rec.ID); err != nil {
		t.Fatal(err)
	}
	h, _ := d.fin.History(ctx, off, rec.ID)
	if len(h) != 2 || h[0].Survey.ContactMobile != "13812345678" || h[1].Survey.ContactMobile != "13912345678" || h[1].Reason != "联系人手机号码变更" {
		t.Fatalf("history %+v", h)
	}

	// A second survey of the same enterprise by another officer is flagged.
	off2 := d.login(t, "2002")
	other, _ := d.fin.NewSurvey(ctx, off2)
	other.Survey = filled("2002")
	other.Survey.CreditCode = "91350100m000100y44"
	_ = d.fin.SaveDraft(ctx, off2, other)
	same, err := d.fin.SameEnterprise(ctx, off2, other)
	if err != nil || len(same) != 1 || same[0].ID != rec.ID {
		t.Fatalf("same enterprise %+v %v", same, err)
	}
	// Not theirs: ID and phone numbers are masked.
	if s := same[0].Survey; s.LegalRepID != "110105********002X" || s.ContactMobile != "139****5678" {
		t.Fatalf("not masked: %q %q", s.LegalRepID, s.ContactMobile)
	}
	// Every full view is in the audit trail.
	if _, err := d.fin.Open(ctx, d.login(t, "3001"), rec.ID); err != nil {
		t.Fatal(err)
	}
	var views int
	_ = d.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit WHERE action = 'survey_view' AND actor = '3001'`).Scan(&views)
	if views != 1 {
		t.Fatalf("%d audited views", views)
	}
}

// KPIs from stored demands, computed by hand: two demands matched
// (¥2,000,000 and ¥1,000,000 sought), one funded ¥1,500,000 and followed
// up with a 4; so 1/2 = 50.00% by count, 150万/300万 = 50.00% by amount.
func TestPipelineAndKPIs(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	mgr := d.login(t, "3001")
	p := pipeline.Product{Code: "P01", Name: "小微快贷", Institution: "示范支行", MinAmount: 100_000_00, MaxAmount: 3_000_000_00,
		TermMonths: 36, Collateral: []survey.Collateral{survey.CollateralProperty, survey.CollateralGuarantee}, RateBP: 385}
	if err := d.fin.AddProduct(ctx, mgr, p); err != nil {
		t.Fatal(err)
	}
	off := d.login(t, "2001")
	from := d.clock.Now()
	demand := func(sought money.Amount) string {
		t.Helper()
		rec, _ := d.fin.NewSurvey(ctx, off)
		rec.Survey = filled("2001")
		rec.Survey.AmountSought = sought
		if err := d.fin.SaveDraft(ctx, off, rec); err != nil {
			t.Fatal(err)
		}
		if _, err := d.fin.Finalize(ctx, off, rec.ID); err != nil {
			t.Fatal(err)
		}
		id, err := d.fin.Collect(ctx, off, rec.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.fin.Collect(ctx, off, rec.ID); !errors.Is(err, finance.ErrAlreadyCollected) {
			t.Fatalf("one survey collected twice: %v", err)
		}
		if _, err := d.fin.Advance(ctx, off, pipeline.Event{DemandID: id, Stage: pipeline.Matched, Product: &p, Plan: "抵押加保证"}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	a, b := demand(2_000_000_00), demand(1_000_000_00)
	if _, err := d.fin.Advance(ctx, off, pipeline.Event{DemandID: a, Stage: pipeline.Funded, FundedAmount: 1_500_000_00, FundedDate: "2026-11-23"}); !errors.Is(err, pipeline.ErrBadTransition) {
		t.Fatalf("funded straight from matched: %v", err)
	}
	steps := []pipeline.Event{
		{DemandID: a, Stage: pipeline.InProgress},
		{DemandID: a, Stage: pipeline.InProgress, Problem: &pipeline.Problem{ID: "1", Action: pipeline.Raise, Text: "抵押物评估报告未出"}},
		{DemandID: a, Stage: pipeline.InProgress, Problem: &pipeline.Problem{ID: "1", Action: pipeline.Solve, Text: "评估公司已出具报告"}},
		{DemandID: a, Stage: pipeline.Funded, FundedAmount: 1_500_000_00, FundedDate: "2026-11-23"},
		{DemandID: a, Stage: pipeline.FollowedUp, Satisfaction: 4, Suggestions: "放款速度可以更快"},
	}
	for _, e := range steps {
		if _, err := d.fin.Advance(ctx, off, e); err != nil {
			t.Fatalf("%s: %v", e.Stage.Title(), err)
		}
	}
	st, _ := d.fin.Demand(ctx, off, a)
	if st.Stage != pipeline.FollowedUp || len(st.Events) != 7 || st.Problems[0].SolveTime() <= 0 || st.Problems[0].SolveTime() != st.Problems[0].SolvedAt.Sub(st.Problems[0].RaisedAt) {
		t.Fatalf("demand %s: %s, %d events, %+v", a, st.Stage, len(st.Events), st.Problems)
	}
	if _, err := d.fin.Advance(ctx, off, pipeline.Event{DemandID: b, Stage: pipeline.FollowedUp, Satisfaction: 6}); err == nil {
		t.Fatal("an impossible step was kept")
	}
	c, err := d.fin.ReceiveComplaint(ctx, off, pipeline.ChannelPhone, "客户反映审批进度不透明", "2001", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.fin.AdvanceComplaint(ctx, off, c.ID, pipeline.Handled, "已答复"); !errors.Is(err, pipeline.ErrStepOrder) {
		t.Fatalf("complaint step out of order: %v", err)
	}
	branch, officers, err := d.fin.KPIs(ctx, mgr, from, d.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	bp := func(r pipeline.Ratio) int64 { v, _ := r.BasisPoints(); return v }
	if branch.Matched != 2 || branch.Funded != 1 || bp(branch.SuccessByCount) != 5000 || bp(branch.SuccessByAmount) != 5000 ||
		branch.AvgSatisfaction != 400 || branch.SurveysFiled != 2 || branch.ComplaintsReceived != 1 || branch.ComplaintsClosed != 0 {
		t.Fatalf("branch KPIs %+v", branch)
	}
	if len(officers) != 1 || officers[0].Officer != "2001" || officers[0].Name != "李四" || officers[0].KPI.Funded != 1 {
		t.Fatalf("officer KPIs %+v", officers)
	}
	insts, err := d.fin.InstitutionKPIs(ctx, mgr, from, d.clock.Now())
	if err != nil || len(insts) != 1 || insts[0].Institution != "示范支行" || bp(insts[0].KPI.SuccessByCount) != 5000 || insts[0].KPI.Matched != 2 {
		t.Fatalf("institution KPIs %+v %v", insts, err)
	}
}

// TestProductEditAndRetire: the A changes a product in place (audited as a
// change), retires it with a reason, and a retired product is listed but
// never matched, nor changed again; nobody else keeps the catalogue.
func TestProductEditAndRetire(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	mgr, off := d.login(t, "3001"), d.login(t, "2001")
	p := pipeline.Product{Code: "P01", Name: "小微快贷", Institution: "示范支行", MinAmount: 100_000_00, MaxAmount: 3_000_000_00,
		TermMonths: 36, Collateral: []survey.Collateral{survey.CollateralProperty}, RateBP: 385}
	if err := d.fin.AddProduct(ctx, mgr, p); err != nil {
		t.Fatal(err)
	}
	need := pipeline.Need{Amount: 3_000_000_01, TermMonths: 12, Collateral: []survey.Collateral{survey.CollateralProperty}}
	ps, _ := d.fin.Products(ctx)
	if len(pipeline.Match(need, ps)) != 0 {
		t.Fatal("a need one fen above the ceiling matched")
	}
	p.MaxAmount = 3_000_000_01
	if err := d.fin.AddProduct(ctx, off, p); !errors.Is(err, counter.ErrNeedLevelA) {
		t.Fatalf("an officer changes the catalogue: %v", err)
	}
	if err := d.fin.AddProduct(ctx, mgr, p); err != nil {
		t.Fatal(err)
	}
	ps, _ = d.fin.Products(ctx)
	if len(ps) != 1 || ps[0].MaxAmount != 3_000_000_01 || len(pipeline.Match(need, ps)) != 1 {
		t.Fatalf("after the change: %+v", ps)
	}
	var changes int
	_ = d.db.QueryRow(ctx, `SELECT COUNT(*) FROM audit WHERE action = 'product' AND detail LIKE '修改产品 P01%'`).Scan(&changes)
	if changes != 1 {
		t.Fatalf("%d audited changes", changes)
	}

	if err := d.fin.RetireProduct(ctx, mgr, "P01", "  "); !errors.Is(err, finance.ErrRetireReason) {
		t.Fatalf("retired without a reason: %v", err)
	}
	if err := d.fin.RetireProduct(ctx, off, "P01", "机构停办"); !errors.Is(err, counter.ErrNeedLevelA) {
		t.Fatalf("an officer retires a product: %v", err)
	}
	if err := d.fin.RetireProduct(ctx, mgr, "P99", "机构停办"); !errors.Is(err, finance.ErrNoProduct) {
		t.Fatalf("retiring an unknown product: %v", err)
	}
	if err := d.fin.RetireProduct(ctx, mgr, "P01", "机构停办"); err != nil {
		t.Fatal(err)
	}
	ps, _ = d.fin.Products(ctx)
	if len(ps) != 1 || !ps[0].Retired || ps[0].RetiredReason != "机构停办" || len(pipeline.Match(need, ps)) != 0 {
		t.Fatalf("after retiring: %+v", ps)
	}
	if err := d.fin.AddProduct(ctx, mgr, p); !errors.Is(err, finance.ErrProductRetired) {
		t.Fatalf("a retired product changed: %v", err)
	}
	if err := d.fin.RetireProduct(ctx, mgr, "P01", "再停"); !errors.Is(err, finance.ErrProductNotActive) {
		t.Fatalf("retired twice: %v", err)
	}
	// A match with the retired product, as a screen opened before the
	// retirement would send it, is refused.
	rec, _ := d.fin.NewSurvey(ctx, off)
	rec.Survey = filled("2001")
	if err := d.fin.SaveDraft(ctx, off, rec); err != nil {
		t.Fatal(err)
	}
	if _, err := d.fin.Finalize(ctx, off, rec.ID); err != nil {
		t.Fatal(err)
	}
	id, err := d.fin.Collect(ctx, off, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	old := p
	if _, err := d.fin.Advance(ctx, off, pipeline.Event{DemandID: id, Stage: pipeline.Matched, Product: &old, Plan: "抵押"}); !errors.Is(err, finance.ErrProductNotActive) {
		t.Fatalf("matched to a retired product: %v", err)
	}
}

// Only the survey's own officer, or an A, corrects a final survey: another
// officer is refused and nothing is written (no new version, no audit
// line); the owner's draft comes back in full.
func TestSurveyCorrectionOwnOnly(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	off := d.login(t, "2001")
	rec := d.filledDraft(t, off, nil)
	if _, err := d.fin.Finalize(ctx, off, rec.ID); err != nil {
		t.Fatal(err)
	}
	count := func(q string) int {
		var n int
		if err := d.db.QueryRow(ctx, q, rec.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	versions := `SELECT COUNT(*) FROM surveys WHERE id = ?`
	audits := `SELECT COUNT(*) FROM audit WHERE action = 'survey' AND detail LIKE '%' || ? || '%更正%'`
	if _, err := d.fin.Correct(ctx, d.login(t, "2002"), rec.ID, "联系人变更"); !errors.Is(err, finance.ErrNotYourSurvey) {
		t.Fatalf("another officer's correction: %v", err)
	}
	if count(versions) != 1 || count(audits) != 0 {
		t.Fatalf("a refused correction wrote %d versions, %d audit lines", count(versions), count(audits))
	}
	v2, err := d.fin.Correct(ctx, off, rec.ID, "联系人变更")
	if err != nil || v2.Version != 2 || v2.Survey.LegalRepID != "11010519491231002X" {
		t.Fatalf("the owner's correction: %+v %v", v2, err)
	}
	if _, err := d.fin.Finalize(ctx, off, rec.ID); err != nil {
		t.Fatal(err)
	}
	if v3, err := d.fin.Correct(ctx, d.login(t, "3001"), rec.ID, "复核更正"); err != nil || v3.Version != 3 {
		t.Fatalf("an A's correction: %+v %v", v3, err)
	}
	if count(versions) != 3 || count(audits) != 2 {
		t.Fatalf("%d versions, %d audit lines", count(versions), count(audits))
	}
}
