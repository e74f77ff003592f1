package counter_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/payment"
	"branchdesk/domain/seal"
	"branchdesk/domain/voucher"
	"branchdesk/storage/demo"
)

func move(from, to cash.Party, c cash.Count) counter.MoveRequest {
	total, _ := c.Total()
	return counter.MoveRequest{From: from, To: to, Count: c, Amount: total}
}

var (
	vault = cash.Party{Kind: cash.Vault, ID: demo.Branch}
	box   = func(id string) cash.Party { return cash.Party{Kind: cash.TellerBox, ID: id} }
)

// A whole day at the branch: the vault issues cash to two tellers, they
// post business of every kind with its authorizations, use and void
// vouchers, one is ¥100 short, both hand cash back, balance and sign out;
// B and A review the authorized items and supervise each journal; the
// branch closes and the next day opens with the right balances.
func TestWholeDay(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	keeper := signedIn(t, svc, "2001")  // vault keeper
	vkeeper := signedIn(t, svc, "2002") // voucher keeper
	t1 := signedIn(t, svc, "1001")
	t2 := signedIn(t, svc, "1002")

	// 第十一条: a payment keyed by 1001, checked by 1002, sealed by 2002;
	// it waits to be sent, and the close lists it, until 2001 sends it.
	pay := &payments{svc: svc, db: db}
	svc.SetPayments(func() ([]byte, error) { return payKey, nil }, func(b payment.Batch) (string, func() error, error) {
		pay.sent = append(pay.sent, b)
		return b.FileName(), func() error { return nil }, nil
	})
	pay.enter(t, t1, order("6217000000000002", 1_000_00))
	po := pay.only(t, t1)
	if err := svc.CheckPayment(ctx, t2, po.ID, 1_000_00, po.PayeeAccount); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SealPayment(ctx, vkeeper, po.ID); err != nil {
		t.Fatal(err)
	}

	// Morning: cash out of the vault, counted and confirmed.
	if _, err := svc.MoveCash(ctx, keeper, move(vault, box("1001"), cash.Count{"N100": 2000}), approve("1001")); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.MoveCash(ctx, keeper, move(vault, box("1002"), cash.Count{"N100": 900, "N50": 200}), approve("1001")); !errors.Is(err, counter.ErrWrongConfirmer) {
		t.Fatalf("confirmed by another teller: %v", err)
	}
	if _, err := svc.MoveCash(ctx, keeper, move(vault, box("1002"), cash.Count{"N100": 900, "N50": 200}), approve("1002")); err != nil {
		t.Fatal(err)
	}
	// 第九条: never teller to teller.
	if _, err := svc.MoveCash(ctx, keeper, move(box("1001"), box("1002"), cash.Count{"N100": 1}), approve("1002")); !errors.Is(err, cash.ErrTellerToTeller) {
		t.Fatalf("teller to teller: %v", err)
	}
	bad := counter.MoveRequest{From: vault, To: box("1001"), Count: cash.Count{"N100": 10}, Amount: 1_001_00}
	if _, err := svc.MoveCash(ctx, keeper, bad, approve("1001")); !errors.Is(err, cash.ErrCountMismatch) {
		t.Fatalf("count that does not add up: %v", err)
	}
	if _, err := svc.MoveCash(ctx, t1, move(vault, box("1002"), cash.Count{"N100": 1}), approve("1002")); !errors.Is(err, counter.ErrNotVaultKeeper) {
		t.Fatalf("a clerk keeps the vault: %v", err)
	}
	// The screens ask first: the keeper may, anyone else is told who may.
	if ok, _, err := svc.KeepsVault(ctx, keeper); !ok || err != nil {
		t.Fatalf("the keeper does not keep the vault: %v", err)
	}
	if ok, who, err := svc.KeepsVault(ctx, t1); ok || err != nil || who != "2001 李四" {
		t.Fatalf("a clerk: keeps %v, keeper named %q, %v", ok, who, err)
	}

	// Blank vouchers: stock is in (demo), the keeper issues ranges.
	if err := svc.IssueVouchers(ctx, vkeeper, voucher.Range{Type: voucher.CashCheque, From: 1, To: 10}, "1001"); err != nil {
		t.Fatal(err)
	}
	if err := svc.IssueVouchers(ctx, vkeeper, voucher.Range{Type: voucher.CashCheque, From: 11, To: 20}, "1002"); err != nil {
		t.Fatal(err)
	}
	if err := svc.IssueVouchers(ctx, vkeeper, voucher.Range{Type: voucher.CashCheque, From: 5, To: 6}, "1002"); !errors.Is(err, voucher.ErrNotInStock) {
		t.Fatalf("issuing what was issued: %v", err)
	}

	post := func(sess *counter.Session, r counter.Request) ledger.Entry {
		t.Helper()
		d, err := svc.Prepare(ctx, sess, r)
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
	// Teller 1001: every kind of business.
	post(t1, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 30_000_00})
	if e := post(t1, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashWithdrawal, Account: "6217000000000001", Amount: 60_000_00}); e.AuthB != "2001" {
		t.Fatalf("withdrawal of 6万 without a B: %+v", e)
	}
	cheque := func(n int64) *counter.VoucherUse { return &counter.VoucherUse{Type: voucher.CashCheque, Number: n} }
	if n, label, err := svc.NextVoucher(ctx, t1, voucher.CashCheque); err != nil || n != 1 || label != "00000001" {
		t.Fatalf("next cheque %d %q %v", n, label, err)
	}
	if _, err := svc.Prepare(ctx, t1, counter.Request{Presenter: demo.Presenter, Kind: ledger.CorporateCashWithdrawal, Account: "4100000000000001", Amount: 1_00, Voucher: cheque(2)}); !errors.Is(err, voucher.ErrSkipped) {
		t.Fatalf("skipped cheque: %v", err)
	}
	if _, err := svc.Prepare(ctx, t1, counter.Request{Presenter: demo.Presenter, Kind: ledger.CorporateCashWithdrawal, Account: "4100000000000001", Amount: 1_00, Voucher: cheque(11)}); !errors.Is(err, voucher.ErrNotYours) {
		t.Fatalf("someone else's cheque: %v", err)
	}
	first := post(t1, counter.Request{Presenter: demo.Presenter, Kind: ledger.CorporateCashWithdrawal, Account: "4100000000000001", Amount: 20_000_00, Voucher: cheque(1)})
	if _, err := svc.Prepare(ctx, t1, counter.Request{Presenter: demo.Presenter, Kind: ledger.CorporateCashWithdrawal, Account: "4100000000000001", Amount: 1_00, Voucher: cheque(1)}); !errors.Is(err, voucher.ErrAlreadyUsed) {
		t.Fatalf("repeated cheque: %v", err)
	}
	if err := svc.VoidVoucher(ctx, t1, voucher.CashCheque, 2, "填写错误", approve("1001")); !errors.Is(err, voucher.ErrVoidNeedsAuth) {
		t.Fatalf("void authorized by the teller: %v", err)
	}
	// Voids are the manager's to approve (RULES §2): a B's signature is refused.
	if err := svc.VoidVoucher(ctx, t1, voucher.CashCheque, 2, "填写错误", approve("2001")); err == nil {
		t.Fatal("void authorized by a B")
	} else {
		t.Logf("B refused: %v", err)
		if !errors.Is(err, voucher.ErrVoidNeedsAuth) {
			t.Errorf("a B refused with %v, not what a void needs", err)
		}
	}
	if err := svc.VoidVoucher(ctx, t1, voucher.CashCheque, 2, "填写错误", approve("3001")); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Prepare(ctx, t1, counter.Request{Presenter: demo.Presenter, Kind: ledger.CorporateCashWithdrawal, Account: "4100000000000001", Amount: 1_00, Voucher: cheque(2)}); !errors.Is(err, voucher.ErrVoided) {
		t.Fatalf("voided cheque: %v", err)
	}
	post(t1, counter.Request{Presenter: demo.Presenter, Kind: ledger.CorporateCashWithdrawal, Account: "4100000000000001", Amount: 15_000_00, Voucher: cheque(3)})
	if e := post(t1, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsTransfer, Account: "6217000000000001", Counterparty: "6217000000000002", Amount: 150_000_00}); e.AuthB == "" {
		t.Fatal("savings transfer of 15万 needs a B")
	}
	if e := post(t1, counter.Request{Presenter: demo.Presenter, Kind: ledger.CorporateTransfer, Account: "4100000000000001", Counterparty: "4100000000000002", Amount: 250_000_00}); e.AuthA != "3001" {
		t.Fatal("corporate transfer of 25万 needs B then A")
	}
	// Teller 1002.
	post(t2, counter.Request{Presenter: demo.Presenter, Kind: ledger.CorporateCashDeposit, Account: "4100000000000001", Amount: 80_000_00})
	post(t2, counter.Request{Presenter: demo.Presenter, Kind: ledger.CorporateCashWithdrawal, Account: "4100000000000002", Amount: 10_000_00, Voucher: cheque(11)})

	// The register shows each number's life.
	reg, err := svc.VoucherRegister(ctx, t1, voucher.CashCheque, today, today)
	if err != nil {
		t.Fatal(err)
	}
	var usedBy1 int64
	for _, e := range reg {
		if e.Number == 1 && e.State == voucher.Used {
			usedBy1 = e.EntryID
		}
	}
	if usedBy1 != first.ID {
		t.Fatalf("cheque 1 is linked to entry %d, want %d", usedBy1, first.ID)
	}

	// Afternoon: hand cash back to the vault.
	p1, _ := svc.Position(ctx, t1, "")
	if p1.Expected != 135_000_00 || p1.Balance.FromVault != 200_000_00 || p1.Balance.CashIn != 30_000_00 || p1.Balance.CashOut != 95_000_00 {
		t.Fatalf("teller 1001 position %+v", p1.Balance)
	}
	if _, err := svc.MoveCash(ctx, keeper, move(box("1001"), vault, cash.Count{"N100": 1350}), approve("1001")); err != nil {
		t.Fatal(err)
	}
	// 1002 holds 170,000 but finds only 169,900: ¥100 short.
	if _, err := svc.MoveCash(ctx, keeper, move(box("1002"), vault, cash.Count{"N100": 1699}), approve("1002")); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.MoveCash(ctx, keeper, move(box("1002"), vault, cash.Count{"N100": 2}), approve("1002")); !errors.Is(err, counter.ErrBoxShort) {
		t.Fatalf("handing back more than the box holds: %v", err)
	}

	// Balancing. 1001 returns the unused cheques and balances to zero.
	if err := svc.ReturnVouchers(ctx, t1, voucher.Range{Type: voucher.CashCheque, From: 4, To: 10}, approve("2002")); err != nil {
		t.Fatal(err)
	}
	// Where the cash cheques are now: 4–10 back with the keeper beside
	// 21–50 never issued; 1002 holds 12–20; 1, 3, 11 used and 2 voided
	// are nowhere.
	places, err := svc.VoucherPlaces(ctx, t1)
	if err != nil {
		t.Fatal(err)
	}
	var cheques []string
	for _, p := range places {
		if p.Type.Code == voucher.CashCheque {
			var rs []string
			for _, r := range p.Ranges {
				rs = append(rs, fmt.Sprintf("%d-%d", r.From, r.To))
			}
			cheques = append(cheques, fmt.Sprintf("%q:%s=%d", p.Teller, strings.Join(rs, ","), p.Count))
		}
	}
	if got := strings.Join(cheques, " "); got != `"":4-10,21-50=37 "1002":12-20=9` {
		t.Fatalf("cash cheques are at %s", got)
	}
	if err := svc.SignOut(ctx, t1); !errors.Is(err, counter.ErrNotBalanced) {
		t.Fatalf("sign-out before balancing: %v", err)
	}
	if _, err := svc.BalanceBox(ctx, t1, counter.BalanceInput{Count: cash.Count{}}); err != nil {
		t.Fatal(err)
	}
	sealed(t, svc, t1)
	if err := svc.SignOut(ctx, t1); err != nil {
		t.Fatal(err)
	}
	// 1002 holds 9 blank cheques (12–20) and is ¥100 short.
	in := counter.BalanceInput{Count: cash.Count{}, Vouchers: map[string]int64{voucher.CashCheque: 8}}
	if _, err := svc.BalanceBox(ctx, t2, in); !errors.Is(err, voucher.ErrThreeWay) {
		t.Fatalf("voucher count short: %v", err)
	}
	in.Vouchers[voucher.CashCheque] = 9
	var de *counter.DifferenceError
	if _, err := svc.BalanceBox(ctx, t2, in); !errors.As(err, &de) || de.Diff.Amount != -100_00 || !errors.Is(err, cash.ErrDifferenceReason) {
		t.Fatalf("unexplained shortage: %v", err)
	}
	in.Reason = "付款时多付客户"
	b := approve("2002")
	in.SignB = &b
	if _, err := svc.BalanceBox(ctx, t2, in); !errors.Is(err, cash.ErrSuspenseNeedsA) {
		t.Fatalf("shortage without an A: %v", err)
	}
	if err := svc.SignOut(ctx, t2); !errors.Is(err, counter.ErrNotBalanced) {
		t.Fatalf("sign-out with a difference not signed off: %v", err)
	}
	a := approve("3001")
	in.ApproveA = &a
	bal, err := svc.BalanceBox(ctx, t2, in)
	if err != nil {
		t.Fatal(err)
	}
	if bal.Diff != -100_00 || bal.SignedB != "2002" || bal.ApprovedA != "3001" || bal.SuspenseEntry == 0 {
		t.Fatalf("balance %+v", bal)
	}
	sealed(t, svc, t2)
	if err := svc.SignOut(ctx, t2); err != nil {
		t.Fatal(err)
	}

	// Branch close: first everything that blocks it.
	mgr, _ := svc.Login(ctx, "3001", "pass3001")
	blockers, _, err := svc.CloseChecklist(ctx, mgr, nil)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(blockers, "\n")
	for _, want := range []string{"柜员 2001 李四 已签到，未正式签退", "总库今日未碰库", "现金支票 未盘点实物",
		fmt.Sprintf("人民银行支付 第 %d 笔（2026-11-23 录入）待发送，未发送", po.ID)} {
		if !strings.Contains(joined, want) {
			t.Errorf("checklist lacks %q:\n%s", want, joined)
		}
	}
	if _, err := svc.CloseBranch(ctx, mgr, nil); !errors.Is(err, counter.ErrBranchBlocked) {
		t.Fatalf("close while open: %v", err)
	}
	if _, _, err := svc.SendPayments(ctx, keeper); err != nil || len(pay.sent) != 1 {
		t.Fatalf("发送: %v", err)
	}
	// The vault: 19000 − 2000 − 900 + 1350 + 1699 hundreds, 2000 − 200 fifties.
	wantVault := cash.Count{"N100": 19149, "N50": 1800}
	if _, lines, err := svc.CountVault(ctx, keeper, cash.Count{"N100": 19148, "N50": 1800}); err != nil || len(lines) == 0 {
		t.Fatalf("vault count: %v", err)
	}
	blockers, _, _ = svc.CloseChecklist(ctx, mgr, nil)
	if !strings.Contains(strings.Join(blockers, "\n"), "总库碰库不符：短款 ¥100.00") {
		t.Fatalf("vault difference not shown: %v", blockers)
	}
	// The total right, the denominations not: one ¥100 note short, two
	// ¥50 notes over. The books keep the vault by denomination.
	if vc, _, err := svc.CountVault(ctx, keeper, cash.Count{"N100": 19148, "N50": 1802}); err != nil || vc.Diff != 0 {
		t.Fatalf("vault count by denomination off: %+v %v", vc, err)
	}
	blockers, _, _ = svc.CloseChecklist(ctx, mgr, nil)
	if want := "总库碰库券别不符（合计相符）：100元纸币 账面 19149 实点 19148、50元纸币 账面 1800 实点 1802，须重新清点，或登记差错（B级签字、A级审批后挂账）并重新碰库"; !slices.Contains(blockers, want) {
		t.Fatalf("denominations off not shown as %q: %v", want, blockers)
	}
	vc, _, err := svc.CountVault(ctx, keeper, wantVault)
	if err != nil || vc.Diff != 0 || vc.Expected != 2_004_900_00 {
		t.Fatalf("vault count %+v %v", vc, err)
	}
	for _, s := range []*counter.Session{keeper, vkeeper} {
		if err := svc.SignOut(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	// 第七条三、四: the six authorized items (the demo's vault funding,
	// 1001's four, 1002's deposit and shortage) and the three journals
	// (1001, 1002, the vault keeper's) wait for a B or A who neither made
	// nor signed them.
	blockers, _, _ = svc.CloseChecklist(ctx, mgr, nil)
	joined = strings.Join(blockers, "\n")
	if n := strings.Count(joined, "滞后复核："); n != 6 || strings.Count(joined, "事后监督：") != 3 {
		t.Fatalf("%d items to review:\n%s", n, joined)
	}
	if late, days := reviewAll(t, svc); late != 6 || days != 3 {
		t.Fatalf("reviewed %d items, supervised %d days", late, days)
	}
	// Cheques: 50 received; 1, 3, 11 used and 2 voided leave 46.
	physical := map[string]int64{voucher.CashCheque: 45, voucher.TransferCheque: 50, voucher.Passbook: 20}
	blockers, _, _ = svc.CloseChecklist(ctx, mgr, physical)
	if len(blockers) != 1 || !strings.Contains(blockers[0], "现金支票") || !strings.Contains(blockers[0], "短 1 张") {
		t.Fatalf("three-way check: %v", blockers)
	}
	physical[voucher.CashCheque] = 46
	c, err := svc.CloseBranch(ctx, mgr, physical)
	if err != nil {
		t.Fatal(err)
	}
	if c.NextDate != "2026-11-24" {
		t.Fatalf("next date %s", c.NextDate)
	}

	// The next day opens with yesterday's balances.
	t1, _ = svc.Login(ctx, "1001", "pass1001")
	if err := svc.SignIn(ctx, t1, nil); err != nil {
		t.Fatalf("sign-in on the new day: %v", err)
	}
	p1, _ = svc.Position(ctx, t1, "")
	if p1.BusinessDate != "2026-11-24" || p1.Balance.Opening != 0 || p1.Expected != 0 {
		t.Fatalf("1001 next day %+v", p1)
	}
	stock, total, _ := svc.VaultStock(ctx, t1)
	if total != 2_004_900_00 || stock["N100"] != 19149 || stock["N50"] != 1800 {
		t.Fatalf("vault next day %v %s", stock, total)
	}
	for no, want := range map[string]money.Amount{
		"6217000000000001": 320_000_00, "6217000000000002": 229_000_00,
		"4100000000000001": 4_795_000_00, "4100000000000002": 1_440_000_00,
	} {
		if a, _ := svc.Account(ctx, no); a.Balance != want {
			t.Errorf("account %s: %s, want %s", no, a.Balance, want)
		}
	}
	// The journal's running totals agree with its legs, account by account.
	var wrong int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM (SELECT account,
		SUM(CASE side WHEN 'D' THEN amount ELSE -amount END) AS total,
		(SELECT net_debit FROM legs l2 WHERE l2.account = l.account ORDER BY entry_id DESC, line DESC LIMIT 1) AS running
		FROM legs l GROUP BY account) AS t WHERE total <> running`).Scan(&wrong); err != nil || wrong != 0 {
		t.Fatalf("%d accounts whose running total is off: %v", wrong, err)
	}
	p2, _ := svc.Position(ctx, t1, "1002")
	if p2.Expected != 0 || p2.Balance.Opening != 0 {
		t.Fatalf("1002 next day %+v", p2)
	}
	if len(p2.LastCount) != 0 {
		t.Fatalf("yesterday's count carries over: %v", p2.LastCount)
	}
	// 第十四条: 1002's shortage closed the day open, a day old now; 1002
	// repays it in cash at 1001's counter on 2002's and 3002's signatures.
	items, err := svc.SuspenseItems(ctx, t1, false)
	if err != nil || len(items) != 1 || items[0].AgeDays != 1 || items[0].Open != 100_00 {
		t.Fatalf("open suspense next day: %+v %v", items, err)
	}
	cb, ca := approve("2002"), approve("3002")
	repaid, err := svc.ResolveSuspense(ctx, t1, counter.Resolution{Item: items[0].Entry.ID, Way: ledger.WayRepaid,
		Amount: 100_00, Reason: "柜员赔偿", Responsible: "1002", SignB: &cb, ApproveA: &ca})
	if err != nil || repaid.Kind != ledger.ShortageRepaid || repaid.Settles != items[0].Entry.ID {
		t.Fatalf("repaid: %+v %v", repaid, err)
	}
	if items, _ := svc.SuspenseItems(ctx, t1, false); len(items) != 0 {
		t.Fatalf("still open: %+v", items)
	}
	// 第十二条: the 业务专用章's keeper checks it in the morning, a B who
	// does not keep it confirms; it leaves the close's list of unchecked.
	before, err := svc.SealsUnchecked(ctx, t1)
	if err != nil {
		t.Fatal(err)
	}
	seals, err := svc.Seals(ctx, t1)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(seals, func(it seal.Item) bool { return it.Kind == seal.Business })
	if i < 0 {
		t.Fatal("the demo branch has no 业务专用章")
	}
	sk, _ := svc.Login(ctx, seals[i].Keeper, "pass"+seals[i].Keeper)
	if _, err := svc.CheckSeal(ctx, sk, seals[i].ID, counter.Credential{UserID: "2002", Password: "pass2002"}); err != nil {
		t.Fatalf("daily check of %s: %v", seals[i].Title(), err)
	}
	if after, _ := svc.SealsUnchecked(ctx, t1); len(after) != len(before)-1 {
		t.Fatalf("unchecked %d before, %d after", len(before), len(after))
	}
	// 第十三条: 1001 goes on leave; 1002, signed in, takes over what 1001
	// keeps (the ¥100 repaid into the box, the seals but 1001's own name
	// stamp, the box key) under 2001's eye, each with their password.
	t2, _ = svc.Login(ctx, "1002", "pass1002")
	if err := svc.SignIn(ctx, t2, nil); err != nil {
		t.Fatal(err)
	}
	inv, err := svc.LeaveInventory(ctx, t1)
	if err != nil || inv.Box != 100_00 || len(inv.Vouchers) != 0 || len(inv.Seals) == 0 {
		t.Fatalf("1001's inventory: %+v %v", inv, err)
	}
	l, err := svc.LeaveHandOver(ctx, t1, counter.LeaveRequest{Receiving: "1002", Supervisor: "2001",
		Count: cash.Count{"N100": 1}, Amount: 100_00, Seals: len(inv.Seals), Keys: []string{"钱箱钥匙 01号"},
		Password: "pass1001", ReceivingPassword: "pass1002", SupervisorPassword: "pass2001"})
	if err != nil || len(l.Seals) != len(inv.Seals) {
		t.Fatalf("leave hand-over: %+v %v", l, err)
	}
	if inv, _ := svc.LeaveInventory(ctx, t1); len(inv.Seals) != 0 || inv.Box != 0 {
		t.Fatalf("1001 still keeps %s and %v", inv.Box, inv.Seals)
	}
	if bal, _ := svc.BoxBalance(ctx, t1, "1002"); bal != 100_00 {
		t.Fatalf("1002's box holds %s", bal)
	}
	if c, err := svc.CheckBooks(ctx, nil); err != nil || len(c.Findings) != 0 {
		t.Fatalf("books: %+v %v", c.Findings, err)
	}
}

// 第九条: cash above the box limit must go to the vault; more cash-in
// needs a B until it does.
func TestBoxLimit(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	sess := signedIn(t, svc, "1001")
	if err := svc.SetBoxLimit(ctx, counter.CommandLine(), "1001", 50_000_00); err != nil {
		t.Fatal(err)
	}
	req := func(amount money.Amount) counter.Request {
		return counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: amount}
	}
	d, _ := svc.Prepare(ctx, sess, req(49_999_99))
	if d.Warning() != "" {
		t.Fatalf("below the limit: %q", d.Warning())
	}
	if _, err := svc.Post(ctx, d); err != nil {
		t.Fatal(err)
	}
	// Reaching exactly the limit is no warning; one fen over warns.
	d, _ = svc.Prepare(ctx, sess, req(1))
	if d.Warning() != "" || d.Requirement().Need != 0 {
		t.Fatalf("at the limit: %q %+v", d.Warning(), d.Requirement())
	}
	if _, err := svc.Post(ctx, d); err != nil {
		t.Fatal(err)
	}
	d, _ = svc.Prepare(ctx, sess, req(1))
	if !strings.Contains(d.Warning(), "超过最高限额") || d.Requirement().Need != 0 {
		t.Fatalf("crossing the limit: %q %+v", d.Warning(), d.Requirement())
	}
	if _, err := svc.Post(ctx, d); err != nil {
		t.Fatal(err)
	}
	// Now above it: cash-in needs a B.
	d, _ = svc.Prepare(ctx, sess, req(1))
	if d.Requirement().Need == 0 || !strings.Contains(d.Requirement().Reason, "最高限额") {
		t.Fatalf("above the limit: %+v", d.Requirement())
	}
	if err := svc.Authorize(ctx, d, approve("2001")); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Post(ctx, d); err != nil {
		t.Fatal(err)
	}
}
