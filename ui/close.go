package ui

import (
	"errors"
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
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
	"branchdesk/domain/voucher"
)

// closeView is the branch's day end (网点平账) for B and A: what still
// blocks the close, the physical count of each voucher type, the close
// itself, and the vault report.
type closeView struct {
	a     *App
	w     *workspace
	types map[string]voucher.Type

	date      *widget.Label
	status    *widget.Label
	reviews   *widget.Label   // what 复核监督 has left
	blockers  []string        // what blocks the close, as shown
	unchecked []string        // seals not checked today, listed after the blockers
	list      *fyne.Container // one line per blocker
	sealNotes *fyne.Container // one line per seal not checked today
	check     *button
	suspense  *widget.Label // open suspense items with their age: listed, not blocking

	counts    []counter.VoucherCount
	countForm *fyne.Container
	countNote *widget.Label     // to a B: the counts are the A's to type
	physical  map[string]*field // type code → counted in the branch
	filled    map[string]string // type code → the kept count a field was filled with
	order     []string

	close   *button
	confirm *button // the confirmation's 平账, while it is open
	message *widget.Label

	reportDate *field
	report     *button
	print      *button

	content fyne.CanvasObject
}

var closeCountColumns = columnsLayout{110, 90, 90, 120}

func newCloseView(w *workspace) *closeView {
	a := w.a
	v := &closeView{a: a, w: w, types: map[string]voucher.Type{}, physical: map[string]*field{}, filled: map[string]string{}}
	for _, t := range loadVoucherTypes(a) {
		v.types[t.Code] = t
	}
	v.date = heading("")
	v.status = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.reviews = messageLabel()
	v.list = container.NewVBox()
	v.sealNotes = container.NewVBox()
	v.suspense = widget.NewLabel("")
	v.suspense.Wrapping = fyne.TextWrapWord
	v.check = newButton(a, tr("刷新检查"), theme.ViewRefreshIcon(), v.refresh)
	v.countForm = container.NewVBox()
	v.countNote = widget.NewLabel(tr("实物数量由业务主管（A级）盘点录入；B级柜员可依其录入的数量平账"))
	v.countNote.Wrapping = fyne.TextWrapWord
	v.countNote.Hidden = v.countsByManager()
	v.close = newButton(a, tr("平账…"), theme.ConfirmIcon(), v.askClose)
	v.close.Importance = widget.HighImportance
	v.message = messageLabel()
	v.reportDate = newField(a, tr("营业日"))
	v.report = newButton(a, tr("保存总库报表 PDF"), theme.DocumentSaveIcon(), func() {
		d := trimmed(v.reportDate)
		a.exportReport(tr("总库报表"), func() (string, func(io.Writer) error, error) { return a.vaultReport(d, d) })
	})
	v.print = newButton(a, tr("打印总库报表"), theme.DocumentPrintIcon(), func() {
		d := trimmed(v.reportDate)
		a.printReport(tr("总库报表"), func() (string, func(io.Writer) error, error) { return a.vaultReport(d, d) })
	})
	body := container.NewVBox(
		v.date,
		v.status,
		v.reviews,
		v.list,
		v.sealNotes,
		v.suspense,
		container.NewHBox(v.check),
		widget.NewSeparator(),
		heading(tr("重要空白凭证实物盘点（账、实、簿三核对）")),
		v.countNote,
		v.countForm,
		widget.NewSeparator(),
		container.NewHBox(v.close),
		v.message,
		widget.NewSeparator(),
		container.NewBorder(nil, nil, widget.NewLabel(tr("总库报表日期")), container.NewHBox(v.report, v.print), v.reportDate),
	)
	v.content = container.NewPadded(container.NewVScroll(topCentred(720, body)))
	return v
}

// physicalCounts is what was typed: a type left blank is not counted.
func (v *closeView) physicalCounts() (map[string]int64, error) {
	out := map[string]int64{}
	for _, code := range v.order {
		s := trimmed(v.physical[code])
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return nil, msg.Errorf(tr("%s实物数量须为整数"), tr(v.types[code].Name))
		}
		out[code] = n
	}
	return out, nil
}

// keepCounts keeps what was typed here in the store, so whoever opens
// 网点平账 next at any PC finds it, and shows a count kept elsewhere in a
// field not typed in here; it returns the counts as they then stand. A
// field filled from the store is saved again only once it is edited here,
// so a recount made meanwhile at another PC is never written over.
func (v *closeView) keepCounts() (map[string]int64, error) {
	a := v.a
	kept, err := a.svc.CloseCounts(a.ctx, a.sess)
	if err != nil {
		return nil, err
	}
	if _, err := v.physicalCounts(); err != nil {
		return nil, err
	}
	phys := map[string]int64{}
	for code, f := range v.physical {
		text := trimmed(f)
		c, stored := kept[code]
		switch {
		case text != "" && text != v.filled[code]: // typed here
			n, _ := strconv.ParseInt(text, 10, 64) // checked by physicalCounts
			if !stored || c.Counted != n {
				if err := a.svc.RecordCloseCount(a.ctx, a.sess, code, n); err != nil {
					return nil, err
				}
			}
			v.filled[code] = text
			phys[code] = n
		case stored: // kept, here or elsewhere: show the latest
			v.show(code, c.Counted)
			phys[code] = c.Counted
		}
	}
	for code, c := range kept {
		if _, ok := phys[code]; !ok {
			v.show(code, c.Counted)
			phys[code] = c.Counted
		}
	}
	return phys, nil
}

// countsByManager tells whether the one signed in types the physical
// counts: an A (账、实、簿三核对 is the manager's); a B sees the A's.
func (v *closeView) countsByManager() bool {
	return v.a.sess.User().Level == staff.LevelA
}

// countField is the entry of a voucher type's physical count, made once;
// only an A may type in it.
func (v *closeView) countField(code string) *field {
	f := v.physical[code]
	if f == nil {
		f = newField(v.a, tr("盘点数量"))
		if !v.countsByManager() {
			f.PlaceHolder = tr("待业务主管录入")
			f.Disable()
		}
		v.physical[code] = f
	}
	return f
}

// show puts a kept count in its field, remembering it came from the store.
func (v *closeView) show(code string, n int64) {
	f := v.countField(code)
	text := strconv.FormatInt(n, 10)
	f.SetText(text)
	v.filled[code] = text
}

// refresh asks the service what still blocks the close.
func (v *closeView) refresh() {
	a := v.a
	v.date.SetText(fmt.Sprintf(tr("营业日 %s 网点平账检查"), a.sess.Branch().BusinessDate))
	if v.reportDate.Text == "" {
		v.reportDate.SetText(a.sess.Branch().BusinessDate)
	}
	phys, err := v.keepCounts()
	if err != nil {
		v.message.Importance = widget.DangerImportance
		v.message.SetText(errorText(err))
		return
	}
	blockers, counts, err := a.svc.CloseCheck(a.ctx, a.sess, phys)
	if err != nil {
		log.Printf("ui: close checklist: %v", err)
		v.message.Importance = widget.DangerImportance
		v.message.SetText(errorText(err))
		return
	}
	v.showBlockers(blockers)
	v.showUncheckedSeals()
	v.showReviews()
	v.counts = counts
	v.buildCounts()
	v.showSuspense()
}

// showSuspense lists the open suspense items with their age (第十四条):
// the close goes on with them open, the register keeps them.
func (v *closeView) showSuspense() {
	a := v.a
	items, err := a.svc.SuspenseItems(a.ctx, a.sess, false)
	if err != nil {
		log.Printf("ui: open suspense: %v", err)
		v.suspense.SetText(errorText(err))
		return
	}
	if len(items) == 0 {
		v.suspense.SetText("")
		return
	}
	lines := []string{fmt.Sprintf(tr("未处理挂账 %d 笔（列示备查，不影响平账，请在“挂账管理”中处理）："), len(items))}
	for _, i := range items {
		lines = append(lines, msgText(i.Message()))
	}
	v.suspense.SetText(strings.Join(lines, "\n"))
}

func (v *closeView) showBlockers(why []msg.Text) {
	blockers := make([]string, len(why))
	for i, w := range why {
		blockers[i] = msgText(w)
	}
	v.blockers = blockers
	var rows []fyne.CanvasObject
	for _, b := range blockers {
		l := widget.NewLabel(b)
		l.Wrapping = fyne.TextWrapWord
		rows = append(rows, container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, l))
	}
	v.list.Objects = rows
	v.list.Refresh()
	setEnabled(v.close, len(blockers) == 0)
	if len(blockers) == 0 {
		v.status.Importance = widget.SuccessImportance
		v.status.SetText(tr("检查通过：可以平账"))
	} else {
		v.status.Importance = widget.WarningImportance
		v.status.SetText(fmt.Sprintf(tr("尚有 %d 项未完成，不能平账："), len(blockers)))
	}
}

// showUncheckedSeals lists under the blockers the seals, name stamps and
// cards not checked today (第十二条), for the supervisor to see to; they
// do not stop the close.
func (v *closeView) showUncheckedSeals() {
	items, err := v.a.svc.SealsUnchecked(v.a.ctx, v.a.sess)
	if err != nil {
		log.Printf("ui: unchecked seals: %v", err)
		return
	}
	v.unchecked = v.unchecked[:0]
	var rows []fyne.CanvasObject
	for _, it := range items {
		line := fmt.Sprintf(tr("印章今日未核对：%s，保管人 %s"), msgText(it.Message()), v.a.userLabel(it.Keeper))
		v.unchecked = append(v.unchecked, line)
		l := widget.NewLabel(line)
		l.Wrapping = fyne.TextWrapWord
		rows = append(rows, container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, l))
	}
	v.sealNotes.Objects = rows
	v.sealNotes.Refresh()
}

// showReviews says how much 滞后复核 and 事后监督 have left.
func (v *closeView) showReviews() {
	c, err := v.a.svc.ReviewCounts(v.a.ctx, v.a.sess)
	if err != nil {
		sayError(v.reviews, errorText(err))
		return
	}
	text := fmt.Sprintf(tr("复核监督：滞后复核未复核 %d 笔（查询待答复 %d 笔），营业日 %s 事后监督未监督 %d 笔"), c.Late, c.Queries, c.Date, c.Unsupervised)
	if c.NextMorning {
		text += tr("（次日上午监督：平账不等监督，下一营业日签到前须完成）")
	}
	blocks := c.Late > 0 || (c.Unsupervised > 0 && (!c.NextMorning || c.Date != v.a.sess.Branch().BusinessDate))
	if !blocks {
		sayDone(v.reviews, text)
		return
	}
	sayRefused(v.reviews, text+tr("：请在“复核监督”中完成"))
}

// buildCounts shows each voucher type with its book and register, and an
// entry for what was counted; typed counts are kept.
func (v *closeView) buildCounts() {
	same := len(v.counts) == len(v.order)
	for i := 0; same && i < len(v.order); i++ {
		same = v.counts[i].Type == v.order[i]
	}
	if !same {
		v.order = nil
		bold := fyne.TextStyle{Bold: true}
		rows := []fyne.CanvasObject{container.New(closeCountColumns,
			widget.NewLabelWithStyle(tr("凭证种类"), fyne.TextAlignLeading, bold), widget.NewLabelWithStyle(tr("账面"), fyne.TextAlignLeading, bold),
			widget.NewLabelWithStyle(tr("登记簿"), fyne.TextAlignLeading, bold), widget.NewLabelWithStyle(tr("实物"), fyne.TextAlignLeading, bold))}
		for i, c := range v.counts {
			f := v.countField(c.Type)
			f.OnSubmitted = func(string) { v.after(i) }
			v.order = append(v.order, c.Type)
			rows = append(rows, container.New(closeCountColumns, widget.NewLabel(tr(v.types[c.Type].Name)),
				widget.NewLabel(""), widget.NewLabel(""), f))
		}
		v.countForm.Objects = rows
	}
	t := func(n int64, code string) string { return fmt.Sprintf("%d %s", n, tr(v.types[code].Unit)) }
	for i, c := range v.counts {
		row := v.countForm.Objects[i+1].(*fyne.Container)
		row.Objects[1].(*widget.Label).SetText(t(c.System, c.Type))
		row.Objects[2].(*widget.Label).SetText(t(c.Register, c.Type))
	}
	v.countForm.Refresh()
}

// after moves from the i-th count to the next, or checks again.
func (v *closeView) after(i int) {
	if i+1 < len(v.order) {
		v.a.win.Canvas().Focus(v.physical[v.order[i+1]])
		return
	}
	v.refresh()
	v.a.win.Canvas().Focus(v.close)
}

// askClose confirms the close: the business date moves on.
// It checks again first: what blocks the close is said here, never after
// a confirmation that promised the day would end.
func (v *closeView) askClose() {
	a := v.a
	v.refresh()
	if len(v.blockers) > 0 {
		sayError(v.message, errorText(counter.ErrBranchBlocked)+tr("：请先完成上列各项"))
		return
	}
	var m *modal
	date := a.sess.Branch().BusinessDate
	msg := widget.NewLabel(fmt.Sprintf(tr("平账后营业日 %s 结束，转入下一营业日。\n确定平账？"), date))
	no := newButton(a, tr("取消"), theme.CancelIcon(), func() { a.closeModal(m) })
	yes := newButton(a, tr("平账"), theme.ConfirmIcon(), func() {
		a.closeModal(m)
		v.confirm = nil
		v.doClose()
	})
	yes.Importance = widget.HighImportance
	v.confirm = yes
	m = a.showModal(tr("网点平账"), msg, []fyne.CanvasObject{no, yes}, 460, yes, func() { v.confirm = nil })
}

func (v *closeView) doClose() {
	a := v.a
	phys, err := v.physicalCounts()
	if err != nil {
		v.message.Importance = widget.DangerImportance
		v.message.SetText(errorText(err))
		return
	}
	c, err := a.svc.CloseBranch(a.ctx, a.sess, phys)
	var blocked *counter.BlockedError
	switch {
	case errors.As(err, &blocked):
		v.showBlockers(blocked.Why)
		v.message.Importance = widget.DangerImportance
		v.message.SetText(errorText(counter.ErrBranchBlocked) + tr("：请先完成上列各项"))
		return
	case err != nil:
		log.Printf("ui: branch close: %v", err)
		v.message.Importance = widget.DangerImportance
		v.message.SetText(errorText(err))
		return
	}
	v.message.Importance = widget.SuccessImportance
	v.message.SetText(fmt.Sprintf(tr("平账完成：营业日 %s 已结束，新营业日 %s"), c.BusinessDate, c.NextDate))
	v.reportDate.SetText(c.BusinessDate)
	clear(v.filled)
	for _, f := range v.physical {
		f.SetText("")
	}
	v.w.refresh() // the status bar's new date, and this tab
}
