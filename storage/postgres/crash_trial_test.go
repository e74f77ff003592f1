package postgres_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/postgres"
)

// issue #10 item 6: a counter program is killed with SIGKILL in the middle
// of its postings to the branch server, at random moments: 5 times in
// make test, 20 in make crash (BRANCHDESK_CRASH=1). After each kill every
// posting the program acknowledged is there, none is partial (the server
// rolls back the transaction of a connection that dies), sequences are
// gapless and the audit chain is whole.
func TestKillCounterMidPosting(t *testing.T) {
	if u := os.Getenv("BRANCHDESK_PG_CRASH_CHILD"); u != "" {
		postUntilKilled(u)
		return
	}
	kills := 5
	if os.Getenv("BRANCHDESK_CRASH") != "" {
		kills = 20
	}
	s := ownServer(t)
	u := seeded(t, s)
	ctx := context.Background()
	seed := time.Now().UnixNano()
	rnd := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("random seed %d", seed)
	acked := map[int64]bool{}
	for round := 1; round <= kills; round++ {
		ids := killChild(t, u, time.Duration(400+rnd.IntN(900))*time.Millisecond)
		for _, id := range ids {
			acked[id] = true
		}
		db, err := postgres.Open(ctx, u, false)
		if err != nil {
			t.Fatal(err)
		}
		entries, rows := checkBooks(t, db, acked, false)
		db.Close()
		if t.Failed() {
			t.FailNow()
		}
		fmt.Printf("第 %2d 次强杀柜面程序 (kill %2d): 已确认 %d 笔，本轮 %d 笔；流水 %d 笔；审计 %d 条；无丢失、无残缺\n",
			round, round, len(acked), len(ids), entries, rows)
	}
	if len(acked) == 0 {
		t.Fatal("the child never posted: the trial proved nothing")
	}
}

// killChild runs the counter program on u, kills it after d and returns
// the entries it acknowledged.
func killChild(t *testing.T, u string, d time.Duration) []int64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillCounterMidPosting$")
	cmd.Env = append(os.Environ(), "BRANCHDESK_PG_CRASH_CHILD="+u)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan []int64)
	go func() {
		var ids []int64
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if s, ok := strings.CutPrefix(sc.Text(), "posted "); ok {
				if id, err := strconv.ParseInt(s, 10, 64); err == nil {
					ids = append(ids, id)
				}
			}
		}
		lines <- ids
	}()
	time.Sleep(d)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	ids := <-lines
	err = cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the counter program was not killed but ended: %v", err)
	}
	return ids
}

// postUntilKilled is the counter program: it posts until it is killed,
// printing "posted ID" only after Post returned, i.e. after the commit.
func postUntilKilled(u string) {
	ctx := context.Background()
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "counter program:", err)
		os.Exit(2)
	}
	db, err := postgres.Open(ctx, u, false)
	if err != nil {
		fail(err)
	}
	svc := counter.New(db, nil, "0101-T01")
	sess, err := svc.Login(ctx, "1001", "pass1001")
	if err != nil {
		fail(err)
	}
	_ = svc.SignIn(ctx, sess, nil) // signed in already after the first round
	for i := 1; ; i++ {
		d, err := svc.Prepare(ctx, sess, counter.Request{Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: money.Amount(100_00 + i%100)})
		if err != nil {
			fail(err)
		}
		e, err := svc.Post(ctx, d)
		if err != nil {
			fail(err)
		}
		fmt.Printf("posted %d\n", e.ID)
	}
}
