package ui

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2/widget"

	"branchdesk/assets"
	"branchdesk/ui/uitext"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/attach"
	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/finance"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/payment"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/seal"
	"branchdesk/domain/staff"
	"branchdesk/domain/support"
	"branchdesk/domain/survey"
	"branchdesk/domain/sync"
	"branchdesk/domain/target"
	"branchdesk/domain/voucher"
)

// TestDomainNamesAreKeys: every business kind, account type, day state
// and level, the vault's cash moves, the denominations, the credit desk's
// attachment kinds and complaint channels, the quarter's 无数据 and the
// KPIs' 保密 the screens translate have their names among domainNames, so they are in
// the catalogs.
func TestDomainNamesAreKeys(t *testing.T) {
	var names []string
	for _, k := range ledger.Kinds {
		names = append(names, k.Title())
	}
	for _, at := range []ledger.AccountType{ledger.Savings, ledger.Corporate, ledger.Cash, ledger.Suspense} {
		names = append(names, at.Title())
	}
	for _, s := range []counter.DayState{counter.DayOpen, counter.DayPaused, counter.DayClosed, ""} {
		names = append(names, s.Title())
	}
	for _, l := range []staff.Level{staff.LevelC, staff.LevelB, staff.LevelA} {
		names = append(names, l.Title())
	}
	for _, n := range []authz.Need{authz.NeedNone, authz.NeedB, authz.NeedBA, authz.NeedA} {
		names = append(names, n.Title())
	}
	names = append(names, ledger.Account{}.Status())
	names = appendTitles(names, ledger.IDTypes, ledger.IDType.Title)
	for _, k := range []ledger.Kind{ledger.VaultIssue, ledger.VaultReceive, ledger.TransferIn, ledger.TransferOut, ledger.CashOverage, ledger.CashShortage,
		ledger.OverageReturned, ledger.ShortageFound, ledger.ShortageRepaid, ledger.OverageWrittenOff, ledger.ShortageWrittenOff} {
		names = append(names, k.Title())
	}
	for _, s := range []payment.State{payment.Entered, payment.Checked, payment.Sealed, payment.Sent, payment.Returned} {
		names = append(names, s.Title())
	}
	for _, d := range cash.Denominations() {
		names = append(names, d.Name)
	}
	for _, k := range attach.Kinds() {
		names = append(names, string(k))
	}
	for _, typ := range []string{attach.JPEG, attach.PNG, attach.PDF, ""} {
		names = append(names, attach.TypeText(typ))
	}
	names = append(names, sync.Term1Y.Title(), sync.Term5Y.Title())
	for _, c := range pipeline.Channels() {
		names = append(names, c.Title())
	}
	names = append(names, appraisal.NoData, finance.QuarterReport{Default: true}.WeightsSource(), finance.QuarterReport{}.WeightsSource(), appraisal.NoDataText)
	names = append(names, pipeline.Withheld, pipeline.WithheldNote)
	for _, k := range seal.Kinds() {
		names = append(names, k.Title())
	}
	for _, vt := range voucher.Types() {
		names = append(names, vt.Name, vt.Unit)
	}
	for _, st := range []voucher.State{voucher.Received, voucher.Issued, voucher.Used, voucher.Sold, voucher.Voided, voucher.Returned} {
		names = append(names, st.Title())
	}
	for _, st := range []counter.QueueState{counter.QueueWaiting, counter.QueueApproved, counter.QueueRefused, counter.QueueExpired, counter.QueuePosted, counter.QueueWithdrawn} {
		names = append(names, st.Title())
	}
	names = append(names, survey.Draft.Title(), survey.Final.Title())
	for _, sz := range []enterprise.Size{enterprise.Large, enterprise.Medium, enterprise.Small, enterprise.Micro} {
		names = append(names, sz.Title())
	}
	for _, c := range target.Classes() {
		names = append(names, c.Title())
	}
	for _, p := range survey.Purposes() {
		names = append(names, p.Title())
	}
	names = appendTitles(names, survey.Ownerships(), survey.Ownership.Title)
	names = appendTitles(names, survey.Overdues(), survey.Overdue.Title)
	names = appendTitles(names, survey.Operatings(), survey.Operating.Title)
	names = appendTitles(names, survey.Urgencies(), survey.Urgency.Title)
	names = appendTitles(names, survey.Collaterals(), survey.Collateral.Title)
	for _, st := range []pipeline.Stage{"", pipeline.Collected, pipeline.Matched, pipeline.InProgress, pipeline.Funded, pipeline.Declined, pipeline.FollowedUp} {
		names = append(names, st.Title())
	}
	for _, st := range []pipeline.Step{pipeline.Received, pipeline.Investigated, pipeline.Handled, pipeline.FeedbackGiven} {
		names = append(names, st.Title())
	}
	names = append(names, titles(support.Schemes(), support.Scheme.Title)...)
	names = append(names, titles([]support.AppState{support.Waiting, support.Issued, support.Cancelled}, support.AppState.Title)...)
	names = append(names, target.Admission{}.Title())
	names = append(names, titles(support.Founders(), support.Founder.Title)...)
	names = append(names, titles(support.ServiceItems(), support.ServiceItem.Title)...)
	names = append(names, titles(append(enterprise.Industries(), enterprise.Unspecified), enterprise.Industry.Title)...)
	slices.Sort(names)
	names = slices.Compact(names) // 其他 is an attachment's kind and a financing purpose
	for _, n := range names {
		if !slices.Contains(domainNames, n) {
			t.Errorf("%q is not in domainNames", n)
		}
	}
	if len(names) != len(domainNames) {
		t.Errorf("domainNames has %d names, the domain %d", len(domainNames), len(names))
	}
}

// appendTitles appends the title of each of values to names.
func appendTitles[T any](names []string, values []T, title func(T) string) []string {
	for _, v := range values {
		names = append(names, title(v))
	}
	return names
}

// TestDomainMessagesAreKeys: domainMessages is what go run ./scripts/i18n
// domain makes of the domain's fixed error messages today, and a refusal
// shown whole is translated: 尚未签到 in English is "Not signed on yet".
func TestDomainMessagesAreKeys(t *testing.T) {
	var dirs []string
	for _, d := range uitext.DomainDirs {
		dirs = append(dirs, "../"+d)
	}
	msgs, err := uitext.Messages(dirs...)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(msgs, domainMessages) {
		t.Errorf("domainMessages differ from the domain's %d messages: go run ./scripts/i18n domain", len(msgs))
	}
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	useCatalog(assets.English)
	l := widget.NewLabel("")
	sayRefused(l, counter.ErrNotSignedIn.Error())
	if l.Text != "Not signed on yet" {
		t.Errorf("refusal shown as %q", l.Text)
	}
	deskSay(l, "", counter.ErrNotSignedIn)
	if l.Text != "Not signed on yet" {
		t.Errorf("desk error shown as %q", l.Text)
	}
}

// TestEntryTitle: an entry's name reads as ledger writes it in Chinese,
// and in English with the reversal marked.
func TestEntryTitle(t *testing.T) {
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	plain := ledger.Entry{Kind: ledger.SavingsCashDeposit}
	rev := ledger.Entry{Kind: ledger.SavingsCashDeposit, Reverses: 7}
	for _, e := range []ledger.Entry{plain, rev} {
		if got := entryTitle(e); got != e.Title() {
			t.Errorf("entryTitle = %q, want %q", got, e.Title())
		}
	}
	useCatalog(assets.English)
	if got := entryTitle(rev); got != "Reversal · Savings cash deposit" {
		t.Errorf("English reversal title %q", got)
	}
}

// TestEnglishDomainWords: the review state, a payment order's state, the
// quarter's label, its weights line and a vault move's name read as domain/ writes them in
// Chinese, and in English on the English screens.
func TestEnglishDomainWords(t *testing.T) {
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	by := &counter.Review{By: "3001", Note: "已核对凭证"}
	items := []counter.LateItem{{}, {Checked: by}, {Query: by}, {Query: by, Answer: by}}
	q := appraisal.Quarter{Year: 2026, Q: 4}
	w := appraisal.DefaultWeights()
	transfer := ledger.Entry{Kind: ledger.TransferIn}
	for _, it := range items {
		if got := lateState(it); got != it.State() {
			t.Errorf("review state %q, domain %q", got, it.State())
		}
	}
	diffs := []cash.Difference{{Amount: 10_00}, {Amount: -10_00}, {}}
	for _, d := range diffs {
		if got := differenceText(d); got != d.Title() {
			t.Errorf("difference %q, domain %q", got, d.Title())
		}
	}
	if got := quarterLabel(q); got != q.String() {
		t.Errorf("quarter %q, domain %q", got, q.String())
	}
	rep := finance.QuarterReport{Default: true}
	if got, want := weightsLine(rep.WeightsSource(), w), "权重（"+rep.WeightsSource()+"）："+appraisal.WeightsText(w)+"；"+appraisal.NoDataText; got != want {
		t.Errorf("weights %q, want %q", got, want)
	}

	useCatalog(assets.English)
	want := []string{"Awaiting review", "Reviewed (3001)", "Query awaiting answer: 已核对凭证", "Query answered (3001): 已核对凭证"}
	for i, it := range items {
		if got := lateState(it); got != want[i] {
			t.Errorf("review state %q, want %q", got, want[i])
		}
	}
	for i, want := range []string{"Overage ¥10.00", "Shortage ¥10.00", "Balanced"} {
		if got := differenceText(diffs[i]); got != want {
			t.Errorf("difference %q, want %q", got, want)
		}
	}
	if got := tr(payment.Checked.Title()); got != "Awaiting coding" {
		t.Errorf("待编押 shows %q", got)
	}
	if got := quarterLabel(q); got != "Q4 2026" {
		t.Errorf("quarter %q", got)
	}
	if got := noData(appraisal.NoData); got != "No data" {
		t.Errorf("无数据 shows %q", got)
	}
	line := weightsLine(rep.WeightsSource(), w)
	wantContains(t, "weights", line, "Weights (default; head office issued none before the quarter's end): List coverage ")
	if uitext.HasHan(line) {
		t.Errorf("weights line %q", line)
	}
	if got := entryTitle(transfer); got != "Transfer into vault" || transfer.Title() != "调拨入库" {
		t.Errorf("调拨入库 shows %q", got)
	}
	if got := describeCount(cash.Count{"N100": 2, "C1J": 3}); got != "100 yuan note×2 1 jiao coin×3" {
		t.Errorf("count in words %q", got)
	}
}

// TestEnglishDomainMessagesWithFigures: the domain's refusals with figures
// (msg.Errorf, and the typed errors that keep their message) read in
// English with the same figures, a refusal wrapped in one still found by
// errors.Is; in Chinese they read as the domain writes them.
func TestEnglishDomainMessagesWithFigures(t *testing.T) {
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	diff := &counter.DifferenceError{Diff: cash.Difference{Amount: -10_00}, Err: cash.ErrUnbalanced}
	errs := []error{
		&counter.SignedInElsewhereError{Teller: "1001 张伟", Terminal: "0101-T02"},
		&counter.SupervisionPendingError{Date: "2026-12-04", Pending: 3},
		diff,
		&cash.MismatchError{Counted: 900_00, Declared: 1_000_00},
		cash.CheckDeclared(cash.Count{"N100": 9}, 1_000_00),
	}
	for _, err := range errs {
		if got := errorText(err); got != err.Error() {
			t.Errorf("Chinese %q, the domain's %q", got, err.Error())
		}
	}
	if !errors.Is(diff, cash.ErrUnbalanced) || !errors.Is(errs[4], cash.ErrCountMismatch) {
		t.Error("errors.Is lost the rule")
	}
	useCatalog(assets.English)
	want := []string{
		"Teller 1001 张伟 is signed on at terminal 0101-T02: sign off there first, or ask an A supervisor to release it",
		"The tellers' journals of the previous business day 2026-12-04 are not yet supervised (3 entries unsupervised); nobody can sign on today: a B or A teller must first complete it under “Review and supervision”",
		"Box Shortage ¥10.00: " + tr(cash.ErrUnbalanced.Error()),
		"The denominations total ¥900.00, not the amount ¥1,000.00",
		"The denominations total ¥900.00, not the amount ¥1,000.00",
	}
	for i, err := range errs {
		if got := errorText(err); got != want[i] {
			t.Errorf("English %q, want %q", got, want[i])
		}
	}
	if uitext.HasHan(tr(cash.ErrUnbalanced.Error())) {
		t.Error("钱箱未轧平 is not translated")
	}
	_, unknown := cash.Lookup("N3")
	if got, want := errorText(unknown), tr(cash.ErrUnknownDenomination.Error())+`: "N3"`; got != want || uitext.HasHan(got) {
		t.Errorf("a refusal and what it names: %q, want %q", got, want)
	}
	bad := voucher.Range{Type: voucher.CashCheque, From: 9, To: 3}.Validate()
	if got, want := errorText(bad), tr(voucher.ErrRange.Error())+" (9–3)"; got != want || !errors.Is(bad, voucher.ErrRange) {
		t.Errorf("a refusal and its figures: %q, want %q", got, want)
	}
	useCatalog(assets.Chinese)
	if got := errorText(bad); got != "凭证号码段不正确：起号须大于零且不大于止号（9–3）" {
		t.Errorf("Chinese %q", got)
	}
	useCatalog(assets.English)
	open := msg.Errorf("%w：%s", counter.ErrLeaveUnfinished, msg.List{msg.Sprintf("待确认的现金或凭证交接 #%d", 7), msg.Sprintf("待授权的业务 %s %s", ledger.SavingsTransfer.Title(), money.Amount(150_000_00))})
	if got, want := errorText(open), tr(counter.ErrLeaveUnfinished.Error())+": cash or voucher hand-over #7 awaiting confirmation; business awaiting authorization Savings transfer ¥150,000.00"; got != want {
		t.Errorf("a list of what is open %q, want %q", got, want)
	}
	useCatalog(assets.Chinese)
	plain := fmt.Errorf("store: %w", counter.ErrNotSignedIn)
	if got := errorText(plain); got != plain.Error() {
		t.Errorf("an error that is not the domain's own reads %q", got)
	}
}
