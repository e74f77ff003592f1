package enterprise

import (
	"errors"
	"testing"
)

func TestNormalizeMobile(t *testing.T) {
	for in, want := range map[string]string{
		"13812345678":       "13812345678",
		"138 1234 5678":     "13812345678",
		"138-1234-5678":     "13812345678",
		" 13812345678\t":    "13812345678",
		"+8613812345678":    "13812345678",
		"+86 138 1234 5678": "13812345678",
		"+86-138-1234-5678": "13812345678",
		"0086 13812345678":  "13812345678",
		"008613812345678":   "13812345678",
		"86 13812345678":    "13812345678",
		"8613812345678":     "13812345678",
		"１３８１２３４５６７８":       "13812345678",
		"＋８６　１３８－１２３４－５６７８": "13812345678",
		"19912345678": "19912345678", // 199: highest second digit
		"13012345678": "13012345678", // 130: lowest second digit
	} {
		got, err := NormalizeMobile(in)
		if err != nil || got != want {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestNormalizeMobileErrors(t *testing.T) {
	for _, in := range []string{
		"",
		"1381234567",       // 10 digits
		"138123456789",     // 12 digits
		"12812345678",      // second digit 2
		"10012345678",      // second digit 0
		"23812345678",      // not starting with 1
		"1381234567X",      // letter
		"138.1234.5678",    // dots are not separators
		"(+86)13812345678", // parentheses
		"+85213812345678",  // Hong Kong prefix
		"+1 13812345678",
		"+86",
		"8686 13812345678", // prefix twice
		"+86+8613812345678",
		"027-87654321", // landline
		"１３８１２３４５６７",
		"13812345678\xff",
	} {
		if got, err := NormalizeMobile(in); !errors.Is(err, ErrMobile) || got != "" {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want ErrMobile", in, got, err)
		}
	}
}
