package counter_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/storetest"
)

// fakeClock is a clock the test moves.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

const today = "2026-11-23"

// newCounter opens a fresh demo database in a temp dir.
func newCounter(t testing.TB) (*counter.Service, *sqlstore.DB) {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	svc := counter.New(db, &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)}, "0101-T01")
	if err := demo.Seed(ctx, svc, today); err != nil {
		t.Fatal(err)
	}
	return svc, db
}

// signedIn logs a demo user in and opens their day.
func signedIn(t testing.TB, svc *counter.Service, id string) *counter.Session {
	t.Helper()
	ctx := context.Background()
	sess, err := svc.Login(ctx, id, "pass"+id)
	if err != nil {
		t.Fatalf("login %s: %v", id, err)
	}
	if err := svc.SignIn(ctx, sess, nil); err != nil {
		t.Fatalf("sign in %s: %v", id, err)
	}
	return sess
}

func approve(id string) counter.Credential {
	return counter.Credential{UserID: id, Password: "pass" + id, Approve: true}
}

func counter_req(k ledger.Kind, acct string, amt money.Amount) counter.Request {
	return counter.Request{Presenter: demo.Presenter, Kind: k, Account: acct, Amount: amt}
}

// fundBox has the vault keeper 2001 issue hundred-yuan notes to a teller,
// who confirms with their password.
func fundBox(t testing.TB, svc *counter.Service, teller string, notes int64) {
	t.Helper()
	ctx := context.Background()
	keeper := signedIn(t, svc, "2001")
	m := counter.MoveRequest{
		From: cash.Party{Kind: cash.Vault, ID: demo.Branch}, To: cash.Party{Kind: cash.TellerBox, ID: teller},
		Count: cash.Count{"N100": notes}, Amount: money.Amount(notes * 100_00),
	}
	if _, err := svc.MoveCash(ctx, keeper, m, approve(teller)); err != nil {
		t.Fatalf("fund box of %s: %v", teller, err)
	}
}

// sealed has a B or A check and seal the teller's balanced box with them
// (查库封箱, 第七条二.3), as the formal sign-out needs.
func sealed(t testing.TB, svc *counter.Service, teller *counter.Session) {
	t.Helper()
	if err := demo.SealBox(context.Background(), svc, teller); err != nil {
		t.Fatal(err)
	}
}
