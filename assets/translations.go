package assets

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"unicode"
)

// The languages of the screens: Simplified Chinese, the default, and
// English, chosen on the login screen. Printed documents, records and the
// command-line tools stay Chinese.
const (
	Chinese = "zh-Hans"
	English = "en"
)

// ZhHans is the Simplified Chinese catalog: every screen text as its own
// key and value, and Fyne's own words (确定 for OK, 是/否 for Yes/No).
//
//go:embed translations/zh-Hans.json
var ZhHans []byte

// En is the English catalog: the same keys, in a bank's English.
//
//go:embed translations/en.json
var En []byte

// Catalog is the catalog of the language code, key to text.
func Catalog(code string) (map[string]string, error) {
	var data []byte
	switch code {
	case Chinese:
		data = ZhHans
	case English:
		data = En
	default:
		return nil, fmt.Errorf("assets: no translations for %q", code)
	}
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("assets: translations %s: %w", code, err)
	}
	return m, nil
}

// FyneWords is the part of the catalog of code that Fyne's own widgets use
// (OK, Cancel, Open …: the keys that are not Chinese), as Fyne's lang
// package reads it.
func FyneWords(code string) ([]byte, error) {
	c, err := Catalog(code)
	if err != nil {
		return nil, err
	}
	words := map[string]string{}
	for k, v := range c {
		if !hasHan(k) {
			words[k] = v
		}
	}
	return json.Marshal(words)
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
