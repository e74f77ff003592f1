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
)

// vaultDiffPane records the difference of a vault count that does not
// agree (RULES §3): the keeper's reason, a B's sign-off and an A's
// approval, all at the keeper's terminal; the notes missing and those
// too many then go to suspense, and the keeper counts again.
type vaultDiffPane struct {
	v      *vaultView
	title  *widget.Label
	reason *field
	*signOff
	submit  *button
	message *widget.Label
	form    fyne.CanvasObject
	content *fyne.Container
}

func newVaultDiffPane(v *vaultView) *vaultDiffPane {
	a := v.a
	p := &vaultDiffPane{v: v}
	p.title = widget.NewLabelWithStyle(tr("登记差错挂账"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.reason = newField(a, tr("差错原因（必填）"))
	p.signOff = newSignOff(a, tr("B级柜员号（管库员以外）"))
	p.chain(a, p.reason, func() { p.record(noRefusal) })
	p.submit = newButton(a, tr("登记差错挂账"), theme.ConfirmIcon(), func() { p.record(noRefusal) })
	p.submit.Importance = widget.DangerImportance
	p.message = errorLabel()
	rule := messageLabel()
	rule.SetText(tr("差错不得自行处理：短少的券别从总库转入待处理挂账，多出的券别从挂账转入总库；须注明原因，由管库员以外的B级柜员签字、A级柜员审批。登记后请重新碰库。"))
	p.form = container.NewVBox(rule,
		widget.NewForm(append(append([]*widget.FormItem{widget.NewFormItem(tr("原因"), p.reason)}, p.items()...),
			p.refusal(a, p.record))...),
		container.NewHBox(p.submit))
	p.content = container.NewVBox(widget.NewSeparator(), p.title, p.form, p.message)
	p.content.Hide()
	return p
}

// open offers to record vc's difference.
func (p *vaultDiffPane) open(vc counter.VaultCount) {
	p.title.SetText(fmt.Sprintf(tr("登记差错挂账（碰库 #%d）"), vc.ID))
	p.message.SetText("")
	p.form.Show()
	p.content.Show()
}

// close hides the pane, its passwords wiped.
func (p *vaultDiffPane) close() {
	p.clear()
	p.content.Hide()
}

func (p *vaultDiffPane) clear() {
	p.reason.SetText("")
	p.signOff.clear()
}

// record records the difference, or has the B or the A refuse it. An
// error keeps the reason and the ids and wipes the passwords; a refusal
// empties the sign-off.
func (p *vaultDiffPane) record(by refuser) {
	v, a := p.v, p.v.a
	a.touch()
	in := counter.VaultDifferenceInput{Count: v.counted.ID, Reason: strings.TrimSpace(p.reason.Text)}
	in.SignB, in.ApproveA = p.credentials(by)
	p.wipePasswords()
	d, err := a.svc.RecordVaultDifference(a.ctx, a.sess, in)
	if err != nil {
		log.Printf("ui: vault difference: %v", err)
		if errors.Is(err, authz.ErrRefused) {
			p.signOff.clear()
		}
		p.message.Importance = widget.DangerImportance
		p.message.SetText(errorText(err))
		return
	}
	var parts []string
	for _, m := range []*counter.CashMove{d.Shortage, d.Overage} {
		if m != nil {
			parts = append(parts, fmt.Sprintf(tr("%s %s（%s，分录 #%d）"), tr(m.Kind.Title()), m.Amount, describeCount(m.Count), m.EntryID))
		}
	}
	p.clear()
	p.form.Hide()
	p.message.Importance = widget.SuccessImportance
	p.message.SetText(fmt.Sprintf(tr("已登记挂账：%s。请重新碰库。"), strings.Join(parts, tr("；"))))
	v.countResult.Importance = widget.WarningImportance
	v.countResult.SetText(tr("差错已挂账，总库账面已按实点调整，请重新碰库"))
	// The recount is counted again, never the old figures resubmitted.
	v.count.setCount(nil)
	a.win.Canvas().Focus(v.count.first())
	v.refresh()
}
