package locale

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"branchdesk/assets"
)

// Language makes Fyne's own words (OK, Cancel, an entry's menu, the
// weekdays) speak code, assets.Chinese or assets.English, as chosen on the
// login screen. On Linux Fyne follows LANGUAGE, and chooses again each time
// a translation is added; on Windows it follows the display language, so
// when that is another, the chosen words are added under the locale Fyne
// takes from the system as well.
func Language(code string) error {
	if runtime.GOOS != "windows" {
		v := "zh_CN"
		if code == assets.English {
			v = "en"
		}
		if err := os.Setenv("LANGUAGE", v); err != nil {
			return err
		}
	}
	words := map[string][]byte{}
	for _, c := range []string{assets.Chinese, assets.English} {
		w, err := assets.FyneWords(c)
		if err != nil {
			return err
		}
		words[c] = w
		if err := lang.AddTranslationsForLocale(w, fyneLocale(c)); err != nil {
			return fmt.Errorf("locale: %s: %w", c, err)
		}
	}
	var chosen map[string]string
	if err := json.Unmarshal(words[code], &chosen); err != nil {
		return err
	}
	if lang.L("Cancel") == chosen["Cancel"] {
		return nil
	}
	return lang.AddTranslationsForLocale(words[code], lang.SystemLocale())
}

// fyneLocale is the locale Fyne files the words of code under.
func fyneLocale(code string) fyne.Locale {
	if code == assets.English {
		return "en"
	}
	return "zh-Hans"
}
