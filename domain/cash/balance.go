package cash

import (
	"errors"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// Balance is a teller box's day in figures, as the system has it (轧账).
type Balance struct {
	Opening   money.Amount // 上日库存: cash in the box at sign-in
	CashIn    money.Amount // cash received from customers
	CashOut   money.Amount // cash paid to customers
	FromVault money.Amount // 出库: cash the vault handed to the box
	ToVault   money.Amount // 入库: cash the box handed up to the vault
}

// Expected is what the box should hold.
func (b Balance) Expected() money.Amount {
	return b.Opening + b.CashIn - b.CashOut + b.FromVault - b.ToVault
}

// Difference is counted cash minus expected cash: above zero is an
// overage (长款), below zero a shortage (短款).
type Difference struct {
	Amount money.Amount
}

// Balanced reports whether the box is even (平).
func (d Difference) Balanced() bool { return d.Amount == 0 }

// Title is the difference as a teller reads it: "长款 ¥100.00",
// "短款 ¥100.00" or "平".
func (d Difference) Title() string {
	switch {
	case d.Amount > 0:
		return "长款 " + d.Amount.String()
	case d.Amount < 0:
		return "短款 " + (-d.Amount).String()
	}
	return "平"
}

// Compare balances the box: the counted cash against what the system
// expects. An invalid count is an error, never a difference.
func Compare(expected money.Amount, counted Count) (Difference, error) {
	total, err := counted.Total()
	if err != nil {
		return Difference{}, err
	}
	return Difference{Amount: total - expected}, nil
}

// DifferenceRecord is the written record of an overage or shortage: who
// found it, why, the B who signed it off and the A who approved the
// suspense entry (挂账, 第十四条) that holds it until it is resolved.
type DifferenceRecord struct {
	Amount     money.Amount // counted − expected, as in Difference
	Teller     string       // whose box
	Reason     string
	SignedOffB string // the B who checked the count and signed (第九条)
	ApprovedA  string // the A who approved the suspense entry (第十四条)
}

// Errors of a difference.
var (
	ErrDifferenceAmount = errors.New("长短款记录金额与实际差额不符")
	ErrDifferenceTeller = errors.New("长短款记录须注明柜员")
	ErrDifferenceReason = errors.New("长短款须注明原因")
	ErrDifferenceNeedsB = errors.New("长短款须经B级柜员（业务主办）签字确认")
	ErrSuspenseNeedsA   = errors.New("长短款挂账须经A级柜员（业务主管）审批")
	ErrSelfSignOff      = errors.New("签字人、审批人不能是钱箱柜员本人，也不能为同一人")
	ErrUnbalanced       = errors.New("钱箱未轧平，不能正式签退")
)

// Check verifies the record is complete. A difference is never absorbed:
// it needs a reason, a B's sign-off and an A's approval for the suspense
// entry, from two people other than the teller (第八条).
// The service checks the signers' levels when they authenticate.
func (r DifferenceRecord) Check() error {
	switch {
	case r.Amount == 0:
		return msg.Errorf("%w：差额为零", ErrDifferenceAmount)
	case r.Teller == "":
		return ErrDifferenceTeller
	case r.Reason == "":
		return ErrDifferenceReason
	case r.SignedOffB == "":
		return ErrDifferenceNeedsB
	case r.ApprovedA == "":
		return ErrSuspenseNeedsA
	case r.SignedOffB == r.Teller || r.ApprovedA == r.Teller || r.SignedOffB == r.ApprovedA:
		return ErrSelfSignOff
	}
	return nil
}

// CanSignOut decides whether a teller may formally sign out (正式签退,
// 第十三条) with this difference. A balanced box may; an unbalanced one
// only with a complete record of exactly that difference.
func CanSignOut(diff Difference, record *DifferenceRecord) error {
	if diff.Balanced() {
		return nil
	}
	if record == nil {
		return msg.Errorf("%w（%s）", ErrUnbalanced, diff.Title())
	}
	if record.Amount != diff.Amount {
		return msg.Errorf("%w：%w：记录 %s，实际 %s", ErrUnbalanced, ErrDifferenceAmount,
			Difference{Amount: record.Amount}.Title(), diff.Title())
	}
	if err := record.Check(); err != nil {
		return msg.Errorf("%w：%w", ErrUnbalanced, err)
	}
	return nil
}

// String is the difference's Title.
func (d Difference) String() string { return d.Title() }
