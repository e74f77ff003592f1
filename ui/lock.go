package ui

import (
	"log"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// lockMode is why the terminal is locked.
type lockMode int

const (
	lockIdle  lockMode = iota // idle for svc.IdleMinutes
	lockPause                 // temporary sign-out (临时签退)
	lockHand                  // the teller locked it (锁屏, F12)
)

// lockScreen hides the workspace until the same user gives their password.
type lockScreen struct {
	a       *App
	mode    lockMode
	title   *canvas.Text
	who     *widget.Label // the locked teller's id and name
	info    *widget.Label
	user    *field
	pass    *field
	unlock  *button
	logout  *button
	message *widget.Label
	content fyne.CanvasObject
}

// showLock cancels any open dialog and locks the terminal.
func (a *App) showLock(mode lockMode) {
	a.closeAllModals()
	s := &lockScreen{a: a, mode: mode}
	heading := tr("终端已锁定（空闲超时）")
	action := tr("解锁")
	note := tr("已离开终端：只能由本人输入柜员号和密码解锁")
	switch mode {
	case lockPause:
		heading = tr("临时签退中")
		action = tr("恢复签到")
		note = tr("已离开终端：只能由本人输入柜员号和密码恢复签到")
	case lockHand:
		heading = tr("终端已锁定")
	}
	s.title = canvas.NewText(heading, theme.Color(theme.ColorNameForeground))
	s.title.TextSize = 26
	s.title.Alignment = fyne.TextAlignCenter
	u := a.sess.User()
	s.who = widget.NewLabelWithStyle(tr("柜员 ")+u.Label(), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.info = widget.NewLabelWithStyle(note, fyne.TextAlignCenter, fyne.TextStyle{})
	s.info.Wrapping = fyne.TextWrapWord
	s.user = newField(a, tr("柜员号"))
	s.pass = newPasswordField(a, tr("密码"))
	s.unlock = newButton(a, action, theme.LoginIcon(), s.do)
	s.unlock.Importance = widget.HighImportance
	s.logout = newButton(a, tr("退出登录"), theme.LogoutIcon(), a.logout)
	s.message = errorLabel()
	s.user.OnSubmitted = func(string) { a.win.Canvas().Focus(s.pass) }
	s.pass.OnSubmitted = func(string) { s.do() }
	form := widget.NewForm(widget.NewFormItem(tr("柜员号"), s.user), widget.NewFormItem(tr("密码"), s.pass))
	box := container.NewVBox(container.NewCenter(widget.NewIcon(theme.VisibilityOffIcon())), s.title, s.who, s.info, form,
		container.NewGridWithColumns(2, s.logout, s.unlock), s.message)
	s.content = centred(480, box)
	a.lock = s
	a.setContent(s.content)
	a.win.Canvas().Focus(s.user)
}

// do unlocks with the same user's password: Unlock after idleness,
// ResumeDay after a temporary sign-out.
func (s *lockScreen) do() {
	a := s.a
	id, pw := strings.TrimSpace(s.user.Text), s.pass.Text
	var err error
	switch {
	case id == "" || pw == "":
		sayError(s.message, tr("请输入柜员号和密码"))
		return
	case s.mode != lockPause:
		err = a.svc.Unlock(a.ctx, a.sess, id, pw)
	default:
		err = a.svc.ResumeDay(a.ctx, a.sess, id, pw)
	}
	if err != nil {
		log.Printf("ui: unlock by %s: %v", id, err)
		sayError(s.message, errorText(err))
		s.pass.SetText("")
		a.win.Canvas().Focus(s.pass)
		return
	}
	a.lock = nil
	a.touch()
	a.setContent(a.ws.content)
	if s.mode == lockPause {
		sayDone(a.ws.business.message, tr("已恢复签到"))
	}
	a.ws.refresh()
	a.ws.focusStart()
}
