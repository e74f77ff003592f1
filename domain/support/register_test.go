package support

import (
	"errors"
	"testing"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
)

func on(date string) Stamp { return Stamp{On: date, By: "2001"} }

// issuedRegister has a 2026 budget of budget and FW1's application for
// ¥3,000, issued when the budget holds it; and the rows it wrote.
func issuedRegister(t *testing.T, budget money.Amount) (*Register, []RegisterEvent) {
	t.Helper()
	r, _ := ReplayRegister(nil)
	es, err := r.AddBudget(2026, budget, on("2026-03-02"))
	if err != nil {
		t.Fatal(err)
	}
	more, err := r.Apply(ApplyRequest{ID: "FW1", Code: "91350100M000100Y43", Name: "甲公司", Contracts: []Contract{{Item: Legal, Amount: 5000_00}},
		Applicant: smallApplicant()}, enterprise.Default(), on("2026-03-02"))
	if err != nil {
		t.Fatal(err)
	}
	return r, append(es, more...)
}

// 第十五条（三）: redeemable to the last day of the year, refused after;
// the register as replayed from its rows decides the same.
func TestVoucherRedeemExpiryBoundary(t *testing.T) {
	for date, ok := range map[string]bool{"2026-12-30": true, "2026-12-31": true, "2027-01-01": false} {
		r, _ := issuedRegister(t, 3000_00)
		q := RedeemRequest{ID: "DY1", App: "FW1", Presenter: "91350100M000100Y43", Numbers: []string{"FW1-1"},
			Institution: "所", ContractNo: "HT", Item: Legal, ContractAmount: 5000_00}
		_, err := r.Redeem(q, on(date))
		if ok != (err == nil) || !ok && !errors.Is(err, ErrVoucherExpired) {
			t.Errorf("%s: %v", date, err)
		}
	}
}

// 第十五条（二）: an application exactly the budget left is issued; with
// one fen less it waits.
func TestVoucherBudgetExactlyTheRemainder(t *testing.T) {
	for budget, state := range map[money.Amount]AppState{2999_99: Waiting, 3000_00: Issued, 3000_01: Issued} {
		r, es := issuedRegister(t, budget)
		if a, _ := r.Application("FW1"); a.State != state {
			t.Errorf("budget %s: %s", budget, a.State.Title())
		}
		// The rows replay to the same register.
		r, err := ReplayRegister(es)
		if err != nil {
			t.Fatal(err)
		}
		if a, _ := r.Application("FW1"); a.State != state {
			t.Errorf("replayed, budget %s: %s", budget, a.State.Title())
		}
	}
}

// A redemption names its institution and contract, and vouchers of the
// issue each once, of the contract's service item; a refusal writes nothing.
func TestVoucherRedeemWhatIsPresented(t *testing.T) {
	ok := RedeemRequest{ID: "DY1", App: "FW1", Presenter: "91350100M000100Y43", Numbers: []string{"FW1-1"},
		Institution: "武汉示范律师事务所", ContractNo: "HT-1", Item: Legal, ContractAmount: 5000_00}
	for name, c := range map[string]struct {
		change func(*RedeemRequest)
		want   error
	}{
		"unknown number":  {func(q *RedeemRequest) { q.Numbers = []string{"FW2-1"} }, ErrVoucherNumber},
		"number twice":    {func(q *RedeemRequest) { q.Numbers = []string{"FW1-1", "FW1-1"} }, ErrVoucherNumber},
		"no number":       {func(q *RedeemRequest) { q.Numbers = nil }, ErrVoucherNumber},
		"another item":    {func(q *RedeemRequest) { q.Item = Financing }, ErrVoucherItemMismatch},
		"no institution":  {func(q *RedeemRequest) { q.Institution = " " }, ErrRedemption},
		"no contract no.": {func(q *RedeemRequest) { q.ContractNo = "" }, ErrRedemption},
		"no amount":       {func(q *RedeemRequest) { q.ContractAmount = 0 }, ErrRedemption},
		"no application":  {func(q *RedeemRequest) { q.App = "FW9" }, ErrNoApplication},
	} {
		r, _ := issuedRegister(t, 3000_00)
		q := ok
		c.change(&q)
		if _, err := r.Redeem(q, on("2026-06-01")); !errors.Is(err, c.want) {
			t.Errorf("%s: %v", name, err)
		}
		if len(r.Redemptions()) != 0 {
			t.Errorf("%s: a refusal was recorded", name)
		}
	}
	r, _ := issuedRegister(t, 2999_99)
	if _, err := r.Redeem(ok, on("2026-06-01")); !errors.Is(err, ErrNotIssued) {
		t.Errorf("waiting: %v", err)
	}
}

// 第十五条: a contract keeps the amount its first redemption recorded; a
// larger one typed later does not raise its 60%.
func TestVoucherRedeemContractAmountPinned(t *testing.T) {
	r, _ := issuedRegister(t, 3000_00)
	q := RedeemRequest{ID: "DY1", App: "FW1", Presenter: "91350100M000100Y43", Numbers: []string{"FW1-1"},
		Institution: "武汉示范律师事务所", ContractNo: "HT-1", Item: Legal, ContractAmount: 5000_00}
	if _, err := r.Redeem(q, on("2026-06-01")); err != nil {
		t.Fatal(err)
	}
	q.ID, q.Numbers, q.ContractAmount = "DY2", []string{"FW1-2"}, 9000_00
	if _, err := r.Redeem(q, on("2026-06-02")); !errors.Is(err, ErrContractAmountChanged) {
		t.Fatalf("the contract's amount raised at its second redemption: %v", err)
	}
	if len(r.Redemptions()) != 1 {
		t.Fatal("a refusal was recorded")
	}
	q.ContractAmount = 5000_00
	if _, err := r.Redeem(q, on("2026-06-02")); err != nil {
		t.Fatalf("the same contract at its amount: %v", err)
	}
}
