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

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/staff"
)

// credentialRequest is what a confirmation dialog shows and does: who must
// key their id and password, what they confirm, and the call that checks
// the credential and does the work, or takes the refusal, in one go.
type credentialRequest struct {
	title     string
	need      string // who must confirm, and why
	summary   string // what they confirm
	who       string // the id field's label: 确认柜员号, 审批人柜员号 …
	action    string // the confirm button: 确认, 同意 …
	sign      func(counter.Credential) error
	done      func()
	refused   func(err error) // they refused, with a reason: err says who and why
	cancelled func()
}

// credentialDialog is the authorization dialog's sibling for steps that
// take one credential: a teller confirming cash handed over, an A
// approving a transfer with the sub-branch, an authorizer allowing a
// voucher to be voided, the voucher keeper taking vouchers back. The one
// signing may refuse instead, with a reason; the service checks their
// password first and records the refusal, and nothing is done.
type credentialDialog struct {
	a       *App
	req     credentialRequest
	need    *widget.Label
	summary *widget.Label
	user    *field
	pass    *field
	reason  *field
	confirm *button
	refuse  *button
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
	d.reason = newField(a, tr("拒绝时必填"))
	d.message = errorLabel()
	if req.action == "" {
		req.action = tr("确认")
	}
	d.confirm = newButton(a, req.action+" (Enter)", theme.ConfirmIcon(), func() { d.submit(true) })
	d.confirm.Importance = widget.HighImportance
	d.refuse = newButton(a, tr("拒绝"), theme.CancelIcon(), func() { d.submit(false) })
	d.refuse.Importance = widget.DangerImportance
	d.cancel = newButton(a, tr("取消 (Esc)"), nil, d.doCancel)
	d.user.OnSubmitted = func(string) { a.win.Canvas().Focus(d.pass) }
	d.pass.OnSubmitted = func(string) { d.submit(true) }
	d.reason.OnSubmitted = func(string) { d.submit(false) }
	content := container.NewVBox(
		d.need,
		widget.NewLabelWithStyle(tr("业务内容"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		d.summary,
		widget.NewSeparator(),
		widget.NewForm(widget.NewFormItem(req.who, d.user), widget.NewFormItem(tr("密码"), d.pass),
			widget.NewFormItem(tr("拒绝原因"), d.reason)),
		d.message,
	)
	d.m = a.showModal(req.title, content, []fyne.CanvasObject{d.cancel, d.refuse, d.confirm}, 640, d.user, d.doCancel)
	return d
}

// submit signs as keyed, approving or refusing. The password is wiped
// whatever the answer: it never waits in the dialog for the next person.
func (d *credentialDialog) submit(approve bool) {
	c := counter.Credential{UserID: strings.TrimSpace(d.user.Text), Password: d.pass.Text, Approve: approve}
	if !approve {
		c.Reason = strings.TrimSpace(d.reason.Text)
	}
	d.pass.SetText("")
	if c.UserID == "" || c.Password == "" {
		d.message.SetText(fmt.Sprintf(tr("请输入%s和密码"), d.req.who))
		d.a.win.Canvas().Focus(d.user)
		return
	}
	err := d.req.sign(c)
	switch {
	case errors.Is(err, authz.ErrRefused):
		log.Printf("ui: %s refused by %s: %v", d.req.title, c.UserID, err)
		d.a.closeModal(d.m)
		if d.req.refused != nil {
			d.req.refused(err)
		}
	case err != nil:
		log.Printf("ui: %s by %s: %v", d.req.title, c.UserID, err)
		d.message.SetText(errorText(err))
		switch {
		case errors.Is(err, counter.ErrReasonRequired):
			d.a.win.Canvas().Focus(d.reason)
		case samePerson(err) || errors.Is(err, staff.ErrWrongPassword):
			d.a.win.Canvas().Focus(d.pass)
		default:
			d.user.SetText("")
			d.a.win.Canvas().Focus(d.user)
		}
	default:
		d.a.closeModal(d.m)
		if d.req.done != nil {
			d.req.done()
		}
	}
}

func (d *credentialDialog) doCancel() {
	d.pass.SetText("")
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
