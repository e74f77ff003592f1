// Package fynecache keeps Fyne's canvas cache entries alive while their
// objects are on screen, working round a crash in Fyne v2.7.1.
//
// Fyne remembers which canvas each drawn object belongs to, in a cache
// whose entries expire a minute after they were last marked alive. v2.7.1
// marks them alive when it looks one up, and when it walks a window that
// has not been repainted for 50 seconds, but not when a repaint walks the
// object again (internal/cache.SetCanvasForObject keeps the old, expiring
// entry). So in a window that repaints often, every entry expires a
// minute after it was made, and the next cache clean drops them all until
// the window repaints again. A tap in that gap on the tab bar's "…"
// button, a Select or an entry's menu asks for the canvas, gets nil and
// panics inside Fyne (fyne-io/fyne#5965; seen twice on the branch demo).
// Fyne v2.8 fixes it (SetCanvasForObject marks the entry alive), but
// v2.8 brings GLFW 3.4, a new theme default and different focus timing:
// not taken in this round.
//
// KeepAlive does what v2.7.1's own idle walk does, for every window
// state: it looks up each object of a canvas, which marks its entry
// alive. Run it more often than once a minute.
package fynecache

import (
	_ "unsafe" // for go:linkname

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	// widget links internal/cache, whose functions are named below.
	_ "fyne.io/fyne/v2/widget"
)

// FyneVersion is the one Fyne release this work-round is written for;
// a test fails when go.mod names another, so it is looked at again.
const FyneVersion = "v2.7.1"

// canvasFor is Fyne's cache lookup: it marks the entry alive.
//
//go:linkname canvasFor fyne.io/fyne/v2/internal/cache.GetCanvasForObject
func canvasFor(obj fyne.CanvasObject) fyne.Canvas

// cachedRenderer is a widget's renderer if it has been drawn, without
// making one for a widget that has not.
//
//go:linkname cachedRenderer fyne.io/fyne/v2/internal/cache.CachedRenderer
func cachedRenderer(wid fyne.Widget) (fyne.WidgetRenderer, bool)

// KeepAlive marks alive the cache entry of every object on c: its
// content, and the pop-ups and dialogs over it. Hidden objects too, and
// the screens of the tabs not shown: a repaint does not walk them, and when
// one is shown again after its entry expired, the repaint keeps the
// expired entry and the clean after it drops it. It must run on Fyne's
// thread (fyne.Do).
func KeepAlive(c fyne.Canvas) {
	if c == nil {
		return
	}
	walkCanvas(c, true, func(o fyne.CanvasObject) { canvasFor(o) })
}

// Walk calls fn for every visible object on c, the insides of drawn
// widgets included, as Fyne's painter sees them.
func Walk(c fyne.Canvas, fn func(fyne.CanvasObject)) {
	walkCanvas(c, false, fn)
}

// walkCanvas calls fn for the objects on c, the hidden ones too if hidden.
func walkCanvas(c fyne.Canvas, hidden bool, fn func(fyne.CanvasObject)) {
	walk(c.Content(), hidden, fn)
	for _, o := range c.Overlays().List() {
		walk(o, hidden, fn)
	}
}

func walk(o fyne.CanvasObject, hidden bool, fn func(fyne.CanvasObject)) {
	if o == nil || !hidden && !o.Visible() {
		return
	}
	fn(o)
	switch t := o.(type) {
	case *fyne.Container:
		for _, child := range t.Objects {
			walk(child, hidden, fn)
		}
	case fyne.Widget:
		if r, ok := cachedRenderer(t); ok {
			for _, child := range r.Objects() {
				walk(child, hidden, fn)
			}
		}
		if hidden {
			// Tabs draw only the selected tab's screen: the others are
			// on no renderer's list.
			for _, child := range tabContents(t) {
				walk(child, hidden, fn)
			}
		}
	}
}

// tabContents are the screens of the tabs of t that are not selected.
func tabContents(t fyne.Widget) []fyne.CanvasObject {
	var items []*container.TabItem
	var selected *container.TabItem
	switch tabs := t.(type) {
	case *container.AppTabs:
		items, selected = tabs.Items, tabs.Selected()
	case *container.DocTabs:
		items, selected = tabs.Items, tabs.Selected()
	}
	var out []fyne.CanvasObject
	for _, it := range items {
		if it != selected {
			out = append(out, it.Content)
		}
	}
	return out
}
