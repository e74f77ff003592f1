package counter_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
)

// RULES §3 and 第十四条: a vault count that differs is never absorbed. The
// keeper records it with a reason; a B other than the keeper signs it off
// and an A approves the suspense entry. The pieces missing go from the
// vault to suspense and the pieces too many come in from it, by
// denomination, so the vault's books become the count; nothing is
// recorded until both have signed, and the branch closes once the keeper
// has counted again and the count agrees.
func TestVaultDifferenceToSuspense(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	keeper := signedIn(t, svc, "2001")
	stock := func() cash.Count {
		t.Helper()
		c, _, err := svc.VaultStock(ctx, keeper)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	opening := stock()
	unchanged := func(what string) {
		t.Helper()
		if got := stock(); !slices.Equal(countLine(got), countLine(opening)) {
			t.Fatalf("%s changed the vault: %v", what, got)
		}
		if items, err := svc.SuspenseItems(ctx, keeper, true); err != nil || len(items) != 0 {
			t.Fatalf("%s: suspense %v %v", what, items, err)
		}
	}
	sign := func(b, a string) counter.VaultDifferenceInput {
		in := counter.VaultDifferenceInput{Reason: "清点时一张100元券夹在50元券中，经查实为少收"}
		if b != "" {
			c := approve(b)
			in.SignB = &c
		}
		if a != "" {
			c := approve(a)
			in.ApproveA = &c
		}
		return in
	}
	record := func(count int64, in counter.VaultDifferenceInput) (counter.VaultDifference, error) {
		in.Count = count
		return svc.RecordVaultDifference(ctx, keeper, in)
	}

	// No count today: nothing to explain.
	if _, err := record(1, sign("2002", "3001")); !errors.Is(err, counter.ErrVaultCountNotLatest) {
		t.Fatalf("without a count: %v", err)
	}
	// The boundary: a count that agrees has no difference …
	agrees, _, err := svc.CountVault(ctx, keeper, opening)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := record(agrees.ID, sign("2002", "3001")); !errors.Is(err, counter.ErrVaultNoDifference) {
		t.Fatalf("count that agrees: %v", err)
	}
	// … and one fen over (a 1分 coin the books do not have) is one.
	fen, _, err := svc.CountVault(ctx, keeper, withPieces(opening, "C1F", 1))
	if err != nil || fen.Diff != 1 {
		t.Fatalf("one fen over: %+v %v", fen, err)
	}
	// An older count than the latest is not the one to explain.
	off, _, err := svc.CountVault(ctx, keeper, withPieces(withPieces(opening, "N100", -1), "N50", 1))
	if err != nil || off.Diff != -50_00 {
		t.Fatalf("count off: %+v %v", off, err)
	}
	if _, err := record(fen.ID, sign("2002", "3001")); !errors.Is(err, counter.ErrVaultCountNotLatest) {
		t.Fatalf("older count: %v", err)
	}
	// What it needs, one thing at a time; each refusal records nothing.
	noReason := sign("2002", "3001")
	noReason.Reason = "  "
	if _, err := record(off.ID, noReason); !errors.Is(err, cash.ErrDifferenceReason) {
		t.Fatalf("without a reason: %v", err)
	}
	if _, err := record(off.ID, sign("", "3001")); !errors.Is(err, counter.ErrVaultSignOff) {
		t.Fatalf("without a B: %v", err)
	}
	if _, err := record(off.ID, sign("2002", "")); !errors.Is(err, counter.ErrVaultSignOff) {
		t.Fatalf("without an A: %v", err)
	}
	if _, err := record(off.ID, sign("2001", "3001")); !errors.Is(err, authz.ErrSelfAuthorization) {
		t.Fatalf("the keeper signing her own difference: %v", err)
	}
	wrongA := sign("2002", "3001")
	wrongA.ApproveA.Password = "wrong"
	if _, err := record(off.ID, wrongA); err == nil {
		t.Fatal("a wrong A password recorded the difference")
	}
	// The B had signed: the trail says it led to nothing.
	if a := auditTail(t, db); a.Action != "vault_difference_refused" || !strings.Contains(a.Detail, "B级 2002 已签字") {
		t.Fatalf("after the A's refusal the trail ends %+v", a)
	}
	if _, err := record(off.ID, sign("2002", "1001")); err == nil {
		t.Fatal("a C approved the suspense entry")
	}
	unchanged("a refused difference")

	// Both sign: the ¥100 note missing goes to suspense, the ¥50 note too
	// many comes from it; each with its own entry, reason and signers.
	got, err := record(off.ID, sign("2002", "3001"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Shortage == nil || got.Overage == nil || got.Shortage.Amount != 100_00 || got.Overage.Amount != 50_00 ||
		got.Shortage.Count["N100"] != 1 || got.Overage.Count["N50"] != 1 {
		t.Fatalf("recorded %+v / %+v", got.Shortage, got.Overage)
	}
	if want := off.Physical; !slices.Equal(countLine(stock()), countLine(want)) {
		t.Fatalf("vault after %v, counted %v", stock(), want)
	}
	items, err := svc.SuspenseItems(ctx, keeper, false)
	if err != nil || len(items) != 2 {
		t.Fatalf("suspense: %v %v", items, err)
	}
	for i, want := range []struct {
		kind   ledger.Kind
		amount money.Amount
	}{{ledger.CashShortage, 100_00}, {ledger.CashOverage, 50_00}} {
		e := items[i].Entry
		if e.Kind != want.kind || e.Amount != want.amount || e.Account != ledger.VaultAccountNo(demo.Branch) ||
			e.AuthB != "2002" || e.AuthA != "3001" || e.Teller != "2001" || e.Reason == "" {
			t.Fatalf("item %d: %+v", i, e)
		}
		if line := items[i].Line(); !strings.Contains(line, "总库，管库员 2001") {
			t.Errorf("item line %q", line)
		}
	}
	// Recorded once: the same count again finds the movements since.
	if _, err := record(off.ID, sign("2002", "3001")); !errors.Is(err, counter.ErrVaultCountStale) {
		t.Fatalf("the same difference twice: %v", err)
	}
	mgr, err := svc.Login(ctx, "3001", "pass3001")
	if err != nil {
		t.Fatal(err)
	}
	blockers, _, err := svc.CloseChecklist(ctx, mgr, nil)
	if err != nil || !slices.Contains(blockers, "总库碰库后又有现金调拨，须重新碰库") {
		t.Fatalf("before the recount: %v %v", blockers, err)
	}
	again, _, err := svc.CountVault(ctx, keeper, off.Physical)
	if err != nil || again.Diff != 0 {
		t.Fatalf("recount: %+v %v", again, err)
	}
	blockers, _, _ = svc.CloseChecklist(ctx, mgr, nil)
	for _, b := range blockers {
		if strings.Contains(b, "总库") {
			t.Fatalf("vault still blocks the close: %v", blockers)
		}
	}
	// The books hold: the movements' notes are the vault's account.
	c, err := svc.CheckBooks(ctx, nil)
	if err != nil || len(c.Findings) != 0 {
		t.Fatalf("books: %+v %v", c.Findings, err)
	}
}

// A movement after the count makes the count stale: the keeper counts again.
func TestVaultDifferenceAfterAMovement(t *testing.T) {
	svc, _, keeper, _, _, off := countedOff(t, cash.Count{"N100": -1})
	ctx := context.Background()
	if _, err := svc.MoveCash(ctx, keeper, move(vault, box("1001"), cash.Count{"N100": 1}), approve("1001")); err != nil {
		t.Fatal(err)
	}
	b, a := approve("2002"), approve("3001")
	in := counter.VaultDifferenceInput{Count: off.ID, Reason: "少一张", SignB: &b, ApproveA: &a}
	if _, err := svc.RecordVaultDifference(ctx, keeper, in); !errors.Is(err, counter.ErrVaultCountStale) {
		t.Fatalf("after a movement: %v", err)
	}
	// Only the vault keeper records it.
	other := signedIn(t, svc, "2002")
	if _, err := svc.RecordVaultDifference(ctx, other, in); !errors.Is(err, counter.ErrNotVaultKeeper) {
		t.Fatalf("not the keeper: %v", err)
	}
}

// countedOff is the demo branch with its vault keeper 2001 and teller 1001
// signed in, and the vault counted as its books say but for the pieces
// off (more, or fewer when negative): the books before and that count.
func countedOff(t *testing.T, off cash.Count) (svc *counter.Service, db *sqlstore.DB, keeper, teller *counter.Session, opening cash.Count, vc counter.VaultCount) {
	t.Helper()
	ctx := context.Background()
	svc, db = newCounter(t)
	keeper, teller = signedIn(t, svc, "2001"), signedIn(t, svc, "1001")
	opening, _, err := svc.VaultStock(ctx, keeper)
	if err != nil {
		t.Fatal(err)
	}
	counted := opening
	for code, n := range off {
		counted = withPieces(counted, code, n)
	}
	if vc, _, err = svc.CountVault(ctx, keeper, counted); err != nil {
		t.Fatal(err)
	}
	return svc, db, keeper, teller, opening, vc
}

// withPieces is c with n more (or fewer) pieces of code.
func withPieces(c cash.Count, code string, n int64) cash.Count {
	out := cash.Count{}
	for k, v := range c {
		out[k] = v
	}
	out[code] += n
	return out
}

// countLine is a count as comparable lines, every denomination in order.
func countLine(c cash.Count) []int64 {
	var out []int64
	for _, d := range cash.Denominations() {
		out = append(out, c[d.Code])
	}
	return out
}

// The smallest difference there is: one 1分 coin too many goes into the
// vault's books by its own overage entry of ¥0.01.
func TestVaultDifferenceOneFen(t *testing.T) {
	svc, _, keeper, _, _, fen := countedOff(t, cash.Count{"C1F": 1})
	ctx := context.Background()
	b, a := approve("2002"), approve("3002")
	got, err := svc.RecordVaultDifference(ctx, keeper, counter.VaultDifferenceInput{Count: fen.ID, Reason: "拾得硬币", SignB: &b, ApproveA: &a})
	if err != nil || got.Shortage != nil || got.Overage == nil || got.Overage.Amount != 1 {
		t.Fatalf("one fen over: %+v %v", got, err)
	}
	after, total, err := svc.VaultStock(ctx, keeper)
	if err != nil || after["C1F"] != 1 || total != fen.Counted {
		t.Fatalf("vault after: %v %s %v", after, total, err)
	}
	// The vault report names who signed the difference off and who approved it.
	r, err := svc.VaultReport(ctx, keeper, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var signed []string
	for _, m := range r.Moves {
		if m.Move.Kind == ledger.CashOverage {
			signed = append(signed, m.SignedB.ID+" "+m.Approver.ID)
		}
	}
	if len(signed) != 1 || signed[0] != "2002 3002" {
		t.Fatalf("the report's difference lines: %v", signed)
	}
}

// Cash offered to a box and not yet confirmed has left the vault in hand
// but not in the books: the vault is not counted, and no difference is
// recorded, until the hand-over is confirmed, refused or cancelled.
func TestVaultDifferenceNotWhileCashPending(t *testing.T) {
	svc, _, keeper, _, opening, off := countedOff(t, cash.Count{"N100": -10})
	ctx := context.Background()
	h, err := svc.OfferCash(ctx, keeper, move(vault, box("1001"), cash.Count{"N100": 10}))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.CountVault(ctx, keeper, withPieces(opening, "N100", -10)); !errors.Is(err, counter.ErrVaultCashPending) {
		t.Fatalf("count while cash is offered: %v", err)
	}
	b, a := approve("2002"), approve("3001")
	in := counter.VaultDifferenceInput{Count: off.ID, Reason: "少十张", SignB: &b, ApproveA: &a}
	if _, err := svc.RecordVaultDifference(ctx, keeper, in); !errors.Is(err, counter.ErrVaultCashPending) {
		t.Fatalf("difference while cash is offered: %v", err)
	}
	if err := svc.CancelHandOver(ctx, keeper, h.ID, "点错"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.CountVault(ctx, keeper, opening); err != nil {
		t.Fatalf("count after the cancel: %v", err)
	}
}

// Only the keeper who made the count explains it: a keeper named since
// counts again.
func TestVaultDifferenceByTheCountingKeeper(t *testing.T) {
	svc, _, _, _, _, off := countedOff(t, cash.Count{"N100": -1})
	ctx := context.Background()
	if err := svc.SetSetting(ctx, counter.CommandLine(), counter.SettingVaultKeeper, "2002"); err != nil {
		t.Fatal(err)
	}
	next := signedIn(t, svc, "2002")
	b, a := approve("2001"), approve("3001")
	in := counter.VaultDifferenceInput{Count: off.ID, Reason: "少一张", SignB: &b, ApproveA: &a}
	if _, err := svc.RecordVaultDifference(ctx, next, in); !errors.Is(err, counter.ErrVaultCountByOther) {
		t.Fatalf("a count by the keeper before: %v", err)
	}
}

// A vault item's cash is the vault's: it is not found into, nor returned
// from, a teller's box; a repayment comes in at a box other than the
// keeper's, and a write-off moves no cash.
func TestVaultSuspenseResolution(t *testing.T) {
	svc, db, keeper, t1, _, off := countedOff(t, cash.Count{"N100": -1, "N50": 1})
	ctx := context.Background()
	b, a := approve("2002"), approve("3001")
	d, err := svc.RecordVaultDifference(ctx, keeper, counter.VaultDifferenceInput{Count: off.ID, Reason: "少一张多一张", SignB: &b, ApproveA: &a})
	if err != nil {
		t.Fatal(err)
	}
	short, over := d.Shortage.EntryID, d.Overage.EntryID
	resolve := func(sess *counter.Session, item int64, way ledger.Way, responsible string) error {
		b, a := approve("2002"), approve("3002")
		_, err := svc.ResolveSuspense(ctx, sess, counter.Resolution{Item: item, Way: way, Amount: 50_00, Reason: "处理",
			Responsible: responsible, SignB: &b, ApproveA: &a})
		return err
	}
	for _, c := range []struct {
		name string
		sess *counter.Session
		item int64
		way  ledger.Way
		want error
	}{
		{"a shortage found into a box", t1, short, ledger.WayFound, counter.ErrVaultSuspenseWay},
		{"an overage returned from a box", t1, over, ledger.WayFound, counter.ErrVaultSuspenseWay},
		{"a repayment into the keeper's box", keeper, short, ledger.WayRepaid, counter.ErrVaultSuspenseKeeper},
	} {
		if err := resolve(c.sess, c.item, c.way, "2001"); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if items, _ := svc.SuspenseItems(ctx, keeper, false); len(items) != 2 || items[0].Open != 100_00 || items[1].Open != 50_00 {
		t.Fatalf("refusals resolved something: %+v", items)
	}
	// The keeper repays half the shortage at 1001's counter; the overage
	// is written off.
	if err := resolve(t1, short, ledger.WayRepaid, "2001"); err != nil {
		t.Fatal(err)
	}
	upperDecided(t, db, over, true)
	if err := resolve(t1, over, ledger.WayWrittenOff, ""); err != nil {
		t.Fatal(err)
	}
	items, err := svc.SuspenseItems(ctx, keeper, false)
	if err != nil || len(items) != 1 || items[0].Entry.ID != short || items[0].Open != 50_00 {
		t.Fatalf("after the resolutions: %+v %v", items, err)
	}
	if bal, err := svc.BoxBalance(ctx, t1, "1001"); err != nil || bal != 50_00 {
		t.Fatalf("1001's box after the repayment: %s %v", bal, err)
	}
}
