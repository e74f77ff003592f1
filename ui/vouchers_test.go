package ui

import (
	"bytes"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"branchdesk/domain/counter"
	"branchdesk/domain/voucher"
)

// TestVouchers: the voucher keeper receives and issues ranges and reads
// the register; the teller sees the next number, voids one with an
// authorizer, sells two after the seal check and returns the rest.
func TestVouchers(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("2002")
	// The keeper holds no blank vouchers of their own: the screen says how
	// a teller gets some.
	ws.tabs.Select(ws.cash.mineTab)
	wantContains(t, "nothing held", ws.cash.mine.message.Text, "请向凭证保管人领用")
	ws.tabs.Select(ws.cash.keeperTab)
	k := ws.cash.keeper

	retype(k.recvFrom, "51")
	press(k.recvFrom, fyne.KeyReturn)
	press(k.recvTo, fyne.KeyReturn)
	wantContains(t, "bad number", k.message.Text, voucher.ErrVoucherNumberFormat.Error())
	retype(k.recvFrom, "00000051")
	retype(k.recvTo, "00000060")
	press(k.recvTo, fyne.KeyReturn)
	wantContains(t, "receive", k.message.Text, "入库成功：现金支票 00000051–00000060，共 10 张")
	retype(k.recvFrom, "00000055")
	press(k.recvTo, fyne.KeyReturn)
	wantContains(t, "receive twice", k.message.Text, counter.ErrVoucherExists.Error())

	retype(k.issueFrom, "00000001")
	retype(k.issueTo, "00000010")
	retype(k.teller, "1001")
	if k.tellerWho.Text != "1001 张三" {
		t.Fatalf("teller shows %q", k.tellerWho.Text)
	}
	press(k.teller, fyne.KeyReturn)
	wantContains(t, "issue", k.message.Text, "发放成功")
	if r := row(k.table, len(k.lines), 2, "00000060"); r < 0 || cellText(k.table, r, 3) != "在库" {
		t.Fatalf("register lacks 00000060 在库 (row %d)", r)
	}
	wantContains(t, "register summary", k.summary.Text, "已领用 10")
	// The stock table: cash cheques 11–60 with the keeper, 1–10 with 1001.
	var stock []string
	for r := range len(k.places) {
		if cellText(k.stock, r, 0) == "现金支票" {
			stock = append(stock, cellText(k.stock, r, 1)+" "+cellText(k.stock, r, 2)+" "+cellText(k.stock, r, 3))
		}
	}
	if got := strings.Join(stock, "；"); got != "保管人库存 00000011–00000060 50 张；1001 张三 00000001–00000010 10 张" {
		t.Fatalf("stock: %s", got)
	}
	name, write, err := tm.a.voucherRegisterReport(voucher.CashCheque, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	if err := write(&pdf); err != nil || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) {
		t.Fatalf("register %s: %v", name, err)
	}
	tm.logout()

	ws = tm.signedIn("1001")
	ws.tabs.Select(ws.cash.mineTab)
	m := ws.cash.mine
	if len(m.rows) != 1 || cellText(m.table, 0, 2) != "00000001" || cellText(m.table, 0, 5) != "00000001–00000010" {
		t.Fatalf("my vouchers: %d rows, next %q, ranges %q", len(m.rows), cellText(m.table, 0, 2), cellText(m.table, 0, 5))
	}

	// Void the next cheque: the teller cannot authorize it, a B can.
	if m.voidNo.Text != "00000001" {
		t.Fatalf("void proposes %q", m.voidNo.Text)
	}
	press(m.reason, fyne.KeyReturn)
	if m.confirm != nil || m.message.Text != voucher.ErrVoidReason.Error() {
		t.Fatalf("void without reason: %q", m.message.Text)
	}
	test.Type(m.reason, "填写错误")
	press(m.reason, fyne.KeyReturn)
	d := m.confirm
	if d == nil {
		t.Fatal("no authorization for the void")
	}
	retype(d.user, "1001")
	retype(d.pass, "pass1001")
	test.Tap(d.confirm)
	if d.message.Text != voucher.ErrVoidNeedsAuth.Error() {
		t.Fatalf("teller authorizing their own void: %q", d.message.Text)
	}
	retype(d.user, "2001")
	retype(d.pass, "pass2001")
	test.Tap(d.confirm)
	if !strings.Contains(d.message.Text, "A") || strings.Contains(m.message.Text, "已作废") {
		t.Fatalf("a B authorizing a void: %q, %q", d.message.Text, m.message.Text)
	}
	retype(d.user, "3001")
	retype(d.pass, "pass3001")
	press(d.pass, fyne.KeyReturn)
	wantContains(t, "void", m.message.Text, "已作废：现金支票 00000001")
	if cellText(m.table, 0, 2) != "00000002" || cellText(m.table, 0, 4) != "1 张" {
		t.Fatalf("after the void: next %q, voided %q", cellText(m.table, 0, 2), cellText(m.table, 0, 4))
	}

	// Sell two: the seal must be checked.
	retype(m.sellTo, "00000003")
	press(m.seal, fyne.KeyReturn)
	if m.message.Text != voucher.ErrSealNotChecked.Error() {
		t.Fatalf("sale without the seal check: %q", m.message.Text)
	}
	retype(m.sellFrom, "00000002")
	retype(m.sellTo, "00000003")
	test.Type(m.seal, "2001")
	press(m.seal, fyne.KeyReturn)
	wantContains(t, "sell", m.message.Text, "已出售：现金支票 00000002–00000003")

	// Return 6–10; 4 and 5 stay in hand. A number not in hand is
	// refused before anyone is asked; the voucher keeper, not another B,
	// confirms she took them back.
	retype(m.retFrom, "00000006")
	retype(m.retTo, "00000011")
	press(m.retTo, fyne.KeyReturn)
	if m.confirm != nil || m.message.Text == "" {
		t.Fatalf("returning a number not in hand: %q", m.message.Text)
	}
	retype(m.retTo, "00000010")
	press(m.retTo, fyne.KeyReturn)
	d = m.confirm
	if d == nil {
		t.Fatal("no keeper confirmation for the return")
	}
	retype(d.user, "2001")
	retype(d.pass, "pass2001")
	test.Tap(d.confirm)
	wantContains(t, "a B who keeps no vouchers", d.message.Text, "凭证保管人")
	if got := cellText(m.table, 0, 1); got != "7 张" {
		t.Fatalf("in hand after a refused return: %q", got)
	}
	retype(d.user, "2002")
	retype(d.pass, "pass2002")
	press(d.pass, fyne.KeyReturn)
	wantContains(t, "return", m.message.Text, "已退回凭证保管人")
	if got := cellText(m.table, 0, 1); got != "2 张" {
		t.Fatalf("in hand after the return: %q", got)
	}
}

// TestVoucherKeeperFitsTheScreen: at 1366×768, a branch PC's usual screen,
// the issue form's 发放 button and its message are in view without
// scrolling (they once sat below a split divider that Tab did not move).
func TestVoucherKeeperFitsTheScreen(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("2002")
	tm.a.win.Resize(fyne.NewSize(1366, 768))
	ws.tabs.Select(ws.cash.keeperTab)
	k := ws.cash.keeper
	visible := k.forms.Size().Height
	bottom := tm.a.fy.Driver().AbsolutePositionForObject(k.message).Y - tm.a.fy.Driver().AbsolutePositionForObject(k.forms).Y +
		k.message.MinSize().Height
	if bottom > visible {
		t.Fatalf("at 1366×768 the issue message ends %.0f px down a form column %.0f px high", bottom, visible)
	}
	if k.forms.Offset.Y != 0 {
		t.Fatal("the form column had to scroll")
	}
}
