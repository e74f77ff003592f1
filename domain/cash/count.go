package cash

import (
	"errors"
	"math"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// Count is a cash count by denomination: code → pieces.
type Count map[string]int64

// Errors of a count.
var (
	ErrNegativePieces = errors.New("券别张（枚）数不能为负数")
	ErrCountTooLarge  = errors.New("券别张（枚）数过大")
	ErrNotEnough      = errors.New("券别张（枚）数不足")
	ErrCountMismatch  = errors.New("券别明细合计与金额不符")
)

// MismatchError reports a count whose total is not the declared amount.
// errors.Is(err, ErrCountMismatch) holds for it.
type MismatchError struct {
	Counted  money.Amount
	Declared money.Amount
}

// Error names both sums, e.g. "券别明细合计 ¥900.00 与金额 ¥1,000.00 不符".
func (e *MismatchError) Error() string { return e.Message().String() }

// Message is the refusal with both sums.
func (e *MismatchError) Message() msg.Text {
	return msg.Sprintf("券别明细合计 %s 与金额 %s 不符", e.Counted, e.Declared)
}

// Unwrap returns ErrCountMismatch.
func (e *MismatchError) Unwrap() error { return ErrCountMismatch }

// Total is the value of the count. An unknown code, negative pieces or a
// total beyond int64 fen is an error, so a typing slip never becomes money.
func (c Count) Total() (money.Amount, error) {
	var sum money.Amount
	for code, n := range c {
		d, err := Lookup(code)
		if err != nil {
			return 0, err
		}
		if n < 0 {
			return 0, msg.Errorf("%w：%s %d", ErrNegativePieces, d.Name, n)
		}
		if n > 0 && int64(d.Face) > (math.MaxInt64-int64(sum))/n {
			return 0, msg.Errorf("%w：%s %d", ErrCountTooLarge, d.Name, n)
		}
		sum += d.Face * money.Amount(n)
	}
	return sum, nil
}

// validate checks codes, signs and overflow.
func (c Count) validate() error {
	_, err := c.Total()
	return err
}

// Add returns c plus o, leaving both unchanged. Lines of zero are dropped.
func (c Count) Add(o Count) (Count, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	if err := o.validate(); err != nil {
		return nil, err
	}
	out := Count{}
	for code, n := range c {
		out[code] += n
	}
	for code, n := range o {
		if out[code] > math.MaxInt64-n {
			return nil, msg.Errorf("%w：%s", ErrCountTooLarge, code)
		}
		out[code] += n
	}
	if err := out.validate(); err != nil {
		return nil, err
	}
	return out.compact(), nil
}

// Sub returns c minus o, leaving both unchanged. Taking more pieces of a
// denomination than c holds is ErrNotEnough: a box never goes below zero
// on any line, even if its total would cover the amount.
func (c Count) Sub(o Count) (Count, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	if err := o.validate(); err != nil {
		return nil, err
	}
	out := Count{}
	for code, n := range c {
		out[code] = n
	}
	for _, d := range Denominations() {
		if o[d.Code] > out[d.Code] {
			return nil, msg.Errorf("%w：%s 现有 %d，须付出 %d", ErrNotEnough, d.Name, out[d.Code], o[d.Code])
		}
		out[d.Code] -= o[d.Code]
	}
	return out.compact(), nil
}

func (c Count) compact() Count {
	for code, n := range c {
		if n == 0 {
			delete(c, code)
		}
	}
	return c
}

// CheckDeclared checks that a count by denomination adds up to the amount
// written on the voucher: a *MismatchError if not.
func CheckDeclared(count Count, declared money.Amount) error {
	total, err := count.Total()
	if err != nil {
		return err
	}
	if total != declared {
		return &MismatchError{Counted: total, Declared: declared}
	}
	return nil
}
