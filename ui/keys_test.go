package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"branchdesk/domain/audit"
	"branchdesk/domain/counter"
)

// typeKey sends a key to the window as the desktop driver does: to the
// focused widget, or to the window when nothing has the focus.
func typeKey(a *App, k fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: k}
	if f := a.win.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	a.win.Canvas().OnTypedKey()(ev)
}

// TestFunctionKeys: F2 opens a cleared business form, F5 refreshes, F12
// locks as the idle lock does; each is shown on the button it presses.
func TestFunctionKeys(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("1001")
	for b, key := range map[*button]string{ws.business.clear: "新业务 (F2)", ws.refreshAll: "刷新 (F5)", ws.lockNow: "锁屏 (F12)"} {
		if b.Text != key {
			t.Errorf("button %q, want %q", b.Text, key)
		}
	}

	// F2 from another tab, the focus nowhere.
	tm.key(savings1, "100")
	ws.tabs.Select(ws.journalTab)
	tm.a.win.Canvas().Unfocus()
	typeKey(tm.a, fyne.KeyF2)
	if ws.tabs.Selected() != ws.businessTab || ws.business.account.Text != "" || ws.business.amount.Text != "" {
		t.Fatalf("F2: tab %q, account %q, amount %q", ws.tabs.Selected().Text, ws.business.account.Text, ws.business.amount.Text)
	}
	if tm.a.win.Canvas().Focused() != ws.business.account {
		t.Fatal("F2: the cursor is not in the account field")
	}

	// F5 from a field: the status bar is read again.
	ws.status.state.SetText("")
	typeKey(tm.a, fyne.KeyF5)
	if got := ws.status.state.Text; got != "状态 已签到" {
		t.Fatalf("F5: status bar says %q", got)
	}

	// No F2 while a dialog is open: it would clear the form under it.
	tm.key(savings1, "60000")
	test.Tap(ws.business.submit)
	confirmed(t, ws.business)
	if tm.a.auth == nil {
		t.Fatal("no authorization dialog")
	}
	typeKey(tm.a, fyne.KeyF2)
	if ws.business.amount.Text == "" || tm.a.auth == nil {
		t.Fatal("F2 cleared the form under the authorization dialog")
	}

	// F12 locks even then, closing the dialog, as the idle lock does.
	typeKey(tm.a, fyne.KeyF12)
	l := tm.a.lock
	if l == nil || l.mode != lockHand || tm.a.auth != nil || tm.dialogOpen() {
		t.Fatalf("F12: lock %v, dialog open %v", l != nil, tm.dialogOpen())
	}
	if l.title.Text != "终端已锁定" {
		t.Fatalf("F12: lock screen says %q", l.title.Text)
	}
	typeKey(tm.a, fyne.KeyF2) // the lock screen takes no F-key
	if tm.a.lock != l {
		t.Fatal("F2 opened the locked terminal")
	}
	test.Type(l.user, "1001")
	test.Type(l.pass, "pass1001")
	press(l.pass, fyne.KeyReturn)
	if tm.a.lock != nil {
		t.Fatalf("the teller cannot unlock: %q", l.message.Text)
	}
	var locked []string
	if err := tm.db.Tx(context.Background(), func(tx counter.Tx) error {
		return tx.AuditRows(func(r audit.Row) error {
			if r.Action == audit.IdleLock {
				locked = append(locked, r.Actor+" "+r.Detail)
			}
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(locked, ";") != "1001 柜员锁屏" {
		t.Fatalf("audit trail has the locks %q", locked)
	}

	// Tapping the button locks too.
	test.Tap(ws.lockNow)
	if tm.a.lock == nil {
		t.Fatal("锁屏 did not lock")
	}
}

// TestFunctionKeysNeedASession: at the login screen F12 locks nothing.
func TestFunctionKeysNeedASession(t *testing.T) {
	tm := newTerminal(t)
	typeKey(tm.a, fyne.KeyF12)
	typeKey(tm.a, fyne.KeyF2)
	if tm.a.lock != nil || tm.a.login == nil {
		t.Fatal("a function key left the login screen")
	}
}
