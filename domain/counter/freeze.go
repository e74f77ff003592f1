package counter

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// Freeze is one row of an account's freeze register (冻结登记): an amount
// frozen, or the release of an earlier freeze. Rows are never changed.
type Freeze struct {
	ID       int64
	Account  string
	Amount   money.Amount
	Reason   string // why, e.g. the court's ruling
	Document string // the document it rests on, e.g. (2026)鄂0102执123号
	Releases int64  // for a release, the freeze it ends; 0 for a freeze
	By       string
	At       time.Time
}

// FreezeTx is what freezing needs of a unit of work.
type FreezeTx interface {
	// InsertFreeze appends f (its ID set) and moves the account's frozen
	// amount by delta in the same statement's unit of work.
	InsertFreeze(f *Freeze, delta money.Amount) error
	// Freezes lists an account's register, oldest first.
	Freezes(account string) ([]Freeze, error)
}

// Errors of freezing.
var (
	ErrFreezeReason   = errors.New("冻结、解冻须填写原因及依据文书")
	ErrFreezeAmount   = errors.New("冻结金额须大于零")
	ErrNoFreeze       = errors.New("该账户没有这笔冻结")
	ErrFreezeReleased = errors.New("这笔冻结已解冻")
)

// overdraft refuses a draw beyond what an account may give, naming what is
// frozen if anything is.
func overdraft(a ledger.Account) error {
	if a.Frozen > 0 {
		return msg.Errorf("%w：可用余额 %s（余额 %s，冻结 %s）", ledger.ErrOverdraft, a.Available(), a.Balance, a.Frozen)
	}
	return msg.Errorf("%w：可用余额 %s", ledger.ErrOverdraft, a.Available())
}

// FreezeAccount freezes amount of a customer account of the admin's branch
// with the reason and the document it rests on; an A of the branch, or
// the command line. The amount may exceed today's balance (credits that
// come in are frozen up to it). Audited.
func (s *Service) FreezeAccount(ctx context.Context, by Admin, no string, amount money.Amount, reason, doc string) (Freeze, error) {
	f := Freeze{Account: strings.TrimSpace(no), Amount: amount, Reason: strings.TrimSpace(reason), Document: strings.TrimSpace(doc)}
	switch {
	case f.Reason == "" || f.Document == "":
		return f, ErrFreezeReason
	case amount <= 0:
		return f, ErrFreezeAmount
	}
	return f, s.freezeWrite(ctx, by, &f, amount)
}

// ReleaseFreeze ends a freeze of an account, whole, with the reason and
// document; as FreezeAccount.
func (s *Service) ReleaseFreeze(ctx context.Context, by Admin, no string, id int64, reason, doc string) (Freeze, error) {
	f := Freeze{Account: strings.TrimSpace(no), Releases: id, Reason: strings.TrimSpace(reason), Document: strings.TrimSpace(doc)}
	if f.Reason == "" || f.Document == "" {
		return f, ErrFreezeReason
	}
	return f, s.freezeWrite(ctx, by, &f, 0)
}

// freezeWrite records a freeze (delta its amount) or a release (delta 0:
// the freeze's amount, found in the register, comes off).
func (s *Service) freezeWrite(ctx context.Context, by Admin, f *Freeze, delta money.Amount) error {
	if by.actor == "" {
		return ErrNotPermitted
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		a, err := tx.Account(f.Account)
		if errors.Is(err, ErrNotFound) {
			return msg.Errorf("%w：%s", ledger.ErrNoAccount, f.Account)
		}
		if err != nil {
			return err
		}
		if by.branch != "" && a.Branch != by.branch || a.Type != ledger.Savings && a.Type != ledger.Corporate {
			return msg.Errorf("%w：%s", ledger.ErrNoAccount, f.Account)
		}
		if f.Releases != 0 {
			rows, err := tx.Freezes(f.Account)
			if err != nil {
				return err
			}
			var found *Freeze
			for i, r := range rows {
				if r.ID == f.Releases && r.Releases == 0 {
					found = &rows[i]
				}
				if r.Releases == f.Releases {
					return msg.Errorf("%w：#%d", ErrFreezeReleased, f.Releases)
				}
			}
			if found == nil {
				return msg.Errorf("%w：#%d", ErrNoFreeze, f.Releases)
			}
			f.Amount, delta = found.Amount, -found.Amount
		}
		f.By, f.At = by.actor, s.clock.Now()
		if err := tx.InsertFreeze(f, delta); err != nil {
			return err
		}
		what := fmt.Sprintf("冻结账户 %s（%s）%s", a.No, a.Holder, f.Amount)
		if f.Releases != 0 {
			what = fmt.Sprintf("解冻账户 %s（%s）冻结 #%d %s", a.No, a.Holder, f.Releases, f.Amount)
		}
		return s.appendAudit(tx, by.actor, audit.AccountFreeze, what+" 原因："+f.Reason+" 依据："+f.Document)
	})
}

// Freezes is an account's freeze register, oldest first.
func (s *Service) Freezes(ctx context.Context, no string) ([]Freeze, error) {
	var out []Freeze
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Freezes(strings.TrimSpace(no))
		return err
	})
	return out, err
}
