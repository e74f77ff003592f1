package ui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"branchdesk/assets"
	"branchdesk/domain/counter"
	"branchdesk/storage/bundle"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlite"
)

// TestEnglishFitsTheWindow: English labels are longer than Chinese; an A
// with the credit desk still gets every tab within the 1200-wide window,
// which would otherwise grow past the screen and clip.
func TestEnglishFitsTheWindow(t *testing.T) {
	b := newDeskBed(t)
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	b.fa.Preferences().SetString(prefLanguage, assets.English)
	tm := b.terminal("3001")
	test.Tap(tm.a.ws.signIn)
	fits(t, tm.a.ws)
}

// TestEnglishSyncFitsTheWindow: the same with the head-office sync tab,
// whose status line and buttons are the widest.
func TestEnglishSyncFitsTheWindow(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "bd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := counter.New(db, &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local), tick: time.Second}, "0101-T01")
	if err := demo.Seed(ctx, svc, businessDate); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	fa := test.NewTempApp(t)
	fa.Preferences().SetString(prefLanguage, assets.English)
	term, err := bundle.OpenTerminal(ctx, db, demo.Branch, "0101-T01", filepath.Join(dir, "terminal.key"), nil)
	if err != nil {
		t.Fatal(err)
	}
	a := New(fa, svc, Options{IdleCheck: -1, Sync: term})
	a.Show()
	tm := &terminal{t: t, a: a, svc: svc}
	tm.login("3001", "pass3001")
	t.Cleanup(func() { a.win.Close() })
	if a.ws.syncTab == nil {
		t.Fatal("no sync tab")
	}
	fits(t, a.ws)
}

// fits checks that every tab of ws, and ws, fit the window's width.
func fits(t *testing.T, ws *workspace) {
	t.Helper()
	for _, it := range ws.tabs.Items {
		ws.tabs.Select(it)
		if w := it.Content.MinSize().Width; w > defaultSize.Width-40 {
			t.Errorf("tab %s is %.0f wide", it.Text, w)
		}
	}
	if w := ws.content.MinSize().Width; w > defaultSize.Width {
		t.Errorf("the workspace is %.0f wide, the window %.0f", w, defaultSize.Width)
	}
}
