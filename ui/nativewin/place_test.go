package nativewin

import "testing"

// screen is a monitor at (x, y) of w×h whose bottom taskbar-high pixels
// are the taskbar.
func screen(x, y, w, h, taskbar int) Screen {
	return Screen{Bounds: Rect{x, y, w, h}, Work: Rect{x, y, w, h - taskbar}}
}

var (
	wide   = screen(0, 0, 1920, 1080, 40)
	right  = screen(1920, 0, 1280, 1024, 0)
	left   = screen(-1280, 0, 1280, 1024, 0)
	laptop = screen(0, 0, 1366, 768, 40)
)

// TestPlaceFirstStart: with nothing saved the window is centred on the
// primary screen when 1200×760 fits there with Margin (40 px) on each
// side of the usable area, i.e. from 1280×840 up; smaller screens get it
// maximized.
func TestPlaceFirstStart(t *testing.T) {
	for _, c := range []struct {
		name     string
		on       Screen
		maximize bool
		x, y     int
	}{
		{"1920×1080", wide, false, 360, 140},
		{"1366×768 laptop", laptop, true, 83, 0},
		{"usable 1280×840, exactly enough", screen(0, 0, 1280, 840, 0), false, 40, 40},
		{"one pixel too narrow", screen(0, 0, 1279, 840, 0), true, 39, 40},
		{"one pixel too low", screen(0, 0, 1280, 839, 0), true, 40, 39},
		{"primary right of another", screen(1280, 0, 1920, 1080, 40), false, 1280 + 360, 140},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := Decide(Saved{}, 1200, 760, Border{}, []Screen{c.on, left})
			want := Plan{Move: true, X: c.x, Y: c.y, Maximize: c.maximize, On: c.on, Centred: true}
			if p != want {
				t.Fatalf("plan %+v, want %+v", p, want)
			}
		})
	}
}

// TestPlaceSavedPosition: a saved position comes back when the window is
// wholly on a screen; a window partly off its screen is moved the least
// distance onto the screen holding most of it; one on no screen any more
// is centred on the primary screen.
func TestPlaceSavedPosition(t *testing.T) {
	two := []Screen{wide, right}
	for _, c := range []struct {
		name      string
		saved     Saved
		screens   []Screen
		x, y      int
		on        Screen
		centred   bool
		maximized bool
	}{
		{"on the primary screen", Saved{Known: true, X: 100, Y: 50}, two, 100, 50, wide, false, false},
		{"at the top-left corner", Saved{Known: true, X: 0, Y: 0}, two, 0, 0, wide, false, false},
		{"on the second screen", Saved{Known: true, X: 2000, Y: 100}, two, 2000, 100, right, false, false},
		{"on a screen left of the primary", Saved{Known: true, X: -1250, Y: 100}, []Screen{wide, left}, -1250, 100, left, false, false},
		{"past the right edge", Saved{Known: true, X: 1000, Y: 100}, []Screen{wide}, 720, 100, wide, false, false},
		{"one pixel past the right edge", Saved{Known: true, X: 721, Y: 100}, []Screen{wide}, 720, 100, wide, false, false},
		{"exactly at the right edge", Saved{Known: true, X: 720, Y: 100}, []Screen{wide}, 720, 100, wide, false, false},
		{"over the taskbar", Saved{Known: true, X: 100, Y: 300}, []Screen{wide}, 100, 280, wide, false, false},
		{"above the screen", Saved{Known: true, X: 100, Y: -200}, []Screen{wide}, 100, 0, wide, false, false},
		{"mostly on the second screen", Saved{Known: true, X: 1500, Y: 100}, two, 1920, 100, right, false, false},
		{"mostly on the primary screen", Saved{Known: true, X: 1000, Y: 100}, two, 720, 100, wide, false, false},
		{"second screen unplugged", Saved{Known: true, X: 2000, Y: 100}, []Screen{wide}, 360, 140, wide, true, false},
		{"one pixel on no screen", Saved{Known: true, X: 1920, Y: 100}, []Screen{wide}, 360, 140, wide, true, false},
		{"one pixel still on the screen", Saved{Known: true, X: 1919, Y: 100}, []Screen{wide}, 720, 100, wide, false, false},
		{"maximized", Saved{Known: true, X: 2000, Y: 0, Maximized: true}, two, 2000, 0, right, false, true},
		{"maximized on a screen unplugged", Saved{Known: true, X: 2000, Y: 0, Maximized: true}, []Screen{wide}, 360, 140, wide, true, true},
		{"on a screen now too small", Saved{Known: true, X: 300, Y: 200}, []Screen{laptop}, 0, 0, laptop, false, true},
		{"off a screen now too small", Saved{Known: true, X: 1500, Y: 900}, []Screen{laptop}, 83, 0, laptop, true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := Decide(c.saved, 1200, 760, Border{}, c.screens)
			want := Plan{Move: true, X: c.x, Y: c.y, Maximize: c.maximized, On: c.on, Centred: c.centred}
			if p != want {
				t.Fatalf("plan %+v, want %+v", p, want)
			}
		})
	}
}

// TestPlaceBorder: on X11 the position is the drawing area's, and the
// title bar above it must land on the screen's usable area too.
func TestPlaceBorder(t *testing.T) {
	panel := Screen{Bounds: Rect{0, 0, 1920, 1080}, Work: Rect{0, 28, 1920, 1052}} // a top panel
	b := Border{Left: 1, Top: 30, Right: 1, Bottom: 1}
	for _, c := range []struct {
		name  string
		saved Saved
		x, y  int
	}{
		{"title bar under the panel", Saved{Known: true, X: 100, Y: 40}, 100, 58},
		{"title bar just below the panel", Saved{Known: true, X: 100, Y: 58}, 100, 58},
		{"left frame off the screen", Saved{Known: true, X: 0, Y: 100}, 1, 100},
		{"first start", Saved{}, (1920-1202)/2 + 1, 28 + (1052-791)/2 + 30},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := Decide(c.saved, 1200, 760, b, []Screen{panel})
			if !p.Move || p.X != c.x || p.Y != c.y || p.Maximize {
				t.Fatalf("plan %+v, want a move to %d,%d", p, c.x, c.y)
			}
		})
	}
}

// TestPlaceNothingKnown: without screens (a driver that reports none) or
// a window size the system keeps its own placement.
func TestPlaceNothingKnown(t *testing.T) {
	for _, c := range []struct {
		name    string
		w, h    int
		screens []Screen
	}{
		{"no screens", 1200, 760, nil},
		{"no size", 0, 760, []Screen{wide}},
	} {
		if p := Decide(Saved{Known: true, X: 10, Y: 10}, c.w, c.h, Border{}, c.screens); p != (Plan{}) {
			t.Errorf("%s: plan %+v, want none", c.name, p)
		}
	}
}
