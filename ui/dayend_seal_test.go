package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/voucher"
	"branchdesk/storage/demo"
)

// sealBox has checker seal the box at the wizard's 查库封箱 step, with
// vouchers accounting vouchers counted, and the wizard go on to 正式签退.
func (tm *terminal) sealBox(z *dayEndWizard, checker, vouchers string) {
	tm.t.Helper()
	s := z.sealStep
	if z.step != stepSeal {
		tm.t.Fatalf("the wizard is at step %d, not 查库封箱", z.step)
	}
	retype(s.checker, checker)
	retype(s.password, "pass"+checker)
	retype(s.vouchers, vouchers)
	retype(s.sealNo, "FQ"+checker)
	test.Tap(s.seal)
	if z.step != stepDone {
		tm.t.Fatalf("box not sealed: %q", s.message.Text)
	}
}

// sealed has a B or an A seal the balanced box of sess (查库封箱), for the
// tests that sign a teller out through the service.
func (tm *terminal) sealed(sess *counter.Session) {
	tm.t.Helper()
	if err := demo.SealBox(context.Background(), tm.svc, sess); err != nil {
		tm.t.Fatal(err)
	}
}

// TestDayEndSealBox walks 查库封箱 (第七条二.3): after the balance the
// wizard shows what is sealed; the teller cannot check their own box, a
// count of accounting vouchers one off is refused in Chinese without the
// system's figure, the right one seals, and then the teller signs out.
func TestDayEndSealBox(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("1001")
	z := tm.dayCounted(ws, "15")
	if z.step != stepSeal {
		t.Fatalf("after the balance: step %d, %q", z.step, z.message2.Text)
	}
	s := z.sealStep
	if tm.a.win.Canvas().Focused() != s.checker {
		t.Fatal("查库封箱 does not start at the checker's number")
	}
	wantContains(t, "title", z.title.Text, "查库封箱")
	wantContains(t, "balance", s.balanced.Text, "实点 ¥1,500.00")
	for _, want := range []string{"现金（实点）：¥1,500.00", "现金支票：在手 10 张", "现金讫章 XJ-0101-01", "转讫章 ZZ-0101-01", "名章 张三（1001）"} {
		wantContains(t, "what is sealed", s.what.Text, want)
	}
	if strings.Contains(s.what.Text, "授权卡") {
		t.Fatalf("an authority card among the seals: %q", s.what.Text)
	}

	// Sign-out before the seal is refused.
	test.Tap(ws.signOut)
	test.Tap(ws.signOutYes)
	wantContains(t, "sign-out before the seal", lastDialogText(tm), counter.ErrBoxNotSealed.Error())
	tm.a.escape()

	type1 := func(checker, pw, vouchers, no string) {
		retype(s.checker, checker)
		retype(s.password, pw)
		retype(s.vouchers, vouchers)
		retype(s.sealNo, no)
		press(s.sealNo, fyne.KeyReturn)
	}
	type1("1001", "pass1001", "1", "FQ0001")
	wantContains(t, "the teller checks", s.message.Text, counter.ErrSelfCheck.Error())
	if s.password.Text != "" {
		t.Fatal("the password stays in the form after a refusal")
	}
	type1("2002", "wrong", "1", "FQ0001")
	wantContains(t, "wrong password", s.message.Text, authz.ErrAuthorizerPassword.Error())
	for _, n := range []string{"0", "2"} {
		type1("2002", "pass2002", n, "FQ0001")
		if z.step != stepSeal || s.message.Text != counter.ErrPostedVouchers.Error() {
			t.Fatalf("%s vouchers counted: step %d, %q", n, z.step, s.message.Text)
		}
	}
	type1("2002", "pass2002", "x", "FQ0001")
	wantContains(t, "vouchers not a number", s.message.Text, "会计凭证张数须为零或正整数")
	if s.password.Text != "" {
		t.Fatal("the password stays in the form after a count that is no number")
	}
	// Leaving the step and coming back finds an empty form: the checker's
	// password never waits there for the teller.
	retype(s.checker, "2002")
	retype(s.password, "pass2002")
	test.Tap(s.again)
	if z.step == stepSeal || s.checker.Text != "" || s.password.Text != "" {
		t.Fatalf("重新轧账 leaves the checker in the form: step %d, %q %q", z.step, s.checker.Text, s.password.Text)
	}
	z.resumeSeal()
	if z.step != stepSeal || s.password.Text != "" {
		t.Fatalf("back at the seal: step %d, password %q", z.step, s.password.Text)
	}
	type1("2002", "pass2002", "1", "FQ-1")
	wantContains(t, "bad seal number", s.message.Text, counter.ErrSealNo.Error())

	type1("2002", "pass2002", "1", "FQ0001")
	if z.step != stepDone {
		t.Fatalf("right count not sealed: %q", s.message.Text)
	}
	wantContains(t, "result", z.result.Text, "已查库封箱：封签号 FQ0001，检查人 2002 赵敏，会计凭证 1 张")
	if tm.a.win.Canvas().Focused() != z.signOut {
		t.Fatal("after the seal the focus is not on 正式签退")
	}
	test.Tap(z.signOut)
	test.Tap(ws.signOutYes)
	if got := ws.status.state.Text; got != "状态 "+counter.DayClosed.Title() {
		t.Fatalf("after the sign-out the status bar says %q", got)
	}
}

// A balance made before and not sealed yet is sealed from step 1.
func TestDayEndSealLater(t *testing.T) {
	tm := newTerminal(t)
	tm.signedIn("1001")
	tm.issueCash("1001", cash.Count{"N100": 10})
	if _, err := tm.svc.BalanceBox(context.Background(), tm.a.sess, counter.BalanceInput{Count: cash.Count{"N100": 10}}); err != nil {
		t.Fatal(err)
	}
	z := tm.dayEnd()
	z.load()
	if z.toSeal.Hidden {
		t.Fatal("step 1 does not offer 查库封箱 for a balance not sealed")
	}
	test.Tap(z.toSeal)
	tm.sealBox(z, "3001", "0")
	z.load()
	if !z.toSeal.Hidden {
		t.Fatal("step 1 still offers 查库封箱 after the seal")
	}
}

// dayCounted has 1001 (signed in at ws) take ¥1,000.00 and ten cash
// cheques from the keepers, take in ¥500.00, and balance at day end with
// hundreds ¥100 notes counted.
func (tm *terminal) dayCounted(ws *workspace, hundreds string) *dayEndWizard {
	tm.t.Helper()
	tm.issueCash("1001", cash.Count{"N100": 10})
	tm.issueCheques("1001", 1, 10)
	tm.key(savings1, "500")
	press(ws.business.amount, fyne.KeyReturn)
	confirmed(tm.t, ws.business)
	z := tm.dayEnd()
	press(z.toCount, fyne.KeyReturn)
	test.Type(z.grid.field("N100"), hundreds)
	test.Type(z.vcounts[voucher.CashCheque], "10")
	test.Tap(z.balance)
	return z
}
