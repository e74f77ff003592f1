package ui

import (
	"log"

	"fyne.io/fyne/v2"
)

// The function keys a teller expects, each shown on the button it
// presses. Fyne passes a key without modifier to the focused widget, not
// to the window's shortcuts, so the window (nothing focused), field and
// button each hand it to functionKey.
const (
	keyNewBusiness = fyne.KeyF2  // 新业务: the business form, cleared
	keyFind        = fyne.KeyF3  // 查找客户: find an account by name or number
	keyRefresh     = fyne.KeyF5  // 刷新: the status bar and the visible tab
	keyLock        = fyne.KeyF12 // 锁屏: as the idle lock does
)

// functionKey does what key k stands for in the workspace and says whether
// it did anything. An open dialog takes no F2 or F5; F12 locks all the
// same, closing it as the idle lock does.
func (a *App) functionKey(k fyne.KeyName) bool {
	w := a.ws
	if a.sess == nil || w == nil || a.lock != nil {
		return false
	}
	switch k {
	case keyNewBusiness:
		if len(a.modals) > 0 {
			return false
		}
		w.newBusiness()
	case keyFind:
		if len(a.modals) > 0 {
			return false
		}
		w.tabs.Select(w.businessTab)
		w.business.askFind()
	case keyRefresh:
		if len(a.modals) > 0 {
			return false
		}
		w.refresh()
	case keyLock:
		a.lockNow()
	default:
		return false
	}
	return true
}

// lockNow locks the terminal at the teller's word (锁屏): only their own
// password opens it again.
func (a *App) lockNow() {
	if err := a.svc.Lock(a.ctx, a.sess); err != nil {
		log.Printf("ui: lock: %v", err)
	}
	a.showLock(lockHand)
}

// newBusiness shows the business form cleared, the cursor in its first
// field (新业务).
func (w *workspace) newBusiness() {
	w.tabs.Select(w.businessTab)
	w.business.reset()
	w.refresh() // says again why business is refused, if it is
	w.a.win.Canvas().Focus(w.business.account)
}
