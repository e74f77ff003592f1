package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestQualificationOnTheUsersScreen: the A sees whose anti-counterfeit
// certificate is due (the demo's 1002, in 20 days), each user's
// certificate in the list, and records a renewal or a lapse; a B sees the
// notice but may not record.
func TestQualificationOnTheUsersScreen(t *testing.T) {
	tm := newTerminal(t)
	tm.login("3001", "pass3001")
	ws := tm.a.ws
	ws.tabs.Select(ws.usersTab)
	v := ws.users
	if !v.due.Visible() || !strings.Contains(v.due.Text, "1002 王芳：反假币证书 FJB-2024-0002 还有 20 天到期") {
		t.Fatalf("due notice %v %q", v.due.Visible(), v.due.Text)
	}
	r := v.rowOf("1001")
	if got := cellText(v.table, r, 8); !strings.Contains(got, "FJB-2024-0001") {
		t.Fatalf("1001's certificate shows %q", got)
	}
	if !v.qualify.Disabled() {
		t.Fatal("登记上岗资格 active with nobody chosen")
	}
	v.table.Select(widget.TableCellID{Row: r, Col: 0})
	test.Tap(v.qualify)
	f := v.qualifyFields
	if v.qualifyYes == nil || f[2].Text != "FJB-2024-0001" || f[3].Text != "2028-12-31" {
		t.Fatalf("the dialog does not show 1001's record: %q %q", f[2].Text, f[3].Text)
	}
	retype(f[3], "2026/11/22")
	test.Tap(v.qualifyYes)
	if v.qualifyYes == nil || !tm.dialogOpen() {
		t.Fatal("a bad date was recorded")
	}
	retype(f[3], "2026-11-22")
	test.Tap(v.qualifyYes)
	if tm.dialogOpen() {
		t.Fatal("the dialog stays open after recording")
	}
	wantContains(t, "message", v.message.Text, "已登记 1001 张三")
	if got := cellText(v.table, v.rowOf("1001"), 8); !strings.Contains(got, "已于 2026-11-22 过期") {
		t.Fatalf("1001's lapsed certificate shows %q", got)
	}
	wantContains(t, "due notice", v.due.Text, "1001 张三")
	tm.logout()

	tm.login("2001", "pass2001")
	ws = tm.a.ws
	ws.tabs.Select(ws.usersTab)
	if !ws.users.due.Visible() || ws.users.qualifyYes != nil {
		t.Fatal("a B does not see the certificates due")
	}
}
