// Package nativewin puts the counter's window back where the teller left
// it: maximized, or at its last position if that is still on a screen.
//
// What to do is decided by Decide, pure Go with table tests; reading and
// placing the real window goes through Fyne's native window handle, with
// Xlib on Linux/X11 (cgo) and user32 on Windows. Elsewhere (Wayland, where
// the compositor places windows, Fyne's test driver, builds without cgo)
// Restore and Current do nothing.
package nativewin

// Rect is an area of the screen in pixels; X, Y is its top-left corner.
type Rect struct{ X, Y, W, H int }

// Screen is one monitor: its whole area, and the part windows may use
// (without the taskbar or panels; the whole area where nothing says).
type Screen struct{ Bounds, Work Rect }

// Border is what the system draws around the window (title bar, frame),
// in pixels, where a position does not already include it.
type Border struct{ Left, Top, Right, Bottom int }

// Saved is what the window left behind when it was last closed.
type Saved struct {
	Known     bool // a position was stored: not the first start
	X, Y      int  // top-left, in the system's own terms (see Current)
	Maximized bool
}

// Plan is what to do with the window just shown; the zero Plan leaves it
// where the system put it.
type Plan struct {
	Move     bool
	X, Y     int // top-left to move to, in the same terms as Saved
	Maximize bool
	On       Screen // the screen to maximize on
	Centred  bool   // the position is the screen's centre, not the saved one
}

// Margin is the room, in pixels, the first window leaves on each side of
// the screen's usable area; a screen without it gets a maximized window.
const Margin = 40

// Decide places a window of size (w, h) pixels, drawn with border b, on
// the screens that exist now; screens[0] is the primary one.
//
//   - First start: centred on the primary screen if it fits there with
//     Margin to spare on each side, else maximized.
//   - A saved position: the screen holding most of the window gets it back,
//     moved the least distance that puts it wholly in that screen's usable
//     area. A window on no screen any more (a monitor unplugged since) is
//     centred on the primary one.
//   - Maximized if it was, or if it no longer fits the screen it lands on.
func Decide(s Saved, w, h int, b Border, screens []Screen) Plan {
	if len(screens) == 0 || w <= 0 || h <= 0 {
		return Plan{}
	}
	outer := Rect{W: w + b.Left + b.Right, H: h + b.Top + b.Bottom}
	if !s.Known {
		p := centre(outer, b, screens[0])
		p.Maximize = !fits(outer, screens[0].Work, Margin)
		return p
	}
	outer.X, outer.Y = s.X-b.Left, s.Y-b.Top
	i := mostOf(outer, screens)
	if i < 0 {
		p := centre(outer, b, screens[0])
		p.Maximize = s.Maximized || !fits(outer, screens[0].Work, 0)
		return p
	}
	on := screens[i]
	if !fits(outer, on.Work, 0) {
		return Plan{Move: true, X: on.Work.X + b.Left, Y: on.Work.Y + b.Top, Maximize: true, On: on}
	}
	x := clamp(outer.X, on.Work.X, on.Work.X+on.Work.W-outer.W)
	y := clamp(outer.Y, on.Work.Y, on.Work.Y+on.Work.H-outer.H)
	return Plan{Move: true, X: x + b.Left, Y: y + b.Top, Maximize: s.Maximized, On: on}
}

// centre places outer in the middle of the screen's usable area, or at its
// top-left corner where it is larger.
func centre(outer Rect, b Border, s Screen) Plan {
	x := s.Work.X + max(0, (s.Work.W-outer.W)/2)
	y := s.Work.Y + max(0, (s.Work.H-outer.H)/2)
	return Plan{Move: true, X: x + b.Left, Y: y + b.Top, On: s, Centred: true}
}

// fits tells whether r fits in area with margin to spare on each side.
func fits(r, area Rect, margin int) bool {
	return r.W+2*margin <= area.W && r.H+2*margin <= area.H
}

// mostOf is the index of the screen whose area overlaps r the most, or -1
// where r is on none.
func mostOf(r Rect, screens []Screen) int {
	best, most := -1, 0
	for i, s := range screens {
		if a := overlap(r, s.Bounds); a > most {
			best, most = i, a
		}
	}
	return best
}

// overlap is the area r and s have in common, in square pixels.
func overlap(r, s Rect) int {
	in := intersect(r, s)
	return in.W * in.H
}

// intersect is the part of r inside s; W and H are 0 where there is none.
func intersect(r, s Rect) Rect {
	x, y := max(r.X, s.X), max(r.Y, s.Y)
	w := min(r.X+r.W, s.X+s.W) - x
	h := min(r.Y+r.H, s.Y+s.H) - y
	if w <= 0 || h <= 0 {
		return Rect{}
	}
	return Rect{x, y, w, h}
}

// clamp keeps v within [lo, hi].
func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}
