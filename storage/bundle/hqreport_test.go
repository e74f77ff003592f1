package bundle

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/survey"
	"branchdesk/storage/demo"
)

// ReportDay posts the real day of roundtrip_test, balances teller 1001's
// box ¥100 short with a reason, a B and an A, and records a survey, a
// pipeline of demands and a complaint: what head office's reports read.
func ReportDay(t testing.TB, svc *counter.Service, exec func(q string, args ...any) error) {
	t.Helper()
	ctx := context.Background()
	day(t, svc)
	sess := signedIn(t, svc, "1001")
	// 50,000 from the vault + 311,000 deposited − 2,000 paid + 2,000 reversed.
	in := counter.BalanceInput{Count: cash.Count{"N100": 3609}, Reason: "付款时多付客户"}
	b, a := approve("2001"), approve("3001")
	in.SignB, in.ApproveA = &b, &a
	bal, err := svc.BalanceBox(ctx, sess, in)
	if err != nil {
		t.Fatalf("balance: %v", err)
	}
	if bal.Diff != -100_00 {
		t.Fatalf("balance %+v", bal)
	}
	at := func(h int) time.Time { return time.Date(2026, 11, 23, h, 0, 0, 0, time.Local) }
	product := &pipeline.Product{Code: "P1", Name: "科创贷", Institution: "本行", MinAmount: 100_000_00, MaxAmount: 1_000_000_00,
		TermMonths: 12, Collateral: []survey.Collateral{survey.CollateralProperty}}
	need := func(a money.Amount) *pipeline.Need { return &pipeline.Need{Amount: a, TermMonths: 12} }
	events := []pipeline.Event{
		{DemandID: "D1", Stage: pipeline.Collected, At: at(9), By: "1001", Need: need(500_000_00)},
		{DemandID: "D1", Stage: pipeline.Matched, At: at(10), By: "1001", Product: product, Plan: "抵押贷款"},
		{DemandID: "D1", Stage: pipeline.InProgress, At: at(11), By: "1001"},
		{DemandID: "D1", Stage: pipeline.Funded, At: at(15), By: "1001", FundedAmount: 400_000_00, FundedDate: today},
		{DemandID: "D2", Stage: pipeline.Collected, At: at(9), By: "1001", Need: need(300_000_00)},
		{DemandID: "D2", Stage: pipeline.Matched, At: at(11), By: "1001", Product: product, Plan: "抵押贷款"},
		{DemandID: "D3", Stage: pipeline.Collected, At: at(9), By: "1002", Need: need(100_000_00)},
	}
	for _, e := range events {
		data, _ := json.Marshal(e)
		if err := exec(`INSERT INTO demand_events (branch_id, demand_id, data) VALUES (?,?,?)`, demo.Branch, e.DemandID, string(data)); err != nil {
			t.Fatal(err)
		}
	}
	c, err := pipeline.Receive("C1", pipeline.ChannelPhone, "等候时间太长", at(14))
	if err != nil {
		t.Fatal(err)
	}
	c.Officer = "1001"
	data, _ := json.Marshal(c)
	if err := exec(`INSERT INTO complaints VALUES ('C1', ?, ?)`, demo.Branch, string(data)); err != nil {
		t.Fatal(err)
	}
	for _, r := range []survey.Record{
		{ID: "S1", Version: 1, Status: survey.Final, Survey: survey.Survey{OfficerID: "1001"}, FinalizedAt: at(9)},
		{ID: "S1", Version: 2, Status: survey.Final, Survey: survey.Survey{OfficerID: "1001"}, FinalizedAt: at(10)},
		{ID: "S2", Version: 1, Status: survey.Draft, Survey: survey.Survey{OfficerID: "1002"}},
	} {
		data, _ := json.Marshal(r)
		if err := exec(`INSERT INTO surveys VALUES (?,?,?,?,?,?,?,?)`, r.ID, r.Version, demo.Branch, string(r.Status),
			r.Survey.OfficerID, "", "", string(data)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestHQReports(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	ReportDay(t, r.svc, func(q string, args ...any) error { _, err := r.db.Exec(context.Background(), q, args...); return err })
	r.importOK(r.export())

	days, err := r.hq.DailyReport(ctx, today, today)
	if err != nil || len(days) != 1 {
		t.Fatalf("daily %+v %v", days, err)
	}
	d := days[0]
	kind := func(k ledger.Kind) KindTotal {
		for _, x := range d.Kinds {
			if x.Kind == k {
				return x
			}
		}
		return KindTotal{}
	}
	if d.Branch != demo.Branch || d.Date != today || d.Closed ||
		kind(ledger.SavingsCashDeposit) != (KindTotal{ledger.SavingsCashDeposit, 3, 311_000_00}) ||
		kind(ledger.SavingsCashWithdrawal) != (KindTotal{ledger.SavingsCashWithdrawal, 1, 2_000_00}) ||
		d.Reversals != 1 || d.ReversedAmount != 2_000_00 || d.IssuedCount != 1 || d.Issued != 50_000_00 || d.ReceivedCount != 0 {
		t.Fatalf("daily %+v", d)
	}
	if n, a := d.Postings(); n != 4 || a != 313_000_00 {
		t.Fatalf("postings %d %s", n, a)
	}
	if days, _ := r.hq.DailyReport(ctx, "2026-11-24", "2026-11-30"); len(days) != 0 {
		t.Fatalf("days outside the period %+v", days)
	}

	ds, err := r.hq.DifferenceReport(ctx, today, today)
	if err != nil || len(ds) != 1 {
		t.Fatalf("differences %+v %v", ds, err)
	}
	want := CashDifference{Branch: demo.Branch, Date: today, Teller: "1001", Expected: 361_000_00, Counted: 360_900_00, Diff: -100_00,
		Reason: "付款时多付客户", SignedB: "2001", ApproveA: "3001"}
	if ds[0] != want || ds[0].Overage() {
		t.Fatalf("difference %+v", ds[0])
	}

	us, err := r.hq.VoucherReport(ctx, today, today)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, u := range us {
		n := count(t, branchRows{r.db}, `SELECT COUNT(*) FROM voucher_events WHERE branch_id = ? AND type = ? AND state = ? AND business_date = ?`,
			u.Branch, u.Type, u.State, today)
		if n != u.Count || n == 0 {
			t.Errorf("vouchers %+v, branch has %d", u, n)
		}
		total += u.Count
	}
	if n := count(t, branchRows{r.db}, `SELECT COUNT(*) FROM voucher_events WHERE business_date = ?`, today); n != total {
		t.Errorf("voucher events: report %d, branch %d", total, n)
	}

	ks, err := r.hq.KPIReport(ctx, today, today)
	if err != nil || len(ks) != 2 {
		t.Fatalf("kpi %+v %v", ks, err)
	}
	k1, k2 := ks[0], ks[1]
	if k1.Branch != demo.Branch || k1.Officer != "1001" || k1.KPI.Matched != 2 || k1.KPI.MatchedAmount != 800_000_00 ||
		k1.KPI.Funded != 1 || k1.KPI.FundedAmount != 400_000_00 || k1.KPI.SuccessByCount.String() != "50.00%" ||
		k1.KPI.ComplaintsReceived != 1 || k1.KPI.SurveysFiled != 1 {
		t.Fatalf("officer 1001 %+v", k1)
	}
	if k2.Officer != "1002" || k2.KPI.Matched != 0 || k2.KPI.SurveysFiled != 0 {
		t.Fatalf("officer 1002 %+v", k2)
	}
	if ks, _ := r.hq.KPIReport(ctx, "2026-11-24", "2026-11-24"); len(ks) != 2 || ks[0].KPI.Matched != 0 || ks[0].KPI.SurveysFiled != 0 {
		t.Fatalf("kpi the next day %+v", ks)
	}
	if _, err := r.hq.KPIReport(ctx, "2026-11-24", today); err == nil {
		t.Fatal("a period that ends before it starts")
	}
	if _, _, err := Period("2026-13-01", today); err == nil {
		t.Fatal("a bad date")
	}
	// A demand whose events do not replay is named.
	bad, _ := json.Marshal(pipeline.Event{DemandID: "D9", Stage: pipeline.Funded, At: time.Now(), By: "1001"})
	r.db.Exec(context.Background(), `INSERT INTO demand_events (branch_id, demand_id, data) VALUES (?,?,?)`, demo.Branch, "D9", string(bad))
	r.importOK(r.export())
	if _, err := r.hq.KPIReport(ctx, today, today); err == nil || !errors.Is(err, pipeline.ErrBadTransition) {
		t.Fatalf("bad demand: %v", err)
	}

	// Records count for the branch their terminal is enrolled in, even
	// one kept from before head office checked what records say.
	if _, err := r.hq.DB().Exec(`UPDATE records SET data = json_set(data, '$.branch_id', '0999')`); err != nil {
		t.Fatal(err)
	}
	if days, err := r.hq.DailyReport(ctx, today, today); err != nil || len(days) != 1 || days[0].Branch != demo.Branch {
		t.Fatalf("daily of records naming another branch %+v %v", days, err)
	}
	if ds, err := r.hq.DifferenceReport(ctx, today, today); err != nil || len(ds) != 1 || ds[0].Branch != demo.Branch {
		t.Fatalf("differences of records naming another branch %+v %v", ds, err)
	}
	if us, err := r.hq.VoucherReport(ctx, today, today); err != nil || len(us) == 0 || us[0].Branch != demo.Branch {
		t.Fatalf("vouchers of records naming another branch %+v %v", us, err)
	}
	// A record missing a field fails the report in Chinese.
	if _, err := r.hq.DB().Exec(`UPDATE records SET data = json_remove(data, '$.teller') WHERE type = 'teller_balances'`); err != nil {
		t.Fatal(err)
	}
	if _, err := r.hq.DifferenceReport(ctx, today, today); !errors.Is(err, errReportRow) || err.Error() != errReportRow.Error() {
		t.Fatalf("a record missing a field: %v", err)
	}
}
