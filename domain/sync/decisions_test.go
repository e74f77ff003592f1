package sync_test

import (
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/ledger"
	"branchdesk/domain/sync"
)

// A config bundle's decisions on suspense items are each valid; on one
// item an approval may follow a refusal, nothing an approval, and a
// refusal no refusal.
func TestCheckDecisions(t *testing.T) {
	d := ledger.Decision{Item: 3, Kind: ledger.CashShortage, Amount: 100_00, BusinessDate: "2026-11-23", Approved: true, By: "刘明", Ref: "运管批12号"}
	e := d
	e.Item = 4
	if err := sync.CheckDecisions([]ledger.Decision{d, e}); err != nil {
		t.Fatal(err)
	}
	if err := sync.CheckDecisions([]ledger.Decision{d, d}); !errors.Is(err, ledger.ErrDecisionFinal) || !strings.HasPrefix(err.Error(), "挂账 #3 的上级批复：") {
		t.Fatalf("approved twice: %v", err)
	}
	no := ledger.Decision{Item: 3, Kind: ledger.CashShortage, Amount: 100_00, BusinessDate: "2026-11-23", Reason: "须查明原因"}
	if err := sync.CheckDecisions([]ledger.Decision{no, d}); err != nil {
		t.Fatalf("approved after a refusal: %v", err)
	}
	if err := sync.CheckDecisions([]ledger.Decision{d, no}); !errors.Is(err, ledger.ErrDecisionFinal) {
		t.Fatalf("refused after an approval: %v", err)
	}
	if err := sync.CheckDecisions([]ledger.Decision{no, no}); !errors.Is(err, ledger.ErrDecisionRefusedBefore) {
		t.Fatalf("refused twice: %v", err)
	}
	e.Ref = ""
	if err := sync.CheckDecisions([]ledger.Decision{d, e}); !errors.Is(err, ledger.ErrDecisionRef) || !strings.HasPrefix(err.Error(), "挂账 #4 的上级批复：") {
		t.Fatalf("no reference: %v", err)
	}
}
