package storetest

import (
	"bufio"
	"context"
	"fmt"
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
	"branchdesk/storage/sqlstore"
)

// KillChild runs this test binary's test run again as a child process
// with env set (it then calls PostUntilKilled), kills it with SIGKILL
// after d and returns the entries it acknowledged.
func KillChild(t testing.TB, run, env string, d time.Duration) []int64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+run+"$")
	cmd.Env = append(os.Environ(), env)
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
		t.Fatalf("the child was not killed but ended: %v", err)
	}
	return ids
}

// PostUntilKilled is the child of KillChild: teller 1001 of the demo
// branch posts cash deposits on db until the process is killed, printing
// "posted ID" only after Post returned, i.e. after the commit.
func PostUntilKilled(db *sqlstore.DB, err error) {
	ctx := context.Background()
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(2)
	}
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
