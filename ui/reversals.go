package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/ledger"
)

// reversalView is the register of reversals (抹账/冲正登记簿): each
// reversing entry, the original it points at, its reason and approver.
type reversalView struct {
	a       *App
	table   *widget.Table
	all     *widget.Check // every business date, not only today's
	entries []ledger.Entry
	count   *widget.Label
	content fyne.CanvasObject
}

var reversalColumns = []column{
	{key("记账编号"), 72}, {key("营业日"), 100}, {key("时间"), 75}, {key("柜员"), 100}, {key("流水号"), 65}, {key("原交易"), 65},
	{key("业务种类"), 120}, {key("账号"), 160}, {key("金额"), 115}, {key("原因"), 190}, {key("审批（A级）"), 110},
}

func newReversalView(a *App) *reversalView {
	r := &reversalView{a: a, count: widget.NewLabel("")}
	r.table = newTable(reversalColumns, func() int { return len(r.entries) }, r.cell)
	r.all = widget.NewCheck(tr("显示所有营业日"), func(bool) { a.touch(); r.refresh() })
	r.content = container.NewBorder(container.NewHBox(r.all, r.count), nil, nil, nil, r.table)
	return r
}

func (r *reversalView) refresh() {
	date := r.a.sess.Branch().BusinessDate
	if r.all.Checked {
		date = ""
	}
	es, err := r.a.svc.Reversals(r.a.ctx, r.a.sess, date)
	if err != nil {
		r.a.showError("reversal register", err)
		return
	}
	r.entries = es
	r.count.SetText(fmt.Sprintf(tr("共 %d 笔冲正"), len(es)))
	r.table.Refresh()
}

func (r *reversalView) cell(row, col int) string {
	if row < 0 || row >= len(r.entries) {
		return ""
	}
	e := r.entries[row]
	switch col {
	case 0:
		return fmt.Sprintf("#%d", e.ID)
	case 1:
		return e.BusinessDate
	case 2:
		return e.PostedAt.Local().Format("15:04:05")
	case 3:
		return r.a.userLabel(e.Teller)
	case 4:
		return fmt.Sprintf("%06d", e.Seq)
	case 5:
		return fmt.Sprintf("#%d", e.Reverses)
	case 6:
		return tr(e.Kind.Title())
	case 7:
		return e.Account
	case 8:
		return e.Amount.String()
	case 9:
		return e.Reason
	case 10:
		return r.a.userLabel(e.AuthA)
	}
	return ""
}
