package counter

import (
	"context"
	"errors"
	"maps"
	"slices"
	"time"

	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
	"branchdesk/domain/voucher"
)

// CloseCount is a blank-voucher type's physical count for the branch
// close, as an A typed it: kept, so that whoever opens 网点平账 next,
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

// ErrCountNotManager refuses the physical count of the blank vouchers'
// three-way check to anyone but an A: 营业终了，业务主管必须对重要空白凭证
// 进行账、实、簿三核对 (第十条; RULES §2, §4), and the B who keeps the
// vouchers never counts her own stock for it.
var ErrCountNotManager = errors.New("重要空白凭证的账、实、簿三核对须由业务主管（A级）盘点录入")

// RecordCloseCount keeps an A's physical count of a voucher type for
// today's close.
func (s *Service) RecordCloseCount(ctx context.Context, sess *Session, typ string, n int64) error {
	if sess == nil {
		return ErrNoSession
	}
	if sess.user.Level != staff.LevelA {
		return ErrCountNotManager
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

// countedByManager refuses the physical counts a B closes the branch with
// unless each is the count an A kept for today's close: the B closes
// (平账), the three-way check stays the A's.
func countedByManager(tx Tx, b Branch, physical map[string]int64) error {
	kept, err := tx.CloseCounts(b.ID, b.BusinessDate)
	if err != nil {
		return err
	}
	types, err := tx.VoucherTypes()
	if err != nil {
		return err
	}
	for _, typ := range slices.Sorted(maps.Keys(physical)) {
		name := typ
		if j := slices.IndexFunc(types, func(t voucher.Type) bool { return t.Code == typ }); j >= 0 {
			name = types[j].Name
		}
		i := slices.IndexFunc(kept, func(c CloseCount) bool { return c.Type == typ })
		if i < 0 || kept[i].Counted != physical[typ] {
			return msg.Errorf("%w：%s 没有业务主管录入的这一数量", ErrCountNotManager, name)
		}
		u, err := tx.User(kept[i].By)
		if err != nil {
			return err
		}
		if u.Level != staff.LevelA {
			return msg.Errorf("%w：%s 由 %s 盘点", ErrCountNotManager, name, u.Label())
		}
	}
	return nil
}
