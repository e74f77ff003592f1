// Package voucher holds the rules for blank important vouchers (重要空白凭证,
// 第十条 of the teller rules): their types and numbers, number ranges, the
// life of one number from stock to use, sale or void, and the checks a
// service runs before it records a step — use in strict sequence (顺序使用,
// 逐份销号), a checked seal before a sale, an authorized void, a keeper who
// does not keep the books (账证分管), and the end-of-day three-way check
// (账、实、簿三核对).
//
// It holds no storage: a service builds a Holding or Stock from what it has
// stored and asks this package whether a step is allowed.
package voucher

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"branchdesk/domain/msg"
)

// Type is a kind of blank important voucher and the shape of its numbers:
// Prefix (upper-case letters, possibly none) and Digits zero-padded digits.
type Type struct {
	Code   string // stable key in ranges, events and storage
	Name   string // Chinese name, e.g. "现金支票"
	Prefix string // letters printed before the serial, e.g. "CZ"
	Digits int    // digits of the serial, zero-padded
	Unit   string // measure word in counts: 张 or 本
}

// Default type codes.
const (
	CashCheque         = "cash_cheque"
	TransferCheque     = "transfer_cheque"
	Passbook           = "passbook"
	DepositCertificate = "deposit_certificate"
	BankCard           = "bank_card"
	PaymentOrder       = "payment_order"
)

// Errors of types and numbers.
var (
	ErrUnknownType         = errors.New("未知的凭证种类")
	ErrBadType             = errors.New("凭证种类定义不正确")
	ErrVoucherNumberFormat = errors.New("凭证号码格式不正确")
)

// Types lists the shipped voucher types. The number formats follow what
// the forms carry: cheques and payment orders an 8-digit serial (the bank
// and region codes printed beside it are not part of the number);
// passbooks and certificates a 2-letter series then 8 digits; card stock
// the 10-digit serial of the blank card, not the card number. A bank with
// other forms configures its own types.
//
// Each call returns a new slice.
func Types() []Type {
	return []Type{
		{Code: CashCheque, Name: "现金支票", Digits: 8, Unit: "张"},
		{Code: TransferCheque, Name: "转账支票", Digits: 8, Unit: "张"},
		{Code: Passbook, Name: "存折", Prefix: "CZ", Digits: 8, Unit: "本"},
		{Code: DepositCertificate, Name: "存单", Prefix: "CD", Digits: 8, Unit: "张"},
		{Code: BankCard, Name: "银行卡", Digits: 10, Unit: "张"},
		{Code: PaymentOrder, Name: "业务委托书", Digits: 8, Unit: "张"},
	}
}

// Lookup finds a shipped type by its code.
func Lookup(code string) (Type, error) {
	for _, t := range Types() {
		if t.Code == code {
			return t, nil
		}
	}
	return Type{}, msg.Errorf("%w：%q", ErrUnknownType, code)
}

// Validate checks a configured type: code and name set, 1 to 18 digits (so
// every number fits in int64), a prefix of upper-case ASCII letters only.
func (t Type) Validate() error {
	if t.Code == "" || t.Name == "" || t.Unit == "" {
		return msg.Errorf("%w：代码、名称、单位不能为空", ErrBadType)
	}
	if t.Digits < 1 || t.Digits > 18 {
		return msg.Errorf("%w：%s号码位数须为 1 到 18", ErrBadType, t.Name)
	}
	for _, r := range t.Prefix {
		if r < 'A' || r > 'Z' {
			return msg.Errorf("%w：%s号码前缀只能是大写字母", ErrBadType, t.Name)
		}
	}
	return nil
}

// Max is the largest serial the type's digits hold.
func (t Type) Max() int64 {
	m := int64(1)
	for range t.Digits {
		m *= 10
	}
	return m - 1
}

// Format writes serial n as printed on the form: "00000012", "CZ00000012".
// n is expected in 1..Max; a larger one is written in full, never cut.
func (t Type) Format(n int64) string {
	return fmt.Sprintf("%s%0*d", t.Prefix, t.Digits, n)
}

// FormatRange writes a range as "00000001–00000025".
func (t Type) FormatRange(r Range) string {
	if r.From == r.To {
		return t.Format(r.From)
	}
	return t.Format(r.From) + "–" + t.Format(r.To)
}

// Parse reads a number typed or scanned at the counter: the prefix (any
// case) then exactly Digits digits, surrounding spaces ignored. Zero is not
// a number. The error names the expected shape.
func (t Type) Parse(s string) (int64, error) {
	s = strings.TrimSpace(s)
	bad := func() (int64, error) {
		shape := msg.Sprintf("%d 位数字", t.Digits)
		if t.Prefix != "" {
			shape = msg.Sprintf("%s 加 %d 位数字", t.Prefix, t.Digits)
		}
		return 0, msg.Errorf("%w：%s号码应为%s，如 %s", ErrVoucherNumberFormat, t.Name, shape, t.Format(1))
	}
	if len(s) != len(t.Prefix)+t.Digits || !strings.EqualFold(s[:len(t.Prefix)], t.Prefix) {
		return bad()
	}
	digits := s[len(t.Prefix):]
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return bad()
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n == 0 {
		return bad()
	}
	return n, nil
}
