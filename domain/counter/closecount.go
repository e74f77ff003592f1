package counter

import (
	"context"
	"errors"
	"slices"
	"time"

	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
	"branchdesk/domain/voucher"
)

// CloseCount is a blank-voucher type's physical count for the branch
// close, as a B or A typed it: kept, so that whoever opens 网点平账 next,
// at any PC, finds it; the latest of a day and type stands.
type CloseCount struct {
	Branch, BusinessDate, Type string
	Counted                    int64
	By                         string
	At                         time.Time
}

// CloseCountTx is the storage of the close's counts.
type CloseCountTx interface {
	AddCloseCount(c CloseCount) error
	// CloseCounts are the latest count of each type of a branch's day.
	CloseCounts(branch, date string) ([]CloseCount, error)
}

// ErrCountNegative refuses a physical count below zero.
var ErrCountNegative = errors.New("实物数量不能为负数")

// RecordCloseCount keeps a B's or A's physical count of a voucher type for
// today's close.
func (s *Service) RecordCloseCount(ctx context.Context, sess *Session, typ string, n int64) error {
	if sess == nil {
		return ErrNoSession
	}
	if sess.user.Level == staff.LevelC {
		return ErrNotSupervisor
	}
	if n < 0 {
		return ErrCountNegative
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		u, err := tx.User(sess.user.ID)
		if err != nil {
			return err
		}
		if err := u.Usable(); err != nil {
			return err
		}
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		types, err := tx.VoucherTypes()
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(types, func(t voucher.Type) bool { return t.Code == typ }) {
			return msg.Errorf("%w：%s", voucher.ErrUnknownType, typ)
		}
		return tx.AddCloseCount(CloseCount{Branch: b.ID, BusinessDate: b.BusinessDate, Type: typ, Counted: n, By: sess.user.ID, At: s.clock.Now()})
	})
}

// CloseCounts are today's kept counts by voucher type.
func (s *Service) CloseCounts(ctx context.Context, sess *Session) (map[string]CloseCount, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	out := map[string]CloseCount{}
	err := s.store.View(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		cs, err := tx.CloseCounts(b.ID, b.BusinessDate)
		for _, c := range cs {
			out[c.Type] = c
		}
		return err
	})
	return out, err
}
