package ui

import (
	"fmt"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
)

// releaseForm is the release dialog's fields: the reason, and the signed-in
// A's password, asked again as for any approval.
type releaseForm struct {
	reason, pass *field
	submit       *button
	message      *widget.Label
}

// askRelease frees the sign-in of the chosen teller at a terminal that can
// no longer sign them out (a PC that died), with a reason for the audit
// trail; their day goes on at the terminal where they log in next.
func (v *usersView) askRelease() {
	u, ok := v.current()
	if !ok {
		return
	}
	a := v.a
	at := v.at[u.ID]
	f := &releaseForm{reason: newField(a, tr("如：终端死机无法签退")), pass: newPasswordField(a, tr("本人密码")), message: errorLabel()}
	var m *modal
	do := func() {
		c := counter.Credential{UserID: a.sess.User().ID, Password: f.pass.Text}
		if err := a.svc.ReleaseTerminal(a.ctx, c, u.ID, f.reason.Text); err != nil {
			log.Printf("ui: release terminal of %s: %v", u.ID, err)
			f.message.SetText(errorText(err))
			f.pass.SetText("")
			return
		}
		a.closeModal(m)
		v.done("release terminal", nil, fmt.Sprintf(tr("已释放 %s 在终端 %s 的签到，可在任一终端登录继续营业"), u.Label(), at))
	}
	f.submit = newButton(a, tr("释放"), theme.ConfirmIcon(), do)
	f.submit.Importance = widget.DangerImportance
	f.reason.OnSubmitted = func(string) { a.win.Canvas().Focus(f.pass) }
	f.pass.OnSubmitted = func(string) { do() }
	no := newButton(a, tr("取消"), theme.CancelIcon(), func() { a.closeModal(m) })
	info := widget.NewLabel(fmt.Sprintf(tr("柜员 %s 在终端 %s 签到。\n仅当该终端已无法签退（死机、断电）时释放；释放记入审计。"), u.Label(), at))
	info.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem(tr("原因"), f.reason), widget.NewFormItem(tr("A级密码"), f.pass))
	v.freeForm = f
	m = a.showModal(tr("释放终端签到"), container.NewVBox(info, form, f.message), []fyne.CanvasObject{no, f.submit}, 520, f.reason, nil)
}
