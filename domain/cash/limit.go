package cash

import (
	"errors"
	"fmt"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// BoxLimit is a teller box's maximum (最高限额, 第九条).
type BoxLimit struct {
	Max money.Amount
}

// Errors of the box limit.
var (
	ErrNoBoxLimit   = errors.New("未设置柜员钱箱最高限额")
	ErrOverBoxLimit = errors.New("钱箱余额已超过最高限额，请先上缴总库或经B级柜员授权")
	ErrNonPositive  = errors.New("金额必须大于零")
	ErrNegativeCash = errors.New("钱箱余额不能为负数")
)

// Validate checks that a limit is set: 第九条 requires every teller box to
// have one, so zero is not "no limit".
func (l BoxLimit) Validate() error {
	if l.Max <= 0 {
		return ErrNoBoxLimit
	}
	return nil
}

// CheckCashIn decides whether a teller box holding balance may take amount
// more cash. Reaching the limit exactly is fine; crossing it with this
// cash-in is allowed with a warning to hand the excess up to the vault.
// A box already above the limit takes no more cash (ErrOverBoxLimit)
// unless a B authorized it, which still warns.
func CheckCashIn(balance, amount money.Amount, limit BoxLimit, authorizedByB bool) (warning string, err error) {
	if err := limit.Validate(); err != nil {
		return "", err
	}
	if amount <= 0 {
		return "", ErrNonPositive
	}
	if balance < 0 {
		return "", ErrNegativeCash
	}
	if balance > limit.Max {
		if !authorizedByB {
			return "", msg.Errorf("%w（余额 %s，最高限额 %s）", ErrOverBoxLimit, balance, limit.Max)
		}
		return fmt.Sprintf("钱箱余额 %s 已超过最高限额 %s，经B级授权收款，请及时上缴总库", balance, limit.Max), nil
	}
	if amount > limit.Max-balance {
		return fmt.Sprintf("收款后钱箱余额 %s 超过最高限额 %s，请及时上缴总库", balance+amount, limit.Max), nil
	}
	return "", nil
}
