package counter_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
)

// suspended has teller (signed in) take notes hundred-yuan notes from the
// vault and count counted of them at day end: the difference goes to
// suspense on 2002's sign-off and 3001's approval. It returns the item.
func suspended(t *testing.T, svc *counter.Service, teller *counter.Session, notes, counted int64) int64 {
	t.Helper()
	if notes > 0 {
		fundBox(t, svc, teller.User().ID, notes)
	}
	b, a := approve("2002"), approve("3001")
	bal, err := svc.BalanceBox(context.Background(), teller, counter.BalanceInput{
		Count: cash.Count{"N100": counted}, Reason: "点钞差错", SignB: &b, ApproveA: &a,
	})
	if err != nil || bal.SuspenseEntry == 0 {
		t.Fatalf("suspense: %+v %v", bal, err)
	}
	return bal.SuspenseEntry
}

// upperDecided records head office's decision on item as a config bundle
// brings it: approved with who and the reference, or refused with a reason.
func upperDecided(t testing.TB, db *sqlstore.DB, item int64, approved bool) ledger.Decision {
	t.Helper()
	d, err := demo.UpperDecision(context.Background(), db, item, approved)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func resolution(item int64, way ledger.Way, amt money.Amount, b, a string) counter.Resolution {
	cb, ca := approve(b), approve(a)
	return counter.Resolution{Item: item, Way: way, Amount: amt, Reason: "次日清点找回", SignB: &cb, ApproveA: &ca}
}

func openOf(t *testing.T, svc *counter.Service, sess *counter.Session, item int64) (counter.SuspenseItem, bool) {
	t.Helper()
	items, err := svc.SuspenseItems(context.Background(), sess, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range items {
		if i.Entry.ID == item {
			return i, true
		}
	}
	return counter.SuspenseItem{}, false
}

// TestSuspenseResolvedInPartsNeverBeyondOpen: 第十四条 — a ¥100.00
// shortage in suspense is found in two parts by new entries pointing at
// it; one fen above what is open is refused and changes nothing, the
// exact open amount closes it, and the suspense entry is never touched.
func TestSuspenseResolvedInPartsNeverBeyondOpen(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	t2 := signedIn(t, svc, "1002")
	item := suspended(t, svc, t2, 10, 9) // ¥100.00 short
	before, _ := svc.Receipt(ctx, t2, item)
	t1 := signedIn(t, svc, "1001")

	e, err := svc.ResolveSuspense(ctx, t1, resolution(item, ledger.WayFound, 40_00, "2001", "3001"))
	if err != nil {
		t.Fatal(err)
	}
	if e.Kind != ledger.ShortageFound || e.Settles != item || e.AuthB != "2001" || e.AuthA != "3001" || e.Teller != "1001" {
		t.Fatalf("resolution %+v", e)
	}
	i, ok := openOf(t, svc, t1, item)
	if !ok || i.Open != 60_00 || i.Resolved != 40_00 || len(i.Resolutions) != 1 {
		t.Fatalf("after ¥40: %+v", i)
	}
	for _, c := range []struct {
		amt  money.Amount
		want error
	}{
		{60_01, ledger.ErrOverOpen}, // one fen above what is open
		{0, ledger.ErrNonPositive},
	} {
		if _, err := svc.ResolveSuspense(ctx, t1, resolution(item, ledger.WayFound, c.amt, "2001", "3001")); !errors.Is(err, c.want) {
			t.Fatalf("%s: %v, want %v", c.amt, err, c.want)
		}
	}
	if i, _ := openOf(t, svc, t1, item); i.Open != 60_00 || len(i.Resolutions) != 1 {
		t.Fatalf("a refused resolution changed the item: %+v", i)
	}
	if _, err := svc.ResolveSuspense(ctx, t1, resolution(item, ledger.WayFound, 60_00, "2002", "3002")); err != nil {
		t.Fatalf("exact open amount: %v", err)
	}
	if _, ok := openOf(t, svc, t1, item); ok {
		t.Fatal("a wholly resolved item is still listed open")
	}
	all, err := svc.SuspenseItems(ctx, t1, true)
	if err != nil || len(all) != 1 || all[0].Open != 0 || all[0].Resolved != 100_00 {
		t.Fatalf("register: %+v %v", all, err)
	}
	if _, err := svc.ResolveSuspense(ctx, t1, resolution(item, ledger.WayFound, 1, "2001", "3001")); !errors.Is(err, ledger.ErrSuspenseClosed) {
		t.Fatalf("resolving a closed item: %v", err)
	}
	// The found cash is in 1001's box, and the suspense account is clear.
	p, err := svc.Position(ctx, t1, "")
	if err != nil || p.Expected != 100_00 {
		t.Fatalf("1001's box: %+v %v", p.Expected, err)
	}
	after, _ := svc.Receipt(ctx, t2, item)
	if after.Entry.Digest() != before.Entry.Digest() {
		t.Fatal("the suspense entry changed")
	}
	if c, err := svc.CheckBooks(ctx, nil); err != nil || len(c.Findings) != 0 {
		t.Fatalf("books: %+v %v", c.Findings, err)
	}
}

// TestSuspenseWays: an overage is returned or written off to the
// branch's income; a shortage is found, repaid by a named teller of the
// branch, or written off to its loss. Each way posts its own legs.
func TestSuspenseWays(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	t2 := signedIn(t, svc, "1002")
	short := suspended(t, svc, t2, 10, 7) // ¥300.00 short
	t1 := signedIn(t, svc, "1001")
	over := suspended(t, svc, t1, 0, 2) // ¥200.00 over, in 1001's box
	upperDecided(t, db, short, true)
	upperDecided(t, db, over, true)
	cases := []struct {
		name        string
		item        int64
		way         ledger.Way
		amt         money.Amount
		responsible string
		want        error
		debit       string
		credit      string
	}{
		{"overage repaid", over, ledger.WayRepaid, 1_00, "", ledger.ErrWayNotFit, "", ""},
		{"repaid with no one named", short, ledger.WayRepaid, 1_00, "", ledger.ErrResponsibleNeeded, "", ""},
		{"repaid by a stranger", short, ledger.WayRepaid, 1_00, "9999", counter.ErrResponsibleUnknown, "", ""},
		{"overage returned", over, ledger.WayFound, 50_00, "", nil, ledger.SuspenseAccountNo(demo.Branch), ledger.CashAccountNo("1001")},
		{"overage written off", over, ledger.WayWrittenOff, 150_00, "", nil, ledger.SuspenseAccountNo(demo.Branch), ledger.IncomeAccountNo(demo.Branch)},
		{"shortage repaid", short, ledger.WayRepaid, 100_00, "1002", nil, ledger.CashAccountNo("1001"), ledger.SuspenseAccountNo(demo.Branch)},
		{"shortage written off", short, ledger.WayWrittenOff, 200_00, "", nil, ledger.LossAccountNo(demo.Branch), ledger.SuspenseAccountNo(demo.Branch)},
	}
	for _, c := range cases {
		in := resolution(c.item, c.way, c.amt, "2001", "3002")
		in.Responsible = c.responsible
		e, err := svc.ResolveSuspense(ctx, t1, in)
		if !errors.Is(err, c.want) {
			t.Fatalf("%s: %v, want %v", c.name, err, c.want)
		}
		if c.want != nil {
			continue
		}
		full, err := readEntry(db, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(full.Legs) != 2 || full.Legs[0].Account != c.debit || full.Legs[0].Side != ledger.Debit ||
			full.Legs[1].Account != c.credit || full.Amount != c.amt || full.Responsible != c.responsible {
			t.Errorf("%s: %+v", c.name, full)
		}
	}
	items, err := svc.SuspenseItems(ctx, t1, false)
	if err != nil || len(items) != 0 {
		t.Fatalf("all resolved, still open: %+v %v", items, err)
	}
	if c, err := svc.CheckBooks(ctx, nil); err != nil || len(c.Findings) != 0 {
		t.Fatalf("books: %+v %v", c.Findings, err)
	}
}

// TestSuspenseReturnNeedsCashInTheBox: an overage returned to the customer
// is paid out of the maker's box, which must hold it.
func TestSuspenseReturnNeedsCashInTheBox(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	t2 := signedIn(t, svc, "1002")
	over := suspended(t, svc, t2, 0, 1) // ¥100.00 over, in 1002's box
	t1 := signedIn(t, svc, "1001")      // an empty box
	if _, err := svc.ResolveSuspense(ctx, t1, resolution(over, ledger.WayFound, 100_00, "2001", "3001")); !errors.Is(err, counter.ErrBoxShort) {
		t.Fatalf("returned from an empty box: %v", err)
	}
}

// TestSuspenseApprovedByBThenA: 第八条, 第十四条 — a resolution needs a B
// and then an A; neither may be the maker, nor the teller whose
// difference it was; a clerk signs nothing, one person signs once.
// Every refusal posts nothing.
func TestSuspenseApprovedByBThenA(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	t2 := signedIn(t, svc, "1002")
	item := suspended(t, svc, t2, 10, 9)
	maker := signedIn(t, svc, "2002") // a B keys it (顶岗)
	none := resolution(item, ledger.WayFound, 10_00, "2001", "3001")
	none.ApproveA = nil
	for _, c := range []struct {
		name string
		in   counter.Resolution
		want error
	}{
		{"no A", none, counter.ErrSuspenseApprovals},
		{"maker signs as B", resolution(item, ledger.WayFound, 10_00, "2002", "3001"), authz.ErrSelfAuthorization},
		{"clerk as B", resolution(item, ledger.WayFound, 10_00, "1001", "3001"), authz.ErrClerkCannotAuthorize},
		{"B as A", resolution(item, ledger.WayFound, 10_00, "2001", "2001"), authz.ErrSameAuthorizer},
		{"a B where an A signs", resolution(item, ledger.WayFound, 10_00, "3001", "2001"), authz.ErrNeedLevelA},
		{"the short teller signs", resolution(item, ledger.WayFound, 10_00, "1002", "3001"), counter.ErrSuspenseInvolved},
	} {
		if _, err := svc.ResolveSuspense(ctx, maker, c.in); !errors.Is(err, c.want) {
			t.Fatalf("%s: %v, want %v", c.name, err, c.want)
		}
		// Refused before any password is checked: the trail names the
		// maker as the actor, and who was offered in the text.
		if c.want == counter.ErrSuspenseInvolved {
			if r := auditTail(t, db); r.Actor != "2002" || !strings.Contains(r.Detail, "1002："+counter.ErrSuspenseInvolved.Error()) {
				t.Fatalf("refusal audited as %s: %s", r.Actor, r.Detail)
			}
		}
	}
	if i, ok := openOf(t, svc, maker, item); !ok || len(i.Resolutions) != 0 || i.Open != 100_00 {
		t.Fatalf("a refused resolution posted: %+v", i)
	}
	if _, err := svc.ResolveSuspense(ctx, maker, resolution(item, ledger.WayFound, 10_00, "2001", "3001")); err != nil {
		t.Fatal(err)
	}
}

// TestSuspenseListedInCloseWithAge: open items are listed for the branch
// close with their age in business days; they do not block it (第十四条
// asks the register to keep amount, reason and outcome, not to clear
// them by day end).
func TestSuspenseListedInCloseWithAge(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	t2 := signedIn(t, svc, "1002")
	item := suspended(t, svc, t2, 10, 9)
	reviewAll(t, svc) // the suspense entry itself is reviewed like any authorized business
	mgr, _ := svc.Login(ctx, "3001", "pass3001")
	blockers, _, err := svc.CloseChecklist(ctx, mgr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(blockers, "\n"), "挂账") {
		t.Fatalf("suspense blocks the close: %v", blockers)
	}
	// Three days on (the store's business date moved as three closes would).
	if err := db.Tx(ctx, func(tx counter.Tx) error {
		b, err := tx.Branch(demo.Branch)
		if err != nil {
			return err
		}
		b.BusinessDate = "2026-11-26"
		return tx.PutBranch(b)
	}); err != nil {
		t.Fatal(err)
	}
	i, ok := openOf(t, svc, mgr, item)
	if !ok || i.AgeDays != 3 {
		t.Fatalf("age: %+v", i)
	}
	if want := "短款挂账 ¥100.00（柜员 1002，2026-11-23）已挂 3 天，未处理 ¥100.00"; !strings.Contains(i.Line(), want) {
		t.Fatalf("line %q lacks %q", i.Line(), want)
	}
}

func readEntry(db *sqlstore.DB, id int64) (ledger.Entry, error) {
	var e ledger.Entry
	err := db.View(context.Background(), func(tx counter.Tx) (err error) {
		e, err = tx.Entry(id)
		return err
	})
	return e, err
}

// TestSuspenseWriteOffNeedsUpperApproval: 第十四条 — 对不能核销的过渡账务，
// 必须报上级业务管理部门批准后方可进行挂账处理. An item the upper level
// has not decided is not written off (核销); once it approves, it is;
// one it refused is never written off but still repaid (赔偿). A refusal
// posts nothing.
func TestSuspenseWriteOffNeedsUpperApproval(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	t2 := signedIn(t, svc, "1002")
	short := suspended(t, svc, t2, 10, 7) // ¥300.00 short
	t1 := signedIn(t, svc, "1001")
	over := suspended(t, svc, t1, 0, 2) // ¥200.00 over
	writeOff := func(item int64) error {
		_, err := svc.ResolveSuspense(ctx, t1, resolution(item, ledger.WayWrittenOff, 10_00, "2001", "3002"))
		return err
	}
	for _, item := range []int64{short, over} {
		i, _ := openOf(t, svc, t1, item)
		if i.Decision != nil || i.Decision.Status() != ledger.DecisionPending || !strings.HasSuffix(i.Line(), "，待上级批准") {
			t.Fatalf("an undecided item: %+v, %q", i.Decision, i.Line())
		}
		if err := writeOff(item); !errors.Is(err, counter.ErrWriteOffUnapproved) {
			t.Fatalf("#%d written off before the upper level decided: %v", item, err)
		}
	}

	approved := upperDecided(t, db, over, true)
	i, _ := openOf(t, svc, t1, over)
	if i.Decision == nil || !i.Decision.Same(approved) || i.Decision.Status() != ledger.DecisionApproved ||
		!strings.HasSuffix(i.Line(), "，已批准（刘明，批复文号 运管批〔2026〕12号）") {
		t.Fatalf("an approved item: %+v, %q", i.Decision, i.Line())
	}
	if err := writeOff(over); err != nil {
		t.Fatalf("written off after approval: %v", err)
	}

	upperDecided(t, db, short, false)
	i, _ = openOf(t, svc, t1, short)
	if i.Decision.Status() != ledger.DecisionRefused || !strings.HasSuffix(i.Line(), "，不予批准：差错原因未查清，须责任人赔偿") {
		t.Fatalf("a refused item: %+v, %q", i.Decision, i.Line())
	}
	if err := writeOff(short); !errors.Is(err, counter.ErrWriteOffRefused) || !strings.Contains(err.Error(), "差错原因未查清") {
		t.Fatalf("a refused item written off: %v", err)
	}
	if i, _ := openOf(t, svc, t1, short); i.Open != 300_00 || len(i.Resolutions) != 0 {
		t.Fatalf("refusals resolved something: %+v", i)
	}
	repay := resolution(short, ledger.WayRepaid, 300_00, "2001", "3002")
	repay.Responsible = "1002"
	if _, err := svc.ResolveSuspense(ctx, t1, repay); err != nil {
		t.Fatalf("a refused item repaid: %v", err)
	}
	if _, ok := openOf(t, svc, t1, short); ok {
		t.Fatal("the repaid item is still open")
	}
}

// TestSuspenseDecisionRecordedOnItsItem: the upper level's decision is
// kept only on the item it was made on — the same kind, amount and
// business date — and in the order head office keeps (a refusal, then
// an approval, then nothing): the same decision again changes nothing,
// one that may not follow is not taken; neither is one on an item the
// branch does not have, nor on an entry that is no suspense item. Each
// says why.
func TestSuspenseDecisionRecordedOnItsItem(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	t2 := signedIn(t, svc, "1002")
	item := suspended(t, svc, t2, 10, 9) // ¥100.00 short
	e, _ := readEntry(db, item)
	record := func(d ledger.Decision) string {
		t.Helper()
		var note string
		err := db.Tx(ctx, func(tx counter.Tx) (err error) {
			note, err = counter.RecordDecision(tx, demo.Branch, "", 3, time.Now(), d)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return note
	}
	d := ledger.Decision{Item: item, Kind: e.Kind, Amount: e.Amount, BusinessDate: e.BusinessDate, Approved: true, By: "刘明", Ref: "运管批〔2026〕7号"}
	for _, c := range []struct {
		name string
		d    func(ledger.Decision) ledger.Decision
		want string
	}{
		{"no such item", func(d ledger.Decision) ledger.Decision { d.Item = 9999; return d }, "挂账 #9999 的上级批复：本网点无此挂账"},
		{"one fen more", func(d ledger.Decision) ledger.Decision { d.Amount++; return d }, "与本网点该笔记录不符"},
		{"another date", func(d ledger.Decision) ledger.Decision { d.BusinessDate = "2026-11-22"; return d }, "与本网点该笔记录不符"},
		{"an overage", func(d ledger.Decision) ledger.Decision { d.Kind = ledger.CashOverage; return d }, "与本网点该笔记录不符"},
		{"the day's deposit", func(d ledger.Decision) ledger.Decision { d.Item = 1; return d }, "与本网点该笔记录不符"},
	} {
		if note := record(c.d(d)); !strings.Contains(note, c.want) {
			t.Errorf("%s: %q", c.name, note)
		}
	}
	if i, _ := openOf(t, svc, t2, item); i.Decision != nil {
		t.Fatalf("a decision not taken was kept: %+v", i.Decision)
	}
	no := d
	no.Approved, no.Ref, no.Reason = false, "", "须先查明原因"
	if note := record(no); note != "" {
		t.Fatalf("the refusal: %q", note)
	}
	if note := record(no); note != "" {
		t.Fatalf("the same refusal again: %q", note)
	}
	again := no
	again.Reason = "仍须查明"
	if note := record(again); !strings.Contains(note, "该笔挂账上级已不予批准，此后只能再予批准（本网点已记有：不予批准：须先查明原因）") {
		t.Fatalf("a second refusal: %q", note)
	}
	if i, _ := openOf(t, svc, t2, item); i.Decision == nil || i.Decision.Approved || i.Decision.Reason != "须先查明原因" {
		t.Fatalf("the refusal kept: %+v", i.Decision)
	}
	if note := record(d); note != "" {
		t.Fatalf("the approval after the refusal: %q", note)
	}
	if note := record(d); note != "" {
		t.Fatalf("the same approval again: %q", note)
	}
	if note := record(no); !strings.Contains(note, "该笔挂账上级已批准，批复不再更改（本网点已记有：已批准（刘明，批复文号 运管批〔2026〕7号））") {
		t.Fatalf("a refusal after the approval: %q", note)
	}
	var n int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM suspense_decisions`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("decisions kept: %d %v", n, err)
	}
	if i, _ := openOf(t, svc, t2, item); i.Decision == nil || !i.Decision.Approved {
		t.Fatalf("the decision kept: %+v", i.Decision)
	}
}
