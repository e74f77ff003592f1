package finance_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/money"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/staff"
	"branchdesk/domain/support"
	"branchdesk/domain/survey"
	"branchdesk/domain/target"
)

// TestConfidentialWhoSeesFigures: the owner, the branch's A and a B who
// is not an officer see full figures; another officer (B or C) does not.
func TestConfidentialWhoSeesFigures(t *testing.T) {
	cases := []struct {
		u    staff.User
		want bool
	}{
		{staff.User{ID: "2001", Level: staff.LevelB, Officer: true}, true},
		{staff.User{ID: "2002", Level: staff.LevelB, Officer: true}, false},
		{staff.User{ID: "1003", Level: staff.LevelC, Officer: true}, false},
		{staff.User{ID: "2003", Level: staff.LevelB}, true},
		{staff.User{ID: "3001", Level: staff.LevelA}, true},
		{staff.User{ID: "3003", Level: staff.LevelA, Officer: true}, true},
		{staff.User{ID: "1001", Level: staff.LevelC}, false},
	}
	for _, c := range cases {
		if got := finance.SeesFigures(c.u, "2001", ""); got != c.want {
			t.Errorf("%s %s officer=%v: %v", c.u.ID, c.u.Level, c.u.Officer, got)
		}
	}
	if finance.SeesFigures(staff.User{ID: "", Level: staff.LevelC}, "") {
		t.Error("an empty owner matched an empty id")
	}
}

// TestConfidentialFiguresOnStore: officer 2002 opening officer 2001's
// survey and demand sees the ranges only; 2001 and the A see the figures,
// each full view in the audit trail; a clerk reads nothing.
func TestConfidentialFiguresOnStore(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	off, other, mgr := d.login(t, "2001"), d.login(t, "2002"), d.login(t, "3001")
	s := filled("2001") // assets 300万, liabilities 120万, sought 200万
	s.Revenue = 1000*1_000_000 + 1
	rec, id, err := d.collected(t, off, s)
	if err != nil {
		t.Fatal(err)
	}

	seen, err := d.fin.Open(ctx, other, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	s = seen.Survey
	if !seen.Banded || seen.Figure(s.Revenue) != "1,000–5,000 万" || seen.Figure(s.Assets) != "100–500 万" ||
		seen.Figure(s.AmountSought) != "100–500 万" || seen.Figure(s.Liabilities) != "100–500 万" {
		t.Fatalf("2002 sees %s / %s / %s", seen.Figure(s.Revenue), seen.Figure(s.Assets), seen.Figure(s.AmountSought))
	}
	if s.Revenue != 1000*1_000_000 || s.AmountSought != 100*1_000_000 {
		t.Fatalf("the figures leak under the ranges: %s %s", s.Revenue, s.AmountSought)
	}
	mine, _ := d.fin.NewSurvey(ctx, other)
	mine.Survey.CreditCode = rec.Survey.CreditCode
	same, _ := d.fin.SameEnterprise(ctx, other, mine)
	if len(same) != 1 || !same[0].Banded {
		t.Fatalf("same enterprise shows 2002 the figures: %+v", same)
	}
	hist, _ := d.fin.History(ctx, other, rec.ID)
	if len(hist) == 0 || !hist[0].Banded {
		t.Fatal("history shows 2002 the figures")
	}
	for _, who := range []string{"2001", "3001"} {
		full, err := d.fin.Open(ctx, d.login(t, who), rec.ID)
		if err != nil || full.Banded || full.Survey.Revenue != 1000*1_000_000+1 || full.Figure(full.Survey.Revenue) != "¥10,000,000.01" {
			t.Fatalf("%s sees %s %v", who, full.Figure(full.Survey.Revenue), err)
		}
	}
	var views int
	if err := d.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit WHERE detail LIKE ?`, "查看调查表 "+rec.ID+"%").Scan(&views); err != nil || views != 3 {
		t.Fatalf("%d views audited, want 3: %v", views, err)
	}

	dm, _ := d.fin.Demand(ctx, other, id)
	if !dm.Banded || dm.Figure(dm.Need.Amount) != "100–500 万" || dm.Events[0].Need.Amount != 100*1_000_000 {
		t.Fatalf("2002 sees the demand's %s", dm.Figure(dm.Need.Amount))
	}
	if own, _ := d.fin.Demand(ctx, off, id); own.Banded || own.Need.Amount != 200*1_000_000 {
		t.Fatalf("2001 sees own demand as %s", own.Figure(own.Need.Amount))
	}
	if q, _ := d.fin.Queue(ctx, mgr); len(q) != 1 || q[0].Demand.Banded {
		t.Fatalf("the A's queue: %+v", q)
	}
	if q, _ := d.fin.Queue(ctx, other); len(q) != 0 {
		t.Fatalf("2002's queue holds 2001's demand: %+v", q)
	}
	if _, err := d.fin.Surveys(ctx, d.login(t, "1001")); !errors.Is(err, finance.ErrNotOfficer) {
		t.Fatalf("a clerk reads the surveys: %v", err)
	}
}

// addSupervisor adds 2009, a B who is not an officer, signed in.
func (d *desk) addSupervisor(t *testing.T) *counter.Session {
	t.Helper()
	ctx := context.Background()
	if err := d.svc.AddUser(ctx, counter.CommandLine(), staff.User{ID: "2009", Name: "钱七", Level: staff.LevelB, Branch: "0101"}, "init2009x"); err != nil {
		t.Fatal(err)
	}
	if err := d.svc.ChangePassword(ctx, "2009", "init2009x", "pass2009"); err != nil {
		t.Fatal(err)
	}
	return d.login(t, "2009")
}

// TestConfidentialSupervisorSeesBranch: a B who is not an officer reads
// the branch's surveys, demands and list in full figures, but makes no
// survey.
func TestConfidentialSupervisorSeesBranch(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	if _, _, err := d.collected(t, d.login(t, "2001"), filled("2001")); err != nil {
		t.Fatal(err)
	}
	sup := d.addSupervisor(t)
	rs, err := d.fin.Surveys(ctx, sup)
	if err != nil || len(rs) != 1 || rs[0].Banded || rs[0].Survey.Revenue != 500*1_000_000 {
		t.Fatalf("the supervisor's surveys %+v %v", rs, err)
	}
	if rs[0].Survey.ContactMobile != "138****5678" {
		t.Fatalf("the supervisor sees the contact %q", rs[0].Survey.ContactMobile)
	}
	q, err := d.fin.Queue(ctx, sup)
	if err != nil || len(q) != 1 || q[0].Demand.Banded || q[0].Demand.Need.Amount != 200*1_000_000 {
		t.Fatalf("the supervisor's queue %+v %v", q, err)
	}
	if _, err := d.fin.NewSurvey(ctx, sup); !errors.Is(err, finance.ErrNotOfficer) {
		t.Fatalf("the supervisor made a survey: %v", err)
	}
}

// TestConfidentialClerkOpensNothing (RULES §5 保密: only those who need it
// see it): a clerk who is no officer, A nor B reads no survey or demand by
// its id — not opened, not its history, not as the same enterprise, not
// the demand — as they read no list of them.
func TestConfidentialClerkOpensNothing(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	rec, id, err := d.collected(t, d.login(t, "2001"), filled("2001"))
	if err != nil {
		t.Fatal(err)
	}
	clerk := d.login(t, "1001")
	if _, err := d.fin.Open(ctx, clerk, rec.ID); !errors.Is(err, finance.ErrNotOfficer) {
		t.Errorf("a clerk opens the survey: %v", err)
	}
	if _, err := d.fin.History(ctx, clerk, rec.ID); !errors.Is(err, finance.ErrNotOfficer) {
		t.Errorf("a clerk reads the survey's history: %v", err)
	}
	if _, err := d.fin.SameEnterprise(ctx, clerk, rec); !errors.Is(err, finance.ErrNotOfficer) {
		t.Errorf("a clerk finds the same enterprise's surveys: %v", err)
	}
	if _, err := d.fin.Demand(ctx, clerk, id); !errors.Is(err, finance.ErrNotOfficer) {
		t.Errorf("a clerk reads the demand: %v", err)
	}
	if _, err := d.fin.Search(ctx, clerk, "兴农", 10); !errors.Is(err, finance.ErrNotOfficer) {
		t.Errorf("a clerk searches the list: %v", err)
	}
	if d.audited(t, "查看调查表 "+rec.ID) {
		t.Error("a refused view is in the audit trail as seen")
	}
}

// mortgageProduct adds P01, lent against property, with mgr (an A).
func (d *desk) mortgageProduct(t *testing.T, mgr *counter.Session) pipeline.Product {
	t.Helper()
	p := pipeline.Product{Code: "P01", Name: "小微快贷", Institution: "示范支行", MinAmount: 100_000_00, MaxAmount: 3_000_000_00,
		TermMonths: 36, Collateral: []survey.Collateral{survey.CollateralProperty}, RateBP: 385}
	if err := d.fin.AddProduct(context.Background(), mgr, p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestConfidentialOtherOfficersDemand (RULES §5 保密; only its officer
// handles a demand): officer 2002 neither moves officer 2001's demand on
// nor assesses its public support, which would hand back its amounts in
// full (the state after the step; the subsidies worked out on the amount
// sought); nothing is recorded. 2001 and the A do both.
func TestConfidentialOtherOfficersDemand(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	mgr, off, other := d.login(t, "3001"), d.login(t, "2001"), d.login(t, "2002")
	p := d.mortgageProduct(t, mgr)
	id := d.collect(t, off, filled("2001"))
	answers := support.Answers{Guarantee: support.Guarantee{New: support.Yes, FeeBP: support.Give(150)}}

	st, err := d.fin.Advance(ctx, other, pipeline.Event{DemandID: id, Stage: pipeline.Matched, Product: &p, Plan: "抵押"})
	if !errors.Is(err, finance.ErrNotYourDemand) {
		t.Errorf("2002 matched 2001's demand and reads %s sought: %v", st.Need.Amount, err)
	}
	a, err := d.fin.Support(ctx, other, id, answers)
	if !errors.Is(err, finance.ErrNotYourDemand) {
		t.Errorf("2002 assesses 2001's demand, a subsidy of %s: %v", a.GuaranteeSubsidy, err)
	}
	if st, err := d.fin.Demand(ctx, off, id); err != nil || st.Stage != pipeline.Collected {
		t.Fatalf("after the refusals the demand is %v, %v", st.Stage, err)
	}
	if a, err := d.fin.Support(ctx, mgr, id, answers); err != nil || a.GuaranteeSubsidy != money.Amount(200*1_000_000/200) {
		t.Fatalf("the A assesses the support: %s %v", a.GuaranteeSubsidy, err)
	}
	if _, err := d.fin.Support(ctx, off, id, answers); err != nil {
		t.Fatalf("2001 assesses the support: %v", err)
	}
	if _, err := d.fin.Advance(ctx, off, pipeline.Event{DemandID: id, Stage: pipeline.Matched, Product: &p, Plan: "抵押"}); err != nil {
		t.Fatalf("2001 matches the demand: %v", err)
	}
	if _, err := d.fin.Advance(ctx, mgr, pipeline.Event{DemandID: id, Stage: pipeline.InProgress}); err != nil {
		t.Fatalf("the A moves the demand on: %v", err)
	}
}

// TestConfidentialSupervisorListContacts (seed §六: phone numbers only to
// who owns the record): a B who is not an officer reads the branch's list,
// as its surveys, with the contacts' mobiles masked — the list returned,
// not only the screen; the week due too. The officer and the A read them.
func TestConfidentialSupervisorListContacts(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	mgr := d.login(t, "3001")
	if err := d.fin.ImportTargets(ctx, mgr, []target.Target{{Name: "武汉示范生物科技有限公司", CreditCode: "91350100M000100Y43",
		Contact: "陈经理 13812345678", Class: target.Preferred, Officer: "2001", Deadline: "2026-11-25"}}); err != nil {
		t.Fatal(err)
	}
	sup := d.addSupervisor(t)
	list, err := d.fin.Targets(ctx, sup)
	if err != nil || len(list) != 1 || list[0].Contact != "陈经理 138****5678" {
		t.Fatalf("the supervisor's list %+v %v", list, err)
	}
	due, err := d.fin.WeekDue(ctx, sup, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if err != nil || len(due) != 1 || due[0].Target.Contact != "陈经理 138****5678" {
		t.Fatalf("the supervisor's week %+v %v", due, err)
	}
	for _, who := range []string{"2001", "3001"} {
		if list, err := d.fin.Targets(ctx, d.login(t, who)); err != nil || len(list) != 1 || list[0].Contact != "陈经理 13812345678" {
			t.Fatalf("%s's list %+v %v", who, list, err)
		}
	}
}

// TestConfidentialKPIsBranchLine (RULES §5 保密: nothing leaks through
// exports): 赵敏 (2002) was lent ¥2,800,000 of the ¥3,000,000 she sought,
// 李四 (2001) matched ¥2,000,000 not yet funded. 李四's KPIs hold his own
// line whole and the branch's as the quarterly evaluation shows it to an
// officer, rates only (1 of 2 funded, 50.00%; ¥280万 of ¥500万, 56.00%):
// every count and amount withheld, so that the branch's less his own is
// not 赵敏's. The A and a B who is no officer read the branch in full.
func TestConfidentialKPIsBranchLine(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	mgr, li, zhao := d.login(t, "3001"), d.login(t, "2001"), d.login(t, "2002")
	p := d.mortgageProduct(t, mgr)
	from := d.clock.Now()
	hers := filled("2002")
	hers.Name, hers.CreditCode, hers.AmountSought = "光谷示范软件有限公司", creditCode(t, "00001"), 300*1_000_000
	her := d.collect(t, zhao, hers)
	mine := d.collect(t, li, filled("2001"))
	for _, step := range []struct {
		sess *counter.Session
		e    pipeline.Event
	}{
		{zhao, pipeline.Event{DemandID: her, Stage: pipeline.Matched, Product: &p, Plan: "抵押"}},
		{zhao, pipeline.Event{DemandID: her, Stage: pipeline.InProgress}},
		{zhao, pipeline.Event{DemandID: her, Stage: pipeline.Funded, FundedAmount: 280 * 1_000_000, FundedDate: "2026-11-23"}},
		{li, pipeline.Event{DemandID: mine, Stage: pipeline.Matched, Product: &p, Plan: "抵押"}},
	} {
		if _, err := d.fin.Advance(ctx, step.sess, step.e); err != nil {
			t.Fatalf("%s: %v", step.e.Stage.Title(), err)
		}
	}
	to := d.clock.Now()

	branch, officers, err := d.fin.KPIs(ctx, li, from, to)
	if err != nil {
		t.Fatal(err)
	}
	w := pipeline.Withheld
	if got, want := branch.Cells(), []string{w, w, w, w, w, "50.00%", "56.00%", w, "—", w, "—", w, w}; !slices.Equal(got, want) {
		t.Errorf("李四 sees the branch as %q, want %q", got, want)
	}
	if !branch.Percent || branch.Matched != 0 || branch.MatchedAmount != 0 || branch.Funded != 0 || branch.FundedAmount != 0 ||
		branch.SurveysFiled != 0 || branch.SuccessByAmount != (pipeline.Ratio{Num: 5600, Den: 10000}) {
		t.Fatalf("the branch's counts or amounts reach 李四: %+v", branch)
	}
	if len(officers) != 1 || officers[0].Officer != "2001" || officers[0].KPI.Percent ||
		!slices.Equal(officers[0].KPI.Cells(), []string{"1", "1", "¥2,000,000.00", "0", "¥0.00", "0.00%", "0.00%", "0", "—", "0", "—", "0", "0"}) {
		t.Fatalf("李四's own line %+v", officers)
	}

	for _, who := range []*counter.Session{mgr, d.addSupervisor(t)} {
		branch, officers, err := d.fin.KPIs(ctx, who, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if got := branch.Cells(); branch.Percent || !slices.Equal(got, []string{"2", "2", "¥5,000,000.00", "1", "¥2,800,000.00", "50.00%", "56.00%", "0", "—", "0", "—", "0", "0"}) {
			t.Errorf("%s sees the branch as %q", who.User().ID, got)
		}
		if len(officers) != 2 || officers[1].Officer != "2002" || officers[1].KPI.FundedAmount != 280*1_000_000 || officers[1].KPI.Percent {
			t.Errorf("%s sees the officers %+v", who.User().ID, officers)
		}
	}
}
