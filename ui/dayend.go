package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"strings"

	"branchdesk/domain/counter"
)

// Steps of the day-end wizard.
const (
	stepPosition   = iota + 1 // what the system says the box holds
	stepCount                 // the teller's count
	stepDifference            // a difference explained and signed
	stepSeal                  // 查库封箱 with a B or an A
	stepDone                  // balanced and sealed: sign out, save the report
)

var dayEndSteps = map[int]string{
	stepPosition:   key("第 1 步（共 4 步）：核对账面"),
	stepCount:      key("第 2 步（共 4 步）：清点现金和凭证"),
	stepDifference: key("第 3 步（共 4 步）：长短款说明、签字和审批"),
	stepSeal:       key("第 4 步（共 4 步）：查库封箱"),
	stepDone:       key("轧账完成"),
}

// dayEndWizard is the teller's day end (日终轧账): the box as the system
// has it, the count by denomination with the difference shown as it is
// typed, a difference's reason with a B's sign-off and an A's approval,
// the box checked and sealed with a B or an A (查库封箱), then the formal
// sign-out and the end-of-day report.
type dayEndWizard struct {
	a *App
	w *workspace

	step  int
	pos   counter.Position
	box   counter.BoxCheck // what a seal of the box covers, as load read it
	title *widget.Label
	pages map[int]fyne.CanvasObject

	// Step 1.
	figures  map[string]*widget.Label
	latest   *widget.Label
	vouchers *widget.Label
	reload   *button
	toCount  *button
	toSeal   *button // shown while the latest balance waits for its seal
	message1 *widget.Label

	// Step 2.
	grid        *countGrid
	expected    *widget.Label
	counted     *widget.Label
	diff        *widget.Label
	voucherForm *widget.Form
	vcounts     map[string]*field // type code → blank vouchers counted
	vorder      []string
	back2       *button
	balance     *button
	message2    *widget.Label

	// Step 3.
	diff3  *widget.Label
	reason *field
	*signOff
	back3    *button
	submit3  *button
	message3 *widget.Label

	// Step 4.
	sealStep *boxSealStep

	// Done.
	result  *widget.Label
	signOut *button
	report  *button
	print   *button
	again   *button

	content fyne.CanvasObject
}

var positionLines = []struct{ key, title string }{
	{"date", key("营业日")}, {"opening", key("上日库存")}, {"in", key("现金收入")}, {"out", key("现金付出")},
	{"from", key("总库领入（出库）")}, {"to", key("交回总库（入库）")}, {"suspense", key("长短款挂账")}, {"expected", key("应有库存")},
}

func newDayEndWizard(w *workspace) *dayEndWizard {
	a := w.a
	z := &dayEndWizard{a: a, w: w, figures: map[string]*widget.Label{}, pages: map[int]fyne.CanvasObject{}}
	z.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})

	// Step 1.
	figures := widget.NewForm()
	for _, l := range positionLines {
		lab := widget.NewLabel("")
		if l.key == "expected" {
			lab.TextStyle.Bold = true
		}
		z.figures[l.key] = lab
		figures.Append(tr(l.title), lab)
	}
	z.latest = messageLabel()
	z.latest.Importance = widget.SuccessImportance
	z.vouchers = messageLabel()
	z.reload = newButton(a, tr("刷新"), theme.ViewRefreshIcon(), z.load)
	z.toCount = newButton(a, tr("下一步：清点 (Enter)"), theme.NavigateNextIcon(), func() { z.show(stepCount) })
	z.toCount.Importance = widget.HighImportance
	z.toSeal = newButton(a, tr("查库封箱"), theme.ConfirmIcon(), z.resumeSeal)
	z.toSeal.Hide()
	z.message1 = errorLabel()
	z.pages[stepPosition] = container.NewVBox(
		widget.NewLabelWithStyle(tr("钱箱账面"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), figures, z.latest,
		widget.NewSeparator(),
		widget.NewLabelWithStyle(tr("重要空白凭证"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), z.vouchers,
		container.NewHBox(z.reload, z.toCount, z.toSeal, newButton(a, tr("保存柜员日终报表 PDF"), theme.DocumentSaveIcon(), z.saveReport),
			newButton(a, tr("打印柜员日终报表"), theme.DocumentPrintIcon(), z.printReport)), z.message1)

	// Step 2.
	z.grid = newCountGrid(a)
	z.grid.onChange = z.showDiff
	z.grid.onDone = func() { z.focusAfter("") }
	z.expected = widget.NewLabel("")
	z.counted = widget.NewLabel("")
	z.diff = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	z.voucherForm = widget.NewForm()
	z.vcounts = map[string]*field{}
	z.back2 = newButton(a, tr("上一步"), theme.NavigateBackIcon(), func() { z.show(stepPosition) })
	z.balance = newButton(a, tr("轧账 (Enter)"), theme.ConfirmIcon(), z.doBalance)
	z.balance.Importance = widget.HighImportance
	z.message2 = errorLabel()
	side := container.NewVBox(
		widget.NewForm(widget.NewFormItem(tr("应有库存"), z.expected), widget.NewFormItem(tr("实点合计"), z.counted),
			widget.NewFormItem(tr("差额"), z.diff)),
		widget.NewSeparator(),
		widget.NewLabelWithStyle(tr("凭证实物（在手空白凭证张数）"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		z.voucherForm,
		container.NewHBox(z.back2, z.balance), z.message2)
	z.pages[stepCount] = container.NewHBox(z.grid.content, widget.NewSeparator(), container.New(widthLayout{380}, side))

	// Step 3.
	z.diff3 = messageLabel()
	z.diff3.Importance = widget.DangerImportance
	z.diff3.TextStyle.Bold = true
	z.reason = newField(a, tr("长短款原因（必填）"))
	z.signOff = newSignOff(a, tr("B级柜员号"))
	z.chain(a, z.reason, z.doExplain)
	z.back3 = newButton(a, tr("返回重新清点"), theme.NavigateBackIcon(), func() { z.show(stepCount) })
	z.submit3 = newButton(a, tr("提交轧账 (Enter)"), theme.ConfirmIcon(), z.doExplain)
	z.submit3.Importance = widget.HighImportance
	z.message3 = errorLabel()
	z.pages[stepDifference] = container.NewVBox(z.diff3,
		wrapped(tr("长短款不得自行处理：须注明原因，由B级柜员（业务主办）签字确认、A级柜员（业务主管）审批挂账。")),
		widget.NewForm(append(append([]*widget.FormItem{widget.NewFormItem(tr("原因"), z.reason)}, z.items()...),
			z.refusal(a, z.explain))...),
		container.NewHBox(z.back3, z.submit3), z.message3)

	// Step 4.
	z.sealStep = newBoxSealStep(z)
	z.pages[stepSeal] = z.sealStep.content

	// Done.
	z.result = messageLabel()
	z.signOut = newButton(a, tr("正式签退"), theme.LogoutIcon(), w.confirmSignOut)
	z.signOut.Importance = widget.HighImportance
	z.report = newButton(a, tr("保存柜员日终报表 PDF"), theme.DocumentSaveIcon(), z.saveReport)
	z.print = newButton(a, tr("打印柜员日终报表"), theme.DocumentPrintIcon(), z.printReport)
	z.again = newButton(a, tr("重新轧账"), theme.ViewRefreshIcon(), func() { z.load(); z.show(stepPosition) })
	z.pages[stepDone] = container.NewVBox(z.result, container.NewHBox(z.signOut, z.report, z.print, z.again))

	var pages []fyne.CanvasObject
	for s := stepPosition; s <= stepDone; s++ {
		pages = append(pages, z.pages[s])
	}
	body := container.NewVBox(z.title, widget.NewSeparator(), container.NewStack(pages...))
	z.content = container.NewPadded(container.NewVScroll(topCentred(800, body)))
	z.turn(stepPosition)
	return z
}

// dayState follows the teller's day: 正式签退 is offered only while the
// day is open, and after it the result says the day is over.
func (z *dayEndWizard) dayState(st counter.DayState) {
	setEnabled(z.signOut, st == counter.DayOpen)
	if st == counter.DayClosed && z.step == stepDone && strings.Contains(z.result.Text, tr(signOutHint)) {
		z.result.SetText(strings.Replace(z.result.Text, tr(signOutHint), tr("\n已正式签退，本营业日结束。"), 1))
	}
}

// refresh reloads the position when the wizard is at its first step; a
// count being typed is left alone.
func (z *dayEndWizard) refresh() {
	if z.step == stepPosition {
		z.load()
		z.a.win.Canvas().Focus(z.toCount)
	}
}
