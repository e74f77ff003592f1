package ui

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/msg"
	"branchdesk/domain/support"
	"branchdesk/storage/pdf"
)

// serviceVouchersView is the 服务券 sub-tab: the year's service-voucher
// register (服务补贴券登记簿) with its budget, an application form, and
// the chosen application's redemption, settlement and cancellation. The
// rules live in domain/support; this screen shows the register's answers.
type serviceVouchersView struct {
	d        *financeView
	reg      *support.Register
	year     int
	budget   *widget.Label
	addFunds *button
	print    *button

	name, code, amount *field
	item               *widget.Select
	who                *voucherApplicantForm
	apply              *button

	table    *widget.Table
	apps     []support.Application
	selected int
	chosen   *widget.Label
	redeem   *button
	cancel   *button

	reds      *widget.Table
	redRows   []support.Redemption
	redChosen int
	settle    *button
	message   *widget.Label
	// parts are the register and the application form, each a page of
	// its own: under the register the form left its table no room.
	parts      *container.AppTabs
	form       *deskForm // the dialog open, for tests
	redeemForm *redeemForm
	reason     *field // the 作废 dialog's
	content    fyne.CanvasObject
}

var serviceVoucherColumns = []column{
	{key("编号"), 130}, {key("企业名称"), 190}, {key("统一社会信用代码"), 170}, {key("企业规模"), 150}, {key("申请日期"), 96}, {key("状态"), 64},
	{key("面值合计"), 96}, {key("有效期至"), 96}, {key("已兑用"), 96}, {key("作废原因"), 160},
}

var serviceRedemptionColumns = []column{
	{key("兑用号"), 130}, {key("申请编号"), 130}, {key("服务机构"), 180}, {key("合同编号"), 110}, {key("合同金额"), 110},
	{key("兑用金额"), 96}, {key("券号"), 200}, {key("结算"), 140},
}

func newServiceVouchersView(d *financeView) *serviceVouchersView {
	a := d.a
	v := &serviceVouchersView{d: d, selected: -1, redChosen: -1}
	v.budget = widget.NewLabel("")
	v.addFunds = newButton(a, tr("增加年度额度"), theme.ContentAddIcon(), v.askBudget)
	v.print = newButton(a, tr("登记簿 PDF"), theme.DocumentPrintIcon(), v.savePDF)
	v.name = newField(a, tr("企业名称"))
	v.code = newField(a, tr("统一社会信用代码"))
	v.amount = newField(a, tr("服务合同金额（元）"))
	v.item = newSelect(titles(support.ServiceItems(), support.ServiceItem.Title), func(string) { a.touch() })
	v.item.PlaceHolder = tr("服务项目")
	v.apply = newButton(a, tr("申请"), theme.ContentAddIcon(), v.doApply)
	v.apply.Importance = widget.HighImportance
	v.name.OnSubmitted = func(string) { a.win.Canvas().Focus(v.code) }
	v.code.OnSubmitted = func(string) { a.win.Canvas().Focus(v.amount) }
	v.amount.OnSubmitted = func(string) { v.doApply() }
	v.who = newVoucherApplicantForm(a, d.svc.VoucherSize)

	v.table = deskTable(serviceVoucherColumns, func() int { return len(v.apps) }, v.cell, func(row int) widget.Importance {
		if row < len(v.apps) && v.apps[row].State == support.Cancelled {
			return widget.DangerImportance
		}
		return widget.MediumImportance
	})
	v.table.OnSelected = func(id widget.TableCellID) { a.touch(); v.choose(id.Row) }
	v.chosen = widget.NewLabel("")
	v.redeem = newButton(a, tr("兑用"), theme.ConfirmIcon(), v.askRedeem)
	v.cancel = newButton(a, tr("作废"), theme.DeleteIcon(), v.askCancel)
	v.reds = deskTable(serviceRedemptionColumns, func() int { return len(v.redRows) }, v.redCell, nil)
	v.reds.OnSelected = func(id widget.TableCellID) { a.touch(); v.chooseRedemption(id.Row) }
	v.settle = newButton(a, tr("结算"), theme.ConfirmIcon(), v.doSettle)
	v.message = deskStatus()
	v.choose(-1)
	v.chooseRedemption(-1)

	head := container.NewBorder(nil, nil, nil, container.NewHBox(v.addFunds, v.print), v.budget)
	entry := container.NewBorder(nil, nil, nil,
		container.NewHBox(deskSized(v.code, 190), deskSized(v.item, 130), deskSized(v.amount, 150), v.apply), v.name)
	actions := container.NewBorder(nil, nil, nil, container.NewHBox(v.redeem, v.cancel), v.chosen)
	redHead := container.NewBorder(nil, nil, nil, v.settle,
		widget.NewLabelWithStyle(tr("兑用与结算"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	lower := container.NewBorder(container.NewVBox(actions, widget.NewSeparator(), redHead), nil, nil, nil, v.reds)
	split := container.NewVSplit(v.table, lower)
	v.parts = container.NewAppTabs(
		container.NewTabItemWithIcon(tr("登记簿"), theme.ListIcon(), split),
		container.NewTabItemWithIcon(tr("申请服务补贴券"), theme.DocumentCreateIcon(),
			container.NewVScroll(container.NewVBox(entry, v.who.content))))
	v.content = container.NewBorder(head, v.message, nil, nil, v.parts)
	return v
}

func (v *serviceVouchersView) cell(row, col int) string {
	if row >= len(v.apps) {
		return ""
	}
	ap := v.apps[row]
	switch col {
	case 0:
		return ap.ID
	case 1:
		return ap.Name
	case 2:
		return ap.Code
	case 3:
		return applicantSizeText(ap)
	case 4:
		return ap.AppliedOn
	case 5:
		if ap.State == support.Waiting {
			return fmt.Sprintf(tr("候补第 %d 位"), v.place(row))
		}
		return tr(ap.State.Title())
	case 6:
		return ap.Plan.Total.String()
	case 7:
		return ap.Expires
	case 8:
		if ap.WasIssued {
			return fmt.Sprintf(tr("%d/%d 张"), len(ap.Redeemed), len(ap.Vouchers))
		}
	case 9:
		return ap.Reason
	}
	return ""
}

// place is a waiting application's turn: 1 for the next to be issued.
func (v *serviceVouchersView) place(row int) int {
	n := 0
	for _, ap := range v.apps[:row+1] {
		if ap.State == support.Waiting {
			n++
		}
	}
	return n
}

func (v *serviceVouchersView) redCell(row, col int) string {
	if row >= len(v.redRows) {
		return ""
	}
	r := v.redRows[row]
	switch col {
	case 0:
		return r.ID
	case 1:
		return r.App
	case 2:
		return r.Institution
	case 3:
		return r.ContractNo
	case 4:
		return r.ContractAmount.String()
	case 5:
		return r.Amount.String()
	case 6:
		return strings.Join(r.Numbers, tr("、"))
	case 7:
		if r.Settled {
			return tr("已结算 ") + r.SettledOn
		}
		return tr("未结算")
	}
	return ""
}

// refresh reloads the register of the business date's year.
func (v *serviceVouchersView) refresh() {
	a := v.d.a
	reg, err := v.d.svc.VoucherRegister(a.ctx, a.sess)
	if err == nil {
		v.year, err = support.Stamp{On: a.sess.Branch().BusinessDate}.Year()
	}
	if err != nil {
		deskSay(v.message, "", err)
		return
	}
	v.reg = reg
	id := ""
	if ap, ok := v.current(); ok {
		id = ap.ID
	}
	v.apps = reg.Applications(v.year)
	v.redRows = nil
	for _, r := range reg.Redemptions() {
		if ap, _ := reg.Application(r.App); ap.Year == v.year {
			v.redRows = append(v.redRows, r)
		}
	}
	s := reg.Summary(v.year)
	v.budget.SetText(fmt.Sprintf(tr("%d 年度额度 %s，已占用 %s，余额 %s；候补 %d 户"), v.year, s.Budget, s.Used, s.Remaining, s.Waiting))
	setEnabled(v.addFunds, v.d.manager())
	v.table.Refresh()
	v.reds.Refresh()
	sel := -1
	for i, ap := range v.apps {
		if ap.ID == id {
			sel = i
		}
	}
	v.choose(sel)
	v.chooseRedemption(-1)
}

func (v *serviceVouchersView) current() (support.Application, bool) {
	if v.selected < 0 || v.selected >= len(v.apps) {
		return support.Application{}, false
	}
	return v.apps[v.selected], true
}

// choose shows the application's vouchers and offers what may be done.
func (v *serviceVouchersView) choose(row int) {
	v.selected = row
	ap, ok := v.current()
	if !ok {
		v.chosen.SetText(pickHint(len(v.apps), tr("请在上表选择一项申请"), tr("尚无服务补贴券申请")))
		v.redeem.Disable()
		v.cancel.Disable()
		return
	}
	var vs []string
	for _, vc := range ap.Vouchers {
		s := fmt.Sprintf("%s %s %s", vc.Number, tr(vc.Item.Title()), vc.Face)
		if ap.Redeemed[vc.Number] != "" {
			s += tr("（已兑用）")
		}
		vs = append(vs, s)
	}
	text := ap.ID + " " + ap.Name + tr("：") + tr(ap.State.Title())
	if len(vs) > 0 {
		text += "\n" + strings.Join(vs, tr("；"))
	}
	v.chosen.SetText(text)
	setEnabled(v.redeem, ap.State == support.Issued && len(ap.Redeemed) < len(ap.Vouchers))
	setEnabled(v.cancel, ap.State != support.Cancelled && v.d.manager())
}

func (v *serviceVouchersView) chooseRedemption(row int) {
	v.redChosen = row
	ok := row >= 0 && row < len(v.redRows) && !v.redRows[row].Settled
	setEnabled(v.settle, ok)
}

// said shows what the register recorded.
func (v *serviceVouchersView) said(es []support.RegisterEvent) {
	var parts []string
	for _, e := range es {
		switch e.Kind {
		case support.EventApply:
			parts = append(parts, fmt.Sprintf(tr("已登记申请 %s"), e.Ref))
		case support.EventIssue:
			parts = append(parts, fmt.Sprintf(tr("已发放 %s %d 张共 %s，有效期至 %s"), e.Ref, len(e.Vouchers), e.Amount, e.Expires))
		case support.EventRedeem:
			parts = append(parts, fmt.Sprintf(tr("已兑用 %s 共 %s"), e.Ref, e.Amount))
		case support.EventSettle:
			parts = append(parts, fmt.Sprintf(tr("已与 %s 结算 %s"), e.Institution, e.Amount))
		case support.EventCancel:
			parts = append(parts, fmt.Sprintf(tr("已作废 %s"), e.Ref))
		case support.EventBudget:
			parts = append(parts, fmt.Sprintf(tr("%d 年度额度增加 %s"), e.Year, e.Amount))
		}
	}
	if len(es) > 0 && es[0].Kind == support.EventApply && len(es) == 1 {
		parts = append(parts, tr("年度额度不足，已按申请先后登记候补"))
	}
	v.refresh()
	deskSay(v.message, strings.Join(parts, tr("；")), nil)
}

func (v *serviceVouchersView) doApply() {
	a := v.d.a
	i := v.item.SelectedIndex()
	if i < 0 {
		deskSay(v.message, "", errors.New(tr("请选择服务合同的服务项目")))
		return
	}
	amount, err := parseYuan(v.amount.Text)
	if err != nil {
		deskSay(v.message, "", msg.Errorf(tr("服务合同金额：%w"), err))
		return
	}
	who, err := v.who.applicant()
	if err != nil {
		deskSay(v.message, "", err)
		return
	}
	es, err := v.d.svc.ApplyVouchers(a.ctx, a.sess, support.ApplyRequest{Code: v.code.Text, Name: v.name.Text,
		Contracts: []support.Contract{{Item: support.ServiceItems()[i], Amount: amount}}, Applicant: who})
	if err != nil {
		deskSay(v.message, "", err)
		return
	}
	v.name.SetText("")
	v.code.SetText("")
	v.amount.SetText("")
	v.who.clear()
	v.parts.SelectIndex(0) // the register, with the new application
	v.said(es)
}

func (v *serviceVouchersView) askBudget() {
	a := v.d.a
	amount := newField(a, tr("元"))
	v.form = a.askDeskForm(tr("增加年度额度"), fmt.Sprintf(tr("%d 年度服务补贴券额度；增加后按申请先后发放候补的申请。"), v.year), tr("增加"),
		[]*widget.FormItem{widget.NewFormItem(tr("增加金额（元）"), amount)}, amount, func() error {
			m, err := parseYuan(amount.Text)
			if err != nil {
				return err
			}
			es, err := v.d.svc.AddVoucherBudget(a.ctx, a.sess, v.year, m)
			if err != nil {
				return err
			}
			v.said(es)
			return nil
		})
}

// redeemForm is the 兑用 dialog's fields.
type redeemForm struct {
	presenter, institution, contractNo, amount, numbers *field
}

func (v *serviceVouchersView) askRedeem() {
	ap, ok := v.current()
	if !ok {
		return
	}
	a := v.d.a
	f := &redeemForm{
		presenter: newField(a, tr("持券企业的统一社会信用代码")), institution: newField(a, tr("签约服务机构")),
		contractNo: newField(a, tr("服务合同编号")), amount: newField(a, tr("服务合同金额（元）")),
		numbers: newField(a, tr("券号，以顿号或逗号分隔")),
	}
	var open []string
	for _, vc := range ap.Vouchers {
		if ap.Redeemed[vc.Number] == "" {
			open = append(open, vc.Number)
		}
	}
	f.numbers.SetText(strings.Join(open, tr("、")))
	v.redeemForm = f
	it := widget.NewFormItem
	intro := fmt.Sprintf(tr("%s %s：记名服务补贴券，仅限本企业使用，有效期至 %s；每个服务项目使用的券额不超过合同金额的%d%%。"),
		ap.ID, ap.Name, ap.Expires, support.VoucherContractPercent)
	v.form = a.askDeskForm(tr("服务补贴券兑用"), intro, tr("兑用"), []*widget.FormItem{
		it(tr("持券企业代码"), f.presenter), it(tr("服务机构"), f.institution), it(tr("合同编号"), f.contractNo),
		it(tr("合同金额（元）"), f.amount), it(tr("券号"), f.numbers),
	}, f.presenter, func() error {
		amount, err := parseYuan(f.amount.Text)
		if err != nil {
			return msg.Errorf(tr("服务合同金额：%w"), err)
		}
		nums := strings.FieldsFunc(f.numbers.Text, func(r rune) bool { return strings.ContainsRune("、,，;； \u3000", r) })
		for i, n := range nums {
			nums[i] = foldDigits(n)
		}
		item := support.ServiceItem(0)
		if vc, ok := voucherOf(ap, nums); ok {
			item = vc.Item
		}
		es, err := v.d.svc.RedeemVouchers(a.ctx, a.sess, support.RedeemRequest{App: ap.ID, Presenter: f.presenter.Text,
			Numbers: nums, Institution: f.institution.Text, ContractNo: f.contractNo.Text, Item: item, ContractAmount: amount})
		if err != nil {
			return err
		}
		v.said(es)
		return nil
	})
}

// voucherOf is the first of the numbers that is a voucher of the
// application: the contract's service item is the vouchers'.
func voucherOf(ap support.Application, nums []string) (support.IssuedVoucher, bool) {
	for _, n := range nums {
		for _, vc := range ap.Vouchers {
			if vc.Number == n {
				return vc, true
			}
		}
	}
	return support.IssuedVoucher{}, false
}

func (v *serviceVouchersView) askCancel() {
	ap, ok := v.current()
	if !ok {
		return
	}
	a := v.d.a
	reason := newField(a, tr("发现的恶意串通、弄虚作假情况"))
	v.reason = reason
	v.form = a.askDeskForm(tr("作废服务补贴券"), fmt.Sprintf(tr("%s %s：作废后不能兑用或结算，当年不得再申请；未结算的额度退回。"), ap.ID, ap.Name), tr("作废"),
		[]*widget.FormItem{widget.NewFormItem(tr("原因"), reason)}, reason, func() error {
			es, err := v.d.svc.CancelVouchers(a.ctx, a.sess, ap.ID, reason.Text)
			if err != nil {
				return err
			}
			v.said(es)
			return nil
		})
}

func (v *serviceVouchersView) doSettle() {
	if v.redChosen < 0 || v.redChosen >= len(v.redRows) {
		return
	}
	a := v.d.a
	es, err := v.d.svc.SettleVouchers(a.ctx, a.sess, v.redRows[v.redChosen].ID)
	if err != nil {
		deskSay(v.message, "", err)
		return
	}
	v.said(es)
}

// writePDF writes the year's register.
func (v *serviceVouchersView) writePDF(w io.Writer) error {
	b := v.d.a.sess.Branch()
	return pdf.WriteServiceVouchers(w, strings.TrimSpace(b.ID+" "+b.Name), v.year, v.reg)
}

func (v *serviceVouchersView) savePDF() {
	if v.reg == nil {
		return
	}
	name := fmt.Sprintf("服务补贴券登记簿_%s_%d.pdf", deskFileName(v.d.a.sess.Branch().ID), v.year)
	v.d.a.saveDeskFile(tr("服务补贴券登记簿 PDF"), name, ".pdf", v.writePDF)
}
