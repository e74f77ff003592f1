package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"branchdesk/assets"
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
