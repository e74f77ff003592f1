package counter_test

import (
	"branchdesk/storage/demo"
	"context"
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/staff"
)

func TestLoginLockout(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	for i := 0; i < 4; i++ {
		if _, err := svc.Login(ctx, "1001", "wrong"); !errors.Is(err, staff.ErrWrongPassword) {
			t.Fatalf("wrong password %d: %v", i+1, err)
		}
	}
	// A good password before the fifth failure starts the count again.
	if _, err := svc.Login(ctx, "1001", "pass1001"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		_, _ = svc.Login(ctx, "1001", "wrong")
	}
	if _, err := svc.Login(ctx, "1001", "wrong"); !errors.Is(err, staff.ErrLocked) {
		t.Fatalf("fifth failure in a row: %v", err)
	}
	if _, err := svc.Login(ctx, "1001", "pass1001"); !errors.Is(err, staff.ErrLocked) {
		t.Fatalf("right password on a locked account: %v", err)
	}
	// Only an A unlocks.
	b, _ := svc.Login(ctx, "2001", "pass2001")
	if _, err := counter.AdminOf(b); !errors.Is(err, counter.ErrNeedLevelA) {
		t.Fatalf("a B administers: %v", err)
	}
	a, _ := svc.Login(ctx, "3001", "pass3001")
	admin, err := counter.AdminOf(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.UnlockUser(ctx, admin, "1001"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Login(ctx, "1001", "pass1001"); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	// 9 wrong passwords and 1 attempt on the locked account.
	var failed, locked, unlocked int
	if err := db.QueryRow(context.Background(), `SELECT
		COUNT(CASE WHEN action = 'login_failed' THEN 1 END), COUNT(CASE WHEN action = 'account_locked' THEN 1 END), COUNT(CASE WHEN action = 'account_unlocked' THEN 1 END) FROM audit`).
		Scan(&failed, &locked, &unlocked); err != nil {
		t.Fatal(err)
	}
	if failed != 10 || locked != 1 || unlocked != 1 {
		t.Fatalf("audit: %d failed, %d locked, %d unlocked", failed, locked, unlocked)
	}
	if _, err := svc.Login(ctx, "7777", "x"); !errors.Is(err, staff.ErrUnknownUser) {
		t.Fatalf("unknown user: %v", err)
	}
}

func TestNewPasswordMustBeChanged(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	a, _ := svc.Login(ctx, "3001", "pass3001")
	admin, _ := counter.AdminOf(a)
	u := staff.User{ID: "1003", Name: "周八", Level: staff.LevelC, Branch: "0101"}
	if err := svc.AddUser(ctx, admin, u, "temp1234"); err != nil {
		t.Fatal(err)
	}
	if err := svc.AddUser(ctx, admin, u, "temp1234"); !errors.Is(err, counter.ErrUserExists) {
		t.Fatalf("duplicate: %v", err)
	}
	if _, err := svc.Login(ctx, "1003", "temp1234"); !errors.Is(err, counter.ErrMustChange) {
		t.Fatalf("first login: %v", err)
	}
	if err := svc.ChangePassword(ctx, "1003", "temp1234", "short"); !errors.Is(err, staff.ErrWeakPassword) {
		t.Fatalf("weak: %v", err)
	}
	if err := svc.ChangePassword(ctx, "1003", "temp1234", "mine5678"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Login(ctx, "1003", "mine5678"); err != nil {
		t.Fatal(err)
	}
	if err := svc.ResetPassword(ctx, admin, "1003", "reset999"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Login(ctx, "1003", "reset999"); !errors.Is(err, counter.ErrMustChange) {
		t.Fatalf("after reset: %v", err)
	}
}

// 第十三条: sign-in opens the day, a temporary sign-out locks it until the
// same teller returns, a formal sign-out closes it and only an A reopens it.
func TestBusinessDay(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	sess, _ := svc.Login(ctx, "1001", "pass1001")
	req := counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 100_00}
	if _, err := svc.Prepare(ctx, sess, req); !errors.Is(err, counter.ErrDayNotOpen) {
		t.Fatalf("before sign-in: %v", err)
	}
	if err := svc.SignIn(ctx, sess, nil); err != nil {
		t.Fatal(err)
	}
	d, err := svc.Prepare(ctx, sess, req)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.PauseDay(ctx, sess); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Post(ctx, d); !errors.Is(err, counter.ErrDayNotOpen) {
		t.Fatalf("post while paused: %v", err)
	}
	if err := svc.ResumeDay(ctx, sess, "1001", "pass1002"); !errors.Is(err, staff.ErrWrongPassword) {
		t.Fatalf("resume with a wrong password: %v", err)
	}
	if err := svc.ResumeDay(ctx, sess, "1002", "pass1002"); !errors.Is(err, counter.ErrWrongUnlockUser) {
		t.Fatalf("another teller unlocks: %v", err)
	}
	if err := svc.ResumeDay(ctx, sess, "1001", "pass1001"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Post(ctx, d); err != nil {
		t.Fatal(err)
	}
	// 第十三条: the box must be balanced first.
	if err := svc.SignOut(ctx, sess); !errors.Is(err, counter.ErrNotBalanced) {
		t.Fatalf("sign-out before balancing: %v", err)
	}
	if _, err := svc.BalanceBox(ctx, sess, counter.BalanceInput{Count: cash.Count{"N100": 1}}); err != nil {
		t.Fatal(err)
	}
	sealed(t, svc, sess)
	// Another sign-out gate can hold the day open too.
	gateErr := errors.New("钱箱未轧平")
	open := true
	svc.AddSignOutGate(func(counter.Tx, string, string) error {
		if open {
			return gateErr
		}
		return nil
	})
	if err := svc.SignOut(ctx, sess); !errors.Is(err, gateErr) {
		t.Fatalf("gate: %v", err)
	}
	open = false
	if err := svc.SignOut(ctx, sess); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Prepare(ctx, sess, req); !errors.Is(err, counter.ErrDayNotOpen) {
		t.Fatalf("after sign-out: %v", err)
	}
	if err := svc.SignIn(ctx, sess, nil); !errors.Is(err, counter.ErrNeedReSignInApproval) {
		t.Fatalf("re-sign-in without approval: %v", err)
	}
	b := approve("2001")
	if err := svc.SignIn(ctx, sess, &b); !errors.Is(err, authz.ErrNeedLevelA) {
		t.Fatalf("re-sign-in by a B: %v", err)
	}
	a := approve("3001")
	if err := svc.SignIn(ctx, sess, &a); err != nil {
		t.Fatal(err)
	}
	day, _ := svc.Day(ctx, sess)
	if day.State != counter.DayOpen || day.SignIns != 2 {
		t.Fatalf("day %+v", day)
	}
	if _, err := svc.Prepare(ctx, sess, req); err != nil {
		t.Fatalf("after approved re-sign-in: %v", err)
	}
}

// 第十四条: a reversal is a new entry pointing at the original, approved by
// an A; the original is never touched.
func TestReversal(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	sess := signedIn(t, svc, "1001")
	post := func(r counter.Request) ledger.Entry {
		t.Helper()
		d, err := svc.Prepare(ctx, sess, r)
		if err != nil {
			t.Fatal(err)
		}
		e, err := svc.Post(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	orig := post(counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000003", Amount: 1_000_00})
	if _, err := svc.PrepareReversal(ctx, sess, orig.ID, "  "); !errors.Is(err, ledger.ErrReasonRequired) {
		t.Fatalf("no reason: %v", err)
	}
	d, err := svc.PrepareReversal(ctx, sess, orig.ID, "账号录错")
	if err != nil {
		t.Fatal(err)
	}
	if d.Requirement().Need != authz.NeedA || !strings.Contains(d.Requirement().Reason, "第十四条") {
		t.Fatalf("requirement %+v", d.Requirement())
	}
	if _, err := svc.Post(ctx, d); !errors.Is(err, authz.ErrAuthorizationMissing) {
		t.Fatalf("unapproved reversal: %v", err)
	}
	// A B is told that a reversal needs an A, not about a second signature.
	err = svc.Authorize(ctx, d, approve("2001"))
	if !errors.Is(err, authz.ErrNeedLevelA) || !errors.Is(err, counter.ErrReversalNeedsA) || !strings.Contains(err.Error(), "冲正须由A级") {
		t.Fatalf("B approves a reversal: %v", err)
	}
	if err := svc.Authorize(ctx, d, approve("3001")); err != nil {
		t.Fatal(err)
	}
	rev, err := svc.Post(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if rev.Reverses != orig.ID || rev.AuthA != "3001" || rev.Reason != "账号录错" || rev.Seq != 2 {
		t.Fatalf("reversal %+v", rev)
	}
	if a, _ := svc.Account(ctx, "6217000000000003"); a.Balance != 0 {
		t.Fatalf("balance after reversal %s", a.Balance)
	}
	// The original is untouched and the reversal mirrors its legs.
	var n int
	_ = db.QueryRow(context.Background(), `SELECT COUNT(*) FROM legs l JOIN legs r ON r.entry_id = ? AND r.line = l.line
		AND r.account = l.account AND r.amount = l.amount AND r.side <> l.side WHERE l.entry_id = ?`, rev.ID, orig.ID).Scan(&n)
	if n != 2 {
		t.Fatalf("%d mirrored legs", n)
	}
	if _, err := svc.PrepareReversal(ctx, sess, orig.ID, "再冲"); !errors.Is(err, ledger.ErrAlreadyReversed) {
		t.Fatalf("twice: %v", err)
	}
	if _, err := svc.PrepareReversal(ctx, sess, rev.ID, "冲冲正"); !errors.Is(err, ledger.ErrReverseReversal) {
		t.Fatalf("reversal of a reversal: %v", err)
	}
	reg, err := svc.Reversals(ctx, sess, "")
	if err != nil || len(reg) != 1 || reg[0].ID != rev.ID {
		t.Fatalf("register %+v %v", reg, err)
	}
	// Money already withdrawn cannot be reversed out of the account.
	fundBox(t, svc, "1001", 10)
	dep := post(counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000003", Amount: 500_00})
	post(counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashWithdrawal, Account: "6217000000000003", Amount: 500_00})
	d, _ = svc.PrepareReversal(ctx, sess, dep.ID, "录错")
	_ = svc.Authorize(ctx, d, approve("3001"))
	if _, err := svc.Post(ctx, d); !errors.Is(err, ledger.ErrOverdraft) {
		t.Fatalf("overdrawing reversal: %v", err)
	}
	// A clerk may not reverse someone else's business.
	other := signedIn(t, svc, "1002")
	if _, err := svc.PrepareReversal(ctx, other, dep.ID, "录错"); !errors.Is(err, counter.ErrNotPermitted) {
		t.Fatalf("foreign reversal: %v", err)
	}
	// The A who approves cannot be the one reversing.
	a := signedIn(t, svc, "3001")
	d, err = svc.PrepareReversal(ctx, a, dep.ID, "录错")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Authorize(ctx, d, approve("3001")); !errors.Is(err, authz.ErrSelfAuthorization) {
		t.Fatalf("self-approved reversal: %v", err)
	}
}

// Posted entries, their legs and the audit trail refuse UPDATE and DELETE
// in the database itself.
func TestPostedRowsAreImmutable(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	sess := signedIn(t, svc, "1001")
	d, _ := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 100})
	if _, err := svc.Post(ctx, d); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE entries SET amount = 1`, `DELETE FROM entries`,
		`UPDATE legs SET amount = 1`, `DELETE FROM legs`,
		`UPDATE audit SET detail = ''`, `DELETE FROM audit`,
	} {
		if _, err := db.Exec(context.Background(), q); err == nil || !strings.Contains(err.Error(), "never") {
			t.Errorf("%s: %v", q, err)
		}
	}
}
