//go:build cjk

package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"branchdesk/assets"
)

type cjkTheme struct {
	fyne.Theme
	regular, bold fyne.Resource
}

func (t *cjkTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Symbol:
		return t.Theme.Font(s)
	case s.Bold:
		return t.bold
	}
	return t.regular
}

func init() {
	setTheme = func(a fyne.App) {
		f := assets.Embedded()
		a.Settings().SetTheme(&cjkTheme{theme.DefaultTheme(),
			fyne.NewStaticResource("r.ttf", f.Regular), fyne.NewStaticResource("b.ttf", f.Bold)})
	}
}
