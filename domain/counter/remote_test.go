package counter_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/demo"
	"branchdesk/storage/storetest"
)

// remoteBranch opens one branch database at n PCs, with remote
// authorization on, and gives the clock they share.
func remoteBranch(t *testing.T, n int) ([]*counter.Service, *fakeClock) {
	t.Helper()
	pcs, clock, _ := remoteBranchAt(t, n)
	return pcs, clock
}

// remoteBranchAt is remoteBranch that also gives the database's target,
// for a test that reads the database beside the PCs.
func remoteBranchAt(t *testing.T, n int) ([]*counter.Service, *fakeClock, string) {
	t.Helper()
	ctx := context.Background()
	target := storetest.Target(t)
	clock := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)}
	pcs := make([]*counter.Service, n)
	for i := range pcs {
		pcs[i] = counter.New(storetest.OpenTarget(t, target), clock, fmt.Sprintf("0101-T%02d", i+1))
	}
	if err := demo.Seed(ctx, pcs[0], today); err != nil {
		t.Fatal(err)
	}
	if err := pcs[0].SetSetting(ctx, counter.CommandLine(), counter.SettingRemoteAuth, "on"); err != nil {
		t.Fatal(err)
	}
	return pcs, clock, target
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// login signs a user in at a PC without opening a business day: an
// authorizer at their own PC.
func login(t *testing.T, svc *counter.Service, id string) *counter.Session {
	t.Helper()
	sess, err := svc.Login(context.Background(), id, "pass"+id)
	if err != nil {
		t.Fatalf("login %s: %v", id, err)
	}
	return sess
}

// queueTransfer has a teller at pc key a savings transfer and queue it.
func queueTransfer(t *testing.T, svc *counter.Service, sess *counter.Session, amt money.Amount) (*counter.Draft, string) {
	t.Helper()
	r := counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsTransfer, Account: "6217000000000001", Counterparty: "6217000000000003", Amount: amt}
	d, err := svc.Prepare(context.Background(), sess, r)
	if err != nil {
		t.Fatal(err)
	}
	key, err := svc.Queue(context.Background(), d)
	if err != nil {
		t.Fatalf("queue: %v", err)
	}
	return d, key
}

func pendingKeys(t *testing.T, svc *counter.Service, sess *counter.Session) []string {
	t.Helper()
	qs, err := svc.Pending(context.Background(), sess)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, q := range qs {
		keys = append(keys, q.Key)
	}
	return keys
}

func wantState(t *testing.T, svc *counter.Service, sess *counter.Session, key string, want counter.QueueState) counter.Queued {
	t.Helper()
	q, err := svc.QueuedState(context.Background(), sess, key)
	if err != nil || q.State != want {
		t.Fatalf("state of %s = %q, %v; want %q", key, q.State, err, want)
	}
	return q
}

// 第十五条: 10万-20万元的转账由B级授权 — here by 李四 at his own PC; the
// teller's PC learns the answer and posts.
func TestRemoteAuthorizationBApprovesAtAnotherPC(t *testing.T) {
	pcs, _ := remoteBranch(t, 2)
	ctx := context.Background()
	teller := signedIn(t, pcs[0], "1001")
	d, key := queueTransfer(t, pcs[0], teller, 150_000_00)
	if d.Requirement().Need != authz.NeedB {
		t.Fatalf("need %v", d.Requirement().Need)
	}
	// Queued, the draft is signed and posted only through the queue.
	if _, err := pcs[0].Post(ctx, d); !errors.Is(err, counter.ErrDraftQueued) {
		t.Fatalf("local post of a queued draft: %v", err)
	}
	if err := pcs[0].Authorize(ctx, d, approve("2001")); !errors.Is(err, counter.ErrDraftQueued) {
		t.Fatalf("local authorization of a queued draft: %v", err)
	}
	if _, err := pcs[0].Queue(ctx, d); !errors.Is(err, counter.ErrDraftQueued) {
		t.Fatalf("queued twice: %v", err)
	}
	wantState(t, pcs[0], teller, key, counter.QueueWaiting)
	if _, err := pcs[0].PostQueued(ctx, teller, key); !errors.Is(err, authz.ErrAuthorizationMissing) {
		t.Fatalf("post before approval: %v", err)
	}

	b := login(t, pcs[1], "2001")
	qs, err := pcs[1].Pending(ctx, b)
	if err != nil || len(qs) != 1 || qs[0].Key != key {
		t.Fatalf("pending for 2001: %+v %v", qs, err)
	}
	if qs[0].Request.Amount != 150_000_00 || qs[0].Blind || qs[0].Maker != "1001" {
		t.Fatalf("pending shows %+v", qs[0])
	}
	if err := pcs[1].Decide(ctx, b, key, authz.StageA, approve("2001")); !errors.Is(err, counter.ErrQueueMoved) {
		t.Fatalf("decide a stage not shown: %v", err)
	}
	if err := pcs[1].Decide(ctx, b, key, authz.StageB, approve("2002")); !errors.Is(err, counter.ErrWrongAuthorize) {
		t.Fatalf("decide for someone else: %v", err)
	}
	wrong := approve("2001")
	wrong.Password = "nope"
	if err := pcs[1].Decide(ctx, b, key, authz.StageB, wrong); !errors.Is(err, authz.ErrAuthorizerPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	if err := pcs[1].Decide(ctx, b, key, authz.StageB, approve("2001")); err != nil {
		t.Fatal(err)
	}
	if keys := pendingKeys(t, pcs[1], b); len(keys) != 0 {
		t.Fatalf("still pending after approval: %v", keys)
	}
	if err := pcs[1].Decide(ctx, login(t, pcs[1], "2002"), key, authz.StageB, approve("2002")); !errors.Is(err, counter.ErrQueueMoved) {
		t.Fatalf("second B on an approved draft: %v", err)
	}
	q := wantState(t, pcs[0], teller, key, counter.QueueApproved)
	if q.AuthB != "2001" {
		t.Fatalf("auth_b %q", q.AuthB)
	}
	// Only the maker posts it.
	if _, err := pcs[1].PostQueued(ctx, b, key); !errors.Is(err, counter.ErrQueueNotMaker) {
		t.Fatalf("post by another: %v", err)
	}
	e, err := pcs[0].PostQueued(ctx, teller, key)
	if err != nil {
		t.Fatal(err)
	}
	if e.AuthB != "2001" || e.Amount != 150_000_00 || e.Teller != "1001" {
		t.Fatalf("entry %+v", e)
	}
	if a, _ := pcs[1].Account(ctx, "6217000000000003"); a.Balance != 150_000_00 {
		t.Fatalf("counterparty balance %s", a.Balance)
	}
	wantState(t, pcs[0], teller, key, counter.QueuePosted)
}

// A refusal needs a reason (RULES: approves or refuses with a reason); a
// refused draft is never signed again nor posted.
func TestRemoteAuthorizationRefusedWithReason(t *testing.T) {
	pcs, _ := remoteBranch(t, 2)
	ctx := context.Background()
	teller := signedIn(t, pcs[0], "1001")
	_, key := queueTransfer(t, pcs[0], teller, 150_000_00)
	b := login(t, pcs[1], "2002")
	no := counter.Credential{UserID: "2002", Password: "pass2002"}
	if err := pcs[1].Decide(ctx, b, key, authz.StageB, no); !errors.Is(err, counter.ErrReasonRequired) {
		t.Fatalf("refusal without reason: %v", err)
	}
	wantState(t, pcs[0], teller, key, counter.QueueWaiting)
	no.Reason = "客户身份待核实"
	if err := pcs[1].Decide(ctx, b, key, authz.StageB, no); !errors.Is(err, authz.ErrRefused) {
		t.Fatalf("refusal: %v", err)
	}
	q := wantState(t, pcs[0], teller, key, counter.QueueRefused)
	if q.RefusedBy != "2002" || q.RefuseReason != "客户身份待核实" {
		t.Fatalf("refusal stored as %q %q", q.RefusedBy, q.RefuseReason)
	}
	if _, err := pcs[0].PostQueued(ctx, teller, key); !errors.Is(err, counter.ErrDraftRefused) {
		t.Fatalf("post refused: %v", err)
	}
	if err := pcs[1].Decide(ctx, login(t, pcs[1], "2001"), key, authz.StageB, approve("2001")); !errors.Is(err, counter.ErrDraftRefused) {
		t.Fatalf("approve after refusal: %v", err)
	}
}

// A queued draft waits remote_authorization_minutes; then it is neither
// signed nor posted, even when signed in time.
func TestRemoteAuthorizationExpires(t *testing.T) {
	pcs, clock := remoteBranch(t, 2)
	ctx := context.Background()
	if err := pcs[0].SetSetting(ctx, counter.CommandLine(), counter.SettingRemoteMinutes, "3"); err != nil {
		t.Fatal(err)
	}
	teller := signedIn(t, pcs[0], "1001")
	_, late := queueTransfer(t, pcs[0], teller, 150_000_00)
	_, signed := queueTransfer(t, pcs[0], teller, 120_000_00)
	b := login(t, pcs[1], "2001")
	if err := pcs[1].Decide(ctx, b, signed, authz.StageB, approve("2001")); err != nil {
		t.Fatal(err)
	}
	clock.advance(3 * time.Minute)
	if keys := pendingKeys(t, pcs[1], b); len(keys) != 0 {
		t.Fatalf("expired drafts pending: %v", keys)
	}
	if err := pcs[1].Decide(ctx, b, late, authz.StageB, approve("2001")); !errors.Is(err, counter.ErrQueueExpired) {
		t.Fatalf("decide expired: %v", err)
	}
	for _, key := range []string{late, signed} {
		wantState(t, pcs[0], teller, key, counter.QueueExpired)
		if _, err := pcs[0].PostQueued(ctx, teller, key); !errors.Is(err, counter.ErrQueueExpired) {
			t.Fatalf("post expired: %v", err)
		}
	}
}

// 第八条: the maker never authorizes their own business, even as a B who
// posts (顶岗替班), and a clerk never authorizes.
func TestRemoteAuthorizationMakerCannotApproveOwn(t *testing.T) {
	pcs, _ := remoteBranch(t, 2)
	ctx := context.Background()
	maker := signedIn(t, pcs[0], "2002")
	_, key := queueTransfer(t, pcs[0], maker, 150_000_00)
	if keys := pendingKeys(t, pcs[0], maker); len(keys) != 0 {
		t.Fatalf("the maker is offered their own: %v", keys)
	}
	if err := pcs[0].Decide(ctx, maker, key, authz.StageB, approve("2002")); !errors.Is(err, authz.ErrSelfAuthorization) {
		t.Fatalf("self authorization: %v", err)
	}
	clerk := login(t, pcs[1], "1002")
	if keys := pendingKeys(t, pcs[1], clerk); len(keys) != 0 {
		t.Fatalf("a clerk is offered: %v", keys)
	}
	if err := pcs[1].Decide(ctx, clerk, key, authz.StageB, approve("1002")); !errors.Is(err, authz.ErrClerkCannotAuthorize) {
		t.Fatalf("clerk authorization: %v", err)
	}
	wantState(t, pcs[0], maker, key, counter.QueueWaiting)
}

// 第十五条: 20万元以上 B then A, two different people, both re-keying the
// amount blind (blind_rekey_ba); a wrong amount is refused.
func TestRemoteAuthorizationBThenATwoPeopleBlind(t *testing.T) {
	pcs, _ := remoteBranch(t, 3)
	ctx := context.Background()
	teller := signedIn(t, pcs[0], "1001")
	const amt = 250_000_00
	d, key := queueTransfer(t, pcs[0], teller, amt)
	if d.Requirement().Need != authz.NeedBA || !d.Blind() {
		t.Fatalf("need %v blind %v", d.Requirement().Need, d.Blind())
	}
	a1 := login(t, pcs[1], "3001")
	qs, err := pcs[1].Pending(ctx, a1)
	if err != nil || len(qs) != 1 {
		t.Fatalf("pending for 3001: %+v %v", qs, err)
	}
	if qs[0].Request.Amount != 0 || !qs[0].Blind {
		t.Fatalf("blind draft shows its amount: %+v", qs[0])
	}
	if want := "******"; !strings.Contains(qs[0].Summary(), want) || strings.Contains(qs[0].Summary(), "250,000.00") {
		t.Fatalf("blind summary %q", qs[0].Summary())
	}
	c := approve("3001")
	c.Amount = amt - 1
	if err := pcs[1].Decide(ctx, a1, key, authz.StageB, c); !errors.Is(err, authz.ErrAmountMismatch) {
		t.Fatalf("wrong re-key: %v", err)
	}
	c.Amount = amt
	if err := pcs[1].Decide(ctx, a1, key, authz.StageB, c); err != nil {
		t.Fatal(err)
	}
	// The A stage: not the B again, not a B, another A.
	if keys := pendingKeys(t, pcs[1], a1); len(keys) != 0 {
		t.Fatalf("the B-stage signer is offered the A stage: %v", keys)
	}
	if err := pcs[1].Decide(ctx, a1, key, authz.StageA, c); !errors.Is(err, authz.ErrSameAuthorizer) {
		t.Fatalf("same person twice: %v", err)
	}
	b := login(t, pcs[2], "2001")
	if keys := pendingKeys(t, pcs[2], b); len(keys) != 0 {
		t.Fatalf("a B is offered the A stage: %v", keys)
	}
	cb := approve("2001")
	cb.Amount = amt
	if err := pcs[2].Decide(ctx, b, key, authz.StageA, cb); !errors.Is(err, authz.ErrNeedLevelA) {
		t.Fatalf("a B at the A stage: %v", err)
	}
	wantState(t, pcs[0], teller, key, counter.QueueWaiting)
	a2 := login(t, pcs[2], "3002")
	if keys := pendingKeys(t, pcs[2], a2); len(keys) != 1 {
		t.Fatalf("3002 offered %v", keys)
	}
	c2 := approve("3002")
	c2.Amount = amt
	if err := pcs[2].Decide(ctx, a2, key, authz.StageA, c2); err != nil {
		t.Fatal(err)
	}
	e, err := pcs[0].PostQueued(ctx, teller, key)
	if err != nil {
		t.Fatal(err)
	}
	if e.AuthB != "3001" || e.AuthA != "3002" {
		t.Fatalf("entry signed B:%s A:%s", e.AuthB, e.AuthA)
	}
}

// However often the teller's PC retries — again, or from several
// goroutines at once — a queued draft is posted once.
func TestRemoteAuthorizationPostsOnce(t *testing.T) {
	pcs, _ := remoteBranch(t, 2)
	ctx := context.Background()
	teller := signedIn(t, pcs[0], "1001")
	_, key := queueTransfer(t, pcs[0], teller, 150_000_00)
	_, again := queueTransfer(t, pcs[0], teller, 110_000_00)
	b := login(t, pcs[1], "2001")
	for _, k := range []string{key, again} {
		if err := pcs[1].Decide(ctx, b, k, authz.StageB, approve("2001")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pcs[0].PostQueued(ctx, teller, again); err != nil {
		t.Fatal(err)
	}
	if _, err := pcs[0].PostQueued(ctx, teller, again); !errors.Is(err, counter.ErrDraftPosted) {
		t.Fatalf("second post: %v", err)
	}
	errs := together(6, func(int) error {
		_, err := pcs[0].PostQueued(ctx, teller, key)
		return err
	})
	posted := 0
	for _, err := range errs {
		switch {
		case err == nil:
			posted++
		case !errors.Is(err, counter.ErrDraftPosted):
			t.Errorf("concurrent post: %v", err)
		}
	}
	if posted != 1 {
		t.Fatalf("posted %d times", posted)
	}
	journal, err := pcs[0].Journal(ctx, teller, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(journal) != 2 {
		t.Fatalf("journal has %d entries, want 2", len(journal))
	}
	if a, _ := pcs[0].Account(ctx, "6217000000000003"); a.Balance != 260_000_00 {
		t.Fatalf("balance %s", a.Balance)
	}
}

// Off by default: authorizers sign at the teller's terminal (现场授权).
func TestRemoteAuthorizationOffByDefault(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	if svc.RemoteAuthorization(ctx) {
		t.Fatal("remote authorization on by default")
	}
	teller := signedIn(t, svc, "1001")
	r := counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsTransfer, Account: "6217000000000001", Counterparty: "6217000000000003", Amount: 150_000_00}
	d, err := svc.Prepare(ctx, teller, r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Queue(ctx, d); !errors.Is(err, counter.ErrRemoteOff) {
		t.Fatalf("queue with the setting off: %v", err)
	}
	if err := svc.Authorize(ctx, d, approve("2001")); err != nil {
		t.Fatalf("local authorization after a refused queue: %v", err)
	}
	if _, err := svc.Queue(ctx, d); !errors.Is(err, counter.ErrQueueSigned) {
		t.Fatalf("queue a signed draft: %v", err)
	}
}
