package counter_test

import (
	"context"
	"errors"
	"testing"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/storage/demo"
)

// 第九条 and remote authorization: a cash deposit into a box over its limit
// queued for a B keeps its reason with the figures apart, so the B reading
// it at another PC has the same message (its formats and figures, the box
// limit refusal nested) and the same Chinese; a draft whose reason is the
// policy's keeps none of its own.
func TestRemoteAuthorizationOverBoxLimitKeepsItsReason(t *testing.T) {
	pcs, _ := remoteBranch(t, 2)
	ctx := context.Background()
	teller := signedIn(t, pcs[0], "1001")
	if err := pcs[0].SetBoxLimit(ctx, counter.CommandLine(), "1001", 100_00); err != nil {
		t.Fatal(err)
	}
	deposit := func(amount money.Amount) *counter.Draft {
		t.Helper()
		d, err := pcs[0].Prepare(ctx, teller, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit,
			Account: "6217000000000001", Amount: amount})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if d := deposit(200_00); d.Requirement().Need == authz.NeedNone {
		if _, err := pcs[0].Post(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	d := deposit(300_00)
	why := d.Requirement().Why
	if d.Requirement().Need != authz.NeedB || why == nil || why.String() != d.Requirement().Reason {
		t.Fatalf("over the box limit: %+v", d.Requirement())
	}
	key, err := pcs[0].Queue(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	_, transfer := queueTransfer(t, pcs[0], teller, 150_000_00)

	qs, err := pcs[1].Pending(ctx, login(t, pcs[1], "2001"))
	if err != nil || len(qs) != 2 || qs[0].Key != key || qs[1].Key != transfer {
		t.Fatalf("pending %+v %v", qs, err)
	}
	got := qs[0].Requirement
	if got.Why == nil || got.Reason != d.Requirement().Reason || got.Message().String() != got.Reason {
		t.Fatalf("read back %+v", got)
	}
	if got.Why.Format != why.Format || len(got.Why.Args) != 1 {
		t.Fatalf("format %q %v, want %q", got.Why.Format, got.Why.Args, why.Format)
	}
	var c msg.Carrier
	if err, ok := got.Why.Args[0].(error); !ok || !errors.As(err, &c) || c.Message().Format != "%w（余额 %s，最高限额 %s）" ||
		c.Message().Args[2] != msg.Figure(money.Amount(100_00).String()) {
		t.Errorf("the box limit's refusal read back as %#v", got.Why.Args[0])
	}
	if p := qs[1].Requirement; p.Why != nil || p.Message().String() != p.Reason {
		t.Errorf("the policy's reason read back as %+v", p)
	}
}
