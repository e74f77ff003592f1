package counter_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/money"
	"branchdesk/domain/staff"
	"branchdesk/domain/voucher"
	"branchdesk/storage/demo"
)

// 第九条: every movement in or out of a teller box goes through the vault,
// operated by the vault keeper and confirmed by the teller — here at the
// teller's own PC, while the keeper works at another.

var ctx0 = context.Background()

func hundreds(n int64) (cash.Count, money.Amount) {
	return cash.Count{"N100": n}, money.Amount(n * 100_00)
}

func issueReq(teller string, notes int64) counter.MoveRequest {
	c, amt := hundreds(notes)
	return counter.MoveRequest{From: vault, To: box(teller), Count: c, Amount: amt}
}

// handOverDesk is the vault keeper at PC 1 and teller 1001 at PC 2.
type handOverDesk struct {
	keeperPC, tellerPC *counter.Service
	keeper, teller     *counter.Session
}

func newHandOverDesk(t *testing.T) handOverDesk {
	t.Helper()
	pcs, _ := branchPCs(t, 2)
	return handOverDesk{pcs[0], pcs[1], signedIn(t, pcs[0], demo.VaultKeeper), signedIn(t, pcs[1], "1001")}
}

func (d handOverDesk) state(t *testing.T) (money.Amount, int64, int) {
	t.Helper()
	bal, err := d.tellerPC.BoxBalance(ctx0, d.teller, "1001")
	if err != nil {
		t.Fatal(err)
	}
	stock, _, err := d.keeperPC.VaultStock(ctx0, d.keeper)
	if err != nil {
		t.Fatal(err)
	}
	moves, err := d.keeperPC.CashMoves(ctx0, d.keeper, today, today)
	if err != nil {
		t.Fatal(err)
	}
	return bal, stock["N100"], len(moves)
}

func TestHandOverPendingIsInNeitherBoxUntilConfirmed(t *testing.T) {
	d := newHandOverDesk(t)
	_, _, moves := d.state(t)
	h, err := d.keeperPC.OfferCash(ctx0, d.keeper, issueReq("1001", 100))
	if err != nil {
		t.Fatal(err)
	}
	if bal, stock, n := d.state(t); bal != 0 || stock != 19000 || n != moves {
		t.Fatalf("pending: box %s, vault %d hundreds, %d moves; want nothing moved", bal, stock, n)
	}
	mine, err := d.tellerPC.PendingHandOvers(ctx0, d.teller)
	if err != nil || len(mine) != 1 || mine[0].ID != h.ID || mine[0].Count["N100"] != 100 {
		t.Fatalf("teller's pending list %+v %v", mine, err)
	}
	if err := d.tellerPC.SignOut(ctx0, d.teller); !errors.Is(err, counter.ErrHandOverPending) {
		t.Fatalf("formal sign-out with a hand-over pending: %v", err)
	}
	got, err := d.tellerPC.ConfirmHandOver(ctx0, d.teller, h.ID, "pass1001")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != counter.HandOverConfirmed || got.EntryID == 0 {
		t.Fatalf("confirmed hand-over %+v", got)
	}
	if bal, stock, n := d.state(t); bal != 10_000_00 || stock != 18900 || n != moves+1 {
		t.Fatalf("confirmed: box %s, vault %d hundreds, %d moves", bal, stock, n)
	}
	// Confirming twice posts once.
	if _, err := d.tellerPC.ConfirmHandOver(ctx0, d.teller, h.ID, "pass1001"); !errors.Is(err, counter.ErrHandOverClosed) {
		t.Fatalf("second confirmation: %v", err)
	}
	if err := d.keeperPC.CancelHandOver(ctx0, d.keeper, h.ID, ""); !errors.Is(err, counter.ErrHandOverClosed) {
		t.Fatalf("cancel after confirmation: %v", err)
	}
	if bal, _, n := d.state(t); bal != 10_000_00 || n != moves+1 {
		t.Fatalf("after a second confirmation: box %s, %d moves", bal, n)
	}
	if left, _ := d.tellerPC.PendingHandOvers(ctx0, d.teller); len(left) != 0 {
		t.Fatalf("still pending: %+v", left)
	}
	assertBooksWhole(t, d.keeperPC, nil)
}

func TestHandOverPendingRefusedOrCancelledLeavesNothing(t *testing.T) {
	d := newHandOverDesk(t)
	bal0, stock0, moves0 := d.state(t)
	refused, err := d.keeperPC.OfferCash(ctx0, d.keeper, issueReq("1001", 50))
	if err != nil {
		t.Fatal(err)
	}
	cancelled, err := d.keeperPC.OfferCash(ctx0, d.keeper, issueReq("1001", 60))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.tellerPC.RefuseHandOver(ctx0, d.teller, refused.ID, " "); !errors.Is(err, counter.ErrHandOverReason) {
		t.Fatalf("refusal without a reason: %v", err)
	}
	if err := d.tellerPC.CancelHandOver(ctx0, d.teller, cancelled.ID, ""); !errors.Is(err, counter.ErrHandOverKeeper) {
		t.Fatalf("teller cancelling the keeper's hand-over: %v", err)
	}
	if err := d.tellerPC.RefuseHandOver(ctx0, d.teller, refused.ID, "券别不对"); err != nil {
		t.Fatal(err)
	}
	if err := d.keeperPC.CancelHandOver(ctx0, d.keeper, cancelled.ID, "点错金额"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{refused.ID, cancelled.ID} {
		if _, err := d.tellerPC.ConfirmHandOver(ctx0, d.teller, id, "pass1001"); !errors.Is(err, counter.ErrHandOverClosed) {
			t.Fatalf("confirming a settled hand-over: %v", err)
		}
	}
	if bal, stock, n := d.state(t); bal != bal0 || stock != stock0 || n != moves0 {
		t.Fatalf("after refusal and cancel: box %s, vault %d, %d moves", bal, stock, n)
	}
	if err := d.tellerPC.SignOut(ctx0, d.teller); err != nil {
		t.Fatalf("sign-out with nothing pending: %v", err)
	}
	assertBooksWhole(t, d.keeperPC, nil)
}

func TestHandOverPendingOnlyTheTellerWithTheirPassword(t *testing.T) {
	pcs, _ := branchPCs(t, 3)
	keeper := signedIn(t, pcs[0], demo.VaultKeeper)
	teller := signedIn(t, pcs[1], "1001")
	other := signedIn(t, pcs[2], "1002")
	h, err := pcs[0].OfferCash(ctx0, keeper, issueReq("1001", 10))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pcs[1].ConfirmHandOver(ctx0, teller, h.ID, "wrong-pw1"); !errors.Is(err, staff.ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := pcs[2].ConfirmHandOver(ctx0, other, h.ID, "pass1002"); !errors.Is(err, counter.ErrHandOverTeller) {
		t.Fatalf("another teller confirming: %v", err)
	}
	if err := pcs[2].RefuseHandOver(ctx0, other, h.ID, "不是我的"); !errors.Is(err, counter.ErrHandOverTeller) {
		t.Fatalf("another teller refusing: %v", err)
	}
	// The keeper cannot confirm for the teller at the keeper's PC.
	if _, err := pcs[0].ConfirmHandOver(ctx0, keeper, h.ID, "pass2001"); !errors.Is(err, counter.ErrHandOverTeller) {
		t.Fatalf("keeper confirming: %v", err)
	}
	if bal, _ := pcs[1].BoxBalance(ctx0, teller, "1001"); bal != 0 {
		t.Fatalf("box %s after refused confirmations", bal)
	}
	if _, err := pcs[1].ConfirmHandOver(ctx0, teller, h.ID, "pass1001"); err != nil {
		t.Fatal(err)
	}
	if bal, _ := pcs[1].BoxBalance(ctx0, teller, "1001"); bal != 1_000_00 {
		t.Fatalf("box %s", bal)
	}
}

// The vault cannot be promised twice: pending hand-overs count as taken,
// for new hand-overs and for the keeper's own movements.
func TestHandOverPendingVaultNotOverPromised(t *testing.T) {
	d := newHandOverDesk(t)
	// The vault runs out here, not the boxes' room (第九条 最高限额).
	for _, teller := range []string{"1001", "1002"} {
		setBoxLimit(t, d.keeperPC, teller, 2_000_000_00)
	}
	if _, err := d.keeperPC.OfferCash(ctx0, d.keeper, issueReq("1001", 15000)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.keeperPC.OfferCash(ctx0, d.keeper, issueReq("1002", 5000)); !errors.Is(err, cash.ErrNotEnough) {
		t.Fatalf("promising more than the vault holds: %v", err)
	}
	c, amt := hundreds(5000)
	out := counter.MoveRequest{From: vault, To: cash.Party{Kind: cash.SubBranch, ID: "0100"}, Count: c, Amount: amt}
	if _, err := d.keeperPC.MoveCash(ctx0, d.keeper, out, approve("3001")); !errors.Is(err, cash.ErrNotEnough) {
		t.Fatalf("moving cash promised to a teller: %v", err)
	}
	if _, err := d.keeperPC.OfferCash(ctx0, d.keeper, issueReq("1002", 4000)); err != nil {
		t.Fatalf("what is left: %v", err)
	}
}

// Two keepers at two PCs hand out more than the vault holds at the same
// moment, and their tellers confirm at the same moment: the vault never
// goes below zero.
func TestHandOverPendingVaultNeverBelowZeroAcrossPCs(t *testing.T) {
	pcs, target := branchPCs(t, 4)
	// Any B keeps the vault when the setting names nobody.
	if err := pcs[0].SetSetting(ctx0, counter.CommandLine(), counter.SettingVaultKeeper, ""); err != nil {
		t.Fatal(err)
	}
	keepers := []*counter.Session{signedIn(t, pcs[0], "2001"), signedIn(t, pcs[1], "2002")}
	tellers := []*counter.Session{signedIn(t, pcs[2], "1001"), signedIn(t, pcs[3], "1002")}
	// The vault runs out here, not the boxes' room (第九条 最高限额).
	for _, teller := range tellers {
		setBoxLimit(t, pcs[0], teller.User().ID, 2_000_000_00)
	}
	const each, notes = 4, 3000 // 2 × 4 × 3,000 = 24,000 > 19,000 hundreds
	offered := make([][]counter.HandOver, 2)
	errs := together(2, func(k int) error {
		for i := 0; i < each; i++ {
			h, err := pcs[k].OfferCash(ctx0, keepers[k], issueReq(tellers[k].User().ID, notes))
			if errors.Is(err, cash.ErrNotEnough) {
				continue
			}
			if err != nil {
				return err
			}
			offered[k] = append(offered[k], h)
		}
		return nil
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := len(offered[0]) + len(offered[1]); n != 6 {
		t.Fatalf("%d hand-overs of 3,000 hundreds offered from 19,000", n)
	}
	errs = together(2, func(k int) error {
		for _, h := range offered[k] {
			if _, err := pcs[k+2].ConfirmHandOver(ctx0, tellers[k], h.ID, "pass"+tellers[k].User().ID); err != nil {
				return err
			}
		}
		return nil
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	stock, _, err := pcs[0].VaultStock(ctx0, keepers[0])
	if err != nil || stock["N100"] != 19000-6*notes {
		t.Fatalf("vault holds %d hundreds: %v", stock["N100"], err)
	}
	assertBooksWhole(t, pcs[1], nil)
	_ = target
}

// The teller hands cash back to the vault the same way: the keeper offers
// to take it, and it leaves the box when the teller confirms.
func TestHandOverPendingBackToTheVault(t *testing.T) {
	d := newHandOverDesk(t)
	h, err := d.keeperPC.OfferCash(ctx0, d.keeper, issueReq("1001", 100))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.tellerPC.ConfirmHandOver(ctx0, d.teller, h.ID, "pass1001"); err != nil {
		t.Fatal(err)
	}
	c, amt := hundreds(80)
	back := counter.MoveRequest{From: box("1001"), To: vault, Count: c, Amount: amt}
	h, err = d.keeperPC.OfferCash(ctx0, d.keeper, back)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.keeperPC.OfferCash(ctx0, d.keeper, back); !errors.Is(err, counter.ErrBoxShort) {
		t.Fatalf("taking back more than the box holds besides what is pending: %v", err)
	}
	if bal, stock, _ := d.state(t); bal != 10_000_00 || stock != 18900 {
		t.Fatalf("pending return: box %s, vault %d", bal, stock)
	}
	if _, err := d.tellerPC.ConfirmHandOver(ctx0, d.teller, h.ID, "pass1001"); err != nil {
		t.Fatal(err)
	}
	if bal, stock, _ := d.state(t); bal != 2_000_00 || stock != 18980 {
		t.Fatalf("confirmed return: box %s, vault %d", bal, stock)
	}
}

// 第十条: blank vouchers go from the keeper to the teller the same way.
func TestHandOverPendingVouchers(t *testing.T) {
	pcs, _ := branchPCs(t, 2)
	keeper := signedIn(t, pcs[0], demo.VoucherKeeper)
	teller := signedIn(t, pcs[1], "1001")
	r := voucher.Range{Type: voucher.CashCheque, From: 1, To: 10}
	h, err := pcs[0].OfferVouchers(ctx0, keeper, r, "1001")
	if err != nil {
		t.Fatal(err)
	}
	held := func() int64 {
		hd, err := pcs[1].VoucherHolding(ctx0, teller, "1001", voucher.CashCheque)
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for _, r := range hd.Ranges {
			n += r.Count()
		}
		return n
	}
	if n := held(); n != 0 {
		t.Fatalf("teller holds %d while pending", n)
	}
	overlap := voucher.Range{Type: voucher.CashCheque, From: 5, To: 15}
	if _, err := pcs[0].OfferVouchers(ctx0, keeper, overlap, "1002"); !errors.Is(err, voucher.ErrNotInStock) {
		t.Fatalf("offering numbers already promised: %v", err)
	}
	if err := pcs[0].IssueVouchers(ctx0, keeper, overlap, "1002"); !errors.Is(err, voucher.ErrNotInStock) {
		t.Fatalf("issuing numbers already promised: %v", err)
	}
	if _, err := pcs[1].ConfirmHandOver(ctx0, teller, h.ID, "pass1001"); err != nil {
		t.Fatal(err)
	}
	if n := held(); n != 10 {
		t.Fatalf("teller holds %d after confirming", n)
	}
	if _, err := pcs[1].ConfirmHandOver(ctx0, teller, h.ID, "pass1001"); !errors.Is(err, counter.ErrHandOverClosed) {
		t.Fatalf("second confirmation: %v", err)
	}
	h, err = pcs[0].OfferVouchers(ctx0, keeper, voucher.Range{Type: voucher.CashCheque, From: 11, To: 20}, "1001")
	if err != nil {
		t.Fatal(err)
	}
	if err := pcs[1].RefuseHandOver(ctx0, teller, h.ID, "今日用不了这么多"); err != nil {
		t.Fatal(err)
	}
	if n := held(); n != 10 {
		t.Fatalf("teller holds %d after refusing", n)
	}
	if err := pcs[0].IssueVouchers(ctx0, keeper, voucher.Range{Type: voucher.CashCheque, From: 11, To: 20}, "1002"); err != nil {
		t.Fatalf("refused numbers are back in stock: %v", err)
	}
}

// The branch close (平账) lists a hand-over still pending among what
// blocks it, and no longer once it is settled.
func TestHandOverPendingListedInBranchClose(t *testing.T) {
	d := newHandOverDesk(t)
	h, err := d.keeperPC.OfferCash(ctx0, d.keeper, issueReq("1001", 10))
	if err != nil {
		t.Fatal(err)
	}
	listed := func() bool {
		blockers, _, err := d.keeperPC.CloseChecklist(ctx0, d.keeper, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range blockers {
			if strings.Contains(b, fmt.Sprintf("交接 #%d", h.ID)) && strings.Contains(b, "待确认") {
				return true
			}
		}
		return false
	}
	if !listed() {
		t.Fatal("a pending hand-over is not among the close's blockers")
	}
	if err := d.keeperPC.CancelHandOver(ctx0, d.keeper, h.ID, "点错柜员"); err != nil {
		t.Fatal(err)
	}
	if listed() {
		t.Fatal("a cancelled hand-over still blocks the close")
	}
}
