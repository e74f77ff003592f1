package ui

import (
	"fmt"
	"io"
	"log"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/storage/pdf"
)

// leaveView is 离岗交接 (第十三条): the signed-in teller, going on leave or
// moving, hands their box cash, blank vouchers, seals and keys to a
// receiving teller under a B's or an A's supervision. The books' list of
// what is to be handed is shown; each is counted and keyed; the three
// give their passwords here, and the vault keeper and the voucher keeper
// theirs when the supervisor does not keep the cash or the vouchers
// (counter.LeaveHandOver); the 交接清单 is saved as a PDF.
type leaveView struct {
	a   *App
	inv counter.LeaveInventory

	books                      *widget.Label // what the books hold, to be counted
	receiving                  *field
	supervisor                 *field
	grid                       *countGrid
	amount                     *field
	vouchers                   map[string]*field // type code → counted
	voucherBox                 *fyne.Container
	seals                      *field
	keys                       *field
	ownPass                    *field
	recvPass                   *field
	supPass                    *field
	vaultKeeper, vaultPass     *field // when the supervisor does not keep the vault
	voucherKeeper, voucherPass *field // when the supervisor does not keep the vouchers
	handOver                   *button
	save                       *button
	message                    *widget.Label
	last                       counter.LeaveHandOver // the hand-over just done
	content                    fyne.CanvasObject
}

func newLeaveView(a *App) *leaveView {
	v := &leaveView{a: a, vouchers: map[string]*field{}}
	v.books = widget.NewLabel("")
	v.books.Wrapping = fyne.TextWrapWord
	v.receiving = newField(a, tr("接收柜员号"))
	v.supervisor = newField(a, tr("监交人柜员号（B级或A级）"))
	v.grid = newCountGrid(a)
	v.amount = newField(a, tr("清点金额合计"))
	v.seals = newField(a, tr("印章、授权卡件数"))
	v.keys = newField(a, tr("钥匙名称，以逗号或顿号分隔"))
	v.ownPass = newPasswordField(a, tr("交出柜员（本人）密码"))
	v.recvPass = newPasswordField(a, tr("接收柜员密码"))
	v.supPass = newPasswordField(a, tr("监交人密码"))
	v.vaultKeeper = newField(a, tr("监交人即管库员时不填"))
	v.vaultPass = newPasswordField(a, tr("总库管库员密码"))
	v.voucherKeeper = newField(a, tr("监交人即保管人时不填"))
	v.voucherPass = newPasswordField(a, tr("凭证保管人密码"))
	v.voucherBox = container.NewVBox()
	v.handOver = newButton(a, tr("办理交接 (Enter)"), theme.ConfirmIcon(), v.doHandOver)
	v.handOver.Importance = widget.HighImportance
	v.save = newButton(a, tr("保存交接清单 PDF"), theme.DocumentSaveIcon(), func() {
		a.exportReport(tr("交接清单"), v.report)
	})
	setEnabled(v.save, false)
	v.message = messageLabel()
	focus := func(f fyne.Focusable) func(string) { return func(string) { a.win.Canvas().Focus(f) } }
	v.receiving.OnSubmitted = focus(v.supervisor)
	v.supervisor.OnSubmitted = focus(v.vaultKeeper)
	v.vaultKeeper.OnSubmitted = focus(v.voucherKeeper)
	v.voucherKeeper.OnSubmitted = func(string) { a.win.Canvas().Focus(v.grid.first()) }
	v.grid.onDone = func() { a.win.Canvas().Focus(v.amount) }
	v.amount.OnSubmitted = focus(v.seals)
	v.seals.OnSubmitted = focus(v.keys)
	v.keys.OnSubmitted = focus(v.ownPass)
	v.ownPass.OnSubmitted = focus(v.recvPass)
	v.recvPass.OnSubmitted = focus(v.supPass)
	// Enter on the last password asked for hands over: a keeper's only
	// when their number is keyed.
	v.supPass.OnSubmitted = func(string) { v.nextPassword(v.vaultPass, v.voucherPass) }
	v.vaultPass.OnSubmitted = func(string) { v.nextPassword(v.voucherPass) }
	v.voucherPass.OnSubmitted = func(string) { v.doHandOver() }
	people := widget.NewForm(widget.NewFormItem(tr("接收柜员"), v.receiving), widget.NewFormItem(tr("监交人"), v.supervisor),
		widget.NewFormItem(tr("总库管库员"), v.vaultKeeper), widget.NewFormItem(tr("凭证保管人"), v.voucherKeeper))
	counted := widget.NewForm(widget.NewFormItem(tr("现金金额"), v.amount), widget.NewFormItem(tr("印章、授权卡"), v.seals),
		widget.NewFormItem(tr("钥匙"), v.keys))
	sign := widget.NewForm(widget.NewFormItem(tr("本人密码"), v.ownPass), widget.NewFormItem(tr("接收柜员密码"), v.recvPass),
		widget.NewFormItem(tr("监交人密码"), v.supPass), widget.NewFormItem(tr("管库员密码"), v.vaultPass),
		widget.NewFormItem(tr("保管人密码"), v.voucherPass))
	right := container.NewVBox(heading(tr("交接人员")), people, heading(tr("逐项清点")), counted, v.voucherBox,
		heading(tr("各方确认（各输入本人密码）")), sign,
		container.NewHBox(v.handOver, v.save), v.message)
	left := container.NewVBox(heading(tr("钱箱现金清点（按券别）")), v.grid.content)
	v.content = container.NewVScroll(container.NewVBox(
		heading(tr("离岗交接（第十三条：休假、轮岗或调离，经有权人员监交办理交接）")), v.books,
		widget.NewSeparator(), container.NewGridWithColumns(2, left, right)))
	return v
}

// refresh shows what the books say is to be handed over, and a count
// field for each type of blank voucher held.
func (v *leaveView) refresh() {
	a := v.a
	inv, err := a.svc.LeaveInventory(a.ctx, a.sess)
	if err != nil {
		log.Printf("ui: leave inventory: %v", err)
		sayError(v.message, errorText(err))
		return
	}
	v.inv = inv
	parts := []string{tr("钱箱账面余额 ") + inv.Box.String()}
	var rows []fyne.CanvasObject
	kept := map[string]*field{}
	for _, h := range inv.Vouchers {
		var ranges []string
		for _, r := range h.Ranges {
			ranges = append(ranges, h.Type.FormatRange(r))
		}
		parts = append(parts, fmt.Sprintf(tr("%s %s 共 %d %s"), tr(h.Type.Name), strings.Join(ranges, "、"), h.Count, tr(h.Type.Unit)))
		f := v.vouchers[h.Type.Code]
		if f == nil {
			f = newField(a, fmt.Sprintf(tr("实点%s数"), tr(h.Type.Unit)))
		}
		kept[h.Type.Code] = f
		rows = append(rows, widget.NewForm(widget.NewFormItem(tr(h.Type.Name), f)))
	}
	v.vouchers = kept
	v.voucherBox.Objects = rows
	v.voucherBox.Refresh()
	if len(inv.Vouchers) == 0 {
		parts = append(parts, tr("无重要空白凭证"))
	}
	var seals []string
	for _, it := range inv.Seals {
		seals = append(seals, msgText(it.Message()))
	}
	if len(seals) == 0 {
		parts = append(parts, tr("无须交接的印章、授权卡（本人名章由本人保管）"))
	} else {
		parts = append(parts, fmt.Sprintf(tr("印章、授权卡 %d 件：%s（本人名章由本人保管）"), len(seals), strings.Join(seals, tr("、"))))
	}
	v.books.SetText(tr("账面待交接：") + strings.Join(parts, tr("；")))
}

// nextPassword focuses the first of the keepers' passwords whose keeper is
// keyed, or hands over when none is.
func (v *leaveView) nextPassword(next ...*field) {
	for _, f := range next {
		if (f == v.vaultPass && trimmed(v.vaultKeeper) != "") || (f == v.voucherPass && trimmed(v.voucherKeeper) != "") {
			v.a.win.Canvas().Focus(f)
			return
		}
	}
	v.doHandOver()
}

// request gathers the form; a figure that is not one refuses at once.
func (v *leaveView) request() (counter.LeaveRequest, error) {
	r := counter.LeaveRequest{Receiving: trimmed(v.receiving), Supervisor: trimmed(v.supervisor), Vouchers: map[string]int64{},
		Password: v.ownPass.Text, ReceivingPassword: v.recvPass.Text, SupervisorPassword: v.supPass.Text,
		VaultKeeper: trimmed(v.vaultKeeper), VaultKeeperPassword: v.vaultPass.Text,
		VoucherKeeper: trimmed(v.voucherKeeper), VoucherKeeperPassword: v.voucherPass.Text}
	var err error
	if r.Count, err = v.grid.count(); err != nil {
		return r, err
	}
	if s := foldDigits(trimmed(v.amount)); s != "" {
		if r.Amount, err = money.Parse(s); err != nil {
			return r, msg.Errorf(tr("现金金额：%w"), err)
		}
	}
	for code, f := range v.vouchers {
		if r.Vouchers[code], err = pieces(foldDigits(trimmed(f))); err != nil {
			return r, msg.Errorf(tr("凭证实点：%w"), errPieces())
		}
	}
	n, err := strconv.Atoi(foldDigits(trimmed(v.seals)))
	if trimmed(v.seals) != "" && err != nil {
		return r, msg.Errorf(tr("印章、授权卡件数：%w"), errPieces())
	}
	r.Seals = n
	r.Keys = strings.FieldsFunc(trimmed(v.keys), func(c rune) bool { return c == ',' || c == '，' || c == '、' })
	return r, nil
}

func (v *leaveView) doHandOver() {
	a := v.a
	r, err := v.request()
	if err == nil {
		v.last, err = a.svc.LeaveHandOver(a.ctx, a.sess, r)
	}
	for _, f := range []*field{v.ownPass, v.recvPass, v.supPass, v.vaultPass, v.voucherPass} {
		f.SetText("")
	}
	if err != nil {
		log.Printf("ui: leave hand-over: %v", err)
		sayRefused(v.message, tr("交接未办理：")+errorText(err))
		return
	}
	v.grid.setCount(nil)
	for _, f := range []*field{v.amount, v.seals, v.keys, v.receiving, v.supervisor, v.vaultKeeper, v.voucherKeeper} {
		f.SetText("")
	}
	v.refresh()
	setEnabled(v.save, true)
	sayDone(v.message, fmt.Sprintf(tr("离岗交接 #%d 已办理：现金 %s、凭证 %d 段、印章 %d 件、钥匙 %d 把交 %s，监交 %s；请保存交接清单"),
		v.last.ID, v.last.Amount, len(v.last.Vouchers), len(v.last.Seals), len(v.last.Keys), v.last.Receiving.Label(), v.last.Supervisor.Label()))
}

// report is the last hand-over's 交接清单 as PDF.
func (v *leaveView) report() (string, func(io.Writer) error, error) {
	l, err := v.a.svc.LeaveHandOverRecord(v.a.ctx, v.a.sess, v.last.ID)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("离岗交接清单-%s-%s-%d.pdf", l.BusinessDate, l.Leaving.ID, l.ID)
	return name, func(w io.Writer) error { return pdf.WriteLeaveHandOver(w, l) }, nil
}
