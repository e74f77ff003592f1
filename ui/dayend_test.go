package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/voucher"
	"branchdesk/storage/demo"
)

const corporate1 = "4100000000000001" // 武汉示范商贸有限公司

// keeper logs a demo keeper in on another terminal.
func (tm *terminal) keeper(id string) *counter.Session {
	tm.t.Helper()
	sess, err := tm.svc.Login(context.Background(), id, "pass"+id)
	if err != nil {
		tm.t.Fatal(err)
	}
	return sess
}

// issueCash has the vault keeper hand counted cash to a signed-in teller.
func (tm *terminal) issueCash(teller string, c cash.Count) {
	tm.t.Helper()
	total, _ := c.Total()
	m := counter.MoveRequest{From: cash.Party{Kind: cash.Vault, ID: demo.Branch}, To: cash.Party{Kind: cash.TellerBox, ID: teller}, Count: c, Amount: total}
	if _, err := tm.svc.MoveCash(context.Background(), tm.keeper(demo.VaultKeeper), m, counter.Credential{UserID: teller, Password: "pass" + teller, Approve: true}); err != nil {
		tm.t.Fatal(err)
	}
}

// issueCheques has the voucher keeper issue cash cheques from..to to a teller.
func (tm *terminal) issueCheques(teller string, from, to int64) {
	tm.t.Helper()
	r := voucher.Range{Type: voucher.CashCheque, From: from, To: to}
	if err := tm.svc.IssueVouchers(context.Background(), tm.keeper(demo.VoucherKeeper), r, teller); err != nil {
		tm.t.Fatal(err)
	}
}

// dayEnd opens the day-end tab.
func (tm *terminal) dayEnd() *dayEndWizard {
	ws := tm.a.ws
	ws.tabs.Select(ws.cash.dayEndTab)
	return ws.cash.dayEnd
}

// TestDayEndShort walks a teller's day end with a shortage: cash from the
// vault, a deposit and a cheque withdrawal keyed at the counter, a count
// ¥100 short shown at once, refused without a reason, then explained,
// signed by a B, approved by an A, balanced and signed out.
func TestDayEndShort(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("1001")
	tm.issueCash("1001", cash.Count{"N100": 100})
	tm.issueCheques("1001", 1, 10)

	b := ws.business
	tm.key(savings1, "500")
	press(b.amount, fyne.KeyReturn)
	confirmed(t, b)
	// A corporate withdrawal writes off the next cash cheque, which the form proposes.
	b.kind.SetSelected(ledger.CorporateCashWithdrawal.Title())
	b.vtype.SetSelected("现金支票")
	if b.vno.Text != "00000001" {
		t.Fatalf("proposed cheque %q, want 00000001", b.vno.Text)
	}
	tm.key(corporate1, "1000")
	press(b.amount, fyne.KeyReturn)
	confirmed(t, b)
	es := tm.journal(tm.a.sess)
	if len(es) != 2 || es[1].Kind != ledger.CorporateCashWithdrawal {
		t.Fatalf("journal %+v; form says %q", es, b.message.Text)
	}
	if b.vno.Text != "00000002" {
		t.Fatalf("after the withdrawal the form proposes cheque %q, want 00000002", b.vno.Text)
	}

	// Step 1: the box as the system has it.
	z := tm.dayEnd()
	if z.step != stepPosition {
		t.Fatalf("wizard opens at step %d", z.step)
	}
	for k, want := range map[string]string{"from": "¥10,000.00", "in": "¥500.00", "out": "¥1,000.00", "expected": "¥9,500.00"} {
		if got := z.figures[k].Text; got != want {
			t.Errorf("position %s = %q, want %q", k, got, want)
		}
	}
	wantContains(t, "voucher position", z.vouchers.Text, "现金支票：在手 9 张")
	wantContains(t, "voucher position", z.vouchers.Text, "00000001")
	if tm.a.win.Canvas().Focused() != z.toCount {
		t.Fatal("step 1 does not put the focus on 下一步")
	}
	press(z.toCount, fyne.KeyReturn)

	// Step 2: ¥100 short, shown as it is typed.
	if z.step != stepCount || tm.a.win.Canvas().Focused() != z.grid.first() {
		t.Fatalf("Enter on 下一步: step %d, focus %T", z.step, tm.a.win.Canvas().Focused())
	}
	test.Type(z.grid.field("N100"), "94")
	if z.diff.Text != "短款 ¥100.00" || z.counted.Text != "¥9,400.00" {
		t.Fatalf("after typing 94 × ¥100 the wizard shows %q, counted %q", z.diff.Text, z.counted.Text)
	}
	press(z.grid.field("N100"), fyne.KeyReturn)
	if tm.a.win.Canvas().Focused() != z.grid.field("N50") {
		t.Fatal("Enter on a denomination does not move to the next")
	}
	test.Type(z.vcounts[voucher.CashCheque], "9")
	press(z.vcounts[voucher.CashCheque], fyne.KeyReturn)
	if tm.a.win.Canvas().Focused() != z.balance {
		t.Fatal("Enter on the last voucher count does not move to 轧账")
	}
	press(z.balance, fyne.KeyReturn)

	// Step 3: refused until explained and signed.
	if z.step != stepDifference {
		t.Fatalf("a shortage went to step %d; step 2 says %q", z.step, z.message2.Text)
	}
	wantContains(t, "difference", z.diff3.Text, "短款 ¥100.00")
	wantContains(t, "refusal", z.message3.Text, cash.ErrDifferenceReason.Error())
	test.Tap(z.submit3)
	wantContains(t, "refusal without reason", z.message3.Text, cash.ErrDifferenceReason.Error())
	test.Type(z.reason, "付款时多付客户")
	test.Type(z.signB, "2001")
	test.Type(z.passB, "pass2001")
	test.Tap(z.submit3)
	wantContains(t, "refusal without an A", z.message3.Text, cash.ErrSuspenseNeedsA.Error())
	if z.passB.Text != "" {
		t.Fatal("the B's password stays in the form after a refusal")
	}
	test.Type(z.passB, "pass2001")
	test.Type(z.approveA, "2002") // a B cannot approve the suspense entry
	test.Type(z.passA, "pass2002")
	test.Tap(z.submit3)
	if z.step != stepDifference || z.message3.Text == "" {
		t.Fatalf("a B approving as A: step %d, message %q", z.step, z.message3.Text)
	}
	if z.passB.Text != "" || z.passA.Text != "" {
		t.Fatal("passwords stay in the fields after a refusal")
	}
	// The A refuses, with a reason: the teller reads who and why, and the
	// sign-off starts afresh.
	z.typed("2001", "3001")
	test.Type(z.why, "原因不实，请调监控")
	test.Tap(z.refuseA)
	if z.step != stepDifference {
		t.Fatalf("a refusal went to step %d", z.step)
	}
	wantContains(t, "the A's refusal", z.message3.Text, "A级 3001 王五，原因：原因不实，请调监控")
	if z.signB.Text != "" || z.approveA.Text != "" || z.why.Text != "" || z.passA.Text != "" {
		t.Fatalf("the sign-off stays after a refusal: %q %q %q", z.signB.Text, z.approveA.Text, z.why.Text)
	}
	z.typed("2001", "3001")
	press(z.passA, fyne.KeyReturn)
	if z.step != stepSeal {
		t.Fatalf("explained shortage not balanced: %q", z.message3.Text)
	}
	// The deposit, the withdrawal and the shortage's suspense entry.
	tm.sealBox(z, "2002", "3")
	for _, want := range []string{"短款 ¥100.00", "付款时多付客户", "B级签字 2001 李四", "A级审批 3001 王五", "现金支票：账面 9，实物 9"} {
		wantContains(t, "result", z.result.Text, want)
	}

	// The report, then the formal sign-out.
	name, write, err := tm.a.tellerDayReport()
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	if err := write(&pdf); err != nil || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) {
		t.Fatalf("teller day report %s: %v", name, err)
	}
	wantContains(t, "report name", name, "1001")
	test.Tap(z.signOut)
	if ws.signOutYes == nil || !tm.dialogOpen() {
		t.Fatal("正式签退 does not ask to confirm")
	}
	test.Tap(ws.signOutYes)
	if got := ws.status.state.Text; got != "状态 "+counter.DayClosed.Title() {
		t.Fatalf("after the sign-out the status bar says %q", got)
	}
	// The day-end tab no longer offers 正式签退, and says the day is over.
	if !z.signOut.Disabled() {
		t.Fatal("the day-end tab still offers 正式签退 after it")
	}
	wantContains(t, "day-end result after sign-out", z.result.Text, "已正式签退")
	if strings.Contains(z.result.Text, "现在可以正式签退") {
		t.Fatalf("the result still invites a sign-out: %q", z.result.Text)
	}
}

// TestDayEndBalanced: the count agrees, so the box balances at once.
func TestDayEndBalanced(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("1001")
	tm.issueCash("1001", cash.Count{"N100": 50, "N50": 6})

	// Signing out before balancing is refused.
	test.Tap(ws.signOut)
	test.Tap(ws.signOutYes)
	if !strings.Contains(lastDialogText(tm), counter.ErrNotBalanced.Error()) {
		t.Fatalf("sign-out before balancing: %q", lastDialogText(tm))
	}
	tm.a.escape()

	z := tm.dayEnd()
	wantContains(t, "expected", z.figures["expected"].Text, "¥5,300.00")
	press(z.toCount, fyne.KeyReturn)
	test.Type(z.grid.field("N100"), "50")
	if z.diff.Text != "短款 ¥300.00" {
		t.Fatalf("half counted: %q", z.diff.Text)
	}
	test.Type(z.grid.field("N50"), "6")
	if z.diff.Text != "平" {
		t.Fatalf("fully counted: %q", z.diff.Text)
	}
	test.Type(z.grid.field("N5"), "x")
	wantContains(t, "bad pieces", z.diff.Text, errPieces().Error())
	retype(z.grid.field("N5"), "")
	test.Tap(z.balance)
	if z.step != stepSeal {
		t.Fatalf("balanced count: step %d, %q", z.step, z.message2.Text)
	}
	tm.sealBox(z, "2001", "0")
	wantContains(t, "result", z.result.Text, "实点 ¥5,300.00，平")
	test.Tap(z.signOut)
	test.Tap(ws.signOutYes)
	if got := ws.status.state.Text; got != "状态 "+counter.DayClosed.Title() {
		t.Fatalf("after the sign-out the status bar says %q", got)
	}
}

// lastDialogText is what the labels of the dialog on top say.
func lastDialogText(tm *terminal) string {
	top := tm.a.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var out []string
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, "\n")
}
