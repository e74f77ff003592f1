package enterprise

import "strings"

// MaskID hides the middle of a resident ID number for screens and exports
// seen by people who do not need the whole number: "420102199001011234"
// becomes "420102********1234" (region code and last four kept). Surrounding
// spaces are dropped; anything shorter than 15 characters is masked
// entirely, since keeping ten characters of it would show most of it.
func MaskID(id string) string {
	return mask(NormalizeResidentID(id), 6, 4, 15)
}

// MaskMobile hides the middle four digits of a mobile number:
// "13812345678" becomes "138****5678". A number with a country prefix or
// separators is normalized first ("+86 138-1234-5678" also becomes
// "138****5678"); other text of at least 11 characters keeps its first three
// and last four, and anything shorter is masked entirely.
func MaskMobile(mobile string) string {
	if m, err := NormalizeMobile(mobile); err == nil {
		mobile = m
	}
	return mask(strings.TrimSpace(mobile), 3, 4, 11)
}

// mask keeps the first head and last tail characters of s and replaces the
// others with '*', one per character; s shorter than minLen is replaced
// entirely.
func mask(s string, head, tail, minLen int) string {
	r := []rune(s)
	if len(r) < minLen {
		head, tail = 0, 0
	}
	var b strings.Builder
	for i, c := range r {
		if i < head || i >= len(r)-tail {
			b.WriteRune(c)
		} else {
			b.WriteByte('*')
		}
	}
	return b.String()
}

// MaskContact masks every mobile number in a free-text contact field
// ("陈经理 13812345678" → "陈经理 138****5678") and leaves the rest.
func MaskContact(s string) string {
	if m, err := NormalizeMobile(s); err == nil {
		return MaskMobile(m)
	}
	fs := strings.Fields(s)
	for i, f := range fs {
		if m, err := NormalizeMobile(f); err == nil {
			fs[i] = MaskMobile(m)
		}
	}
	return strings.Join(fs, " ")
}
