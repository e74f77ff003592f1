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
)

// suspenseView is 挂账管理 (第十四条): the branch's cash differences in
// suspense with their age, and the resolution of the one selected —
// found or returned, repaid, or written off — in part or whole, with a
// B's and an A's passwords at this terminal.
type suspenseView struct {
	a        *App
	table    *widget.Table
	all      *widget.Check // resolved items too
	items    []counter.SuspenseItem
	selected int
	count    *widget.Label

	chosen      *widget.Label
	way         *widget.Select
	ways        []ledger.Way
	amount      *field
	reason      *field
	responsible *field
	*signOff
	resolve *button
	message *widget.Label
	// wayRefused tells the message says why the chosen way is not open
	// to the item (核销 before the upper level approved it).
	wayRefused bool
	content    fyne.CanvasObject
}

var suspenseColumns = []column{
	{key("挂账编号"), 80}, {key("挂账日"), 100}, {key("柜员"), 110}, {key("种类"), 90}, {key("挂账金额"), 120},
	{key("已处理"), 120}, {key("未处理"), 120}, {key("已挂天数"), 80}, {key("原因"), 200}, {key("上级批准"), 260},
}

func newSuspenseView(a *App) *suspenseView {
	v := &suspenseView{a: a, selected: -1, count: widget.NewLabel("")}
	v.table = newTable(suspenseColumns, func() int { return len(v.items) }, v.cell)
	v.table.OnSelected = func(id widget.TableCellID) { a.touch(); v.choose(id.Row) }
	v.all = widget.NewCheck(tr("显示已处理完毕的挂账"), func(bool) { a.touch(); v.refresh() })
	v.chosen = widget.NewLabel("")
	v.chosen.Wrapping = fyne.TextWrapWord
	v.way = newSelect(nil, func(string) { a.touch(); v.wayChanged() })
	v.amount = newField(a, tr("本次处理金额，可部分处理"))
	v.reason = newField(a, tr("处理说明（必填），如：次日清点找回"))
	v.responsible = newField(a, tr("赔偿人柜员号（短款赔偿）"))
	v.signOff = newSignOff(a, tr("B级柜员号"))
	v.resolve = newButton(a, tr("处理挂账"), theme.ConfirmIcon(), func() { v.doResolve(noRefusal) })
	v.resolve.Importance = widget.HighImportance
	v.passA.OnSubmitted = func(string) { v.doResolve(noRefusal) }
	v.message = messageLabel()
	form := widget.NewForm(
		widget.NewFormItem(tr("处理方式"), v.way),
		widget.NewFormItem(tr("金额"), v.amount),
		widget.NewFormItem(tr("说明"), v.reason),
		widget.NewFormItem(tr("赔偿人"), v.responsible),
		widget.NewFormItem(tr("B级复核"), container.NewGridWithColumns(2, v.signB, v.passB)),
		widget.NewFormItem(tr("A级审批"), container.NewGridWithColumns(2, v.approveA, v.passA)),
		v.refusal(a, v.doResolve),
	)
	bottom := container.NewVBox(widget.NewSeparator(), v.chosen, form, container.NewHBox(v.resolve), v.message)
	// The register above and the settling form below, each with room of
	// its own (a scroll at the bottom of a border would get one line).
	split := container.NewVSplit(v.table, container.NewVScroll(bottom))
	split.Offset = 0.3
	v.content = container.NewBorder(container.NewHBox(v.all, v.count), nil, nil, nil, split)
	v.choose(-1)
	return v
}

// refresh reloads the register; the selection is kept by item.
func (v *suspenseView) refresh() {
	a := v.a
	var keep int64
	if i, ok := v.current(); ok {
		keep = i.Entry.ID
	}
	items, err := a.svc.SuspenseItems(a.ctx, a.sess, v.all.Checked)
	if err != nil {
		a.showError("suspense", err)
		return
	}
	v.items = items
	var open money.Amount
	for _, i := range items {
		open += i.Open
	}
	v.count.SetText(fmt.Sprintf(tr("共 %d 笔挂账，未处理合计 %s"), len(items), open))
	v.table.UnselectAll()
	v.table.Refresh()
	v.choose(-1)
	for row, i := range items {
		if i.Entry.ID == keep {
			v.table.Select(widget.TableCellID{Row: row, Col: 0})
		}
	}
}

func (v *suspenseView) cell(row, col int) string {
	if row < 0 || row >= len(v.items) {
		return ""
	}
	i := v.items[row]
	switch col {
	case 0:
		return fmt.Sprintf("#%d", i.Entry.ID)
	case 1:
		return i.Entry.BusinessDate
	case 2:
		return v.whose(i)
	case 3:
		return tr(i.Entry.Kind.Title())
	case 4:
		return i.Entry.Amount.String()
	case 5:
		return i.Resolved.String()
	case 6:
		return i.Open.String()
	case 7:
		return fmt.Sprint(i.AgeDays)
	case 8:
		return i.Entry.Reason
	case 9:
		return msgText(i.Decision.Message())
	}
	return ""
}

func (v *suspenseView) current() (counter.SuspenseItem, bool) { return rowAt(v.items, v.selected) }

// choose shows the item of row and the ways that fit it.
func (v *suspenseView) choose(row int) {
	v.selected = row
	i, ok := v.current()
	if !ok {
		v.selected = -1
		v.chosen.SetText(pickHint(len(v.items), tr("请在上表选择一笔挂账"), tr("暂无挂账")))
		v.way.Options, v.ways = nil, nil
		v.way.ClearSelected()
		v.resolve.Disable()
		v.setRefusable(false)
		return
	}
	who := fmt.Sprintf(tr("柜员 %s"), v.a.userLabel(i.Entry.Teller))
	if i.Vault() {
		who = v.whose(i)
	}
	text := fmt.Sprintf(tr("已选：挂账 #%d %s %s（%s，%s，已挂 %d 天）未处理 %s；上级批准：%s"),
		i.Entry.ID, tr(i.Entry.Kind.Title()), i.Entry.Amount, who, i.Entry.BusinessDate, i.AgeDays, i.Open, msgText(i.Decision.Message()))
	for _, r := range i.Resolutions {
		text += fmt.Sprintf("\n　#%d %s %s %s", r.ID, r.BusinessDate, tr(r.Kind.Title()), r.Amount)
	}
	v.chosen.SetText(text)
	v.ways, v.way.Options = nil, nil
	for _, w := range i.Ways() {
		v.ways = append(v.ways, w)
		v.way.Options = append(v.way.Options, w.Title(i.Entry.Kind))
	}
	v.amount.SetText(plainAmount(i.Open))
	setEnabled(v.resolve, i.Open > 0)
	v.setRefusable(i.Open > 0)
	v.way.SetSelectedIndex(0)
}

// plainAmount is an amount as typed: 60.00.
func plainAmount(m money.Amount) string {
	return strings.NewReplacer("¥", "", ",", "").Replace(m.String())
}

// wayChanged proposes the short teller as who repays a shortage, and
// says why an item the upper level has not approved is not written off.
func (v *suspenseView) wayChanged() {
	i, ok := v.current()
	if !ok {
		return
	}
	w := v.way.SelectedIndex()
	if v.wayRefused {
		v.wayRefused = false
		v.message.SetText("")
		setEnabled(v.resolve, i.Open > 0)
	}
	if w >= 0 && w < len(v.ways) && v.ways[w] == ledger.WayWrittenOff && i.Open > 0 {
		if err := i.WriteOffAllowed(); err != nil {
			v.wayRefused = true
			v.resolve.Disable()
			sayRefused(v.message, errorText(err))
		}
	}
	if w >= 0 && w < len(v.ways) && v.ways[w] == ledger.WayRepaid {
		v.responsible.SetText(i.Entry.Teller)
		v.responsible.Enable()
		return
	}
	v.responsible.SetText("")
	v.responsible.Disable()
}

// doResolve resolves the chosen item, or has the B or the A refuse it.
func (v *suspenseView) doResolve(by refuser) {
	a := v.a
	i, ok := v.current()
	if !ok || v.resolve.Disabled() {
		return
	}
	amt, err := money.Parse(v.amount.Text)
	if err != nil {
		v.wipePasswords()
		sayRefused(v.message, errorText(err))
		return
	}
	in := counter.Resolution{Item: i.Entry.ID, Amount: amt, Reason: v.reason.Text, Responsible: trimmed(v.responsible)}
	if w := v.way.SelectedIndex(); w >= 0 && w < len(v.ways) {
		in.Way = v.ways[w]
	}
	in.SignB, in.ApproveA = v.credentials(by)
	v.wipePasswords()
	e, err := a.svc.ResolveSuspense(a.ctx, a.sess, in)
	if err != nil {
		log.Printf("ui: resolve suspense #%d: %v", i.Entry.ID, err)
		if errors.Is(err, authz.ErrRefused) {
			v.signOff.clear()
		}
		sayRefused(v.message, errorText(err))
		return
	}
	v.reason.SetText("")
	v.signOff.clear()
	a.ws.refresh()
	v.refresh()
	sayDone(v.message, fmt.Sprintf(tr("挂账处理成功：%s 记账编号 #%d 金额 %s，处理挂账 #%d"), tr(e.Kind.Title()), e.ID, e.Amount, i.Entry.ID))
}

// whose is whose difference an item is: a teller's box, or the vault as
// its keeper counted it.
func (v *suspenseView) whose(i counter.SuspenseItem) string {
	if i.Vault() {
		return fmt.Sprintf(tr("总库（管库员 %s）"), v.a.userLabel(i.Entry.Teller))
	}
	return v.a.userLabel(i.Entry.Teller)
}
