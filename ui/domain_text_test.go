package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/widget"

	"branchdesk/assets"
	"branchdesk/ui/uitext"

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
	names = append(names, ledger.Account{}.Status())
	for _, n := range names {
		if !slices.Contains(domainNames, n) {
			t.Errorf("%q is not in domainNames", n)
		}
	}
	if len(names) != len(domainNames) {
		t.Errorf("domainNames has %d names, the domain %d", len(domainNames), len(names))
	}
}

// TestDomainMessagesAreKeys: domainMessages is what go run ./scripts/i18n
// domain makes of the domain's fixed error messages today, and a refusal
// shown whole is translated: 尚未签到 in English is "Not signed on yet".
func TestDomainMessagesAreKeys(t *testing.T) {
	var dirs []string
	for _, d := range uitext.DomainDirs {
		dirs = append(dirs, "../"+d)
	}
	msgs, err := uitext.Sentinels(dirs...)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(msgs, domainMessages) {
		t.Errorf("domainMessages differ from the domain's %d messages: go run ./scripts/i18n domain", len(msgs))
	}
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	useCatalog(assets.English)
	l := widget.NewLabel("")
	sayRefused(l, counter.ErrNotSignedIn.Error())
	if l.Text != "Not signed on yet" {
		t.Errorf("refusal shown as %q", l.Text)
	}
	deskSay(l, "", counter.ErrNotSignedIn)
	if l.Text != "Not signed on yet" {
		t.Errorf("desk error shown as %q", l.Text)
	}
}

// TestEntryTitle: an entry's name reads as ledger writes it in Chinese,
// and in English with the reversal marked.
func TestEntryTitle(t *testing.T) {
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	plain := ledger.Entry{Kind: ledger.SavingsCashDeposit}
	rev := ledger.Entry{Kind: ledger.SavingsCashDeposit, Reverses: 7}
	for _, e := range []ledger.Entry{plain, rev} {
		if got := entryTitle(e); got != e.Title() {
			t.Errorf("entryTitle = %q, want %q", got, e.Title())
		}
	}
	useCatalog(assets.English)
	if got := entryTitle(rev); got != "Reversal · Savings cash deposit" {
		t.Errorf("English reversal title %q", got)
	}
}
