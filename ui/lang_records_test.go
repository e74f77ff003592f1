package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/assets"
	"branchdesk/ui/uitext"
)

// englishTerminal is a terminal whose login screen chose English, with id
// signed in; Chinese again after the test.
func englishTerminal(t *testing.T, id string) *terminal {
	t.Helper()
	tm := newTerminal(t)
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	tm.a.login.lang.SetSelected("English")
	tm.login(id, "pass"+id)
	if tm.a.ws == nil {
		t.Fatalf("login %s: no workspace; login says %q", id, tm.a.login.message.Text)
	}
	test.Tap(tm.a.ws.signIn)
	return tm
}

// TestEnglishReportFileNamesStayChinese: a report saved from the English
// screens is named as the Chinese document it holds, as in Chinese: the
// voucher register of every type is 重空登记簿-全部-….
func TestEnglishReportFileNamesStayChinese(t *testing.T) {
	tm := englishTerminal(t, "2002")
	name, _, err := tm.a.voucherRegisterReport("", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(name, "重空登记簿-全部-") {
		t.Fatalf("the register of every type is saved as %q", name)
	}
}

// headingText is what column col's heading of t shows.
func headingText(t *widget.Table, col int) string {
	o := t.CreateHeader()
	t.UpdateHeader(widget.TableCellID{Row: -1, Col: col}, o)
	return o.(*widget.Label).Text
}

// TestEnglishDeskHeadings: the quarterly assessment's measures and the
// list's monthly summary head their columns in English on the English
// screens, as every other table does.
func TestEnglishDeskHeadings(t *testing.T) {
	b := newDeskBed(t)
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	b.fa.Preferences().SetString(prefLanguage, assets.English)
	tm := b.terminal("3001")
	d := tm.a.desk
	if d == nil {
		t.Fatal("no credit desk for 3001")
	}
	for what, tc := range map[string]struct {
		t    *widget.Table
		cols []column
	}{"quarter": {d.quarter.table, quarterColumns}, "month": {d.targets.month.table, monthColumns}} {
		for c := range tc.cols {
			if h := headingText(tc.t, c); uitext.HasHan(h) {
				t.Errorf("%s: heading %d is %q", what, c, h)
			}
		}
	}
}

// TestEnglishLockScreenReadsInOrder: the locked screen's note is one
// sentence in English, not the Chinese order with the button's word
// stuck on its end; the pause's note says what the button does.
func TestEnglishLockScreenReadsInOrder(t *testing.T) {
	tm := englishTerminal(t, "1001")
	typeKey(tm.a, fyne.KeyF12)
	if tm.a.lock == nil {
		t.Fatal("F12 did not lock")
	}
	if got := tm.a.lock.info.Text; got != "Away from the terminal: only the teller can unlock it with their Teller ID and password" {
		t.Errorf("locked screen says %q", got)
	}
	tm.a.showLock(lockPause)
	if got := tm.a.lock.info.Text; got != "Away from the terminal: only the teller can resume sign-on with their Teller ID and password" {
		t.Errorf("paused screen says %q", got)
	}
}
