package sync_test

import (
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/ledger"
	"branchdesk/domain/sync"
)

// A config bundle's decisions on suspense items are each valid and name
// their item once.
func TestCheckDecisions(t *testing.T) {
	d := ledger.Decision{Item: 3, Kind: ledger.CashShortage, Amount: 100_00, BusinessDate: "2026-11-23", Approved: true, By: "刘明", Ref: "运管批12号"}
	e := d
	e.Item = 4
	if err := sync.CheckDecisions([]ledger.Decision{d, e}); err != nil {
		t.Fatal(err)
	}
	if err := sync.CheckDecisions([]ledger.Decision{d, d}); err == nil || !strings.Contains(err.Error(), "挂账 #3 的上级批复：同一笔挂账重复") {
		t.Fatalf("twice: %v", err)
	}
	e.Ref = ""
	if err := sync.CheckDecisions([]ledger.Decision{d, e}); !errors.Is(err, ledger.ErrDecisionRef) || !strings.HasPrefix(err.Error(), "挂账 #4 的上级批复：") {
		t.Fatalf("no reference: %v", err)
	}
}
