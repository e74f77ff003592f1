package counter_test

import (
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/demo"
)

// 第九条 (RULES §3): each teller's cash box has a maximum (最高限额); cash
// above it goes up to the vault, so the vault keeper never issues a box
// more than its maximum. Box balance + what pending hand-overs promise the
// box + the issue may reach the maximum exactly, not one fen more.

func setBoxLimit(t *testing.T, svc *counter.Service, teller string, max money.Amount) {
	t.Helper()
	if err := svc.SetBoxLimit(ctx0, counter.CommandLine(), teller, max); err != nil {
		t.Fatal(err)
	}
}

// withFifty adds a fifty-yuan note to an issue.
func withFifty(m counter.MoveRequest) counter.MoveRequest {
	c := cash.Count{"N50": 1}
	for code, n := range m.Count {
		c[code] += n
	}
	m.Count, m.Amount = c, m.Amount+50_00
	return m
}

// refusedOverLimit checks err is the box-limit refusal naming each figure.
func refusedOverLimit(t *testing.T, err error, figures ...money.Amount) {
	t.Helper()
	if !errors.Is(err, counter.ErrBoxLimit) {
		t.Fatalf("want %v, got %v", counter.ErrBoxLimit, err)
	}
	for _, f := range figures {
		if !strings.Contains(err.Error(), f.String()) {
			t.Errorf("refusal %q does not name %s", err, f)
		}
	}
}

func TestVaultIssueWithinBoxLimit(t *testing.T) {
	svc, _ := newCounter(t)
	signedIn(t, svc, "1001")
	signedIn(t, svc, "1002")
	keeper := signedIn(t, svc, demo.VaultKeeper)
	issue := issueReq("1001", 1000) // ¥100,000.00
	balance := func(teller string) money.Amount {
		t.Helper()
		bal, err := svc.BoxBalance(ctx0, keeper, teller)
		if err != nil {
			t.Fatal(err)
		}
		return bal
	}

	// One fen above the maximum: refused, by MoveCash and by OfferCash, and nothing moves.
	setBoxLimit(t, svc, "1001", 99_999_99)
	_, err := svc.MoveCash(ctx0, keeper, issue, approve("1001"))
	refusedOverLimit(t, err, 0, 99_999_99, 100_000_00)
	if !strings.Contains(err.Error(), "最高限额") {
		t.Errorf("refusal %q does not name the maximum", err)
	}
	if _, err := svc.OfferCash(ctx0, keeper, issue); !errors.Is(err, counter.ErrBoxLimit) {
		t.Errorf("hand-over of ¥100,000.00 to a box whose maximum is ¥99,999.99: %v", err)
	}
	if bal := balance("1001"); bal != 0 {
		t.Fatalf("refused issue left the box at %s", bal)
	}
	pending, err := svc.PendingHandOvers(ctx0, keeper)
	if err != nil || len(pending) != 0 {
		t.Fatalf("refused offer left hand-overs %v (%v)", pending, err)
	}

	// The reviewer's case: twice the maximum.
	setBoxLimit(t, svc, "1001", 100_000_00)
	if _, err := svc.MoveCash(ctx0, keeper, issueReq("1001", 2000), approve("1001")); !errors.Is(err, counter.ErrBoxLimit) {
		t.Errorf("vault issued ¥200,000 to a box whose maximum is ¥100,000: %v", err)
	}

	// Exactly at the maximum: allowed.
	if _, err := svc.MoveCash(ctx0, keeper, issue, approve("1001")); err != nil {
		t.Fatalf("issue exactly to the maximum: %v", err)
	}
	if bal := balance("1001"); bal != 100_000_00 {
		t.Fatalf("box holds %s after issue to the maximum", bal)
	}
	// A full box takes nothing more from the vault, however little.
	_, err = svc.MoveCash(ctx0, keeper, issueReq("1001", 1), approve("1001"))
	refusedOverLimit(t, err, 100_000_00, 100_00)

	// One fen below the maximum: allowed.
	setBoxLimit(t, svc, "1002", 100_000_01)
	if _, err := svc.MoveCash(ctx0, keeper, issueReq("1002", 1000), approve("1002")); err != nil {
		t.Fatalf("issue one fen below the maximum: %v", err)
	}

	// Cash going up to the vault is never limited, even from a box above
	// its maximum.
	setBoxLimit(t, svc, "1001", 50_000_00)
	back := counter.MoveRequest{From: box("1001"), To: vault, Count: issue.Count, Amount: issue.Amount}
	if _, err := svc.MoveCash(ctx0, keeper, back, approve("1001")); err != nil {
		t.Fatalf("hand-up to the vault from a box above its maximum: %v", err)
	}
	if bal := balance("1001"); bal != 0 {
		t.Fatalf("box holds %s after handing everything up", bal)
	}
}

// A pending hand-over promises its cash to the box: other issues count it,
// and the teller's confirmation checks the box again, as it stands then.
func TestHandOverWithinBoxLimit(t *testing.T) {
	d := newHandOverDesk(t)
	setBoxLimit(t, d.keeperPC, "1001", 100_000_00)
	a, err := d.keeperPC.OfferCash(ctx0, d.keeper, issueReq("1001", 600))
	if err != nil {
		t.Fatal(err)
	}
	// ¥60,000 promised: ¥40,050 more is over, and named so.
	_, err = d.keeperPC.MoveCash(ctx0, d.keeper, withFifty(issueReq("1001", 400)), approve("1001"))
	refusedOverLimit(t, err, 0, 60_000_00, 100_000_00, 40_050_00)
	if _, err := d.keeperPC.OfferCash(ctx0, d.keeper, withFifty(issueReq("1001", 400))); !errors.Is(err, counter.ErrBoxLimit) {
		t.Errorf("second offer past the maximum: %v", err)
	}
	// Exactly at the maximum with both pending: allowed.
	b, err := d.keeperPC.OfferCash(ctx0, d.keeper, issueReq("1001", 400))
	if err != nil {
		t.Fatalf("offer exactly to the maximum: %v", err)
	}

	// Meanwhile a customer's ¥0.01 comes into the box: confirming the first
	// would take the box, with the second still promised, one fen over.
	mustPost(t, d.tellerPC, d.teller, counter_req(ledger.SavingsCashDeposit, "6217000000000001", 1))
	_, err = d.tellerPC.ConfirmHandOver(ctx0, d.teller, a.ID, "pass1001")
	refusedOverLimit(t, err, 1, 40_000_00, 100_000_00, 60_000_00)
	if bal, _, _ := d.state(t); bal != 1 {
		t.Fatalf("refused confirmation left the box at %s", bal)
	}

	// With the second withdrawn, the first fits: ¥60,000.01.
	if err := d.keeperPC.CancelHandOver(ctx0, d.keeper, b.ID, "改日配款"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.tellerPC.ConfirmHandOver(ctx0, d.teller, a.ID, "pass1001"); err != nil {
		t.Fatalf("confirm within the maximum: %v", err)
	}
	// ¥40,000 more would be one fen over; ¥39,950 fits.
	_, err = d.keeperPC.OfferCash(ctx0, d.keeper, issueReq("1001", 400))
	refusedOverLimit(t, err, 60_000_01, 100_000_00, 40_000_00)
	if _, err := d.keeperPC.OfferCash(ctx0, d.keeper, withFifty(issueReq("1001", 399))); err != nil {
		t.Fatalf("offer below the maximum: %v", err)
	}
}
