package postgres_test

import (
	"context"
	"path/filepath"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/storage/demo"
	"branchdesk/storage/postgres"
)

// A posting on the branch server waits for the server as few times as it
// can (issue #10's posting ≤ 2× a bare commit): prepare sends BEGIN with
// the one query that reads everything it checks, then COMMIT (2 trips);
// the posting sends BEGIN, the writer lock and the same read under the
// lock (numbering the entry too), then the entry, its legs, the
// balances, the audit row and head and the COMMIT (2 trips). A bare
// INSERT + COMMIT takes 3. Counted on the wire by a proxy, once the
// connection has prepared its statements.
func TestPostingRoundTrips(t *testing.T) {
	s := ownServer(t)
	u := seeded(t, s)
	ctx := context.Background()
	name := dbName(u)
	proxy := newCutter(t, filepath.Join(s.Dir, ".s.PGSQL.5432"))
	db, err := postgres.Open(ctx, proxy.url(name), false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SQL().SetMaxOpenConns(1) // one connection: its statements are prepared after the first posting
	svc := counter.New(db, nil, "0101-T01")
	sess, err := svc.Login(ctx, "1001", "pass1001")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SignIn(ctx, sess, nil); err != nil {
		t.Fatal(err)
	}
	for _, r := range []counter.Request{
		{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 100_00},
		{Kind: ledger.SavingsTransfer, Account: "6217000000000001", Counterparty: "6217000000000002", Amount: 50_00},
	} {
		for i := range 3 {
			before := proxy.roundTrips()
			d, err := svc.Prepare(ctx, sess, r)
			if err != nil {
				t.Fatal(err)
			}
			prepared := proxy.roundTrips()
			if _, err := svc.Post(ctx, d); err != nil {
				t.Fatal(err)
			}
			prep, post := prepared-before, proxy.roundTrips()-prepared
			t.Logf("%s, posting %d: prepare %d round trips, post %d", r.Kind.Title(), i+1, prep, post)
			if i > 0 && (prep > 2 || post > 2) {
				t.Fatalf("%s: prepare took %d round trips (want 2), post %d (want 2)", r.Kind.Title(), prep, post)
			}
		}
	}
	checkBooks(t, db, nil, false)
}
