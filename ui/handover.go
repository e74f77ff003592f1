package ui

import (
	"fmt"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
	"branchdesk/domain/voucher"
)

// handOverPane lists pending hand-overs between terminals: on a keeper's
// screen those they offered, with 撤销; in a teller's 我的凭证 those
// offered to them, with 确认 (their password) and 拒绝 (a reason).
type handOverPane struct {
	a      *App
	keeper bool
	kind   counter.HandOverKind // what a keeper's pane lists; a teller's lists all
	types  []voucher.Type
	list   []counter.HandOver
	row    int // the selected row
	table  *widget.Table

	confirm *button
	refuse  *button
	cancel  *button
	reload  *button
	reason  *field
	message *widget.Label
	changed func()          // after a hand-over settles, for the owner's view
	dialog  *passwordDialog // the open confirmation, if any
	content fyne.CanvasObject
}

var handOverColumns = []column{{key("编号"), 55}, {key("内容"), 420}, {key("保管人"), 90}, {key("接收柜员"), 90}, {key("发起时间"), 110}}

func newHandOverPane(a *App, keeper bool, kind counter.HandOverKind, changed func()) *handOverPane {
	p := &handOverPane{a: a, keeper: keeper, kind: kind, types: loadVoucherTypes(a), changed: changed}
	p.table = newTable(handOverColumns, func() int { return len(p.list) }, p.cell)
	p.table.OnSelected = func(id widget.TableCellID) { p.row = id.Row }
	p.reason = newField(a, tr("原因"))
	p.message = messageLabel()
	p.reload = newButton(a, tr("刷新"), theme.ViewRefreshIcon(), p.refresh)
	title := tr("待柜员确认的交接（柜员在本人终端输入密码确认）")
	var actions *fyne.Container
	if keeper {
		p.cancel = newButton(a, tr("撤销"), theme.CancelIcon(), p.doCancel)
		p.cancel.Importance = widget.DangerImportance
		actions = container.NewBorder(nil, nil, nil, container.NewHBox(p.cancel, p.reload), p.reason)
	} else {
		title = tr("待确认交接（保管人交来的现金和凭证，须本人输入密码确认）")
		p.confirm = newButton(a, tr("确认…"), theme.ConfirmIcon(), p.doConfirm)
		p.confirm.Importance = widget.HighImportance
		p.refuse = newButton(a, tr("拒绝"), theme.CancelIcon(), p.doRefuse)
		p.refuse.Importance = widget.DangerImportance
		p.reason.PlaceHolder = tr("拒绝原因（拒绝时必填）")
		p.reason.OnSubmitted = func(string) { p.doRefuse() }
		actions = container.NewBorder(nil, nil, nil, container.NewHBox(p.confirm, p.refuse, p.reload), p.reason)
	}
	p.content = container.NewVBox(heading(title),
		container.NewGridWrap(fyne.NewSize(780, 130), p.table), actions, p.message)
	return p
}

// refresh reloads the pending hand-overs this pane lists.
func (p *handOverPane) refresh() {
	a := p.a
	all, err := a.svc.PendingHandOvers(a.ctx, a.sess)
	if err != nil {
		log.Printf("ui: pending hand-overs: %v", err)
		tell(p.message, err, "")
		return
	}
	me := a.sess.User().ID
	p.list = p.list[:0]
	for _, h := range all {
		if (p.keeper && h.Keeper == me && h.Kind == p.kind) || (!p.keeper && h.Teller == me) {
			p.list = append(p.list, h)
		}
	}
	if p.row >= len(p.list) {
		p.row = 0
	}
	p.table.Refresh()
	for _, b := range []*button{p.confirm, p.refuse, p.cancel} {
		if b != nil {
			setEnabled(b, len(p.list) > 0)
		}
	}
}

func (p *handOverPane) cell(row, col int) string {
	if row < 0 || row >= len(p.list) {
		return ""
	}
	h := p.list[row]
	switch col {
	case 0:
		return fmt.Sprintf("#%d", h.ID)
	case 1:
		return p.describe(h)
	case 2:
		return p.a.userLabel(h.Keeper)
	case 3:
		return p.a.userLabel(h.Teller)
	}
	return h.At.Local().Format("01-02 15:04:05")
}

// describe is what a hand-over moves, in words.
func (p *handOverPane) describe(h counter.HandOver) string {
	if h.Kind == counter.HandOverVouchers {
		for _, t := range p.types {
			if t.Code == h.Vouchers.Type {
				return fmt.Sprintf(tr("凭证 %s %s，共 %d %s"), tr(t.Name), t.FormatRange(h.Vouchers), h.Vouchers.Count(), tr(t.Unit))
			}
		}
		return fmt.Sprintf(tr("凭证 %s %d-%d"), h.Vouchers.Type, h.Vouchers.From, h.Vouchers.To)
	}
	what := tr("现金 领入钱箱")
	if h.ToVault() {
		what = tr("现金 交回总库")
	}
	return fmt.Sprintf("%s %s（%s）", what, h.Amount, describeCount(h.Count))
}

// chosen is the selected hand-over.
func (p *handOverPane) chosen() (counter.HandOver, bool) {
	if p.row < 0 || p.row >= len(p.list) {
		warn(p.message, tr("没有待确认的交接"))
		return counter.HandOver{}, false
	}
	return p.list[p.row], true
}

func (p *handOverPane) settled(err error, where, ok string) {
	if err != nil {
		log.Printf("ui: %s: %v", where, err)
		tell(p.message, err, "")
		p.refresh()
		return
	}
	p.reason.SetText("")
	p.refresh()
	if p.changed != nil {
		p.changed()
	}
	tell(p.message, nil, ok)
}

func (p *handOverPane) doCancel() {
	h, ok := p.chosen()
	if !ok {
		return
	}
	err := p.a.svc.CancelHandOver(p.a.ctx, p.a.sess, h.ID, trimmed(p.reason))
	p.settled(err, "cancel hand-over", fmt.Sprintf(tr("已撤销交接 #%d：%s"), h.ID, p.describe(h)))
}

func (p *handOverPane) doRefuse() {
	h, ok := p.chosen()
	if !ok {
		return
	}
	if trimmed(p.reason) == "" {
		tell(p.message, counter.ErrHandOverReason, "")
		p.a.win.Canvas().Focus(p.reason)
		return
	}
	reason := trimmed(p.reason)
	err := p.a.svc.RefuseHandOver(p.a.ctx, p.a.sess, h.ID, reason)
	p.settled(err, "refuse hand-over", fmt.Sprintf(tr("已拒绝交接 #%d，原因：%s"), h.ID, reason))
}

// doConfirm asks the signed-in teller for their password.
func (p *handOverPane) doConfirm() {
	a := p.a
	h, ok := p.chosen()
	if !ok {
		return
	}
	d := &passwordDialog{a: a}
	d.pass = newPasswordField(a, tr("密码"))
	d.message = errorLabel()
	summary := messageLabel()
	summary.SetText(fmt.Sprintf(tr("交接 #%d　保管人 %s\n%s"), h.ID, a.userLabel(h.Keeper), p.describe(h)))
	d.ok = newButton(a, tr("确认接收 (Enter)"), theme.ConfirmIcon(), func() {
		done, err := a.svc.ConfirmHandOver(a.ctx, a.sess, h.ID, d.pass.Text)
		if err != nil {
			log.Printf("ui: confirm hand-over %d: %v", h.ID, err)
			d.message.SetText(errorText(err))
			d.pass.SetText("")
			a.win.Canvas().Focus(d.pass)
			return
		}
		a.closeModal(d.m)
		ok := fmt.Sprintf(tr("已确认接收交接 #%d：%s"), h.ID, p.describe(h))
		if done.EntryID != 0 {
			ok += fmt.Sprintf(tr("，记账编号 #%d"), done.EntryID)
		}
		p.settled(nil, "", ok)
	})
	d.ok.Importance = widget.HighImportance
	d.pass.OnSubmitted = func(string) { d.ok.OnTapped() }
	cancel := newButton(a, tr("取消 (Esc)"), nil, func() { a.closeModal(d.m) })
	content := container.NewVBox(summary, widget.NewSeparator(),
		widget.NewForm(widget.NewFormItem(tr("本人密码"), d.pass)), d.message)
	d.m = a.showModal(tr("确认交接"), content, []fyne.CanvasObject{cancel, d.ok}, 560, d.pass, nil)
	p.dialog = d
}

// passwordDialog asks the signed-in user for their own password.
type passwordDialog struct {
	a       *App
	pass    *field
	ok      *button
	message *widget.Label
	m       *modal
}
