package bundle

import (
	"context"
	"testing"

	"branchdesk/domain/ledger"
	"branchdesk/domain/sync"
	"branchdesk/storage/demo"
)

// 第十四条: head office's decision is on one terminal's suspense item. A
// second terminal of the branch, on its own database, holding an item of
// the same number, kind, amount and date (another teller short the same
// sum that day) does not take it: its item is still awaiting the upper
// level, and may not be written off.
func TestSuspenseDecisionNotTakenByAnotherTerminal(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	item := r.shortage()
	db2, svc2, t2 := r.branch("T02")
	other, err := demo.Shortage(ctx, svc2, signedIn(t, svc2, "1001"), 10, 9)
	if err != nil {
		t.Fatal(err)
	}
	if other != item {
		t.Skipf("T02's item is #%d, T01's #%d", other, item)
	}
	r.enroll(t2)
	r.importOK(r.export())
	d := ledger.Decision{Item: item, Approved: true, By: "刘明", Ref: "运管批〔2026〕12号"}
	if _, err := r.hq.DecideSuspense(ctx, demo.Branch, d); err != nil {
		t.Fatal(err)
	}
	r.configure(sync.ConfigSet{})
	bundles, err := r.hq.ResendConfig(ctx, "T02")
	if err != nil {
		t.Fatal(err)
	}
	for v := int64(1); v <= int64(len(bundles)); v++ {
		if _, err := t2.ApplyConfig(ctx, bundles[v], r.fingerprint()); err != nil {
			t.Fatalf("v%d at T02: %v", v, err)
		}
	}
	if n := count(t, branchRows{r.db}, `SELECT COUNT(*) FROM suspense_decisions WHERE entry_id = ?`, item); n != 1 {
		t.Fatalf("T01 kept %d decisions", n)
	}
	if n := count(t, branchRows{db2}, `SELECT COUNT(*) FROM suspense_decisions`); n != 0 {
		t.Fatalf("T02 took head office's decision on T01's item as its own (%d rows)", n)
	}
}
