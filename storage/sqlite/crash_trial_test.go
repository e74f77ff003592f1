package sqlite_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlite"
	"branchdesk/storage/storetest"
)

// TestCrashTrial is make crash, not make test (BRANCHDESK_CRASH=1): a
// child process posts cash deposits in a loop through the counter
// service, printing each entry's id once Post has returned, and is killed
// with SIGKILL at a random moment, 20 times. After each kill the file
// passes PRAGMA integrity_check and the audit chain verifies; every
// posting the child acknowledged is there (none lost) and every entry
// has its legs, debits equal to credits (none partial).
func TestCrashTrial(t *testing.T) {
	if path := os.Getenv("BRANCHDESK_CRASH_CHILD"); path != "" {
		storetest.PostUntilKilled(sqlite.Open(context.Background(), path))
		return
	}
	if os.Getenv("BRANCHDESK_CRASH") == "" {
		t.Skip("the crash trial runs with make crash (BRANCHDESK_CRASH=1)")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bd.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	svc := counter.New(db, nil, "0101-T01")
	if err := demo.Seed(ctx, svc, time.Now().Format(time.DateOnly)); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetBoxLimit(ctx, counter.CommandLine(), "1001", 1_000_000_000_00); err != nil {
		t.Fatal(err)
	}
	db.Close()

	seed := time.Now().UnixNano()
	rnd := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("random seed %d", seed)
	acked := map[int64]bool{}
	lost, partial := 0, 0
	for round := 1; round <= 20; round++ {
		ids := storetest.KillChild(t, "TestCrashTrial", "BRANCHDESK_CRASH_CHILD="+path, time.Duration(300+rnd.IntN(900))*time.Millisecond)
		for _, id := range ids {
			acked[id] = true
		}
		l, p, rows := check(t, path, acked)
		lost, partial = lost+l, partial+p
		fmt.Printf("第 %2d 次强杀 (kill %2d): 已确认 %d 笔，本轮 %d 笔；审计 %d 条；丢失 %d，残缺 %d\n", round, round, len(acked), len(ids), rows, l, p)
	}
	fmt.Printf("%d lost, %d partial（%d 次强杀，%d 笔已确认的记账）\n", lost, partial, 20, len(acked))
	if len(acked) == 0 {
		t.Fatal("the child never posted: the trial proved nothing")
	}
	if lost+partial > 0 {
		t.Fatalf("%d lost, %d partial", lost, partial)
	}
}

// check opens the database after a kill and counts acknowledged entries
// missing and entries without balanced legs.
func check(t *testing.T, path string, acked map[int64]bool) (lost, partial, auditRows int) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen after the kill: %v", err)
	}
	defer db.Close()
	var ok string
	if err := db.SQL().QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q %v", ok, err)
	}
	n, brk, err := counter.New(db, nil, "0101-T01").VerifyAudit(ctx)
	if err != nil || brk != nil {
		t.Fatalf("audit chain after the kill: %v %v", brk, err)
	}
	have := map[int64]bool{}
	rows, err := db.SQL().Query(`SELECT e.id, e.amount, COUNT(l.line),
		COALESCE(SUM(CASE l.side WHEN 'D' THEN l.amount END), 0),
		COALESCE(SUM(CASE l.side WHEN 'C' THEN l.amount END), 0)
		FROM entries e LEFT JOIN legs l ON l.entry_id = e.id GROUP BY e.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, amount, legs, debit, credit int64
		if err := rows.Scan(&id, &amount, &legs, &debit, &credit); err != nil {
			t.Fatal(err)
		}
		have[id] = true
		if legs < 2 || debit != credit || debit < amount {
			partial++
			t.Errorf("entry %d: %d legs, debit %d, credit %d, amount %d", id, legs, debit, credit, amount)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var orphans int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM legs WHERE entry_id NOT IN (SELECT id FROM entries)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	partial += orphans
	for id := range acked {
		if !have[id] {
			lost++
			t.Errorf("acknowledged entry %d is gone", id)
		}
	}
	return lost, partial, n
}
