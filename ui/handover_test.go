package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"branchdesk/domain/money"
	"branchdesk/domain/staff"
	"branchdesk/domain/voucher"
)

// TestHandOverPendingAcrossTerminals: the vault keeper at one PC hands
// cash to teller 1001 at another; nothing moves until 1001 confirms with
// their password in 我的凭证 at their own PC. A refused and a cancelled
// hand-over leave nothing; blank vouchers go the same way.
func TestHandOverPendingAcrossTerminals(t *testing.T) {
	ctx := context.Background()
	pc1 := newTerminal(t)
	pc2 := terminalOn(t, pc1.db0, "0101-T02")
	tws := pc2.signedIn("1001")
	kws := pc1.signedIn("2001")

	kws.tabs.Select(kws.cash.vaultTab)
	v := kws.cash.vault
	offer := func(notes, amount string) {
		t.Helper()
		retype(v.party, "1001")
		retype(v.grid.field("N100"), notes)
		retype(v.amount, amount)
		test.Tap(v.handOver)
		wantContains(t, "offer", v.message.Text, "已发起交接")
	}
	offer("100", "10000")
	wantContains(t, "keeper's pending list", cellText(v.pending.table, 0, 1), "100元纸币×100")
	if got := cellText(v.stockTable, 0, 1); got != "19000" {
		t.Fatalf("vault shows %s hundreds while the hand-over is pending", got)
	}

	tws.tabs.Select(tws.cash.mineTab)
	p := tws.cash.mine.pending
	if len(p.list) != 1 {
		t.Fatalf("teller sees %d pending hand-overs", len(p.list))
	}
	wantContains(t, "teller's pending list", cellText(p.table, 0, 1), "现金 领入钱箱 ¥10,000.00")
	box := func() money.Amount {
		bal, err := pc2.svc.BoxBalance(ctx, pc2.a.sess, "1001")
		if err != nil {
			t.Fatal(err)
		}
		return bal
	}
	if box() != 0 {
		t.Fatalf("box holds %s while pending", box())
	}
	test.Tap(p.confirm)
	d := p.dialog
	if d == nil || !pc2.dialogOpen() {
		t.Fatal("no password dialog")
	}
	test.Type(d.pass, "wrong-pw1")
	press(d.pass, fyne.KeyReturn)
	if d.message.Text != staff.ErrWrongPassword.Error() || !pc2.dialogOpen() {
		t.Fatalf("wrong password: %q", d.message.Text)
	}
	test.Type(d.pass, "pass1001")
	press(d.pass, fyne.KeyReturn)
	if pc2.dialogOpen() {
		t.Fatalf("dialog still open: %q", d.message.Text)
	}
	wantContains(t, "confirmed", p.message.Text, "已确认接收交接")
	if box() != 10_000_00 || len(p.list) != 0 {
		t.Fatalf("after confirming: box %s, %d pending", box(), len(p.list))
	}
	test.Tap(v.pending.reload)
	if len(v.pending.list) != 0 {
		t.Fatal("the keeper still lists the confirmed hand-over")
	}
	v.refresh()
	if got := cellText(v.stockTable, 0, 1); got != "18900" {
		t.Fatalf("vault shows %s hundreds after the confirmation", got)
	}

	// Refused at the teller's PC, cancelled at the keeper's: nothing moves.
	offer("50", "5000")
	test.Tap(p.reload)
	test.Tap(p.refuse)
	wantContains(t, "refusal without reason", p.message.Text, "拒绝交接须填写原因")
	retype(p.reason, "金额不对")
	press(p.reason, fyne.KeyReturn)
	wantContains(t, "refused", p.message.Text, "已拒绝交接")
	offer("20", "2000")
	retype(v.pending.reason, "点错了")
	test.Tap(v.pending.cancel)
	wantContains(t, "cancelled", v.pending.message.Text, "已撤销交接")
	test.Tap(p.reload)
	if box() != 10_000_00 || len(p.list) != 0 {
		t.Fatalf("after refusal and cancel: box %s, %d pending", box(), len(p.list))
	}

	// Blank vouchers from the voucher keeper at a third PC.
	pc3 := terminalOn(t, pc1.db0, "0101-T03")
	vws := pc3.signedIn("2002")
	vws.tabs.Select(vws.cash.keeperTab)
	k := vws.cash.keeper
	retype(k.issueFrom, "00000001")
	retype(k.issueTo, "00000010")
	retype(k.teller, "1001")
	test.Tap(k.offer)
	wantContains(t, "voucher offer", k.message.Text, "已发起交接")
	test.Tap(p.reload)
	wantContains(t, "voucher hand-over", cellText(p.table, 0, 1), "凭证 现金支票")
	test.Tap(p.confirm)
	test.Type(p.dialog.pass, "pass1001")
	test.Tap(p.dialog.ok)
	h, err := pc2.svc.VoucherHolding(ctx, pc2.a.sess, "1001", voucher.CashCheque)
	if err != nil || len(h.Ranges) != 1 || h.Ranges[0].Count() != 10 {
		t.Fatalf("teller holds %+v: %v", h.Ranges, err)
	}
}
