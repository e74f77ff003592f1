// Command xwin does for make window-check what a window manager and a
// monitor cable would, on an X server with neither (Xvfb):
//
//	xwin close WINDOW-ID        ask the window to close, as a close button
//	                            does: a WM_DELETE_WINDOW client message
//	                            (xdotool windowclose destroys the window
//	                            instead, and the program never runs its
//	                            close path)
//	xwin monitors W H [W H]...  split the screen into monitors side by side
//	                            (RandR 1.5 monitors, which Xinerama reports)
package main

/*
#cgo LDFLAGS: -lX11 -lXrandr
#include <stdio.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xrandr.h>

static int xwin_close(Window w) {
	Display *d = XOpenDisplay(NULL);
	if (!d) return 0;
	XEvent e = {0};
	e.xclient.type = ClientMessage;
	e.xclient.window = w;
	e.xclient.message_type = XInternAtom(d, "WM_PROTOCOLS", False);
	e.xclient.format = 32;
	e.xclient.data.l[0] = XInternAtom(d, "WM_DELETE_WINDOW", False);
	e.xclient.data.l[1] = CurrentTime;
	XSendEvent(d, w, False, NoEventMask, &e);
	XSync(d, False);
	XCloseDisplay(d);
	return 1;
}

// xwin_monitor adds monitor n at x,y of w×h pixels (and an assumed 96
// dpi). The first takes the screen's output, so that the monitor the
// server made for it, over the whole screen, goes away.
static int xwin_monitor(int n, int x, int y, int w, int h) {
	Display *d = XOpenDisplay(NULL);
	if (!d) return 0;
	char name[32];
	snprintf(name, sizeof name, "XWIN-%d", n);
	XRRScreenResources *res = XRRGetScreenResources(d, DefaultRootWindow(d));
	int outputs = n == 0 && res && res->noutput > 0;
	XRRMonitorInfo *m = XRRAllocateMonitor(d, outputs);
	if (outputs) m->outputs[0] = res->outputs[0];
	if (res) XRRFreeScreenResources(res);
	m->name = XInternAtom(d, name, False);
	m->primary = n == 0;
	m->x = x; m->y = y; m->width = w; m->height = h;
	m->mwidth = w * 254 / 960; m->mheight = h * 254 / 960;
	XRRSetMonitor(d, DefaultRootWindow(d), m);
	XSetCloseDownMode(d, RetainPermanent);
	XRRFreeMonitors(m);
	XSync(d, False);
	XCloseDisplay(d);
	return 1;
}
*/
import "C"

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	args := os.Args[1:]
	switch {
	case len(args) == 2 && args[0] == "close":
		id, err := strconv.ParseUint(args[1], 0, 32)
		if err != nil {
			fail(err)
		}
		if C.xwin_close(C.Window(id)) == 0 {
			fail(fmt.Errorf("cannot open the display"))
		}
	case len(args) >= 3 && len(args)%2 == 1 && args[0] == "monitors":
		x := 0
		for i := 1; i < len(args); i += 2 {
			w, err1 := strconv.Atoi(args[i])
			h, err2 := strconv.Atoi(args[i+1])
			if err1 != nil || err2 != nil {
				fail(fmt.Errorf("bad size %s %s", args[i], args[i+1]))
			}
			if C.xwin_monitor(C.int(i/2), C.int(x), 0, C.int(w), C.int(h)) == 0 {
				fail(fmt.Errorf("cannot open the display"))
			}
			x += w
		}
	default:
		fmt.Fprintln(os.Stderr, "usage: xwin close WINDOW-ID | xwin monitors W H [W H]...")
		os.Exit(2)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "xwin:", err)
	os.Exit(1)
}
