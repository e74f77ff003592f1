package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/finance"
	"branchdesk/domain/pipeline"
)

// complaintsView is the 投诉 sub-tab: the register, overdue complaints in
// red, a form to enter one, and the next step (调查核实, 处理, 反馈) of the
// chosen one with what was found or done.
type complaintsView struct {
	d           *financeView
	channel     *widget.Select
	text        *field
	officer     *field
	institution *field
	register    *button
	table       *widget.Table
	rows        []finance.ComplaintRow
	selected    int
	chosen      *widget.Label
	note        *field
	advance     *button
	message     *widget.Label
	content     fyne.CanvasObject
}

var complaintColumns = []column{
	{key("编号"), 130}, {key("渠道"), 56}, {key("受理时间"), 170}, {key("投诉内容"), 240}, {key("涉及服务官"), 96}, {key("涉及机构"), 110},
	{key("当前进度"), 80}, {key("最近办理"), 170}, {key("逾期"), 60},
}

func newComplaintsView(d *financeView) *complaintsView {
	a := d.a
	v := &complaintsView{d: d, selected: -1}
	v.channel = newSelect(titles(pipeline.Channels(), pipeline.Channel.Title), func(string) { a.touch() })
	v.channel.PlaceHolder = tr("渠道")
	v.text = newField(a, tr("投诉内容"))
	v.officer = newField(a, tr("涉及服务官柜员号（可不填）"))
	v.institution = newField(a, tr("涉及机构（可不填）"))
	v.register = newButton(a, tr("受理登记"), theme.ContentAddIcon(), v.doRegister)
	v.register.Importance = widget.HighImportance
	v.text.OnSubmitted = func(string) { a.win.Canvas().Focus(v.officer) }
	v.officer.OnSubmitted = func(string) { a.win.Canvas().Focus(v.institution) }
	v.institution.OnSubmitted = func(string) { v.doRegister() }

	v.table = deskTable(complaintColumns, func() int { return len(v.rows) }, v.cell, func(row int) widget.Importance {
		if row < len(v.rows) && v.rows[row].Overdue {
			return widget.DangerImportance
		}
		return widget.MediumImportance
	})
	v.table.OnSelected = func(id widget.TableCellID) { a.touch(); v.choose(id.Row) }
	v.chosen = widget.NewLabel("")
	v.note = newField(a, tr("调查、处理或反馈的情况"))
	v.note.OnSubmitted = func(string) { v.doAdvance() }
	v.advance = newButton(a, tr("办理下一步"), theme.MailForwardIcon(), v.doAdvance)
	v.message = deskStatus()
	v.choose(-1)

	entry := container.NewBorder(nil, nil, deskSized(v.channel, 100),
		container.NewHBox(deskSized(v.officer, 200), deskSized(v.institution, 160), v.register), v.text)
	next := container.NewBorder(nil, nil, nil, v.advance, v.note)
	v.content = container.NewBorder(
		container.NewVBox(widget.NewLabelWithStyle(tr("受理投诉"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), entry, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), v.chosen, next, v.message),
		nil, nil, v.table)
	return v
}

// deskTable is a table like newTable whose cells cut long text short
// with an ellipsis, and whose rows take the colour style gives them (nil:
// the normal colour).
func deskTable(cols []column, rows func() int, cell func(row, col int) string, style func(row int) widget.Importance) *widget.Table {
	t := newTable(cols, rows, cell)
	t.CreateCell = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		l.Importance = widget.MediumImportance
		if style != nil {
			l.Importance = style(id.Row)
		}
		setCell(l, cell(id.Row, id.Col))
		l.Refresh()
	}
	return t
}

func (v *complaintsView) cell(row, col int) string {
	if row >= len(v.rows) {
		return ""
	}
	r := v.rows[row]
	c := r.Complaint
	switch col {
	case 0:
		return c.ID
	case 1:
		return tr(c.Channel.Title())
	case 2:
		at, _ := c.At(pipeline.Received)
		return deskTime(at)
	case 3:
		return strings.ReplaceAll(c.Content(), "\n", " ")
	case 4:
		return v.d.a.userLabel(c.Officer)
	case 5:
		return c.Institution
	case 6:
		if c.Closed() {
			return tr("已办结")
		}
		return tr(c.Last().Title())
	case 7:
		if n := len(c.Steps); n > 0 {
			return deskTime(c.Steps[n-1].At)
		}
	case 8:
		if r.Overdue {
			return tr("已逾期")
		}
	}
	return ""
}

// refresh reloads the register.
func (v *complaintsView) refresh() {
	a := v.d.a
	rows, err := v.d.svc.Complaints(a.ctx, a.sess)
	if err != nil {
		deskSay(v.message, "", err)
		return
	}
	id := ""
	if r, ok := v.current(); ok {
		id = r.Complaint.ID
	}
	v.rows = rows
	v.table.Refresh()
	sel := -1
	for i, r := range rows {
		if r.Complaint.ID == id {
			sel = i
		}
	}
	v.choose(sel)
}

func (v *complaintsView) current() (finance.ComplaintRow, bool) {
	if v.selected < 0 || v.selected >= len(v.rows) {
		return finance.ComplaintRow{}, false
	}
	return v.rows[v.selected], true
}

// choose shows the complaint's steps and offers the next one.
func (v *complaintsView) choose(row int) {
	v.selected = row
	r, ok := v.current()
	if !ok {
		v.chosen.SetText(pickHint(len(v.rows), tr("请在上表选择一件投诉"), tr("尚无投诉：在上方受理登记后显示在此")))
		v.advance.SetText(tr("办理下一步"))
		v.advance.Disable()
		v.note.Disable()
		return
	}
	c := r.Complaint
	var steps []string
	for _, s := range c.Steps {
		steps = append(steps, fmt.Sprintf("%s %s：%s", tr(s.Step.Title()), deskTime(s.At), s.Note))
	}
	head := tr("投诉 ") + c.ID
	if r.Overdue {
		head += tr("（已逾期未办结）")
	}
	v.chosen.SetText(head + "\n" + strings.Join(steps, "\n"))
	if c.Closed() {
		v.advance.SetText(tr("已办结"))
		v.advance.Disable()
		v.note.Disable()
		return
	}
	v.advance.SetText(tr("办理：") + tr((c.Last() + 1).Title()))
	v.advance.Enable()
	v.note.Enable()
}

func (v *complaintsView) doRegister() {
	a := v.d.a
	ch, _ := chosen(v.channel, pipeline.Channels())
	c, err := v.d.svc.ReceiveComplaint(a.ctx, a.sess, ch, v.text.Text, strings.TrimSpace(v.officer.Text), strings.TrimSpace(v.institution.Text))
	if err != nil {
		deskSay(v.message, "", err)
		return
	}
	v.text.SetText("")
	v.officer.SetText("")
	v.institution.SetText("")
	v.refresh()
	deskSay(v.message, tr("已受理投诉 ")+c.ID, nil)
}

func (v *complaintsView) doAdvance() {
	r, ok := v.current()
	if !ok || v.advance.Disabled() {
		return
	}
	a := v.d.a
	step := r.Complaint.Last() + 1
	c, err := v.d.svc.AdvanceComplaint(a.ctx, a.sess, r.Complaint.ID, step, v.note.Text)
	if err != nil {
		deskSay(v.message, "", err)
		return
	}
	v.note.SetText("")
	v.refresh()
	deskSay(v.message, fmt.Sprintf(tr("投诉 %s：已登记%s"), c.ID, tr(step.Title())), nil)
}
