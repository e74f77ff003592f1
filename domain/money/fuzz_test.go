package money

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// wellFormed is the grammar Parse implements, written independently of it,
// over the text with its full-width forms folded to ASCII.
var wellFormed = regexp.MustCompile(`^[¥￥]?[\t\n\v\f\r \x{85}\p{Z}]*([1-9]\d{0,2}(,\d{3})+|[1-9]\d*|0)(\.\d{1,2})?$`)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"12345.67", "12,345.67", "¥12,345.67", "￥12,345.67", " 12 ", "12.5", "0.01",
		"9,999,999,999.99", "10,000,000,000.00", "92233720368547758.08",
		"", "-1", "+1", "1e5", "12.345", "1,2345.00", "1.2.3", "0", "abc", "¥", "¥-5",
		"0123", ".5", "5.", "１２", "\xff", "1,000,000", "99999999999999999999",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			if a != 0 {
				t.Fatalf("Parse(%q) = %d alongside error %v", s, a, err)
			}
			known := false
			for _, e := range []error{ErrEmpty, ErrFormat, ErrNegative, ErrTooManyDecimals, ErrZero, ErrTooLarge} {
				known = known || errors.Is(err, e)
			}
			if !known {
				t.Fatalf("Parse(%q): error %v is none of the package's sentinels", s, err)
			}
			return
		}
		if a <= 0 || a > DefaultCeiling {
			t.Fatalf("Parse(%q) = %d, outside (0, %d]", s, a, DefaultCeiling)
		}
		if !wellFormed.MatchString(strings.TrimSpace(width.Narrow.String(s))) {
			t.Fatalf("Parse(%q) accepted text outside the grammar", s)
		}
		for _, text := range []string{a.Plain(), a.String()} {
			back, err := Parse(text)
			if err != nil || back != a {
				t.Fatalf("Parse(%q) = %d, %v; want %d (from %q)", text, back, err, a, s)
			}
		}
		c := Capital(a)
		if !strings.HasPrefix(c, "人民币") || !utf8.ValidString(c) {
			t.Fatalf("Capital(%d) = %q", a, c)
		}
		if strings.Contains(c, "零零") || strings.HasSuffix(c, "零") {
			t.Fatalf("Capital(%d) = %q: misplaced 零", a, c)
		}
	})
}

// Every int64 has a capital form, even far beyond any ceiling.
func FuzzCapital(f *testing.F) {
	for _, n := range []int64{0, 1, 10, 100, 1020305, -1, 1 << 62, -1 << 63, 1<<63 - 1} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int64) {
		c := Capital(Amount(n))
		if !strings.HasPrefix(c, "人民币") {
			t.Fatalf("Capital(%d) = %q", n, c)
		}
		if strings.Contains(c, "零零") {
			t.Fatalf("Capital(%d) = %q: double 零", n, c)
		}
		if (n < 0) != strings.HasPrefix(c, "人民币负") {
			t.Fatalf("Capital(%d) = %q: sign", n, c)
		}
	})
}
