package ui

import (
	"context"
	"fmt"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
)

// reviewView is 复核监督 for B and A (第七条三、四): above, the day's
// authorized business for 滞后复核 (tick, query, answer); below, every
// teller's journal of the day due for 事后监督, by item or a whole day at
// once once each exception is ticked as seen. The service decides who may.
type reviewView struct {
	a *App

	late      []counter.LateItem
	lateTable *widget.Table
	lateRow   int
	lateNote  *field
	tick      *button
	query     *button
	answer    *button
	lateSum   *widget.Label

	date     string
	rows     []supervisedRow
	supTable *widget.Table
	supRow   int
	seen     map[int64]bool // exceptions ticked as seen on this screen
	see      *button
	item     *button
	day      *button
	supSum   *widget.Label

	reload  *button
	message *widget.Label
	content fyne.CanvasObject
}

// supervisedRow is one entry of the supervision table, with its teller.
type supervisedRow struct {
	teller string
	name   string
	e      counter.SupervisedEntry
}

// entryColumns open both lists: the business as the journal shows it.
var entryColumns = []column{
	{key("经办柜员"), 110}, {key("记账编号"), 80}, {key("流水号"), 70}, {key("业务种类"), 140}, {key("账号"), 170}, {key("金额"), 140},
}

var lateColumns = append(entryColumns[:len(entryColumns):len(entryColumns)], column{key("授权"), 190}, column{key("复核状态"), 260})

var supervisionColumns = append(entryColumns[:len(entryColumns):len(entryColumns)], column{key("例外事项"), 400}, column{key("已查看"), 100}, column{key("监督"), 110})

func newReviewView(a *App) *reviewView {
	v := &reviewView{a: a, lateRow: -1, supRow: -1, seen: map[int64]bool{}}
	v.lateTable = newTable(lateColumns, func() int { return len(v.late) }, v.lateCell)
	v.lateTable.OnSelected = func(id widget.TableCellID) { a.touch(); v.chooseLate(id.Row) }
	v.lateNote = newField(a, tr("复核说明；提出查询须填原因，答复查询须填说明"))
	v.tick = newButton(a, tr("复核无误"), theme.ConfirmIcon(), func() { v.doLate(a.svc.CheckLate, tr("已复核")) })
	v.query = newButton(a, tr("提出查询"), theme.QuestionIcon(), func() { v.doLate(a.svc.QueryLate, tr("已提出查询")) })
	v.answer = newButton(a, tr("答复并关闭查询"), theme.MailReplyIcon(), func() { v.doLate(a.svc.AnswerQuery, tr("查询已答复关闭")) })
	v.lateSum = heading("")

	v.supTable = newTable(supervisionColumns, func() int { return len(v.rows) }, v.supCell)
	v.supTable.OnSelected = func(id widget.TableCellID) { a.touch(); v.chooseSup(id.Row) }
	v.see = newButton(a, tr("例外已查看"), theme.VisibilityIcon(), v.doSee)
	v.item = newButton(a, tr("逐笔监督"), theme.ConfirmIcon(), v.doItem)
	v.day = newButton(a, tr("整日监督（所选柜员）"), theme.DocumentIcon(), v.doDay)
	v.supSum = heading("")
	v.reload = newButton(a, tr("刷新"), theme.ViewRefreshIcon(), v.refresh)
	v.message = messageLabel()

	late := container.NewBorder(
		v.lateSum,
		container.NewBorder(nil, nil, widget.NewLabel(tr("说明")), container.NewHBox(v.tick, v.query, v.answer), v.lateNote),
		nil, nil, v.lateTable)
	sup := container.NewBorder(
		v.supSum,
		container.NewHBox(v.see, v.item, v.day),
		nil, nil, v.supTable)
	split := container.NewVSplit(late, sup)
	v.content = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, v.reload, v.message)), nil, nil, split)
	v.chooseLate(-1)
	v.chooseSup(-1)
	return v
}

// refresh reloads both lists.
func (v *reviewView) refresh() {
	a := v.a
	late, err := a.svc.LateReviews(a.ctx, a.sess)
	if err != nil {
		log.Printf("ui: late reviews: %v", err)
		sayError(v.message, errorText(err))
		return
	}
	date, err := a.svc.SupervisionDue(a.ctx, a.sess)
	if err != nil {
		sayError(v.message, errorText(err))
		return
	}
	js, err := a.svc.Supervision(a.ctx, a.sess, date)
	if err != nil {
		sayError(v.message, errorText(err))
		return
	}
	v.late, v.date, v.rows = late, date, nil
	for _, j := range js {
		for _, e := range j.Entries {
			v.rows = append(v.rows, supervisedRow{teller: j.Teller, name: j.Name, e: e})
		}
	}
	left, open := 0, 0
	for _, it := range late {
		if !it.Done() {
			left++
		}
		if it.Open() {
			open++
		}
	}
	v.lateSum.SetText(fmt.Sprintf(tr("滞后复核：营业日 %s 授权业务 %d 笔，未复核 %d 笔（其中查询待答复 %d 笔）"),
		a.sess.Branch().BusinessDate, len(late), left, open))
	pending := 0
	for _, r := range v.rows {
		if r.e.By == "" {
			pending++
		}
	}
	v.supSum.SetText(fmt.Sprintf(tr("事后监督：营业日 %s 柜员流水 %d 笔，未监督 %d 笔"), date, len(v.rows), pending))
	v.lateTable.UnselectAll()
	v.supTable.UnselectAll()
	v.chooseLate(-1)
	v.chooseSup(-1)
	v.lateTable.Refresh()
	v.supTable.Refresh()
}

// entryCell is one of entryColumns for an entry.
func entryCell(a *App, e ledger.Entry, col int) string {
	switch col {
	case 0:
		return a.userLabel(e.Teller)
	case 1:
		return fmt.Sprintf("#%d", e.ID)
	case 2:
		return fmt.Sprintf("%06d", e.Seq)
	case 3:
		return entryTitle(e)
	case 4:
		return e.Account
	case 5:
		return e.Amount.String()
	}
	return ""
}

func (v *reviewView) lateCell(row, col int) string {
	if row < 0 || row >= len(v.late) {
		return ""
	}
	it := v.late[row]
	switch col {
	case 6:
		return authorizers(v.a, it.Entry)
	case 7:
		return lateState(it)
	}
	return entryCell(v.a, it.Entry, col)
}

func (v *reviewView) supCell(row, col int) string {
	if row < 0 || row >= len(v.rows) {
		return ""
	}
	r := v.rows[row]
	switch col {
	case 6:
		return messagesText(r.e.Why)
	case 7:
		switch {
		case len(r.e.Exceptions) == 0:
			return ""
		case r.e.By != "" || v.seen[r.e.Entry.ID]:
			return tr("已查看")
		}
		return tr("未查看")
	case 8:
		if r.e.By != "" {
			return tr("已监督 ") + r.e.By
		}
		return tr("未监督")
	}
	return entryCell(v.a, r.e.Entry, col)
}

func (v *reviewView) chooseLate(row int) {
	v.lateRow = -1
	var it counter.LateItem
	if row >= 0 && row < len(v.late) {
		v.lateRow, it = row, v.late[row]
	}
	fresh := v.lateRow >= 0 && !it.Done() && !it.Open()
	setEnabled(v.tick, fresh)
	setEnabled(v.query, fresh)
	setEnabled(v.answer, v.lateRow >= 0 && it.Open())
}

func (v *reviewView) chooseSup(row int) {
	v.supRow = -1
	var r supervisedRow
	if row >= 0 && row < len(v.rows) {
		v.supRow, r = row, v.rows[row]
	}
	chosen := v.supRow >= 0
	setEnabled(v.see, chosen && len(r.e.Exceptions) > 0 && r.e.By == "" && !v.seen[r.e.Entry.ID])
	setEnabled(v.item, chosen && r.e.By == "")
	pending := false
	for _, x := range v.rows {
		pending = pending || (chosen && x.teller == r.teller && x.e.By == "")
	}
	setEnabled(v.day, pending)
}

// doLate records one 滞后复核 step on the chosen business.
func (v *reviewView) doLate(step func(ctx context.Context, sess *counter.Session, entry int64, note string) error, done string) {
	if v.lateRow < 0 {
		return
	}
	e := v.late[v.lateRow].Entry
	if err := step(v.a.ctx, v.a.sess, e.ID, v.lateNote.Text); err != nil {
		sayRefused(v.message, errorText(err))
		return
	}
	v.lateNote.SetText("")
	v.refresh()
	sayDone(v.message, fmt.Sprintf("%s：#%d %s %s", done, e.ID, entryTitle(e), e.Amount))
}

// doSee ticks the chosen exception as seen, for the whole-day supervision.
func (v *reviewView) doSee() {
	if v.supRow < 0 {
		return
	}
	id := v.rows[v.supRow].e.Entry.ID
	v.seen[id] = true
	v.supTable.Refresh()
	v.chooseSup(v.supRow)
	sayNote(v.message, fmt.Sprintf(tr("例外事项 #%d 已查看"), id))
}

func (v *reviewView) doItem() {
	if v.supRow < 0 {
		return
	}
	e := v.rows[v.supRow].e.Entry
	if err := v.a.svc.SuperviseEntry(v.a.ctx, v.a.sess, e.ID, ""); err != nil {
		sayRefused(v.message, errorText(err))
		return
	}
	v.refresh()
	sayDone(v.message, fmt.Sprintf(tr("已监督：#%d %s %s"), e.ID, entryTitle(e), e.Amount))
}

// doDay supervises the chosen row's teller's whole day, with the
// exceptions ticked as seen here.
func (v *reviewView) doDay() {
	if v.supRow < 0 {
		return
	}
	r := v.rows[v.supRow]
	var seen []int64
	for _, x := range v.rows {
		if x.teller == r.teller && v.seen[x.e.Entry.ID] {
			seen = append(seen, x.e.Entry.ID)
		}
	}
	if err := v.a.svc.SuperviseTeller(v.a.ctx, v.a.sess, v.date, r.teller, seen); err != nil {
		sayRefused(v.message, errorText(err))
		return
	}
	v.refresh()
	sayDone(v.message, fmt.Sprintf(tr("已完成整日监督：柜员 %s %s 营业日 %s"), r.teller, r.name, v.date))
}
