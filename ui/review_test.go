package ui

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/voucher"
	"branchdesk/storage/demo"
)

// rowOfEntry finds the row of entry id in a table whose column col shows
// "#id".
func rowOfEntry(t *testing.T, tb *widget.Table, rows, col int, id int64) int {
	t.Helper()
	want := "#" + strconv.FormatInt(id, 10)
	for r := 0; r < rows; r++ {
		if cellText(tb, r, col) == want {
			return r
		}
	}
	t.Fatalf("entry %s not in the table", want)
	return -1
}

// authorizedDeposit posts a ¥50,000.00 deposit to savings1 that 2001
// authorizes, at the C limit: a late review and an exception for 事后监督.
func (tm *terminal) authorizedDeposit() ledger.Entry {
	tm.t.Helper()
	b := tm.key(savings1, "50000")
	test.Tap(b.submit)
	confirmed(tm.t, b)
	tm.authorize("2001", "pass2001", "")
	es := tm.journal(tm.a.sess)
	dep := es[len(es)-1]
	if dep.AuthB != "2001" || dep.Amount != 50_000_00 {
		tm.t.Fatalf("the deposit: %+v (%s)", dep, b.message.Text)
	}
	return dep
}

// TestReviewBeforeClose (第七条三、四): 1001 posts a ¥50,000.00 deposit that
// 2001 authorizes; 2001 may not review it; the close is refused while it
// and the journals wait; a different B (2002) ticks it in 复核监督,
// supervises 1001's day once its exceptions are seen and the vault
// keeper's entry by item; then the close goes through.
func TestReviewBeforeClose(t *testing.T) {
	tm := newTerminal(t)
	ctx := context.Background()
	ws := tm.signedIn("1001")
	if ws.review != nil {
		t.Fatal("a clerk has the 复核监督 tab")
	}
	dep := tm.authorizedDeposit()
	if _, err := tm.svc.BalanceBox(ctx, tm.a.sess, counter.BalanceInput{Count: cash.Count{"N100": 500}}); err != nil {
		t.Fatal(err)
	}
	tm.sealed(tm.a.sess)
	if err := tm.svc.SignOut(ctx, tm.a.sess); err != nil {
		t.Fatal(err)
	}
	tm.logout()
	tm.keepersDone()

	// The authorizer opens 复核监督: listed, but not theirs to review.
	tm.login("2001", "pass2001")
	ws = tm.a.ws
	ws.tabs.Select(ws.reviewTab)
	v := ws.review
	row := rowOfEntry(t, v.lateTable, len(v.late), 1, dep.ID)
	if got := cellText(v.lateTable, row, 5); got != "¥50,000.00" {
		t.Fatalf("amount cell %q", got)
	}
	v.lateTable.Select(widget.TableCellID{Row: row, Col: 0})
	test.Tap(v.tick)
	wantContains(t, "authorizer's tick", v.message.Text, counter.ErrReviewAuthorized.Error())
	tm.logout()

	// 2002 closes: refused, with what is left counted (by an A: the
	// three-way check is the manager's).
	tm.login("2002", "pass2002")
	ws = tm.a.ws
	ws.tabs.Select(ws.cash.closeTab)
	cv := ws.cash.closeDay
	tm.managerCounted(map[string]int64{voucher.CashCheque: 50, voucher.TransferCheque: 50, voucher.Passbook: 20})
	test.Tap(cv.check)
	wantContains(t, "review count", cv.reviews.Text, "滞后复核未复核 2 笔")
	wantContains(t, "review count", cv.reviews.Text, "事后监督未监督 2 笔")
	joined := strings.Join(cv.blockers, "\n")
	if !strings.Contains(joined, "滞后复核：#"+strconv.FormatInt(dep.ID, 10)) || len(cv.blockers) != 4 {
		t.Fatalf("blockers before the reviews:\n%s", joined)
	}
	if !cv.close.Disabled() {
		t.Fatal("平账 is active before the reviews")
	}
	cv.askClose()
	wantContains(t, "refusal", cv.message.Text, counter.ErrBranchBlocked.Error())

	// 复核监督: tick both authorized items.
	ws.tabs.Select(ws.reviewTab)
	v = ws.review
	wantContains(t, "late summary", v.lateSum.Text, "未复核 2 笔")
	for _, it := range append([]counter.LateItem(nil), v.late...) {
		r := rowOfEntry(t, v.lateTable, len(v.late), 1, it.Entry.ID)
		v.lateTable.Select(widget.TableCellID{Row: r, Col: 0})
		test.Tap(v.tick)
		wantContains(t, "tick", v.message.Text, "已复核：#"+strconv.FormatInt(it.Entry.ID, 10))
	}
	wantContains(t, "late summary", v.lateSum.Text, "未复核 0 笔")
	if got := cellText(v.lateTable, 0, 7); !strings.HasPrefix(got, "已复核（2002）") {
		t.Fatalf("state cell %q", got)
	}

	// 事后监督: 1001's day at once, after its exception is seen.
	r := rowOfEntry(t, v.supTable, len(v.rows), 1, dep.ID)
	if got := cellText(v.supTable, r, 6); !strings.Contains(got, "大额现金") || !strings.Contains(got, "授权业务") {
		t.Fatalf("exceptions cell %q", got)
	}
	if got := cellText(v.supTable, r, 5); got != "¥50,000.00" {
		t.Fatalf("amount cell %q", got)
	}
	v.supTable.Select(widget.TableCellID{Row: r, Col: 0})
	test.Tap(v.day)
	wantContains(t, "whole day unseen", v.message.Text, counter.ErrExceptionNotSeen.Error())
	test.Tap(v.see)
	if got := cellText(v.supTable, r, 7); got != "已查看" {
		t.Fatalf("seen cell %q", got)
	}
	test.Tap(v.day)
	wantContains(t, "whole day", v.message.Text, "已完成整日监督：柜员 1001")
	// The vault keeper's funding, item by item.
	for i, x := range v.rows {
		if x.e.By == "" {
			v.supTable.Select(widget.TableCellID{Row: i, Col: 0})
			test.Tap(v.item)
			wantContains(t, "item", v.message.Text, "已监督：#")
			break
		}
	}
	wantContains(t, "supervision summary", v.supSum.Text, "未监督 0 笔")

	// The close now goes through.
	ws.tabs.Select(ws.cash.closeTab)
	test.Tap(cv.check)
	if len(cv.blockers) != 0 {
		t.Fatalf("after the reviews: %v", cv.blockers)
	}
	wantContains(t, "review count", cv.reviews.Text, "滞后复核未复核 0 笔")
	test.Tap(cv.close)
	if cv.confirm == nil {
		t.Fatal("平账 does not ask to confirm")
	}
	test.Tap(cv.confirm)
	wantContains(t, "close", cv.message.Text, "新营业日 2026-11-24")
}

// TestReviewQueryAndNextMorning: a query with its reason stays open (no
// tick) until answered with a note; with supervision_next_morning on the
// close goes through with the journals unsupervised, and the next
// morning 1001's 签到 is refused, naming the day, until a B supervises it.
func TestReviewQueryAndNextMorning(t *testing.T) {
	tm := newTerminal(t)
	ctx := context.Background()
	if err := tm.svc.SetSetting(ctx, counter.CommandLine(), counter.SettingSupervisionNextMorning, "on"); err != nil {
		t.Fatal(err)
	}
	tm.signedIn("1001")
	b := tm.key(savings1, "50000")
	test.Tap(b.submit)
	confirmed(t, b)
	tm.authorize("2001", "pass2001", "")
	if _, err := tm.svc.BalanceBox(ctx, tm.a.sess, counter.BalanceInput{Count: cash.Count{"N100": 500}}); err != nil {
		t.Fatal(err)
	}
	tm.sealed(tm.a.sess)
	if err := tm.svc.SignOut(ctx, tm.a.sess); err != nil {
		t.Fatal(err)
	}
	tm.logout()
	tm.keepersDone()

	tm.login("2002", "pass2002")
	ws := tm.a.ws
	ws.tabs.Select(ws.reviewTab)
	v := ws.review
	pick := func() {
		for i, it := range v.late {
			if it.Entry.Teller == "1001" {
				v.lateTable.Select(widget.TableCellID{Row: i, Col: 1})
				return
			}
		}
		t.Fatal("the deposit is not in the list")
	}
	pick()
	test.Tap(v.query)
	wantContains(t, "query without reason", v.message.Text, counter.ErrQueryReason.Error())
	test.Type(v.lateNote, "凭证缺客户签字")
	test.Tap(v.query)
	wantContains(t, "query", v.message.Text, "已提出查询")
	pick()
	if !v.tick.Disabled() || v.answer.Disabled() {
		t.Fatal("an open query can be ticked, or not answered")
	}
	test.Type(v.lateNote, "客户已补签")
	test.Tap(v.answer)
	wantContains(t, "answer", v.message.Text, "查询已答复关闭")
	for i, it := range v.late {
		if !it.Done() {
			v.lateTable.Select(widget.TableCellID{Row: i, Col: 1})
			test.Tap(v.tick)
		}
	}
	wantContains(t, "late summary", v.lateSum.Text, "未复核 0 笔")

	// The close does not wait for 事后监督.
	ws.tabs.Select(ws.cash.closeTab)
	cv := ws.cash.closeDay
	tm.managerCounted(map[string]int64{voucher.CashCheque: 50, voucher.TransferCheque: 50, voucher.Passbook: 20})
	test.Tap(cv.check)
	wantContains(t, "review count", cv.reviews.Text, "事后监督未监督 2 笔（次日上午监督")
	if len(cv.blockers) != 0 {
		t.Fatalf("next-morning close blocked: %v", cv.blockers)
	}
	test.Tap(cv.close)
	test.Tap(cv.confirm)
	wantContains(t, "close", cv.message.Text, "新营业日 2026-11-24")
	tm.logout()

	// The next morning.
	tm.login("1001", "pass1001")
	test.Tap(tm.a.ws.signIn)
	wantContains(t, "sign-in refusal", confirmText(tm), "上一营业日 "+businessDate+" 的柜员流水尚未完成事后监督")
	if got := tm.a.ws.status.state.Text; got == "状态 已签到" {
		t.Fatal("signed in before supervision")
	}
	tm.a.closeModal(tm.a.topModal())
	tm.logout()
	tm.login("2002", "pass2002")
	ws = tm.a.ws
	ws.tabs.Select(ws.reviewTab)
	wantContains(t, "supervision day", ws.review.supSum.Text, "事后监督：营业日 "+businessDate)
	if _, days, err := demo.ReviewDay(ctx, tm.svc); err != nil || days != 2 {
		t.Fatalf("supervised %d days: %v", days, err)
	}
	tm.logout()
	tm.signedIn("1001")
}

// managerCounted has the A 3001 record the close's physical voucher counts
// at another PC: the three-way check is the manager's, and a B closes on
// them.
func (tm *terminal) managerCounted(counts map[string]int64) {
	tm.t.Helper()
	ctx := context.Background()
	a, err := tm.svc.Login(ctx, "3001", "pass3001")
	if err != nil {
		tm.t.Fatal(err)
	}
	for code, n := range counts {
		if err := tm.svc.RecordCloseCount(ctx, a, code, n); err != nil {
			tm.t.Fatal(err)
		}
	}
}
