package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
)

// Shortage has the vault keeper 2001 issue notes hundred-yuan notes to
// teller (signed in), who counts counted of them at day end: the
// difference goes to suspense (挂账) on 2002's sign-off and 3001's
// approval. It returns the suspense item.
func Shortage(ctx context.Context, svc *counter.Service, teller *counter.Session, notes, counted int64) (int64, error) {
	id := teller.User().ID
	keeper, err := svc.Login(ctx, "2001", password("2001"))
	if err != nil {
		return 0, fmt.Errorf("demo: login 2001: %w", err)
	}
	if err := svc.SignIn(ctx, keeper, nil); err != nil {
		return 0, fmt.Errorf("demo: sign in 2001: %w", err)
	}
	m := counter.MoveRequest{
		From: cash.Party{Kind: cash.Vault, ID: Branch}, To: cash.Party{Kind: cash.TellerBox, ID: id},
		Count: cash.Count{"N100": notes}, Amount: money.Amount(notes * 100_00),
	}
	if _, err := svc.MoveCash(ctx, keeper, m, counter.Credential{UserID: id, Password: password(id), Approve: true}); err != nil {
		return 0, fmt.Errorf("demo: fund box of %s: %w", id, err)
	}
	b := counter.Credential{UserID: "2002", Password: password("2002"), Approve: true}
	a := counter.Credential{UserID: "3001", Password: password("3001"), Approve: true}
	bal, err := svc.BalanceBox(ctx, teller, counter.BalanceInput{Count: cash.Count{"N100": counted}, Reason: "点钞差错", SignB: &b, ApproveA: &a})
	if err != nil {
		return 0, fmt.Errorf("demo: balance of %s: %w", id, err)
	}
	return bal.SuspenseEntry, nil
}

// UpperDecision records on item, in store, the decision head office's
// config bundle would bring (第十四条: 报上级业务管理部门批准): approved by
// 刘明 under 运管批〔2026〕12号, or refused as the cause is not yet found.
func UpperDecision(ctx context.Context, store counter.Store, item int64, approved bool) (ledger.Decision, error) {
	d := ledger.Decision{Item: item, Approved: approved, By: "刘明", At: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)}
	if approved {
		d.Ref = "运管批〔2026〕12号"
	} else {
		d.Reason = "差错原因未查清，须责任人赔偿"
	}
	err := store.Tx(ctx, func(tx counter.Tx) error {
		e, err := tx.Entry(item)
		if err != nil {
			return err
		}
		d.Kind, d.Amount, d.BusinessDate = e.Kind, e.Amount, e.BusinessDate
		note, err := counter.RecordDecision(tx, Branch, "", 0, d.At, d)
		if note != "" {
			return errors.New(note)
		}
		return err
	})
	if err != nil {
		return d, fmt.Errorf("demo: decision on #%d: %w", item, err)
	}
	return d, nil
}
