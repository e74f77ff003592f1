package ui

import (
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// changeForm changes a user's password: the old one, the new one twice.
// At login the old one is already known and not asked again.
type changeForm struct {
	a       *App
	id      string
	old     *field
	pw      *field
	again   *field
	submit  *button
	cancel  *button
	message *widget.Label
	content fyne.CanvasObject

	done      func(pw string)
	cancelled func()
}

// newChangeForm makes the form for id; a non-empty old password is not asked.
func newChangeForm(a *App, id, old string) *changeForm {
	f := &changeForm{a: a, id: id}
	f.old = newPasswordField(a, tr("原密码"))
	f.old.SetText(old)
	f.pw = newPasswordField(a, tr("至少 8 位，含字母和数字"))
	f.again = newPasswordField(a, tr("再次输入新密码"))
	f.submit = newButton(a, tr("确认修改"), theme.ConfirmIcon(), f.do)
	f.submit.Importance = widget.HighImportance
	f.cancel = newButton(a, tr("取消"), theme.CancelIcon(), func() {
		if f.cancelled != nil {
			f.cancelled()
		}
	})
	f.message = errorLabel()
	f.old.OnSubmitted = func(string) { a.win.Canvas().Focus(f.pw) }
	f.pw.OnSubmitted = func(string) { a.win.Canvas().Focus(f.again) }
	f.again.OnSubmitted = func(string) { f.do() }

	items := []*widget.FormItem{widget.NewFormItem(tr("柜员号"), widget.NewLabel(a.userLabel(id)))}
	if old == "" {
		items = append(items, widget.NewFormItem(tr("原密码"), f.old))
	}
	items = append(items, widget.NewFormItem(tr("新密码"), f.pw), widget.NewFormItem(tr("确认新密码"), f.again))
	f.content = container.NewVBox(widget.NewForm(items...), f.message)
	return f
}

// first is the field the cursor starts in.
func (f *changeForm) first() fyne.Focusable {
	if f.old.Text == "" {
		return f.old
	}
	return f.pw
}

func (f *changeForm) do() {
	if f.pw.Text != f.again.Text {
		f.message.SetText(tr("两次输入的新密码不一致"))
		f.again.SetText("")
		f.a.win.Canvas().Focus(f.again)
		return
	}
	if err := f.a.svc.ChangePassword(f.a.ctx, f.id, f.old.Text, f.pw.Text); err != nil {
		log.Printf("ui: change password %s: %v", f.id, err)
		f.message.SetText(errorText(err))
		return
	}
	if f.done != nil {
		f.done(f.pw.Text)
	}
}

// showChangePassword lets the signed-in user change their password.
func (a *App) showChangePassword() {
	if a.sess == nil {
		return
	}
	f := newChangeForm(a, a.sess.User().ID, "")
	var m *modal
	f.done = func(string) {
		a.closeModal(m)
		a.showInfo(tr("修改密码"), tr("密码已修改"))
	}
	f.cancelled = func() { a.closeModal(m) }
	m = a.showModal(tr("修改密码"), f.content, []fyne.CanvasObject{f.cancel, f.submit}, 480, f.old, nil)
}
