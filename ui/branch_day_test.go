package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/voucher"
	"branchdesk/storage/demo"
)

// TestBranchDayTwoCounters is a branch's day at two counter PCs on one
// branch database (a PostgreSQL server when the suite runs with
// BRANCHDESK_TEST_STORE=postgres, as make test does), every step on the
// screens: the vault keeper at PC 1 hands ¥10,000 to teller 1001 at PC 2,
// who confirms with their password and posts a cash deposit; the keepers
// count and sign out at PC 1; an A there sees the teller at PC 2 in the
// close checklist, which waits until the teller has balanced and signed
// out at PC 2 and until the day's business is reviewed and supervised
// (复核监督, at PC 1); the A closes the branch, and PC 2 signs the next
// teller into the next business day.
func TestBranchDayTwoCounters(t *testing.T) {
	ctx := context.Background()
	pc1 := newTerminal(t)
	pc2 := terminalOn(t, pc1.db0, "0101-T02")
	tws := pc2.signedIn("1001")
	kws := pc1.signedIn(demo.VaultKeeper)

	// Cash from the vault at PC 1, confirmed at PC 2.
	kws.tabs.Select(kws.cash.vaultTab)
	v := kws.cash.vault
	retype(v.party, "1001")
	retype(v.grid.field("N100"), "100")
	retype(v.amount, "10000")
	test.Tap(v.handOver)
	wantContains(t, "offer", v.message.Text, "已发起交接")
	tws.tabs.Select(tws.cash.mineTab)
	p := tws.cash.mine.pending
	test.Tap(p.reload)
	if len(p.list) != 1 {
		t.Fatalf("PC 2 sees %d pending hand-overs", len(p.list))
	}
	test.Tap(p.confirm)
	test.Type(p.dialog.pass, "pass1001")
	press(p.dialog.pass, fyne.KeyReturn)
	settle(t, pc2.a)
	wantContains(t, "confirmed", p.message.Text, "已确认接收交接")

	// A deposit at PC 2.
	tws.tabs.Select(tws.businessTab)
	b := tws.business
	b.kind.SetSelected(ledger.SavingsCashDeposit.Title())
	pc2.key("6217000000000003", "500.00")
	press(b.amount, fyne.KeyReturn)
	confirmed(t, b)
	wantContains(t, "deposit", b.result.Text+b.message.Text, "记账成功")
	if got := pc1.balance("6217000000000003"); got != 500_00 {
		t.Fatalf("PC 1 reads the account at %s", got)
	}

	// The vault keeper counts the vault (less the ¥10,000) and signs out
	// at PC 1, where the demo seeded both keepers' sign-ins; so does the
	// voucher keeper.
	v.tabs.Select(v.countTab)
	retype(v.count.field("N100"), "18900")
	retype(v.count.field("N50"), "2000")
	test.Tap(v.countSubmit)
	wantContains(t, "vault count", v.countResult.Text, "碰库相符")
	pc1.signOut(kws)
	pc1.logout()
	pc1.signOut(pc1.signedInAgain(demo.VoucherKeeper))
	pc1.logout()

	// PC 1's close checklist sees the teller still at PC 2.
	pc1.login("3001", "pass3001")
	aws := pc1.a.ws
	aws.tabs.Select(aws.cash.closeTab)
	c := aws.cash.closeDay
	if joined := strings.Join(c.blockers, "\n"); !strings.Contains(joined, "柜员 1001 张三 已签到，未正式签退") || strings.Contains(joined, "总库") {
		t.Fatalf("PC 1's checklist:\n%s", joined)
	}
	if !c.close.Disabled() {
		t.Fatal("平账 is active while the teller at PC 2 is signed in")
	}

	// The teller balances ¥10,500, has the box sealed and signs out at PC 2.
	z := pc2.dayEnd()
	wantContains(t, "expected", z.figures["expected"].Text, "¥10,500.00")
	press(z.toCount, fyne.KeyReturn)
	test.Type(z.grid.field("N100"), "105")
	test.Tap(z.balance)
	if z.step != stepSeal {
		t.Fatalf("balanced count: step %d, %q", z.step, z.message2.Text)
	}
	pc2.sealBox(z, "2002", "1")
	test.Tap(z.signOut)
	test.Tap(tws.signOutYes)
	if got := tws.status.state.Text; got != "状态 "+counter.DayClosed.Title() {
		t.Fatalf("after the sign-out PC 2 says %q", got)
	}
	pc2.logout()

	// The A at PC 1 reviews the day's authorized business (the vault's
	// funding) and supervises every teller's journal item by item.
	if !strings.Contains(strings.Join(c.blockers, "\n"), "未复核") {
		t.Fatalf("the close does not wait for 滞后复核:\n%s", strings.Join(c.blockers, "\n"))
	}
	aws.tabs.Select(aws.reviewTab)
	r := aws.review
	for i := range r.late {
		r.lateTable.Select(widget.TableCellID{Row: i, Col: 0})
		test.Tap(r.tick)
		wantContains(t, "tick", r.message.Text, "已复核")
	}
	for i := range r.rows {
		r.supTable.Select(widget.TableCellID{Row: i, Col: 0})
		test.Tap(r.item)
		wantContains(t, "supervised", r.message.Text, "已监督")
	}
	wantContains(t, "late", r.lateSum.Text, "未复核 0 笔")
	wantContains(t, "supervision", r.supSum.Text, "未监督 0 笔")
	aws.tabs.Select(aws.cash.closeTab)

	// The A counts the blank vouchers and closes the branch.
	test.Tap(c.check)
	for typ, n := range map[string]string{voucher.CashCheque: "50", voucher.TransferCheque: "50", voucher.Passbook: "20"} {
		retype(c.physical[typ], n)
	}
	test.Tap(c.check)
	if len(c.blockers) != 0 || c.close.Disabled() {
		t.Fatalf("everything done, the close is still blocked: %v", c.blockers)
	}
	test.Tap(c.close)
	test.Tap(c.confirm)
	wantContains(t, "close", c.message.Text, "新营业日 2026-11-24")

	// PC 2 signs the next teller into the new day.
	pc2.login("1002", "pass1002")
	if got := pc2.a.ws.status.date.Text; got != "营业日 2026-11-24" {
		t.Fatalf("PC 2 after the close shows %q", got)
	}
	es, err := pc1.svc.Journal(ctx, pc1.keeper("1001"), businessDate)
	if err != nil || len(es) != 1 || es[0].Amount != 500_00 || es[0].Teller != "1001" {
		t.Fatalf("the closed day's journal of 1001, read at PC 1: %+v, %v", es, err)
	}
}

// signedInAgain logs a user in who is already signed in for the day (the
// demo keepers are): the workspace, without signing in again.
func (tm *terminal) signedInAgain(id string) *workspace {
	tm.t.Helper()
	tm.login(id, "pass"+id)
	if tm.a.ws == nil {
		tm.t.Fatalf("login %s: %q", id, tm.a.login.message.Text)
	}
	return tm.a.ws
}

// signOut taps 正式签退 and its confirmation, and checks it took.
func (tm *terminal) signOut(ws *workspace) {
	tm.t.Helper()
	test.Tap(ws.signOut)
	test.Tap(ws.signOutYes)
	if got := ws.status.state.Text; got != "状态 "+counter.DayClosed.Title() {
		tm.t.Fatalf("sign-out: status %q, dialog %q", got, lastDialogText(tm))
	}
}
