package ui

import (
	"image/color"
	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// touch records input: the idle lock counts from the last one.
func (a *App) touch() { a.lastActive = a.opts.Now() }

// tick runs fn every so often, off the UI thread, until the window closes.
func (a *App) tick(every time.Duration, fn func()) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-a.stop:
			return
		case <-t.C:
			fn()
		}
	}
}

// checkIdle locks the terminal when the signed-in user has left it alone
// for the configured idle time (svc.IdleMinutes).
func (a *App) checkIdle() {
	if a.sess == nil || a.lock != nil || a.ws == nil || a.idle <= 0 {
		return
	}
	if a.opts.Now().Sub(a.lastActive) < a.idle {
		return
	}
	if err := a.svc.IdleLock(a.ctx, a.sess); err != nil {
		log.Printf("ui: idle lock: %v", err)
	}
	a.showLock(lockIdle)
}

// activity sits behind the screens and counts mouse movement as input.
type activity struct {
	widget.BaseWidget
	a *App
}

func withActivity(a *App, o fyne.CanvasObject) fyne.CanvasObject {
	w := &activity{a: a}
	w.ExtendBaseWidget(w)
	return container.NewStack(w, o)
}

// CreateRenderer draws nothing.
func (w *activity) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// MouseIn counts as input.
func (w *activity) MouseIn(*desktop.MouseEvent) { w.a.touch() }

// MouseMoved counts as input.
func (w *activity) MouseMoved(*desktop.MouseEvent) { w.a.touch() }

// MouseOut does nothing.
func (w *activity) MouseOut() {}
