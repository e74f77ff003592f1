package counter_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
)

// TestAccountFreezeLimitsWhatMayBeDrawn: an A freezes ¥79,000.00 of 李娜's
// ¥80,000.00 with the reason and the document; ¥1,000.00 may still be
// drawn, one fen more is refused naming the freeze, and nothing is
// posted; released, the whole balance is there again. Each freeze and
// release is a new row, audited; a release is done once.
func TestAccountFreezeLimitsWhatMayBeDrawn(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	const no = "6217000000000002"
	a := signedIn(t, svc, "3001")
	admin, err := counter.AdminOf(a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := counter.AdminOf(signedIn(t, svc, "2001")); !errors.Is(err, counter.ErrNeedLevelA) {
		t.Fatalf("a B freezes: %v", err)
	}
	for _, c := range []struct {
		amount      money.Amount
		reason, doc string
		want        error
	}{
		{79_000_00, "", "(2026)鄂0102执123号", counter.ErrFreezeReason},
		{79_000_00, "法院协助冻结", " ", counter.ErrFreezeReason},
		{0, "法院协助冻结", "(2026)鄂0102执123号", counter.ErrFreezeAmount},
	} {
		if _, err := svc.FreezeAccount(ctx, admin, no, c.amount, c.reason, c.doc); !errors.Is(err, c.want) {
			t.Fatalf("freeze %s %q %q: %v", c.amount, c.reason, c.doc, err)
		}
	}
	f, err := svc.FreezeAccount(ctx, admin, no, 79_000_00, "法院协助冻结", "(2026)鄂0102执123号")
	if err != nil {
		t.Fatal(err)
	}
	acct, _ := svc.Account(ctx, no)
	if acct.Frozen != 79_000_00 || acct.Available() != 1_000_00 || acct.Status() != "部分冻结 ¥79,000.00" {
		t.Fatalf("after the freeze: %+v, %s", acct, acct.Status())
	}

	t1 := signedIn(t, svc, "1001")
	fundBox(t, svc, "1001", 100)
	withdraw := func(amount money.Amount) error {
		d, err := svc.Prepare(ctx, t1, counter.Request{Kind: ledger.SavingsCashWithdrawal, Account: no, Amount: amount})
		if err != nil {
			return err
		}
		_, err = svc.Post(ctx, d)
		return err
	}
	err = withdraw(1_000_01)
	if !errors.Is(err, ledger.ErrOverdraft) || !strings.Contains(err.Error(), "冻结 ¥79,000.00") {
		t.Fatalf("one fen beyond what is free: %v", err)
	}
	if err := withdraw(1_000_00); err != nil {
		t.Fatalf("exactly what is free: %v", err)
	}
	if err := withdraw(1); !errors.Is(err, ledger.ErrOverdraft) {
		t.Fatalf("with nothing free: %v", err)
	}

	if _, err := svc.ReleaseFreeze(ctx, admin, no, f.ID+99, "解除冻结", "(2026)鄂0102执123-1号"); !errors.Is(err, counter.ErrNoFreeze) {
		t.Fatalf("an unknown freeze released: %v", err)
	}
	if _, err := svc.ReleaseFreeze(ctx, admin, no, f.ID, "解除冻结", "(2026)鄂0102执123-1号"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ReleaseFreeze(ctx, admin, no, f.ID, "再解", "x"); !errors.Is(err, counter.ErrFreezeReleased) {
		t.Fatalf("released twice: %v", err)
	}
	acct, _ = svc.Account(ctx, no)
	if acct.Frozen != 0 || acct.Available() != 79_000_00 || acct.Status() != "正常" {
		t.Fatalf("after the release: %+v", acct)
	}
	rows, _ := svc.Freezes(ctx, no)
	if len(rows) != 2 || rows[1].Releases != f.ID || rows[1].Amount != 79_000_00 || rows[0].By != "3001" {
		t.Fatalf("register %+v", rows)
	}
	var audited int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit WHERE action = 'account_freeze'`).Scan(&audited); err != nil || audited != 2 {
		t.Fatalf("%d audit rows: %v", audited, err)
	}
	if _, err := db.Exec(ctx, `UPDATE account_freezes SET amount = 1`); err == nil {
		t.Fatal("a freeze row was changed")
	}
}
