package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/demo"
	"branchdesk/storage/postgres"
	"branchdesk/storage/postgres/pgtest"
)

// leftOpen counts the sessions on u's database sitting in a transaction:
// a unit of work's connection must never go back to the pool in one (it
// would hold the branch's writer lock while idle). A connection closed
// instead takes the server a moment to end: asked again for a few
// seconds.
func leftOpen(t *testing.T, u string) int {
	t.Helper()
	var n int
	for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if err := pgtest.QueryRow(context.Background(), u, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'`, &n); err != nil {
			t.Fatal(err)
		}
		if n == 0 || time.Now().After(deadline) {
			return n
		}
	}
}

// A write the server refuses in the batch that carries the COMMIT is a
// refusal, whatever language the server writes its messages in: a Chinese
// branch server (lc_messages = zh_CN.UTF-8, what Debian's cluster takes
// from a Chinese system) says 错误, not ERROR. It is never "outcome
// unknown", and the connection goes back to the pool out of its aborted
// transaction.
func TestRefusedAtCommitInChinese(t *testing.T) {
	loc := filepath.Join(os.TempDir(), "branchdesk-test-locale")
	if _, err := os.Stat(filepath.Join(loc, "zh_CN.UTF-8")); err != nil {
		// Built once (a few seconds) into a directory of its own, which
		// the server's user can read, then put in place whole.
		tmp, err := os.MkdirTemp(os.TempDir(), "branchdesk-locale-")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		if err := os.Chmod(tmp, 0o755); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("localedef", "-i", "zh_CN", "-f", "UTF-8", filepath.Join(tmp, "zh_CN.UTF-8")).CombinedOutput(); err != nil {
			skipOutsideCI(t, "no zh_CN locale to build: %v %s", err, out)
		}
		_ = os.Rename(tmp, loc) // another test run may have put it first
	}
	t.Setenv("LOCPATH", loc) // the server's, started below
	s := ownServer(t)
	u := seeded(t, s)
	ctx := context.Background()
	name := dbName(u)
	if err := s.Exec(ctx, `ALTER DATABASE "`+name+`" SET lc_messages = 'zh_CN.UTF-8'`); err != nil {
		skipOutsideCI(t, "server cannot speak Chinese here: %v", err)
	}
	db := open(t, u)
	db.SQL().SetMaxOpenConns(1)

	// A balance driven below zero: the CHECK refuses the queued UPDATE.
	err := db.Tx(ctx, func(tx counter.Tx) error {
		if _, err := tx.Standing("1001", demo.Branch); err != nil {
			return err
		}
		return tx.AddBalance("6217000000000001", -money.Amount(1_000_000_000_000_00))
	})
	if err == nil || !strings.Contains(err.Error(), "错误") {
		t.Fatalf("want the server's refusal in Chinese, got %v", err)
	}
	if errors.Is(err, counter.ErrOutcomeUnknown) {
		t.Errorf("a refused write is reported as an unknown commit outcome: %v", err)
	}
	if n := leftOpen(t, u); n != 0 {
		t.Errorf("%d connection(s) left idle in a transaction after the refusal", n)
	}
	// The branch carries on: the writer lock is free for another terminal.
	anotherTerminalWrites(t, u, "the refusal")
}

// anotherTerminalWrites fails the test unless a second terminal on the
// branch database takes the writer lock within 5 s, after what went before.
func anotherTerminalWrites(t *testing.T, u, after string) {
	t.Helper()
	ctx := context.Background()
	other := open(t, u)
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := other.Tx(wctx, func(tx counter.Tx) error {
		_, err := tx.Standing("1002", demo.Branch)
		return err
	}); err != nil {
		t.Fatalf("another terminal cannot take the writer lock after %s: %v", after, err)
	}
}

// A unit of work that panics after BEGIN went to the server gives back a
// connection with no transaction on it: the writer lock is released, and
// another terminal can post.
func TestPanicInUnitOfWorkReleasesWriterLock(t *testing.T) {
	s := ownServer(t)
	u := seeded(t, s)
	ctx := context.Background()
	db := open(t, u)
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("no panic")
			}
		}()
		_ = db.Tx(ctx, func(tx counter.Tx) error {
			if _, err := tx.Standing("1001", demo.Branch); err != nil {
				return err
			}
			panic("a bug in a business")
		})
	}()
	if n := leftOpen(t, u); n != 0 {
		t.Errorf("%d connection(s) left idle in a transaction after a panic", n)
	}
	anotherTerminalWrites(t, u, "a panic")
}

// The writer lock makes each posting see every posting committed before
// it whatever the server's default isolation: a branch DBA who sets
// default_transaction_isolation to repeatable read must not have two
// counters number the same audit row (the snapshot would be taken at the
// lock's statement, before the lock was granted).
func TestPostingsUnderRepeatableReadDefault(t *testing.T) {
	s := ownServer(t)
	u := seeded(t, s)
	ctx := context.Background()
	name := dbName(u)
	if err := s.Exec(ctx, `ALTER DATABASE "`+name+`" SET default_transaction_isolation = 'repeatable read'`); err != nil {
		t.Fatal(err)
	}
	tellers := []string{"1001", "1002"}
	svcs := make([]*counter.Service, len(tellers))
	sessions := make([]*counter.Session, len(tellers))
	for i, id := range tellers {
		db, err := postgres.Open(ctx, u, false)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		svcs[i] = counter.New(db, nil, fmt.Sprintf("0101-T%02d", i+1))
		if sessions[i], err = svcs[i].Login(ctx, id, "pass"+id); err != nil {
			t.Fatal(err)
		}
		if err := svcs[i].SignIn(ctx, sessions[i], nil); err != nil {
			t.Fatal(err)
		}
	}
	errs := make(chan error, len(tellers))
	for i := range tellers {
		go func() {
			for k := range 10 {
				d, err := svcs[i].Prepare(ctx, sessions[i], counter.Request{Presenter: demo.Presenter,
					Kind: ledger.SavingsCashDeposit, Account: "6217000000000003", Amount: 1_00})
				if err == nil {
					_, err = svcs[i].Post(ctx, d)
				}
				if err != nil {
					errs <- fmt.Errorf("teller %s posting %d: %w", tellers[i], k+1, err)
					return
				}
			}
			errs <- nil
		}()
	}
	for range tellers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// A context cancelled between a unit of work's trips to the server (after
// BEGIN, the writer lock and the first read; before the COMMIT's batch)
// keeps nothing and leaves no transaction behind, whether the business
// notices (it returns the context's error) or not (the COMMIT's batch
// then finds the context done).
func TestCancelledBetweenTrips(t *testing.T) {
	s := ownServer(t)
	u := seeded(t, s)
	ctx := context.Background()
	db := open(t, u)
	const acct = "6217000000000001"
	var before int64
	if err := db.QueryRow(ctx, `SELECT balance FROM accounts WHERE no = ?`, acct).Scan(&before); err != nil {
		t.Fatal(err)
	}
	for _, noticed := range []bool{true, false} {
		cctx, cancel := context.WithCancel(ctx)
		err := db.Tx(cctx, func(tx counter.Tx) error {
			if _, err := tx.Standing("1001", demo.Branch); err != nil {
				return err
			}
			if err := tx.AddBalance(acct, 1_00); err != nil {
				return err
			}
			cancel()
			if noticed {
				return cctx.Err()
			}
			return nil
		})
		cancel()
		if err == nil {
			t.Fatalf("noticed %v: a unit of work whose context was cancelled reports success", noticed)
		}
		t.Logf("noticed %v: %v", noticed, err)
		var after int64
		if err := db.QueryRow(ctx, `SELECT balance FROM accounts WHERE no = ?`, acct).Scan(&after); err != nil {
			t.Fatal(err)
		}
		if after != before {
			t.Fatalf("noticed %v: balance moved from %d to %d", noticed, before, after)
		}
		if n := leftOpen(t, u); n != 0 {
			t.Errorf("noticed %v: %d connection(s) left idle in a transaction", noticed, n)
		}
		wctx, wcancel := context.WithTimeout(ctx, 5*time.Second)
		if err := db.Tx(wctx, func(tx counter.Tx) error {
			_, err := tx.Standing("1002", demo.Branch)
			return err
		}); err != nil {
			t.Fatalf("noticed %v: the next unit of work fails: %v", noticed, err)
		}
		wcancel()
	}
}

// skipOutsideCI skips a test this machine cannot run; under CI, which
// installs what it needs (locales, postgresql), it fails instead.
func skipOutsideCI(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}
