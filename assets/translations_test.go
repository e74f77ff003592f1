package assets

import (
	"testing"

	"fyne.io/fyne/v2/lang"
)

// With a Chinese locale, Fyne's dialogs say 确定 for OK, and keep Fyne's
// own words for the rest.
func TestChineseDialogWords(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "zh_CN.UTF-8")
	if err := lang.AddTranslationsForLocale(ZhHans, "zh-Hans"); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"OK": "确定", "Yes": "是", "No": "否", "Open": "打开", "Save": "保存"} {
		if got := lang.L(key); got != want {
			t.Errorf("%s: %q, want %q", key, got, want)
		}
	}
}
