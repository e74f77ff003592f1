package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"branchdesk/domain/counter"
)

// secondPC is another counter PC of the branch on the same database, with
// its own window and terminal name.
func (tm *terminal) secondPC(name string) *terminal {
	tm.t.Helper()
	svc := counter.New(tm.db, &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local), tick: time.Second}, name)
	uiClock := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)}
	a := New(tm.a.fy, svc, Options{Now: uiClock.Now, IdleCheck: -1})
	a.Show()
	tm.t.Cleanup(func() { a.win.Close() })
	return &terminal{t: tm.t, a: a, svc: svc, db: tm.db, ui: uiClock}
}

// openOnlyQueued has the B signed in at tm open the 远程授权 tab and the
// one draft waiting there, and gives the tab and the authorization dialog.
func (tm *terminal) openOnlyQueued() (*remoteView, *authDialog) {
	tm.t.Helper()
	ws := tm.a.ws
	if ws == nil || ws.remote == nil {
		tm.t.Fatal("the B has no 远程授权 tab")
	}
	ws.tabs.Select(ws.remoteTab)
	v := ws.remote
	if len(v.open) != 1 {
		tm.t.Fatalf("pending list has %d drafts: %q", len(v.open), v.message.Text)
	}
	test.Tap(v.open[0])
	if tm.a.auth == nil {
		tm.t.Fatal("no authorization dialog")
	}
	return v, tm.a.auth
}

// waitFor reads a label on the UI thread until it contains want, for at
// most two seconds: the teller's screen polls every half second.
func waitFor(t *testing.T, what string, read func() string, want string) {
	t.Helper()
	var got string
	for end := time.Now().Add(2 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		fyne.DoAndWait(func() { got = read() })
		if strings.Contains(got, want) {
			return
		}
	}
	t.Fatalf("%s = %q, want it to contain %q", what, got, want)
}

// With remote_authorization on, an over-limit business waits in the queue;
// a B at another PC approves it in their 远程授权 tab, and the teller's
// screen posts it within a second; a refusal shows its reason.
func TestRemoteAuthorizationAtTwoPCs(t *testing.T) {
	tm := newTerminal(t)
	if err := tm.svc.SetSetting(context.Background(), counter.CommandLine(), counter.SettingRemoteAuth, "on"); err != nil {
		t.Fatal(err)
	}
	pc2 := tm.secondPC("0101-T02")
	ws := tm.signedIn("1001")
	if ws.remote != nil {
		t.Fatal("a clerk has the 远程授权 tab")
	}
	b := tm.key(savings1, "80000")
	test.Tap(b.submit)
	confirmed(t, b)
	if tm.a.auth != nil {
		t.Fatal("the authorization dialog opened at the teller's terminal")
	}
	wantContains(t, "teller message", b.message.Text, "等待授权…")
	if !b.veil.Visible() {
		t.Fatal("the form is not covered while waiting")
	}

	pc2.login("2001", "pass2001")
	v, d := pc2.openOnlyQueued()
	if d.user.Text != "2001" {
		t.Fatal("no authorization dialog for the signed-in B")
	}
	wantContains(t, "summary", d.summary.Text, "¥80,000.00")
	retype(d.pass, "pass2001")
	test.Tap(d.approve)
	settle(t, pc2.a)
	wantContains(t, "B's message", v.message.Text, "已授权")
	if len(v.open) != 0 {
		t.Fatal("the approved draft is still listed")
	}
	waitFor(t, "teller result", func() string { return b.result.Text }, "记账成功")
	if es := tm.journal(tm.a.sess); len(es) != 1 || es[0].AuthB != "2001" {
		t.Fatalf("journal %+v", es)
	}
	// The poll that posted it clears the form after showing the result (on
	// the test driver it runs beside this test): key the next only then.
	waitFor(t, "the form cleared", func() string { return "account " + b.account.Text + "." }, "account .")

	// Refused, with the reason on the teller's screen.
	tm.key(savings1, "90000")
	test.Tap(b.submit)
	confirmed(t, b)
	waitFor(t, "teller message", func() string { return b.message.Text }, "等待授权…")
	v.refresh()
	if len(v.open) != 1 {
		t.Fatalf("pending list has %d drafts", len(v.open))
	}
	test.Tap(v.open[0])
	d = pc2.a.auth
	retype(d.pass, "pass2001")
	test.Type(d.reason, "客户身份存疑")
	test.Tap(d.refuse)
	settle(t, pc2.a)
	waitFor(t, "teller message", func() string { return b.message.Text }, "已拒绝：客户身份存疑")
	if es := tm.journal(tm.a.sess); len(es) != 1 {
		t.Fatalf("a refused business was posted: %d entries", len(es))
	}
}

// 撤回 on the teller's waiting screen takes a queued draft back: the form
// comes back, nothing is posted, and a B who had already opened it is
// refused in the authorization dialog with the reason. Once approved, 撤回
// is refused and the business is posted.
func TestRemoteAuthorizationWithdrawnByTeller(t *testing.T) {
	tm := newTerminal(t)
	if err := tm.svc.SetSetting(context.Background(), counter.CommandLine(), counter.SettingRemoteAuth, "on"); err != nil {
		t.Fatal(err)
	}
	pc2 := tm.secondPC("0101-T02")
	tm.signedIn("1001")
	b := tm.key(savings1, "80000")
	if b.withdraw.Visible() {
		t.Fatal("撤回 shown with nothing queued")
	}
	test.Tap(b.submit)
	confirmed(t, b)
	wantContains(t, "teller message", b.message.Text, "等待授权…")
	if !b.withdraw.Visible() {
		t.Fatal("no 撤回 while waiting")
	}

	pc2.login("2001", "pass2001")
	ws2 := pc2.a.ws
	ws2.tabs.Select(ws2.remoteTab)
	v := ws2.remote
	if len(v.open) != 1 {
		t.Fatalf("pending list has %d drafts", len(v.open))
	}
	test.Tap(v.open[0]) // the B opens it …

	var msg string
	fyne.DoAndWait(func() {
		test.Tap(b.withdraw) // … and the teller takes it back
		msg = b.message.Text
	})
	wantContains(t, "teller message", msg, "已撤回远程授权请求，该笔业务未记账")
	if b.withdraw.Visible() || b.veil.Visible() || !b.form.Visible() {
		t.Fatal("the waiting screen stays after 撤回")
	}

	d := pc2.a.auth
	retype(d.pass, "pass2001")
	test.Tap(d.approve)
	settle(t, pc2.a)
	wantContains(t, "B's dialog", d.message.Text, "经办柜员已撤回该笔业务的远程授权请求")
	test.Tap(d.cancel)
	v.refresh()
	if len(v.open) != 0 || v.message.Text != "暂无待授权业务" {
		t.Fatalf("a withdrawn draft is listed: %d, %q", len(v.open), v.message.Text)
	}
	time.Sleep(2 * remotePoll) // the poll has stopped: nothing changes
	fyne.DoAndWait(func() { msg = b.message.Text })
	wantContains(t, "teller message after the poll", msg, "已撤回")
	if es := tm.journal(tm.a.sess); len(es) != 0 {
		t.Fatalf("a withdrawn business was posted: %d entries", len(es))
	}

	// Approved before 撤回: too late, and the screen posts it.
	tm.key(savings1, "90000")
	test.Tap(b.submit)
	confirmed(t, b)
	v.refresh()
	test.Tap(v.open[0])
	d = pc2.a.auth
	retype(d.pass, "pass2001")
	test.Tap(d.approve)
	settle(t, pc2.a)
	wantContains(t, "B's message", v.message.Text, "已授权")
	fyne.DoAndWait(func() {
		if b.waiting == "" {
			msg = "already posted"
			return
		}
		test.Tap(b.withdraw)
		msg = b.message.Text
	})
	if msg != "already posted" {
		wantContains(t, "teller message", msg, "该笔业务已授权，不能撤回")
	}
	waitFor(t, "teller result", func() string { return b.result.Text }, "记账成功")
	if es := tm.journal(tm.a.sess); len(es) != 1 || es[0].Amount != 90_000_00 {
		t.Fatalf("journal %+v", es)
	}
}
