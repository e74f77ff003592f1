package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"branchdesk/domain/counter"
	"branchdesk/domain/money"
	"branchdesk/domain/staff"
)

// TestVaultIssue: the vault keeper issues cash to a teller by typing the
// count; a declared amount that does not match is refused before anyone
// confirms, the wrong teller and a wrong password are refused, the teller
// confirms. Then a transfer to the sub-branch with an A's approval, and
// the vault count (碰库) line by line.
func TestVaultIssue(t *testing.T) {
	tm := newTerminal(t)
	ctx := context.Background()
	teller := tm.keeper("1001")
	if err := tm.svc.SignIn(ctx, teller, nil); err != nil {
		t.Fatal(err)
	}
	ws := tm.signedIn("2001")
	ws.tabs.Select(ws.cash.vaultTab)
	v := ws.cash.vault
	if !v.tabs.Visible() || v.notKeeper.Visible() {
		t.Fatal("the vault keeper does not see the movement forms")
	}
	if got := cellText(v.stockTable, 0, 1); got != "19000" {
		t.Fatalf("vault shows %s hundreds", got)
	}
	wantContains(t, "stock total", v.stockTotal.Text, "¥2,000,000.00")

	// A teller who has not signed in is said to be so as soon as keyed.
	retype(v.party, "1002")
	wantContains(t, "teller not signed in", v.partyInfo.Text, "尚未签到")
	retype(v.party, "1001")
	wantContains(t, "teller", v.partyInfo.Text, "1001 张三")
	if strings.Contains(v.partyInfo.Text, "签到") {
		t.Fatalf("a signed-in teller shows %q", v.partyInfo.Text)
	}
	press(v.party, fyne.KeyReturn)
	if tm.a.win.Canvas().Focused() != v.grid.field("N100") {
		t.Fatal("Enter on the teller does not move to the count")
	}
	test.Type(v.grid.field("N100"), "100")
	press(v.grid.field("N100"), fyne.KeyReturn)
	test.Type(v.grid.field("N50"), "20")
	if v.grid.total.Text != "¥11,000.00" || v.grid.amounts["N50"].Text != "¥1,000.00" {
		t.Fatalf("grid total %q, 50 line %q", v.grid.total.Text, v.grid.amounts["N50"].Text)
	}
	retype(v.amount, "12000")
	wantContains(t, "live check", v.capital.Text, "不符")
	press(v.amount, fyne.KeyReturn)
	if tm.dialogOpen() {
		t.Fatal("a count that does not add up was sent for confirmation")
	}
	wantContains(t, "mismatch", v.message.Text, "券别明细合计 ¥11,000.00 与金额 ¥12,000.00 不符")

	retype(v.amount, "11000")
	wantContains(t, "live check", v.capital.Text, "与券别合计相符")
	press(v.amount, fyne.KeyReturn)
	d := v.confirm
	if d == nil || !tm.dialogOpen() {
		t.Fatalf("no confirmation; message %q", v.message.Text)
	}
	wantContains(t, "confirmation", d.summary.Text, "100元纸币×100 50元纸币×20")
	retype(d.user, "1002")
	retype(d.pass, "pass1002")
	test.Tap(d.confirm)
	if d.message.Text != counter.ErrWrongConfirmer.Error() || !d.open() {
		t.Fatalf("another teller confirming: %q", d.message.Text)
	}
	retype(d.user, "1001")
	retype(d.pass, "wrong-pw1")
	test.Tap(d.confirm)
	if d.message.Text != staff.ErrWrongPassword.Error() || tm.a.win.Canvas().Focused() != d.pass {
		t.Fatalf("wrong password: %q", d.message.Text)
	}
	test.Type(d.pass, "pass1001")
	press(d.pass, fyne.KeyReturn)
	if d.open() {
		t.Fatalf("confirmation still open: %q", d.message.Text)
	}
	wantContains(t, "result", v.message.Text, "出库成功")
	if got := cellText(v.stockTable, 0, 1); got != "18900" {
		t.Fatalf("vault after the issue shows %s hundreds", got)
	}
	if bal, _ := tm.svc.BoxBalance(ctx, teller, "1001"); bal != money.Amount(11_000_00) {
		t.Fatalf("box 1001 holds %s", bal)
	}
	if v.grid.total.Text != "¥0.00" || v.amount.Text != "" {
		t.Fatal("the form is not cleared after the issue")
	}

	// A transfer to the sub-branch: Esc cancels, then an A approves.
	v.kind.SetSelectedIndex(3)
	retype(v.party, "0100")
	test.Type(v.grid.field("N100"), "10")
	retype(v.amount, "1000")
	press(v.amount, fyne.KeyReturn)
	if v.confirm == nil || !v.confirm.open() {
		t.Fatalf("no approval dialog; message %q", v.message.Text)
	}
	press(v.confirm.user, fyne.KeyEscape)
	if tm.dialogOpen() {
		t.Fatal("Esc did not close the approval")
	}
	wantContains(t, "cancelled", v.message.Text, "已取消")
	press(v.amount, fyne.KeyReturn)
	d = v.confirm
	retype(d.user, "3001")
	retype(d.pass, "pass3001")
	test.Tap(d.confirm)
	wantContains(t, "transfer", v.message.Text, "调拨出库成功")
	wantContains(t, "transfer", v.message.Text, "A级审批 3001 王五")

	// The vault count: one note short, then right.
	v.tabs.Select(v.countTab)
	test.Type(v.count.field("N100"), "18889")
	test.Type(v.count.field("N50"), "1980")
	test.Tap(v.countSubmit)
	wantContains(t, "count", v.countResult.Text, "碰库不符：短款 ¥100.00")
	if got := cellText(v.linesTable, 0, 3); got != "-1" {
		t.Fatalf("100 line difference %q", got)
	}
	retype(v.count.field("N100"), "18890")
	press(v.count.field("N100"), fyne.KeyReturn)
	test.Tap(v.countSubmit)
	wantContains(t, "count", v.countResult.Text, "碰库相符")
}

// TestVaultFormsOnlyForTheKeeper: a B or A who does not keep the vault sees
// its stock and who keeps it, never a form that would refuse them after
// they filled it in.
func TestVaultFormsOnlyForTheKeeper(t *testing.T) {
	tm := newTerminal(t)
	tm.login("3001", "pass3001")
	ws := tm.a.ws
	ws.tabs.Select(ws.cash.vaultTab)
	v := ws.cash.vault
	if v.tabs.Visible() || !v.notKeeper.Visible() {
		t.Fatal("an A who does not keep the vault is offered the movement forms")
	}
	wantContains(t, "who keeps the vault", v.notKeeper.Text, "2001 李四")
	if got := cellText(v.stockTable, 0, 1); got != "19000" {
		t.Fatalf("the stock is not shown to the A: %s hundreds", got)
	}
}
