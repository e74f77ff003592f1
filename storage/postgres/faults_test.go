package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/storage/demo"
	"branchdesk/storage/postgres"
	"branchdesk/storage/postgres/pgtest"
	"branchdesk/storage/sqlstore"
)

const today = "2026-11-23"

// ownServer starts a server of the test's own, which it may stop and
// start without troubling other tests. It is durable, as a branch server
// runs: with synchronous_commit off an immediate stop loses the last
// commits the server had acknowledged.
func ownServer(t *testing.T) *pgtest.Server {
	t.Helper()
	s, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return s
}

// seeded makes the demo branch in a new database on s, with teller 1001's
// box limit out of the way, and gives its URL.
func seeded(t *testing.T, s *pgtest.Server) string {
	t.Helper()
	ctx := context.Background()
	u, err := s.NewDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db, err := postgres.Open(ctx, u, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := counter.New(db, nil, "0101-T01")
	if err := demo.Seed(ctx, svc, today); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetBoxLimit(ctx, counter.CommandLine(), "1001", 1_000_000_000_00); err != nil {
		t.Fatal(err)
	}
	return u
}

// open connects a counter program to the branch database at u, closed
// when the test ends.
func open(t *testing.T, u string) *sqlstore.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), u, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// dbName is the database a URL from pgtest names.
func dbName(u string) string { return u[strings.LastIndex(u, "/")+1 : strings.Index(u, "?")] }

// attempt is one press of 提交 in the burst.
type attempt struct {
	at  time.Time
	id  int64 // the entry, when posted
	err error
}

// burst posts ¥100 deposits as teller 1001 until stop is closed. A draft
// whose posting failed is posted again (same draft, same key), as the
// teller presses 提交 again, until it goes through; then a new one.
func burst(ctx context.Context, svc *counter.Service, sess *counter.Session, stop <-chan struct{}, out chan<- attempt) {
	defer close(out)
	var d *counter.Draft
	for {
		select {
		case <-stop:
			if d == nil {
				return
			}
		default:
		}
		var err error
		if d == nil {
			d, err = svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 100_00})
		}
		if err == nil {
			var e ledger.Entry
			if e, err = svc.Post(ctx, d); err == nil {
				d = nil
				out <- attempt{at: time.Now(), id: e.ID}
				continue
			}
		}
		out <- attempt{at: time.Now(), err: err}
		time.Sleep(20 * time.Millisecond)
	}
}

// issue #10 item 6: the branch server is stopped (immediate: every
// connection cut) in the middle of a burst of postings and started again.
// While it is down every posting fails as 分行服务器连接中断; once it is back
// the same program posts again without a restart; every posting reported
// successful is in the journal exactly once, none partial, each teller's
// sequence gapless and the audit chain whole.
func TestServerStoppedMidBurst(t *testing.T) {
	s := ownServer(t)
	u := seeded(t, s)
	ctx := context.Background()
	db := open(t, u)
	svc := counter.New(db, nil, "0101-T01")
	sess, err := svc.Login(ctx, "1001", "pass1001")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SignIn(ctx, sess, nil); err != nil {
		t.Fatal(err)
	}

	stop := make(chan struct{})
	results := make(chan attempt, 1000)
	go burst(ctx, svc, sess, stop, results)
	var all []attempt
	take := func(until func() bool) {
		t.Helper()
		deadline := time.After(60 * time.Second)
		for !until() {
			select {
			case a, ok := <-results:
				if !ok {
					return
				}
				all = append(all, a)
			case <-deadline:
				t.Fatalf("burst stuck after %d attempts", len(all))
			}
		}
	}
	posted := func() int {
		n := 0
		for _, a := range all {
			if a.err == nil {
				n++
			}
		}
		return n
	}

	take(func() bool { return posted() >= 20 })
	stopped := time.Now()
	if err := s.StopServer(); err != nil {
		t.Fatal(err)
	}
	down := len(all)
	take(func() bool { return len(all)-down >= 10 && time.Since(stopped) > time.Second })
	// Once the server is surely gone, every press fails, and as one error.
	for _, a := range all[down:] {
		if a.at.Before(stopped.Add(300 * time.Millisecond)) {
			continue // posted before the cut reached the socket
		}
		if a.err == nil {
			t.Fatalf("a posting went through with the server stopped")
		}
		if !errors.Is(a.err, postgres.ErrUnreachable) || !errors.Is(a.err, counter.ErrUnreachable) {
			t.Fatalf("with the server stopped: %v (want 分行服务器连接中断)", a.err)
		}
	}
	if err := db.Ping(ctx); !errors.Is(err, postgres.ErrUnreachable) {
		t.Fatalf("ping with the server stopped: %v", err)
	}
	t.Logf("server down: %d presses refused, e.g. %v", len(all)-down, all[len(all)-1].err)
	if err := s.StartServer(); err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	before := posted()
	take(func() bool { return posted()-before >= 20 })
	close(stop)
	take(func() bool { return false }) // drain: the burst settles its last draft
	failedAfter := 0
	for _, a := range all {
		if a.err != nil && a.at.After(started) {
			failedAfter++
			t.Logf("after the restart: %v", errors.Unwrap(a.err))
		}
	}
	if failedAfter > 3 {
		t.Fatalf("%d presses failed after the server was back: the store did not recover", failedAfter)
	}
	if err := db.Ping(ctx); err != nil {
		t.Fatalf("ping after the restart: %v", err)
	}

	acked := map[int64]bool{}
	for _, a := range all {
		if a.err == nil {
			if acked[a.id] {
				t.Fatalf("entry %d reported posted twice", a.id)
			}
			acked[a.id] = true
		}
	}
	checkBooks(t, db, acked, true)
}

// checkBooks checks the branch database after a fault: every acknowledged
// entry is there, none partial, sequences gapless, the audit chain whole.
// With exact, every entry of teller 1001 must have been acknowledged too.
func checkBooks(t *testing.T, db *sqlstore.DB, acked map[int64]bool, exact bool) (entries, auditRows int) {
	t.Helper()
	ctx := context.Background()
	n, brk, err := counter.New(db, nil, "check").VerifyAudit(ctx)
	if err != nil || brk != nil {
		t.Fatalf("audit chain: %+v %v", brk, err)
	}
	rows, err := db.SQL().QueryContext(ctx, `SELECT e.id, e.teller, e.seq, e.amount, e.draft_key, COUNT(l.line),
		COALESCE(SUM(CASE l.side WHEN 'D' THEN l.amount END), 0),
		COALESCE(SUM(CASE l.side WHEN 'C' THEN l.amount END), 0)
		FROM entries e LEFT JOIN legs l ON l.entry_id = e.id
		WHERE e.business_date = $1 GROUP BY e.id ORDER BY e.id`, today)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	have := map[int64]bool{}
	seqs := map[string][]int{}
	keys := map[string]int64{}
	for rows.Next() {
		var id, amount, legs, debit, credit int64
		var teller, key string
		var seq int
		if err := rows.Scan(&id, &teller, &seq, &amount, &key, &legs, &debit, &credit); err != nil {
			t.Fatal(err)
		}
		have[id] = true
		seqs[teller] = append(seqs[teller], seq)
		if legs < 2 || debit != credit || debit < amount {
			t.Errorf("entry %d partial: %d legs, debit %d, credit %d, amount %d", id, legs, debit, credit, amount)
		}
		if key != "" {
			if other, dup := keys[key]; dup {
				t.Errorf("entries %d and %d share draft key %s", other, id, key)
			}
			keys[key] = id
		}
		if exact && teller == "1001" && !acked[id] {
			t.Errorf("entry %d is in the journal but was never reported posted", id)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for id := range acked {
		if !have[id] {
			t.Errorf("acknowledged entry %d is gone", id)
		}
	}
	for teller, s := range seqs {
		for i, v := range s {
			if v != i+1 {
				t.Fatalf("teller %s sequence %v: a gap or a repeat", teller, s)
			}
		}
	}
	var orphans int
	if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM legs WHERE entry_id NOT IN (SELECT id FROM entries)`).Scan(&orphans); err != nil || orphans != 0 {
		t.Fatalf("%d legs without an entry: %v", orphans, err)
	}
	return len(have), n
}
