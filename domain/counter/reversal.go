package counter

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"branchdesk/domain/audit"
	"branchdesk/domain/authz"
	"branchdesk/domain/ledger"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// ErrNotReversible refuses reversing a cash movement or suspense entry:
// those are corrected by a movement the other way.
var ErrNotReversible = errors.New("现金调拨和挂账不能冲正，请办理反向调拨")

// ErrReversalNeedsA refuses a B who tries to approve a reversal: only an
// A approves one (第十四条), whatever its amount.
// It is an authz.ErrNeedLevelA to errors.Is.
var ErrReversalNeedsA error = needLevelA("冲正须由A级柜员（业务主管）授权，B级柜员不能授权冲正")

// needLevelA is authz.ErrNeedLevelA in the words of one business.
type needLevelA string

func (e needLevelA) Error() string        { return string(e) }
func (e needLevelA) Is(target error) bool { return target == authz.ErrNeedLevelA }

// ErrTellerNotOpen refuses reversing cash business of a teller who is not
// signed in: their box is balanced or locked.
var ErrTellerNotOpen = errors.New("原经办柜员未在签到状态，其现金业务不能冲正")

// PrepareReversal drafts the reversal (抹账/冲正) of a posted entry. It
// needs an A's approval (第十四条); the original is never touched.
func (s *Service) PrepareReversal(ctx context.Context, sess *Session, entryID int64, reason string) (*Draft, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, ledger.ErrReasonRequired
	}
	var d *Draft
	err := s.store.View(ctx, func(tx Tx) error {
		b, err := openDay(tx, sess)
		if err != nil {
			return err
		}
		orig, err := s.reversible(tx, sess, b, entryID)
		if err != nil {
			return err
		}
		if orig.Kind.IsCash() {
			q, err := qualificationOf(tx, sess.user.ID)
			if err != nil {
				return err
			}
			if err := q.CashAllowed(b.BusinessDate); err != nil {
				return err
			}
		}
		holder, cpHolder := "", ""
		if a, err := tx.Account(orig.Account); err == nil {
			holder = a.Holder
		}
		if orig.Counterparty != "" {
			if a, err := tx.Account(orig.Counterparty); err == nil {
				cpHolder = a.Holder
			}
		}
		d = s.newDraft(Draft{
			sess: sess, original: &orig, reason: reason, holder: holder, cpHolder: cpHolder,
			req:         Request{Kind: orig.Kind, Account: orig.Account, Counterparty: orig.Counterparty, Amount: orig.Amount},
			requirement: reversalRequirement(orig),
		})
		return nil
	})
	return d, err
}

// reversalRequirement is what reversing orig needs: the A's approval
// (第十四条), whatever the amount.
func reversalRequirement(orig ledger.Entry) authz.Requirement {
	why := msg.Sprintf("冲正 #%d（%s %s）：%s（第十四条）", orig.ID, orig.Kind.Title(), orig.Amount, authz.NeedA.Title())
	return authz.Requirement{Need: authz.NeedA, Policy: orig.PolicyVersion, Reason: why.String(), Why: &why}
}

// reversible loads an entry and checks that sess may reverse it now.
func (s *Service) reversible(tx Tx, sess *Session, b Branch, id int64) (ledger.Entry, error) {
	orig, err := tx.Entry(id)
	if errors.Is(err, ErrNotFound) {
		return orig, msg.Errorf("%w：交易 #%d", ErrNotFound, id)
	}
	if err != nil {
		return orig, err
	}
	if orig.Branch != b.ID {
		return orig, ErrOtherBranch
	}
	if orig.IsReversal() {
		return orig, ledger.ErrReverseReversal
	}
	if !orig.Kind.IsBusiness() {
		return orig, ErrNotReversible
	}
	if orig.Counterparty == ledger.PaymentsInTransitNo(orig.Branch) {
		// A payment's debit comes back to the payer (the order returned)
		// only while the order is not sent.
		if err := paymentNotSent(tx, orig); err != nil {
			return orig, err
		}
	}
	if orig.BusinessDate != b.BusinessDate {
		return orig, ledger.ErrOtherDay
	}
	if orig.Teller != sess.user.ID && sess.user.Level == staff.LevelC {
		return orig, ErrNotPermitted
	}
	if orig.Kind.IsCash() {
		// The cash went through the original teller's box: it comes back
		// out of that box only while that teller's day is open, so no
		// balanced and signed-out box is touched.
		d, err := tx.Day(orig.Teller, orig.BusinessDate)
		if err != nil || d.State != DayOpen {
			return orig, msg.Errorf("%w（柜员 %s）", ErrTellerNotOpen, orig.Teller)
		}
	}
	by, err := tx.ReversedBy(id)
	if err != nil {
		return orig, err
	}
	if by != 0 {
		return orig, msg.Errorf("%w（冲正交易 #%d）", ledger.ErrAlreadyReversed, by)
	}
	return orig, nil
}

// postReversal writes the reversing entry: the original's legs turned
// round, pointing at the original, with the reason and the approver.
func (s *Service) postReversal(tx Tx, b Branch, d *Draft, e *ledger.Entry) error {
	orig, err := s.reversible(tx, d.sess, b, d.original.ID)
	if err != nil {
		return err
	}
	legs := ledger.Reversed(orig.Legs)
	// A reversal must not overdraw the customer it takes money back from,
	// nor take out of a box cash it no longer holds.
	for _, l := range legs {
		if ledger.IsInternal(l.Account) {
			net, err := tx.NetDebit(l.Account)
			if err != nil {
				return err
			}
			if l.Side == ledger.Credit && net < l.Amount {
				return msg.Errorf("%w：%s 现金 %s，不能冲正", ErrBoxShort, l.Account, net)
			}
			continue
		}
		a, err := tx.Account(l.Account)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if a.Type != ledger.Cash && a.Type != ledger.Suspense && a.Available()+ledger.Effect(a.Type, l) < 0 {
			return msg.Errorf("%w，不能冲正", overdraft(a))
		}
	}
	*e = ledger.Entry{
		Branch: b.ID, BusinessDate: b.BusinessDate, Teller: d.sess.user.ID,
		Kind: orig.Kind, Amount: orig.Amount, Account: orig.Account, Counterparty: orig.Counterparty,
		Memo:          fmt.Sprintf("冲正原交易 #%d（柜员 %s 流水 %d）", orig.ID, orig.Teller, orig.Seq),
		PolicyVersion: orig.PolicyVersion, Reverses: orig.ID, Reason: d.reason,
		PostedAt: s.clock.Now(), Legs: legs, DraftKey: d.key,
	}
	return s.write(tx, d, e, audit.Reverse)
}

// Reversals is the register of reversals (抹账/冲正登记簿) for a branch, for
// one business date or all ("").
func (s *Service) Reversals(ctx context.Context, sess *Session, date string) ([]ledger.Entry, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	f := JournalFilter{Branch: sess.branch.ID, BusinessDate: date, ReversalsOnly: true}
	if sess.user.Level == staff.LevelC {
		f.Teller = sess.user.ID
	}
	var out []ledger.Entry
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Journal(f)
		return err
	})
	return out, err
}

// Journal is the day's journal as sess may see it: a clerk sees their
// own entries, B and A the branch's.
func (s *Service) Journal(ctx context.Context, sess *Session, date string) ([]ledger.Entry, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	var out []ledger.Entry
	err := s.store.View(ctx, func(tx Tx) error {
		if date == "" {
			b, err := tx.Branch(sess.branch.ID)
			if err != nil {
				return err
			}
			date = b.BusinessDate
		}
		f := JournalFilter{Branch: sess.branch.ID, BusinessDate: date}
		if sess.user.Level == staff.LevelC {
			f.Teller = sess.user.ID
		}
		var err error
		out, err = tx.Journal(f)
		return err
	})
	return out, err
}
