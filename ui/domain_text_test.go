package ui

import (
	"slices"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/staff"
)

// TestDomainNamesAreKeys: every business kind, account type, day state
// and level the screens translate has its name among domainNames, so it
// is in the catalogs.
func TestDomainNamesAreKeys(t *testing.T) {
	var names []string
	for _, k := range ledger.Kinds {
		names = append(names, k.Title())
	}
	for _, at := range []ledger.AccountType{ledger.Savings, ledger.Corporate, ledger.Cash, ledger.Suspense} {
		names = append(names, at.Title())
	}
	for _, s := range []counter.DayState{counter.DayOpen, counter.DayPaused, counter.DayClosed, ""} {
		names = append(names, s.Title())
	}
	for _, l := range []staff.Level{staff.LevelC, staff.LevelB, staff.LevelA} {
		names = append(names, l.Title())
	}
	for _, n := range names {
		if !slices.Contains(domainNames, n) {
			t.Errorf("%q is not in domainNames", n)
		}
	}
	if len(names) != len(domainNames) {
		t.Errorf("domainNames has %d names, the domain %d", len(domainNames), len(names))
	}
}
