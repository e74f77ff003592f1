// Package money holds the bank's amounts: integer fen (分), parsed from what a
// teller types and shown in figures (小写) and in Chinese capitals (大写).
//
// Amounts are never floating point: a float cannot hold 0.10 exactly, and a
// voucher that is off by one fen does not balance.
package money

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"branchdesk/domain/msg"
)

// Amount is a sum of money in fen (分, 1/100 yuan).
type Amount int64

// DefaultCeiling is the largest amount Parse accepts: ¥9,999,999,999.99, the
// widest figure (ten digits of yuan) the counter's voucher printers have room for.
// Business limits are far lower and are enforced elsewhere; this only stops typos.
const DefaultCeiling Amount = 999_999_999_999

// Sentinel errors returned by Parse and ParseMax. Their text is shown to the
// teller as is.
var (
	// ErrEmpty reports that nothing was typed.
	ErrEmpty = errors.New("请输入金额")
	// ErrFormat reports text that is not an amount.
	ErrFormat = errors.New("金额格式不正确，应如 12345.67、12,345.67 或 ¥12,345.67")
	// ErrNegative reports a minus sign.
	ErrNegative = errors.New("金额不能为负数")
	// ErrTooManyDecimals reports more than two digits after the point.
	ErrTooManyDecimals = errors.New("金额最多两位小数")
	// ErrZero reports an amount of zero.
	ErrZero = errors.New("金额必须大于零")
	// ErrTooLarge reports an amount above the ceiling. Parse returns it wrapped
	// in a *TooLargeError, so the message names the ceiling.
	ErrTooLarge = errors.New("金额超过上限")
)

// TooLargeError reports an amount above Ceiling. errors.Is(err, ErrTooLarge)
// holds for it.
type TooLargeError struct {
	// Ceiling is the largest amount that would have been accepted.
	Ceiling Amount
}

// Error names the ceiling in figures, e.g. "金额超过上限 ¥9,999,999,999.99".
func (e *TooLargeError) Error() string { return e.Message().String() }

// Message is Error with the ceiling apart, for a screen in another
// language.
func (e *TooLargeError) Message() msg.Text { return msg.Sprintf("金额超过上限 %s", e.Ceiling) }

// Unwrap returns ErrTooLarge.
func (e *TooLargeError) Unwrap() error { return ErrTooLarge }

// Parse reads an amount typed at the counter, with the DefaultCeiling.
// See ParseMax for the accepted forms.
func Parse(s string) (Amount, error) {
	return ParseMax(s, DefaultCeiling)
}

// ParseMax reads an amount such as "12345.67", "12,345.67", "¥12,345.67" or
// "￥12,345.67". Surrounding spaces are ignored; a yen sign may lead; commas, if
// any, must separate groups of exactly three digits; at most two decimals.
// The amount must be above zero and at most ceiling (a ceiling below one fen
// refuses everything). Full-width forms, as a Chinese input method types
// them (１２，３４５．６７, ￥, －), read as their ASCII twins. Errors are the package's sentinels, or a
// *TooLargeError.
func ParseMax(s string, ceiling Amount) (Amount, error) {
	s = strings.TrimSpace(width.Narrow.String(s))
	if s == "" {
		return 0, ErrEmpty
	}
	negative := false
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		negative, s = true, rest
	}
	for _, yen := range []string{"¥", "￥"} {
		if rest, ok := strings.CutPrefix(s, yen); ok {
			s = strings.TrimSpace(rest)
			break
		}
	}
	if rest, ok := strings.CutPrefix(s, "-"); ok && !negative {
		negative, s = true, rest // "¥-5"
	}

	intPart, fracPart, hasPoint := strings.Cut(s, ".")
	if intPart == "" || (hasPoint && fracPart == "") || strings.Contains(fracPart, ".") {
		return 0, ErrFormat
	}
	if !allDigits(fracPart) {
		return 0, ErrFormat
	}
	digits, ok := ungroup(intPart)
	if !ok {
		return 0, ErrFormat
	}
	if len(fracPart) > 2 {
		return 0, ErrTooManyDecimals
	}
	if negative {
		return 0, ErrNegative
	}

	tooLarge := &TooLargeError{Ceiling: ceiling}
	var yuan int64
	for _, c := range digits {
		d := int64(c - '0')
		if yuan > (math.MaxInt64-d)/10 {
			return 0, tooLarge
		}
		yuan = yuan*10 + d
	}
	if yuan > math.MaxInt64/100 {
		return 0, tooLarge
	}
	var fen int64
	if fracPart != "" {
		f, _ := strconv.Atoi(fracPart) // one or two digits, checked above
		if len(fracPart) == 1 {
			f *= 10
		}
		fen = int64(f)
	}
	if yuan*100 > math.MaxInt64-fen {
		return 0, tooLarge
	}
	a := Amount(yuan*100 + fen)
	if a == 0 {
		return 0, ErrZero
	}
	if a > ceiling {
		return 0, tooLarge
	}
	return a, nil
}

// ungroup checks the integer part of an amount and returns its digits without
// commas. Leading zeros are refused ("0" alone is fine) since "0100" is more
// likely a slip than a hundred.
func ungroup(s string) (string, bool) {
	groups := strings.Split(s, ",")
	first := groups[0]
	if first == "" || !allDigits(first) {
		return "", false
	}
	if len(first) > 1 && first[0] == '0' {
		return "", false
	}
	if len(groups) == 1 {
		return first, true
	}
	if len(first) > 3 || first == "0" {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !allDigits(g) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// magnitude returns |a| without overflowing on math.MinInt64.
func (a Amount) magnitude() uint64 {
	if a < 0 {
		return uint64(-(a + 1)) + 1
	}
	return uint64(a)
}

// String formats the amount for vouchers and screens: "¥12,345.67",
// "-¥12,345.67".
func (a Amount) String() string {
	m := a.magnitude()
	yuan := strconv.FormatUint(m/100, 10)
	var b strings.Builder
	if a < 0 {
		b.WriteByte('-')
	}
	b.WriteString("¥")
	for i, c := range yuan {
		if i > 0 && (len(yuan)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	fmt.Fprintf(&b, ".%02d", m%100)
	return b.String()
}

// Plain formats the amount without yen sign or commas: "12345.67",
// "-12345.67". Parse reads it back.
func (a Amount) Plain() string {
	m := a.magnitude()
	sign := ""
	if a < 0 {
		sign = "-"
	}
	return fmt.Sprintf("%s%d.%02d", sign, m/100, m%100)
}
