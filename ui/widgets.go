package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// field is a text entry that counts as activity for the idle lock and
// lets Esc close the dialog it sits in.
type field struct {
	widget.Entry
	a *App
}

func newField(a *App, placeholder string) *field {
	f := &field{a: a}
	f.PlaceHolder = placeholder
	f.Wrapping = fyne.TextWrapOff
	f.ExtendBaseWidget(f)
	return f
}

func newPasswordField(a *App, placeholder string) *field {
	f := newField(a, placeholder)
	f.Password = true
	return f
}

// TypedRune counts as input.
func (f *field) TypedRune(r rune) {
	f.a.touch()
	f.Entry.TypedRune(r)
}

// TypedKey closes the top dialog on Esc and does what a function key
// stands for; other keys go to the entry.
func (f *field) TypedKey(k *fyne.KeyEvent) {
	f.a.touch()
	if k.Name == fyne.KeyEscape && f.a.escape() || f.a.functionKey(k.Name) {
		return
	}
	f.Entry.TypedKey(k)
}

// button is a button that Enter presses when it has the focus, and that
// lets Esc close the dialog it sits in.
type button struct {
	widget.Button
	a *App
}

func newButton(a *App, label string, icon fyne.Resource, tapped func()) *button {
	b := &button{a: a}
	b.Text, b.Icon = label, icon
	b.OnTapped = func() {
		a.touch()
		tapped()
	}
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter, closes the top dialog on Esc and
// does what a function key stands for; Backspace goes to the dialog (the
// file dialog goes up a folder).
func (b *button) TypedKey(k *fyne.KeyEvent) {
	b.a.touch()
	if b.a.functionKey(k.Name) {
		return
	}
	switch k.Name {
	case fyne.KeyEscape:
		if b.a.escape() {
			return
		}
	case fyne.KeyBackspace:
		if b.a.modalKey(k.Name) {
			return
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
		return
	}
	b.Button.TypedKey(k)
}

// setEnabled enables or disables a button.
func setEnabled(b *button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// messageLabel is a label for refusals and results, wrapping long text.
func messageLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	return l
}

// wrapped is a fixed text that wraps at the width it is given: a rule
// that is one line in Chinese may be three in English.
func wrapped(text string) *widget.Label {
	l := messageLabel()
	l.SetText(text)
	return l
}

// sayDone shows what was done (签到成功, 冲正成功) in the success colour.
func sayDone(l *widget.Label, text string) { say(l, widget.SuccessImportance, text) }

// sayNote shows a neutral note (已退出登录, 正在核对密码…).
func sayNote(l *widget.Label, text string) { say(l, widget.MediumImportance, text) }

// sayRefused shows a refusal or what is still needed in the warning colour.
func sayRefused(l *widget.Label, text string) { say(l, widget.WarningImportance, text) }

// sayError shows an error in the danger colour.
func sayError(l *widget.Label, text string) { say(l, widget.DangerImportance, text) }

// say shows text in the importance; a fixed message of the domain (a
// refusal, shown whole) is translated like the screens' own text.
func say(l *widget.Label, imp widget.Importance, text string) {
	l.Importance = imp
	l.SetText(tr(text))
}

// errorLabel is a message label in the danger colour.
func errorLabel() *widget.Label {
	l := messageLabel()
	l.Importance = widget.DangerImportance
	return l
}

// widthLayout gives its objects a fixed width and the height they need,
// for forms centred in a wide window.
type widthLayout struct{ width float32 }

func (l widthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l widthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(l.width, 0)
	for _, o := range objs {
		s = s.Max(fyne.NewSize(0, o.MinSize().Height))
	}
	return s
}

// centred shows o in the middle of the space, width wide.
func centred(width float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewCenter(container.New(widthLayout{width}, o))
}

// newSelect is a drop-down whose prompt, before anything is chosen, is
// Chinese (Fyne's own is "(Select one)").
func newSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = tr("请选择")
	return s
}
