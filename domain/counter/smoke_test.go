package counter_test

import (
	"context"
	"testing"

	"branchdesk/domain/authz"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
)

func TestSmokePostWithAuthorization(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	sess := signedIn(t, svc, "1001")
	d, err := svc.Prepare(ctx, sess, counter_req(ledger.SavingsCashDeposit, "6217000000000001", 200_000_00))
	if err != nil {
		t.Fatal(err)
	}
	if d.Requirement().Need != authz.NeedBA {
		t.Fatalf("need %v", d.Requirement())
	}
	c := approve("2001")
	c.Amount = 200_000_00
	if err := svc.Authorize(ctx, d, c); err != nil {
		t.Fatal(err)
	}
	c = approve("3001")
	c.Amount = 200_000_00
	if err := svc.Authorize(ctx, d, c); err != nil {
		t.Fatal(err)
	}
	e, err := svc.Post(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if e.Seq != 1 || e.AuthB != "2001" || e.AuthA != "3001" {
		t.Fatalf("entry %+v", e)
	}
	a, _ := svc.Account(ctx, "6217000000000001")
	if a.Balance != money.Amount(700_000_00) {
		t.Fatalf("balance %v", a.Balance)
	}
	n, brk, err := svc.VerifyAudit(ctx)
	if err != nil || brk != nil {
		t.Fatal(n, brk, err)
	}
	t.Log(n, e.Legs)
}
