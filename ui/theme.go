package ui

import (
	"image/color"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"branchdesk/assets"
)

// cjkTheme is the default Fyne theme drawing every text style, monospace
// included, in the CJK font from package assets, so no screen depends on
// the fonts of the machine it runs on. Bold text uses the bold face.
type cjkTheme struct {
	fyne.Theme
	regular, bold fyne.Resource
}

// NewTheme is the default theme in the program's font (BRANCHDESK_FONT or
// the embedded one). A refused BRANCHDESK_FONT falls back to the embedded font here, so that
// the error saying why can be read; cmd/branchdesk shows it and stops.
func NewTheme() fyne.Theme {
	f, err := assets.LoadFont()
	if err != nil {
		log.Printf("ui: %v", err)
		f = assets.Embedded()
	}
	regular, bold := f.Screen()
	return &cjkTheme{
		Theme:   theme.DefaultTheme(),
		regular: fyne.NewStaticResource(f.Name+"-Regular", regular),
		bold:    fyne.NewStaticResource(f.Name+"-Bold", bold),
	}
}

// useTheme draws fa in NewTheme. It then has Fyne read the regular and
// the bold face at once, as the first window would, and gives back the
// pages of the program that held them (assets.ReleaseScreenFaces): Fyne
// keeps its own copy of what it read, so they would only sit in memory.
func useTheme(fa fyne.App) {
	fa.Settings().SetTheme(NewTheme())
	for _, s := range []fyne.TextStyle{{}, {Bold: true}} {
		fyne.MeasureText("0", theme.TextSize(), s)
	}
	if _, err := assets.ReleaseScreenFaces(); err != nil {
		log.Printf("ui: %v", err)
	}
}

// Color is the default theme's, but for disabled text: read-only fields
// (a final survey, a posted form) must still be read easily, so it has a
// contrast of at least 4.5:1 (WCAG AA) instead of the default's faint grey.
func (t *cjkTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	// Just above 4.5:1 on an entry's background: disabled fields' borders
	// are drawn in this colour too, and must not outshine the live ones.
	if n == theme.ColorNameDisabled {
		if v == theme.VariantDark {
			return color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x7a}
		}
		return color.NRGBA{A: 0x8e}
	}
	return t.Theme.Color(n, v)
}

// Font is the CJK font for every style but symbols, which stay with the
// default theme's symbol font.
func (t *cjkTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Symbol:
		return t.Theme.Font(s)
	case s.Bold:
		return t.bold
	default:
		return t.regular
	}
}
