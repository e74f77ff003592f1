package bundle

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"branchdesk/domain/ledger"
	"branchdesk/domain/sync"
	"branchdesk/storage/demo"
)

// Head office's decisions on suspense items are insert-only: a decision
// is never changed nor deleted, nor the record of the version it went in.
// A terminal of the branch that does not hold the item — here one enrolled
// later, on its own database — does not take the decision, and the
// bundle's audit line says so (未采用); the rest of the bundle is applied.
func TestSuspenseDecisionOnAnItemTheTerminalLacks(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	item := r.shortage()
	r.importOK(r.export())
	d := ledger.Decision{Item: item, Approved: true, By: "刘明", Ref: "运管批〔2026〕12号"}
	if _, err := r.hq.DecideSuspense(ctx, demo.Branch, d); err != nil {
		t.Fatal(err)
	}
	if _, err := r.hq.DecideSuspense(ctx, demo.Branch, d); !errors.Is(err, ledger.ErrDecisionFinal) {
		t.Fatalf("a second decision: %v", err)
	}
	db2, _, t2 := r.branch("T02")
	r.enroll(t2)
	r.configure(sync.ConfigSet{})
	for _, q := range []string{
		`UPDATE suspense_decisions SET approved = 0`,
		`DELETE FROM suspense_decisions`,
		`UPDATE suspense_decisions_sent SET config_version = 9`,
		`DELETE FROM suspense_decisions_sent`,
	} {
		if _, err := r.hq.DB().Exec(q); err == nil || !strings.Contains(err.Error(), "never changed or deleted") {
			t.Errorf("%s: %v", q, err)
		}
	}
	bundles, err := r.hq.ResendConfig(ctx, "T02")
	if err != nil {
		t.Fatal(err)
	}
	for v := int64(1); v <= int64(len(bundles)); v++ {
		if _, err := t2.ApplyConfig(ctx, bundles[v], r.fingerprint()); err != nil {
			t.Fatalf("v%d at T02: %v", v, err)
		}
	}
	var detail string
	if err := db2.QueryRow(ctx, `SELECT detail FROM audit WHERE action = ? ORDER BY id DESC LIMIT 1`, sync.AuditConfig).Scan(&detail); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(detail, fmt.Sprintf("；未采用：挂账 #%d 的上级批复：本网点无此挂账", item)) || strings.Contains(detail, "上级挂账批复 1 笔") {
		t.Fatalf("T02's audit line of the bundle: %q", detail)
	}
	if n := count(t, branchRows{db2}, `SELECT COUNT(*) FROM suspense_decisions`); n != 0 {
		t.Fatalf("T02 kept %d decisions on an item it lacks", n)
	}
	if n := count(t, branchRows{r.db}, `SELECT COUNT(*) FROM suspense_decisions WHERE entry_id = ?`, item); n != 1 {
		t.Fatalf("T01 kept %d decisions", n)
	}
}

// A refusal and the approval that followed it, both made before the next
// config bundle, go down in it in that order: the branch keeps both, and
// the approval stands.
func TestSuspenseRefusedThenApprovedInOneBundle(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	item := r.shortage()
	r.importOK(r.export())
	for _, d := range refusedThenApproved(item) {
		if _, err := r.hq.DecideSuspense(ctx, demo.Branch, d); err != nil {
			t.Fatal(err)
		}
	}
	r.configure(sync.ConfigSet{})
	if n := count(t, branchRows{r.db}, `SELECT COUNT(*) FROM suspense_decisions WHERE entry_id = ?`, item); n != 2 {
		t.Fatalf("the branch kept %d decisions, want the refusal and the approval", n)
	}
	items, err := r.hq.SuspenseItems(ctx, demo.Branch)
	if err != nil || len(items) != 1 || items[0].Decision.Status() != ledger.DecisionApproved || items[0].SentIn != 2 {
		t.Fatalf("head office's item: %+v %v", items, err)
	}
	var approved bool
	if err := r.db.QueryRow(ctx, `SELECT approved FROM suspense_decisions WHERE entry_id = ? ORDER BY approved DESC LIMIT 1`, item).Scan(&approved); err != nil || !approved {
		t.Fatalf("the decision that stands at the branch: approved %v, %v", approved, err)
	}
}

// shortage has teller 1002 end the day ¥100.00 short at the rig's
// terminal: a suspense item, awaiting head office.
func (r *rig) shortage() int64 {
	r.t.Helper()
	item, err := demo.Shortage(context.Background(), r.svc, signedIn(r.t, r.svc, "1002"), 10, 9)
	if err != nil {
		r.t.Fatal(err)
	}
	return item
}

// refusedThenApproved is head office refusing item, then approving it.
func refusedThenApproved(item int64) []ledger.Decision {
	return []ledger.Decision{
		{Item: item, By: "刘明", Reason: "须先查明原因"},
		{Item: item, Approved: true, By: "刘明", Ref: "运管批〔2026〕12号"},
	}
}
