package counter_test

import (
	"context"
	"errors"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/demo"
)

// A receipt shows the account's balance right after its entry, whatever
// was posted since, with the bank's name from the settings; a clerk gets
// only their own entries' receipts.
func TestReceiptBalanceAfterEntry(t *testing.T) {
	ctx := context.Background()
	svc, _ := newCounter(t)
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
	const acct = "6217000000000002" // 李娜, ¥80,000.00
	dep := post(counter_req(ledger.SavingsCashDeposit, acct, 1_000_00))
	out := post(counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsTransfer, Account: acct, Counterparty: "6217000000000003", Amount: 300_00})
	post(counter_req(ledger.SavingsCashWithdrawal, acct, 200_00))

	for _, tc := range []struct {
		e    ledger.Entry
		want money.Amount
	}{{dep, 81_000_00}, {out, 80_700_00}} {
		r, err := svc.Receipt(ctx, sess, tc.e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !r.HasBalance || r.Balance != tc.want || r.Holder != "李娜" || r.BankName != demo.BankName ||
			r.Branch.Name != "示范支行营业部" || r.Maker != "1001 张三" {
			t.Errorf("receipt of #%d: %+v, want balance %v", tc.e.ID, r, tc.want)
		}
	}
	r, _ := svc.Receipt(ctx, sess, out.ID)
	if r.CpHolder != "陈静" || !r.Entry.CustomerSigns() || r.Entry.Seal() != ledger.SealBusiness {
		t.Errorf("transfer out: %+v", r)
	}

	other := signedIn(t, svc, "1002")
	if _, err := svc.Receipt(ctx, other, dep.ID); !errors.Is(err, counter.ErrNotFound) {
		t.Fatalf("another clerk's receipt: %v", err)
	}
	if _, err := svc.Receipt(ctx, signedIn(t, svc, "2002"), dep.ID); err != nil {
		t.Fatalf("a B reads the branch's receipts: %v", err)
	}
}
