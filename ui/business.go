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
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/voucher"
)

// businessForm keys one business: kind, account, counterparty (transfers),
// amount with its 大写, memo. The submit button stays disabled until the
// amount parses and the accounts are known.
type businessForm struct {
	a        *App
	kind     *widget.Select
	account  *field
	holder   *widget.Label
	cp       *field // counterparty, transfers only
	cpHolder *widget.Label
	amount   *field
	capital  *widget.Label // 大写, or why the amount is not valid
	memo     *field
	vtype    *widget.Select // the blank voucher the business writes off, if any
	vno      *field         // its number, proposed from the teller's next
	vtypes   []voucher.Type
	id       *idForm // who is at the counter, for cash of ¥50,000.00 and above
	submit   *button
	clear    *button
	message  *widget.Label // the domain's answer: refusals, what is needed
	result   *widget.Label // the entry just posted
	receipt  *button       // 保存回单 PDF for the entry just posted
	print    *button       // 打印回单, the same on paper
	withdraw *button       // 撤回: takes a draft waiting for remote authorization back
	// confirmYes is the last look's 确认, while it is open.
	confirmYes *button
	find       *findDialog // the open 查找客户, if any
	findButton *button

	waiting  string // the key of the draft waiting in the remote queue, or ""
	stopWait func() // ends the poll of that draft

	amt     money.Amount
	amtOK   bool
	last    *ledger.Entry
	pending *counter.Draft // a draft whose posting failed with the server away: 提交 posts it again
	form    fyne.CanvasObject
	veil    fyne.CanvasObject // covers the form during a blind authorization
	content fyne.CanvasObject
}

func newBusinessForm(a *App) *businessForm {
	b := &businessForm{a: a}
	titles := make([]string, len(ledger.Kinds))
	for i, k := range ledger.Kinds {
		titles[i] = tr(k.Title())
	}
	b.kind = newSelect(titles, func(string) { a.touch(); b.kindChanged() })
	b.account = newField(a, tr("客户账号"))
	b.holder = widget.NewLabel("")
	b.findButton = newButton(a, tr("查找客户 (F3)"), theme.SearchIcon(), func() { b.askFind() })
	b.cp = newField(a, tr("转入账号（转账业务）"))
	b.cpHolder = widget.NewLabel("")
	b.amount = newField(a, tr("如 12345.67 或 12,345.67"))
	b.capital = widget.NewLabel("")
	b.memo = newField(a, tr("摘要（可不填）"))
	b.vtypes = loadVoucherTypes(a)
	vtitles := []string{tr(noVoucher)}
	for _, t := range b.vtypes {
		vtitles = append(vtitles, tr(t.Name))
	}
	b.vno = newField(a, tr("凭证号码"))
	b.vtype = newSelect(vtitles, func(string) { a.touch(); b.proposeVoucher() })
	b.vtype.SetSelectedIndex(0)
	b.submit = newButton(a, tr("提交 (Enter)"), theme.ConfirmIcon(), b.post)
	b.submit.Importance = widget.HighImportance
	b.clear = newButton(a, tr("新业务 (F2)"), theme.ContentClearIcon(), func() { a.ws.newBusiness() })
	b.message = messageLabel()
	b.message.Importance = widget.WarningImportance
	b.result = messageLabel()
	b.result.Importance = widget.SuccessImportance
	b.receipt = newButton(a, tr("保存回单 PDF"), theme.DocumentSaveIcon(), func() {
		if b.last != nil {
			a.saveReceipt(*b.last)
		}
	})
	b.receipt.Disable()
	b.print = newButton(a, tr("打印回单"), theme.DocumentPrintIcon(), func() {
		if b.last != nil {
			a.printReceipt(*b.last)
		}
	})
	b.print.Disable()

	b.account.OnChanged = func(string) { b.lookup(b.account, b.holder); b.validate() }
	b.cp.OnChanged = func(string) { b.lookup(b.cp, b.cpHolder); b.validate() }
	b.amount.OnChanged = func(string) { b.parseAmount(); b.validate() }
	b.account.OnSubmitted = func(string) { a.win.Canvas().Focus(b.nextAfterAccount()) }
	b.cp.OnSubmitted = func(string) { a.win.Canvas().Focus(b.amount) }
	b.amount.OnSubmitted = func(string) { b.post() }
	b.memo.OnSubmitted = func(string) { b.post() }
	b.vno.OnSubmitted = func(string) { b.post() }

	b.form = widget.NewForm(
		widget.NewFormItem(tr("业务种类"), b.kind),
		widget.NewFormItem(tr("账号"), b.account),
		widget.NewFormItem(tr("户名"), b.holder),
		widget.NewFormItem(tr("对方账号"), b.cp),
		widget.NewFormItem(tr("对方户名"), b.cpHolder),
		widget.NewFormItem(tr("金额"), b.amount),
		widget.NewFormItem(tr("大写"), b.capital),
		widget.NewFormItem(tr("摘要"), b.memo),
		widget.NewFormItem(tr("使用凭证"), b.vtype),
		widget.NewFormItem(tr("凭证号码"), b.vno),
	)
	veil := widget.NewLabelWithStyle(tr("授权人复核中：业务内容已隐藏"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	b.veil = container.NewCenter(veil)
	b.veil.Hide()
	b.withdraw = newButton(a, tr("撤回"), theme.ContentUndoIcon(), b.withdrawQueued)
	b.withdraw.Hide()
	buttons := container.NewHBox(b.submit, b.clear, b.findButton, b.withdraw)
	posted := container.NewVBox(widget.NewSeparator(), b.result, container.NewHBox(b.receipt, b.print))
	b.id = newIDForm(a, b.post)
	body := container.NewVBox(container.NewStack(container.NewVBox(b.form, b.id.box), b.veil), buttons, b.message, posted)
	b.content = container.NewPadded(container.NewVScroll(centred(720, body)))
	b.kind.SetSelectedIndex(0)
	b.validate()
	return b
}

func (b *businessForm) selectedKind() ledger.Kind {
	i := b.kind.SelectedIndex()
	if i < 0 {
		return ledger.Kinds[0]
	}
	return ledger.Kinds[i]
}

func (b *businessForm) kindChanged() {
	if b.cp == nil {
		return
	}
	if b.selectedKind().IsTransfer() {
		b.cp.Enable()
	} else {
		b.cp.SetText("")
		b.cp.Disable()
	}
	b.form.Refresh()      // the 对方账号 label follows its field's state
	b.message.SetText("") // a refusal of the other kind no longer applies
	b.lookup(b.account, b.holder)
	b.validate()
}

func (b *businessForm) nextAfterAccount() fyne.Focusable {
	if b.selectedKind().IsTransfer() {
		return b.cp
	}
	return b.amount
}

// lookup shows the holder of a typed account number, or that it is unknown.
func (b *businessForm) lookup(f *field, l *widget.Label) {
	no := strings.TrimSpace(f.Text)
	l.Importance = widget.MediumImportance
	if no == "" {
		l.SetText("")
		return
	}
	acct, err := b.a.svc.Account(b.a.ctx, no)
	switch {
	case errors.Is(err, counter.ErrNotFound):
		l.Importance = widget.DangerImportance
		l.SetText(errorText(ledger.ErrNoAccount))
	case err != nil:
		log.Printf("ui: account %s: %v", no, err)
		l.Importance = widget.DangerImportance
		l.SetText(errorText(err))
	default:
		text := fmt.Sprintf(tr("%s（%s账户）"), acct.Holder, tr(acct.Type.Title()))
		if f == b.account {
			// The customer's own account: its state and what may be
			// drawn, so a freeze is seen before a withdrawal is keyed.
			text += fmt.Sprintf(tr("　%s　可用余额 %s"), tr(acct.Status()), acct.Available())
			if acct.Frozen > 0 {
				l.Importance = widget.WarningImportance
			}
		}
		l.SetText(text)
	}
}

// parseAmount shows the amount in capitals, or the parser's refusal.
func (b *businessForm) parseAmount() {
	b.amt, b.amtOK = 0, false
	if strings.TrimSpace(b.amount.Text) == "" {
		b.capital.Importance = widget.MediumImportance
		b.capital.SetText("")
		return
	}
	v, err := money.Parse(b.amount.Text)
	if err != nil {
		b.capital.Importance = widget.DangerImportance
		b.capital.SetText(errorText(err))
		return
	}
	b.amt, b.amtOK = v, true
	b.capital.Importance = widget.MediumImportance
	b.capital.SetText(money.Capital(v))
}

// known reports whether a field holds an account the lookup found.
func known(f *field, l *widget.Label) bool {
	return strings.TrimSpace(f.Text) != "" && l.Importance != widget.DangerImportance && l.Text != ""
}

func (b *businessForm) validate() {
	if b.id != nil {
		b.id.show(b.amtOK && ledger.NeedsID(b.selectedKind(), b.amt))
	}
	ok := b.amtOK && known(b.account, b.holder)
	if b.selectedKind().IsTransfer() {
		ok = ok && known(b.cp, b.cpHolder)
	}
	setEnabled(b.submit, ok)
}

// post prepares the business; what needs authorization goes to the
// dialog, the rest is posted at once.
func (b *businessForm) post() {
	if b.submit.Disabled() {
		return
	}
	a := b.a
	if a.offline {
		a.checkHealth() // back since the last look?
	}
	if a.offline {
		sayRefused(b.message, tr(msgOffline))
		return
	}
	req := counter.Request{
		Kind: b.selectedKind(), Account: strings.TrimSpace(b.account.Text),
		Counterparty: strings.TrimSpace(b.cp.Text), Amount: b.amt, Memo: strings.TrimSpace(b.memo.Text),
		Presenter: b.id.presenter(),
	}
	if ledger.NeedsID(req.Kind, req.Amount) && req.Presenter.Customer.Empty() {
		// The amount needs the customer's document: ask for it here.
		sayRefused(b.message, errorText(ledger.ErrIDRequired))
		a.win.Canvas().Focus(b.id.cno)
		return
	}
	if i := b.vtype.SelectedIndex() - 1; i >= 0 && i < len(b.vtypes) {
		t := b.vtypes[i]
		n, err := t.Parse(b.vno.Text)
		if err != nil {
			sayRefused(b.message, errorText(err))
			a.win.Canvas().Focus(b.vno)
			return
		}
		req.Voucher = &counter.VoucherUse{Type: t.Code, Number: n}
	}
	if d := b.pending; d != nil && sameRequest(d.Request(), req) {
		// The same business again, after a failure with the server away:
		// the same draft, whose key the journal checks before posting.
		b.finish(d)
		return
	}
	b.pending = nil
	d, err := a.svc.Prepare(a.ctx, a.sess, req)
	if err != nil {
		log.Printf("ui: prepare: %v", err)
		sayRefused(b.message, errorText(err))
		return
	}
	if d.Confirm() {
		b.askConfirm(d)
		return
	}
	b.proceed(d)
}

// askConfirm shows the business for a last look (第十五条's amounts are
// read in 大写 too): Enter posts it or sends it for authorization, Esc
// goes back to the form with nothing done.
func (b *businessForm) askConfirm(d *counter.Draft) {
	a := b.a
	r := d.Request()
	lines := []string{tr("业务种类：") + tr(r.Kind.Title()), tr("账　　号：") + r.Account + "　" + d.Holder()}
	if r.Counterparty != "" {
		lines = append(lines, tr("对方账号：")+r.Counterparty+"　"+d.CounterpartyHolder())
	}
	lines = append(lines, tr("金　　额：")+r.Amount.String(), tr("大　　写：")+money.Capital(r.Amount))
	if r.Memo != "" {
		lines = append(lines, tr("摘　　要：")+r.Memo)
	}
	if r.Voucher != nil {
		lines = append(lines, tr("使用凭证：")+b.vtype.Selected+" "+strings.TrimSpace(b.vno.Text))
	}
	lines = append(lines, presenterLines(r.Presenter)...)
	back := func() {
		b.confirmYes = nil
		a.win.Canvas().Focus(b.amount)
	}
	b.confirmYes = a.lastLook(tr("请核对业务"), lines, d.Requirement(), tr("确认记账 (Enter)"), back, func() {
		b.confirmYes = nil
		b.proceed(d)
	})
}

// lastLook shows a business for a last look before it posts, with the
// authorization it needs: Enter (the returned 确认 button) goes on, Esc
// goes back with nothing done.
func (a *App) lastLook(title string, lines []string, req authz.Requirement, yesText string, back, goOn func()) *button {
	if req.Need != authz.NeedNone {
		lines = append(lines, "", tr("须授权：")+needText(req))
		yesText = tr("确认，提交授权 (Enter)")
	}
	body := widget.NewLabel(strings.Join(lines, "\n"))
	body.Wrapping = fyne.TextWrapWord
	var m *modal
	no := newButton(a, tr("返回修改 (Esc)"), theme.CancelIcon(), func() { a.closeModal(m); back() })
	yes := newButton(a, yesText, theme.ConfirmIcon(), func() {
		a.closeModal(m)
		goOn()
	})
	yes.Importance = widget.HighImportance
	m = a.showModal(title, body, []fyne.CanvasObject{no, yes}, 520, yes, back)
	return yes
}

// proceed posts a draft the teller has looked at, or sends it for
// authorization first.
func (b *businessForm) proceed(d *counter.Draft) {
	a := b.a
	if d.Requirement().Need == authz.NeedNone {
		b.finish(d)
		return
	}
	if a.svc.RemoteAuthorization(a.ctx) {
		b.queueRemote(d)
		return
	}
	sayRefused(b.message, tr("待授权：")+needText(d.Requirement()))
	r := draftRequest(a, d, tr("业务授权"))
	if r.blind {
		sayRefused(b.message, tr("待授权：")+r.need)
		b.veil.Show()
		b.form.Hide()
	}
	unveil := func() {
		b.form.Show()
		b.veil.Hide()
	}
	r.done = func() { unveil(); b.finish(d) }
	r.refused = func(reason string) {
		unveil()
		sayRefused(b.message, tr("授权人拒绝了该笔业务，未记账。原因：")+reason)
	}
	r.cancelled = func() {
		unveil()
		sayRefused(b.message, tr("已取消授权，该笔业务未记账"))
		a.win.Canvas().Focus(b.amount)
	}
	a.authorize(r)
}

// finish posts an authorized draft and shows the entry.
func (b *businessForm) finish(d *counter.Draft) {
	e, err := b.a.svc.Post(b.a.ctx, d)
	if err != nil {
		log.Printf("ui: post: %v", err)
		b.a.noteHealth(err)
		sayRefused(b.message, errorText(err))
		if errors.Is(err, counter.ErrUnreachable) || errors.Is(err, counter.ErrOutcomeUnknown) {
			b.pending = d
		}
		return
	}
	b.pending = nil
	b.showPosted(e)
	b.reset()
	b.a.ws.refresh()
	b.a.win.Canvas().Focus(b.account)
}

// showPosted shows an entry just posted and offers its receipt.
func (b *businessForm) showPosted(e ledger.Entry) {
	b.last = &e
	b.message.SetText("")
	auth := ""
	if e.AuthB != "" {
		auth += tr("  B级授权 ") + b.a.userLabel(e.AuthB)
	}
	if e.AuthA != "" {
		auth += tr("  A级授权 ") + b.a.userLabel(e.AuthA)
	}
	// The balance this entry left, as the receipt prints it.
	balance := ""
	if r, err := b.a.svc.Receipt(b.a.ctx, b.a.sess, e.ID); err == nil && r.HasBalance {
		balance = tr("　交易后余额 ") + r.Balance.String()
	}
	text := fmt.Sprintf(tr("记账成功　流水号 %06d　记账编号 #%d\n%s 账号 %s 金额 %s%s\n%s%s"),
		e.Seq, e.ID, entryTitle(e), e.Account, e.Amount, balance, money.Capital(e.Amount), auth)
	if lines := presenterLines(e.Presenter); len(lines) > 0 {
		text += "\n" + strings.Join(lines, "　")
	}
	b.result.SetText(text)
	b.receipt.Enable()
	b.print.Enable()
}

// sameRequest reports whether two keyings are the same business.
func sameRequest(x, y counter.Request) bool {
	vx, vy := x.Voucher, y.Voucher
	x.Voucher, y.Voucher = nil, nil
	return x == y && (vx == nil) == (vy == nil) && (vx == nil || *vx == *vy)
}

// reset clears the keyed fields and the last refusal, keeping the
// business kind.
func (b *businessForm) reset() {
	b.message.SetText("")
	b.account.SetText("")
	b.cp.SetText("")
	b.amount.SetText("")
	b.memo.SetText("")
	b.id.clear()
	b.proposeVoucher()
}

// noVoucher is the voucher choice of a business that uses none.
const noVoucher = "不使用凭证"

// proposeVoucher fills in the next number the teller must use of the
// chosen voucher type (第十条: 顺序使用).
func (b *businessForm) proposeVoucher() {
	if b.vno == nil {
		return
	}
	i := b.vtype.SelectedIndex() - 1
	if i < 0 || i >= len(b.vtypes) {
		b.vno.SetText("")
		b.vno.PlaceHolder = tr("凭证号码")
		b.vno.Disable()
		return
	}
	t := b.vtypes[i]
	b.vno.Enable()
	b.vno.PlaceHolder = tr("如 ") + t.Format(1)
	_, label, err := b.a.svc.NextVoucher(b.a.ctx, b.a.sess, t.Code)
	if err != nil {
		b.vno.SetText("")
		sayRefused(b.message, errorText(err))
		return
	}
	b.vno.SetText(label)
}
