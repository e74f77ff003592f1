package ui

import "fyne.io/fyne/v2"

// The window's size is kept in the app's preferences under these keys: it
// opens as the teller left it. Fyne has no window position on every
// driver, so the place on the screen is left to the system.
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
)

// defaultSize is the window's size the first time, and the smallest one
// restored: every screen is laid out for it.
var defaultSize = fyne.NewSize(1200, 760)

// product names the program in the window's title.
const product = "BranchDesk"

// restoreSize gives the window the size it had when it was last closed.
func (a *App) restoreSize() {
	p := a.fy.Preferences()
	s := fyne.NewSize(float32(p.FloatWithFallback(prefWidth, 0)), float32(p.FloatWithFallback(prefHeight, 0)))
	if s.Width < defaultSize.Width || s.Height < defaultSize.Height {
		s = s.Max(defaultSize)
	}
	a.win.Resize(s)
}

// saveSize remembers the window's size for the next start.
func (a *App) saveSize() {
	s := a.win.Canvas().Size()
	if s.Width <= 0 || s.Height <= 0 {
		return
	}
	p := a.fy.Preferences()
	p.SetFloat(prefWidth, float64(s.Width))
	p.SetFloat(prefHeight, float64(s.Height))
}

// showTitle names the branch and the teller in the window's title once
// someone is signed in: "BranchDesk — 示范支行营业部 — 1001 张三".
func (a *App) showTitle() {
	if a.sess == nil {
		a.win.SetTitle(product + tr(" — 柜员登录"))
		return
	}
	a.win.SetTitle(product + " — " + a.sess.Branch().Name + " — " + a.sess.User().Label())
}
