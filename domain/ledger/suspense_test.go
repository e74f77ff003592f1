package ledger

import (
	"errors"
	"testing"
	"time"

	"branchdesk/domain/money"
)

// TestSuspenseResolutionNeverBeyondOpen: 第十四条 — a resolution takes
// part or all of what is open on a suspense item, never more.
func TestSuspenseResolutionNeverBeyondOpen(t *testing.T) {
	for _, c := range []struct {
		amount, open money.Amount
		want         error
	}{
		{60_00, 60_00, nil},         // exactly what is open
		{59_99, 60_00, nil},         // one fen below: partly resolved
		{60_01, 60_00, ErrOverOpen}, // one fen above
		{0, 60_00, ErrNonPositive},
		{1, 0, ErrSuspenseClosed},
	} {
		if err := CheckResolution(c.amount, c.open); !errors.Is(err, c.want) {
			t.Errorf("%s of %s open: %v, want %v", c.amount, c.open, err, c.want)
		}
	}
}

// TestSuspenseWaysFitTheItem: an overage is returned or written off; a
// shortage is found, repaid or written off; nothing else is resolved.
func TestSuspenseWaysFitTheItem(t *testing.T) {
	for _, c := range []struct {
		item Kind
		way  Way
		want Kind
		err  error
	}{
		{CashOverage, WayFound, OverageReturned, nil},
		{CashOverage, WayRepaid, "", ErrWayNotFit},
		{CashOverage, WayWrittenOff, OverageWrittenOff, nil},
		{CashShortage, WayFound, ShortageFound, nil},
		{CashShortage, WayRepaid, ShortageRepaid, nil},
		{CashShortage, WayWrittenOff, ShortageWrittenOff, nil},
		{SavingsCashDeposit, WayFound, "", ErrNotSuspense},
	} {
		k, err := ResolutionKind(c.item, c.way)
		if k != c.want || !errors.Is(err, c.err) {
			t.Errorf("%s %s: %s %v", c.item, c.way, k, err)
		}
		if err != nil {
			continue
		}
		legs, err := ResolutionLegs(k, 1_00, "0101", "1001")
		if err != nil || CheckBalanced(legs) != nil {
			t.Errorf("%s legs %v %v", k, legs, err)
		}
		if !k.IsResolution() || k.Title() == string(k) {
			t.Errorf("%s has no title", k)
		}
	}
}

// TestCashIDThreshold: cash at ¥50,000.00 and above needs the ID, one fen
// below does not; transfers and the bank's own movements never do.
func TestCashIDThreshold(t *testing.T) {
	for _, c := range []struct {
		k    Kind
		amt  money.Amount
		want bool
	}{
		{SavingsCashDeposit, 49_999_99, false},
		{SavingsCashDeposit, 50_000_00, true},
		{CorporateCashWithdrawal, 50_000_01, true},
		{SavingsTransfer, 500_000_00, false},
		{VaultIssue, 500_000_00, false},
	} {
		if got := NeedsID(c.k, c.amt); got != c.want {
			t.Errorf("%s %s: %v", c.k, c.amt, got)
		}
		_, err := CheckPresenter(c.k, c.amt, Presenter{}, time.Now())
		if c.want != errors.Is(err, ErrIDRequired) {
			t.Errorf("%s %s without ID: %v", c.k, c.amt, err)
		}
	}
}

// TestSuspenseResolutionReceipt: a write-off moves no cash and takes the
// business seal; only cash returned to a customer asks their signature.
func TestSuspenseResolutionReceipt(t *testing.T) {
	for _, c := range []struct {
		k     Kind
		seal  string
		signs bool
	}{
		{OverageReturned, SealCash, true},
		{ShortageFound, SealCash, false},
		{ShortageRepaid, SealCash, false},
		{OverageWrittenOff, SealBusiness, false},
		{ShortageWrittenOff, SealBusiness, false},
	} {
		e := Entry{Kind: c.k, Settles: 1}
		if e.Seal() != c.seal || e.CustomerSigns() != c.signs {
			t.Errorf("%s: %s %v", c.k, e.Seal(), e.CustomerSigns())
		}
	}
}
