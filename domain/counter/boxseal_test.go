package counter_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
)

// boxDay is teller 1001's day up to the balance: ¥1,000.00 from the vault,
// a deposit reversed with an A's approval and another deposit — three
// accounting vouchers (the reversal is one) — and the box balanced at
// ¥1,500.00.
func boxDay(t *testing.T) (*counter.Service, *sqlstore.DB, *counter.Session) {
	t.Helper()
	svc, db := newCounter(t)
	teller := signedIn(t, svc, "1001")
	fundBox(t, svc, "1001", 10)
	dep := post(t, svc, teller, 1_000_00)
	d, err := svc.PrepareReversal(context.Background(), teller, dep.ID, "账号录错")
	if err != nil {
		t.Fatal(err)
	}
	authorizeAll(t, svc, d)
	if _, err := svc.Post(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	post(t, svc, teller, 500_00)
	balance(t, svc, teller, 15)
	return svc, db, teller
}

// post deposits amt in cash at teller's counter.
func post(t *testing.T, svc *counter.Service, teller *counter.Session, amt money.Amount) ledger.Entry {
	t.Helper()
	d, err := svc.Prepare(context.Background(), teller, counter_req(ledger.SavingsCashDeposit, "6217000000000003", amt))
	if err != nil {
		t.Fatal(err)
	}
	e, err := svc.Post(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// balance balances teller's box with hundred-yuan notes.
func balance(t *testing.T, svc *counter.Service, teller *counter.Session, notes int64) counter.TellerBalance {
	t.Helper()
	b, err := svc.BalanceBox(context.Background(), teller, counter.BalanceInput{Count: cash.Count{"N100": notes}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sealInput(checker string, no string, vouchers int64) counter.BoxSealInput {
	return counter.BoxSealInput{Checker: counter.Credential{UserID: checker, Password: "pass" + checker, Approve: true}, SealNo: no, PostedVouchers: vouchers}
}

func boxSeals(t *testing.T, db *sqlstore.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM box_seals`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// 第七条二.3 with 第十三条: a B checks the balanced box, the three vouchers
// and the seals 1001 keeps, they seal it, and then the teller signs out;
// the seal is in the audit chain.
func TestSealBoxThenSignOut(t *testing.T) {
	svc, db, teller := boxDay(t)
	ctx := context.Background()
	if err := svc.SignOut(ctx, teller); !errors.Is(err, counter.ErrBoxNotSealed) {
		t.Fatalf("sign-out balanced but not sealed: %v", err)
	}
	c, err := svc.BoxToSeal(ctx, teller)
	if err != nil || !c.Needed || c.Balance == nil || c.Sealed != nil {
		t.Fatalf("before the seal: %+v %v", c, err)
	}
	bs, err := svc.SealBox(ctx, teller, sealInput("2002", " FQ0001 ", 3))
	if err != nil {
		t.Fatal(err)
	}
	if bs.Balance != c.Balance.ID || bs.SealNo != "FQ0001" || bs.Checker != "2002" || bs.PostedVouchers != 3 ||
		bs.Cash != 1_500_00 || bs.Teller != "1001" || bs.BusinessDate != today {
		t.Fatalf("seal %+v", bs)
	}
	// The seals 1001 keeps in the register; authority cards are not among them.
	for _, want := range []string{"现金讫章 XJ-0101-01", "转讫章 ZZ-0101-01", "名章 张三（1001）"} {
		if !slices.Contains(bs.Seals, want) {
			t.Errorf("seal names %q, not %q", bs.Seals, want)
		}
	}
	if c, _ := svc.BoxToSeal(ctx, teller); c.Sealed == nil || c.Sealed.ID != bs.ID {
		t.Fatalf("after the seal: %+v", c)
	}
	if err := svc.SignOut(ctx, teller); err != nil {
		t.Fatal(err)
	}
	if c, got := checked(t, svc, nil); got != "" || c.Older != 0 {
		t.Fatalf("books after the seal: %d older\n%s", c.Older, got)
	}
	if n := boxSeals(t, db); n != 1 {
		t.Fatalf("%d box seals", n)
	}
}

// The checker counts the day's accounting vouchers blind: one fewer or
// one more is refused without the system's figure, and nothing is sealed.
func TestSealBoxPostedVouchers(t *testing.T) {
	svc, db, teller := boxDay(t)
	ctx := context.Background()
	for _, n := range []int64{2, 4, 0, -3} {
		_, err := svc.SealBox(ctx, teller, sealInput("2002", "FQ0001", n))
		if !errors.Is(err, counter.ErrPostedVouchers) || strings.Contains(err.Error(), "3") {
			t.Fatalf("%d vouchers counted: %v", n, err)
		}
	}
	if n := boxSeals(t, db); n != 0 {
		t.Fatalf("%d box seals after refusals", n)
	}
	if err := svc.SignOut(ctx, teller); !errors.Is(err, counter.ErrBoxNotSealed) {
		t.Fatalf("sign-out after refused seals: %v", err)
	}
	if _, err := svc.SealBox(ctx, teller, sealInput("2002", "FQ0001", 3)); err != nil {
		t.Fatalf("exact count: %v", err)
	}
}

// Only a B or an A checks, never the teller, and only with their password;
// a failed password counts towards the lock, and nothing is sealed.
func TestSealBoxChecker(t *testing.T) {
	svc, db, teller := boxDay(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		in   counter.BoxSealInput
		want error
	}{
		{"the teller", sealInput("1001", "FQ0001", 3), counter.ErrSelfCheck},
		{"a clerk", sealInput("1002", "FQ0001", 3), counter.ErrCheckerLevel},
		{"an unknown number", sealInput("9999", "FQ0001", 3), authz.ErrUnknownAuthorizer},
		{"a wrong password", counter.BoxSealInput{Checker: counter.Credential{UserID: "2002", Password: "nope", Approve: true}, SealNo: "FQ0001", PostedVouchers: 3},
			authz.ErrAuthorizerPassword},
	} {
		if _, err := svc.SealBox(ctx, teller, tc.in); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if n := boxSeals(t, db); n != 0 {
		t.Fatalf("%d box seals after refusals", n)
	}
	var failures int
	if err := db.QueryRow(ctx, `SELECT failures FROM users WHERE id = '2002'`).Scan(&failures); err != nil || failures != 1 {
		t.Fatalf("2002's failed passwords %d, %v", failures, err)
	}
	if err := svc.SignOut(ctx, teller); !errors.Is(err, counter.ErrBoxNotSealed) {
		t.Fatalf("sign-out after refused seals: %v", err)
	}
	// An A may check too.
	if _, err := svc.SealBox(ctx, teller, sealInput("3002", "FQ0001", 3)); err != nil {
		t.Fatal(err)
	}
}

// A seal number is 1–20 letters or digits.
func TestSealBoxSealNo(t *testing.T) {
	svc, db, teller := boxDay(t)
	ctx := context.Background()
	for _, no := range []string{"", "   ", "FQ-0001", "FQ 0001", "封签0001", strings.Repeat("A", 21)} {
		if _, err := svc.SealBox(ctx, teller, sealInput("2002", no, 3)); !errors.Is(err, counter.ErrSealNo) {
			t.Errorf("seal number %q: %v", no, err)
		}
	}
	if n := boxSeals(t, db); n != 0 {
		t.Fatalf("%d box seals after refusals", n)
	}
	if _, err := svc.SealBox(ctx, teller, sealInput("2002", strings.Repeat("A", 20), 3)); err != nil {
		t.Fatalf("20 letters: %v", err)
	}
}

// A balance is sealed once; business after the seal needs a new balance
// and a new seal before the sign-out.
func TestSealBoxOncePerBalance(t *testing.T) {
	svc, db, teller := boxDay(t)
	ctx := context.Background()
	if _, err := svc.SealBox(ctx, teller, sealInput("2002", "FQ0001", 3)); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SealBox(ctx, teller, sealInput("2001", "FQ0002", 3)); !errors.Is(err, counter.ErrBoxSealed) {
		t.Fatalf("sealed twice: %v", err)
	}
	post(t, svc, teller, 100_00)
	if _, err := svc.SealBox(ctx, teller, sealInput("2002", "FQ0002", 4)); !errors.Is(err, counter.ErrSealNeedsBalance) {
		t.Fatalf("sealed with business after the balance: %v", err)
	}
	if err := svc.SignOut(ctx, teller); !errors.Is(err, counter.ErrNotBalanced) {
		t.Fatalf("sign-out with business after the seal: %v", err)
	}
	balance(t, svc, teller, 16)
	if err := svc.SignOut(ctx, teller); !errors.Is(err, counter.ErrBoxNotSealed) {
		t.Fatalf("sign-out on an old seal: %v", err)
	}
	if _, err := svc.SealBox(ctx, teller, sealInput("2002", "FQ0002", 3)); !errors.Is(err, counter.ErrPostedVouchers) {
		t.Fatalf("yesterday's count for the new seal: %v", err)
	}
	if _, err := svc.SealBox(ctx, teller, sealInput("2002", "FQ0002", 4)); err != nil {
		t.Fatal(err)
	}
	if err := svc.SignOut(ctx, teller); err != nil {
		t.Fatal(err)
	}
	if n := boxSeals(t, db); n != 2 {
		t.Fatalf("%d box seals", n)
	}
	if _, got := checked(t, svc, nil); got != "" {
		t.Fatalf("books:\n%s", got)
	}
}

// No balance, no seal; a teller who held nothing signs out without one.
func TestSealBoxNeedsBalance(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	teller := signedIn(t, svc, "1001")
	fundBox(t, svc, "1001", 10)
	if _, err := svc.SealBox(ctx, teller, sealInput("2002", "FQ0001", 0)); !errors.Is(err, counter.ErrSealNeedsBalance) {
		t.Fatalf("sealed unbalanced: %v", err)
	}
	if _, err := svc.SealBox(ctx, nil, sealInput("2002", "FQ0001", 0)); !errors.Is(err, counter.ErrNoSession) {
		t.Fatalf("no session: %v", err)
	}
	idle := signedIn(t, svc, "1002")
	if c, err := svc.BoxToSeal(ctx, idle); err != nil || c.Needed {
		t.Fatalf("an idle teller's box: %+v %v", c, err)
	}
	if err := svc.SignOut(ctx, idle); err != nil {
		t.Fatalf("a teller who held nothing: %v", err)
	}
	if _, err := svc.SealBox(ctx, teller, sealInput(demo.VoucherKeeper, "FQ0001", 0)); !errors.Is(err, counter.ErrSealNeedsBalance) {
		t.Fatalf("still unbalanced: %v", err)
	}
}

// Business after the seal that moves no cash — a transfer — adds an
// accounting voucher the sealed box does not hold: the seal no longer
// counts, and the box is checked and sealed again with the new count.
func TestSealBoxBrokenByATransfer(t *testing.T) {
	svc, _, teller := boxDay(t)
	ctx := context.Background()
	if _, err := svc.SealBox(ctx, teller, sealInput("2002", "FQ0001", 3)); err != nil {
		t.Fatal(err)
	}
	req := counter_req(ledger.SavingsTransfer, "6217000000000001", 100_00)
	req.Counterparty = "6217000000000002"
	d, err := svc.Prepare(ctx, teller, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Post(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := svc.SignOut(ctx, teller); !errors.Is(err, counter.ErrBoxNotSealed) {
		t.Fatalf("sign-out on a seal a transfer came after: %v", err)
	}
	if c, err := svc.BoxToSeal(ctx, teller); err != nil || c.Sealed != nil || c.Balance == nil {
		t.Fatalf("the box after the transfer: %+v %v", c, err)
	}
	if _, err := svc.SealBox(ctx, teller, sealInput("2002", "FQ0002", 3)); !errors.Is(err, counter.ErrPostedVouchers) {
		t.Fatalf("the old count: %v", err)
	}
	if _, err := svc.SealBox(ctx, teller, sealInput("2002", "FQ0002", 4)); err != nil {
		t.Fatal(err)
	}
	if err := svc.SignOut(ctx, teller); err != nil {
		t.Fatal(err)
	}
}

// A teller who handed everything over at a leave hand-over (第十三条) has
// an empty box, no blank vouchers and no seal but their name stamp: they
// balance it at nothing and sign out with nothing to seal.
func TestSealBoxNothingAfterLeave(t *testing.T) {
	d := newLeaveDesk(t)
	ctx := context.Background()
	if _, err := d.svc.LeaveHandOver(ctx, d.leaving, d.request()); err != nil {
		t.Fatal(err)
	}
	if err := d.svc.SignOut(ctx, d.leaving); !errors.Is(err, counter.ErrNotBalanced) {
		t.Fatalf("sign-out before the balance: %v", err)
	}
	if _, err := d.svc.BalanceBox(ctx, d.leaving, counter.BalanceInput{Count: cash.Count{}}); err != nil {
		t.Fatal(err)
	}
	if c, err := d.svc.BoxToSeal(ctx, d.leaving); err != nil || c.Needed {
		t.Fatalf("an empty box to seal: %+v %v", c, err)
	}
	if err := d.svc.SignOut(ctx, d.leaving); err != nil {
		t.Fatalf("sign-out with an empty box: %v", err)
	}
}
