package locale

import (
	"testing"

	"fyne.io/fyne/v2/lang"

	"branchdesk/assets"
)

// Fyne's own words follow the language chosen on the login screen, back
// and forth, whatever the machine's language.
func TestLanguageOfFyneWords(t *testing.T) {
	for _, env := range []string{"zh_CN.UTF-8", "en_US.UTF-8", "C.UTF-8"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", env)
			t.Setenv("LANGUAGE", "")
			for _, tc := range []struct {
				code           string
				ok, cancel, no string
			}{
				{assets.English, "OK", "Cancel", "No"},
				{assets.Chinese, "确定", "取消", "否"},
				{assets.English, "OK", "Cancel", "No"},
				{assets.Chinese, "确定", "取消", "否"},
			} {
				if err := Language(tc.code); err != nil {
					t.Fatal(err)
				}
				for key, want := range map[string]string{"OK": tc.ok, "Cancel": tc.cancel, "No": tc.no} {
					if got := lang.L(key); got != want {
						t.Errorf("%s: %s = %q, want %q", tc.code, key, got, want)
					}
				}
			}
		})
	}
}
