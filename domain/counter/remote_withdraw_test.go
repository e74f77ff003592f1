package counter_test

import (
	"branchdesk/storage/demo"
	"context"
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/storetest"
)

// withdrawals counts the audited withdrawals of key, read on a PC's own
// connection to the branch database.
func withdrawals(t *testing.T, target, key string) (n int, actor string) {
	t.Helper()
	db := storetest.OpenTarget(t, target)
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*), COALESCE(MAX(actor), '') FROM audit
		WHERE action = 'auth_queue' AND detail LIKE ?`, "撤回远程授权 "+key+"%").Scan(&n, &actor); err != nil {
		t.Fatal(err)
	}
	return n, actor
}

// The teller who queued a draft takes it back while it waits (the
// customer left): audited, gone from the authorizers' list, an authorizer
// who still opens it is refused in Chinese, and it is never posted.
func TestRemoteWithdrawWhileWaiting(t *testing.T) {
	pcs, _, target := remoteBranchAt(t, 3)
	ctx := context.Background()
	teller := signedIn(t, pcs[0], "1001")
	d, key := queueTransfer(t, pcs[0], teller, 150_000_00)
	b := login(t, pcs[1], "2001")
	if keys := pendingKeys(t, pcs[1], b); len(keys) != 1 {
		t.Fatalf("pending before withdrawal: %v", keys)
	}

	// Only its maker: another teller, or the authorizer, cannot.
	other := signedIn(t, pcs[2], "1002")
	if err := pcs[2].Withdraw(ctx, other, key); !errors.Is(err, counter.ErrWithdrawNotMaker) {
		t.Fatalf("withdrawn by another teller: %v", err)
	}
	if err := pcs[1].Withdraw(ctx, b, key); !errors.Is(err, counter.ErrWithdrawNotMaker) {
		t.Fatalf("withdrawn by the authorizer: %v", err)
	}
	wantState(t, pcs[0], teller, key, counter.QueueWaiting)

	if err := pcs[0].Withdraw(ctx, teller, key); err != nil {
		t.Fatal(err)
	}
	q := wantState(t, pcs[0], teller, key, counter.QueueWithdrawn)
	if q.Withdrawn.IsZero() || q.State.Title() != "已撤回" {
		t.Fatalf("withdrawn at %v, title %q", q.Withdrawn, q.State.Title())
	}
	if n, actor := withdrawals(t, target, key); n != 1 || actor != "1001" {
		t.Fatalf("withdrawal audited %d times, by %q", n, actor)
	}
	if keys := pendingKeys(t, pcs[1], b); len(keys) != 0 {
		t.Fatalf("a withdrawn draft is offered: %v", keys)
	}
	err := pcs[1].Decide(ctx, b, key, authz.StageB, approve("2001"))
	if !errors.Is(err, counter.ErrQueueWithdrawn) || !strings.Contains(err.Error(), "经办柜员已撤回") {
		t.Fatalf("approve after withdrawal: %v", err)
	}
	no := counter.Credential{UserID: "2001", Password: "pass2001", Reason: "迟到的拒绝"}
	if err := pcs[1].Decide(ctx, b, key, authz.StageB, no); !errors.Is(err, counter.ErrQueueWithdrawn) {
		t.Fatalf("refuse after withdrawal: %v", err)
	}
	if _, err := pcs[0].PostQueued(ctx, teller, key); !errors.Is(err, counter.ErrQueueWithdrawn) {
		t.Fatalf("post after withdrawal: %v", err)
	}
	if _, err := pcs[0].Post(ctx, d); !errors.Is(err, counter.ErrDraftQueued) {
		t.Fatalf("local post of the withdrawn draft: %v", err)
	}
	if err := pcs[0].Withdraw(ctx, teller, key); !errors.Is(err, counter.ErrQueueWithdrawn) {
		t.Fatalf("withdrawn twice: %v", err)
	}
	if n, _ := withdrawals(t, target, key); n != 1 {
		t.Fatalf("withdrawal audited %d times", n)
	}
	if es, err := pcs[0].Journal(ctx, teller, today); err != nil || len(es) != 0 {
		t.Fatalf("journal after withdrawal: %d entries, %v", len(es), err)
	}
	if _, brk, err := pcs[0].VerifyAudit(ctx); err != nil || brk != nil {
		t.Fatalf("audit chain: %v %v", brk, err)
	}
}

// Pending means not yet fully signed: half-way through B then A it can
// still be withdrawn; once approved, refused, expired or posted it cannot.
func TestRemoteWithdrawOnlyWhilePending(t *testing.T) {
	pcs, clock := remoteBranch(t, 3)
	ctx := context.Background()
	teller := signedIn(t, pcs[0], "1001")
	b := login(t, pcs[1], "2001")

	_, approved := queueTransfer(t, pcs[0], teller, 150_000_00)
	if err := pcs[1].Decide(ctx, b, approved, authz.StageB, approve("2001")); err != nil {
		t.Fatal(err)
	}
	err := pcs[0].Withdraw(ctx, teller, approved)
	if !errors.Is(err, counter.ErrWithdrawTooLate) || err.Error() != "该笔业务已授权，不能撤回" {
		t.Fatalf("withdraw after approval: %v", err)
	}
	wantState(t, pcs[0], teller, approved, counter.QueueApproved)

	_, refused := queueTransfer(t, pcs[0], teller, 120_000_00)
	if err := pcs[1].Decide(ctx, b, refused, authz.StageB, counter.Credential{UserID: "2001", Password: "pass2001", Reason: "印鉴不符"}); !errors.Is(err, authz.ErrRefused) {
		t.Fatalf("refusal: %v", err)
	}
	if err := pcs[0].Withdraw(ctx, teller, refused); !errors.Is(err, counter.ErrDraftRefused) {
		t.Fatalf("withdraw after refusal: %v", err)
	}

	// B signed, A still missing: pending, so it can be withdrawn, and the
	// A who comes next is refused.
	const amt = 250_000_00
	_, half := queueTransfer(t, pcs[0], teller, amt)
	a1 := login(t, pcs[1], "3001")
	c := approve("3001")
	c.Amount = amt
	if err := pcs[1].Decide(ctx, a1, half, authz.StageB, c); err != nil {
		t.Fatal(err)
	}
	if err := pcs[0].Withdraw(ctx, teller, half); err != nil {
		t.Fatalf("withdraw half-signed: %v", err)
	}
	a2 := login(t, pcs[2], "3002")
	c2 := approve("3002")
	c2.Amount = amt
	if err := pcs[2].Decide(ctx, a2, half, authz.StageA, c2); !errors.Is(err, counter.ErrQueueWithdrawn) {
		t.Fatalf("A after withdrawal: %v", err)
	}

	// Posted: too late; the approved one is posted, once.
	if _, err := pcs[0].PostQueued(ctx, teller, approved); err != nil {
		t.Fatal(err)
	}
	if err := pcs[0].Withdraw(ctx, teller, approved); !errors.Is(err, counter.ErrDraftPosted) {
		t.Fatalf("withdraw after posting: %v", err)
	}
	_, late := queueTransfer(t, pcs[0], teller, 110_000_00)
	clock.advance(counter.DefaultRemoteMinutes * 60e9)
	if err := pcs[0].Withdraw(ctx, teller, late); !errors.Is(err, counter.ErrQueueExpired) {
		t.Fatalf("withdraw after expiry: %v", err)
	}
	if err := pcs[0].Withdraw(ctx, teller, "no-such-key"); !errors.Is(err, counter.ErrQueueUnknown) {
		t.Fatalf("withdraw an unknown key: %v", err)
	}
	if es, _ := pcs[0].Journal(ctx, teller, today); len(es) != 1 {
		t.Fatalf("journal has %d entries, want 1", len(es))
	}
}

// The teller withdraws at their PC while a B approves at theirs, at the
// same moment, on two connections: exactly one wins, again and again, and
// what the queue says afterwards is what the winner did.
func TestRemoteWithdrawRacesApproval(t *testing.T) {
	pcs, _ := remoteBranch(t, 2)
	ctx := context.Background()
	teller := signedIn(t, pcs[0], "1001")
	b := login(t, pcs[1], "2001")
	outcomes := map[counter.QueueState]int{}
	for round := range 8 {
		// From the company's ¥5,000,000, so every approval can be posted.
		r := counter.Request{Presenter: demo.Presenter, Kind: ledger.CorporateTransfer, Account: "4100000000000001", Counterparty: "4100000000000002",
			Amount: money.Amount(110_000_00 + 100*round)}
		d, err := pcs[0].Prepare(ctx, teller, r)
		if err != nil {
			t.Fatal(err)
		}
		key, err := pcs[0].Queue(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		errs := together(2, func(pc int) error {
			if pc == 0 {
				return pcs[0].Withdraw(ctx, teller, key)
			}
			return pcs[1].Decide(ctx, b, key, authz.StageB, approve("2001"))
		})
		withdrew, approved := errs[0] == nil, errs[1] == nil
		if withdrew == approved {
			t.Fatalf("round %d: withdraw %v, approve %v: want exactly one", round, errs[0], errs[1])
		}
		q, err := pcs[0].QueuedState(ctx, teller, key)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case withdrew:
			if !errors.Is(errs[1], counter.ErrQueueWithdrawn) || q.State != counter.QueueWithdrawn || q.AuthB != "" {
				t.Fatalf("round %d: approval lost to withdrawal with %v; state %s, B %q", round, errs[1], q.State, q.AuthB)
			}
			if _, err := pcs[0].PostQueued(ctx, teller, key); !errors.Is(err, counter.ErrQueueWithdrawn) {
				t.Fatalf("round %d: post of a withdrawn draft: %v", round, err)
			}
		default:
			if !errors.Is(errs[0], counter.ErrWithdrawTooLate) || q.State != counter.QueueApproved || !q.Withdrawn.IsZero() {
				t.Fatalf("round %d: withdrawal lost to approval with %v; state %s", round, errs[0], q.State)
			}
			if _, err := pcs[0].PostQueued(ctx, teller, key); err != nil {
				t.Fatalf("round %d: post approved: %v", round, err)
			}
		}
		outcomes[q.State]++
	}
	es, err := pcs[0].Journal(ctx, teller, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != outcomes[counter.QueueApproved] {
		t.Fatalf("journal has %d entries, %d approvals won (%v)", len(es), outcomes[counter.QueueApproved], outcomes)
	}
	t.Logf("outcomes over 8 races: %v", outcomes)
}
