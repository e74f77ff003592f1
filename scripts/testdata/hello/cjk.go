//go:build cjk

package main

import (
	"fyne.io/fyne/v2"

	"branchdesk/ui"
)

func init() {
	setTheme = func(a fyne.App) { a.Settings().SetTheme(ui.NewTheme()) }
}
