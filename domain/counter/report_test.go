package counter_test

import (
	"branchdesk/storage/demo"
	"context"
	"errors"
	"testing"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/voucher"
	"branchdesk/storage/sqlstore"
)

// reportDay drives teller 1001 张三 through a day worth reporting: ¥100,000
// from the vault, two deposits (one reversed) and a cheque withdrawal, a
// voided and two sold cheques, ¥100,000 handed back, and a count ¥100
// short that 2001 李四 signs off and 3001 王五 approves. The vault is
// counted at the end.
func reportDay(t *testing.T) (*counter.Service, *sqlstore.DB) {
	t.Helper()
	svc, db := newCounter(t)
	ctx := context.Background()
	keeper := signedIn(t, svc, "2001")
	vkeeper := signedIn(t, svc, "2002")
	t1 := signedIn(t, svc, "1001")

	if _, err := svc.MoveCash(ctx, keeper, move(vault, box("1001"), cash.Count{"N100": 900, "N50": 200}), approve("1001")); err != nil {
		t.Fatal(err)
	}
	if err := svc.IssueVouchers(ctx, vkeeper, voucher.Range{Type: voucher.CashCheque, From: 11, To: 20}, "1001"); err != nil {
		t.Fatal(err)
	}
	post := func(r counter.Request) ledger.Entry {
		t.Helper()
		d, err := svc.Prepare(ctx, t1, r)
		if err != nil {
			t.Fatal(err)
		}
		authorizeAll(t, svc, d)
		e, err := svc.Post(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	post(counter.Request{Presenter: demo.Presenter, Kind: ledger.CorporateCashDeposit, Account: "4100000000000001", Amount: 80_000_00})
	wrong := post(counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 5_000_00})
	post(counter.Request{Presenter: demo.Presenter, Kind: ledger.CorporateCashWithdrawal, Account: "4100000000000002", Amount: 10_000_00,
		Voucher: &counter.VoucherUse{Type: voucher.CashCheque, Number: 11}})
	d, err := svc.PrepareReversal(ctx, t1, wrong.ID, "金额录入错误")
	if err != nil {
		t.Fatal(err)
	}
	authorizeAll(t, svc, d)
	if _, err := svc.Post(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := svc.VoidVoucher(ctx, t1, voucher.CashCheque, 12, "填写错误", approve("3001")); err != nil {
		t.Fatal(err)
	}
	if err := svc.SellVouchers(ctx, t1, voucher.Range{Type: voucher.CashCheque, From: 13, To: 14}, "2002"); err != nil {
		t.Fatal(err)
	}
	// 100,000 + 80,000 + 5,000 − 10,000 − 5,000 (reversal) = 170,000 in the box.
	if _, err := svc.MoveCash(ctx, keeper, move(box("1001"), vault, cash.Count{"N100": 1000}), approve("1001")); err != nil {
		t.Fatal(err)
	}
	b, a := approve("2001"), approve("3001")
	in := counter.BalanceInput{
		Count:    cash.Count{"N100": 600, "N50": 198}, // ¥69,900.00 of ¥70,000.00
		Vouchers: map[string]int64{voucher.CashCheque: 6},
		Reason:   "付款时多付客户", SignB: &b, ApproveA: &a,
	}
	if _, err := svc.BalanceBox(ctx, t1, in); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.CountVault(ctx, keeper, cash.Count{"N100": 19100, "N50": 1800}); err != nil {
		t.Fatal(err)
	}
	return svc, db
}

// The teller's end-of-day report has the box in figures, the count by
// denomination, the difference with who signed it (第九条, 第十四条),
// the cash moved with the vault, the business by kind with reversals
// apart, and the vouchers written off by number (第十条).
func TestTellerDayReport(t *testing.T) {
	svc, _ := reportDay(t)
	ctx := context.Background()
	t1 := signedIn(t, svc, "1001")
	r, err := svc.TellerDayReport(ctx, t1, "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Teller.Label() != "1001 张三" || r.Branch.Name != "示范支行营业部" || r.Date != today || r.State != counter.DayOpen {
		t.Fatalf("heading %+v %s %s %s", r.Teller, r.Branch.Name, r.Date, r.State)
	}
	p := r.Position.Balance
	if p.Opening != 0 || p.FromVault != 100_000_00 || p.ToVault != 100_000_00 || p.CashIn != 85_000_00 || p.CashOut != 15_000_00 {
		t.Fatalf("position %+v", p)
	}
	if r.Position.Suspense != -100_00 {
		t.Fatalf("suspense %s", r.Position.Suspense)
	}
	if !r.Balanced() || r.Expected != 70_000_00 || r.Counted != 69_900_00 || r.Diff.Title() != "短款 ¥100.00" {
		t.Fatalf("balance: expected %s counted %s %s", r.Expected, r.Counted, r.Diff.Title())
	}
	if r.SignedB.Label() != "2001 李四" || r.ApprovedA.Label() != "3001 王五" || r.Balance.Reason != "付款时多付客户" || r.Balance.SuspenseEntry == 0 {
		t.Fatalf("sign-off %+v %+v %+v", r.SignedB, r.ApprovedA, r.Balance)
	}

	// Every regular denomination has a line, in order; their sum is the count.
	var sum money.Amount
	regular := 0
	for _, d := range cash.Denominations() {
		if !d.Optional {
			regular++
		}
	}
	if len(r.Cash) != regular || r.Cash[0].Denomination.Code != "N100" || r.Cash[1].Denomination.Code != "N50" {
		t.Fatalf("%d cash lines, want %d from 100元", len(r.Cash), regular)
	}
	for _, l := range r.Cash {
		sum += l.Amount
	}
	if r.Cash[0].Pieces != 600 || r.Cash[0].Amount != 60_000_00 || r.Cash[1].Pieces != 198 || r.Cash[1].Amount != 9_900_00 || sum != r.Counted {
		t.Fatalf("cash lines %+v sum %s", r.Cash[:2], sum)
	}

	if len(r.Moves) != 2 {
		t.Fatalf("%d moves with the vault", len(r.Moves))
	}
	out, back := r.Moves[0], r.Moves[1]
	if out.Move.Kind != ledger.VaultIssue || out.Move.Amount != 100_000_00 || out.From != "总库" || out.To != "柜员钱箱 1001 张三" ||
		out.Keeper.Label() != "2001 李四" || out.Teller.Label() != "1001 张三" || out.Move.Count["N50"] != 200 {
		t.Fatalf("issue %+v", out)
	}
	if back.Move.Kind != ledger.VaultReceive || back.From != "柜员钱箱 1001 张三" || back.To != "总库" {
		t.Fatalf("hand-back %+v", back)
	}

	want := []counter.KindLine{
		{Kind: ledger.SavingsCashDeposit, Count: 1, Amount: 5_000_00, Reversals: 1, ReversedAmount: 5_000_00},
		{Kind: ledger.CorporateCashDeposit, Count: 1, Amount: 80_000_00},
		{Kind: ledger.CorporateCashWithdrawal, Count: 1, Amount: 10_000_00},
	}
	if len(r.Business) != len(want) {
		t.Fatalf("business %+v", r.Business)
	}
	for i, w := range want {
		if r.Business[i] != w {
			t.Errorf("business line %d = %+v, want %+v", i, r.Business[i], w)
		}
	}
	if tot := r.BusinessTotal; tot.Count != 3 || tot.Amount != 95_000_00 || tot.Reversals != 1 || tot.ReversedAmount != 5_000_00 {
		t.Fatalf("business total %+v", tot)
	}

	if len(r.Vouchers) != 1 {
		t.Fatalf("voucher summary %+v", r.Vouchers)
	}
	if v := r.Vouchers[0]; v.Type.Code != voucher.CashCheque || v.Used != 1 || v.Sold != 2 || v.Voided != 1 || v.OnHand != 6 || v.Counted != 6 {
		t.Fatalf("cheques %+v", v)
	}
	nums := map[string]counter.VoucherLine{}
	for _, l := range r.VoucherNumbers {
		nums[l.Number] = l
	}
	if len(r.VoucherNumbers) != 4 || nums["00000011"].Event.State != voucher.Used || nums["00000011"].Event.EntryID == 0 ||
		nums["00000012"].Event.State != voucher.Voided || nums["00000012"].Authorizer.Label() != "3001 王五" || nums["00000012"].Event.Reason != "填写错误" ||
		nums["00000013"].Event.State != voucher.Sold || nums["00000014"].SealCheckedBy.Label() != "2002 赵敏" {
		t.Fatalf("voucher numbers %+v", r.VoucherNumbers)
	}
}

// 第八条: a clerk sees only their own report; a B or A any teller's.
func TestTellerDayReportPermissions(t *testing.T) {
	svc, _ := reportDay(t)
	ctx := context.Background()
	other := signedIn(t, svc, "1002")
	if _, err := svc.TellerDayReport(ctx, other, "1001"); !errors.Is(err, counter.ErrNotPermitted) {
		t.Fatalf("a clerk reads another's report: %v", err)
	}
	r, err := svc.TellerDayReport(ctx, other, "")
	if err != nil || r.Teller.ID != "1002" || r.Balanced() || len(r.Moves) != 0 || len(r.Business) != 0 || r.Expected != 0 {
		t.Fatalf("own empty report %+v %v", r, err)
	}
	mgr := signedIn(t, svc, "3001")
	if r, err := svc.TellerDayReport(ctx, mgr, "1001"); err != nil || r.Counted != 69_900_00 {
		t.Fatalf("an A reads 1001's report: %v", err)
	}
	if _, err := svc.TellerDayReport(ctx, mgr, "9999"); !errors.Is(err, counter.ErrNotFound) {
		t.Fatalf("unknown teller: %v", err)
	}
	if _, err := svc.VaultReport(ctx, other, today, today); !errors.Is(err, counter.ErrNotSupervisor) {
		t.Fatalf("a clerk reads the vault report: %v", err)
	}
	if _, err := svc.VoucherRegisterReport(ctx, other, "", today, today); !errors.Is(err, counter.ErrNotSupervisor) {
		t.Fatalf("a clerk reads the voucher register: %v", err)
	}
	if _, err := svc.VaultReport(ctx, mgr, "2026-11-24", today); !errors.Is(err, counter.ErrReportDates) {
		t.Fatalf("range ending before it starts: %v", err)
	}
	if _, err := svc.VoucherRegisterReport(ctx, mgr, "", "23/11/2026", today); !errors.Is(err, counter.ErrReportDates) {
		t.Fatalf("bad date: %v", err)
	}
	if _, err := svc.VoucherRegisterReport(ctx, mgr, "lottery_ticket", today, today); !errors.Is(err, voucher.ErrUnknownType) {
		t.Fatalf("unknown voucher type: %v", err)
	}
}

// The vault report: stock by denomination at both ends of the range,
// every movement with who operated, confirmed and approved it, and the
// day's count (碰库) line by line.
func TestVaultReport(t *testing.T) {
	svc, _ := reportDay(t)
	ctx := context.Background()
	mgr := signedIn(t, svc, "3001")
	r, err := svc.VaultReport(ctx, mgr, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if r.From != today || r.To != today || r.Keeper.Label() != "2001 李四" {
		t.Fatalf("heading %s–%s %+v", r.From, r.To, r.Keeper)
	}
	// Funding from the sub-branch (demo), out to 1001, back from 1001.
	if len(r.Moves) != 3 {
		t.Fatalf("%d moves", len(r.Moves))
	}
	if m := r.Moves[0]; m.Move.Kind != ledger.TransferIn || m.From != "支行 0100" || m.Approver.Label() != "3002 刘洋" || m.Move.Amount != 2_000_000_00 {
		t.Fatalf("funding %+v", m)
	}
	lines := map[string]counter.VaultLine{}
	for _, l := range r.Lines {
		lines[l.Denomination.Code] = l
	}
	if l := lines["N100"]; l.Opening != 0 || l.In != 20000 || l.Out != 900 || l.Closing != 19100 {
		t.Fatalf("100元 %+v", l)
	}
	if l := lines["N50"]; l.In != 2000 || l.Out != 200 || l.Closing != 1800 {
		t.Fatalf("50元 %+v", l)
	}
	if r.Opening != 0 || r.In != 2_100_000_00 || r.Out != 100_000_00 || r.Closing != 2_000_000_00 {
		t.Fatalf("totals %s %s %s %s", r.Opening, r.In, r.Out, r.Closing)
	}
	if len(r.Checks) != 1 {
		t.Fatalf("%d vault counts", len(r.Checks))
	}
	c := r.Checks[0]
	if c.Keeper.Label() != "2001 李四" || c.Count.Expected != 2_000_000_00 || c.Count.Diff != 0 || len(c.Lines) == 0 ||
		c.Lines[0].Denomination.Code != "N100" || c.Lines[0].Expected != 19100 || c.Lines[0].Counted != 19100 {
		t.Fatalf("vault count %+v", c)
	}

	// A range after today: the opening stock carries the day, nothing moved.
	r, err = svc.VaultReport(ctx, mgr, "2026-11-24", "2026-11-30")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Moves) != 0 || len(r.Checks) != 0 || r.Opening != 2_000_000_00 || r.Closing != 2_000_000_00 {
		t.Fatalf("later range %+v", r)
	}
}

// The voucher register: every step of every number, with its people.
func TestVoucherRegisterReport(t *testing.T) {
	svc, _ := reportDay(t)
	ctx := context.Background()
	mgr := signedIn(t, svc, "3001")
	r, err := svc.VoucherRegisterReport(ctx, mgr, voucher.CashCheque, today, today)
	if err != nil {
		t.Fatal(err)
	}
	if r.Type == nil || r.Type.Name != "现金支票" {
		t.Fatalf("type %+v", r.Type)
	}
	// 50 received (demo), 10 issued, 1 used, 1 voided, 2 sold.
	want := []counter.StateCount{{voucher.Received, 50}, {voucher.Issued, 10}, {voucher.Used, 1}, {voucher.Sold, 2}, {voucher.Voided, 1}}
	if len(r.ByState) != len(want) || len(r.Lines) != 64 {
		t.Fatalf("by state %+v, %d lines", r.ByState, len(r.Lines))
	}
	for i, w := range want {
		if r.ByState[i] != w {
			t.Errorf("state %d = %+v, want %+v", i, r.ByState[i], w)
		}
	}
	var void counter.VoucherLine
	for _, l := range r.Lines {
		if l.Event.State == voucher.Voided {
			void = l
		}
	}
	if void.Number != "00000012" || void.Teller.Label() != "1001 张三" || void.Authorizer.Label() != "3001 王五" || void.Event.At.IsZero() {
		t.Fatalf("void %+v", void)
	}
	all, err := svc.VoucherRegisterReport(ctx, mgr, "", today, today)
	if err != nil || all.Type != nil || len(all.Lines) != 64+50+20 {
		t.Fatalf("every type: %d lines, %v", len(all.Lines), err)
	}
	for _, l := range all.Lines {
		if l.Type.Code == voucher.Passbook && l.Number[:2] != "CZ" {
			t.Fatalf("passbook number %q", l.Number)
		}
	}
}
