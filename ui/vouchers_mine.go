package ui

import (
	"fmt"
	"log"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
	"branchdesk/domain/voucher"
)

// myVoucherRow is one type a teller holds: the position with the next
// number to use and the ranges issued.
type myVoucherRow struct {
	pos    counter.VoucherPosition
	next   string
	ranges string
}

// myVouchersView is a teller's own blank vouchers (我的凭证): what they
// hold with the next number, and returning unused ones, voiding a spoiled
// one with an authorizer, and selling to a customer after the seal check.
type myVouchersView struct {
	a     *App
	types []voucher.Type
	rows  []myVoucherRow
	table *widget.Table

	typ      *widget.Select
	retFrom  *field
	retTo    *field
	ret      *button
	voidNo   *field
	reason   *field
	void     *button
	sellFrom *field
	sellTo   *field
	seal     *field
	sell     *button
	message  *widget.Label
	confirm  *credentialDialog // the open void authorization, if any
	pending  *handOverPane     // hand-overs waiting for this teller

	actions *container.AppTabs
	content fyne.CanvasObject
}

var myVoucherColumns = []column{
	{key("凭证种类"), 100}, {key("在手"), 70}, {key("下一张应使用"), 130}, {key("今日使用/出售"), 110}, {key("今日作废"), 80}, {key("领用号段"), 360},
}

func newMyVouchersView(a *App) *myVouchersView {
	v := &myVouchersView{a: a, types: loadVoucherTypes(a)}
	v.table = newTable(myVoucherColumns, func() int { return len(v.rows) }, v.cell)
	v.retFrom = newField(a, "")
	v.retTo = newField(a, "")
	v.voidNo = newField(a, "")
	v.reason = newField(a, tr("作废原因（必填）"))
	v.sellFrom = newField(a, "")
	v.sellTo = newField(a, "")
	v.seal = newField(a, tr("核对预留印鉴的柜员号"))
	v.typ = voucherSelect(a, v.types, false, v.typeChanged)
	v.ret = newButton(a, tr("退回 (Enter)"), theme.MailReplyIcon(), v.doReturn)
	v.void = newButton(a, tr("作废…"), theme.DeleteIcon(), v.doVoid)
	v.void.Importance = widget.DangerImportance
	v.sell = newButton(a, tr("出售 (Enter)"), theme.ConfirmIcon(), v.doSell)
	for _, b := range []*button{v.ret, v.sell} {
		b.Importance = widget.HighImportance
	}
	v.message = messageLabel()
	v.message.Importance = widget.WarningImportance
	focus := func(f fyne.Focusable) func(string) { return func(string) { a.win.Canvas().Focus(f) } }
	v.retFrom.OnSubmitted = focus(v.retTo)
	v.retTo.OnSubmitted = func(string) { v.doReturn() }
	v.voidNo.OnSubmitted = focus(v.reason)
	v.reason.OnSubmitted = func(string) { v.doVoid() }
	v.sellFrom.OnSubmitted = focus(v.sellTo)
	v.sellTo.OnSubmitted = focus(v.seal)
	v.seal.OnSubmitted = func(string) { v.doSell() }

	v.actions = container.NewAppTabs(
		container.NewTabItem(tr("退回保管人"), container.NewVBox(
			widget.NewForm(widget.NewFormItem(tr("起号"), v.retFrom), widget.NewFormItem(tr("止号"), v.retTo)), container.NewHBox(v.ret))),
		container.NewTabItem(tr("作废"), container.NewVBox(
			widget.NewForm(widget.NewFormItem(tr("号码"), v.voidNo), widget.NewFormItem(tr("原因"), v.reason)), container.NewHBox(v.void))),
		container.NewTabItem(tr("出售给客户"), container.NewVBox(
			widget.NewForm(widget.NewFormItem(tr("起号"), v.sellFrom), widget.NewFormItem(tr("止号"), v.sellTo), widget.NewFormItem(tr("印鉴核对人"), v.seal)),
			container.NewHBox(v.sell))),
	)
	form := container.NewVBox(widget.NewForm(widget.NewFormItem(tr("凭证种类"), v.typ)), v.actions, v.message)
	v.pending = newHandOverPane(a, false, "", v.refresh)
	// The form beside the table, not under it: under it, it left the
	// table one row and pushed the English screen past the window.
	v.content = container.NewBorder(container.NewVBox(v.pending.content, widget.NewSeparator(),
		heading(tr("本柜员领用的重要空白凭证（按顺序使用，逐份销号）"))), nil, nil,
		container.New(widthLayout{480}, form), v.table)
	v.typeChanged()
	return v
}

// refresh reloads what the teller holds.
func (v *myVouchersView) refresh() {
	a := v.a
	v.pending.refresh()
	p, err := a.svc.Position(a.ctx, a.sess, "")
	if err != nil {
		log.Printf("ui: my vouchers: %v", err)
		tell(v.message, err, "")
		return
	}
	v.rows = nil
	for _, vp := range p.Vouchers {
		row := myVoucherRow{pos: vp, next: tr("已用完")}
		if _, label, err := a.svc.NextVoucher(a.ctx, a.sess, vp.Type.Code); err == nil {
			row.next = label
		}
		if h, err := a.svc.VoucherHolding(a.ctx, a.sess, a.sess.User().ID, vp.Type.Code); err == nil {
			var rs []string
			for _, r := range h.Ranges {
				rs = append(rs, vp.Type.FormatRange(r))
			}
			row.ranges = strings.Join(rs, "，")
		}
		v.rows = append(v.rows, row)
	}
	v.table.Refresh()
	v.typeChanged()
	held := false
	for _, r := range v.rows {
		held = held || r.pos.OnHand > 0
	}
	if !held && v.message.Text == "" {
		sayNote(v.message, tr("您手中没有空白凭证：请向凭证保管人领用，保管人发放后在上方确认，即显示在此表中"))
	}
}

func (v *myVouchersView) cell(row, col int) string {
	if row < 0 || row >= len(v.rows) {
		return ""
	}
	r := v.rows[row]
	t := r.pos.Type
	switch col {
	case 0:
		return tr(t.Name)
	case 1:
		return fmt.Sprintf("%d %s", r.pos.OnHand, t.Unit)
	case 2:
		return r.next
	case 3:
		return fmt.Sprintf("%d %s", r.pos.Used+r.pos.Sold, t.Unit)
	case 4:
		return fmt.Sprintf("%d %s", r.pos.Voided, t.Unit)
	case 5:
		return r.ranges
	}
	return ""
}

// typeChanged proposes the next number of the chosen type.
func (v *myVouchersView) typeChanged() {
	if v.sellFrom == nil || v.seal == nil {
		return
	}
	t, ok := chosenType(v.typ, v.types, false)
	if !ok {
		return
	}
	next := ""
	for _, r := range v.rows {
		if r.pos.Type.Code == t.Code && r.next != tr("已用完") {
			next = r.next
		}
	}
	for _, f := range []*field{v.retFrom, v.voidNo, v.sellFrom} {
		f.PlaceHolder = tr("如 ") + t.Format(1)
		f.SetText(next)
	}
	for _, f := range []*field{v.retTo, v.sellTo} {
		f.PlaceHolder = tr("只有一张可不填")
		f.SetText("")
	}
}

func (v *myVouchersView) chosen() (voucher.Type, bool) {
	t, ok := chosenType(v.typ, v.types, false)
	if !ok {
		warn(v.message, tr("请选择凭证种类"))
	}
	return t, ok
}

func (v *myVouchersView) done(err error, where, ok string) {
	if err != nil {
		log.Printf("ui: %s: %v", where, err)
		tell(v.message, err, "")
		return
	}
	v.refresh()
	tell(v.message, nil, ok)
}

// doReturn checks the range typed against what the teller holds, then
// asks the voucher keeper, who takes the vouchers in hand, to confirm at
// this terminal (第十条).
func (v *myVouchersView) doReturn() {
	a := v.a
	t, ok := v.chosen()
	if !ok {
		return
	}
	r, err := typedRange(t, v.retFrom, v.retTo)
	if err == nil {
		var h voucher.Holding
		if h, err = a.svc.VoucherHolding(a.ctx, a.sess, a.sess.User().ID, t.Code); err == nil {
			err = voucher.CheckReturn(h, r)
		}
	}
	if err != nil {
		v.done(err, "return vouchers", "")
		return
	}
	what := fmt.Sprintf(tr("%s %s，共 %d %s"), tr(t.Name), t.FormatRange(r), r.Count(), tr(t.Unit))
	warn(v.message, tr("待凭证保管人确认收回"))
	v.confirm = a.askCredential(credentialRequest{
		title:   tr("凭证保管人确认收回"),
		need:    tr("退回的凭证由凭证保管人当面点收：请凭证保管人在本终端输入柜员号和密码"),
		summary: fmt.Sprintf(tr("退回 %s\n柜员 %s"), what, a.sess.User().Label()),
		who:     tr("凭证保管人柜员号"),
		action:  tr("确认收回"),
		sign: func(c counter.Credential) error {
			return a.svc.ReturnVouchers(a.ctx, a.sess, r, c)
		},
		done: func() {
			v.confirm = nil
			v.done(nil, "", tr("已退回凭证保管人：")+what)
		},
		refused: func(err error) {
			v.confirm = nil
			tell(v.message, err, "")
		},
		cancelled: func() {
			v.confirm = nil
			warn(v.message, tr("已取消退回"))
		},
	})
}

func (v *myVouchersView) doSell() {
	t, ok := v.chosen()
	if !ok {
		return
	}
	r, err := typedRange(t, v.sellFrom, v.sellTo)
	if err == nil {
		err = v.a.svc.SellVouchers(v.a.ctx, v.a.sess, r, trimmed(v.seal))
	}
	v.done(err, "sell vouchers", fmt.Sprintf(tr("已出售：%s %s，共 %d %s，印鉴核对人 %s"), tr(t.Name), t.FormatRange(r), r.Count(), tr(t.Unit), v.a.userLabel(trimmed(v.seal))))
	if err == nil {
		v.seal.SetText("")
	}
}

// doVoid asks an authorizer other than the teller to allow the void.
func (v *myVouchersView) doVoid() {
	a := v.a
	t, ok := v.chosen()
	if !ok {
		return
	}
	n, err := t.Parse(v.voidNo.Text)
	if err != nil {
		tell(v.message, err, "")
		return
	}
	reason := trimmed(v.reason)
	if reason == "" {
		tell(v.message, voucher.ErrVoidReason, "")
		a.win.Canvas().Focus(v.reason)
		return
	}
	warn(v.message, tr("待授权：")+errorText(voucher.ErrVoidNeedsAuth))
	v.confirm = a.askCredential(credentialRequest{
		title:   tr("作废凭证授权"),
		need:    errorText(voucher.ErrVoidNeedsAuth) + tr("：请授权人在本终端输入柜员号和密码"),
		summary: fmt.Sprintf(tr("作废 %s %s\n原因：%s\n柜员 %s"), tr(t.Name), t.Format(n), reason, a.sess.User().Label()),
		who:     tr("授权人柜员号"),
		action:  tr("同意作废"),
		sign: func(c counter.Credential) error {
			return a.svc.VoidVoucher(a.ctx, a.sess, t.Code, n, reason, c)
		},
		done: func() {
			v.confirm = nil
			v.reason.SetText("")
			v.done(nil, "", fmt.Sprintf(tr("已作废：%s %s，原因：%s"), tr(t.Name), t.Format(n), reason))
		},
		refused: func(err error) {
			v.confirm = nil
			tell(v.message, err, "")
		},
		cancelled: func() {
			v.confirm = nil
			warn(v.message, tr("已取消作废"))
		},
	})
}
