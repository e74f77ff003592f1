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
// instead, with a reason: the last of them typed refuses, so an A refuses
// after the B has signed, and a B alone refuses with no A.
type signOff struct {
	signB, passB, approveA, passA *field
	why                           *field  // the refusal's reason
	refuse                        *button // refuses: made with the row
}

// newSignOff makes the four fields; bHint is the B number's placeholder.
func newSignOff(a *App, bHint string) *signOff {
	return &signOff{
		signB: newField(a, bHint), passB: newPasswordField(a, tr("B级密码")),
		approveA: newField(a, tr("A级柜员号")), passA: newPasswordField(a, tr("A级密码")),
		why: newField(a, tr("不同意时填写拒绝原因")),
	}
}

// refusal is the row to refuse on: the reason, and beside it the button
// that calls refuse.
func (s *signOff) refusal(a *App, refuse func()) *widget.FormItem {
	s.refuse = newButton(a, tr("拒绝"), theme.CancelIcon(), refuse)
	return widget.NewFormItem(tr("拒绝原因"), container.NewBorder(nil, nil, nil, s.refuse, s.why))
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

// credentials are the B and A as typed, nil where no number is; with
// refuse, the last of them refuses with the reason typed.
func (s *signOff) credentials(refuse bool) (b, a *counter.Credential) {
	if id := trimmed(s.signB); id != "" {
		b = &counter.Credential{UserID: id, Password: s.passB.Text, Approve: true}
	}
	if id := trimmed(s.approveA); id != "" {
		a = &counter.Credential{UserID: id, Password: s.passA.Text, Approve: true}
	}
	if refuse {
		last := a
		if last == nil {
			last = b
		}
		if last != nil {
			last.Approve, last.Reason = false, trimmed(s.why)
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
