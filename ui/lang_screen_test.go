package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/assets"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/ui/uitext"
)

// TestEnglishScreens: 语言 English on the login screen shows it again in
// English at once and is kept for this PC; a teller signs in, the
// workspace speaks English and a deposit keyed through the English form
// posts; 简体中文 brings the Chinese screens back.
func TestEnglishScreens(t *testing.T) {
	tm := newTerminal(t)
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	var fyneWords []string
	tm.a.opts.Language = func(code string) { fyneWords = append(fyneWords, code) }

	zh := tm.a.login
	if zh.lang.Selected != "简体中文" || findText(zh.content, "柜员号") == nil {
		t.Fatalf("the first login screen is not Chinese: 语言 %q", zh.lang.Selected)
	}
	zh.lang.SetSelected("English")
	l := tm.a.login
	if l == zh {
		t.Fatal("choosing English did not show the login screen again")
	}
	if got := tm.a.fy.Preferences().String(prefLanguage); got != assets.English {
		t.Fatalf("language kept as %q", got)
	}
	if len(fyneWords) != 1 || fyneWords[0] != assets.English {
		t.Fatalf("Fyne's words asked for %v", fyneWords)
	}
	for _, want := range []string{"Teller ID", "Password", "Teller sign-in", "Language", "BranchDesk Branch Counter System"} {
		if findText(l.content, want) == nil {
			t.Errorf("the English login screen lacks %q", want)
		}
	}
	if l.submit.Text != "Sign in" || l.lang.Selected != "English" {
		t.Errorf("button %q, language %q", l.submit.Text, l.lang.Selected)
	}
	if got := tm.a.win.Title(); got != "BranchDesk — Teller sign-in" {
		t.Errorf("window title %q", got)
	}
	if s := chineseText(l.content); s != "" {
		t.Errorf("Chinese on the English login screen: %q", s)
	}
	press(l.pass, fyne.KeyReturn)
	if l.message.Text != "Please enter Teller ID and password" {
		t.Errorf("empty login says %q", l.message.Text)
	}

	tm.login("1001", "pass1001")
	ws := tm.a.ws
	if ws == nil {
		t.Fatalf("no workspace; login says %q", tm.a.login.message.Text)
	}
	test.Tap(ws.signIn)
	if got := ws.status.state.Text; got != "Status Signed on" {
		t.Fatalf("status bar says %q", got)
	}
	wantContains(t, "status level", ws.status.level.Text, "Level C Teller")
	var tabs []string
	for _, it := range ws.tabs.Items {
		tabs = append(tabs, it.Text)
		if uitext.HasHan(it.Text) {
			t.Errorf("tab %q is not English", it.Text)
		}
	}
	if strings.Join(tabs[:4], "|") != "Business|Today's journal|Reversal register|Payments" {
		t.Errorf("tabs %q", tabs)
	}

	b := ws.business
	if b.kind.Selected != "Savings cash deposit" || b.vtype.Selected != "No voucher used" {
		t.Fatalf("kind %q, voucher %q", b.kind.Selected, b.vtype.Selected)
	}
	b.kind.SetSelected("Savings cash withdrawal")
	b.kind.SetSelected("Savings cash deposit")
	tm.key(savings1, "1,000.00")
	wantContains(t, "holder", b.holder.Text, "(savings account)　Normal　Available balance ¥500,000.00")
	press(b.amount, fyne.KeyReturn)
	if b.confirmYes == nil {
		t.Fatal("no last look before posting")
	}
	wantContains(t, "last look", confirmText(tm), "Business type: Savings cash deposit")
	confirmed(t, b)
	es := tm.journal(tm.a.sess)
	if len(es) != 1 || es[0].Kind != ledger.SavingsCashDeposit || es[0].Amount != 1_000_00 || es[0].Account != savings1 {
		t.Fatalf("journal after the English deposit: %+v", es)
	}
	wantContains(t, "result", b.result.Text, "Posted　serial no. 000001")
	if b.result.Importance != widget.SuccessImportance {
		t.Errorf("result in importance %v", b.result.Importance)
	}

	tm.logout()
	l = tm.a.login
	if l.submit.Text != "Sign in" {
		t.Fatalf("after logout the login screen says %q", l.submit.Text)
	}
	l.lang.SetSelected("简体中文")
	l = tm.a.login
	if l.submit.Text != "登录" || findText(l.content, "柜员号") == nil || tm.a.win.Title() != "BranchDesk — 柜员登录" {
		t.Fatalf("back to Chinese the login screen says %q, title %q", l.submit.Text, tm.a.win.Title())
	}
	if got := tm.a.fy.Preferences().String(prefLanguage); got != assets.Chinese || fyneWords[len(fyneWords)-1] != assets.Chinese {
		t.Fatalf("language kept as %q, Fyne's words %v", got, fyneWords)
	}
}

// chineseText is the first text under o, drawn or in a widget, that holds
// a Chinese character, or "".
func chineseText(o fyne.CanvasObject) string {
	switch v := o.(type) {
	case *canvas.Text:
		if uitext.HasHan(v.Text) {
			return v.Text
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if s := chineseText(c); s != "" {
				return s
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			if s := chineseText(c); s != "" {
				return s
			}
		}
	}
	return ""
}

// TestEnglishRefusalsWithFigures: a refused posting reads in English with
// the figures the domain put in (an overdraft's three amounts, the box's
// cash), so does the authorization a large amount needs, while the
// domain's error, which records and logs read, stays Chinese; the Chinese
// screens read as before.
func TestEnglishRefusalsWithFigures(t *testing.T) {
	type shown struct{ overdraft, box, need, blind string }
	refusals := func(tm *terminal) (s shown) {
		t.Helper()
		if _, err := tm.svc.FreezeAccount(context.Background(), counter.CommandLine(), "6217000000000002", 79_000_00,
			"法院协助冻结", "(2026)鄂0102执123号"); err != nil {
			t.Fatal(err)
		}
		b := tm.a.ws.business
		submit := func() { test.Tap(b.submit); confirmed(t, b) }
		// the authorization dialog asked for amount, its need read and closed
		need := func(amount string) string {
			t.Helper()
			tm.key(savings1, amount)
			submit()
			if tm.a.auth == nil {
				t.Fatalf("no authorization dialog for ¥%s", amount)
			}
			defer press(tm.a.auth.user, fyne.KeyEscape)
			return tm.a.auth.need.Text
		}
		b.kind.SetSelected(tr(ledger.SavingsTransfer.Title()))
		tm.key("6217000000000002", "2000")
		retype(b.cp, savings1)
		submit()
		s.overdraft = b.message.Text
		b.kind.SetSelected(tr(ledger.SavingsCashWithdrawal.Title()))
		tm.key(savings1, "2000")
		submit()
		s.box = b.message.Text
		b.kind.SetSelected(tr(ledger.SavingsCashDeposit.Title()))
		s.need = need("80000")
		s.blind = need("200000") // B then A, re-keyed blind (the amount not shown)
		if es := tm.journal(tm.a.sess); len(es) != 0 {
			t.Fatalf("refused business posted: %+v", es)
		}
		return s
	}

	en := refusals(englishTerminal(t, "1001"))
	want := shown{
		overdraft: "Insufficient balance: available balance ¥1,000.00 (balance ¥80,000.00, frozen ¥79,000.00)",
		box:       "Insufficient cash in the teller's cash box: the box holds ¥0.00; draw cash from the vault first",
		need:      "Amount ¥80,000.00 ≥ ¥50,000.00: Needs B authorization",
		blind:     "Amount reaches ¥200,000.00: Needs B then A authorization (blind review: the authorizer must enter the amount again)",
	}
	if en != want {
		t.Errorf("English refusals\n%+v\nwant\n%+v", en, want)
	}

	useCatalog(assets.Chinese)
	zhTerm := newTerminal(t)
	zhTerm.signedIn("1001")
	zh := refusals(zhTerm)
	want = shown{
		overdraft: "余额不足：可用余额 ¥1,000.00（余额 ¥80,000.00，冻结 ¥79,000.00）",
		box:       "柜员钱箱余额不足：钱箱现金 ¥0.00，请先从总库领取现金",
		need:      "金额 ¥80,000.00 ≥ ¥50,000.00：需B级授权",
		blind:     "金额达到 ¥200,000.00：需B级、A级二次授权（盲复核：授权人须重新录入金额）",
	}
	if zh != want {
		t.Errorf("Chinese refusals\n%+v\nwant\n%+v", zh, want)
	}
	_, err := zhTerm.svc.Prepare(context.Background(), zhTerm.a.sess, counter.Request{Kind: ledger.SavingsCashWithdrawal, Account: savings1, Amount: 2000_00})
	if !errors.Is(err, counter.ErrBoxShort) || err.Error() != want.box {
		t.Errorf("the domain's error %q", err)
	}
}

// TestEnglishCloseChecklist: the branch close's checklist reads in English
// with the figures and names domain/ put in, as it reads in Chinese on the
// Chinese screens, and the domain's checklist stays Chinese.
func TestEnglishCloseChecklist(t *testing.T) {
	tm := englishTerminal(t, "3001")
	ws := tm.a.ws
	ws.tabs.Select(ws.cash.closeTab)
	v := ws.cash.closeDay
	joined := strings.Join(v.blockers, "\n")
	for _, want := range []string{"Teller 2001 李四 Signed on, not signed off", "The vault has not been counted today", "Cash cheque not counted (books "} {
		if !strings.Contains(joined, want) {
			t.Errorf("checklist lacks %q:\n%s", want, joined)
		}
	}
	if uitext.HasHan(strings.NewReplacer("李四", "", "赵敏", "", "王五", "").Replace(joined)) {
		t.Errorf("Chinese in the English checklist:\n%s", joined)
	}
	zh, _, err := tm.svc.CloseChecklist(context.Background(), tm.a.sess, nil)
	if err != nil || !slices.Contains(zh, "总库今日未碰库") || len(zh) != len(v.blockers) {
		t.Errorf("the domain's checklist %q (%v)", zh, err)
	}
}

// TestEnglishSupervisionExceptions: the exceptions 事后监督 must see one
// by one read in English with the authorizers and the C limit, while the
// domain names them in Chinese.
func TestEnglishSupervisionExceptions(t *testing.T) {
	tm := englishTerminal(t, "1001")
	dep := tm.authorizedDeposit()
	tm.logout()
	tm.login("2002", "pass2002")
	ws := tm.a.ws
	ws.tabs.Select(ws.reviewTab)
	v := ws.review
	r := rowOfEntry(t, v.supTable, len(v.rows), 1, dep.ID)
	if got, want := cellText(v.supTable, r, 6), "Authorized (B:2001 A:—); Large cash (at or above the C limit ¥50,000.00)"; got != want {
		t.Errorf("exceptions %q, want %q", got, want)
	}
	if got := strings.Join(v.rows[r].e.Exceptions, "；"); got != "授权业务（B:2001 A:—）；大额现金（达到C级限额 ¥50,000.00）" {
		t.Errorf("the domain's exceptions %q", got)
	}
}

// TestEnglishRemoteAuthorizationWaits: with remote authorization on, an
// over-limit business on the English screens says it waits, why, with
// its figures, in English, and the B at another PC reads the queued
// draft, listed and in the dialog, and its need, read back from the
// store, in English too; the queue's summary the trail keeps stays
// Chinese.
func TestEnglishRemoteAuthorizationWaits(t *testing.T) {
	tm := englishTerminal(t, "1001")
	if err := tm.svc.SetSetting(context.Background(), counter.CommandLine(), counter.SettingRemoteAuth, "on"); err != nil {
		t.Fatal(err)
	}
	b := tm.key(savings1, "80000")
	test.Tap(b.submit)
	confirmed(t, b)
	if tm.a.auth != nil {
		t.Fatal("the authorization dialog opened at the teller's terminal")
	}
	if got, want := b.message.Text, "Awaiting authorization… sent for remote authorization: Amount ¥80,000.00 ≥ ¥50,000.00: Needs B authorization"; got != want {
		t.Errorf("teller message %q, want %q", got, want)
	}
	pc2 := tm.secondPC("0101-T02")
	pc2.login("2001", "pass2001")
	ws2 := pc2.a.ws
	ws2.tabs.Select(ws2.remoteTab)
	summary := "Savings cash deposit account " + savings1 + " (张伟) amount ¥80,000.00, handled by 1001 张三 customer ID " + idShown
	if labelText(ws2.remote.list, summary+"\nB-level authorization") == "" {
		t.Errorf("the queue does not list %q", summary)
	}
	qs, err := pc2.svc.Pending(context.Background(), pc2.a.sess)
	if err != nil || len(qs) != 1 || qs[0].Summary() != "储蓄现金存款 账号 "+savings1+"（张伟） 金额 ¥80,000.00 经办 1001 张三 客户证件 "+idKept {
		t.Fatalf("the queue's summary %+v (%v)", qs, err)
	}
	test.Tap(ws2.remote.open[0])
	d := pc2.a.auth
	if d == nil {
		t.Fatal("no authorization dialog for the B")
	}
	if !strings.HasPrefix(d.summary.Text, summary+"\nIn words ") {
		t.Errorf("the B's dialog reads %q", d.summary.Text)
	}
	if got := d.need.Text; got != "Amount ¥80,000.00 ≥ ¥50,000.00: Needs B authorization" {
		t.Errorf("the B reads the draft's need as %q", got)
	}
}
