package voucher

import (
	"errors"
	"fmt"
	"strings"
)

// ErrThreeWay reports that book, physical count and register disagree.
var ErrThreeWay = errors.New("重要空白凭证账、实、簿不符")

// ThreeWayError tells which of the three disagrees with the book, and by
// how much. errors.Is(err, ErrThreeWay) holds for it.
type ThreeWayError struct {
	Type     Type
	System   int64 // 账: the off-balance book, as the system keeps it
	Physical int64 // 实: counted in the keeper's and tellers' hands
	Register int64 // 簿: the voucher register (登记簿)
}

// PhysicalDiff is the physical count minus the book: below zero is short.
func (e *ThreeWayError) PhysicalDiff() int64 { return e.Physical - e.System }

// RegisterDiff is the register minus the book.
func (e *ThreeWayError) RegisterDiff() int64 { return e.Register - e.System }

// Error says what differs, e.g.
// "现金支票 实物短 1 张（账 100 张，实物 99 张，登记簿 100 张）".
func (e *ThreeWayError) Error() string {
	var parts []string
	for _, d := range []struct {
		what string
		diff int64
	}{{"实物", e.PhysicalDiff()}, {"登记簿", e.RegisterDiff()}} {
		switch {
		case d.diff < 0:
			parts = append(parts, fmt.Sprintf("%s短 %d %s", d.what, -d.diff, e.Type.Unit))
		case d.diff > 0:
			parts = append(parts, fmt.Sprintf("%s多 %d %s", d.what, d.diff, e.Type.Unit))
		}
	}
	u := e.Type.Unit
	return fmt.Sprintf("%s %s（账 %d %s，实物 %d %s，登记簿 %d %s）",
		e.Type.Name, strings.Join(parts, "、"), e.System, u, e.Physical, u, e.Register, u)
}

// Unwrap returns ErrThreeWay.
func (e *ThreeWayError) Unwrap() error { return ErrThreeWay }

// ThreeWay is the manager's end-of-day check of one voucher type (第十条:
// 营业终了，业务主管必须对重要空白凭证进行账、实、簿三核对): nil when the book,
// the physical count and the register agree, else a *ThreeWayError.
func ThreeWay(t Type, system, physical, register int64) error {
	if system == physical && system == register {
		return nil
	}
	return &ThreeWayError{Type: t, System: system, Physical: physical, Register: register}
}
