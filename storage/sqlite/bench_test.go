package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlite"
)

// BenchmarkPostingVsBareCommit posts small cash deposits (prepare + post,
// each its own transaction) and, interleaved in the same run, times a bare
// INSERT + COMMIT with the same pragmas. Target: posting ≤ 2× bare.
func BenchmarkPostingVsBareCommit(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "bd.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := counter.New(db, nil)
	if err := demo.Seed(ctx, svc, "2026-11-23"); err != nil {
		b.Fatal(err)
	}
	sess, err := svc.Login(ctx, "1001", "pass1001")
	if err != nil {
		b.Fatal(err)
	}
	if err := svc.SignIn(ctx, sess, nil); err != nil {
		b.Fatal(err)
	}
	bare, err := sql.Open("sqlite", sqlite.DSN(filepath.Join(dir, "bare.db")))
	if err != nil {
		b.Fatal(err)
	}
	defer bare.Close()
	if _, err := bare.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, teller TEXT, amount INTEGER, at TEXT)`); err != nil {
		b.Fatal(err)
	}
	req := counter.Request{Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 100_00}
	var postTime, bareTime time.Duration
	n := 0
	for b.Loop() {
		t0 := time.Now()
		tx, err := bare.Begin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO t (teller, amount, at) VALUES (?, ?, ?)`, "1001", 100_00, t0.Format(time.RFC3339Nano)); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		d, err := svc.Prepare(ctx, sess, req)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := svc.Post(ctx, d); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		bareTime += t1.Sub(t0)
		postTime += t2.Sub(t1)
		n++
	}
	b.ReportMetric(float64(postTime.Nanoseconds())/float64(n), "posting-ns/op")
	b.ReportMetric(float64(bareTime.Nanoseconds())/float64(n), "bare-commit-ns/op")
	b.ReportMetric(float64(postTime)/float64(bareTime), "ratio(target≤2)")
}
