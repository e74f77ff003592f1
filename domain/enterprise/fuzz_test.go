package enterprise

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

func FuzzCheckCreditCode(f *testing.F) {
	for _, s := range append([]string{
		"", "91350100M000100Y4", "91350100m000100y43", " 91350100M000100Y43 ",
		"91350100MO00100Y43", "91350100M000100Y44", "９１３５０１００Ｍ０００１００Ｙ４３",
		"91350100M000100Y4\xff", "91350100M000100Y4号", "ſ1350100M000100Y43",
		"91350100M000100Y4", " 91110000600037341 ", "0000000000000000",
	}, validCreditCodes...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Most random codes fail the check; completing a prefix with the
		// computed check character exercises the accepting path too.
		if c, err := CreditCodeCheckChar(s); err == nil {
			full := NormalizeCreditCode(s) + string(c)
			if err := CheckCreditCode(full); err != nil || independentCreditCheck(full) != c {
				t.Fatalf("%q completed to %q: %v; independent check %c", s, full, err, independentCreditCheck(full))
			}
		}
		err := CheckCreditCode(s)
		n := NormalizeCreditCode(s)
		if NormalizeCreditCode(n) != n {
			t.Fatalf("NormalizeCreditCode not idempotent on %q", s)
		}
		if again := CheckCreditCode(n); fmt.Sprint(again) != fmt.Sprint(err) {
			t.Fatalf("CheckCreditCode(%q) = %v but on its normal form %q = %v", s, err, n, again)
		}
		if err != nil {
			known := false
			for _, e := range []error{ErrCreditCodeLength, ErrCreditCodeChar, ErrCreditCodeCheck} {
				known = known || errors.Is(err, e)
			}
			if !known || err.Error() == "" {
				t.Fatalf("CheckCreditCode(%q): unexpected error %v", s, err)
			}
			return
		}
		if len(n) != 18 {
			t.Fatalf("accepted %q normalizes to %q, not 18 bytes", s, n)
		}
		for i := range 18 {
			if c := n[i]; !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z') || c == 'I' || c == 'O' || c == 'Z' || c == 'S' || c == 'V' {
				t.Fatalf("accepted %q has %q at %d", n, c, i+1)
			}
		}
		if want := independentCreditCheck(n[:17]); n[17] != want {
			t.Fatalf("accepted %q, but its check character should be %c", n, want)
		}
		if c, err := CreditCodeCheckChar(n[:17]); err != nil || c != n[17] {
			t.Fatalf("CreditCodeCheckChar(%q) = %c, %v", n[:17], c, err)
		}
	})
}

func FuzzCheckResidentID(f *testing.F) {
	for _, v := range validIDs {
		f.Add(v.id)
	}
	for _, s := range []string{
		"", "11010519491231002x", "110101199002300014", "11010118991231001X",
		"110101202506020010", "1101051949123100X2", "11010519491231002", "11010120250602001", "１１０１０５１９４９１２３１００２ｘ",
		"11010519491231002\xff", "110105491231002",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckResidentID(s, today)
		n := NormalizeResidentID(s)
		// Complete 17 digits with an independently computed check
		// character: then only the birth date may be refused.
		if len(n) == 17 && strings.Trim(n, "0123456789") == "" {
			full := n + string(independentIDCheck(n))
			b, perr := time.Parse("20060102", n[6:14])
			plausible := perr == nil && b.Year() >= 1900 && !b.After(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
			if e := CheckResidentID(full, today); plausible && e != nil || !plausible && !errors.Is(e, ErrIDBirthDate) {
				t.Fatalf("CheckResidentID(%q) = %v; birth date plausible: %v", full, e, plausible)
			}
		}
		if NormalizeResidentID(n) != n {
			t.Fatalf("NormalizeResidentID not idempotent on %q", s)
		}
		if again := CheckResidentID(n, today); fmt.Sprint(again) != fmt.Sprint(err) {
			t.Fatalf("CheckResidentID(%q) = %v but on its normal form %q = %v", s, err, n, again)
		}
		_ = MaskID(s)
		birth, berr := BirthDate(s)
		if err != nil {
			known := false
			for _, e := range []error{ErrIDLength, ErrIDChar, ErrIDBirthDate, ErrIDCheck} {
				known = known || errors.Is(err, e)
			}
			if !known || err.Error() == "" || IsOverridable(err) {
				t.Fatalf("CheckResidentID(%q): unexpected error %v", s, err)
			}
			return
		}
		if len(n) != 18 {
			t.Fatalf("accepted %q normalizes to %q", s, n)
		}
		for i := range 17 {
			if n[i] < '0' || n[i] > '9' {
				t.Fatalf("accepted %q has %q at %d", n, n[i], i+1)
			}
		}
		if want := independentIDCheck(n[:17]); n[17] != want {
			t.Fatalf("accepted %q, but its check character should be %c", n, want)
		}
		if berr != nil || birth.Format("20060102") != n[6:14] ||
			birth.Year() < 1900 || birth.After(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("accepted %q with birth date %v, %v", n, birth, berr)
		}
	})
}

// mobile is the grammar of a normalized mobile number, RULES §7.
var mobile = regexp.MustCompile(`^1[3-9]\d{9}$`)

func FuzzNormalizeMobile(f *testing.F) {
	for _, s := range []string{
		"13812345678", "+86 138 1234 5678", "0086-138-1234-5678", "86 13812345678",
		"12812345678", "", "+86", "１３８１２３４５６７８", "138\xff12345678", "8686 13812345678",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := NormalizeMobile(s)
		masked := MaskMobile(s)
		if err != nil {
			if !errors.Is(err, ErrMobile) || m != "" {
				t.Fatalf("NormalizeMobile(%q) = %q, %v", s, m, err)
			}
			return
		}
		if !mobile.MatchString(m) {
			t.Fatalf("NormalizeMobile(%q) = %q, not a mobile number", s, m)
		}
		if again, err := NormalizeMobile(m); err != nil || again != m {
			t.Fatalf("NormalizeMobile(%q) = %q, %v; not stable", m, again, err)
		}
		if masked != m[:3]+"****"+m[7:] {
			t.Fatalf("MaskMobile(%q) = %q", s, masked)
		}
	})
}
