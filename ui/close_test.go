package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"branchdesk/domain/counter"
	"branchdesk/domain/voucher"
	"branchdesk/storage/demo"
)

// TestBranchClose: the checklist names what blocks the close, the close
// is refused while it does; once the keepers have counted and signed out
// and the vouchers are counted right, the close succeeds and the status
// bar shows the next business date.
func TestBranchClose(t *testing.T) {
	tm := newTerminal(t)
	ctx := context.Background()
	tm.login("3001", "pass3001")
	ws := tm.a.ws
	ws.tabs.Select(ws.cash.closeTab)
	v := ws.cash.closeDay
	joined := strings.Join(v.blockers, "\n")
	for _, want := range []string{"柜员 2001 李四 已签到，未正式签退", "柜员 2002 赵敏 已签到，未正式签退", "总库今日未碰库", "现金支票 未盘点实物"} {
		if !strings.Contains(joined, want) {
			t.Errorf("checklist lacks %q:\n%s", want, joined)
		}
	}
	wantContains(t, "status", v.status.Text, "不能平账")
	if len(v.list.Objects) != len(v.blockers) {
		t.Fatalf("%d blockers, %d lines shown", len(v.blockers), len(v.list.Objects))
	}
	// 平账 waits while anything blocks; pressed anyway (Enter on the
	// last count), it says why and promises nothing.
	if !v.close.Disabled() {
		t.Fatal("平账 is active while items block it")
	}
	v.askClose()
	if v.confirm != nil || tm.dialogOpen() {
		t.Fatal("a blocked close asks to confirm the end of the day")
	}
	wantContains(t, "refusal", v.message.Text, counter.ErrBranchBlocked.Error())
	wantContains(t, "status date", ws.status.date.Text, businessDate)

	// The keepers finish their day elsewhere.
	tm.keepersDone()
	// 第七条三、四: the demo's vault funding waits for 滞后复核 and the
	// keeper's journal for 事后监督 (TestReviewBeforeClose does them on screen).
	test.Tap(v.check)
	if len(v.blockers) != 5 || !strings.Contains(v.reviews.Text, "滞后复核未复核 1 笔") {
		t.Fatalf("after the keepers: blockers %v, reviews %q", v.blockers, v.reviews.Text)
	}
	if _, _, err := demo.ReviewDay(ctx, tm.svc); err != nil {
		t.Fatal(err)
	}
	test.Tap(v.check)
	if len(v.blockers) != 3 || len(v.order) != 3 {
		t.Fatalf("after the keepers: blockers %v, counts %v", v.blockers, v.order)
	}

	// The vouchers, one cheque short, then right.
	test.Type(v.physical[voucher.CashCheque], "49")
	test.Type(v.physical[voucher.TransferCheque], "50")
	press(v.physical[voucher.CashCheque], fyne.KeyReturn)
	if tm.a.win.Canvas().Focused() != v.physical[voucher.TransferCheque] {
		t.Fatal("Enter on a count does not move to the next")
	}
	test.Type(v.physical[voucher.Passbook], "20")
	press(v.physical[voucher.Passbook], fyne.KeyReturn)
	if len(v.blockers) != 1 || !strings.Contains(v.blockers[0], "现金支票 实物短 1 张") {
		t.Fatalf("one cheque short: %v", v.blockers)
	}
	retype(v.physical[voucher.CashCheque], "50")
	test.Tap(v.check)
	if len(v.blockers) != 0 {
		t.Fatalf("all done, still blocked: %v", v.blockers)
	}
	wantContains(t, "status", v.status.Text, "可以平账")
	if v.close.Disabled() {
		t.Fatal("平账 is not active once nothing blocks it")
	}
	test.Tap(v.close)
	if v.confirm == nil {
		t.Fatal("平账 does not ask to confirm")
	}
	test.Tap(v.confirm)
	wantContains(t, "close", v.message.Text, "新营业日 2026-11-24")
	if got := ws.status.date.Text; got != "营业日 2026-11-24" {
		t.Fatalf("after the close the status bar shows %q", got)
	}
	if v.reportDate.Text != businessDate {
		t.Fatalf("report date %q, want the day just closed", v.reportDate.Text)
	}
	name, write, err := tm.a.vaultReport(businessDate, businessDate)
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	if err := write(&pdf); err != nil || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) {
		t.Fatalf("vault report %s: %v", name, err)
	}
}

// keepersDone has the vault keeper count the vault as the demo opened it
// and both keepers sign out, elsewhere.
func (tm *terminal) keepersDone() {
	tm.t.Helper()
	ctx := context.Background()
	keeper := tm.keeper(demo.VaultKeeper)
	if _, _, err := tm.svc.CountVault(ctx, keeper, demo.VaultOpening); err != nil {
		tm.t.Fatal(err)
	}
	for _, s := range []*counter.Session{keeper, tm.keeper(demo.VoucherKeeper)} {
		if err := tm.svc.SignOut(ctx, s); err != nil {
			tm.t.Fatal(err)
		}
	}
}

// TestCloseCountsKeptAcrossUsers: voucher counts an A typed for the close
// are there when a B opens 网点平账 afterwards (at any PC: they are kept
// in the branch database), shown but not for her to type — the three-way
// check is the A's; a recount by an A at another PC shows, and an A's
// count typed again replaces the kept one.
func TestCloseCountsKeptAcrossUsers(t *testing.T) {
	tm := newTerminal(t)
	tm.login("3001", "pass3001")
	ws := tm.a.ws
	ws.tabs.Select(ws.cash.closeTab)
	v := ws.cash.closeDay
	if v.countNote.Visible() {
		t.Fatal("the A is told the counts are someone else's to type")
	}
	test.Type(v.physical[voucher.CashCheque], "49")
	test.Type(v.physical[voucher.Passbook], "20")
	test.Tap(v.check)
	tm.logout()

	tm.login("2001", "pass2001")
	ws = tm.a.ws
	ws.tabs.Select(ws.cash.closeTab)
	v = ws.cash.closeDay
	if got := v.physical[voucher.CashCheque].Text; got != "49" {
		t.Fatalf("the A's cheque count is gone for the B: %q", got)
	}
	if got := v.physical[voucher.Passbook].Text; got != "20" {
		t.Fatalf("the A's passbook count is gone for the B: %q", got)
	}
	if got := v.physical[voucher.TransferCheque].Text; got != "" {
		t.Fatalf("an uncounted type shows %q", got)
	}
	for code, f := range v.physical {
		if !f.Disabled() {
			t.Errorf("the B may type the %s count", code)
		}
	}
	if !v.countNote.Visible() || !strings.Contains(v.countNote.Text, "业务主管") {
		t.Fatalf("the B is not told whose counts these are: %q", v.countNote.Text)
	}
	if !strings.Contains(strings.Join(v.blockers, "\n"), "现金支票 实物短 1 张") {
		t.Fatalf("the kept count is not checked: %v", v.blockers)
	}
	// An A recounts at another PC meanwhile: the B's screen, filled from
	// the store, shows the recount.
	a2, err := tm.svc.Login(context.Background(), "3002", "pass3002")
	if err != nil {
		t.Fatal(err)
	}
	if err := tm.svc.RecordCloseCount(context.Background(), a2, voucher.Passbook, 19); err != nil {
		t.Fatal(err)
	}
	test.Tap(v.check)
	if got := v.physical[voucher.Passbook].Text; got != "19" {
		t.Fatalf("the recount at another PC is not shown: %q", got)
	}
	tm.logout()

	// The A, filled from the store, does not write 20 back over the
	// recount, and what the A types again is kept.
	tm.login("3001", "pass3001")
	ws = tm.a.ws
	ws.tabs.Select(ws.cash.closeTab)
	v = ws.cash.closeDay
	test.Tap(v.check)
	if kept, _ := tm.svc.CloseCounts(context.Background(), tm.a.sess); kept[voucher.Passbook].Counted != 19 || kept[voucher.Passbook].By != "3002" {
		t.Fatalf("the recount was written over: %+v", kept[voucher.Passbook])
	}
	retype(v.physical[voucher.CashCheque], "50")
	test.Tap(v.check)
	kept, err := tm.svc.CloseCounts(context.Background(), tm.a.sess)
	if err != nil || kept[voucher.CashCheque].Counted != 50 || kept[voucher.CashCheque].By != "3001" {
		t.Fatalf("the A's recount: %+v, %v", kept[voucher.CashCheque], err)
	}
}
