package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/money"
)

// vaultView is the vault keeper's screen (现金管理): the vault's stock by
// denomination, the movement form with its count and declared amount, and
// the count of the vault against the system (碰库).
type vaultView struct {
	a *App

	stock      cash.Count
	denoms     []cash.Denomination // the stock's lines: the rare 分 coins only when held
	stockTable *widget.Table
	stockTotal *widget.Label
	reload     *button

	kind      *widget.Select
	form      *widget.Form
	party     *field
	partyInfo *widget.Label
	partyName string // "1001 张三" or "支行 0100", once looked up
	grid      *countGrid
	amount    *field
	capital   *widget.Label // 大写, or whether the count matches
	submit    *button
	message   *widget.Label
	confirm   *credentialDialog // the open confirmation, if any
	handOver  *button           // offer to a teller at their own terminal
	pending   *handOverPane

	count       *countGrid
	countSubmit *button
	countResult *widget.Label
	lines       []cash.Line
	linesTable  *widget.Table
	counted     counter.VaultCount // the count shown, while it differs
	diffPane    *vaultDiffPane     // its difference: reason, B and A, to suspense

	notKeeper *widget.Label // who keeps the vault, shown instead of the forms
	tabs      *container.AppTabs
	moveTab   *container.TabItem
	countTab  *container.TabItem
	content   fyne.CanvasObject
}

var stockColumns = []column{{key("券别"), 100}, {key("张（枚）数"), 90}, {key("金额"), 140}}

var vaultLineColumns = []column{{key("券别"), 95}, {key("账面"), 70}, {key("实点"), 70}, {key("差额"), 55}, {key("差额金额"), 125}}

func newVaultView(a *App) *vaultView {
	v := &vaultView{a: a}
	v.stockTable = newTable(stockColumns, func() int { return len(v.denoms) }, func(row, col int) string {
		if row < 0 || row >= len(v.denoms) {
			return ""
		}
		d := v.denoms[row]
		n := v.stock[d.Code]
		switch col {
		case 0:
			return tr(d.Name)
		case 1:
			return fmt.Sprint(n)
		case 2:
			return (d.Face * money.Amount(n)).String()
		}
		return ""
	})
	v.stockTotal = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.reload = newButton(a, tr("刷新"), theme.ViewRefreshIcon(), v.refresh)
	stockPane := container.NewBorder(
		widget.NewLabelWithStyle(tr("总库库存"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewVBox(v.stockTotal, container.NewHBox(v.reload)), nil, nil, v.stockTable)

	titles := make([]string, len(vaultMoves))
	for i, m := range vaultMoves {
		titles[i] = tr(m.title)
	}
	v.party = newField(a, "")
	v.partyInfo = widget.NewLabel("")
	v.kind = newSelect(titles, func(string) { a.touch(); v.kindChanged() })
	v.grid = newCountGrid(a)
	v.amount = newField(a, tr("券别合计应等于此金额"))
	v.capital = messageLabel()
	v.submit = newButton(a, tr("提交 (Enter)"), theme.ConfirmIcon(), v.doMove)
	v.submit.Importance = widget.HighImportance
	wipe := newButton(a, tr("清空"), theme.ContentClearIcon(), v.resetMove)
	v.handOver = newButton(a, tr("交接给柜员（对方终端确认）"), theme.MailForwardIcon(), v.doHandOver)
	v.pending = newHandOverPane(a, true, counter.HandOverCash, v.refresh)
	v.message = messageLabel()
	v.message.Importance = widget.WarningImportance
	v.party.OnChanged = func(string) { v.lookup() }
	v.party.OnSubmitted = func(string) { a.win.Canvas().Focus(v.grid.first()) }
	v.grid.onChange = v.checkAmount
	v.grid.onDone = func() { a.win.Canvas().Focus(v.amount) }
	v.amount.OnChanged = func(string) { v.checkAmount() }
	v.amount.OnSubmitted = func(string) { v.doMove() }
	// Left to right and top to bottom is also the Tab order: who, the
	// count, the amount it adds up to, submit.
	v.form = widget.NewForm(
		widget.NewFormItem(tr("业务类型"), v.kind),
		widget.NewFormItem(vaultMoves[0].party, container.New(columnsLayout{160, 0}, v.party, v.partyInfo)),
	)
	left := container.NewVBox(v.form, widget.NewSeparator(), v.grid.content)
	side := container.NewVBox(widget.NewForm(widget.NewFormItem(tr("金额"), v.amount), widget.NewFormItem("", v.capital)),
		container.NewHBox(v.submit, wipe), v.handOver, v.message)
	move := container.NewVBox(
		container.NewHBox(container.New(widthLayout{400}, left), widget.NewSeparator(), container.New(widthLayout{400}, side)),
		widget.NewSeparator(), v.pending.content)

	v.count = newCountGrid(a)
	v.count.onDone = func() { a.win.Canvas().Focus(v.countSubmit) }
	v.countSubmit = newButton(a, tr("碰库 (Enter)"), theme.ConfirmIcon(), v.doCount)
	v.countSubmit.Importance = widget.HighImportance
	v.countResult = messageLabel()
	v.linesTable = newTable(vaultLineColumns, func() int { return len(v.lines) }, v.lineCell)
	v.linesTable.Hide()
	v.diffPane = newVaultDiffPane(v)
	countPane := container.NewBorder(nil, nil,
		container.NewVBox(widget.NewLabel(tr("按券别清点总库实物，逐项录入张（枚）数：")), v.count.content, container.NewHBox(v.countSubmit)),
		nil,
		container.NewBorder(v.countResult, v.diffPane.content, nil, nil, v.linesTable))

	v.moveTab = container.NewTabItemWithIcon(tr("出入库与调拨"), theme.MailSendIcon(), container.NewVScroll(container.NewPadded(move)))
	v.countTab = container.NewTabItemWithIcon(tr("碰库"), theme.ListIcon(), container.NewPadded(countPane))
	v.tabs = container.NewAppTabs(v.moveTab, v.countTab)
	v.tabs.OnSelected = func(t *container.TabItem) {
		a.touch()
		if t == v.countTab {
			a.win.Canvas().Focus(v.count.first())
		}
	}
	v.notKeeper = messageLabel()
	v.notKeeper.Importance = widget.WarningImportance
	v.notKeeper.Hide()
	v.content = container.NewBorder(nil, nil, container.New(widthLayout{350}, container.NewPadded(stockPane)), nil,
		container.NewBorder(container.NewPadded(v.notKeeper), nil, nil, nil, v.tabs))
	v.kind.SetSelectedIndex(0)
	return v
}

// refresh reloads the vault's stock; only the keeper sees the forms.
func (v *vaultView) refresh() {
	keeps, who, err := v.a.svc.KeepsVault(v.a.ctx, v.a.sess)
	if err != nil {
		v.a.showError("vault keeper", err)
		return
	}
	if keeps {
		v.notKeeper.Hide()
		v.tabs.Show()
	} else {
		v.notKeeper.SetText(fmt.Sprintf(tr("现金出入库、调拨和碰库只能由总库管库员 %s 办理。\n您可以查看总库库存。"), who))
		v.notKeeper.Show()
		v.tabs.Hide()
	}
	c, total, err := v.a.svc.VaultStock(v.a.ctx, v.a.sess)
	if err != nil {
		v.a.showError("vault stock", err)
		return
	}
	v.stock = c
	v.denoms = nil
	for _, d := range cash.Denominations() {
		if !d.Optional || c[d.Code] != 0 {
			v.denoms = append(v.denoms, d)
		}
	}
	v.stockTotal.SetText(tr("库存合计 ") + total.String())
	v.stockTable.Refresh()
	v.pending.refresh()
	v.lookup()
}
