//go:build windows

package nativewin

import (
	"syscall"
	"unsafe"

	"fyne.io/fyne/v2/driver"
)

var (
	user32                 = syscall.NewLazyDLL("user32.dll")
	procGetWindowPlacement = user32.NewProc("GetWindowPlacement")
	procSetWindowPlacement = user32.NewProc("SetWindowPlacement")
	procEnumDisplayMonitor = user32.NewProc("EnumDisplayMonitors")
	procGetMonitorInfo     = user32.NewProc("GetMonitorInfoW")

	// found is the monitor list EnumDisplayMonitors fills through
	// monitorFound: made once, as Windows keeps every callback made.
	found        []Screen
	monitorFound = syscall.NewCallback(func(monitor, _, _, _ uintptr) uintptr {
		mi := monitorInfo{Size: uint32(unsafe.Sizeof(monitorInfo{}))}
		if r, _, _ := procGetMonitorInfo.Call(monitor, uintptr(unsafe.Pointer(&mi))); r == 0 {
			return 1
		}
		s := Screen{Bounds: mi.Monitor.rect(), Work: mi.Work.rect()}
		if mi.Flags&monitorInfoPrimary != 0 {
			found = append([]Screen{s}, found...)
		} else {
			found = append(found, s)
		}
		return 1 // go on
	})
)

const (
	swShowNormal          = 1
	swShowMinimized       = 2
	swShowMaximized       = 3
	wpfRestoreToMaximized = 2
	monitorInfoPrimary    = 1
)

type winRect struct{ Left, Top, Right, Bottom int32 }

func (r winRect) rect() Rect {
	return Rect{X: int(r.Left), Y: int(r.Top), W: int(r.Right - r.Left), H: int(r.Bottom - r.Top)}
}

type winPoint struct{ X, Y int32 }

// windowPlacement is WINDOWPLACEMENT: the normal (not maximized) frame,
// in workspace coordinates, and how the window is shown.
type windowPlacement struct {
	Length, Flags, ShowCmd   uint32
	MinPosition, MaxPosition winPoint
	NormalPosition           winRect
}

// monitorInfo is MONITORINFO.
type monitorInfo struct {
	Size          uint32
	Monitor, Work winRect
	Flags         uint32
}

// win32 holds a window's HWND. Its calls run on Fyne's main goroutine,
// the window's own thread, so SetWindowPlacement is answered at once.
type win32 struct {
	hwnd uintptr
	// shift turns workspace coordinates (the placement's) into screen
	// coordinates: where the primary monitor's usable area starts.
	shift Rect
}

func open(ctx any) system {
	c, ok := ctx.(driver.WindowsWindowContext)
	if !ok || c.HWND == 0 {
		return nil
	}
	w := &win32{hwnd: c.HWND}
	if s := w.screens(); len(s) > 0 {
		w.shift = Rect{X: s[0].Work.X - s[0].Bounds.X, Y: s[0].Work.Y - s[0].Bounds.Y}
	}
	return w
}

func (w *win32) close() {}

func (w *win32) screens() []Screen {
	found = nil
	procEnumDisplayMonitor.Call(0, 0, monitorFound, 0)
	s := found
	found = nil
	return s
}

func (w *win32) placement() (windowPlacement, bool) {
	wp := windowPlacement{Length: uint32(unsafe.Sizeof(windowPlacement{}))}
	r, _, _ := procGetWindowPlacement.Call(w.hwnd, uintptr(unsafe.Pointer(&wp)))
	return wp, r != 0
}

// frame is the window's normal frame in screen coordinates: Windows
// keeps it while the window is maximized.
func (w *win32) frame() frame {
	wp, ok := w.placement()
	if !ok {
		return frame{}
	}
	r := wp.NormalPosition.rect()
	return frame{
		X: r.X + w.shift.X, Y: r.Y + w.shift.Y, W: r.W, H: r.H,
		Maximized: wp.ShowCmd == swShowMaximized ||
			wp.ShowCmd == swShowMinimized && wp.Flags&wpfRestoreToMaximized != 0,
	}
}

// apply sets the normal frame's position and the shown state in one
// SetWindowPlacement: a maximized window goes back there when restored.
func (w *win32) apply(p Plan) {
	wp, ok := w.placement()
	if !ok || !p.Move {
		return
	}
	n := &wp.NormalPosition
	width, height := n.Right-n.Left, n.Bottom-n.Top
	n.Left, n.Top = int32(p.X-w.shift.X), int32(p.Y-w.shift.Y)
	n.Right, n.Bottom = n.Left+width, n.Top+height
	wp.Flags = 0
	wp.ShowCmd = swShowNormal
	if p.Maximize {
		wp.ShowCmd = swShowMaximized
	}
	procSetWindowPlacement.Call(w.hwnd, uintptr(unsafe.Pointer(&wp)))
}
