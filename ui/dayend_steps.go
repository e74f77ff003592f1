package ui

import (
	"errors"
	"fmt"
	"log"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// load reads the teller's position and fills step 1 and the count.
func (z *dayEndWizard) load() {
	a := z.a
	p, err := a.svc.Position(a.ctx, a.sess, "")
	if err != nil {
		log.Printf("ui: position: %v", err)
		z.message1.SetText(errorText(err))
		return
	}
	z.message1.SetText("")
	z.pos = p
	set := func(k string, v money.Amount) { z.figures[k].SetText(v.String()) }
	z.figures["date"].SetText(p.BusinessDate)
	set("opening", p.Balance.Opening)
	set("in", p.Balance.CashIn)
	set("out", p.Balance.CashOut)
	set("from", p.Balance.FromVault)
	set("to", p.Balance.ToVault)
	set("suspense", p.Suspense)
	set("expected", p.Expected)
	if l := p.Latest; l != nil {
		z.latest.SetText(fmt.Sprintf(tr("今日已轧账（%s）：应有 %s，实点 %s，%s。之后如再有现金收付须重新轧账。"),
			l.At.Local().Format("15:04:05"), l.Expected, l.Counted, differenceText(cash.Difference{Amount: l.Diff})))
		z.latest.Show()
	} else {
		z.latest.Hide()
	}
	if z.box, err = a.svc.BoxToSeal(a.ctx, a.sess); err != nil {
		// An old reading would offer the sign-out for a box not sealed.
		z.box = counter.BoxCheck{}
		a.showError("box to seal", err)
	}
	if z.unsealed() != nil {
		z.toSeal.Show()
	} else {
		z.toSeal.Hide()
	}
	z.vouchers.SetText(voucherPositionText(p.Vouchers))
	z.grid.setCount(p.LastCount)
	z.buildVoucherCounts()
	z.showDiff()
}

// saveReport asks where to save the teller's end-of-day report.
func (z *dayEndWizard) saveReport() { z.a.exportReport(tr("柜员日终报表"), z.a.tellerDayReport) }

// printReport sends the teller's end-of-day report to a printer.
func (z *dayEndWizard) printReport() { z.a.printReport(tr("柜员日终报表"), z.a.tellerDayReport) }

// voucherPositionText describes what a teller holds and wrote off today.
func voucherPositionText(vs []counter.VoucherPosition) string {
	if len(vs) == 0 {
		return tr("本柜员今日未领用、未使用重要空白凭证")
	}
	var lines []string
	for _, v := range vs {
		t := v.Type
		s := fmt.Sprintf(tr("%s：在手 %d %s"), tr(t.Name), v.OnHand, tr(t.Unit))
		if v.Used+v.Sold > 0 {
			s += fmt.Sprintf(tr("，今日使用/出售 %d %s（%s）"), v.Used+v.Sold, tr(t.Unit), numbers(t.Format, v.UsedNumbers))
		}
		if v.Voided > 0 {
			s += fmt.Sprintf(tr("，作废 %d %s（%s）"), v.Voided, tr(t.Unit), numbers(t.Format, v.VoidNumbers))
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "\n")
}

func numbers(format func(int64) string, ns []int64) string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = format(n)
	}
	return strings.Join(out, tr("、"))
}

// buildVoucherCounts makes one entry per voucher type the teller holds.
func (z *dayEndWizard) buildVoucherCounts() {
	z.vorder = nil
	z.vcounts = map[string]*field{}
	z.voucherForm.Items = nil
	for _, v := range z.pos.Vouchers {
		code := v.Type.Code
		f := newField(z.a, fmt.Sprintf(tr("账面在手 %d %s"), v.OnHand, tr(v.Type.Unit)))
		f.OnSubmitted = func(string) { z.focusAfter(code) }
		z.vcounts[code] = f
		z.vorder = append(z.vorder, code)
		z.voucherForm.Append(tr(v.Type.Name), f)
	}
	if len(z.vorder) == 0 {
		z.voucherForm.Append("", widget.NewLabel(tr("无")))
	}
	z.voucherForm.Refresh()
}

// focusAfter moves from the cash (code "") or a voucher entry to the next
// voucher entry, or to the 轧账 button.
func (z *dayEndWizard) focusAfter(code string) {
	next := code == ""
	for _, c := range z.vorder {
		if next {
			z.a.win.Canvas().Focus(z.vcounts[c])
			return
		}
		next = c == code
	}
	z.a.win.Canvas().Focus(z.balance)
}

// turn shows a step's page.
func (z *dayEndWizard) turn(step int) {
	if z.sealStep != nil && step != z.step {
		// The checker's number and password never wait in the seal form
		// for whoever comes back to it.
		z.sealStep.clear()
	}
	z.step = step
	z.title.SetText(tr(dayEndSteps[step]))
	for s, p := range z.pages {
		if s == step {
			p.Show()
			// Its labels took their text while it was hidden: lay them out
			// again at the lines they wrap to now.
			p.Refresh()
		} else {
			p.Hide()
		}
	}
}

// show turns to a step and puts the cursor where it starts.
func (z *dayEndWizard) show(step int) {
	z.turn(step)
	c := z.a.win.Canvas()
	switch step {
	case stepPosition:
		c.Focus(z.toCount)
	case stepCount:
		z.showDiff()
		c.Focus(z.grid.first())
	case stepDifference:
		c.Focus(z.reason)
	case stepSeal:
		c.Focus(z.sealStep.checker)
	case stepDone:
		c.Focus(z.signOut)
	}
}

// showDiff shows the counted total and the difference as it is typed.
func (z *dayEndWizard) showDiff() {
	if z.diff == nil {
		return
	}
	z.expected.SetText(z.pos.Expected.String())
	c, err := z.grid.count()
	if err != nil {
		z.counted.SetText("")
		z.diff.Importance = widget.DangerImportance
		z.diff.SetText(errorText(err))
		return
	}
	d, err := cash.Compare(z.pos.Expected, c)
	if err != nil {
		z.diff.Importance = widget.DangerImportance
		z.diff.SetText(errorText(err))
		return
	}
	total, _ := c.Total()
	z.counted.SetText(total.String())
	z.diff.Importance = widget.SuccessImportance
	if !d.Balanced() {
		z.diff.Importance = widget.DangerImportance
	}
	z.diff.SetText(differenceText(d))
}

// input is the count as typed, with the vouchers counted.
func (z *dayEndWizard) input() (counter.BalanceInput, error) {
	c, err := z.grid.count()
	if err != nil {
		return counter.BalanceInput{}, err
	}
	in := counter.BalanceInput{Count: c, Vouchers: map[string]int64{}}
	for _, v := range z.pos.Vouchers {
		s := trimmed(z.vcounts[v.Type.Code])
		if s == "" {
			return in, msg.Errorf(tr("请录入%s实物张数"), tr(v.Type.Name))
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return in, msg.Errorf(tr("%s实物张数须为整数"), tr(v.Type.Name))
		}
		in.Vouchers[v.Type.Code] = n
	}
	return in, nil
}

// doBalance balances the box with the count; a difference goes to step 3.
func (z *dayEndWizard) doBalance() {
	in, err := z.input()
	if err != nil {
		z.message2.SetText(errorText(err))
		return
	}
	z.message2.SetText("")
	z.submit(in, z.message2)
}

// doExplain balances with the difference's reason and signatures.
func (z *dayEndWizard) doExplain() { z.explain(noRefusal) }

// explain balances with the difference's reason and signatures, or has
// the B or the A refuse it.
func (z *dayEndWizard) explain(by refuser) {
	in, err := z.input()
	if err != nil {
		z.wipePasswords()
		z.message3.SetText(errorText(err))
		return
	}
	in.Reason = trimmed(z.reason)
	in.SignB, in.ApproveA = z.credentials(by)
	z.submit(in, z.message3)
}

func (z *dayEndWizard) submit(in counter.BalanceInput, msg *widget.Label) {
	a := z.a
	bal, err := a.svc.BalanceBox(a.ctx, a.sess, in)
	switch {
	case errors.Is(err, authz.ErrRefused):
		z.signOff.clear() // refused: whoever signs next starts afresh
	case err != nil && z.step == stepDifference:
		z.wipePasswords()
	}
	var de *counter.DifferenceError
	switch {
	case errors.As(err, &de):
		z.diff3.SetText(fmt.Sprintf(tr("钱箱%s（应有 %s）"), differenceText(de.Diff), z.pos.Expected))
		z.message3.SetText(errorText(err))
		if z.step != stepDifference {
			z.show(stepDifference)
		}
		return
	case err != nil:
		log.Printf("ui: balance box: %v", err)
		msg.SetText(errorText(err))
		return
	}
	z.showResult(bal)
	z.reason.SetText("")
	z.signOff.clear()
	z.w.refresh()
}

// signOutHint ends a balance's result while the day is open.
const signOutHint = "\n现在可以正式签退；签退前如再有现金收付，须重新轧账、重新查库封箱。"

// showResult shows a balance just recorded, then asks for its seal.
func (z *dayEndWizard) showResult(bal counter.TellerBalance) {
	a := z.a
	d := cash.Difference{Amount: bal.Diff}
	text := fmt.Sprintf(tr("营业日 %s 轧账完成：应有库存 %s，实点 %s，%s。"), bal.BusinessDate, bal.Expected, bal.Counted, differenceText(d))
	if !d.Balanced() {
		text += fmt.Sprintf(tr("\n%s已挂账（记账编号 #%d），原因：%s\nB级签字 %s，A级审批 %s"),
			differenceText(d), bal.SuspenseEntry, bal.Reason, a.userLabel(bal.SignedB), a.userLabel(bal.ApprovedA))
	}
	for _, v := range bal.Vouchers {
		text += fmt.Sprintf(tr("\n%s：账面 %d，实物 %d，相符"), z.typeName(v.Type), v.System, v.Physical)
	}
	z.result.Importance = widget.SuccessImportance
	if !d.Balanced() {
		z.result.Importance = widget.WarningImportance
	}
	z.load()
	z.toSealOrDone(text)
}

func (z *dayEndWizard) typeName(code string) string {
	for _, v := range z.pos.Vouchers {
		if v.Type.Code == code {
			return tr(v.Type.Name)
		}
	}
	return code
}

// topCentred shows o width wide, in the middle across and at the top, so
// a page does not jump when the next one is shorter.
func topCentred(width float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewHBox(layout.NewSpacer(), container.New(widthLayout{width}, o), layout.NewSpacer())
}
