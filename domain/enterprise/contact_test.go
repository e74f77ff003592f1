package enterprise

import "testing"

func TestMaskContact(t *testing.T) {
	for in, want := range map[string]string{
		"13812345678":             "138****5678",
		"陈经理 13812345678":         "陈经理 138****5678",
		"陈经理 +86 13812345678 办公室": "陈经理 +86 138****5678 办公室",
		"027-8888 8888":           "027-8888 8888",
		"":                        "",
	} {
		if got := MaskContact(in); got != want {
			t.Errorf("MaskContact(%q) = %q, want %q", in, got, want)
		}
	}
}
