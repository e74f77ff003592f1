package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/staff"
)

// TestWrongPasswordLocksAndSupervisorUnlocks: five wrong passwords lock a
// user; the login screen says so; an A unlocks them in the users view.
func TestWrongPasswordLocksAndSupervisorUnlocks(t *testing.T) {
	tm := newTerminal(t)
	for i := 1; i <= staff.MaxFailures; i++ {
		tm.login("1002", "wrong-pw9")
		if tm.a.ws != nil {
			t.Fatal("logged in with a wrong password")
		}
		want := staff.ErrWrongPassword.Error()
		if i == staff.MaxFailures {
			want = staff.ErrLocked.Error()
		}
		if got := tm.a.login.message.Text; got != want {
			t.Fatalf("attempt %d: login says %q, want %q", i, got, want)
		}
		tm.a.login.user.SetText("")
	}
	// While a password is checked the screen says so, the last refusal is
	// gone and the button waits.
	tm.a.gate = make(chan struct{})
	test.Type(tm.a.login.user, "1001")
	test.Type(tm.a.login.pass, "pass1001")
	press(tm.a.login.pass, fyne.KeyReturn)
	if l := tm.a.login; !strings.HasPrefix(l.message.Text, "正在核对") || l.message.Importance == widget.DangerImportance || !l.submit.Disabled() {
		t.Fatalf("while checking, the login says %q (importance %v)", l.message.Text, l.message.Importance)
	}
	close(tm.a.gate)
	tm.a.gate = nil
	settle(t, tm.a)
	if tm.a.ws == nil {
		t.Fatal("1001 did not log in after the check")
	}
	tm.logout()
	if l := tm.a.login; l.message.Text != "已退出登录" || l.message.Importance == widget.DangerImportance {
		t.Fatalf("after logging out the login says %q in importance %v", l.message.Text, l.message.Importance)
	}
	tm.login("1002", "pass1002")
	wantContains(t, "login message", tm.a.login.message.Text, "账户已锁定")
	tm.a.login.user.SetText("")

	// A B sees the users but may not change them.
	tm.login("2001", "pass2001")
	ws := tm.a.ws
	if ws.users == nil {
		t.Fatal("a B has no users tab")
	}
	ws.tabs.Select(ws.usersTab)
	v := ws.users
	r := row(v.table, len(v.users), 0, "1002")
	if r < 0 || cellText(v.table, r, 4) != "是" || cellText(v.table, r, 5) != "5" {
		t.Fatalf("users view row for 1002: %d %q %q", r, cellText(v.table, r, 4), cellText(v.table, r, 5))
	}
	v.table.Select(widget.TableCellID{Row: r})
	if !v.unlock.Disabled() {
		t.Fatal("a B may press 解锁")
	}
	tm.logout()

	// The A unlocks.
	tm.login("3001", "pass3001")
	ws = tm.a.ws
	ws.tabs.Select(ws.usersTab)
	v = ws.users
	r = row(v.table, len(v.users), 0, "1002")
	v.table.Select(widget.TableCellID{Row: r})
	if v.unlock.Disabled() {
		t.Fatal("解锁 disabled for the A on a locked user")
	}
	test.Tap(v.unlock)
	wantContains(t, "users message", v.message.Text, "已解锁 1002 王芳")
	if got := cellText(v.table, r, 4); got != "否" {
		t.Fatalf("locked column after unlock %q", got)
	}
	if u, _ := tm.svc.User(context.Background(), "1002"); u.Locked || u.Failures != 0 {
		t.Fatalf("1002 after unlock: locked %v failures %d", u.Locked, u.Failures)
	}
	tm.logout()
	tm.login("1002", "pass1002")
	if tm.a.ws == nil {
		t.Fatalf("1002 cannot log in after the unlock: %q", tm.a.login.message.Text)
	}
}

// TestMustChangePassword: an A resets a password; at the next login the
// user must change it before working.
func TestMustChangePassword(t *testing.T) {
	tm := newTerminal(t)
	tm.login("3001", "pass3001")
	ws := tm.a.ws
	ws.tabs.Select(ws.usersTab)
	v := ws.users
	v.table.Select(widget.TableCellID{Row: row(v.table, len(v.users), 0, "1001")})
	test.Tap(v.reset)
	pw := tm.a.win.Canvas().Focused().(*field)
	test.Type(pw, "temp1234")
	press(pw, fyne.KeyReturn)
	if tm.dialogOpen() {
		t.Fatal("reset dialog still open")
	}
	wantContains(t, "users message", v.message.Text, "已重置 1001 张三 的密码")
	tm.logout()

	tm.login("1001", "temp1234")
	f := tm.a.change
	if f == nil || tm.a.ws != nil {
		t.Fatal("no change-password form after a reset password")
	}
	if f.message.Text != counter.ErrMustChange.Error() {
		t.Fatalf("change form says %q", f.message.Text)
	}
	if tm.a.win.Canvas().Focused() != f.pw {
		t.Fatal("the cursor is not in the new password")
	}
	test.Type(f.pw, "short1")
	test.Type(f.again, "short1")
	press(f.again, fyne.KeyReturn)
	if f.message.Text != staff.ErrWeakPassword.Error() {
		t.Fatalf("weak password: %q", f.message.Text)
	}
	retype(f.pw, "newpass123")
	retype(f.again, "newpass124")
	test.Tap(f.submit)
	if f.message.Text != "两次输入的新密码不一致" {
		t.Fatalf("mismatch: %q", f.message.Text)
	}
	retype(f.again, "newpass123")
	press(f.again, fyne.KeyReturn)
	if tm.a.ws == nil {
		t.Fatalf("no workspace after the change: %q", f.message.Text)
	}
	wantContains(t, "status", tm.a.ws.status.teller.Text, "1001 张三")
	tm.logout()
	tm.login("1001", "newpass123")
	if tm.a.ws == nil {
		t.Fatal("the new password does not log in")
	}
}

// TestIdleLock: after the idle time the terminal locks, any open dialog
// is cancelled, and only the same user's password unlocks it.
func TestIdleLock(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("1001")
	if tm.a.idle != 5*time.Minute {
		t.Fatalf("idle time %v, want the default 5 minutes", tm.a.idle)
	}
	tm.key(savings1, "60000")
	test.Tap(ws.business.submit)
	confirmed(t, ws.business)
	if tm.a.auth == nil {
		t.Fatal("no dialog")
	}
	tm.ui.advance(4*time.Minute + 59*time.Second)
	tm.a.checkIdle()
	if tm.a.lock != nil {
		t.Fatal("locked before the idle time")
	}
	// A pop-up menu left open (as the tab bar's … opens one) goes too.
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", fyne.NewMenuItem("网点平账", func() {})),
		tm.a.win.Canvas(), fyne.NewPos(600, 40))
	tm.ui.advance(time.Second)
	tm.a.checkIdle()
	l := tm.a.lock
	if n := len(tm.a.win.Canvas().Overlays().List()); n != 0 {
		t.Fatalf("%d pop-ups stay over the lock screen", n)
	}
	if l == nil {
		t.Fatal("not locked after 5 idle minutes")
	}
	if tm.dialogOpen() || tm.a.auth != nil {
		t.Fatal("the authorization dialog stays over the lock screen")
	}
	wantContains(t, "lock screen's teller", l.who.Text, "1001 张三")

	test.Type(l.user, "1002")
	test.Type(l.pass, "pass1002")
	press(l.pass, fyne.KeyReturn)
	if l.message.Text != counter.ErrWrongUnlockUser.Error() || tm.a.lock == nil {
		t.Fatalf("another user unlocking: %q", l.message.Text)
	}
	retype(l.user, "1001")
	retype(l.pass, "pass1002")
	press(l.pass, fyne.KeyReturn)
	if l.message.Text != staff.ErrWrongPassword.Error() || tm.a.lock == nil {
		t.Fatalf("wrong password unlocking: lock %v, %q", tm.a.lock != nil, l.message.Text)
	}
	retype(l.pass, "pass1001")
	press(l.pass, fyne.KeyReturn)
	if tm.a.lock != nil {
		t.Fatalf("same user cannot unlock: %q", l.message.Text)
	}
	if tm.a.win.Canvas().Focused() != ws.business.account {
		t.Fatal("after unlocking the cursor is not back in the business form")
	}
	// Typing counts as activity: no lock while the teller works.
	tm.ui.advance(4 * time.Minute)
	test.Type(ws.business.account, "6")
	tm.ui.advance(2 * time.Minute)
	tm.a.checkIdle()
	if tm.a.lock != nil {
		t.Fatal("locked although the teller typed two minutes ago")
	}
}

// TestSignOutAndReSignIn: a temporary sign-out locks until the same
// teller's password; after a formal sign-out, signing in again needs an A.
func TestSignOutAndReSignIn(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("1001")
	if ws.users != nil {
		t.Fatal("a clerk has the users tab")
	}
	test.Tap(ws.pause)
	l := tm.a.lock
	if l == nil || l.mode != lockPause {
		t.Fatal("临时签退 did not lock the terminal")
	}
	if d, _ := tm.svc.Day(context.Background(), tm.a.sess); d.State != counter.DayPaused {
		t.Fatalf("day state %v after 临时签退", d.State)
	}
	test.Type(l.user, "2001")
	test.Type(l.pass, "pass2001")
	test.Tap(l.unlock)
	if l.message.Text != counter.ErrWrongUnlockUser.Error() {
		t.Fatalf("another user resuming: %q", l.message.Text)
	}
	retype(l.user, "1001")
	retype(l.pass, "pass1001")
	test.Tap(l.unlock)
	if tm.a.lock != nil || ws.status.state.Text != "状态 已签到" {
		t.Fatalf("after resuming: lock %v, status %q", tm.a.lock != nil, ws.status.state.Text)
	}

	test.Tap(ws.signOut)
	if !tm.dialogOpen() {
		t.Fatal("正式签退 asks no confirmation")
	}
	test.Tap(ws.signOutYes)
	if ws.status.state.Text != "状态 已正式签退" || !ws.signOut.Disabled() {
		t.Fatalf("after 正式签退 the status says %q", ws.status.state.Text)
	}
	test.Tap(ws.signIn)
	d := tm.a.auth
	if d == nil {
		t.Fatal("signing in again after 正式签退 asks no approval")
	}
	wantContains(t, "re-sign-in reason", d.need.Text, "须A级")
	tm.authorize("2001", "pass2001", "")
	if d.message.Text != authz.ErrNeedLevelA.Error() {
		t.Fatalf("a B approving re-sign-in: %q", d.message.Text)
	}
	tm.authorize("3001", "pass3001", "")
	if tm.dialogOpen() || ws.status.state.Text != "状态 已签到" {
		t.Fatalf("after the A's approval: dialog %v, status %q", tm.dialogOpen(), ws.status.state.Text)
	}
}
