package enterprise

import (
	"errors"
	"strings"
	"unicode"
)

// ErrMobile reports text that is not a mainland mobile number. Its text is
// shown to the officer as is.
var ErrMobile = errors.New("手机号码应为11位数字，以1开头、第二位为3至9，可带+86或0086")

// NormalizeMobile returns the 11 digits of a mainland mobile number typed as,
// for example, "138 1234 5678", "138-1234-5678", "+86 138 1234 5678",
// "0086 13812345678" or "86 13812345678". Spaces and dashes are dropped
// (full-width ones too), then one +86, 0086 or 86 country prefix, and what
// remains must be 1, a digit from 3 to 9 and nine more digits. Anything else
// is ErrMobile.
func NormalizeMobile(s string) (string, error) {
	s = strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, foldWidth(s))
	for _, prefix := range []string{"+86", "0086", "86"} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			s = rest
			break
		}
	}
	if !isMobile(s) {
		return "", ErrMobile
	}
	return s, nil
}

// isMobile reports whether s matches ^1[3-9]\d{9}$.
func isMobile(s string) bool {
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' {
		return false
	}
	for i := 2; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
