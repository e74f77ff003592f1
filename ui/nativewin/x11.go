//go:build linux && cgo && !wayland

package nativewin

/*
#cgo LDFLAGS: -lX11 -lXrandr
#include <stdlib.h>
#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <X11/extensions/Xrandr.h>

typedef struct { int x, y, w, h; } bd_rect;

// Xlib's default error handler ends the program; while we talk to the
// server a failed request (a window gone) is only noted.
static int bd_failed;
static XErrorHandler bd_previous;
static int bd_note(Display *d, XErrorEvent *e) { bd_failed = 1; return 0; }
static void bd_begin(void) { bd_failed = 0; bd_previous = XSetErrorHandler(bd_note); }
static int bd_end(Display *d) { XSync(d, False); XSetErrorHandler(bd_previous); return !bd_failed; }

// bd_prop reads a window property of the given type; the caller XFrees it.
// Format 32 items come as longs.
static unsigned char *bd_prop(Display *d, Window w, const char *name, Atom type, unsigned long *n) {
	Atom prop = XInternAtom(d, name, True), got;
	int format;
	unsigned long after;
	unsigned char *data = NULL;
	*n = 0;
	if (prop == None) return NULL;
	if (XGetWindowProperty(d, w, prop, 0, 4096, False, type, &got, &format, n, &after, &data) != Success || got != type || format != 32) {
		if (data) XFree(data);
		*n = 0;
		return NULL;
	}
	return data;
}

// bd_screens fills out with the monitors (RandR 1.5), the primary one
// first, or the whole root window where RandR has none; it returns how
// many.
static int bd_screens(Display *d, bd_rect *out, int max) {
	int n = 0, ev, er, major = 0, minor = 0;
	if (XRRQueryExtension(d, &ev, &er) && XRRQueryVersion(d, &major, &minor) && (major > 1 || minor >= 5)) {
		XRRMonitorInfo *m = XRRGetMonitors(d, DefaultRootWindow(d), True, &n);
		if (n > max) n = max;
		int next = 0;
		for (int pass = 0; pass < 2; pass++) {
			for (int i = 0; i < n; i++) {
				if ((pass == 0) != (m[i].primary != 0)) continue;
				out[next].x = m[i].x; out[next].y = m[i].y;
				out[next].w = m[i].width; out[next].h = m[i].height;
				next++;
			}
		}
		if (m) XRRFreeMonitors(m);
	}
	if (n <= 0) {
		int sc = DefaultScreen(d);
		out[0].x = 0; out[0].y = 0;
		out[0].w = DisplayWidth(d, sc); out[0].h = DisplayHeight(d, sc);
		n = 1;
	}
	return n;
}

// bd_workarea is the current desktop's _NET_WORKAREA (set by a window
// manager with panels); 0 where there is none.
static int bd_workarea(Display *d, bd_rect *out) {
	Window root = DefaultRootWindow(d);
	unsigned long n;
	long desk = 0;
	long *cur = (long *)bd_prop(d, root, "_NET_CURRENT_DESKTOP", XA_CARDINAL, &n);
	if (cur) {
		if (n > 0) desk = cur[0];
		XFree(cur);
	}
	long *wa = (long *)bd_prop(d, root, "_NET_WORKAREA", XA_CARDINAL, &n);
	if (!wa) return 0;
	if (desk < 0 || (unsigned long)(desk * 4 + 4) > n) desk = 0;
	int ok = n >= 4;
	if (ok) {
		out->x = wa[desk * 4]; out->y = wa[desk * 4 + 1];
		out->w = wa[desk * 4 + 2]; out->h = wa[desk * 4 + 3];
	}
	XFree(wa);
	return ok;
}

// bd_has_wm tells whether an EWMH window manager runs (one that obeys
// _NET_WM_STATE).
static int bd_has_wm(Display *d) {
	unsigned long n;
	Window *w = (Window *)bd_prop(d, DefaultRootWindow(d), "_NET_SUPPORTING_WM_CHECK", XA_WINDOW, &n);
	int ok = w && n > 0;
	if (w) XFree(w);
	return ok;
}

// bd_frame is where w's drawing area is on the root window, its size,
// the window manager's frame around it (left, right, top, bottom) and
// whether it is maximized both ways.
static int bd_frame(Display *d, Window w, bd_rect *r, long ext[4], int *maximized) {
	XWindowAttributes a;
	Window child;
	unsigned long n;
	if (!XGetWindowAttributes(d, w, &a)) return 0;
	if (!XTranslateCoordinates(d, w, a.root, 0, 0, &r->x, &r->y, &child)) return 0;
	r->w = a.width; r->h = a.height;
	long *e = (long *)bd_prop(d, w, "_NET_FRAME_EXTENTS", XA_CARDINAL, &n);
	if (e) {
		for (unsigned long i = 0; i < 4 && i < n; i++) ext[i] = e[i];
		XFree(e);
	}
	Atom vert = XInternAtom(d, "_NET_WM_STATE_MAXIMIZED_VERT", True);
	Atom horz = XInternAtom(d, "_NET_WM_STATE_MAXIMIZED_HORZ", True);
	int v = 0, h = 0;
	Atom *s = (Atom *)bd_prop(d, w, "_NET_WM_STATE", XA_ATOM, &n);
	if (s) {
		for (unsigned long i = 0; i < n; i++) {
			if (s[i] == vert && vert != None) v = 1;
			if (s[i] == horz && horz != None) h = 1;
		}
		XFree(s);
	}
	*maximized = v && h;
	return 1;
}

// bd_maximize asks the window manager to maximize w, as EWMH says: a
// _NET_WM_STATE client message to the root window.
static void bd_maximize(Display *d, Window w) {
	XEvent e = {0};
	e.xclient.type = ClientMessage;
	e.xclient.window = w;
	e.xclient.message_type = XInternAtom(d, "_NET_WM_STATE", False);
	e.xclient.format = 32;
	e.xclient.data.l[0] = 1; // _NET_WM_STATE_ADD
	e.xclient.data.l[1] = XInternAtom(d, "_NET_WM_STATE_MAXIMIZED_VERT", False);
	e.xclient.data.l[2] = XInternAtom(d, "_NET_WM_STATE_MAXIMIZED_HORZ", False);
	e.xclient.data.l[3] = 1; // asked by an application
	XSendEvent(d, DefaultRootWindow(d), False, SubstructureRedirectMask | SubstructureNotifyMask, &e);
}
*/
import "C"

import "fyne.io/fyne/v2/driver"

// x11 holds a connection of its own to the X server (Fyne's is not
// reachable) and the window's id.
type x11 struct {
	d *C.Display
	w C.Window
}

// open connects to the display Fyne's window is on ($DISPLAY).
func open(ctx any) system {
	c, ok := ctx.(driver.X11WindowContext)
	if !ok || c.WindowHandle == 0 {
		return nil
	}
	d := C.XOpenDisplay(nil)
	if d == nil {
		return nil
	}
	return &x11{d: d, w: C.Window(c.WindowHandle)}
}

func (x *x11) close() { C.XCloseDisplay(x.d) }

func (x *x11) screens() []Screen {
	var rs [16]C.bd_rect
	C.bd_begin()
	n := int(C.bd_screens(x.d, &rs[0], C.int(len(rs))))
	var wa C.bd_rect
	hasWork := C.bd_workarea(x.d, &wa) != 0
	if C.bd_end(x.d) == 0 {
		return nil
	}
	out := make([]Screen, 0, n)
	for _, r := range rs[:n] {
		s := Screen{Bounds: rect(r)}
		s.Work = s.Bounds
		// _NET_WORKAREA is one rectangle over all monitors: each
		// monitor's usable part is what it has in common with it.
		if in := intersect(s.Bounds, rect(wa)); hasWork && in.W > 0 {
			s.Work = in
		}
		out = append(out, s)
	}
	return out
}

func (x *x11) frame() frame {
	var r C.bd_rect
	var ext [4]C.long
	var maximized C.int
	C.bd_begin()
	got := C.bd_frame(x.d, x.w, &r, &ext[0], &maximized)
	if C.bd_end(x.d) == 0 || got == 0 {
		return frame{}
	}
	f := rect(r)
	return frame{
		X: f.X, Y: f.Y, W: f.W, H: f.H,
		Border:    Border{Left: int(ext[0]), Right: int(ext[1]), Top: int(ext[2]), Bottom: int(ext[3])},
		Maximized: maximized != 0,
	}
}

// apply moves the drawing area to p's position: GLFW gives its windows
// StaticGravity, so the window manager puts the frame around it there.
// Without a window manager (a bare X session, Xvfb) nothing would obey a
// maximize, so the window is sized to the screen's usable area instead.
func (x *x11) apply(p Plan) {
	if !p.Move {
		return
	}
	C.bd_begin()
	switch {
	case p.Maximize && C.bd_has_wm(x.d) == 0:
		w := p.On.Work
		C.XMoveResizeWindow(x.d, x.w, C.int(w.X), C.int(w.Y), C.uint(w.W), C.uint(w.H))
	case p.Maximize:
		C.XMoveWindow(x.d, x.w, C.int(p.X), C.int(p.Y))
		C.bd_maximize(x.d, x.w)
	default:
		C.XMoveWindow(x.d, x.w, C.int(p.X), C.int(p.Y))
	}
	C.bd_end(x.d)
}

func rect(r C.bd_rect) Rect {
	return Rect{X: int(r.x), Y: int(r.y), W: int(r.w), H: int(r.h)}
}
