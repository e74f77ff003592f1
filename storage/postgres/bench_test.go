package postgres_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/staff"
	"branchdesk/storage/demo"
	"branchdesk/storage/postgres"
	"branchdesk/storage/postgres/pgtest"
	"branchdesk/storage/sqlite"
	"branchdesk/storage/sqlstore"
)

// durable starts a server that syncs every commit, as a branch server runs.
func durable(b *testing.B) *pgtest.Server {
	b.Helper()
	s, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		if os.Getenv("CI") != "" {
			b.Fatal(err)
		}
		b.Skip(err)
	}
	b.Cleanup(func() { s.Stop() })
	return s
}

// teller is one counter PC posting ¥100 deposits as one teller.
type teller struct {
	svc  *counter.Service
	sess *counter.Session
	acct string
}

// deposit is the ¥100 cash deposit the teller posts.
func (t teller) deposit() counter.Request {
	return counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: t.acct, Amount: 100_00}
}

func (t teller) post(ctx context.Context) error {
	d, err := t.svc.Prepare(ctx, t.sess, t.deposit())
	if err != nil {
		return err
	}
	_, err = t.svc.Post(ctx, d)
	return err
}

// tellers seeds the demo branch on db and signs in n tellers, each at a PC
// of its own (open gives each PC its store handle).
func tellers(b *testing.B, n int, open func() *sqlstore.DB) []teller {
	b.Helper()
	ctx := context.Background()
	first := counter.New(open(), nil, "0101-T00")
	if err := demo.Seed(ctx, first, "2026-11-23"); err != nil {
		b.Fatal(err)
	}
	ids := []string{"1001", "1002", "2001", "2002", "3001", "3002"}
	accts := []string{"6217000000000001", "6217000000000002", "6217000000000003"}
	out := make([]teller, n)
	for i := range out {
		id := ids[i%len(ids)]
		if i >= len(ids) { // more PCs than demo users: add C tellers
			id = fmt.Sprintf("19%02d", i)
			u := staff.User{ID: id, Name: "柜员" + id, Level: staff.LevelC, Branch: demo.Branch}
			if err := first.AddUser(ctx, counter.CommandLine(), u, "init"+id); err != nil {
				b.Fatal(err)
			}
			if err := first.ChangePassword(ctx, id, "init"+id, "pass"+id); err != nil {
				b.Fatal(err)
			}
			q := staff.Qualification{User: id, TrainedOn: "2020-03-15", CounterSince: "2019-07-01",
				CertNo: "FJB-2024-9" + id, CertExpires: "2028-12-31"}
			if err := first.SetQualification(ctx, counter.CommandLine(), q); err != nil {
				b.Fatal(err)
			}
		}
		svc := counter.New(open(), nil, fmt.Sprintf("0101-T%02d", i+1))
		if err := svc.SetBoxLimit(ctx, counter.CommandLine(), id, 1_000_000_000_00); err != nil {
			b.Fatal(err)
		}
		sess, err := svc.Login(ctx, id, "pass"+id)
		if err != nil {
			b.Fatal(id, err)
		}
		if err := svc.SignIn(ctx, sess, nil); err != nil {
			b.Fatal(err)
		}
		out[i] = teller{svc, sess, accts[i%len(accts)]}
	}
	return out
}

// BenchmarkPostgresPostingVsBareCommit posts deposits (rules, double
// entry, audit chain, sequence number; prepare + post) on a durable server
// and, interleaved, times a bare INSERT + COMMIT on the same server.
// Target: posting ≤ 2× bare.
func BenchmarkPostgresPostingVsBareCommit(b *testing.B) {
	s := durable(b)
	ctx := context.Background()
	url, err := s.NewDB(ctx)
	if err != nil {
		b.Fatal(err)
	}
	db, err := postgres.Open(ctx, url, true)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	t := tellers(b, 1, func() *sqlstore.DB { return db })[0]
	if _, err := db.Exec(ctx, `CREATE TABLE bare (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, teller TEXT, amount BIGINT, at TEXT)`); err != nil {
		b.Fatal(err)
	}
	var postTime, prepTime, bareTime time.Duration
	n := 0
	for b.Loop() {
		t0 := time.Now()
		tx, err := db.SQL().BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO bare (teller, amount, at) VALUES ($1, $2, $3)`, "1001", 100_00, t0.Format(time.RFC3339Nano)); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		d, err := t.svc.Prepare(ctx, t.sess, t.deposit())
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if _, err := t.svc.Post(ctx, d); err != nil {
			b.Fatal(err)
		}
		bareTime += t1.Sub(t0)
		prepTime += t2.Sub(t1)
		postTime += time.Since(t1)
		n++
	}
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(n) }
	b.ReportMetric(per(postTime), "posting-ns/op")
	b.ReportMetric(per(bareTime), "bare-commit-ns/op")
	b.ReportMetric(float64(postTime)/float64(bareTime), "ratio(target≤2)")
	// Where the posting's time goes: the preview (prepare, read only)
	// and the posting's own write (post), each against the bare commit.
	b.ReportMetric(per(prepTime), "of-it-prepare-ns/op")
	b.ReportMetric(float64(postTime-prepTime)/float64(bareTime), "post-alone-ratio")
}

// BenchmarkBranchThroughput compares, in one run: one teller posting alone
// on SQLite (synchronous FULL), one teller alone on the durable PostgreSQL
// server, and eight tellers at eight PCs posting at once on it. Targets:
// eight on PostgreSQL ≥ 3× the postings per second of one on SQLite, and
// their 99th-percentile latency ≤ 4× that of one alone on PostgreSQL.
func BenchmarkBranchThroughput(b *testing.B) {
	const pcs, each = 8, 40
	s := durable(b)
	ctx := context.Background()
	for b.Loop() {
		file := filepath.Join(b.TempDir(), "bd.db")
		lite := tellers(b, 1, func() *sqlstore.DB {
			db, err := sqlite.Open(ctx, file)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			return db
		})
		url, err := s.NewDB(ctx)
		if err != nil {
			b.Fatal(err)
		}
		pg := tellers(b, pcs, func() *sqlstore.DB {
			db, err := postgres.Open(ctx, url, true)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			return db
		})
		liteCPU := cpuUsed(b, "")
		liteRate, _ := run(b, lite, each*2)
		liteCPU = cpuUsed(b, "") - liteCPU
		aloneCPU := cpuUsed(b, s.Dir)
		_, aloneP99 := run(b, pg[:1], each*2)
		aloneCPU = cpuUsed(b, s.Dir) - aloneCPU
		pgCPU := cpuUsed(b, s.Dir)
		pgRate, p99 := run(b, pg, each)
		pgCPU = cpuUsed(b, s.Dir) - pgCPU
		// What the machine could do at best if every core did nothing
		// but post: cores over the CPU one posting costs (program and
		// server together).
		perLite := liteCPU / time.Duration(each*2)
		perPG := pgCPU / time.Duration(pcs*each)
		ceiling := float64(runtime.NumCPU()) / perPG.Seconds()
		b.ReportMetric(float64(perLite.Microseconds()), "sqlite-cpu-µs/posting")
		b.ReportMetric(float64((aloneCPU / time.Duration(each*2)).Microseconds()), "postgres-1-cpu-µs/posting")
		b.ReportMetric(float64(perPG.Microseconds()), "postgres-8-cpu-µs/posting")
		b.ReportMetric(ceiling/liteRate, "cpu-ceiling-ratio")
		b.ReportMetric(liteRate, "sqlite-1-posts/s")
		b.ReportMetric(pgRate, "postgres-8-posts/s")
		b.ReportMetric(pgRate/liteRate, "throughput-ratio(target≥3)")
		b.ReportMetric(float64(aloneP99.Microseconds()), "postgres-1-p99-µs")
		b.ReportMetric(float64(p99.Microseconds()), "postgres-8-p99-µs")
		b.ReportMetric(float64(p99)/float64(aloneP99), "p99-ratio(target≤4)")
	}
}

// run has every teller post each deposits at once; it gives the postings
// per second of them all and the 99th-percentile latency of one posting.
func run(b *testing.B, ts []teller, each int) (rate float64, p99 time.Duration) {
	ctx := context.Background()
	lat := make([][]time.Duration, len(ts))
	var wg sync.WaitGroup
	start := time.Now()
	for i, t := range ts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				t0 := time.Now()
				if err := t.post(ctx); err != nil {
					b.Error(err)
					return
				}
				lat[i] = append(lat[i], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) == 0 {
		b.Fatal("no posting")
	}
	return float64(len(all)) / elapsed.Seconds(), all[len(all)*99/100]
}

// cpuUsed is the CPU time this process has used, plus, when dir is a
// pgtest cluster's directory, that of its postmaster and every server
// process under it (Linux /proc; clock ticks of 10 ms).
func cpuUsed(b *testing.B, dir string) time.Duration {
	b.Helper()
	total := procCPU(b, "self")
	if dir == "" {
		return total
	}
	raw, err := os.ReadFile(filepath.Join(dir, "data", "postmaster.pid"))
	if err != nil {
		b.Fatal(err)
	}
	master, _, _ := strings.Cut(string(raw), "\n")
	procs, err := os.ReadDir("/proc")
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range procs {
		if _, err := strconv.Atoi(p.Name()); err != nil {
			continue
		}
		f := procStat(p.Name())
		if len(f) > 1 && (p.Name() == master || f[1] == master) {
			total += procCPU(b, p.Name())
		}
	}
	return total
}

// procStat is /proc/<pid>/stat's fields after the command name: state,
// ppid, … (nil when the process is gone).
func procStat(pid string) []string {
	raw, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return nil
	}
	_, rest, ok := strings.Cut(string(raw), ") ")
	if !ok {
		return nil
	}
	return strings.Fields(rest)
}

// procCPU is a process's user plus system time.
func procCPU(b *testing.B, pid string) time.Duration {
	f := procStat(pid)
	if len(f) < 13 {
		return 0 // exited meanwhile
	}
	var ticks int64
	for _, v := range f[11:13] { // utime, stime
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			b.Fatal(err)
		}
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}
