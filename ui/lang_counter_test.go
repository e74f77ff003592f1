package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/assets"
	"branchdesk/ui/uitext"
)

// The customer's document the demo's business records for ¥50,000.00 or
// more, as the English screens and the records show it.
const (
	idShown = "Resident ID card 420102********0016"
	idKept  = "居民身份证 420102********0016"
)

// labelText is the text of the first label under o that begins with
// prefix, or "".
func labelText(o fyne.CanvasObject, prefix string) string {
	switch v := o.(type) {
	case *widget.Label:
		if strings.HasPrefix(v.Text, prefix) {
			return v.Text
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if s := labelText(c, prefix); s != "" {
				return s
			}
		}
	}
	return ""
}

// TestEnglishAuthorizationSummary: the business an authorizer reads in the
// authorization dialog, in full and blind, reads in English with its
// figures on the English screens and in Chinese on the Chinese ones, as
// the draft's summary the trail keeps says it.
func TestEnglishAuthorizationSummary(t *testing.T) {
	summaries := func(tm *terminal) (full, blind, kept string) {
		t.Helper()
		b := tm.key(savings1, "80000")
		test.Tap(b.submit)
		confirmed(t, b)
		d := tm.a.auth
		if d == nil {
			t.Fatal("no authorization dialog for ¥80,000.00")
		}
		full, kept = d.summary.Text, d.req.signer.(draftSigner).d.Summary()
		press(d.user, fyne.KeyEscape)
		b = tm.key(savings1, "200000")
		test.Tap(b.submit)
		confirmed(t, b)
		if tm.a.auth == nil {
			t.Fatal("no authorization dialog for ¥200,000.00")
		}
		blind = tm.a.auth.summary.Text
		press(tm.a.auth.user, fyne.KeyEscape)
		return full, blind, kept
	}
	full, blind, kept := summaries(englishTerminal(t, "1001"))
	if want := "Savings cash deposit account " + savings1 + " (张伟) amount ¥80,000.00, handled by 1001 张三 customer ID " + idShown + "\nIn words "; !strings.HasPrefix(full, want) {
		t.Errorf("English summary %q, want it to begin %q", full, want)
	}
	if want := "Savings cash deposit account " + savings1 + " (张伟) amount ****** (hidden), handled by 1001 张三 customer ID " + idShown; blind != want {
		t.Errorf("English blind summary %q, want %q", blind, want)
	}
	if want := "储蓄现金存款 账号 " + savings1 + "（张伟） 金额 ¥80,000.00 经办 1001 张三 客户证件 " + idKept; kept != want {
		t.Errorf("the draft's summary %q, want %q", kept, want)
	}

	useCatalog(assets.Chinese)
	zhTerm := newTerminal(t)
	zhTerm.signedIn("1001")
	full, blind, kept = summaries(zhTerm)
	if !strings.HasPrefix(full, kept+"\n大写 ") {
		t.Errorf("Chinese summary %q, want it to begin %q", full, kept)
	}
	if want := "储蓄现金存款 账号 " + savings1 + "（张伟） 金额 ******（不显示） 经办 1001 张三 客户证件 " + idKept; blind != want {
		t.Errorf("Chinese blind summary %q, want %q", blind, want)
	}
}

// TestEnglishReversalReason: the A reads why a reversal needs them (第十四条)
// in English, with the original's number, business and amount, and the
// reversal's summary too; the reason the draft keeps stays Chinese.
func TestEnglishReversalReason(t *testing.T) {
	tm := englishTerminal(t, "1001")
	dep := tm.authorizedDeposit()
	ws := tm.a.ws
	ws.tabs.Select(ws.journalTab)
	j := ws.journal
	r := row(j.table, len(j.entries), 1, fmt.Sprintf("%06d", dep.Seq))
	if r < 0 {
		t.Fatalf("journal has no row for %+v", dep)
	}
	j.table.Select(widget.TableCellID{Row: r, Col: 0})
	test.Type(j.reason, "客户要求撤销")
	test.Tap(j.reverse)
	d := tm.a.auth
	if d == nil {
		t.Fatal("no approval dialog for the reversal")
	}
	if got, want := d.need.Text, fmt.Sprintf("Reverses #%d (Savings cash deposit ¥50,000.00): Needs A (supervisor) approval (Art. 14)", dep.ID); got != want {
		t.Errorf("reversal need %q, want %q", got, want)
	}
	if want := fmt.Sprintf("Reverses #%d Savings cash deposit account %s (张伟) amount ¥50,000.00", dep.ID, savings1); !strings.HasPrefix(d.summary.Text, want) {
		t.Errorf("reversal summary %q, want it to begin %q", d.summary.Text, want)
	}
	draft := d.req.signer.(draftSigner).d
	if got, want := draft.Requirement().Reason, fmt.Sprintf("冲正 #%d（储蓄现金存款 ¥50,000.00）：需A级（业务主管）审批（第十四条）", dep.ID); got != want {
		t.Errorf("the draft's reason %q, want %q", got, want)
	}
	if !strings.HasPrefix(draft.Summary(), fmt.Sprintf("冲正 #%d 储蓄现金存款 账号 ", dep.ID)) {
		t.Errorf("the draft's summary %q", draft.Summary())
	}
}

// TestEnglishSealTitles: an authorization card's level reads in English
// on 印章管理 as the card is chosen; the register names it in Chinese.
func TestEnglishSealTitles(t *testing.T) {
	tm := englishTerminal(t, "3001")
	ws := tm.a.ws
	ws.tabs.Select(ws.cash.sealsTab)
	v := ws.cash.seals
	pickSeal(t, v, "SQK-A-01")
	wantContains(t, "chosen card", v.selected.Text, "Selected: Authorization card SQK-A-01 (A-level)")
	if uitext.HasHan(strings.ReplaceAll(v.selected.Text, "王五", "")) {
		t.Errorf("Chinese in %q", v.selected.Text)
	}
	r := row(v.table, len(v.items), 1, "SQK-A-01")
	if got := v.items[r].Title(); got != "授权卡 SQK-A-01（A级）" {
		t.Errorf("the register's title %q", got)
	}
}

// TestEnglishSuspenseAtClose: the open suspense the branch close lists
// reads in English with its number, amount, teller, date and age; the
// domain's line stays Chinese.
func TestEnglishSuspenseAtClose(t *testing.T) {
	tm := newTerminal(t)
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	item := tm.shortInSuspense()
	tm.a.login.lang.SetSelected("English")
	tm.login("3001", "pass3001")
	ws := tm.a.ws
	test.Tap(ws.signIn)
	ws.tabs.Select(ws.cash.closeTab)
	got := ws.cash.closeDay.suspense.Text
	want := fmt.Sprintf("Suspense #%d Shortage to suspense ¥100.00 (teller 1002, %s) open 0 days, unsettled ¥100.00, awaiting upper-level approval", item, businessDate)
	wantContains(t, "close", got, want)
	if uitext.HasHan(got) {
		t.Errorf("Chinese in the English list:\n%s", got)
	}
	items, err := tm.svc.SuspenseItems(context.Background(), tm.a.sess, false)
	if err != nil || len(items) != 1 || !strings.HasPrefix(items[0].Line(), fmt.Sprintf("挂账 #%d 短款挂账 ¥100.00（柜员 1002，", item)) {
		t.Fatalf("the domain's line %+v (%v)", items, err)
	}
}

// TestEnglishCertificateWarnings: the A reads whose anti-counterfeit
// certificate is due, and each teller's certificate in the list, in
// English with its number, days and date (第五条); the domain's note
// stays Chinese.
func TestEnglishCertificateWarnings(t *testing.T) {
	tm := englishTerminal(t, "3001")
	ws := tm.a.ws
	ws.tabs.Select(ws.usersTab)
	v := ws.users
	wantContains(t, "due notice", v.due.Text, "1002 王芳: Anti-counterfeit certificate FJB-2024-0002 expires in 20 days (")
	if got := cellText(v.table, v.rowOf("1001"), 8); !strings.HasPrefix(got, "Anti-counterfeit certificate FJB-2024-0001 expires in ") {
		t.Errorf("1001's certificate shows %q", got)
	}
	due, err := tm.svc.ExpiringCertificates(context.Background(), tm.a.sess)
	if err != nil || len(due) == 0 || !strings.HasPrefix(due[0].Note(), "反假币证书 ") {
		t.Fatalf("the domain's notes %+v (%v)", due, err)
	}
}
