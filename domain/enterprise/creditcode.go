package enterprise

import (
	"errors"
	"strings"

	"branchdesk/domain/msg"
)

// Errors of CheckCreditCode and CreditCodeCheckChar. Their text is shown to
// the officer as is; the length error is wrapped with the length typed.
var (
	// ErrCreditCodeLength reports a code that is not 18 characters long.
	ErrCreditCodeLength = errors.New("统一社会信用代码应为18位")
	// ErrCreditCodeChar reports a character outside the code's alphabet.
	// It comes wrapped in a *CharError naming the position.
	ErrCreditCodeChar = errors.New("统一社会信用代码含有无效字符（不使用I、O、Z、S、V）")
	// ErrCreditCodeCheck reports a code whose last character does not match
	// the other seventeen. Unlike the other errors it is a warning: some
	// early pilot codes fail the check (RULES §7), so an officer who has
	// compared the code with the business licence may accept it by giving a
	// reason. See IsOverridable.
	ErrCreditCodeCheck = errors.New("统一社会信用代码校验位不符，请与营业执照核对；确认无误的，须填写理由后方可保存")
)

// creditCodeAlphabet holds the 31 characters of GB 32100-2015; a character's
// value is its index. I, O, Z, S and V are left out as too easily misread.
const creditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCodeWeights are the weights of positions 1–17 (GB 32100-2015 §5):
// 3^(i-1) mod 31.
var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// NormalizeCreditCode returns s as the code should be stored: surrounding
// spaces trimmed, full-width characters folded to half-width, letters in
// upper case. It does not check the code.
func NormalizeCreditCode(s string) string {
	return normalize(s)
}

// CheckCreditCode checks a unified social credit code (统一社会信用代码,
// GB 32100-2015) after NormalizeCreditCode: 18 characters from
// 0123456789ABCDEFGHJKLMNPQRTUWXY, the last being the check character of the
// first seventeen.
//
// The errors are ErrCreditCodeLength, a *CharError with ErrCreditCodeChar,
// and ErrCreditCodeCheck; only the last may be overridden (IsOverridable).
func CheckCreditCode(s string) error {
	code := []rune(NormalizeCreditCode(s))
	if len(code) != 18 {
		return msg.Errorf("%w（现为%d位）", ErrCreditCodeLength, len(code))
	}
	want, err := creditCodeCheckChar(code[:17])
	if err != nil {
		return err
	}
	last := code[17]
	if !strings.ContainsRune(creditCodeAlphabet, last) {
		return &CharError{Err: ErrCreditCodeChar, Pos: 18, Char: last}
	}
	if last != rune(want) {
		return ErrCreditCodeCheck
	}
	return nil
}

// CreditCodeCheckChar returns the check character (the 18th) for the first
// 17 characters of a unified social credit code, after NormalizeCreditCode:
// with Σ the sum of each character's value times its weight, the check
// value is (31 − Σ mod 31) mod 31, written with the code's alphabet.
// The errors are ErrCreditCodeLength and a *CharError with ErrCreditCodeChar.
func CreditCodeCheckChar(first17 string) (byte, error) {
	code := []rune(NormalizeCreditCode(first17))
	if len(code) != 17 {
		return 0, msg.Errorf("%w（前17位现为%d位）", ErrCreditCodeLength, len(code))
	}
	return creditCodeCheckChar(code)
}

// creditCodeCheckChar computes the check character of the 17 runes in code.
func creditCodeCheckChar(code []rune) (byte, error) {
	sum := 0
	for i, r := range code[:len(creditCodeWeights)] {
		v := strings.IndexRune(creditCodeAlphabet, r)
		if v < 0 {
			return 0, &CharError{Err: ErrCreditCodeChar, Pos: i + 1, Char: r}
		}
		sum += v * creditCodeWeights[i]
	}
	return creditCodeAlphabet[(31-sum%31)%31], nil
}

// IsOverridable reports whether err is a warning an officer may accept by
// recording a reason, rather than a mistake that must be corrected: only a
// failed credit code check (ErrCreditCodeCheck) is. Recording who accepted
// it and why is the caller's business.
func IsOverridable(err error) bool {
	return errors.Is(err, ErrCreditCodeCheck)
}

// CompleteCreditCode appends the check character to the first 17
// characters of a code.
func CompleteCreditCode(first17 string) (string, error) {
	c, err := CreditCodeCheckChar(first17)
	if err != nil {
		return "", err
	}
	return NormalizeCreditCode(first17) + string(c), nil
}
