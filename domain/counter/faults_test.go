package counter_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/sqlstore"
)

// lossy is a store whose next write's answer is lost: the transaction
// runs (and commits, or is rolled back), then the caller hears only that
// the connection broke during COMMIT — as the PostgreSQL driver reports a
// connection lost while COMMIT was on its way. A real lost COMMIT cannot
// be timed from a test, so this wrapper stands in for it, on both stores.
type lossy struct {
	counter.Store
	mu      sync.Mutex
	commit  int  // >0: the next write commits, then its answer is lost
	abandon int  // >0: the next write is rolled back, and its answer lost
	down    bool // every unit of work fails as with the server away
	// downAfter takes the server away right after a lost commit, before
	// anyone can ask what became of it.
	downAfter bool
}

var errLostCommit = fmt.Errorf("store: unable to commit: %w", errors.Join(counter.ErrOutcomeUnknown, counter.ErrUnreachable))

func (s *lossy) Tx(ctx context.Context, fn func(counter.Tx) error) error {
	s.mu.Lock()
	down, commit, abandon := s.down, s.commit > 0, s.abandon > 0
	if commit {
		s.commit--
	}
	if abandon {
		s.abandon--
	}
	s.mu.Unlock()
	switch {
	case down:
		return counter.ErrUnreachable
	case commit:
		if err := s.Store.Tx(ctx, fn); err != nil {
			return err
		}
		s.set(func() { s.down = s.downAfter })
		return errLostCommit
	case abandon:
		errRollback := errors.New("rolled back")
		if err := s.Store.Tx(ctx, func(tx counter.Tx) error {
			if err := fn(tx); err != nil {
				return err
			}
			return errRollback
		}); !errors.Is(err, errRollback) {
			return err
		}
		return errLostCommit
	}
	return s.Store.Tx(ctx, fn)
}

func (s *lossy) View(ctx context.Context, fn func(counter.Tx) error) error {
	s.mu.Lock()
	down := s.down
	s.mu.Unlock()
	if down {
		return counter.ErrUnreachable
	}
	return s.Store.View(ctx, fn)
}

func (s *lossy) set(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
}

// keys are predictable draft keys.
type keys struct {
	mu sync.Mutex
	n  int
}

func (k *keys) NewKey() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.n++
	return fmt.Sprintf("draft-%04d", k.n)
}

// lossyCounter is a counter on a demo branch whose store can lose answers.
func lossyCounter(t *testing.T) (*counter.Service, *lossy, *sqlstore.DB, *counter.Session) {
	t.Helper()
	_, db := newCounter(t)
	st := &lossy{Store: db}
	svc := counter.New(st, &fakeClock{}, "0101-T01")
	svc.SetKeys(&keys{})
	return svc, st, db, signedIn(t, svc, "1001")
}

// journalOf counts the entries with each draft key.
func journalOf(t *testing.T, svc *counter.Service, sess *counter.Session) map[string]int {
	t.Helper()
	j, err := svc.Journal(context.Background(), sess, today)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, e := range j {
		n[e.DraftKey]++
	}
	return n
}

// issue #10 item 5: every draft has a key of its own, and the entry it
// posts carries it.
func TestDraftKeyOnEntry(t *testing.T) {
	svc, _, _, sess := lossyCounter(t)
	ctx := context.Background()
	d1, err := svc.Prepare(ctx, sess, counter_req(ledger.SavingsCashDeposit, "6217000000000001", 100_00))
	if err != nil {
		t.Fatal(err)
	}
	d2, err := svc.Prepare(ctx, sess, counter_req(ledger.SavingsCashDeposit, "6217000000000001", 100_00))
	if err != nil {
		t.Fatal(err)
	}
	if d1.Key() == "" || d1.Key() == d2.Key() {
		t.Fatalf("keys %q and %q", d1.Key(), d2.Key())
	}
	e, err := svc.Post(ctx, d1)
	if err != nil {
		t.Fatal(err)
	}
	if e.DraftKey != d1.Key() {
		t.Fatalf("entry key %q, draft key %q", e.DraftKey, d1.Key())
	}
	if e2, posted, err := svc.Resolve(ctx, d2); err != nil || posted || e2.ID != 0 {
		t.Fatalf("an unposted draft resolves as posted: %v %v", posted, err)
	}
}

// issue #10 item 6: a commit whose answer is lost is settled by the
// draft's key: posted, Post returns that entry; not posted, the teller
// posts again with the same key; the journal never holds it twice.
func TestLostCommitSettledByKey(t *testing.T) {
	ctx := context.Background()
	const acct = "6217000000000001"
	t.Run("kept", func(t *testing.T) {
		svc, st, _, sess := lossyCounter(t)
		before, _ := svc.Account(ctx, acct)
		d, err := svc.Prepare(ctx, sess, counter_req(ledger.SavingsCashDeposit, acct, 100_00))
		if err != nil {
			t.Fatal(err)
		}
		st.set(func() { st.commit = 1 })
		e, err := svc.Post(ctx, d)
		if err != nil || e.ID == 0 || e.DraftKey != d.Key() {
			t.Fatalf("a kept commit whose answer was lost: %+v %v", e, err)
		}
		if n := journalOf(t, svc, sess)[d.Key()]; n != 1 {
			t.Fatalf("%d entries with the draft's key", n)
		}
		if a, _ := svc.Account(ctx, acct); a.Balance != before.Balance+100_00 {
			t.Fatalf("balance %s, want %s", a.Balance, before.Balance+100_00)
		}
	})
	t.Run("rolled back", func(t *testing.T) {
		svc, st, _, sess := lossyCounter(t)
		d, err := svc.Prepare(ctx, sess, counter_req(ledger.SavingsCashDeposit, acct, 100_00))
		if err != nil {
			t.Fatal(err)
		}
		st.set(func() { st.abandon = 1 })
		if _, err := svc.Post(ctx, d); !errors.Is(err, counter.ErrNotPosted) || !errors.Is(err, counter.ErrUnreachable) {
			t.Fatalf("a lost commit that was not kept: %v", err)
		}
		if n := journalOf(t, svc, sess)[d.Key()]; n != 0 {
			t.Fatalf("%d entries after a rolled-back commit", n)
		}
		e, err := svc.Post(ctx, d)
		if err != nil || e.DraftKey != d.Key() {
			t.Fatalf("posting again: %v", err)
		}
		if n := journalOf(t, svc, sess)[d.Key()]; n != 1 {
			t.Fatalf("%d entries with the draft's key", n)
		}
	})
	t.Run("unknown until the server is back", func(t *testing.T) {
		svc, st, _, sess := lossyCounter(t)
		d, err := svc.Prepare(ctx, sess, counter_req(ledger.SavingsCashDeposit, acct, 100_00))
		if err != nil {
			t.Fatal(err)
		}
		// The commit is kept, and the server goes away before anyone
		// can ask: the outcome stays unknown, and the teller is told.
		st.set(func() { st.commit, st.downAfter = 1, true })
		if _, err := svc.Post(ctx, d); !errors.Is(err, counter.ErrOutcomeUnknown) {
			t.Fatalf("outcome unknown: %v", err)
		}
		if _, err := svc.Post(ctx, d); !errors.Is(err, counter.ErrUnreachable) {
			t.Fatalf("posting while the server is away: %v", err)
		}
		st.set(func() { st.down, st.downAfter = false, false })
		// Back: posting again finds the entry by its key.
		e, err := svc.Post(ctx, d)
		if err != nil || e.DraftKey != d.Key() {
			t.Fatalf("posting again once back: %v", err)
		}
		if n := journalOf(t, svc, sess)[d.Key()]; n != 1 {
			t.Fatalf("%d entries with the draft's key", n)
		}
		if _, err := svc.Post(ctx, d); !errors.Is(err, counter.ErrDraftPosted) {
			t.Fatalf("a third Post: %v", err)
		}
		assertBooksWhole(t, svc, nil)
	})
	t.Run("reversal", func(t *testing.T) {
		svc, st, _, sess := lossyCounter(t)
		d, _ := svc.Prepare(ctx, sess, counter_req(ledger.SavingsCashDeposit, acct, 100_00))
		orig, err := svc.Post(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		r, err := svc.PrepareReversal(ctx, sess, orig.ID, "金额错")
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Authorize(ctx, r, approve("3001")); err != nil {
			t.Fatal(err)
		}
		st.set(func() { st.commit = 1 })
		if e, err := svc.Post(ctx, r); err != nil || e.Reverses != orig.ID || e.DraftKey != r.Key() {
			t.Fatalf("reversal with a lost answer: %+v %v", e, err)
		}
		if n := journalOf(t, svc, sess)[r.Key()]; n != 1 {
			t.Fatalf("%d reversals with the draft's key", n)
		}
	})
}

// issue #10 item 5: two goroutines posting the same draft at once post it
// once; the journal refuses a second entry with a key it holds.
func TestDraftPostsOnce(t *testing.T) {
	svc, _, db, sess := lossyCounter(t)
	ctx := context.Background()
	d, err := svc.Prepare(ctx, sess, counter_req(ledger.SavingsCashDeposit, "6217000000000001", money.Amount(100_00)))
	if err != nil {
		t.Fatal(err)
	}
	var posted []ledger.Entry
	var mu sync.Mutex
	errs := together(2, func(int) error {
		e, err := svc.Post(ctx, d)
		if err == nil {
			mu.Lock()
			posted = append(posted, e)
			mu.Unlock()
		}
		return err
	})
	if len(posted) != 1 {
		t.Fatalf("posted %d times: %v", len(posted), errs)
	}
	for _, err := range errs {
		if err != nil && !errors.Is(err, counter.ErrDraftPosted) {
			t.Fatal(err)
		}
	}
	if n := journalOf(t, svc, sess)[d.Key()]; n != 1 {
		t.Fatalf("%d entries with the draft's key", n)
	}
	// The database itself holds a key once.
	err = db.Tx(ctx, func(tx counter.Tx) error {
		e := posted[0]
		e.ID, e.Seq = 0, e.Seq+100
		return tx.InsertEntry(&e)
	})
	if err == nil {
		t.Fatal("a second entry with the same draft key was stored")
	}
}
