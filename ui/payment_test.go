package ui

import (
	"bytes"
	"crypto/ed25519"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/payment"
	"branchdesk/storage/bundle"
	"branchdesk/storage/payfile"
)

// payScreen opens 支付业务 for a demo user signed in for the day.
func (tm *terminal) payScreen(id string) *paymentView {
	tm.t.Helper()
	ws := tm.signedIn(id)
	ws.tabs.Select(ws.paymentsTab)
	return ws.payments
}

// pickOrder selects a row of the register as a click would.
func pickOrder(v *paymentView, row int) {
	v.table.Select(widget.TableCellID{Row: row, Col: 0})
}

// TestPaymentFourPeopleOnScreen: 第十一条 at the counter — 1001 keys an
// order of ¥150,000.00 (a B authorizes it, as a transfer of that amount
// needs), 1002 re-keys it blind (a mismatch first, refused), 2002 seals
// it, 3002 sends it to a signed file; each of them refused a second step
// of the same order, with the rule named.
func TestPaymentFourPeopleOnScreen(t *testing.T) {
	tm := newTerminal(t)
	dir := t.TempDir()
	signing := filepath.Join(dir, "bd.db.terminal.key")
	tm.svc.SetPayments(payfile.Key(filepath.Join(dir, "bd.db.payment.key"), false), payfile.Outbox(filepath.Join(dir, "out"), signing))

	v := tm.payScreen("1001")
	test.Type(v.payer, "4100000000000001")
	test.Type(v.payeeAcct, "6222020200001234")
	test.Type(v.payeeName, "上海示范贸易有限公司")
	test.Type(v.payeeBank, "102100099997")
	test.Type(v.amount, "150,000.00")
	test.Type(v.purpose, "货款")
	test.Tap(v.enter)
	wantContains(t, "a wrong bank code", v.message.Text, "校验位")
	retype(v.payeeBank, "102100099996")
	test.Tap(v.enter)
	if v.confirmYes == nil || findText(tm.a.win.Canvas().Overlays().Top(), "大　　写：人民币壹拾伍万元整") == nil {
		t.Fatal("no last look at the order before it posts")
	}
	press(v.confirmYes, fyne.KeyReturn)
	wantContains(t, "over the C limit", v.message.Text, "待授权")
	tm.authorize("2001", "pass2001", "")
	wantContains(t, "after 录入", v.message.Text, "已录入并记账")
	if len(v.list) != 1 || cellText(v.table, 0, 7) != payment.Hidden || cellText(v.table, 0, 5) != payment.Hidden ||
		cellText(v.table, 0, 8) != "待复核" || cellText(v.table, 0, 9) != "1001" {
		t.Fatalf("register after 录入: %d rows, amount %q payee %q state %q", len(v.list),
			cellText(v.table, 0, 7), cellText(v.table, 0, 5), cellText(v.table, 0, 8))
	}
	if tm.balance("4100000000000001") != 5_000_000_00-150_000_00 {
		t.Fatalf("payer balance %s", tm.balance("4100000000000001"))
	}
	// The maker tries the 复核 of their own order.
	pickOrder(v, 0)
	test.Type(v.rekeyAmt, "150000")
	test.Type(v.rekeyAcct, "6222020200001234")
	test.Tap(v.check)
	wantContains(t, "the maker's 复核", v.message.Text, "违反第十一条")
	tm.logout()

	v = tm.payScreen("1002")
	pickOrder(v, 0)
	wantContains(t, "the selected order", v.selected.Text, "金额 ******")
	test.Type(v.rekeyAmt, "150000.01")
	test.Type(v.rekeyAcct, "6222020200001234")
	test.Tap(v.check)
	wantContains(t, "a blind mismatch", v.message.Text, "复核不符")
	if v.list[0].State() != payment.Entered || v.list[0].Mismatches() != 1 {
		t.Fatalf("after a mismatch: %s, %d", v.list[0].State(), v.list[0].Mismatches())
	}
	test.Type(v.rekeyAmt, "150,000.00")
	test.Type(v.rekeyAcct, "6222020200001234")
	test.Tap(v.check)
	wantContains(t, "复核", v.message.Text, "复核相符")
	test.Tap(v.seal)
	wantContains(t, "the checker's 编押", v.message.Text, "违反第十一条")
	tm.logout()

	v = tm.payScreen("2002")
	pickOrder(v, 0)
	if cellText(v.table, 0, 7) != "¥150,000.00" {
		t.Fatalf("amount after 复核: %q", cellText(v.table, 0, 7))
	}
	test.Tap(v.seal)
	wantContains(t, "编押", v.message.Text, "已编押")
	test.Tap(v.send)
	wantContains(t, "the encoder's 发送", v.message.Text, "违反第十一条")
	tm.logout()

	v = tm.payScreen("3002")
	// Before the 发送 the sealed order blocks the branch close.
	tm.a.ws.tabs.Select(tm.a.ws.cash.closeTab)
	blocked := false
	for _, b := range tm.a.ws.cash.closeDay.blockers {
		blocked = blocked || strings.Contains(b, "未发送")
	}
	if !blocked {
		t.Fatalf("the close lists %q without the sealed order", tm.a.ws.cash.closeDay.blockers)
	}
	tm.a.ws.tabs.Select(tm.a.ws.paymentsTab)
	test.Tap(v.send)
	wantContains(t, "发送", v.message.Text, "已发送批次 0101-20261123-001")
	o := v.list[0]
	if o.State() != payment.Sent || o.By(payment.Enter) != "1001" || o.By(payment.Check) != "1002" ||
		o.By(payment.Seal) != "2002" || o.By(payment.Send) != "3002" || cellText(v.table, 0, 8) != "已发送" {
		t.Fatalf("order after 发送: %+v", o)
	}
	key, _, err := bundle.LoadOrCreateKey(signing)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := payfile.Verify(filepath.Join(dir, "out", "PAY-0101-20261123-001.txt"), key.Public().(ed25519.PublicKey))
	if err != nil || len(lines) != 1 || lines[0].Amount != 150_000_00 || lines[0].Code != o.Code() {
		t.Fatalf("the sent file: %+v %v", lines, err)
	}
	var doc bytes.Buffer
	if err := v.writePDF(&doc); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, doc.Bytes())
	for _, want := range []string{"人民银行支付业务登记簿", "102100099996", "¥150,000.00", "已发送", "0101-20261123-001"} {
		wantContains(t, "the register PDF", text, want)
	}
}
