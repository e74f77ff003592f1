package ui

import (
	"log"
	"maps"
	"math"

	"fyne.io/fyne/v2"

	"branchdesk/ui/nativewin"
)

// The window's place is kept per PC in the app's preferences: its size
// (Fyne units) as before, and, where the system lets a program ask
// (Windows, Linux on X11: see ui/nativewin), its top-left corner in screen
// pixels and whether it was maximized. On Wayland the compositor places
// windows, and only the size is kept.
const (
	prefWidth     = "window.width"
	prefHeight    = "window.height"
	prefX         = "window.x"
	prefY         = "window.y"
	prefMaximized = "window.maximized"
)

// noPosition stands for "no position stored" (a first start).
const noPosition = math.MinInt32

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

// savedPlace is where the window was when it was last closed.
func (a *App) savedPlace() nativewin.Saved {
	p := a.fy.Preferences()
	x, y := p.IntWithFallback(prefX, noPosition), p.IntWithFallback(prefY, noPosition)
	if x == noPosition || y == noPosition {
		return nativewin.Saved{}
	}
	return nativewin.Saved{Known: true, X: x, Y: y, Maximized: p.Bool(prefMaximized)}
}

// restorePlace puts the window, just shown, back where it was (see
// nativewin.Decide).
func (a *App) restorePlace() {
	if p := nativewin.Restore(a.win, a.savedPlace()); p.Move {
		log.Printf("ui: window at %d,%d, maximized %v, centred %v", p.X, p.Y, p.Maximize, p.Centred)
	}
}

// saveWindow remembers the window's place for the next start. A maximized
// window keeps the size it had before, for when it is restored.
func (a *App) saveWindow() {
	values := map[string]any{}
	place, ok := nativewin.Current(a.win)
	if ok {
		values[prefX], values[prefY], values[prefMaximized] = place.X, place.Y, place.Maximized
	}
	if s := a.win.Canvas().Size(); !place.Maximized && s.Width > 0 && s.Height > 0 {
		values[prefWidth], values[prefHeight] = float64(s.Width), float64(s.Height)
	}
	setPrefs(a.fy.Preferences(), values)
}

// setPrefs stores values in one change. Fyne writes its preferences file
// at a change and leaves the changes of the next 100 ms for later, which
// a program that is quitting may not live to see (v2.7.1 drops the save
// it does on quitting when it races with the end of its loop).
func setPrefs(p fyne.Preferences, values map[string]any) {
	type batch interface{ WriteValues(func(map[string]any)) }
	if b, ok := p.(batch); ok {
		b.WriteValues(func(m map[string]any) { maps.Copy(m, values) })
		return
	}
	for k, v := range values {
		switch v := v.(type) {
		case int:
			p.SetInt(k, v)
		case bool:
			p.SetBool(k, v)
		case float64:
			p.SetFloat(k, v)
		}
	}
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
