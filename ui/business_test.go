package ui

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
)

const (
	savings1 = "6217000000000001" // 张伟, ¥500,000.00
)

// TestTellerDay walks a clerk's day through the screens: a posting within
// the clerk's limit, one needing a B (with the wrong people trying first),
// one needing B then A with the blind re-key, a reversal from the journal
// with an A's approval, and the reversal register.
func TestTellerDay(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("1001")
	wantContains(t, "status teller", ws.status.teller.Text, "1001 张三")
	wantContains(t, "status level", ws.status.level.Text, "C 业务经办")
	wantContains(t, "status branch", ws.status.branch.Text, "0101 示范支行营业部")
	wantContains(t, "status date", ws.status.date.Text, businessDate)
	if tm.a.win.Canvas().Focused() != ws.business.account {
		t.Fatal("after sign-in the cursor is not in the account field")
	}
	// Nothing posted yet: the journal says so rather than asking to
	// choose from an empty table.
	ws.tabs.Select(ws.journalTab)
	if got := ws.journal.chosen.Text; got != "本营业日尚无流水" {
		t.Fatalf("the empty journal says %q", got)
	}
	ws.tabs.Select(ws.businessTab)
	sess := tm.a.sess
	b := ws.business
	if got := b.kind.Selected; got != ledger.SavingsCashDeposit.Title() {
		t.Fatalf("default kind %q", got)
	}
	if b.message.Text != "签到成功" || b.message.Importance != widget.SuccessImportance {
		t.Fatalf("after sign-in the form says %q in importance %v", b.message.Text, b.message.Importance)
	}

	// A refusal is in the warning colour, and goes with 新业务 or another kind.
	b.kind.SetSelected(ledger.SavingsCashWithdrawal.Title())
	tm.key(savings1, "1,000,000.00")
	press(b.amount, fyne.KeyReturn)
	confirmed(t, b)
	if !strings.HasPrefix(b.message.Text, ledger.ErrOverdraft.Error()) || b.message.Importance != widget.WarningImportance {
		t.Fatalf("overdraft: %q in importance %v", b.message.Text, b.message.Importance)
	}
	test.Tap(b.clear)
	if b.message.Text != "" {
		t.Fatalf("after 新业务 the form still says %q", b.message.Text)
	}
	tm.key(savings1, "1,000,000.00")
	press(b.amount, fyne.KeyReturn)
	confirmed(t, b)
	b.kind.SetSelected(ledger.SavingsCashDeposit.Title())
	if b.message.Text != "" {
		t.Fatalf("after another kind the form still says %q", b.message.Text)
	}

	// ¥49,999.99: within the clerk's limit, posted at once.
	tm.key(savings1, "49,999.99")
	if b.holder.Text != "张伟（储蓄账户）　正常　可用余额 ¥500,000.00" {
		t.Fatalf("holder shows %q", b.holder.Text)
	}
	if b.capital.Text != "人民币肆万玖仟玖佰玖拾玖元玖角玖分" {
		t.Fatalf("capital shows %q", b.capital.Text)
	}
	// Enter shows the business for a last look; Esc goes back, nothing
	// posted; Enter again and Enter on 确认 posts.
	press(b.amount, fyne.KeyReturn)
	if b.confirmYes == nil || !tm.dialogOpen() {
		t.Fatal("no last look before posting")
	}
	if tm.a.win.Canvas().Focused() != b.confirmYes {
		t.Fatal("the last look does not wait on 确认")
	}
	for _, want := range []string{"储蓄现金存款", savings1 + "　张伟", "¥49,999.99", "人民币肆万玖仟玖佰玖拾玖元玖角玖分"} {
		if !strings.Contains(confirmText(tm), want) {
			t.Fatalf("the last look lacks %q:\n%s", want, confirmText(tm))
		}
	}
	press(b.confirmYes, fyne.KeyEscape)
	if tm.dialogOpen() || b.confirmYes != nil || len(tm.journal(sess)) != 0 {
		t.Fatal("Esc on the last look did not go back with nothing posted")
	}
	if tm.a.win.Canvas().Focused() != b.amount {
		t.Fatal("after Esc the cursor is not back in the amount")
	}
	press(b.amount, fyne.KeyReturn)
	confirmed(t, b)
	if tm.dialogOpen() {
		t.Fatal("a dialog appeared for a posting within the clerk's limit")
	}
	es := tm.journal(sess)
	if len(es) != 1 || es[0].Seq != 1 || es[0].Amount != 49_999_99 || es[0].AuthB != "" {
		t.Fatalf("journal after the first posting: %+v", es)
	}
	wantContains(t, "result", b.result.Text, "流水号 000001")
	// The balance after the posting: 张伟's ¥500,000.00 plus ¥49,999.99.
	wantContains(t, "balance after", b.result.Text, "交易后余额 ¥549,999.99")
	wantContains(t, "result", b.result.Text, "人民币肆万玖仟玖佰玖拾玖元玖角玖分")
	if b.receipt.Disabled() {
		t.Fatal("保存回单 PDF is disabled after posting")
	}

	// ¥50,000.00: needs a B. The maker and a clerk are refused, then 2001 signs.
	tm.key(savings1, "50000")
	test.Tap(b.submit)
	confirmed(t, b)
	d := tm.a.auth
	if d == nil || !tm.dialogOpen() {
		t.Fatal("no authorization dialog for ¥50,000.00")
	}
	wantContains(t, "dialog reason", d.need.Text, "需B级授权")
	wantContains(t, "dialog reason", d.need.Text, "¥50,000.00")
	wantContains(t, "dialog summary", d.summary.Text, "¥50,000.00")
	wantContains(t, "dialog summary", d.summary.Text, "张伟")
	wantContains(t, "dialog stage", d.stage.Text, "B级")
	tm.authorize("1001", "pass1001", "")
	if d.message.Text != authz.ErrSelfAuthorization.Error() || tm.a.auth != d {
		t.Fatalf("maker authorizing: dialog says %q", d.message.Text)
	}
	wantContains(t, "refusal", d.message.Text, "经办人不能为自己办理的业务授权")
	tm.authorize("1002", "pass1002", "")
	wantContains(t, "refusal", d.message.Text, "C级柜员")
	wantContains(t, "refusal", d.message.Text, "无授权权限")
	tm.authorize("2001", "wrong-pw1", "")
	if d.message.Text != authz.ErrAuthorizerPassword.Error() {
		t.Fatalf("wrong password: dialog says %q", d.message.Text)
	}
	tm.authorize("2001", "pass2001", "")
	if tm.a.auth != nil || tm.dialogOpen() {
		t.Fatal("dialog still open after the B signed")
	}
	es = tm.journal(sess)
	if len(es) != 2 || es[1].Seq != 2 || es[1].AuthB != "2001" || es[1].AuthA != "" {
		t.Fatalf("journal after the B-authorized posting: %+v", es[len(es)-1])
	}
	wantContains(t, "result", b.result.Text, "B级授权 2001 李四")

	// ¥200,000.00: B then A, re-keyed blind.
	tm.key(savings1, "200000")
	press(b.amount, fyne.KeyReturn)
	confirmed(t, b)
	d = tm.a.auth
	if d == nil {
		t.Fatal("no authorization dialog for ¥200,000.00")
	}
	wantContains(t, "dialog reason", d.need.Text, "需B级、A级二次授权")
	if strings.Contains(d.summary.Text, "200,000") || strings.Contains(d.summary.Text, "贰拾万") {
		t.Fatalf("blind dialog shows the amount: %q", d.summary.Text)
	}
	if b.form.Visible() {
		t.Fatal("the business form (with the amount) stays visible behind a blind authorization")
	}
	tm.authorize("2001", "pass2001", "200001")
	if d.message.Text != authz.ErrAmountMismatch.Error() {
		t.Fatalf("mismatched re-key: dialog says %q", d.message.Text)
	}
	tm.authorize("2001", "pass2001", "200000")
	if tm.a.auth != d || d.message.Text != "" {
		t.Fatalf("after the B: dialog open %v, message %q", tm.a.auth == d, d.message.Text)
	}
	wantContains(t, "dialog stage", d.stage.Text, "A级")
	wantContains(t, "dialog signed", d.signed.Text, "2001 李四")
	tm.authorize("2001", "pass2001", "200000")
	if d.message.Text != authz.ErrSameAuthorizer.Error() {
		t.Fatalf("B signing as A: dialog says %q", d.message.Text)
	}
	tm.authorize("3001", "pass3001", "200000")
	if tm.a.auth != nil || tm.dialogOpen() {
		t.Fatal("dialog still open after the A signed")
	}
	if !b.form.Visible() {
		t.Fatal("the business form stays hidden after the authorization")
	}
	es = tm.journal(sess)
	big := es[len(es)-1]
	if len(es) != 3 || big.Seq != 3 || big.Amount != 200_000_00 || big.AuthB != "2001" || big.AuthA != "3001" {
		t.Fatalf("journal after the B+A posting: %+v", big)
	}
	if got, want := tm.balance(savings1), money.Amount(500_000_00+49_999_99+50_000_00+200_000_00); got != want {
		t.Fatalf("balance %v, want %v", got, want)
	}

	// The receipt of the last posting.
	var pdf bytes.Buffer
	if err := tm.a.writeReceipt(&pdf, *b.last); err != nil {
		t.Fatalf("receipt: %v", err)
	}
	if !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) {
		t.Fatalf("receipt is not a PDF: %.20q", pdf.String())
	}
	if r, err := tm.a.receiptOf(big); err != nil || r.Holder != "张伟" || r.Seq != 3 || len(r.Authorizers) != 2 || r.Maker != "1001 张三" ||
		r.BankName != "示范银行" || !r.BalanceKnown || r.Balance != 500_000_00+49_999_99+50_000_00+200_000_00 || r.CustomerSigns || r.Seal != "现金讫章" {
		t.Fatalf("receipt fields %+v, %v", r, err)
	}

	// The journal shows the three entries; reverse the big one.
	ws.tabs.Select(ws.journalTab)
	j := ws.journal
	if len(j.entries) != 3 {
		t.Fatalf("journal tab shows %d entries", len(j.entries))
	}
	if got := j.chosen.Text; got != "请在上表选择一笔交易" {
		t.Fatalf("the journal with entries says %q", got)
	}
	r := row(j.table, len(j.entries), 1, "000003")
	if r < 0 {
		t.Fatal("journal has no row with 流水号 000003")
	}
	if got := cellText(j.table, r, 7); got != "¥200,000.00" {
		t.Fatalf("amount cell %q", got)
	}
	if acct, err := tm.svc.Account(context.Background(), cellText(j.table, r, 4)); err != nil || cellText(j.table, r, 5) != acct.Holder {
		t.Fatalf("户名 cell %q for %+v, %v", cellText(j.table, r, 5), acct, err)
	}
	if got := cellText(j.table, r, 9); got != "B 2001 李四；A 3001 王五" {
		t.Fatalf("authorizers cell %q", got)
	}
	if !j.reverse.Disabled() {
		t.Fatal("冲正 enabled with nothing selected")
	}
	j.table.Select(widget.TableCellID{Row: r, Col: 0})
	test.Type(j.reason, "客户要求撤销")
	test.Tap(j.reverse)
	d = tm.a.auth
	if d == nil {
		t.Fatal("no approval dialog for the reversal")
	}
	wantContains(t, "reversal reason", d.need.Text, "需A级")
	tm.authorize("2001", "pass2001", "")
	if d.message.Text != counter.ErrReversalNeedsA.Error() {
		t.Fatalf("a B approving a reversal: dialog says %q", d.message.Text)
	}
	tm.authorize("3001", "pass3001", "")
	if tm.dialogOpen() {
		t.Fatal("dialog still open after the A approved the reversal")
	}
	wantContains(t, "journal message", j.message.Text, "冲正成功")
	if len(j.entries) != 4 {
		t.Fatalf("journal shows %d entries after the reversal", len(j.entries))
	}
	orig := row(j.table, 4, 1, "000003")
	rev := row(j.table, 4, 1, "000004")
	es = tm.journal(sess)
	reversal := es[len(es)-1]
	if reversal.Reverses != big.ID || reversal.AuthA != "3001" || reversal.Reason != "客户要求撤销" {
		t.Fatalf("reversal entry %+v", reversal)
	}
	if got, want := cellText(j.table, orig, 10), fmt.Sprintf("已冲正（#%d）", reversal.ID); got != want {
		t.Fatalf("original's mark %q, want %q", got, want)
	}
	if got, want := cellText(j.table, rev, 10), fmt.Sprintf("冲正原交易 #%d", big.ID); got != want {
		t.Fatalf("reversal's mark %q, want %q", got, want)
	}
	if got, want := tm.balance(savings1), money.Amount(500_000_00+49_999_99+50_000_00); got != want {
		t.Fatalf("balance after the reversal %v, want %v", got, want)
	}

	// The register lists the reversal with its reason and approver.
	ws.tabs.Select(ws.reversalsTab)
	rv := ws.reversals
	if len(rv.entries) != 1 {
		t.Fatalf("register shows %d reversals", len(rv.entries))
	}
	for col, want := range map[int]string{5: fmt.Sprintf("#%d", big.ID), 8: "¥200,000.00", 9: "客户要求撤销", 10: "3001 王五"} {
		if got := cellText(rv.table, 0, col); got != want {
			t.Fatalf("register column %s = %q, want %q", reversalColumns[col].title, got, want)
		}
	}
}

// TestAmountField checks the live validation: 大写 for a good amount, the
// parser's message for a bad one, the submit button only when all is known.
func TestAmountField(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("1001")
	b := ws.business
	tm.key(savings1, "50000")
	if b.capital.Text != "人民币伍万元整" {
		t.Fatalf("50000 shows %q", b.capital.Text)
	}
	if b.submit.Disabled() {
		t.Fatal("submit disabled for a good amount")
	}
	// Full-width figures from a Chinese input method are the same amount.
	retype(b.amount, "１２，３４５．６７")
	if b.capital.Text != money.Capital(1234567) || b.submit.Disabled() {
		t.Fatalf("full-width 12,345.67 shows %q, submit disabled %v", b.capital.Text, b.submit.Disabled())
	}
	for _, c := range []struct{ in, want string }{
		{"12.345", money.ErrTooManyDecimals.Error()},
		{"1e5", money.ErrFormat.Error()},
		{"-5", money.ErrNegative.Error()},
		{"0", money.ErrZero.Error()},
	} {
		retype(b.amount, c.in)
		if b.capital.Text != c.want {
			t.Errorf("%q shows %q, want %q", c.in, b.capital.Text, c.want)
		}
		if !b.submit.Disabled() {
			t.Errorf("submit enabled for %q", c.in)
		}
	}

	// An unknown account shows so, and blocks the submit.
	tm.key("6217999999999999", "100")
	if b.holder.Text != ledger.ErrNoAccount.Error() || !b.submit.Disabled() {
		t.Fatalf("unknown account: holder %q, submit disabled %v", b.holder.Text, b.submit.Disabled())
	}

	// Tab order follows the form; the counterparty is skipped for a deposit.
	tm.a.win.Canvas().Focus(b.account)
	test.FocusNext(tm.a.win.Canvas())
	if tm.a.win.Canvas().Focused() != b.amount {
		t.Fatalf("Tab from the account went to %T, not the amount", tm.a.win.Canvas().Focused())
	}
	b.kind.SetSelected(ledger.SavingsTransfer.Title())
	// The counterparty's label is no longer grey once it may be typed.
	th := tm.a.fy.Settings().Theme()
	variant := tm.a.fy.Settings().ThemeVariant()
	if l := findText(b.form, "对方账号"); l == nil || l.Color != th.Color(theme.ColorNameForeground, variant) {
		t.Fatalf("对方账号 label for a transfer: %+v", l)
	}
	tm.a.win.Canvas().Focus(b.account)
	test.FocusNext(tm.a.win.Canvas())
	if tm.a.win.Canvas().Focused() != b.cp {
		t.Fatal("Tab from the account of a transfer did not go to the counterparty")
	}

	// Esc closes the authorization dialog; nothing is posted.
	b.kind.SetSelected(ledger.SavingsCashDeposit.Title())
	tm.key(savings1, "60000")
	test.Tap(b.submit)
	confirmed(t, b)
	if tm.a.auth == nil {
		t.Fatal("no dialog for ¥60,000.00")
	}
	press(tm.a.auth.user, fyne.KeyEscape)
	if tm.a.auth != nil || tm.dialogOpen() {
		t.Fatal("Esc did not close the authorization dialog")
	}
	wantContains(t, "message", b.message.Text, "已取消授权")
	if es := tm.journal(tm.a.sess); len(es) != 0 {
		t.Fatalf("a cancelled business was posted: %+v", es)
	}
}

// TestRefusedAuthorization: the B refuses with a reason; nothing is posted.
func TestRefusedAuthorization(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("1001")
	b := ws.business
	tm.key(savings1, "80000")
	test.Tap(b.submit)
	confirmed(t, b)
	d := tm.a.auth
	wantContains(t, "reason", d.need.Text, "金额 ¥80,000.00 ≥ ¥50,000.00：需B级授权")
	retype(d.user, "2001")
	retype(d.pass, "pass2001")
	test.Tap(d.refuse)
	settle(t, tm.a)
	if d.message.Text != counter.ErrReasonRequired.Error() {
		t.Fatalf("refusal without reason: %q", d.message.Text)
	}
	retype(d.pass, "pass2001")
	test.Type(d.reason, "客户身份存疑")
	// While the password is checked the dialog says so and takes no
	// second answer.
	tm.a.gate = make(chan struct{})
	press(d.reason, fyne.KeyReturn)
	if d.message.Text != "正在核对授权人密码，请稍候…" || !d.approve.Disabled() || !d.refuse.Disabled() {
		t.Fatalf("while checking, the dialog says %q", d.message.Text)
	}
	press(d.reason, fyne.KeyReturn) // a second Enter is ignored
	close(tm.a.gate)
	tm.a.gate = nil
	settle(t, tm.a)
	if tm.dialogOpen() {
		t.Fatal("dialog open after the refusal")
	}
	wantContains(t, "message", b.message.Text, "客户身份存疑")
	if es := tm.journal(tm.a.sess); len(es) != 0 {
		t.Fatalf("a refused business was posted: %+v", es)
	}
}

// confirmText is the text of the last look's dialog.
func confirmText(tm *terminal) string {
	var out []string
	for _, o := range test.LaidOutObjects(tm.a.win.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, "\n")
}

// TestAccountFreezeShownAtLookup: the account's lookup says its state and
// what may be drawn, in the warning colour while part of it is frozen; the
// counterparty's shows only who holds it.
func TestAccountFreezeShownAtLookup(t *testing.T) {
	tm := newTerminal(t)
	if _, err := tm.svc.FreezeAccount(context.Background(), counter.CommandLine(), "6217000000000002", 79_000_00,
		"法院协助冻结", "(2026)鄂0102执123号"); err != nil {
		t.Fatal(err)
	}
	tm.signedIn("1001")
	b := tm.a.ws.business
	tm.key("6217000000000002", "100")
	if b.holder.Text != "李娜（储蓄账户）　部分冻结 ¥79,000.00　可用余额 ¥1,000.00" || b.holder.Importance != widget.WarningImportance {
		t.Fatalf("holder shows %q in importance %v", b.holder.Text, b.holder.Importance)
	}
	b.kind.SetSelected(ledger.SavingsTransfer.Title())
	retype(b.cp, "6217000000000002")
	if b.cpHolder.Text != "李娜（储蓄账户）" {
		t.Fatalf("counterparty shows %q", b.cpHolder.Text)
	}
}
