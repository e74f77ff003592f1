package ui

import (
	"errors"
	"fmt"
	"log"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
	"branchdesk/domain/staff"
)

// credentialRequest is what a confirmation dialog shows and does: who must
// key their id and password, what they confirm, and the call that checks
// the credential and does the work in one go.
type credentialRequest struct {
	title     string
	need      string // who must confirm, and why
	summary   string // what they confirm
	who       string // the id field's label: 确认柜员号, 审批人柜员号 …
	action    string // the confirm button: 确认, 同意 …
	sign      func(counter.Credential) error
	done      func()
	cancelled func()
}

// credentialDialog is the authorization dialog's sibling for steps that
// take one credential and cannot be refused, only cancelled: a teller
// confirming cash handed over, an A approving a transfer with the
// sub-branch, an authorizer allowing a voucher to be voided.
type credentialDialog struct {
	a       *App
	req     credentialRequest
	need    *widget.Label
	summary *widget.Label
	user    *field
	pass    *field
	confirm *button
	cancel  *button
	message *widget.Label
	m       *modal
}

// askCredential opens a confirmation dialog for req.
func (a *App) askCredential(req credentialRequest) *credentialDialog {
	d := &credentialDialog{a: a, req: req}
	d.need = widget.NewLabelWithStyle(req.need, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.need.Importance = widget.WarningImportance
	d.need.Wrapping = fyne.TextWrapWord
	d.summary = messageLabel()
	d.summary.SetText(req.summary)
	d.user = newField(a, req.who)
	d.pass = newPasswordField(a, tr("密码"))
	d.message = errorLabel()
	if req.action == "" {
		req.action = tr("确认")
	}
	d.confirm = newButton(a, req.action+" (Enter)", theme.ConfirmIcon(), d.submit)
	d.confirm.Importance = widget.HighImportance
	d.cancel = newButton(a, tr("取消 (Esc)"), nil, d.doCancel)
	d.user.OnSubmitted = func(string) { a.win.Canvas().Focus(d.pass) }
	d.pass.OnSubmitted = func(string) { d.submit() }
	content := container.NewVBox(
		d.need,
		widget.NewLabelWithStyle(tr("业务内容"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		d.summary,
		widget.NewSeparator(),
		widget.NewForm(widget.NewFormItem(req.who, d.user), widget.NewFormItem(tr("密码"), d.pass)),
		d.message,
	)
	d.m = a.showModal(req.title, content, []fyne.CanvasObject{d.cancel, d.confirm}, 640, d.user, d.doCancel)
	return d
}

func (d *credentialDialog) submit() {
	c := counter.Credential{UserID: strings.TrimSpace(d.user.Text), Password: d.pass.Text, Approve: true}
	if c.UserID == "" || c.Password == "" {
		d.message.SetText(fmt.Sprintf(tr("请输入%s和密码"), d.req.who))
		d.a.win.Canvas().Focus(d.user)
		return
	}
	if err := d.req.sign(c); err != nil {
		log.Printf("ui: %s by %s: %v", d.req.title, c.UserID, err)
		d.message.SetText(errorText(err))
		d.pass.SetText("")
		if samePerson(err) || errors.Is(err, staff.ErrWrongPassword) {
			d.a.win.Canvas().Focus(d.pass)
		} else {
			d.user.SetText("")
			d.a.win.Canvas().Focus(d.user)
		}
		return
	}
	d.a.closeModal(d.m)
	if d.req.done != nil {
		d.req.done()
	}
}

func (d *credentialDialog) doCancel() {
	d.a.closeModal(d.m)
	if d.req.cancelled != nil {
		d.req.cancelled()
	}
}

// open reports whether the dialog is still showing.
func (d *credentialDialog) open() bool {
	for _, m := range d.a.modals {
		if m == d.m {
			return true
		}
	}
	return false
}
