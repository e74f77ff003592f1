package ui

import (
	"errors"
	"fmt"
	"io"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
	"branchdesk/domain/voucher"
)

// voucherKeeperView is the voucher keeper's screen (重空管理): receive a
// range into stock, issue a range to a teller, and the register by type
// and dates with its PDF.
type voucherKeeperView struct {
	a     *App
	types []voucher.Type
	forms *container.Scroll // receive and issue, the left column

	recvType  *widget.Select
	recvFrom  *field
	recvTo    *field
	receive   *button
	issueType *widget.Select
	issueFrom *field
	issueTo   *field
	teller    *field
	tellerWho *widget.Label
	issue     *button
	offer     *button // hand over, for the teller to confirm at their own terminal
	pending   *handOverPane
	message   *widget.Label

	regType *widget.Select
	regFrom *field
	regTo   *field
	query   *button
	export  *button
	print   *button
	table   *widget.Table
	lines   []counter.VoucherLine
	summary *widget.Label

	stock  *widget.Table // where the blank vouchers are now, a run of numbers a row
	places []stockRow

	content fyne.CanvasObject
}

var voucherStockColumns = []column{{key("种类"), 70}, {key("存放"), 95}, {key("号码段"), 215}, {key("数量"), 60}}

// stockRow is one run of blank numbers and where it is.
type stockRow struct {
	typ    voucher.Type
	teller string // "" for the keeper's stock
	r      voucher.Range
}

var registerColumns = []column{
	{key("时间"), 118}, {key("种类"), 80}, {key("号码"), 105}, {key("状态"), 60}, {key("柜员"), 85}, {key("经办"), 85}, {key("记账"), 55}, {key("原因 / 印鉴核对 / 授权"), 220},
}

func newVoucherKeeperView(a *App) *voucherKeeperView {
	v := &voucherKeeperView{a: a, types: loadVoucherTypes(a)}
	v.recvFrom = newField(a, "")
	v.recvTo = newField(a, "")
	v.recvType = voucherSelect(a, v.types, false, func() { v.placeholders(v.recvType, v.recvFrom, v.recvTo) })
	v.receive = newButton(a, tr("入库"), theme.DownloadIcon(), v.doReceive)
	v.receive.Importance = widget.HighImportance
	v.recvFrom.OnSubmitted = func(string) { a.win.Canvas().Focus(v.recvTo) }
	v.recvTo.OnSubmitted = func(string) { v.doReceive() }

	v.issueFrom = newField(a, "")
	v.issueTo = newField(a, "")
	v.issueType = voucherSelect(a, v.types, false, func() { v.placeholders(v.issueType, v.issueFrom, v.issueTo) })
	v.teller = newField(a, tr("柜员号，如 1001"))
	v.tellerWho = widget.NewLabel("")
	v.teller.OnChanged = func(s string) { v.lookupTeller() }
	v.issue = newButton(a, tr("发放"), theme.MailSendIcon(), v.doIssue)
	v.issue.Importance = widget.HighImportance
	v.issueFrom.OnSubmitted = func(string) { a.win.Canvas().Focus(v.issueTo) }
	v.issueTo.OnSubmitted = func(string) { a.win.Canvas().Focus(v.teller) }
	v.teller.OnSubmitted = func(string) { v.doIssue() }
	v.offer = newButton(a, tr("交接（柜员本人终端确认）"), theme.MailForwardIcon(), v.doOffer)
	v.pending = newHandOverPane(a, true, counter.HandOverVouchers, v.refresh)
	v.message = messageLabel()
	v.message.Importance = widget.WarningImportance
	v.placeholders(v.recvType, v.recvFrom, v.recvTo)
	v.placeholders(v.issueType, v.issueFrom, v.issueTo)

	forms := container.NewVBox(
		heading(tr("凭证入库（从支行领入）")),
		widget.NewForm(widget.NewFormItem(tr("凭证种类"), v.recvType), widget.NewFormItem(tr("起号"), v.recvFrom), widget.NewFormItem(tr("止号"), v.recvTo)),
		container.NewHBox(v.receive),
		widget.NewSeparator(),
		heading(tr("发放给柜员")),
		widget.NewForm(widget.NewFormItem(tr("凭证种类"), v.issueType), widget.NewFormItem(tr("起号"), v.issueFrom),
			widget.NewFormItem(tr("止号"), v.issueTo), widget.NewFormItem(tr("领用柜员"), v.teller), widget.NewFormItem("", v.tellerWho)),
		container.NewHBox(v.issue, v.offer),
		v.message,
		v.pending.content)

	v.regType = voucherSelect(a, v.types, true, nil)
	v.regFrom = newField(a, tr("起始日期"))
	v.regTo = newField(a, tr("截止日期"))
	v.regTo.OnSubmitted = func(string) { v.refresh() }
	v.regFrom.OnSubmitted = func(string) { a.win.Canvas().Focus(v.regTo) }
	v.query = newButton(a, tr("查询"), theme.SearchIcon(), v.refresh)
	v.export = newButton(a, tr("保存 PDF"), theme.DocumentSaveIcon(), func() {
		a.exportReport(tr("重空登记簿"), func() (string, func(io.Writer) error, error) {
			typ, from, to := v.filter()
			return a.voucherRegisterReport(typ, from, to)
		})
	})
	v.print = newButton(a, tr("打印"), theme.DocumentPrintIcon(), func() {
		a.printReport(tr("重空登记簿"), func() (string, func(io.Writer) error, error) {
			typ, from, to := v.filter()
			return a.voucherRegisterReport(typ, from, to)
		})
	})
	v.table = newTable(registerColumns, func() int { return len(v.lines) }, v.cell)
	v.summary = widget.NewLabel("")
	filter := container.NewHBox(
		container.New(columnsLayout{130, 125, 30, 125}, v.regType, v.regFrom, widget.NewLabel(tr("至")), v.regTo),
		v.query, v.export, v.print)
	register := container.NewBorder(container.NewVBox(heading(tr("重要空白凭证登记簿")), filter), v.summary, nil, nil, v.table)
	v.stock = newTable(voucherStockColumns, func() int { return len(v.places) }, v.stockCell)
	// The forms have the left column's whole height, so that 发放 and its
	// message are in view at 1366×768; the stock sits under the register.
	v.forms = container.NewVScroll(forms)
	right := container.NewVSplit(container.NewPadded(register),
		container.NewPadded(container.NewBorder(heading(tr("当前库存（保管人库存与柜员领用未用）")), nil, nil, nil, v.stock)))
	right.Offset = 0.6
	v.content = container.NewBorder(nil, nil,
		container.New(widthLayout{460}, container.NewPadded(v.forms)), nil, right)
	return v
}

// placeholders shows the number shape of the chosen type.
func (v *voucherKeeperView) placeholders(s *widget.Select, from, to *field) {
	if from == nil || to == nil {
		return
	}
	t, ok := chosenType(s, v.types, false)
	if !ok {
		return
	}
	from.PlaceHolder = tr("如 ") + t.Format(1)
	to.PlaceHolder = fmt.Sprintf(tr("如 %s（只有一张可不填）"), t.Format(50))
	from.Refresh()
	to.Refresh()
}

func (v *voucherKeeperView) lookupTeller() {
	id := trimmed(v.teller)
	v.tellerWho.Importance = widget.MediumImportance
	if id == "" {
		v.tellerWho.SetText("")
		return
	}
	l, err := tellerLabel(v.a, id)
	if err != nil {
		v.tellerWho.Importance = widget.DangerImportance
		l = errorText(err)
	}
	v.tellerWho.SetText(l)
}

func (v *voucherKeeperView) doReceive() {
	a := v.a
	t, ok := chosenType(v.recvType, v.types, false)
	if !ok {
		warn(v.message, tr("请选择凭证种类"))
		return
	}
	r, err := typedRange(t, v.recvFrom, v.recvTo)
	if err == nil {
		err = a.svc.ReceiveVouchers(a.ctx, a.sess, r)
	}
	if err != nil {
		log.Printf("ui: receive vouchers: %v", err)
		tell(v.message, err, "")
		return
	}
	tell(v.message, nil, fmt.Sprintf(tr("入库成功：%s %s，共 %d %s"), tr(t.Name), t.FormatRange(r), r.Count(), tr(t.Unit)))
	v.recvFrom.SetText("")
	v.recvTo.SetText("")
	v.refresh()
	a.win.Canvas().Focus(v.recvFrom)
}

// issueForm reads the issue form: the type, the range and the teller.
func (v *voucherKeeperView) issueForm() (voucher.Type, voucher.Range, string, error) {
	t, ok := chosenType(v.issueType, v.types, false)
	if !ok {
		return t, voucher.Range{}, "", errors.New(tr("请选择凭证种类"))
	}
	r, err := typedRange(t, v.issueFrom, v.issueTo)
	if err == nil && trimmed(v.teller) == "" {
		err = errors.New(tr("请输入领用柜员号"))
	}
	return t, r, trimmed(v.teller), err
}

// issued clears the issue form and says what went where.
func (v *voucherKeeperView) issued(where string, err error, ok string) {
	if err != nil {
		log.Printf("ui: %s: %v", where, err)
		tell(v.message, err, "")
		return
	}
	v.issueFrom.SetText("")
	v.issueTo.SetText("")
	v.teller.SetText("")
	v.refresh()
	tell(v.message, nil, ok)
	v.a.win.Canvas().Focus(v.issueFrom)
}

func (v *voucherKeeperView) doIssue() {
	a := v.a
	t, r, teller, err := v.issueForm()
	if err == nil {
		err = a.svc.IssueVouchers(a.ctx, a.sess, r, teller)
	}
	v.issued("issue vouchers", err, fmt.Sprintf(tr("发放成功：%s %s，共 %d %s，领用柜员 %s"), tr(t.Name), t.FormatRange(r), r.Count(), tr(t.Unit), v.tellerWho.Text))
}

// doOffer hands the range to the teller, who confirms it at their own
// terminal; the numbers stay in stock until then.
func (v *voucherKeeperView) doOffer() {
	a := v.a
	t, r, teller, err := v.issueForm()
	var h counter.HandOver
	if err == nil {
		h, err = a.svc.OfferVouchers(a.ctx, a.sess, r, teller)
	}
	v.issued("offer vouchers", err, fmt.Sprintf(tr("已发起交接 #%d：%s %s，共 %d %s，待柜员 %s 在本人终端确认"),
		h.ID, tr(t.Name), t.FormatRange(r), r.Count(), tr(t.Unit), v.tellerWho.Text))
}

// filter is the register's type ("" for all) and dates ("" for today).
func (v *voucherKeeperView) filter() (typ, from, to string) {
	if t, ok := chosenType(v.regType, v.types, true); ok {
		typ = t.Code
	}
	return typ, trimmed(v.regFrom), trimmed(v.regTo)
}

// stockCell is one cell of the stock table.
func (v *voucherKeeperView) stockCell(row, col int) string {
	if row < 0 || row >= len(v.places) {
		return ""
	}
	p := v.places[row]
	switch col {
	case 0:
		return tr(p.typ.Name)
	case 1:
		if p.teller == "" {
			return tr("保管人库存")
		}
		return v.a.userLabel(p.teller)
	case 2:
		return p.typ.FormatRange(p.r)
	}
	return fmt.Sprintf("%d %s", p.r.Count(), tr(p.typ.Unit))
}

// refresh reads where the vouchers are and the register for the filter.
func (v *voucherKeeperView) refresh() {
	a := v.a
	places, err := a.svc.VoucherPlaces(a.ctx, a.sess)
	if err != nil {
		log.Printf("ui: voucher places: %v", err)
	}
	v.places = v.places[:0]
	for _, p := range places {
		for _, r := range p.Ranges {
			v.places = append(v.places, stockRow{p.Type, p.Teller, r})
		}
	}
	v.stock.Refresh()
	v.pending.refresh()
	typ, from, to := v.filter()
	r, err := a.svc.VoucherRegisterReport(a.ctx, a.sess, typ, from, to)
	if err != nil {
		log.Printf("ui: voucher register: %v", err)
		v.summary.SetText(errorText(err))
		return
	}
	v.lines = r.Lines
	if from == "" && to == "" {
		v.regFrom.PlaceHolder, v.regTo.PlaceHolder = r.From, r.To
		v.regFrom.Refresh()
		v.regTo.Refresh()
	}
	s := fmt.Sprintf(tr("%s 至 %s 共 %d 条"), r.From, r.To, len(r.Lines))
	for _, c := range r.ByState {
		s += fmt.Sprintf("　%s %d", tr(c.State.Title()), c.Count)
	}
	v.summary.SetText(s)
	v.table.Refresh()
}

func (v *voucherKeeperView) cell(row, col int) string {
	if row < 0 || row >= len(v.lines) {
		return ""
	}
	l := v.lines[row]
	switch col {
	case 0:
		return l.Event.At.Local().Format("01-02 15:04:05")
	case 1:
		return tr(l.Type.Name)
	case 2:
		return l.Number
	case 3:
		return tr(l.Event.State.Title())
	case 4:
		return l.Teller.Label()
	case 5:
		return l.By.Label()
	case 6:
		if l.Event.EntryID != 0 {
			return fmt.Sprintf("#%d", l.Event.EntryID)
		}
	case 7:
		switch {
		case l.Event.Reason != "":
			return l.Event.Reason + tr("（授权 ") + l.Authorizer.Label() + "）"
		case l.SealCheckedBy.ID != "":
			return tr("印鉴核对 ") + l.SealCheckedBy.Label()
		}
	}
	return ""
}
