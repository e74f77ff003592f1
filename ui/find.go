package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
)

// findDialog finds a customer's account by part of the holder's name or
// the start of the number; choosing a row puts the account in the form.
type findDialog struct {
	query   *field
	table   *widget.Table
	found   []ledger.Account
	message *widget.Label
	m       *modal
}

var findColumns = []column{{key("账号"), 180}, {key("户名"), 220}, {key("类型"), 90}}

// askFind opens the search (查找客户, F3) over the business form.
func (b *businessForm) askFind() {
	a := b.a
	f := &findDialog{query: newField(a, tr("户名的一部分（至少 2 个字）或账号开头（至少 4 位）")), message: messageLabel()}
	f.table = newTable(findColumns, func() int { return len(f.found) }, func(row, col int) string {
		if row < 0 || row >= len(f.found) {
			return ""
		}
		acct := f.found[row]
		return []string{acct.No, acct.Holder, tr(acct.Type.Title())}[col]
	})
	f.table.OnSelected = func(id widget.TableCellID) {
		if id.Row < 0 || id.Row >= len(f.found) {
			return
		}
		a.closeModal(f.m)
		b.find = nil
		b.account.SetText(f.found[id.Row].No)
		a.win.Canvas().Focus(b.nextAfterAccount())
	}
	search := func() {
		found, err := a.svc.FindAccounts(a.ctx, a.sess, f.query.Text)
		f.found = found
		f.table.UnselectAll()
		f.table.Refresh()
		switch {
		case err != nil:
			sayRefused(f.message, errorText(err))
		case len(found) == 0:
			sayRefused(f.message, tr("本网点没有这样的客户账户"))
		case len(found) == 1:
			sayNote(f.message, tr("找到 1 个账户，点击或按 Enter 选用"))
		case len(found) >= counter.FindLimit:
			sayNote(f.message, fmt.Sprintf(tr("找到的账户较多，只列出前 %d 个：请输入更多的户名或账号"), len(found)))
		default:
			sayNote(f.message, fmt.Sprintf(tr("找到 %d 个账户，点击选用"), len(found)))
		}
	}
	f.query.OnSubmitted = func(string) {
		if len(f.found) == 1 && f.message.Importance == widget.MediumImportance {
			f.table.Select(widget.TableCellID{Row: 0, Col: 0})
			return
		}
		search()
	}
	f.query.OnChanged = func(string) { f.found = nil }
	find := newButton(a, tr("查找"), theme.SearchIcon(), search)
	body := container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, nil, find, f.query), f.message), nil, nil, nil,
		container.New(widthLayout{500}, container.NewGridWrap(fyne.NewSize(500, 260), f.table)))
	done := newButton(a, tr("关闭 (Esc)"), theme.CancelIcon(), func() { a.closeModal(f.m); b.find = nil })
	b.find = f
	f.m = a.showModal(tr("查找客户"), body, []fyne.CanvasObject{done}, 560, f.query, func() { b.find = nil })
}
