package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"branchdesk/storage/postgres"
	"branchdesk/storage/storetest"
)

// issue #10 item 6: a counter program is killed with SIGKILL in the middle
// of its postings to the branch server, at random moments: 5 times in
// make test, 20 in make crash (BRANCHDESK_CRASH=1). After each kill every
// posting the program acknowledged is there, none is partial (the server
// rolls back the transaction of a connection that dies), sequences are
// gapless and the audit chain is whole.
func TestKillCounterMidPosting(t *testing.T) {
	if u := os.Getenv("BRANCHDESK_PG_CRASH_CHILD"); u != "" {
		storetest.PostUntilKilled(postgres.Open(context.Background(), u, false))
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
		ids := storetest.KillChild(t, "TestKillCounterMidPosting", "BRANCHDESK_PG_CRASH_CHILD="+u, time.Duration(400+rnd.IntN(900))*time.Millisecond)
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
