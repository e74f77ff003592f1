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
	"branchdesk/domain/money"
	"branchdesk/domain/staff"
)

// signer takes authorizers' signatures on something: a draft posting, a
// reversal, a re-sign-in. The service decides; the dialog only asks.
type signer interface {
	next() (authz.Stage, bool)
	sign(c counter.Credential) error
	signed() []counter.Approval
}

// authRequest is what the authorization dialog shows and what it does
// when the signatures are in.
type authRequest struct {
	title     string
	need      string // who must sign and why
	summary   string // the business in full, or without the amount when blind
	blind     bool   // authorizers re-key the amount without seeing it
	signer    signer
	done      func()              // every signature given
	refused   func(reason string) // an authorizer refused
	cancelled func()              // the teller gave up (Esc)
}

// authDialog is where a supervisor, at this terminal, keys their id and
// password and approves or refuses. A refusal by the rules (wrong person,
// wrong password, amount mismatch) is shown and they or another may try again.
type authDialog struct {
	a       *App
	req     authRequest
	need    *widget.Label
	summary *widget.Label
	stage   *widget.Label
	signed  *widget.Label
	user    *field
	pass    *field
	amount  *field // blind re-key only
	capital *widget.Label
	reason  *field
	approve *button
	refuse  *button
	cancel  *button
	message *widget.Label
	// checking is set while a signature is being checked; gone once the
	// dialog is closed, so that a check ending after Esc does nothing.
	checking, gone bool
	m              *modal
}

// authorize opens the authorization dialog for req.
func (a *App) authorize(req authRequest) *authDialog {
	d := &authDialog{a: a, req: req}
	d.need = widget.NewLabelWithStyle(req.need, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.need.Importance = widget.WarningImportance
	d.need.Wrapping = fyne.TextWrapWord
	d.summary = messageLabel()
	d.summary.SetText(req.summary)
	d.stage = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.signed = messageLabel()
	d.signed.Importance = widget.SuccessImportance
	d.user = newField(a, tr("授权人柜员号"))
	d.pass = newPasswordField(a, tr("授权人密码"))
	d.amount = newField(a, tr("请重新录入交易金额"))
	d.capital = widget.NewLabel("")
	d.reason = newField(a, tr("拒绝时必填"))
	d.message = errorLabel()
	d.approve = newButton(a, tr("同意授权"), theme.ConfirmIcon(), func() { d.submit(true) })
	d.approve.Importance = widget.HighImportance
	d.refuse = newButton(a, tr("拒绝授权"), theme.CancelIcon(), func() { d.submit(false) })
	d.refuse.Importance = widget.DangerImportance
	d.cancel = newButton(a, tr("取消 (Esc)"), nil, d.doCancel)

	d.user.OnSubmitted = func(string) { a.win.Canvas().Focus(d.pass) }
	d.pass.OnSubmitted = func(string) {
		if req.blind {
			a.win.Canvas().Focus(d.amount)
			return
		}
		d.submit(true)
	}
	d.amount.OnSubmitted = func(string) { d.submit(true) }
	d.amount.OnChanged = func(s string) {
		if s == "" {
			d.capital.SetText("")
			return
		}
		if v, err := money.Parse(s); err != nil {
			d.capital.SetText(errorText(err))
		} else {
			d.capital.SetText(money.Capital(v))
		}
	}
	d.reason.OnSubmitted = func(string) { d.submit(false) }

	items := []*widget.FormItem{
		widget.NewFormItem(tr("授权人柜员号"), d.user),
		widget.NewFormItem(tr("密码"), d.pass),
	}
	if req.blind {
		items = append(items, widget.NewFormItem(tr("复核金额"), d.amount), widget.NewFormItem("", d.capital))
	}
	items = append(items, widget.NewFormItem(tr("拒绝原因"), d.reason))
	content := container.NewVBox(
		d.need,
		widget.NewLabelWithStyle(tr("业务内容"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		d.summary,
		widget.NewSeparator(),
		d.stage, d.signed,
		widget.NewForm(items...),
		d.message,
	)
	d.showStage()
	a.auth = d
	d.m = a.showModal(req.title, content, []fyne.CanvasObject{d.cancel, d.refuse, d.approve}, 640, d.user, d.doCancel)
	return d
}

// showStage says whose signature is wanted now and which are in.
func (d *authDialog) showStage() {
	st, _ := d.req.signer.next()
	lv := staff.Level(st)
	n := len(d.req.signer.signed()) + 1
	d.stage.SetText(fmt.Sprintf(tr("第 %d 步：请%s级授权人（%s）在本终端输入柜员号和密码"), n, st, tr(lv.Title())))
	var done []string
	for _, ap := range d.req.signer.signed() {
		done = append(done, fmt.Sprintf(tr("%s级 %s（%s）"), ap.Stage, ap.User.Label(), ap.At.Format("15:04:05")))
	}
	if len(done) > 0 {
		d.signed.SetText(tr("已授权：") + strings.Join(done, tr("；")))
		d.signed.Show()
	} else {
		d.signed.Hide()
	}
	if d.req.blind {
		d.amount.PlaceHolder = tr("盲复核：金额不显示，请重新录入")
		d.amount.Refresh()
	}
}

func (d *authDialog) submit(approve bool) {
	if d.checking {
		return
	}
	c := counter.Credential{
		UserID: strings.TrimSpace(d.user.Text), Password: d.pass.Text,
		Approve: approve, Reason: strings.TrimSpace(d.reason.Text),
	}
	if c.UserID == "" || c.Password == "" {
		sayError(d.message, tr("请授权人输入柜员号和密码"))
		d.a.win.Canvas().Focus(d.user)
		return
	}
	if approve && d.req.blind {
		v, err := money.Parse(d.amount.Text)
		if err != nil {
			sayError(d.message, tr("复核金额：")+errorText(err))
			d.a.win.Canvas().Focus(d.amount)
			return
		}
		c.Amount = v
	}
	d.checking = true
	sayNote(d.message, tr("正在核对授权人密码，请稍候…"))
	for _, b := range []*button{d.approve, d.refuse, d.cancel} {
		b.Disable()
	}
	d.a.background(func() error { return d.req.signer.sign(c) }, func(err error) {
		d.checking = false
		for _, b := range []*button{d.approve, d.refuse, d.cancel} {
			b.Enable()
		}
		d.settle(c, err)
	})
}

// settle shows the answer to a signature: the next stage, the refusal,
// or the end of the dialog.
func (d *authDialog) settle(c counter.Credential, err error) {
	if d.gone {
		return // cancelled while the check ran: nothing is posted
	}
	switch {
	case errors.Is(err, authz.ErrRefused):
		d.close()
		if d.req.refused != nil {
			d.req.refused(c.Reason)
		}
		return
	case err != nil:
		log.Printf("ui: authorization by %s: %v", c.UserID, err)
		sayError(d.message, errorText(err))
		d.pass.SetText("")
		d.amount.SetText("")
		if samePerson(err) {
			d.a.win.Canvas().Focus(d.pass)
		} else {
			d.user.SetText("") // this person may not sign: let another try
			d.a.win.Canvas().Focus(d.user)
		}
		return
	}
	if _, more := d.req.signer.next(); more {
		d.message.SetText("")
		d.user.SetText("")
		d.pass.SetText("")
		d.amount.SetText("")
		d.reason.SetText("")
		d.showStage()
		d.a.win.Canvas().Focus(d.user)
		return
	}
	d.close()
	if d.req.done != nil {
		d.req.done()
	}
}

// samePerson reports whether a refusal lets the same authorizer try again
// (a mistyped password or amount, a refusal without its reason).
func samePerson(err error) bool {
	return errors.Is(err, authz.ErrAuthorizerPassword) || errors.Is(err, authz.ErrAmountMismatch) ||
		errors.Is(err, counter.ErrReasonRequired)
}

func (d *authDialog) close() {
	d.gone = true
	d.a.closeModal(d.m)
	if d.a.auth == d {
		d.a.auth = nil
	}
}

// doCancel is the cancel button and Esc: nothing is signed or posted.
func (d *authDialog) doCancel() {
	d.close()
	if d.req.cancelled != nil {
		d.req.cancelled()
	}
}

// draftSigner signs a counter.Draft through the service.
type draftSigner struct {
	a *App
	d *counter.Draft
}

func (s draftSigner) next() (authz.Stage, bool) { return s.d.NextStage() }
func (s draftSigner) sign(c counter.Credential) error {
	return s.a.svc.Authorize(s.a.ctx, s.d, c)
}
func (s draftSigner) signed() []counter.Approval { return s.d.Approvals() }

// draftRequest describes a draft for the dialog: in full, or without the
// amount when the authorizers must re-key it blind.
func draftRequest(a *App, d *counter.Draft, title string) authRequest {
	r := authRequest{title: title, blind: d.Blind(), signer: draftSigner{a: a, d: d}}
	req := d.Requirement()
	if !d.Blind() {
		r.need = needText(req)
		r.summary = lineText(d.SummaryLine()) + tr("\n大写 ") + money.Capital(d.Request().Amount)
		if d.Request().Memo != "" {
			r.summary += tr("\n摘要 ") + d.Request().Memo
		}
		if o := d.Original(); o != nil {
			r.summary += fmt.Sprintf(tr("\n原交易：柜员 %s 流水号 %06d  冲正原因：%s"), a.userLabel(o.Teller), o.Seq, d.Reason())
		}
		return r
	}
	r.need = fmt.Sprintf(tr("金额达到 %s：%s（盲复核：授权人须重新录入金额）"), req.Threshold, tr(req.Need.Title()))
	s := lineText(d.BlindLine())
	if q := d.Request(); q.Memo != "" {
		s += tr("\n摘要 ") + q.Memo
	}
	r.summary = s
	return r
}
