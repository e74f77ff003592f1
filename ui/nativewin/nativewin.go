package nativewin

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// system is one platform's hold on a shown window.
type system interface {
	// screens are the monitors now, the primary one first.
	screens() []Screen
	// frame is where the window is now.
	frame() frame
	// apply carries out a plan.
	apply(p Plan)
	close()
}

// frame is a window's place: the position in Saved's terms, its size in
// pixels, what the system draws around it, and whether it is maximized
// (then X, Y is, on Windows, where it goes back to when it is not; on X11,
// where the maximized window is, which tells its monitor).
type frame struct {
	X, Y, W, H int
	Border     Border
	Maximized  bool
}

// Restore places w, just shown, as s and the screens there are now say
// (see Decide); it returns the plan it carried out, the zero Plan where
// there is no native window to place.
func Restore(w fyne.Window, s Saved) Plan {
	var p Plan
	withSystem(w, func(sys system) {
		f := sys.frame()
		p = Decide(s, f.W, f.H, f.Border, sys.screens())
		sys.apply(p)
	})
	return p
}

// Current is where w is, to be saved when it closes; ok is false where
// there is no native window to ask.
func Current(w fyne.Window) (s Saved, ok bool) {
	withSystem(w, func(sys system) {
		// A window the system could not tell about has no size.
		if f := sys.frame(); f.W > 0 && f.H > 0 {
			s, ok = Saved{Known: true, X: f.X, Y: f.Y, Maximized: f.Maximized}, true
		}
	})
	return s, ok
}

// withSystem runs do with the platform's hold on w's native window, on
// the goroutine that calls it (Fyne's main one: the window's thread on
// Windows); where there is none it does nothing.
func withSystem(w fyne.Window, do func(system)) {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return
	}
	nw.RunNative(func(ctx any) {
		sys := open(ctx)
		if sys == nil {
			return
		}
		defer sys.close()
		do(sys)
	})
}
