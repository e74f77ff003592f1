package ledger

import (
	"errors"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// The kinds that resolve a suspense item (第十四条 挂账的处理结果): each
// points at the overage or shortage entry it clears, which is never
// touched. The cash kinds go through the box of the teller who keys them.
const (
	OverageReturned    Kind = "overage_returned"     // 长款退还：现金从钱箱付还客户
	ShortageFound      Kind = "shortage_found"       // 短款找回：找回的现金交回钱箱
	ShortageRepaid     Kind = "shortage_repaid"      // 短款赔偿：责任柜员赔付现金
	OverageWrittenOff  Kind = "overage_written_off"  // 长款核销：转营业外收入
	ShortageWrittenOff Kind = "shortage_written_off" // 短款核销：转营业外支出
)

// Way is how a suspense item is resolved.
type Way string

// The three ways of 第十四条's 处理结果.
const (
	WayFound      Way = "found"       // 长款退还 / 短款找回
	WayRepaid     Way = "repaid"      // 短款赔偿
	WayWrittenOff Way = "written_off" // 核销
)

// Ways lists the ways in the order a screen offers them.
var Ways = []Way{WayFound, WayRepaid, WayWrittenOff}

// Title is the way in Chinese, for an item of kind item (overage or
// shortage): finding a shortage and returning an overage are one way.
func (w Way) Title(item Kind) string {
	k, err := ResolutionKind(item, w)
	if err != nil {
		return string(w)
	}
	return k.Title()
}

// Errors of resolving suspense.
var (
	ErrNotSuspense       = errors.New("该笔交易不是长短款挂账")
	ErrWayNotFit         = errors.New("处理方式与挂账不符：长款可退还或核销，短款可找回、赔偿或核销")
	ErrOverOpen          = errors.New("处理金额超过该笔挂账未处理的余额")
	ErrSuspenseClosed    = errors.New("该笔挂账已处理完毕")
	ErrResolutionReason  = errors.New("请填写挂账处理的说明")
	ErrResponsibleNeeded = errors.New("短款赔偿须写明赔偿的责任柜员")
)

// IsSuspense reports whether k puts a cash difference in suspense.
func (k Kind) IsSuspense() bool { return k == CashOverage || k == CashShortage }

// IsResolution reports whether k resolves a suspense item.
func (k Kind) IsResolution() bool {
	switch k {
	case OverageReturned, ShortageFound, ShortageRepaid, OverageWrittenOff, ShortageWrittenOff:
		return true
	}
	return false
}

// MovesCash reports whether a resolution goes through a cash box.
func (k Kind) MovesCash() bool {
	return k == OverageReturned || k == ShortageFound || k == ShortageRepaid
}

// ResolutionKind is the kind of entry that resolves an item of kind item
// the way w: an overage is returned or written off; a shortage is found,
// repaid or written off.
func ResolutionKind(item Kind, w Way) (Kind, error) {
	switch {
	case item == CashOverage && w == WayFound:
		return OverageReturned, nil
	case item == CashOverage && w == WayWrittenOff:
		return OverageWrittenOff, nil
	case item == CashShortage && w == WayFound:
		return ShortageFound, nil
	case item == CashShortage && w == WayRepaid:
		return ShortageRepaid, nil
	case item == CashShortage && w == WayWrittenOff:
		return ShortageWrittenOff, nil
	case !item.IsSuspense():
		return "", ErrNotSuspense
	}
	return "", ErrWayNotFit
}

// CheckResolution is the rule of a partial or whole resolution: more than
// nothing, and never more than is still open on the item.
func CheckResolution(amount, open money.Amount) error {
	switch {
	case open <= 0:
		return ErrSuspenseClosed
	case amount <= 0:
		return ErrNonPositive
	case amount > open:
		return msg.Errorf("%w（未处理 %s，本次 %s）", ErrOverOpen, open, amount)
	}
	return nil
}

// ResolutionLegs is the double entry of a resolution of kind k: cash
// comes into or goes out of the box, or the difference goes to the
// branch's loss or income, against its suspense account.
func ResolutionLegs(k Kind, amount money.Amount, branch, teller string) ([]Leg, error) {
	susp := SuspenseAccountNo(branch)
	var other string
	switch k {
	case OverageReturned, ShortageFound, ShortageRepaid:
		other = CashAccountNo(teller)
	case OverageWrittenOff:
		other = IncomeAccountNo(branch)
	case ShortageWrittenOff:
		other = LossAccountNo(branch)
	default:
		return nil, ErrNotSuspense
	}
	if amount <= 0 {
		return nil, ErrNonPositive
	}
	if k == OverageReturned || k == OverageWrittenOff {
		// An overage sits on the credit side of suspense: it is debited away.
		return []Leg{{susp, Debit, amount}, {other, Credit, amount}}, nil
	}
	return []Leg{{other, Debit, amount}, {susp, Credit, amount}}, nil
}
