package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// pickSeal selects the register row whose number is no.
func pickSeal(t *testing.T, v *sealsView, no string) {
	t.Helper()
	r := row(v.table, len(v.items), 1, no)
	if r < 0 {
		t.Fatalf("seal %s not listed", no)
	}
	v.table.Select(widget.TableCellID{Row: r, Col: 0})
}

// TestSealScreen: 印章管理 lists the demo register with keepers; the
// keeper hands a 现金讫章 over with both passwords, checks a 转讫章 for
// the day with a B confirming, and a hand-over to a keeper the rules
// forbid is refused naming the rule (第十二条、第十一条).
func TestSealScreen(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("1001")
	ws.tabs.Select(ws.cash.sealsTab)
	v := ws.cash.seals
	if len(v.items) != 15 {
		t.Fatalf("register lists %d items", len(v.items))
	}
	if got := cellText(v.table, 0, 0) + " " + cellText(v.table, 0, 3); got != "业务专用章 2001 李四" {
		t.Fatalf("first row %q", got)
	}

	pickSeal(t, v, "YW-0101-01")
	wantContains(t, "someone else's seal", v.selected.Text, "只有保管人本人可以交接、核对")
	if !v.handOver.Disabled() {
		t.Fatal("交接 offered for a seal the teller does not keep")
	}

	pickSeal(t, v, "XJ-0101-01")
	test.Type(v.to, "1002")
	press(v.to, fyne.KeyReturn)
	test.Type(v.ownPass, "pass1001")
	press(v.ownPass, fyne.KeyReturn)
	test.Type(v.toPass, "wrong-pw")
	press(v.toPass, fyne.KeyReturn)
	wantContains(t, "wrong receiver password", v.message.Text, "交接未办理：接收人：")
	if v.message.Importance != widget.WarningImportance {
		t.Fatalf("refusal shown as %v", v.message.Importance)
	}
	test.Type(v.ownPass, "pass1001")
	test.Type(v.toPass, "pass1002")
	test.Tap(v.handOver)
	wantContains(t, "hand-over", v.message.Text, "已交接：现金讫章 XJ-0101-01 交由 1002 王芳 保管")
	if got := cellText(v.table, row(v.table, len(v.items), 1, "XJ-0101-01"), 3); got != "1002 王芳" {
		t.Fatalf("keeper column %q", got)
	}

	pickSeal(t, v, "ZZ-0101-01")
	test.Type(v.confirmer, "1002")
	test.Type(v.confirmPw, "pass1002")
	test.Tap(v.check)
	wantContains(t, "a clerk confirming", v.message.Text, "印章核对须由B级或A级柜员确认")
	retype(v.confirmer, "2001")
	press(v.confirmer, fyne.KeyReturn)
	test.Type(v.confirmPw, "pass2001")
	press(v.confirmPw, fyne.KeyReturn)
	wantContains(t, "check", v.message.Text, "已核对：转讫章 ZZ-0101-01 营业日 2026-11-23，2001 李四 确认")
	r := row(v.table, len(v.items), 1, "ZZ-0101-01")
	if cellText(v.table, r, 4) != businessDate || cellText(v.table, r, 5) != "已核对" || !v.check.Disabled() {
		t.Fatalf("after the check: %q %q", cellText(v.table, r, 4), cellText(v.table, r, 5))
	}
	tm.logout()

	// The vault keeper may not pass the business seal to the voucher keeper.
	ws = tm.signedIn("2001")
	ws.tabs.Select(ws.cash.sealsTab)
	v = ws.cash.seals
	pickSeal(t, v, "YW-0101-01")
	retype(v.to, "2002")
	test.Type(v.ownPass, "pass2001")
	test.Type(v.toPass, "pass2002")
	test.Tap(v.handOver)
	wantContains(t, "wrong keeper", v.message.Text, "重要空白凭证保管人不能保管业务专用章")

	// The close lists what is not checked today, without blocking on it.
	ws.tabs.Select(ws.cash.closeTab)
	c := ws.cash.closeDay
	if len(c.unchecked) != 14 {
		t.Fatalf("close lists %d unchecked seals", len(c.unchecked))
	}
	wantContains(t, "close list", c.unchecked[0], "印章今日未核对：业务专用章 YW-0101-01，保管人 2001 李四")
}

// TestSealRegisterScreen: an A registers a new item with its first
// keeper; a keeper the rules forbid is refused by name; a B has no form.
func TestSealRegisterScreen(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("2001")
	ws.tabs.Select(ws.cash.sealsTab)
	if ws.cash.seals.register != nil {
		t.Fatal("a B is offered the registration form")
	}
	tm.logout()
	ws = tm.signedIn("3001")
	ws.tabs.Select(ws.cash.sealsTab)
	v := ws.cash.seals
	f := v.register
	f.kind.SetSelected("业务专用章")
	test.Type(f.no, "YW-0101-02")
	test.Type(f.keeper, "2002")
	press(f.keeper, fyne.KeyReturn)
	wantContains(t, "voucher keeper", v.message.Text, "未登记：重要空白凭证保管人不能保管业务专用章")
	retype(f.keeper, "3002")
	test.Tap(f.add)
	wantContains(t, "registered", v.message.Text, "已登记：业务专用章 YW-0101-02，保管人 3002 刘洋")
	if len(v.items) != 16 || row(v.table, len(v.items), 1, "YW-0101-02") < 0 {
		t.Fatalf("register lists %d items", len(v.items))
	}
	f.kind.SetSelected("授权卡")
	test.Type(f.no, "SQK-A-03")
	f.level.SetSelected("A级")
	test.Type(f.keeper, "2002")
	test.Tap(f.add)
	wantContains(t, "card", v.message.Text, "A级授权卡不能由B级柜员 2002 赵敏 保管")
}
