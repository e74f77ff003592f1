package ui

import (
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"branchdesk/assets"
)

// cjkTheme is the default Fyne theme drawing every text style, monospace
// included, in the CJK font from package assets, so no screen depends on
// the fonts of the machine it runs on.
type cjkTheme struct {
	fyne.Theme
	font fyne.Resource
}

// newTheme loads the CJK font; without it the default theme is used and
// a warning logged (Chinese may then show as boxes).
func newTheme() fyne.Theme {
	data, err := assets.FontBytes()
	if err != nil {
		log.Printf("ui: warning: %v; using Fyne's default font", err)
		return theme.DefaultTheme()
	}
	return &cjkTheme{Theme: theme.DefaultTheme(), font: fyne.NewStaticResource("LXGWWenKai-Regular.ttf", data)}
}

// Font is the CJK font for every style but symbols, which stay with the
// default theme's symbol font.
func (t *cjkTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Symbol {
		return t.Theme.Font(s)
	}
	return t.font
}
