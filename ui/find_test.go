package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"branchdesk/domain/counter"
)

// TestFindCustomer: F3 opens 查找客户; too short a search says what it
// needs; a name finds the account, and Enter puts it in the form with the
// holder shown and the cursor on the amount.
func TestFindCustomer(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("1001")
	b := ws.business
	press(b.account, fyne.KeyF3)
	f := b.find
	if f == nil || !tm.dialogOpen() || tm.a.win.Canvas().Focused() != f.query {
		t.Fatal("F3 does not open 查找客户 with the cursor in its field")
	}
	retype(f.query, "张")
	press(f.query, fyne.KeyReturn)
	if f.message.Text != counter.ErrSearchShort.Error() || len(f.found) != 0 {
		t.Fatalf("one character: %q, %d found", f.message.Text, len(f.found))
	}
	retype(f.query, "张伟")
	press(f.query, fyne.KeyReturn)
	if len(f.found) != 1 || cellText(f.table, 0, 0) != savings1 || cellText(f.table, 0, 1) != "张伟" {
		t.Fatalf("张伟: %d found, %q", len(f.found), f.message.Text)
	}
	press(f.query, fyne.KeyReturn) // the one found is chosen
	if tm.dialogOpen() || b.find != nil {
		t.Fatal("choosing the account leaves the search open")
	}
	if b.account.Text != savings1 || b.holder.Text != "张伟（储蓄账户）　正常　可用余额 ¥500,000.00" {
		t.Fatalf("the form has %q, %q", b.account.Text, b.holder.Text)
	}
	if tm.a.win.Canvas().Focused() != b.amount {
		t.Fatal("after choosing, the cursor is not on the amount")
	}
	// Esc closes the search with the form as it was.
	test.Tap(b.findButton)
	press(b.find.query, fyne.KeyEscape)
	if tm.dialogOpen() || b.find != nil || b.account.Text != savings1 {
		t.Fatal("Esc on the search changed the form or left it open")
	}
}
