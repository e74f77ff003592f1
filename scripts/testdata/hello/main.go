// Command hello is the yardstick for make startup: the smallest Fyne
// window, built with the same toolchain as branchdesk. Built with -tags cjk
// it draws in BranchDesk's embedded font, to show what the font costs.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// setTheme is set by cjk.go when built with -tags cjk.
var setTheme func(fyne.App)

func main() {
	a := app.NewWithID("cn.branchdesk.hello")
	if setTheme != nil {
		setTheme(a)
	}
	w := a.NewWindow("Hello 你好")
	w.SetContent(widget.NewLabel("Hello 你好"))
	w.Resize(fyne.NewSize(1200, 760))
	w.ShowAndRun()
}
