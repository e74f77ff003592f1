package ui

import (
	"log"

	"fyne.io/fyne/v2"

	"branchdesk/assets"
)

// prefLanguage keeps the language of the screens in the app's preferences,
// per PC: assets.Chinese (the default) or assets.English.
const prefLanguage = "language"

// catalog maps the Chinese text of the screens to the chosen language's;
// empty for Chinese, whose text is the key itself.
var catalog map[string]string

// language is the code of the screens' language tr speaks.
var language = assets.Chinese

// tr is the screen text s in the chosen language; a key missing from the
// catalog is shown as it is written, in Chinese.
func tr(s string) string {
	if v, ok := catalog[s]; ok && v != "" {
		return v
	}
	return s
}

// key marks s as screen text that tr translates where it is shown: a
// table's headings and other text held in package variables, which are
// made before a language is chosen.
func key(s string) string { return s }

// translated is tr of each of keys.
func translated(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = tr(k)
	}
	return out
}

// languages are the choices of the login screen's 语言, each named in
// itself, as a language menu does.
var (
	languages     = []string{assets.Chinese, assets.English}
	languageNames = []string{"简体中文", "English"} // as is: each language named in itself
)

// Language is the language of the screens this PC's preferences hold:
// assets.Chinese unless English was chosen on the login screen.
func Language(fa fyne.App) string {
	if fa.Preferences().String(prefLanguage) == assets.English {
		return assets.English
	}
	return assets.Chinese
}

// useCatalog makes tr speak code.
func useCatalog(code string) {
	catalog, language = nil, assets.Chinese
	if code == assets.Chinese {
		return
	}
	c, err := assets.Catalog(code)
	if err != nil {
		log.Printf("ui: language %s: %v", code, err)
		return
	}
	catalog, language = c, code
}

// useLanguage makes tr speak code, and Fyne's own dialogs too through
// opts.Language.
func (a *App) useLanguage(code string) {
	useCatalog(code)
	if a.opts.Language != nil {
		a.opts.Language(code)
	}
}

// chooseLanguage keeps code as this PC's language and shows the login
// screen again in it; nobody is signed in yet.
func (a *App) chooseLanguage(code string) {
	if code == Language(a.fy) {
		return
	}
	a.fy.Preferences().SetString(prefLanguage, code)
	a.useLanguage(code)
	a.showLogin("")
}
