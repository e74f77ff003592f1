package ui

import (
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// modal is an open dialog; Esc closes the top one and runs its cancel.
type modal struct {
	d      *dialog.CustomDialog
	cancel func()
	// keys, if set, takes the keys that no field or button of the dialog
	// took (the file dialog's Backspace and Enter) and says if it used one.
	keys func(fyne.KeyName) bool
}

// showModal opens a dialog with its own buttons and focuses first.
func (a *App) showModal(title string, content fyne.CanvasObject, buttons []fyne.CanvasObject, width float32, first fyne.Focusable, cancel func()) *modal {
	d := dialog.NewCustomWithoutButtons(title, content, a.win)
	d.SetButtons(buttons)
	m := &modal{d: d, cancel: cancel}
	a.modals = append(a.modals, m)
	d.Show()
	if width > 0 {
		d.Resize(fyne.NewSize(width, 0))
	}
	if first != nil {
		a.win.Canvas().Focus(first)
	}
	return m
}

// closeModal closes a dialog without running its cancel.
func (a *App) closeModal(m *modal) {
	if m == nil {
		return
	}
	for i, o := range a.modals {
		if o == m {
			a.modals = append(a.modals[:i], a.modals[i+1:]...)
			m.d.Hide()
			return
		}
	}
}

// escape closes the top dialog as its cancel button would; it reports
// whether there was one.
func (a *App) escape() bool {
	if len(a.modals) == 0 {
		return false
	}
	m := a.modals[len(a.modals)-1]
	a.closeModal(m)
	if m.cancel != nil {
		m.cancel()
	}
	return true
}

// closeAllModals cancels every open dialog (before the screen locks).
func (a *App) closeAllModals() {
	for len(a.modals) > 0 {
		a.escape()
	}
	// Fyne's own pop-ups (a tab bar's … menu, a drop-down's list, an
	// entry's context menu) are overlays too: none may float over a
	// lock screen and act on the workspace hidden under it.
	overlays := a.win.Canvas().Overlays()
	for _, o := range overlays.List() {
		o.Hide()
		overlays.Remove(o)
	}
}

// showError logs err and shows its message, which the domain writes in
// Chinese, in a dialog that Enter or Esc closes.
func (a *App) showError(where string, err error) {
	log.Printf("ui: %s: %v", where, err)
	a.noteHealth(err)
	a.showMessage(tr("错误"), errorText(err), widget.DangerImportance)
}

// showInfo shows a message in a dialog that Enter or Esc closes.
func (a *App) showInfo(title, msg string) {
	a.showMessage(title, msg, widget.MediumImportance)
}

func (a *App) showMessage(title, msg string, imp widget.Importance) {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	var m *modal
	ok := newButton(a, tr("确定"), nil, func() { a.closeModal(m) })
	ok.Importance = widget.HighImportance
	m = a.showModal(title, l, []fyne.CanvasObject{ok}, 460, ok, nil)
}

// modalKey hands k to the top dialog's keys, if it has them.
func (a *App) modalKey(k fyne.KeyName) bool {
	m := a.topModal()
	return m != nil && m.keys != nil && m.keys(k)
}

// topModal is the open dialog on top, or nil.
func (a *App) topModal() *modal {
	if len(a.modals) == 0 {
		return nil
	}
	return a.modals[len(a.modals)-1]
}
