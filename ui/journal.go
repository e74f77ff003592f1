package ui

import (
	"fmt"
	"log"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/ledger"
)

// journalView is the day's journal: a clerk sees their own entries, B and
// A the branch's (the service decides). Selecting an entry offers its
// reversal (冲正) with a reason and an A's approval, and its receipt.
type journalView struct {
	a          *App
	table      *widget.Table
	entries    []ledger.Entry
	reversedBy map[int64]int64
	selected   int // index into entries, or -1
	chosen     *widget.Label
	reason     *field
	reverse    *button
	receipt    *button
	print      *button
	reload     *button
	message    *widget.Label
	content    fyne.CanvasObject
}

var journalColumns = []column{
	{key("记账编号"), 80}, {key("流水号"), 70}, {key("时间"), 80}, {key("业务种类"), 150}, {key("账号"), 170}, {key("户名"), 150},
	{key("对方账号"), 170}, {key("金额"), 140}, {key("经办"), 110}, {key("授权"), 190}, {key("冲正标记"), 170},
}

func newJournalView(a *App) *journalView {
	j := &journalView{a: a, selected: -1, reversedBy: map[int64]int64{}}
	j.table = newTable(journalColumns, func() int { return len(j.entries) }, j.cell)
	j.table.OnSelected = func(id widget.TableCellID) { a.touch(); j.choose(id.Row) }
	j.chosen = widget.NewLabel(tr("请在上表选择一笔交易"))
	j.chosen.Wrapping = fyne.TextWrapWord
	j.reason = newField(a, tr("冲正原因（必填）"))
	j.reason.OnSubmitted = func(string) { j.doReverse() }
	j.reverse = newButton(a, tr("冲正"), theme.MediaReplayIcon(), j.doReverse)
	j.reverse.Importance = widget.DangerImportance
	j.receipt = newButton(a, tr("保存回单 PDF"), theme.DocumentSaveIcon(), func() {
		if e, ok := j.current(); ok {
			a.saveReceipt(e)
		}
	})
	j.print = newButton(a, tr("打印回单"), theme.DocumentPrintIcon(), func() {
		if e, ok := j.current(); ok {
			a.printReceipt(e)
		}
	})
	j.reload = newButton(a, tr("刷新"), theme.ViewRefreshIcon(), j.refresh)
	j.message = messageLabel()
	j.message.Importance = widget.WarningImportance
	j.choose(-1)
	actions := container.NewBorder(nil, nil, widget.NewLabel(tr("冲正原因")), container.NewHBox(j.reverse, j.receipt, j.print, j.reload), j.reason)
	j.content = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), j.chosen, actions, j.message), nil, nil, j.table)
	return j
}

// refresh reloads the day's journal and which entries stand reversed.
func (j *journalView) refresh() {
	es, err := j.a.svc.Journal(j.a.ctx, j.a.sess, "")
	if err != nil {
		j.a.showError("journal", err)
		return
	}
	j.entries = es
	j.reversedBy = map[int64]int64{}
	for _, e := range es {
		if e.ReversedBy != 0 {
			j.reversedBy[e.ID] = e.ReversedBy
		}
	}
	j.table.UnselectAll()
	j.choose(-1)
	j.table.Refresh()
}

// rowOf finds the row of an entry id, or -1.
func (j *journalView) rowOf(id int64) int {
	for i, e := range j.entries {
		if e.ID == id {
			return i
		}
	}
	return -1
}

func (j *journalView) cell(row, col int) string {
	if row < 0 || row >= len(j.entries) {
		return ""
	}
	e := j.entries[row]
	switch col {
	case 0:
		return fmt.Sprintf("#%d", e.ID)
	case 1:
		return fmt.Sprintf("%06d", e.Seq)
	case 2:
		return e.PostedAt.Local().Format("15:04:05")
	case 3:
		return entryTitle(e)
	case 4:
		return e.Account
	case 5:
		return j.a.holder(e.Account)
	case 6:
		return e.Counterparty
	case 7:
		return e.Amount.String()
	case 8:
		return j.a.userLabel(e.Teller)
	case 9:
		return authorizers(j.a, e)
	case 10:
		switch {
		case e.IsReversal():
			return fmt.Sprintf(tr("冲正原交易 #%d"), e.Reverses)
		case j.reversedBy[e.ID] != 0:
			return fmt.Sprintf(tr("已冲正（#%d）"), j.reversedBy[e.ID])
		}
	}
	return ""
}

// authorizers lists an entry's signatures: "B 2001 李四；A 3001 王五".
func authorizers(a *App, e ledger.Entry) string {
	var s []string
	if e.AuthB != "" {
		s = append(s, "B "+a.userLabel(e.AuthB))
	}
	if e.AuthA != "" {
		s = append(s, "A "+a.userLabel(e.AuthA))
	}
	return strings.Join(s, tr("；"))
}

func (j *journalView) current() (ledger.Entry, bool) {
	if j.selected < 0 || j.selected >= len(j.entries) {
		return ledger.Entry{}, false
	}
	return j.entries[j.selected], true
}

func (j *journalView) choose(row int) {
	j.selected = row
	e, ok := j.current()
	if !ok {
		j.selected = -1
		j.chosen.SetText(pickHint(len(j.entries), tr("请在上表选择一笔交易"), tr("本营业日尚无流水")))
		j.reverse.Disable()
		j.receipt.Disable()
		j.print.Disable()
		return
	}
	text := fmt.Sprintf(tr("已选：#%d 流水号 %06d %s 账号 %s 金额 %s 经办 %s"),
		e.ID, e.Seq, entryTitle(e), e.Account, e.Amount, j.a.userLabel(e.Teller))
	if lines := presenterLines(e.Presenter); len(lines) > 0 {
		text += "\n" + strings.Join(lines, "　")
	}
	if e.Settles != 0 {
		text += fmt.Sprintf(tr("\n处理挂账 #%d　说明：%s"), e.Settles, e.Reason)
		if e.Responsible != "" {
			text += tr("　赔偿人 ") + j.a.userLabel(e.Responsible)
		}
	}
	j.chosen.SetText(text)
	j.receipt.Enable()
	j.print.Enable()
	setEnabled(j.reverse, !e.IsReversal() && j.reversedBy[e.ID] == 0)
}

// doReverse drafts the reversal of the selected entry and asks an A to approve it.
func (j *journalView) doReverse() {
	e, ok := j.current()
	if !ok || j.reverse.Disabled() {
		return
	}
	a := j.a
	d, err := a.svc.PrepareReversal(a.ctx, a.sess, e.ID, j.reason.Text)
	if err != nil {
		log.Printf("ui: prepare reversal #%d: %v", e.ID, err)
		sayRefused(j.message, errorText(err))
		return
	}
	r := draftRequest(a, d, tr("冲正审批"))
	r.done = func() {
		re, err := a.svc.Post(a.ctx, d)
		if err != nil {
			log.Printf("ui: post reversal #%d: %v", e.ID, err)
			sayRefused(j.message, errorText(err))
			return
		}
		j.reason.SetText("")
		a.ws.refresh()
		j.refresh()
		sayDone(j.message, fmt.Sprintf(tr("冲正成功：记账编号 #%d 流水号 %06d，冲正原交易 #%d"), re.ID, re.Seq, e.ID))
		if row := j.rowOf(re.ID); row >= 0 {
			j.table.Select(widget.TableCellID{Row: row, Col: 0})
		}
	}
	r.refused = func(reason string) { sayRefused(j.message, tr("A级拒绝冲正，原因：")+reason) }
	r.cancelled = func() { sayRefused(j.message, tr("已取消冲正")) }
	sayRefused(j.message, tr("待审批：")+needText(d.Requirement()))
	a.authorize(r)
}
