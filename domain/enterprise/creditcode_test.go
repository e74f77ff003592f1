package enterprise

import (
	"errors"
	"strings"
	"testing"
)

// Real codes, each checked by hand or by the independent recomputation in
// independentCreditCheck. For the first (RULES §7, GB 32100-2015):
//
//	char    9  1  3   5  0   1  0  0   M  0  0  0  1  0  0   Y   4
//	value   9  1  3   5  0   1  0  0  21  0  0  0  1  0  0  30   4
//	weight  1  3  9  27 19  26 16 17  20 29 25 13  8 24 10  30  28
//	product 9  3 27 135  0  26  0  0 420  0  0  0  8  0  0 900 112  Σ = 1640
//
// 1640 mod 31 = 28 (31·52 = 1612); (31 − 28) mod 31 = 3, so the 18th is "3".
var validCreditCodes = []string{
	"91350100M000100Y43",
	"91110000600037341L",
	"91440300708461136T",
	"91310000MA1FL1MMXL",
}

func TestCheckCreditCodeValid(t *testing.T) {
	for _, code := range validCreditCodes {
		if err := CheckCreditCode(code); err != nil {
			t.Errorf("CheckCreditCode(%q) = %v, want nil", code, err)
		}
		if got, want := independentCreditCheck(code[:17]), code[17]; got != want {
			t.Errorf("independent check of %q = %c, want %c", code, got, want)
		}
		c, err := CreditCodeCheckChar(code[:17])
		if err != nil || c != code[17] {
			t.Errorf("CreditCodeCheckChar(%q) = %c, %v; want %c", code[:17], c, err, code[17])
		}
	}
}

func TestCheckCreditCodeNormalizes(t *testing.T) {
	for _, in := range []string{
		"  91350100M000100Y43 ",
		"91350100m000100y43",
		"\t91350100M000100Y43\n",
		"９１３５０１００Ｍ０００１００Ｙ４３",
		"\u300091350100M000100Y43\u3000",
	} {
		if err := CheckCreditCode(in); err != nil {
			t.Errorf("CheckCreditCode(%q) = %v, want nil", in, err)
		}
		if got := NormalizeCreditCode(in); got != "91350100M000100Y43" {
			t.Errorf("NormalizeCreditCode(%q) = %q", in, got)
		}
	}
}

// Changing any one character of a valid code to another character of the
// alphabet must fail the check: the weights are all non-zero mod the prime
// 31, so every single substitution changes the sum mod 31. A character out
// of the alphabet must be named with its position.
func TestCheckCreditCodeEverySingleChange(t *testing.T) {
	const code = "91350100M000100Y43"
	for pos := range len(code) {
		for _, c := range creditCodeAlphabet + "IOZSV*-一" {
			if byte(c) == code[pos] && c < 0x80 {
				continue
			}
			mutated := code[:pos] + string(c) + code[pos+1:]
			err := CheckCreditCode(mutated)
			var ce *CharError
			switch {
			case strings.ContainsRune(creditCodeAlphabet, c):
				if !errors.Is(err, ErrCreditCodeCheck) || !IsOverridable(err) {
					t.Errorf("CheckCreditCode(%q) = %v, want ErrCreditCodeCheck", mutated, err)
				}
			case !errors.As(err, &ce) || !errors.Is(err, ErrCreditCodeChar) || ce.Pos != pos+1 || ce.Char != c:
				t.Errorf("CheckCreditCode(%q) = %v, want a CharError at %d", mutated, err, pos+1)
			case IsOverridable(err):
				t.Errorf("CheckCreditCode(%q): a bad character must not be overridable", mutated)
			}
		}
	}
}

func TestCheckCreditCodeErrors(t *testing.T) {
	tests := []struct {
		name, code string
		want       error
	}{
		{"empty", "", ErrCreditCodeLength},
		{"spaces only", "   ", ErrCreditCodeLength},
		{"17 characters", "91350100M000100Y4", ErrCreditCodeLength},
		{"19 characters", "91350100M000100Y433", ErrCreditCodeLength},
		{"inner space", "91350100M000 100Y43", ErrCreditCodeLength},
		{"old 15-digit licence number", "110000000000000", ErrCreditCodeLength},
		{"letter O for zero", "91350100MO00100Y43", ErrCreditCodeChar},
		{"letter I for one", "9I350100M000100Y43", ErrCreditCodeChar},
		{"S in the check place", "91350100M000100Y4S", ErrCreditCodeChar},
		{"Chinese character", "91350100M000100Y4号", ErrCreditCodeChar},
		{"invalid UTF-8", "91350100M000100Y4\xff", ErrCreditCodeChar},
		{"two characters swapped", "91350100M000100Y34", ErrCreditCodeCheck},
		{"check character off by one", "91110000600037341K", ErrCreditCodeCheck},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCreditCode(tt.code)
			if !errors.Is(err, tt.want) {
				t.Fatalf("CheckCreditCode(%q) = %v, want %v", tt.code, err, tt.want)
			}
			if IsOverridable(err) != (tt.want == ErrCreditCodeCheck) {
				t.Errorf("IsOverridable(%v) = %v", err, IsOverridable(err))
			}
			if err.Error() == "" {
				t.Error("empty message")
			}
		})
	}
}

func TestCreditCodeCheckCharErrors(t *testing.T) {
	if _, err := CreditCodeCheckChar("91350100M000100Y"); !errors.Is(err, ErrCreditCodeLength) {
		t.Errorf("16 characters: %v", err)
	}
	if _, err := CreditCodeCheckChar("91350100M000100Y43"); !errors.Is(err, ErrCreditCodeLength) {
		t.Errorf("18 characters: %v", err)
	}
	var ce *CharError
	if _, err := CreditCodeCheckChar("91350100M000100V4"); !errors.As(err, &ce) || ce.Pos != 16 {
		t.Errorf("V at 16: %v", err)
	}
	if c, err := CreditCodeCheckChar(" 91350100m000100y4 "); err != nil || c != '3' {
		t.Errorf("normalized input: %c, %v", c, err)
	}
}

func TestIsOverridable(t *testing.T) {
	for _, err := range []error{nil, ErrCreditCodeLength, ErrCreditCodeChar, ErrIDCheck, ErrMobile, errors.New("x")} {
		if IsOverridable(err) {
			t.Errorf("IsOverridable(%v) = true", err)
		}
	}
	if !IsOverridable(ErrCreditCodeCheck) {
		t.Error("ErrCreditCodeCheck must be overridable")
	}
}

// independentCreditCheck recomputes a check character without the package's
// tables: the weight of place i (from 0) is 3^i mod 31, and a value is the
// position in the alphabet, which is the digits and the capitals without
// I, O, S, V, Z.
func independentCreditCheck(first17 string) byte {
	var alphabet []byte
	for c := byte('0'); c <= 'Z'; c++ {
		if c <= '9' || c >= 'A' && !strings.ContainsRune("IOSVZ", rune(c)) {
			alphabet = append(alphabet, c)
		}
	}
	sum, w := 0, 1
	for i := range 17 {
		sum += strings.IndexByte(string(alphabet), first17[i]) * w
		w = w * 3 % 31
	}
	return alphabet[(31-sum%31)%31]
}
