package enterprise

import (
	"errors"
	"time"

	"branchdesk/domain/msg"
)

// Errors of CheckResidentID and BirthDate. Their text is shown to the
// officer as is; the length error is wrapped with the length typed.
var (
	// ErrIDLength reports a number that is not 18 characters long; the
	// 15-digit first-generation numbers are no longer accepted.
	ErrIDLength = errors.New("身份证号码应为18位")
	// ErrIDChar reports a character other than a digit, or than a digit or X
	// in the last place. It comes wrapped in a *CharError naming the position.
	ErrIDChar = errors.New("身份证号码前17位应为数字，末位应为数字或X")
	// ErrIDBirthDate reports a birth date (7th to 14th digits) that is not a
	// real date, lies in the future or before 1900.
	ErrIDBirthDate = errors.New("身份证号码中的出生日期无效")
	// ErrIDCheck reports a last character that does not match the other
	// seventeen: the number was mistyped.
	ErrIDCheck = errors.New("身份证号码校验位不符，请核对")
)

// idWeights are the weights of digits 1–17 (GB 11643-1999): 2^(18-i) mod 11.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars is the check character indexed by the weighted sum mod 11
// (ISO 7064 MOD 11-2, with X for ten).
const idCheckChars = "10X98765432"

// earliestBirthYear is the first year of birth accepted; an earlier one is a
// typo, not a customer.
const earliestBirthYear = 1900

// NormalizeResidentID returns s as the number should be stored: surrounding
// spaces trimmed, full-width characters folded to half-width, letters (a
// final x) in upper case. It does not check the number.
func NormalizeResidentID(s string) string {
	return normalize(s)
}

// CheckResidentID checks an 18-character resident ID number (公民身份号码,
// GB 11643-1999) after NormalizeResidentID: seventeen digits and a check
// character (a digit or X), with a birth date YYYYMMDD in the 7th to 14th
// places that is a real date, not after today and not before 1900. Only the
// calendar date of today, in its own location, is used.
//
// The errors are ErrIDLength, a *CharError with ErrIDChar, ErrIDBirthDate
// and ErrIDCheck, checked in that order.
func CheckResidentID(s string, today time.Time) error {
	id, birth, err := parseResidentID(s)
	if err != nil {
		return err
	}
	y, m, d := today.Date()
	if birth.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		return msg.Errorf("%w（%s晚于今天）", ErrIDBirthDate, birth.Format(time.DateOnly))
	}
	sum := 0
	for i, w := range idWeights {
		sum += int(id[i]-'0') * w
	}
	if id[17] != idCheckChars[sum%11] {
		return ErrIDCheck
	}
	return nil
}

// BirthDate returns the birth date in an 18-character resident ID number,
// at midnight UTC. It checks the length, the characters and that the date is
// real and not before 1900, but neither the check character nor that the
// date is past: use CheckResidentID for that.
func BirthDate(id string) (time.Time, error) {
	_, birth, err := parseResidentID(id)
	return birth, err
}

// parseResidentID normalizes s, checks its length and characters, and reads
// the birth date. The returned id is 18 ASCII bytes when err is nil.
func parseResidentID(s string) (string, time.Time, error) {
	id := []rune(NormalizeResidentID(s))
	if len(id) != 18 {
		return "", time.Time{}, msg.Errorf("%w（现为%d位）", ErrIDLength, len(id))
	}
	for i, r := range id {
		if '0' <= r && r <= '9' || i == 17 && r == 'X' {
			continue
		}
		return "", time.Time{}, &CharError{Err: ErrIDChar, Pos: i + 1, Char: r}
	}
	digits := string(id)
	birth, err := time.Parse("20060102", digits[6:14])
	if err != nil || birth.Year() < earliestBirthYear {
		return "", time.Time{}, msg.Errorf("%w（%s）", ErrIDBirthDate, digits[6:14])
	}
	return digits, birth, nil
}
