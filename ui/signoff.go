package ui

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
)

// signOff is a B's sign-off and an A's approval typed at this terminal,
// each a teller number and a password: a cash difference put in suspense
// (the teller's box, the vault) and its resolution. Either may refuse
// instead, with a reason, each by their own button: a B refuses alone,
// whatever the A's fields hold; an A refuses after the B has signed.
type signOff struct {
	signB, passB, approveA, passA *field
	why                           *field // the refusal's reason
	refuseB, refuseA              *button
}

// refuser is who refuses a sign-off: none, the B or the A.
type refuser int

const (
	noRefusal refuser = iota
	refusedByB
	refusedByA
)

// newSignOff makes the four fields; bHint is the B number's placeholder.
func newSignOff(a *App, bHint string) *signOff {
	return &signOff{
		signB: newField(a, bHint), passB: newPasswordField(a, tr("B级密码")),
		approveA: newField(a, tr("A级柜员号")), passA: newPasswordField(a, tr("A级密码")),
		why: newField(a, tr("不同意时填写拒绝原因")),
	}
}

// refusal is the row to refuse on: the reason, and beside it the B's and
// the A's buttons, which call refuse with who refuses.
func (s *signOff) refusal(a *App, refuse func(refuser)) *widget.FormItem {
	s.refuseB = newButton(a, tr("B级拒绝"), theme.CancelIcon(), func() { refuse(refusedByB) })
	s.refuseA = newButton(a, tr("A级拒绝"), theme.CancelIcon(), func() { refuse(refusedByA) })
	return widget.NewFormItem(tr("拒绝原因"), container.NewBorder(nil, nil, nil, container.NewHBox(s.refuseB, s.refuseA), s.why))
}

// setRefusable enables or disables both refuse buttons with the screen's
// own action.
func (s *signOff) setRefusable(on bool) {
	setEnabled(s.refuseB, on)
	setEnabled(s.refuseA, on)
}

// chain has Enter go from first through the four fields, and submit on
// the A's password.
func (s *signOff) chain(a *App, first *field, submit func()) {
	fields := []*field{first, s.signB, s.passB, s.approveA, s.passA}
	for i, f := range fields[:len(fields)-1] {
		f.OnSubmitted = func(string) { a.win.Canvas().Focus(fields[i+1]) }
	}
	s.passA.OnSubmitted = func(string) { submit() }
}

// items are the four fields as a form's rows.
func (s *signOff) items() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem(tr("B级签字 柜员号"), s.signB), widget.NewFormItem(tr("B级密码"), s.passB),
		widget.NewFormItem(tr("A级审批 柜员号"), s.approveA), widget.NewFormItem(tr("A级密码"), s.passA),
	}
}

// credentials are the B and A as typed, nil where no number is; the one
// who refuses does so with the reason typed, and a B who refuses is
// sent alone, so that the A's fields never make them sign.
func (s *signOff) credentials(by refuser) (b, a *counter.Credential) {
	if id := trimmed(s.signB); id != "" {
		b = &counter.Credential{UserID: id, Password: s.passB.Text, Approve: by != refusedByB}
	}
	if id := trimmed(s.approveA); id != "" && by != refusedByB {
		a = &counter.Credential{UserID: id, Password: s.passA.Text, Approve: by != refusedByA}
	}
	for _, c := range []*counter.Credential{b, a} {
		if c != nil && !c.Approve {
			c.Reason = trimmed(s.why)
		}
	}
	return b, a
}

// wipePasswords clears the passwords: they never wait in the form for the
// next person.
func (s *signOff) wipePasswords() {
	s.passB.SetText("")
	s.passA.SetText("")
}

// clear empties every field.
func (s *signOff) clear() {
	s.signB.SetText("")
	s.approveA.SetText("")
	s.why.SetText("")
	s.wipePasswords()
}
