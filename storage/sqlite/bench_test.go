package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
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

// BenchmarkDayEnd times the teller balance (position + 轧账) and the
// branch-close checklist with 10,000 postings in the day. Target: under
// 50 ms each.
func BenchmarkDayEnd(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bd.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := counter.New(db, nil)
	if err := demo.Seed(ctx, svc, "2026-11-23"); err != nil {
		b.Fatal(err)
	}
	admin := counter.CommandLine()
	if err := svc.SetBoxLimit(ctx, admin, "1001", 100_000_000_00); err != nil {
		b.Fatal(err)
	}
	sess, err := svc.Login(ctx, "1001", "pass1001")
	if err != nil {
		b.Fatal(err)
	}
	if err := svc.SignIn(ctx, sess, nil); err != nil {
		b.Fatal(err)
	}
	const postings = 10_000
	for i := range postings {
		d, err := svc.Prepare(ctx, sess, counter.Request{Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: money.Amount(100_00 + i)})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := svc.Post(ctx, d); err != nil {
			b.Fatal(err)
		}
	}
	p, err := svc.Position(ctx, sess, "")
	if err != nil {
		b.Fatal(err)
	}
	// The count that balances the box exactly: hundreds, then fen in coins.
	count := cash.Count{"N100": int64(p.Expected / 100_00), "C1F": int64(p.Expected % 100_00)}
	b.Run("teller-balance", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Position(ctx, sess, ""); err != nil {
				b.Fatal(err)
			}
			if _, err := svc.BalanceBox(ctx, sess, counter.BalanceInput{Count: count}); err != nil {
				b.Fatal(err)
			}
		}
	})
	mgr, err := svc.Login(ctx, "3001", "pass3001")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("branch-close-check", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := svc.CloseChecklist(ctx, mgr, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
