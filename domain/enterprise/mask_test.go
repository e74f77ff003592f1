package enterprise

import "testing"

// Confidentiality (RULES §5): screens and exports show only what is needed.
func TestMaskID(t *testing.T) {
	for in, want := range map[string]string{
		"420102199001011234":   "420102********1234",
		"11010519491231002x":   "110105********002X",
		" 420102199001011234 ": "420102********1234",
		"110105491231002":      "110105*****1002", // first-generation 15 digits
		"":                     "",
		"1234":                 "****",
		"11010519491231":       "**************",
		"身份证号码":                "*****",
		"\xff\xfe":             "**",
		"4201021990010112340":  "420102*********2340",
	} {
		if got := MaskID(in); got != want {
			t.Errorf("MaskID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskMobile(t *testing.T) {
	for in, want := range map[string]string{
		"13812345678":       "138****5678",
		"+86 138 1234 5678": "138****5678",
		"138-1234-5678":     "138****5678",
		"":                  "",
		"12345":             "*****",
		"1381234567":        "**********",
		"027-87654321":      "027*****4321",
		"手机":                "**",
	} {
		if got := MaskMobile(in); got != want {
			t.Errorf("MaskMobile(%q) = %q, want %q", in, got, want)
		}
	}
}
