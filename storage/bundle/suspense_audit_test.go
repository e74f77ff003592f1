package bundle

import (
	"context"
	"strings"
	"testing"

	"branchdesk/domain/sync"
	"branchdesk/storage/demo"
)

// An approval that follows a refusal in a later bundle is recorded, and
// the bundle's audit line says so, as it does the first decision.
func TestSuspenseApprovalAfterRefusalInTheAuditLine(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	item := r.shortage()
	r.importOK(r.export())
	for _, d := range refusedThenApproved(item) {
		if _, err := r.hq.DecideSuspense(ctx, demo.Branch, d); err != nil {
			t.Fatal(err)
		}
		r.configure(sync.ConfigSet{})
		var detail string
		if err := r.db.QueryRow(ctx, `SELECT detail FROM audit WHERE action = ? ORDER BY id DESC LIMIT 1`, sync.AuditConfig).Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(detail, "上级挂账批复 1 笔") || !strings.Contains(detail, d.Message().String()) {
			t.Errorf("the audit line of the bundle bringing %s: %q", d.Message(), detail)
		}
	}
	if n := count(t, branchRows{r.db}, `SELECT COUNT(*) FROM suspense_decisions WHERE entry_id = ?`, item); n != 2 {
		t.Fatalf("the branch kept %d decisions", n)
	}
}
