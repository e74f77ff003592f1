package ui

import (
	"errors"
	"fmt"
	"log"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
)

// boxSealStep is the wizard's 查库封箱 (第七条二.3): after the balance a B
// or an A checks the box, the blank vouchers, the day's accounting
// vouchers and the seals the teller keeps, and they seal the box
// together, before the formal sign-out.
type boxSealStep struct {
	balanced *widget.Label // the balance just recorded
	what     *widget.Label // what the seal covers
	checker  *field
	password *field
	vouchers *field // 会计凭证张数, counted by the checker
	sealNo   *field
	why      *field // the checker's reason to refuse
	seal     *button
	refuse   *button
	again    *button
	message  *widget.Label
	content  fyne.CanvasObject
}

func newBoxSealStep(z *dayEndWizard) *boxSealStep {
	a := z.a
	s := &boxSealStep{balanced: messageLabel(), what: messageLabel(), message: errorLabel()}
	s.checker = newField(a, tr("B级或A级柜员号"))
	s.password = newPasswordField(a, tr("检查人密码"))
	s.vouchers = newField(a, tr("检查人清点的张数"))
	s.sealNo = newField(a, tr("1至20位字母或数字"))
	s.why = newField(a, tr("拒绝封箱时必填，如现金不符"))
	fields := []*field{s.checker, s.password, s.vouchers, s.sealNo}
	for i, f := range fields[:len(fields)-1] {
		f.OnSubmitted = func(string) { a.win.Canvas().Focus(fields[i+1]) }
	}
	s.sealNo.OnSubmitted = func(string) { z.doSeal() }
	s.why.OnSubmitted = func(string) { z.refuseSeal() }
	s.seal = newButton(a, tr("共同封箱"), theme.ConfirmIcon(), z.doSeal)
	s.seal.Importance = widget.HighImportance
	s.refuse = newButton(a, tr("拒绝封箱"), theme.CancelIcon(), z.refuseSeal)
	s.refuse.Importance = widget.DangerImportance
	s.again = newButton(a, tr("重新轧账"), theme.ViewRefreshIcon(), func() { z.load(); z.show(stepPosition) })
	rule := messageLabel()
	rule.SetText(tr("须由B级或A级柜员（不是本人）检查钱箱现金、重要空白凭证、会计凭证和业务用章，与柜员共同封箱，办理交接后方可正式签退。"))
	s.content = container.NewVBox(s.balanced, rule,
		widget.NewLabelWithStyle(tr("封存内容"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.what,
		widget.NewSeparator(),
		widget.NewForm(widget.NewFormItem(tr("检查人 柜员号"), s.checker), widget.NewFormItem(tr("检查人密码"), s.password),
			widget.NewFormItem(tr("会计凭证张数"), s.vouchers), widget.NewFormItem(tr("封签号"), s.sealNo),
			widget.NewFormItem(tr("拒绝原因"), container.NewBorder(nil, nil, nil, s.refuse, s.why))),
		container.NewHBox(s.again, s.seal), s.message)
	return s
}

// fill shows what a seal of the box covers: the counted cash, the blank
// vouchers in hand by type and the seals the teller keeps.
func (s *boxSealStep) fill(bal counter.TellerBalance, vouchers []counter.VoucherPosition, c counter.BoxCheck) {
	lines := []string{fmt.Sprintf(tr("现金（实点）：%s"), bal.Counted)}
	var held []string
	for _, v := range vouchers {
		if v.OnHand > 0 {
			held = append(held, fmt.Sprintf(tr("%s：在手 %d %s"), tr(v.Type.Name), v.OnHand, tr(v.Type.Unit)))
		}
	}
	if len(held) == 0 {
		held = []string{tr("无")}
	}
	lines = append(lines, fmt.Sprintf(tr("重要空白凭证：%s"), strings.Join(held, tr("；"))))
	var seals []string
	for _, it := range c.Seals {
		seals = append(seals, msgText(it.Message()))
	}
	if len(seals) == 0 {
		seals = []string{tr("无")}
	}
	lines = append(lines, fmt.Sprintf(tr("业务用章：%s"), strings.Join(seals, tr("、"))))
	s.what.SetText(strings.Join(lines, "\n"))
	s.message.SetText("")
}

// clear empties the fields; the password never waits for the next person.
func (s *boxSealStep) clear() {
	for _, f := range []*field{s.checker, s.password, s.vouchers, s.sealNo, s.why} {
		f.SetText("")
	}
}

// unsealed is the latest balance when it still waits for its seal, as
// load last read it.
func (z *dayEndWizard) unsealed() *counter.TellerBalance {
	if c := z.box; c.Needed && c.Sealed == nil {
		return c.Balance
	}
	return nil
}

// toSealOrDone goes on from the balance whose result is text, after a
// load: to 查库封箱 when the box waits for its seal, else to the sign-out.
func (z *dayEndWizard) toSealOrDone(text string) {
	bal := z.unsealed()
	if bal == nil {
		z.result.SetText(text + tr(signOutHint))
		z.show(stepDone)
		return
	}
	s := z.sealStep
	s.balanced.Importance = z.result.Importance
	s.balanced.SetText(text)
	s.fill(*bal, z.pos.Vouchers, z.box)
	z.show(stepSeal)
}

// resumeSeal goes to 查库封箱 for a balance made before, not sealed yet.
func (z *dayEndWizard) resumeSeal() {
	z.load()
	if bal := z.unsealed(); bal != nil {
		z.showResult(*bal)
	}
}

// doSeal seals the box with the checker's number and password.
func (z *dayEndWizard) doSeal() { z.seal(true) }

// refuseSeal has the checker refuse to seal the box, with their reason
// (现金不符 …): nothing is sealed, the step says who refused and why, and
// whoever checks next starts afresh.
func (z *dayEndWizard) refuseSeal() { z.seal(false) }

// seal seals the box or refuses to, as the checker decided.
func (z *dayEndWizard) seal(approve bool) {
	a, s := z.a, z.sealStep
	in := counter.BoxSealInput{Checker: counter.Credential{UserID: trimmed(s.checker), Password: s.password.Text, Approve: approve}}
	s.password.SetText("")
	if approve {
		n, err := strconv.ParseInt(trimmed(s.vouchers), 10, 64)
		if err != nil || n < 0 {
			s.message.SetText(tr("会计凭证张数须为零或正整数"))
			return
		}
		in.SealNo, in.PostedVouchers = trimmed(s.sealNo), n
	} else {
		in.Checker.Reason = trimmed(s.why)
	}
	bs, err := a.svc.SealBox(a.ctx, a.sess, in)
	if err != nil {
		log.Printf("ui: seal box: %v", err)
		if errors.Is(err, authz.ErrRefused) {
			s.clear()
		}
		s.message.SetText(errorText(err))
		return
	}
	s.clear()
	text := s.balanced.Text + fmt.Sprintf(tr("\n已查库封箱：封签号 %s，检查人 %s，会计凭证 %d 张。"), bs.SealNo, a.userLabel(bs.Checker), bs.PostedVouchers)
	z.result.SetText(text + tr(signOutHint))
	z.w.refresh()
	z.show(stepDone)
}
