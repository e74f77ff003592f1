package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"branchdesk/domain/counter"
)

// refusedIn has id refuse in the confirmation d: first without a
// reason, which leaves d open on the reason field saying one is needed,
// then with why, which closes it. The password is wiped each time.
func refusedIn(t *testing.T, tm *terminal, d *credentialDialog, id, why string) {
	t.Helper()
	if d == nil || !d.open() {
		t.Fatal("no confirmation dialog")
	}
	for _, reason := range []string{"", why} {
		retype(d.user, id)
		retype(d.pass, "pass"+id)
		retype(d.reason, reason)
		test.Tap(d.refuse)
		if d.pass.Text != "" {
			t.Fatal("the password stays in the dialog")
		}
		if reason == "" && (!d.open() || d.message.Text != counter.ErrReasonRequired.Error() || tm.a.win.Canvas().Focused() != d.reason) {
			t.Fatalf("refused without a reason: open %v, %q", d.open(), d.message.Text)
		}
	}
	if d.open() || tm.dialogOpen() {
		t.Fatalf("the refused business's dialog is open: %q", d.message.Text)
	}
}

// The A asked to allow a void refuses it: without a reason the dialog
// says one is needed; with one it closes, the teller reads who refused
// and why, and the cheque is still the next to use.
func TestVoidRefusedAtTheTerminal(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("1001")
	tm.issueCheques("1001", 1, 10)
	ws.tabs.Select(ws.cash.mineTab)
	m := ws.cash.mine
	m.refresh()
	test.Type(m.reason, "填写错误")
	press(m.reason, fyne.KeyReturn)
	refusedIn(t, tm, m.confirm, "3001", "号码未填错，不必作废")
	wantContains(t, "refusal", m.message.Text, "授权人拒绝了该笔业务（A级 3001 王五，原因：号码未填错，不必作废）")
	if next := cellText(m.table, 0, 2); next != "00000001" || strings.Contains(m.message.Text, "已作废") {
		t.Fatalf("after the refusal the next cheque is %q: %q", next, m.message.Text)
	}
}

// The A asked to approve a transfer to the sub-branch refuses it: the
// vault keeps its cash and the keeper reads who refused and why.
func TestSubBranchTransferRefusedAtTheTerminal(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("2001")
	ws.tabs.Select(ws.cash.vaultTab)
	v := ws.cash.vault
	v.kind.SetSelectedIndex(3)
	retype(v.party, "0100")
	test.Type(v.grid.field("N100"), "10")
	retype(v.amount, "1000")
	press(v.amount, fyne.KeyReturn)
	refusedIn(t, tm, v.confirm, "3001", "支行未来电确认")
	wantContains(t, "refusal", v.message.Text, "授权人拒绝了该笔业务（A级 3001 王五，原因：支行未来电确认）")
	if got := cellText(v.stockTable, 0, 1); got != "19000" {
		t.Fatalf("after the refusal the vault shows %s hundreds", got)
	}
	moves, err := tm.svc.CashMoves(context.Background(), tm.a.sess, "", "9999-12-31")
	if err != nil || len(moves) != 1 { // the demo's funding of the vault
		t.Fatalf("cash moves after the refusal: %d %v", len(moves), err)
	}
}

// The checker refuses to seal the box (现金不符): without a reason the step
// says one is needed; with one the step says who refused and why, empties
// the form, and nothing is sealed; another check then seals it.
func TestSealRefusedAtTheTerminal(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("1001")
	z := tm.dayCounted(ws, "15")
	s := z.sealStep
	unsealed := func(what string) {
		t.Helper()
		c, err := tm.svc.BoxToSeal(context.Background(), tm.a.sess)
		if err != nil || c.Sealed != nil || z.step != stepSeal {
			t.Fatalf("after %s: sealed %v, step %d, %v", what, c.Sealed, z.step, err)
		}
	}
	retype(s.checker, "2002")
	retype(s.password, "pass2002")
	test.Tap(s.refuse)
	if s.message.Text != counter.ErrReasonRequired.Error() || s.password.Text != "" {
		t.Fatalf("refused without a reason: %q, password %q", s.message.Text, s.password.Text)
	}
	unsealed("a refusal without a reason")

	retype(s.password, "pass2002")
	retype(s.why, "现金不符")
	press(s.why, fyne.KeyReturn)
	wantContains(t, "refusal", s.message.Text, "检查人拒绝封箱（B级 2002 赵敏，原因：现金不符）")
	for _, f := range []*field{s.checker, s.password, s.vouchers, s.sealNo, s.why} {
		if f.Text != "" {
			t.Fatalf("the form keeps %q after the refusal", f.Text)
		}
	}
	unsealed("the refusal")
	tm.sealBox(z, "2002", "1")
}
