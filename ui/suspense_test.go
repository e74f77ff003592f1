package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/storage/demo"
	"branchdesk/ui/uitext"
)

// shortInSuspense has 1002 (signed in at another PC) end the day ¥100.00
// short, put in suspense on 2002's and 3001's signatures.
func (tm *terminal) shortInSuspense() int64 {
	tm.t.Helper()
	ctx := context.Background()
	sess, err := tm.svc.Login(ctx, "1002", "pass1002")
	if err != nil {
		tm.t.Fatal(err)
	}
	if err := tm.svc.SignIn(ctx, sess, nil); err != nil {
		tm.t.Fatal(err)
	}
	tm.issueCash("1002", cash.Count{"N100": 10})
	b := counter.Credential{UserID: "2002", Password: "pass2002", Approve: true}
	a := counter.Credential{UserID: "3001", Password: "pass3001", Approve: true}
	bal, err := tm.svc.BalanceBox(ctx, sess, counter.BalanceInput{Count: cash.Count{"N100": 9}, Reason: "点钞差错", SignB: &b, ApproveA: &a})
	if err != nil {
		tm.t.Fatal(err)
	}
	return bal.SuspenseEntry
}

// TestSuspenseScreenResolvesInParts: 挂账管理 lists the shortage with its
// age; the teller selects it, finds ¥40.00 of it with a B and an A, is
// refused one fen above the ¥60.00 still open, then clears it exactly.
func TestSuspenseScreenResolvesInParts(t *testing.T) {
	tm := newTerminal(t)
	item := tm.shortInSuspense()
	ws := tm.signedIn("1001")
	ws.tabs.Select(ws.cash.suspenseTab)
	v := ws.cash.suspense
	if len(v.items) != 1 || cellText(v.table, 0, 0) != "#"+fmt.Sprint(item) || cellText(v.table, 0, 6) != "¥100.00" || cellText(v.table, 0, 7) != "0" {
		t.Fatalf("register: %d items, %q %q %q", len(v.items), cellText(v.table, 0, 0), cellText(v.table, 0, 6), cellText(v.table, 0, 7))
	}
	v.table.Select(widget.TableCellID{Row: 0, Col: 0})
	wantContains(t, "chosen", v.chosen.Text, "短款挂账 ¥100.00")
	if strings.Join(v.way.Options, "、") != "短款找回、短款赔偿、短款核销" || v.amount.Text != "100.00" {
		t.Fatalf("ways %v, amount %q", v.way.Options, v.amount.Text)
	}
	fill := func(amount, b, a string) {
		retype(v.amount, amount)
		retype(v.reason, "次日清点找回")
		v.typed(b, a)
	}
	// The A refuses after the B signed: nothing is resolved.
	fill("40", "2001", "3001")
	test.Type(v.why, "找回款未见实物")
	test.Tap(v.refuseA)
	wantContains(t, "the A's refusal", v.message.Text, "A级 3001 王五，原因：找回款未见实物")
	if v.signB.Text != "" || v.passB.Text != "" || v.why.Text != "" || cellText(v.table, 0, 6) != "¥100.00" {
		t.Fatalf("after the A's refusal: %q %q, open %q", v.signB.Text, v.why.Text, cellText(v.table, 0, 6))
	}
	fill("40", "2001", "3001")
	press(v.passA, fyne.KeyReturn)
	wantContains(t, "message", v.message.Text, "挂账处理成功：短款找回")
	if v.message.Importance != widget.SuccessImportance || v.passA.Text != "" || cellText(v.table, 0, 6) != "¥60.00" {
		t.Fatalf("after ¥40: %q, open %q", v.message.Text, cellText(v.table, 0, 6))
	}

	fill("60.01", "2001", "3001")
	test.Tap(v.resolve)
	wantContains(t, "one fen above", v.message.Text, ledger.ErrOverOpen.Error())
	if v.message.Importance != widget.WarningImportance || cellText(v.table, 0, 6) != "¥60.00" {
		t.Fatalf("refused, yet: %q", cellText(v.table, 0, 6))
	}
	fill("60", "2002", "3002")
	test.Tap(v.resolve)
	wantContains(t, "exact", v.message.Text, "挂账处理成功")
	if len(v.items) != 0 {
		t.Fatalf("a cleared item is still listed: %d", len(v.items))
	}
	test.Tap(v.all)
	if len(v.items) != 1 || cellText(v.table, 0, 5) != "¥100.00" || cellText(v.table, 0, 6) != "¥0.00" {
		t.Fatalf("register with cleared items: %d", len(v.items))
	}
}

// TestSuspenseListedAtBranchClose: the 网点平账 screen lists an open
// suspense item with its age, and what blocks the close does not name it.
func TestSuspenseListedAtBranchClose(t *testing.T) {
	tm := newTerminal(t)
	item := tm.shortInSuspense()
	ws := tm.signedIn("3001")
	ws.tabs.Select(ws.cash.closeTab)
	c := ws.cash.closeDay
	wantContains(t, "close", c.suspense.Text, "未处理挂账 1 笔")
	wantContains(t, "close", c.suspense.Text, "挂账 #"+fmt.Sprint(item)+" 短款挂账 ¥100.00（柜员 1002，"+businessDate+"）已挂 0 天，未处理 ¥100.00，待上级批准")
	// The day's review lists the shortage's entry (短款挂账) until a B
	// reviews it; the open item itself is never a blocker.
	if slices.ContainsFunc(c.blockers, func(b string) bool {
		return strings.HasPrefix(b, "挂账") || strings.Contains(b, "未处理挂账")
	}) {
		t.Fatalf("suspense blocks the close: %v", c.blockers)
	}
}

// TestSuspenseWriteOffWaitsForUpperApproval: 第十四条 — the register shows
// each item's 上级批准; offering 核销 for an item the upper level has not
// approved says why and resolves nothing, the other ways stay open; once
// head office's approval has come, the item is written off.
func TestSuspenseWriteOffWaitsForUpperApproval(t *testing.T) {
	tm := newTerminal(t)
	item := tm.shortInSuspense()
	ws := tm.signedIn("1001")
	ws.tabs.Select(ws.cash.suspenseTab)
	v := ws.cash.suspense
	if got := cellText(v.table, 0, 9); got != "待上级批准" {
		t.Fatalf("上级批准 of an undecided item: %q", got)
	}
	v.table.Select(widget.TableCellID{Row: 0, Col: 0})
	wantContains(t, "chosen", v.chosen.Text, "上级批准：待上级批准")
	v.way.SetSelected("短款核销")
	wantContains(t, "核销 offered", v.message.Text, counter.ErrWriteOffUnapproved.Error())
	if !v.resolve.Disabled() || v.message.Importance != widget.WarningImportance {
		t.Fatal("核销 of an undecided item can be tapped")
	}
	retype(v.reason, "无法查明")
	v.typed("2002", "3002")
	press(v.passA, fyne.KeyReturn)
	if cellText(v.table, 0, 6) != "¥100.00" {
		t.Fatalf("written off before approval: open %q", cellText(v.table, 0, 6))
	}
	v.way.SetSelected("短款找回")
	if v.resolve.Disabled() || v.message.Text != "" {
		t.Fatalf("找回 after 核销 was offered: disabled %v, %q", v.resolve.Disabled(), v.message.Text)
	}

	if _, err := demo.UpperDecision(context.Background(), tm.db, item, true); err != nil {
		t.Fatal(err)
	}
	test.Tap(ws.refreshAll)
	if got := cellText(v.table, 0, 9); got != "已批准（刘明，批复文号 运管批〔2026〕12号）" {
		t.Fatalf("上级批准 of an approved item: %q", got)
	}
	v.table.Select(widget.TableCellID{Row: 0, Col: 0})
	v.way.SetSelected("短款核销")
	if v.resolve.Disabled() || v.message.Text != "" {
		t.Fatalf("核销 of an approved item: disabled %v, %q", v.resolve.Disabled(), v.message.Text)
	}
	retype(v.reason, "无法查明")
	v.typed("2002", "3002")
	test.Tap(v.resolve)
	wantContains(t, "written off", v.message.Text, "挂账处理成功：短款核销")
	if len(v.items) != 0 || v.chosen.Text != "暂无挂账" {
		t.Fatalf("the written-off item is still open: %d, %q", len(v.items), v.chosen.Text)
	}
}

// TestEnglishSuspenseUpperApproval: in English the register's 上级批准 and
// the reason 核销 waits read in English.
func TestEnglishSuspenseUpperApproval(t *testing.T) {
	tm := englishTerminal(t, "1001")
	tm.shortInSuspense()
	ws := tm.a.ws
	ws.tabs.Select(ws.cash.suspenseTab)
	v := ws.cash.suspense
	if got := cellText(v.table, 0, 9); got != "awaiting upper-level approval" {
		t.Fatalf("上级批准 in English: %q", got)
	}
	v.table.Select(widget.TableCellID{Row: 0, Col: 0})
	v.way.SetSelectedIndex(2)
	wantContains(t, "核销 offered", v.message.Text, "A write-off needs the upper-level business management department's approval")
	wantContains(t, "chosen", v.chosen.Text, "; upper-level approval: awaiting upper-level approval")
	if uitext.HasHan(v.message.Text) {
		t.Errorf("Chinese in English: %q", v.message.Text)
	}
}
