package counter_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/audit"
	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
)

// refuse is id refusing a sign-off for why.
func refuse(id, why string) *counter.Credential {
	return &counter.Credential{UserID: id, Password: "pass" + id, Reason: why}
}

// A B or an A may refuse a teller's difference with a reason (RULES §2:
// the authorizer approves or refuses with a reason). The teller is told
// who refused and why, the trail keeps it, and nothing is recorded; a
// refusal without a reason is refused itself. A B who refuses needs no A
// after them.
func TestDifferenceRefusedWithAReason(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	teller := signedIn(t, svc, "1001")
	fundBox(t, svc, "1001", 1)
	short := counter.BalanceInput{Count: cash.Count{}, Reason: "点钞差错"}
	nothing := func(what string) {
		t.Helper()
		var balances, entries int
		_ = db.QueryRow(ctx, `SELECT COUNT(*) FROM teller_balances`).Scan(&balances)
		_ = db.QueryRow(ctx, `SELECT COUNT(*) FROM entries WHERE kind IN ('cash_shortage', 'cash_overage')`).Scan(&entries)
		if balances != 0 || entries != 0 {
			t.Fatalf("%s: %d balances, %d suspense entries", what, balances, entries)
		}
	}

	in := short
	in.SignB = refuse("2001", "")
	if _, err := svc.BalanceBox(ctx, teller, in); !errors.Is(err, counter.ErrReasonRequired) {
		t.Fatalf("B refuses without a reason: %v", err)
	}
	nothing("a B's refusal without a reason")
	in.SignB = refuse("2001", "请再点一遍")
	_, err := svc.BalanceBox(ctx, teller, in)
	if !errors.Is(err, authz.ErrRefused) || !strings.Contains(err.Error(), "B级 2001") || !strings.Contains(err.Error(), "请再点一遍") {
		t.Fatalf("B refuses: %v", err)
	}
	if r := auditTail(t, db); r.Action != audit.AuthRefuse || r.Actor != "2001" || !strings.Contains(r.Detail, "请再点一遍") {
		t.Fatalf("trail: %+v", r)
	}
	nothing("B refuses")

	b := approve("2001")
	in.SignB, in.ApproveA = &b, refuse("3001", "原因不实，须查监控")
	_, err = svc.BalanceBox(ctx, teller, in)
	if !errors.Is(err, authz.ErrRefused) || !strings.Contains(err.Error(), "A级 3001") || !strings.Contains(err.Error(), "原因不实，须查监控") {
		t.Fatalf("A refuses: %v", err)
	}
	if r := auditTail(t, db); r.Action != "teller_balance_refused" || !strings.Contains(r.Detail, "B级 2001 已签字") || !strings.Contains(r.Detail, "原因不实") {
		t.Fatalf("trail: %+v", r)
	}
	nothing("A refuses")

	in.ApproveA = refuse("3001", "")
	if _, err := svc.BalanceBox(ctx, teller, in); !errors.Is(err, counter.ErrReasonRequired) {
		t.Fatalf("A refuses without a reason: %v", err)
	}
	nothing("a refusal without a reason")

	a := approve("3001")
	in.ApproveA = &a
	if bal, err := svc.BalanceBox(ctx, teller, in); err != nil || bal.SuspenseEntry == 0 {
		t.Fatalf("signed after the refusals: %+v %v", bal, err)
	}
}

// The B or the A may refuse a suspense item's resolution or a vault
// difference, each with a reason, and nothing moves.
func TestSignOffRefusals(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	t2 := signedIn(t, svc, "1002")
	item := suspended(t, svc, t2, 10, 9) // ¥100.00 short
	t1 := signedIn(t, svc, "1001")
	res := resolution(item, ledger.WayFound, 100_00, "2001", "3001")
	res.ApproveA = refuse("3001", "找回款未见实物")
	if _, err := svc.ResolveSuspense(ctx, t1, res); !errors.Is(err, authz.ErrRefused) || !strings.Contains(err.Error(), "找回款未见实物") {
		t.Fatalf("A refuses the resolution: %v", err)
	}
	if r := auditTail(t, db); r.Action != "suspense_resolve_refused" || !strings.Contains(r.Detail, "B级 2001 已签字") {
		t.Fatalf("trail: %+v", r)
	}
	res.SignB, res.ApproveA = refuse("2001", "找回人未签字"), nil
	if _, err := svc.ResolveSuspense(ctx, t1, res); !errors.Is(err, authz.ErrRefused) || !strings.Contains(err.Error(), "B级 2001") {
		t.Fatalf("B refuses the resolution alone: %v", err)
	}
	if r := auditTail(t, db); r.Action != audit.AuthRefuse || r.Actor != "2001" || !strings.Contains(r.Detail, "找回人未签字") {
		t.Fatalf("trail: %+v", r)
	}
	if it, open := openOf(t, svc, t1, item); !open || it.Open != 100_00 {
		t.Fatalf("the item after the refusals: %+v %v", it, open)
	}

	svc, _, keeper, _, opening, vc := countedOff(t, cash.Count{"N100": -1})
	moves := func() int {
		t.Helper()
		m, err := svc.CashMoves(ctx, keeper, "", "9999-12-31")
		if err != nil {
			t.Fatal(err)
		}
		return len(m)
	}
	before := moves()
	b := approve("2002")
	for _, c := range []struct {
		name string
		b, a *counter.Credential
		who  string
	}{
		{"the B alone", refuse("2002", "先调监控"), nil, "B级 2002"},
		{"the A after the B", &b, refuse("3001", "差错原因不实"), "A级 3001"},
	} {
		in := counter.VaultDifferenceInput{Count: vc.ID, Reason: "少一张", SignB: c.b, ApproveA: c.a}
		if _, err := svc.RecordVaultDifference(ctx, keeper, in); !errors.Is(err, authz.ErrRefused) || !strings.Contains(err.Error(), c.who) {
			t.Fatalf("%s refuses the vault's difference: %v", c.name, err)
		}
		if now, _, err := svc.VaultStock(ctx, keeper); err != nil || now["N100"] != opening["N100"] || moves() != before {
			t.Fatalf("vault after %s refused: %v %v", c.name, now, err)
		}
	}
}
