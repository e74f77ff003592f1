package sqlite_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/target"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlite"
	"branchdesk/storage/sqlstore"
)

// BenchmarkPostingVsBareCommit posts small cash deposits (prepare + post,
// each its own transaction) and, interleaved in the same run, times a bare
// INSERT + COMMIT with the same pragmas. Target: posting ≤ 2× bare.
func BenchmarkPostingVsBareCommit(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	_, svc, sess := depositor(b, filepath.Join(dir, "bd.db"))
	bare, err := sql.Open("sqlite", sqlite.DSN(filepath.Join(dir, "bare.db")))
	if err != nil {
		b.Fatal(err)
	}
	defer bare.Close()
	if _, err := bare.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, teller TEXT, amount INTEGER, at TEXT)`); err != nil {
		b.Fatal(err)
	}
	req := counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 100_00}
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
	svc := counter.New(db, nil, "0101-T01")
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
		d, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: money.Amount(100_00 + i)})
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

// BenchmarkSearchEnterprises searches 100,000 listed enterprises by a
// name fragment and by credit code. Target: under 50 ms.
func BenchmarkSearchEnterprises(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bd.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SQL().Exec(`INSERT INTO branches VALUES ('0101', '示范支行', '2026-11-23')`); err != nil {
		b.Fatal(err)
	}
	fs := sqlstore.Finance(db)
	const n = 100_000
	regions := []string{"武汉", "襄阳", "宜昌", "黄石", "十堰", "荆州", "孝感", "黄冈"}
	trades := []string{"商贸", "科技", "机械", "食品", "物流", "建材", "服装", "电子"}
	err = fs.Tx(ctx, func(tx finance.Tx) error {
		for i := range n {
			t := target.Target{ID: fmt.Sprintf("T%06d", i), Name: fmt.Sprintf("%s市%s%s%d有限公司", regions[i%8], trades[(i/8)%8], "示范", i),
				CreditCode: fmt.Sprintf("91420100MA%08d", i), Class: target.Normal, Officer: "2001", Deadline: "2026-12-31"}
			if err := tx.PutTarget("0101", t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for name, q := range map[string]string{"name-fragment": "示范77777有限", "credit-code": "91420100MA00077777"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				var got []target.Target
				err := fs.View(ctx, func(tx finance.Tx) (err error) {
					got, err = tx.SearchTargets("0101", q, 50)
					return err
				})
				if err != nil || len(got) == 0 {
					b.Fatalf("%q: %d found, %v", q, len(got), err)
				}
			}
		})
	}
}

// BenchmarkPostingWhileReading times postings while another connection
// reads the whole audit trail of 400,000 rows over and over (as `bdctl
// audit list --limit 0` does), against postings with nothing else going
// on, in the same run. Reads take no write lock: target ≤ 2×.
func BenchmarkPostingWhileReading(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "bd.db")
	db, svc, sess := depositor(b, path)
	// 400,000 trail rows written directly (the chain is not what is read
	// here), the head moved past them so postings append after.
	if _, err := db.Exec(ctx, `WITH RECURSIVE n(i) AS (SELECT (SELECT MAX(id) FROM audit) + 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400000)
		INSERT INTO audit SELECT i, '2026-11-23T09:00:00Z', '1001', 'filler', '填充', 'x', 'y' FROM n`); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(ctx, `UPDATE audit_head SET id = (SELECT MAX(id) FROM audit), hash = 'y'`); err != nil {
		b.Fatal(err)
	}
	post := func() time.Duration {
		t0 := time.Now()
		d, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 100_00})
		if err == nil {
			_, err = svc.Post(ctx, d)
		}
		if err != nil {
			b.Fatal(err)
		}
		return time.Since(t0)
	}
	reader, err := sqlite.Open(ctx, path) // another program: bdctl
	if err != nil {
		b.Fatal(err)
	}
	defer reader.Close()
	var idle, busy time.Duration
	n := 0
	for b.Loop() {
		idle += post()
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			for {
				select {
				case <-stop:
					return
				default:
				}
				_ = reader.View(ctx, func(tx counter.Tx) error {
					return tx.AuditRows(func(audit.Row) error { return nil })
				})
			}
		}()
		time.Sleep(5 * time.Millisecond) // the read is under way
		busy += post()
		close(stop)
		<-done
		n++
	}
	b.ReportMetric(float64(idle.Microseconds())/float64(n), "idle-µs/posting")
	b.ReportMetric(float64(busy.Microseconds())/float64(n), "reading-µs/posting")
	b.ReportMetric(float64(busy)/float64(idle), "ratio(target≤2)")
}

// depositor opens the demo branch at path with teller 1001 signed in, the
// box limit out of the way of a long run of deposits.
func depositor(b *testing.B, path string) (*sqlstore.DB, *counter.Service, *counter.Session) {
	b.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	// Every commit signs the audit head, as the app's do.
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	db.SetSigner(audit.Signer{Name: "0101-T01", Key: key})
	svc := counter.New(db, nil, "0101-T01")
	if err := demo.Seed(ctx, svc, "2026-11-23"); err != nil {
		b.Fatal(err)
	}
	if err := svc.SetBoxLimit(ctx, counter.CommandLine(), "1001", 1_000_000_000_00); err != nil {
		b.Fatal(err)
	}
	sess, err := svc.Login(ctx, "1001", "pass1001")
	if err == nil {
		err = svc.SignIn(ctx, sess, nil)
	}
	if err != nil {
		b.Fatal(err)
	}
	return db, svc, sess
}
