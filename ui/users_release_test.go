package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
)

// Issue #10: a teller signed in at another PC is refused at login with
// that terminal's name; an A sees where each teller is signed in, releases
// the dead PC's sign-in with a reason and their password, and the teller's
// day goes on here.
func TestSignInOneTerminalReleasedInUsersScreen(t *testing.T) {
	tm := newTerminal(t)
	ctx := context.Background()
	other := counter.New(tm.db, &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local), tick: time.Second}, "0101-T02")
	sess, err := other.Login(ctx, "1001", "pass1001")
	if err == nil {
		err = other.SignIn(ctx, sess, nil)
	}
	if err != nil {
		t.Fatal(err)
	}

	tm.login("1001", "pass1001")
	if tm.a.ws != nil {
		t.Fatal("logged in while signed in at 0101-T02")
	}
	want := "柜员 1001 已在终端 0101-T02 签到，请先在该终端签退，或请A级主管释放"
	if got := tm.a.login.message.Text; got != want {
		t.Fatalf("login says %q, want %q", got, want)
	}
	tm.a.login.user.SetText("")

	// A B sees the terminal but may not release it.
	tm.login("2002", "pass2002")
	ws := tm.a.ws
	ws.tabs.Select(ws.usersTab)
	v := ws.users
	r := row(v.table, len(v.users), 0, "1001")
	if got := cellText(v.table, r, 7); got != "0101-T02" {
		t.Fatalf("签到终端 of 1001: %q", got)
	}
	v.table.Select(widget.TableCellID{Row: r})
	if !v.release.Disabled() {
		t.Fatal("a B may press 释放终端")
	}
	tm.logout()

	tm.login("3001", "pass3001")
	ws = tm.a.ws
	ws.tabs.Select(ws.usersTab)
	v = ws.users
	v.table.Select(widget.TableCellID{Row: row(v.table, len(v.users), 0, "3001")})
	if !v.release.Disabled() {
		t.Fatal("释放终端 enabled for a user signed in nowhere")
	}
	r = row(v.table, len(v.users), 0, "1001")
	v.table.Select(widget.TableCellID{Row: r})
	if v.release.Disabled() {
		t.Fatal("释放终端 disabled for the A on a signed-in teller")
	}
	test.Tap(v.release)
	f := v.freeForm
	test.Type(f.pass, "pass3001")
	test.Tap(f.submit)
	if got := f.message.Text; got != counter.ErrReleaseReason.Error() {
		t.Fatalf("release without a reason: %q", got)
	}
	test.Type(f.reason, "T02 死机")
	test.Type(f.pass, "pass3001")
	test.Tap(f.submit)
	wantContains(t, "users message", v.message.Text, "已释放 1001 张三 在终端 0101-T02 的签到")
	if got := cellText(v.table, r, 7); got != "" {
		t.Fatalf("签到终端 of 1001 after the release: %q", got)
	}
	tm.logout()

	tm.login("1001", "pass1001")
	if tm.a.ws == nil {
		t.Fatalf("1001 cannot log in after the release: %q", tm.a.login.message.Text)
	}
	if got := tm.a.ws.status.state.Text; got != "状态 已签到" {
		t.Fatalf("the day does not go on here: %q", got)
	}
	_, err = other.Login(ctx, "1001", "pass1001")
	wantContains(t, "login at 0101-T02", errText(err), "已在终端 0101-T01 签到")
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
