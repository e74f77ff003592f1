package ui

import (
	"errors"
	"log"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
)

// loginScreen asks for a teller id and password.
type loginScreen struct {
	a       *App
	user    *field
	pass    *field
	submit  *button
	lang    *widget.Select // 语言: 简体中文 or English, kept per PC
	message *widget.Label  // the domain's refusal, e.g. the lock message
	// checking is set while the password is being checked.
	checking bool
	content  fyne.CanvasObject
}

func newLoginScreen(a *App) *loginScreen {
	s := &loginScreen{a: a}
	s.user = newField(a, tr("柜员号"))
	s.pass = newPasswordField(a, tr("密码"))
	s.submit = newButton(a, tr("登录"), theme.LoginIcon(), s.do)
	s.submit.Importance = widget.HighImportance
	s.message = errorLabel()
	s.user.OnSubmitted = func(string) { a.win.Canvas().Focus(s.pass) }
	s.pass.OnSubmitted = func(string) { s.do() }

	title := canvas.NewText(tr(Title), theme.Color(theme.ColorNameForeground))
	title.TextSize = 26
	title.Alignment = fyne.TextAlignCenter
	sub := widget.NewLabelWithStyle(tr("柜员登录"), fyne.TextAlignCenter, fyne.TextStyle{})
	s.lang = widget.NewSelect(languageNames, nil)
	s.lang.SetSelectedIndex(slices.Index(languages, Language(a.fy)))
	s.lang.OnChanged = func(string) { a.chooseLanguage(languages[s.lang.SelectedIndex()]) }
	form := widget.NewForm(
		widget.NewFormItem(tr("柜员号"), s.user),
		widget.NewFormItem(tr("密码"), s.pass),
		widget.NewFormItem(tr("语言"), s.lang),
	)
	box := container.NewVBox(title, sub, form, s.submit, s.message)
	s.content = centred(420, box)
	return s
}

// do logs in; a password that must be changed opens the change form.
// The check runs in the background while the screen says so.
func (s *loginScreen) do() {
	if s.checking {
		return
	}
	id, pw := strings.TrimSpace(s.user.Text), s.pass.Text
	if id == "" || pw == "" {
		sayError(s.message, tr("请输入柜员号和密码"))
		return
	}
	s.checking = true
	sayNote(s.message, tr("正在核对柜员号和密码，请稍候…"))
	s.submit.Disable()
	var sess *counter.Session
	s.a.background(func() (err error) {
		sess, err = s.a.svc.Login(s.a.ctx, id, pw)
		return err
	}, func(err error) {
		s.checking = false
		s.submit.Enable()
		switch {
		case errors.Is(err, counter.ErrMustChange):
			s.a.showChangeAtLogin(id, pw)
		case err != nil:
			log.Printf("ui: login %s: %v", id, err)
			sayError(s.message, errorText(err))
			s.pass.SetText("")
			s.a.win.Canvas().Focus(s.pass)
		default:
			s.a.startSession(sess, pw)
		}
	})
}

// showChangeAtLogin shows the must-change-password form; after the
// change the user is logged in with the new password.
func (a *App) showChangeAtLogin(id, old string) {
	f := newChangeForm(a, id, old)
	f.message.SetText(errorText(counter.ErrMustChange))
	f.done = func(pw string) {
		sess, err := a.svc.Login(a.ctx, id, pw)
		if err != nil {
			a.showLogin(errorText(err))
			return
		}
		a.startSession(sess, pw)
	}
	f.cancelled = func() { a.showLogin("") }
	a.login, a.change = nil, f
	title := widget.NewLabelWithStyle(tr("修改密码"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	box := container.NewVBox(title, f.content, container.NewGridWithColumns(2, f.cancel, f.submit))
	a.setContent(centred(460, box))
	a.win.Canvas().Focus(f.first())
}
