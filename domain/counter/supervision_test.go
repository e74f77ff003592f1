package counter_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/voucher"
	"branchdesk/storage/demo"
)

// reviewAll does today's 滞后复核 and the 事后监督 due with the demo's B
// and A users (demo.ReviewDay).
func reviewAll(t *testing.T, svc *counter.Service) (late, days int) {
	t.Helper()
	late, days, err := demo.ReviewDay(context.Background(), svc)
	if err != nil {
		t.Fatal(err)
	}
	return late, days
}

func mustPost(t *testing.T, svc *counter.Service, sess *counter.Session, r counter.Request, signers ...string) ledger.Entry {
	t.Helper()
	ctx := context.Background()
	d, err := svc.Prepare(ctx, sess, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range signers {
		c := approve(id)
		if d.Blind() {
			c.Amount = r.Amount
		}
		if err := svc.Authorize(ctx, d, c); err != nil {
			t.Fatalf("authorize by %s: %v", id, err)
		}
	}
	e, err := svc.Post(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func lateItem(t *testing.T, svc *counter.Service, sess *counter.Session, id int64) (counter.LateItem, bool) {
	t.Helper()
	items, err := svc.LateReviews(context.Background(), sess)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Entry.ID == id {
			return it, true
		}
	}
	return counter.LateItem{}, false
}

// 第七条三: every business that needed an authorization — B alone or B
// then A — is in the 滞后复核 list after posting; business a C did alone
// is not.
func TestReviewListsAuthorizedBusiness(t *testing.T) {
	svc, _ := newCounter(t)
	t1 := signedIn(t, svc, "1001")
	b := signedIn(t, svc, "2002")
	byB := mustPost(t, svc, t1, counter.Request{Kind: ledger.SavingsTransfer, Account: "6217000000000001", Counterparty: "6217000000000002", Amount: 150_000_00}, "2001")
	byBA := mustPost(t, svc, t1, counter.Request{Kind: ledger.SavingsTransfer, Account: "6217000000000001", Counterparty: "6217000000000002", Amount: 200_000_00}, "2001", "3001")
	alone := mustPost(t, svc, t1, counter.Request{Kind: ledger.SavingsTransfer, Account: "6217000000000002", Counterparty: "6217000000000001", Amount: 99_999_99})
	for _, e := range []ledger.Entry{byB, byBA} {
		it, ok := lateItem(t, svc, b, e.ID)
		if !ok || it.Done() || it.State() != "待复核" {
			t.Fatalf("#%d (B:%s A:%s) in the list: %v %+v", e.ID, e.AuthB, e.AuthA, ok, it)
		}
	}
	if _, ok := lateItem(t, svc, b, alone.ID); ok {
		t.Fatal("business within the C limit is in the 滞后复核 list")
	}
	if _, err := svc.LateReviews(context.Background(), t1); !errors.Is(err, counter.ErrNotSupervisor) {
		t.Fatalf("a clerk reads the review list: %v", err)
	}
	if err := svc.CheckLate(context.Background(), b, alone.ID, ""); !errors.Is(err, counter.ErrNotForReview) {
		t.Fatalf("ticking business that needed no authorization: %v", err)
	}
}

// 第七条三, 第八条: the reviewer is neither the maker nor an authorizer of
// the business, and is a B or an A.
func TestReviewSeparationOfDuties(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	t1 := signedIn(t, svc, "1001")
	b1 := signedIn(t, svc, "2001")
	e := mustPost(t, svc, t1, counter.Request{Kind: ledger.SavingsTransfer, Account: "6217000000000001", Counterparty: "6217000000000002", Amount: 200_000_00}, "2001", "3001")
	// A B who posts business (顶岗) cannot review it either.
	own := mustPost(t, svc, b1, counter.Request{Kind: ledger.CorporateTransfer, Account: "4100000000000001", Counterparty: "4100000000000002", Amount: 100_000_00}, "2002")
	a1, _ := svc.Login(ctx, "3001", "pass3001")
	b2, _ := svc.Login(ctx, "2002", "pass2002")
	for _, c := range []struct {
		who  *counter.Session
		id   int64
		want error
	}{
		{t1, e.ID, counter.ErrNotSupervisor},
		{b1, e.ID, counter.ErrReviewAuthorized},
		{a1, e.ID, counter.ErrReviewAuthorized},
		{b1, own.ID, counter.ErrReviewOwn},
		{b2, own.ID, counter.ErrReviewAuthorized},
	} {
		if err := svc.CheckLate(ctx, c.who, c.id, ""); !errors.Is(err, c.want) {
			t.Errorf("%s reviews #%d: %v, want %v", c.who.User().ID, c.id, err, c.want)
		}
		if err := svc.QueryLate(ctx, c.who, c.id, "核对凭证"); !errors.Is(err, c.want) {
			t.Errorf("%s queries #%d: %v, want %v", c.who.User().ID, c.id, err, c.want)
		}
	}
	if it, _ := lateItem(t, svc, b2, e.ID); it.Done() {
		t.Fatal("a refused review was recorded")
	}
	if err := svc.CheckLate(ctx, b2, e.ID, "与凭证核对相符"); err != nil {
		t.Fatal(err)
	}
	if it, _ := lateItem(t, svc, b2, e.ID); !it.Done() || it.Checked.By != "2002" {
		t.Fatalf("after 2002's tick: %+v", it)
	}
	if err := svc.CheckLate(ctx, b2, e.ID, ""); !errors.Is(err, counter.ErrAlreadyReviewed) {
		t.Fatalf("ticked twice: %v", err)
	}
	a2, _ := svc.Login(ctx, "3002", "pass3002")
	if err := svc.CheckLate(ctx, a2, own.ID, ""); err != nil {
		t.Fatalf("an A who neither made nor authorized it: %v", err)
	}
}

// 第七条三: a query needs a reason and stays open — nobody can tick the
// business — until a B or A answers and closes it with a note; it blocks
// the close meanwhile. Each step is in the audit trail.
func TestReviewQueryStaysOpenUntilAnswered(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	t1 := signedIn(t, svc, "1001")
	e := mustPost(t, svc, t1, counter.Request{Kind: ledger.SavingsTransfer, Account: "6217000000000001", Counterparty: "6217000000000002", Amount: 150_000_00}, "2001")
	b2, _ := svc.Login(ctx, "2002", "pass2002")
	a2, _ := svc.Login(ctx, "3002", "pass3002")
	if err := svc.QueryLate(ctx, b2, e.ID, "  "); !errors.Is(err, counter.ErrQueryReason) {
		t.Fatalf("query without a reason: %v", err)
	}
	if err := svc.AnswerQuery(ctx, a2, e.ID, "已核实"); !errors.Is(err, counter.ErrNoOpenQuery) {
		t.Fatalf("answer with no query: %v", err)
	}
	if err := svc.QueryLate(ctx, b2, e.ID, "凭证缺客户签字"); err != nil {
		t.Fatal(err)
	}
	it, _ := lateItem(t, svc, b2, e.ID)
	if !it.Open() || it.Done() || !strings.Contains(it.State(), "凭证缺客户签字") {
		t.Fatalf("after the query: %+v", it)
	}
	if err := svc.CheckLate(ctx, a2, e.ID, ""); !errors.Is(err, counter.ErrQueryOpen) {
		t.Fatalf("ticked over an open query: %v", err)
	}
	if err := svc.QueryLate(ctx, a2, e.ID, "又一问"); !errors.Is(err, counter.ErrQueryOpen) {
		t.Fatalf("second query over an open one: %v", err)
	}
	mgr, _ := svc.Login(ctx, "3001", "pass3001")
	blockers, _, _ := svc.CloseChecklist(ctx, mgr, nil)
	if !strings.Contains(strings.Join(blockers, "\n"), "查询待答复（凭证缺客户签字）") {
		t.Fatalf("open query not among the blockers: %v", blockers)
	}
	if c, err := svc.ReviewCounts(ctx, mgr); err != nil || c.Queries != 1 || c.Late < 1 {
		t.Fatalf("counts %+v %v", c, err)
	}
	if err := svc.AnswerQuery(ctx, a2, e.ID, ""); !errors.Is(err, counter.ErrAnswerNote) {
		t.Fatalf("answer without a note: %v", err)
	}
	// The authorizer may not close the query on business they signed.
	b1, _ := svc.Login(ctx, "2001", "pass2001")
	if err := svc.AnswerQuery(ctx, b1, e.ID, "没问题"); !errors.Is(err, counter.ErrReviewAuthorized) {
		t.Fatalf("the authorizer closes the query: %v", err)
	}
	if err := svc.AnswerQuery(ctx, a2, e.ID, "客户已补签"); err != nil {
		t.Fatal(err)
	}
	it, _ = lateItem(t, svc, b2, e.ID)
	if it.Open() || !it.Done() || it.Answer.By != "3002" {
		t.Fatalf("after the answer: %+v", it)
	}
	if err := svc.CheckLate(ctx, b2, e.ID, ""); !errors.Is(err, counter.ErrAlreadyReviewed) {
		t.Fatalf("ticked after the answer: %v", err)
	}
	var n int
	_ = db.QueryRow(ctx, `SELECT COUNT(*) FROM audit WHERE action IN ('late_query','late_answer')`).Scan(&n)
	if n != 2 {
		t.Fatalf("%d audit rows of the query and its answer", n)
	}
	// Append-only: the store refuses to change a review.
	if _, err := db.Exec(ctx, `UPDATE reviews SET note = 'x'`); err == nil {
		t.Fatal("a review row was changed")
	}
}

// 第七条四: the exceptions of a teller's day are authorized business,
// reversals, cash at or above the C limit and day-end differences. The C
// limit is the boundary: ¥50,000.00 is an exception, one fen below is not.
func TestSupervisionExceptionsAtCLimit(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	t1 := signedIn(t, svc, "1001")
	fundBox(t, svc, "1001", 2000)
	below := mustPost(t, svc, t1, counter.Request{Kind: ledger.SavingsCashWithdrawal, Account: "6217000000000001", Amount: 49_999_99})
	at := mustPost(t, svc, t1, counter.Request{Kind: ledger.SavingsCashWithdrawal, Account: "6217000000000001", Amount: 50_000_00, Presenter: demo.Presenter}, "2001")
	above := mustPost(t, svc, t1, counter.Request{Kind: ledger.SavingsCashWithdrawal, Account: "6217000000000001", Amount: 50_000_01, Presenter: demo.Presenter}, "2001")
	small := mustPost(t, svc, t1, counter.Request{Kind: ledger.SavingsCashDeposit, Account: "6217000000000002", Amount: 100_00})
	d, err := svc.PrepareReversal(ctx, t1, small.ID, "金额输错")
	if err != nil {
		t.Fatal(err)
	}
	authorizeAll(t, svc, d)
	rev, err := svc.Post(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := svc.Login(ctx, "2002", "pass2002")
	js, err := svc.Supervision(ctx, b2, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]string{}
	for _, j := range js {
		if j.Teller != "1001" {
			continue
		}
		for _, e := range j.Entries {
			got[e.Entry.ID] = strings.Join(e.Exceptions, "；")
		}
	}
	for _, c := range []struct {
		e    ledger.Entry
		want []string
		not  string
	}{
		{below, nil, "大额现金"},
		{at, []string{"大额现金（达到C级限额 ¥50,000.00）", "授权业务（B:2001 A:—）"}, ""},
		{above, []string{"大额现金"}, ""},
		{small, []string{"已被 #"}, "大额现金"},
		{rev, []string{"冲正 #"}, ""},
	} {
		for _, w := range c.want {
			if !strings.Contains(got[c.e.ID], w) {
				t.Errorf("#%d %s: exceptions %q lack %q", c.e.ID, c.e.Amount, got[c.e.ID], w)
			}
		}
		if c.not != "" && strings.Contains(got[c.e.ID], c.not) {
			t.Errorf("#%d %s: exceptions %q hold %q", c.e.ID, c.e.Amount, got[c.e.ID], c.not)
		}
	}
	if got[below.ID] != "" {
		t.Errorf("one fen below the C limit is an exception: %q", got[below.ID])
	}
}

// 第七条四: a B who is not the maker supervises a teller's journal, item
// by item or the whole day at once; the whole day needs every exception
// seen, and what is posted after it is left for another look.
func TestSupervisionByTellerOrByItem(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	t1 := signedIn(t, svc, "1001")
	alone := mustPost(t, svc, t1, counter.Request{Kind: ledger.SavingsTransfer, Account: "6217000000000002", Counterparty: "6217000000000001", Amount: 1_000_00})
	big := mustPost(t, svc, t1, counter.Request{Kind: ledger.SavingsTransfer, Account: "6217000000000001", Counterparty: "6217000000000002", Amount: 150_000_00}, "2001")
	b1, _ := svc.Login(ctx, "2001", "pass2001")
	b2, _ := svc.Login(ctx, "2002", "pass2002")
	if err := svc.SuperviseEntry(ctx, t1, alone.ID, ""); !errors.Is(err, counter.ErrNotSupervisor) {
		t.Fatalf("a clerk supervises: %v", err)
	}
	// The vault keeper made the demo's funding entry: not theirs to supervise.
	if err := svc.SuperviseTeller(ctx, b1, today, "2001", nil); !errors.Is(err, counter.ErrSuperviseOwn) {
		t.Fatalf("a B supervises their own day: %v", err)
	}
	if err := svc.SuperviseTeller(ctx, b2, today, "1001", nil); !errors.Is(err, counter.ErrExceptionNotSeen) || !strings.Contains(err.Error(), itoa(big.ID)) {
		t.Fatalf("whole day with the exception not seen: %v", err)
	}
	if err := svc.SuperviseEntry(ctx, b2, alone.ID, "核对无误"); err != nil {
		t.Fatal(err)
	}
	if err := svc.SuperviseEntry(ctx, b2, alone.ID, ""); !errors.Is(err, counter.ErrAlreadySupervised) {
		t.Fatalf("supervised twice: %v", err)
	}
	if err := svc.SuperviseTeller(ctx, b2, today, "1001", []int64{big.ID}); err != nil {
		t.Fatal(err)
	}
	late := mustPost(t, svc, t1, counter.Request{Kind: ledger.SavingsTransfer, Account: "6217000000000002", Counterparty: "6217000000000001", Amount: 2_00})
	js, _ := svc.Supervision(ctx, b2, today)
	for _, j := range js {
		if j.Teller != "1001" {
			continue
		}
		if j.Pending() != 1 || j.Entries[len(j.Entries)-1].Entry.ID != late.ID {
			t.Fatalf("after the whole day, a later entry: pending %d", j.Pending())
		}
		for _, e := range j.Entries[:len(j.Entries)-1] {
			if e.By != "2002" {
				t.Fatalf("#%d supervised by %q", e.Entry.ID, e.By)
			}
		}
	}
	var n int
	_ = db.QueryRow(ctx, `SELECT COUNT(*) FROM audit WHERE action IN ('supervise_entry','supervise_day')`).Scan(&n)
	if n != 2 {
		t.Fatalf("%d audit rows of supervision", n)
	}
}

// closeReadyDay leaves a day whose only blockers are the reviews: 1001
// posts a B-authorized transfer and signs out, the keepers count and sign
// out. It gives the A who closes and the vouchers as counted.
func closeReadyDay(t *testing.T, svc *counter.Service) (*counter.Session, map[string]int64, ledger.Entry) {
	t.Helper()
	ctx := context.Background()
	keeper, vkeeper, t1 := signedIn(t, svc, "2001"), signedIn(t, svc, "2002"), signedIn(t, svc, "1001")
	e := mustPost(t, svc, t1, counter.Request{Kind: ledger.SavingsTransfer, Account: "6217000000000001", Counterparty: "6217000000000002", Amount: 150_000_00}, "2001")
	if err := svc.SignOut(ctx, t1); err != nil {
		t.Fatal(err)
	}
	stock, _, err := svc.VaultStock(ctx, keeper)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.CountVault(ctx, keeper, stock); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*counter.Session{keeper, vkeeper} {
		if err := svc.SignOut(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	mgr, err := svc.Login(ctx, "3001", "pass3001")
	if err != nil {
		t.Fatal(err)
	}
	return mgr, map[string]int64{voucher.CashCheque: 50, voucher.TransferCheque: 50, voucher.Passbook: 20}, e
}

// 第七条三、四: the close lists every authorized business not reviewed and
// every teller's journal not supervised, refuses while any is left (here
// two of each: the demo's vault funding by 2001 and 1001's transfer), and
// goes through once they are done.
func TestReviewCloseRefusedUntilReviewed(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	mgr, physical, e := closeReadyDay(t, svc)
	_, err := svc.CloseBranch(ctx, mgr, physical)
	var blocked *counter.BlockedError
	if !errors.As(err, &blocked) || len(blocked.Blockers) != 4 {
		t.Fatalf("close with nothing reviewed: %v", err)
	}
	joined := strings.Join(blocked.Blockers, "\n")
	for _, want := range []string{"滞后复核：#" + itoa(e.ID) + " 柜员 1001", "未复核", "事后监督：柜员 1001 张三 当日流水尚有 1 笔未监督", "事后监督：柜员 2001 李四"} {
		if !strings.Contains(joined, want) {
			t.Errorf("blockers lack %q:\n%s", want, joined)
		}
	}
	if c, err := svc.ReviewCounts(ctx, mgr); err != nil || c.Late != 2 || c.Unsupervised != 2 || c.Date != today {
		t.Fatalf("counts %+v %v", c, err)
	}
	if late, days := reviewAll(t, svc); late != 2 || days != 2 {
		t.Fatalf("reviewed %d, supervised %d days", late, days)
	}
	c, err := svc.CloseBranch(ctx, mgr, physical)
	if err != nil || c.NextDate != "2026-11-24" {
		t.Fatalf("close after the reviews: %+v %v", c, err)
	}
}

// 第七条四 next-morning: with supervision_next_morning on, the close does
// not wait for 事后监督 (滞后复核 still does), but the next business day's
// sign-ins are refused, naming the day, until its journals are supervised.
func TestSupervisionNextMorningBlocksSignIn(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	if err := svc.SetSetting(ctx, counter.CommandLine(), counter.SettingSupervisionNextMorning, "on"); err != nil {
		t.Fatal(err)
	}
	mgr, physical, _ := closeReadyDay(t, svc)
	_, err := svc.CloseBranch(ctx, mgr, physical)
	var blocked *counter.BlockedError
	if !errors.As(err, &blocked) || len(blocked.Blockers) != 2 || strings.Contains(strings.Join(blocked.Blockers, ""), "事后监督") {
		t.Fatalf("next-morning close before 滞后复核: %v", err)
	}
	b2, _ := svc.Login(ctx, "2002", "pass2002")
	items, _ := svc.LateReviews(ctx, b2)
	for _, it := range items {
		if err := svc.CheckLate(ctx, b2, it.Entry.ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.CloseBranch(ctx, mgr, physical); err != nil {
		t.Fatalf("next-morning close waits for 事后监督: %v", err)
	}

	// The next morning: nobody signs in until yesterday is supervised.
	t1, err := svc.Login(ctx, "1001", "pass1001")
	if err != nil {
		t.Fatal(err)
	}
	err = svc.SignIn(ctx, t1, nil)
	var pending *counter.SupervisionPendingError
	if !errors.As(err, &pending) || pending.Date != today || pending.Pending != 2 || !strings.Contains(err.Error(), "上一营业日 "+today) {
		t.Fatalf("sign-in before supervision: %v", err)
	}
	if d, _ := svc.Day(ctx, t1); d.State != "" {
		t.Fatalf("a refused sign-in opened the day: %+v", d)
	}
	// The B supervises yesterday's journals without signing in.
	if due, err := svc.SupervisionDue(ctx, b2); err != nil || due != today {
		t.Fatalf("due %q %v", due, err)
	}
	if c, _ := svc.ReviewCounts(ctx, b2); c.Unsupervised != 2 || c.Date != today || !c.NextMorning {
		t.Fatalf("counts next morning %+v", c)
	}
	blockers, _, _ := svc.CloseChecklist(ctx, b2, nil)
	if !strings.Contains(strings.Join(blockers, "\n"), "事后监督：上一营业日 "+today+" 尚有 2 笔流水未监督") {
		t.Fatalf("the next close does not wait for yesterday: %v", blockers)
	}
	if _, days := reviewAll(t, svc); days != 2 {
		t.Fatalf("supervised %d days", days)
	}
	if err := svc.SignIn(ctx, t1, nil); err != nil {
		t.Fatalf("sign-in after supervision: %v", err)
	}
	if due, _ := svc.SupervisionDue(ctx, b2); due != "2026-11-24" {
		t.Fatalf("due after supervision %q", due)
	}
}

// 第七条三: business authorized remotely, from the B's own PC, is in the
// 滞后复核 list like any other, and its remote authorizer may not review it.
func TestReviewCoversRemoteAuthorization(t *testing.T) {
	pcs, _ := remoteBranch(t, 2)
	ctx := context.Background()
	teller := signedIn(t, pcs[0], "1001")
	_, key := queueTransfer(t, pcs[0], teller, 150_000_00)
	b := login(t, pcs[1], "2001")
	if err := pcs[1].Decide(ctx, b, key, authz.StageB, approve("2001")); err != nil {
		t.Fatal(err)
	}
	e, err := pcs[0].PostQueued(ctx, teller, key)
	if err != nil {
		t.Fatal(err)
	}
	it, ok := lateItem(t, pcs[1], b, e.ID)
	if !ok || it.Entry.AuthB != "2001" || it.Done() {
		t.Fatalf("remote business in the list: %v %+v", ok, it)
	}
	if err := pcs[1].CheckLate(ctx, b, e.ID, ""); !errors.Is(err, counter.ErrReviewAuthorized) {
		t.Fatalf("the remote authorizer reviews: %v", err)
	}
	if err := pcs[1].CheckLate(ctx, login(t, pcs[1], "2002"), e.ID, ""); err != nil {
		t.Fatal(err)
	}
}
