package ui

import (
	"fmt"
	"io"
	"log"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/payment"
	"branchdesk/storage/pdf"
)

// paymentView is 支付业务 (第十一条): the 录入 form, the register of
// orders with their state, and the three later steps on the selected
// order, each done by the signed-in teller — four different people, as
// the domain enforces.
type paymentView struct {
	a *App

	payer, payeeAcct, payeeName, payeeBank, amount, purpose *field
	enter                                                   *button
	confirmYes                                              *button // the last look's 确认, while it is open

	list  []payment.Order
	row   int // the selected order, -1 for none
	table *widget.Table
	all   *widget.Check // every business date, not only today's
	count *widget.Label

	selected  *widget.Label
	rekeyAmt  *field // 复核: the amount re-keyed blind
	rekeyAcct *field // 复核: the payee account re-keyed blind
	check     *button
	seal      *button
	send      *button
	savePDF   *button
	message   *widget.Label
	content   fyne.CanvasObject
}

var paymentColumns = []column{
	{key("编号"), 50}, {key("营业日"), 95}, {key("付款账号"), 150}, {key("付款人"), 120}, {key("收款行行号"), 115}, {key("收款账号"), 150},
	{key("收款人"), 120}, {key("金额"), 110}, {key("状态"), 65}, {key("录入"), 55}, {key("复核"), 55}, {key("编押"), 55}, {key("发送"), 55}, {key("批次"), 150},
}

func newPaymentView(a *App) *paymentView {
	v := &paymentView{a: a, row: -1, count: widget.NewLabel(""), selected: widget.NewLabel(tr("请在登记簿中选择一笔支付业务")), message: messageLabel()}
	v.payer = newField(a, tr("本网点客户账号"))
	v.payeeAcct = newField(a, tr("收款人账号"))
	v.payeeName = newField(a, tr("收款人户名"))
	v.payeeBank = newField(a, tr("12位支付系统行号"))
	v.amount = newField(a, tr("如 12,345.67"))
	v.purpose = newField(a, tr("如 货款"))
	v.enter = newButton(a, tr("录入并记账"), theme.DocumentCreateIcon(), v.doEnter)
	v.enter.Importance = widget.HighImportance
	v.purpose.OnSubmitted = func(string) { v.doEnter() }

	v.table = newTable(paymentColumns, func() int { return len(v.list) }, v.cell)
	v.table.OnSelected = func(id widget.TableCellID) { v.pick(id.Row) }
	v.all = widget.NewCheck(tr("显示所有营业日"), func(bool) { a.touch(); v.refresh() })

	v.rekeyAmt = newField(a, tr("复核金额（盲录）"))
	v.rekeyAcct = newField(a, tr("复核收款账号（盲录）"))
	v.check = newButton(a, tr("复核"), theme.ConfirmIcon(), v.doCheck)
	v.rekeyAcct.OnSubmitted = func(string) { v.doCheck() }
	v.seal = newButton(a, tr("编押"), theme.VisibilityOffIcon(), v.doSeal)
	v.send = newButton(a, tr("发送全部待发送"), theme.MailSendIcon(), v.doSend)
	v.savePDF = newButton(a, tr("登记簿 PDF"), theme.DocumentSaveIcon(), v.doPDF)

	form := container.NewGridWithColumns(2,
		widget.NewForm(widget.NewFormItem(tr("付款账号"), v.payer), widget.NewFormItem(tr("收款账号"), v.payeeAcct),
			widget.NewFormItem(tr("收款人户名"), v.payeeName)),
		widget.NewForm(widget.NewFormItem(tr("收款行行号"), v.payeeBank), widget.NewFormItem(tr("金额"), v.amount),
			widget.NewFormItem(tr("用途"), v.purpose)))
	steps := container.NewVBox(
		v.selected,
		container.NewGridWithColumns(3, v.rekeyAmt, v.rekeyAcct, v.check),
		container.NewHBox(v.seal, v.send, v.savePDF))
	top := container.NewVBox(
		heading(tr("录入（第十一条：录入、复核、编押、发送须由四人分别办理）")),
		container.NewBorder(nil, nil, nil, v.enter, form),
		widget.NewSeparator(), heading(tr("复核、编押、发送（选中登记簿中的一笔）")), steps, v.message,
		widget.NewSeparator(), container.NewHBox(heading(tr("人民银行支付业务登记簿")), v.all, v.count))
	v.content = container.NewBorder(top, nil, nil, nil, v.table)
	v.showSelected()
	return v
}

// refresh reloads the register, keeping the selected order selected.
func (v *paymentView) refresh() {
	date := v.a.sess.Branch().BusinessDate
	if v.all.Checked {
		date = ""
	}
	var keep int64
	if v.row >= 0 && v.row < len(v.list) {
		keep = v.list[v.row].ID
	}
	os, err := v.a.svc.Payments(v.a.ctx, v.a.sess, date)
	if err != nil {
		log.Printf("ui: payments: %v", err)
		sayError(v.message, errorText(err))
		return
	}
	v.list, v.row = os, -1
	for i, o := range os {
		if o.ID == keep {
			v.row = i
		}
	}
	unsent := 0
	for _, o := range os {
		if o.State() != payment.Sent {
			unsent++
		}
	}
	v.count.SetText(fmt.Sprintf(tr("共 %d 笔，未发送 %d 笔"), len(os), unsent))
	v.table.Refresh()
	v.showSelected()
}

func (v *paymentView) cell(row, col int) string {
	if row < 0 || row >= len(v.list) {
		return ""
	}
	o := v.list[row]
	amount, payee := o.Shown()
	switch col {
	case 0:
		return fmt.Sprint(o.ID)
	case 1:
		return o.BusinessDate
	case 2:
		return o.PayerAccount
	case 3:
		return o.PayerName
	case 4:
		return o.PayeeBank
	case 5:
		return payee
	case 6:
		return o.PayeeName
	case 7:
		return amount
	case 8:
		return tr(o.State().Title())
	case 13:
		return o.Batch()
	}
	if col >= 9 && col <= 12 {
		return o.By(payment.Steps[col-9])
	}
	return ""
}

// pick selects an order of the register.
func (v *paymentView) pick(row int) {
	v.a.touch()
	if row < 0 || row >= len(v.list) {
		return
	}
	v.row = row
	v.message.SetText("")
	v.showSelected()
}

// current is the selected order, if any.
func (v *paymentView) current() (payment.Order, bool) {
	if v.row < 0 || v.row >= len(v.list) {
		return payment.Order{}, false
	}
	return v.list[v.row], true
}

// showSelected says which order the buttons act on and offers only its
// next step; the 复核 sees neither the amount nor the payee account.
func (v *paymentView) showSelected() {
	o, ok := v.current()
	setEnabled(v.check, ok && o.State() == payment.Entered)
	setEnabled(v.seal, ok && o.State() == payment.Checked)
	sealed := false
	for _, x := range v.list {
		sealed = sealed || x.State() == payment.Sealed
	}
	setEnabled(v.send, sealed)
	if !ok {
		v.selected.SetText(tr("请在登记簿中选择一笔支付业务"))
		return
	}
	amount, payee := o.Shown()
	v.selected.SetText(fmt.Sprintf(tr("第 %d 笔　%s　付款 %s（%s）→ 行号 %s 账号 %s（%s）金额 %s 用途 %s"),
		o.ID, tr(o.State().Title()), o.PayerAccount, o.PayerName, o.PayeeBank, payee, o.PayeeName, amount, o.Purpose))
}

// doEnter keys an order and posts its debit, through the authorization
// a transfer of the amount needs.
func (v *paymentView) doEnter() {
	a := v.a
	amt, err := money.Parse(v.amount.Text)
	if err != nil {
		sayRefused(v.message, tr("金额：")+errorText(err))
		a.win.Canvas().Focus(v.amount)
		return
	}
	d, err := a.svc.PreparePayment(a.ctx, a.sess, payment.Order{
		PayerAccount: v.payer.Text, PayeeAccount: v.payeeAcct.Text, PayeeName: v.payeeName.Text,
		PayeeBank: v.payeeBank.Text, Amount: amt, Purpose: v.purpose.Text,
	})
	if err != nil {
		log.Printf("ui: payment: %v", err)
		sayRefused(v.message, errorText(err))
		return
	}
	v.askConfirm(d)
}

// askConfirm shows the order for a last look, its amount in 大写 too:
// Enter posts it or sends it for authorization, Esc goes back.
func (v *paymentView) askConfirm(d *counter.Draft) {
	a := v.a
	r := d.Request()
	lines := []string{
		tr("付款账号：") + r.Account + "　" + d.Holder(),
		tr("收款账号：") + strings.TrimSpace(v.payeeAcct.Text) + "　" + strings.TrimSpace(v.payeeName.Text),
		tr("收款行号：") + strings.TrimSpace(v.payeeBank.Text),
		tr("金　　额：") + r.Amount.String(), tr("大　　写：") + money.Capital(r.Amount),
		tr("用　　途：") + strings.TrimSpace(v.purpose.Text),
		tr("记　　账：") + tr(r.Kind.Title()) + tr("，转入待清算往来"),
	}
	back := func() {
		v.confirmYes = nil
		a.win.Canvas().Focus(v.amount)
	}
	v.confirmYes = a.lastLook(tr("请核对支付业务"), lines, d.Requirement(), tr("确认录入 (Enter)"), back, func() {
		v.confirmYes = nil
		v.proceed(d)
	})
}

// proceed posts a looked-at order, or sends it for authorization first.
func (v *paymentView) proceed(d *counter.Draft) {
	a := v.a
	if d.Requirement().Need == authz.NeedNone {
		v.post(d)
		return
	}
	sayRefused(v.message, tr("待授权：")+needText(d.Requirement()))
	r := draftRequest(a, d, tr("支付业务授权"))
	r.done = func() { v.post(d) }
	r.refused = func(reason string) {
		sayRefused(v.message, tr("授权人拒绝了该笔支付，未记账。原因：")+reason)
	}
	r.cancelled = func() { sayRefused(v.message, tr("已取消授权，该笔支付未录入")) }
	a.authorize(r)
}

func (v *paymentView) post(d *counter.Draft) {
	e, err := v.a.svc.Post(v.a.ctx, d)
	if err != nil {
		log.Printf("ui: payment post: %v", err)
		v.a.noteHealth(err)
		sayRefused(v.message, errorText(err))
		return
	}
	for _, f := range []*field{v.payer, v.payeeAcct, v.payeeName, v.payeeBank, v.amount, v.purpose} {
		f.SetText("")
	}
	v.refresh()
	sayDone(v.message, fmt.Sprintf(tr("已录入并记账　流水号 %06d　记账编号 #%d　金额 %s 转入%s，待他人复核"), e.Seq, e.ID, e.Amount, tr("待清算往来")))
	v.a.win.Canvas().Focus(v.payer)
}

// step runs a later step on the selected order and says how it went.
func (v *paymentView) step(do func(o payment.Order) (string, error)) {
	o, ok := v.current()
	if !ok {
		sayRefused(v.message, tr("请先在登记簿中选择一笔支付业务"))
		return
	}
	done, err := do(o)
	v.refresh()
	if err != nil {
		log.Printf("ui: payment step: %v", err)
		sayRefused(v.message, errorText(err))
		return
	}
	sayDone(v.message, done)
}

func (v *paymentView) doCheck() {
	a := v.a
	v.step(func(o payment.Order) (string, error) {
		amt, err := money.Parse(v.rekeyAmt.Text)
		if err != nil {
			return "", msg.Errorf(tr("复核金额：%w"), err)
		}
		err = a.svc.CheckPayment(a.ctx, a.sess, o.ID, amt, v.rekeyAcct.Text)
		v.rekeyAmt.SetText("")
		v.rekeyAcct.SetText("")
		return fmt.Sprintf(tr("第 %d 笔复核相符，待他人编押"), o.ID), err
	})
}

func (v *paymentView) doSeal() {
	a := v.a
	v.step(func(o payment.Order) (string, error) {
		code, err := a.svc.SealPayment(a.ctx, a.sess, o.ID)
		return fmt.Sprintf(tr("第 %d 笔已编押，押码 %s，待他人发送"), o.ID, code), err
	})
}

func (v *paymentView) doSend() {
	a := v.a
	b, path, err := a.svc.SendPayments(a.ctx, a.sess)
	v.refresh()
	if err != nil {
		log.Printf("ui: payment send: %v", err)
		sayRefused(v.message, errorText(err))
		return
	}
	sayDone(v.message, fmt.Sprintf(tr("已发送批次 %s：%d 笔，合计 %s，文件 %s（签名文件在旁）"), b.No, len(b.Orders), b.Total(), path))
}

// writePDF writes the register as the screen lists it.
func (v *paymentView) writePDF(w io.Writer) error {
	b := v.a.sess.Branch()
	period := "营业日 " + b.BusinessDate // record: printed on the register
	if v.all.Checked {
		period = "所有营业日" // record: printed on the register
	}
	return pdf.WritePayments(w, b.Name, period, v.list)
}

func (v *paymentView) doPDF() {
	v.refresh()
	name := "支付业务登记簿-" + strings.ReplaceAll(v.a.sess.Branch().BusinessDate, "-", "") + ".pdf" // record: the register's file name
	v.a.saveDeskFile(tr("支付业务登记簿 PDF"), name, ".pdf", v.writePDF)
}
