package voucher

import (
	"errors"

	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// Stock is the keeper's blank vouchers of one type, as the service reads
// them from storage.
type Stock struct {
	Type   Type
	Keeper staff.User // the designated B who keeps and issues them
	// Bookkeeper is who keeps the off-balance book (表外科目账) of these
	// vouchers. 账证分管: it must be someone else than Keeper.
	Bookkeeper string
	// Ranges are the numbers in the keeper's hands: received from the
	// sub-branch or returned by tellers, not issued since.
	Ranges []Range
}

// Errors of keeping and issuing.
var (
	ErrKeeperLevel   = errors.New("重要空白凭证须由指定的B级柜员（业务主办）保管和发放")
	ErrNoBookkeeper  = errors.New("未指定重要空白凭证的记账人")
	ErrSameKeeper    = errors.New("账证分管：凭证保管人不能同时记载凭证账")
	ErrNoTeller      = errors.New("请指定领用柜员")
	ErrNotInStock    = errors.New("发放的凭证号码不全在保管人库存中")
	ErrTypeMismatch  = errors.New("号码段与凭证种类不符")
	ErrTooLargeRange = errors.New("号码超出该种凭证的位数")
)

// CheckKeeper verifies who keeps the stock (第十条: 指定专人保管和领发，
// 做到账证分管; RULES §2: a B keeps the blank-voucher stock): an active B
// who does not also keep the books. The service runs it before receiving
// stock from the sub-branch and before every issue.
func CheckKeeper(s Stock) error {
	if err := s.Keeper.Usable(); err != nil {
		return err
	}
	if s.Keeper.Level != staff.LevelB {
		return ErrKeeperLevel
	}
	if s.Bookkeeper == "" {
		return ErrNoBookkeeper
	}
	if s.Bookkeeper == s.Keeper.ID {
		return ErrSameKeeper
	}
	return nil
}

// CheckRange verifies a range fits the type: valid, of this type, and no
// number wider than the type's digits.
func (t Type) CheckRange(r Range) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if r.Type != t.Code {
		return msg.Errorf("%w：%s", ErrTypeMismatch, t.Name)
	}
	if r.To > t.Max() {
		return msg.Errorf("%w：%s %d 位", ErrTooLargeRange, t.Name, t.Digits)
	}
	return nil
}

// CheckIssue allows the keeper to issue range r to a teller: the keeper
// passes CheckKeeper and every number of r is in the keeper's stock.
func CheckIssue(s Stock, r Range, teller string) error {
	if err := CheckKeeper(s); err != nil {
		return err
	}
	if teller == "" {
		return ErrNoTeller
	}
	if err := s.Type.CheckRange(r); err != nil {
		return err
	}
	if !Covers(s.Ranges, r) {
		return msg.Errorf("%w：%s %s", ErrNotInStock, s.Type.Name, s.Type.FormatRange(r))
	}
	return nil
}
