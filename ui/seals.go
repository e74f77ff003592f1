package ui

import (
	"fmt"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
	"branchdesk/domain/seal"
	"branchdesk/domain/staff"
)

// sealsView is 印章管理 (第十二条): the branch's seals, name stamps and
// authority cards with who keeps each and when it was last checked; the
// keeper of the selected item hands it over (both passwords) or checks it
// for the day (a B or an A confirms with theirs); an A registers new ones.
type sealsView struct {
	a     *App
	items []seal.Item
	row   int
	table *widget.Table

	to        *field // the receiving keeper
	ownPass   *field
	toPass    *field
	handOver  *button
	confirmer *field // the B or A confirming the daily check
	confirmPw *field
	check     *button
	reload    *button
	register  *sealRegisterForm // for an A only
	selected  *widget.Label
	message   *widget.Label
	content   fyne.CanvasObject
}

var sealColumns = []column{{key("种类"), 150}, {key("编号"), 130}, {key("名章本人/卡级别"), 130}, {key("保管人"), 110}, {key("最后核对"), 110}, {key("今日"), 80}}

func newSealsView(a *App) *sealsView {
	v := &sealsView{a: a}
	v.table = newTable(sealColumns, func() int { return len(v.items) }, v.cell)
	v.table.OnSelected = func(id widget.TableCellID) { v.choose(id.Row) }
	v.to = newField(a, tr("接收人柜员号"))
	v.ownPass = newPasswordField(a, tr("本人（交出人）密码"))
	v.toPass = newPasswordField(a, tr("接收人密码"))
	v.confirmer = newField(a, tr("确认人柜员号（B级或A级）"))
	v.confirmPw = newPasswordField(a, tr("确认人密码"))
	v.handOver = newButton(a, tr("交接 (Enter)"), theme.MailForwardIcon(), v.doHandOver)
	v.check = newButton(a, tr("今日核对 (Enter)"), theme.ConfirmIcon(), v.doCheck)
	for _, b := range []*button{v.handOver, v.check} {
		b.Importance = widget.HighImportance
	}
	v.reload = newButton(a, tr("刷新"), theme.ViewRefreshIcon(), v.refresh)
	focus := func(f fyne.Focusable) func(string) { return func(string) { a.win.Canvas().Focus(f) } }
	v.to.OnSubmitted = focus(v.ownPass)
	v.ownPass.OnSubmitted = focus(v.toPass)
	v.toPass.OnSubmitted = func(string) { v.doHandOver() }
	v.confirmer.OnSubmitted = focus(v.confirmPw)
	v.confirmPw.OnSubmitted = func(string) { v.doCheck() }
	v.selected = heading("")
	v.message = messageLabel()
	hand := widget.NewForm(widget.NewFormItem(tr("接收人"), v.to), widget.NewFormItem(tr("本人密码"), v.ownPass),
		widget.NewFormItem(tr("接收人密码"), v.toPass))
	check := widget.NewForm(widget.NewFormItem(tr("确认人"), v.confirmer), widget.NewFormItem(tr("确认人密码"), v.confirmPw))
	columns := []fyne.CanvasObject{
		container.NewVBox(wrappedHeading(tr("交接（交出人与接收人当面各输密码）")), hand, container.NewHBox(v.handOver)),
		container.NewVBox(wrappedHeading(tr("每日核对（保管人核对实物，B级或A级确认）")), check, container.NewHBox(v.check)),
	}
	if a.sess.User().Level == staff.LevelA {
		// The A's register form is a third column beside the two, not a
		// block under them, which left the register one row in view.
		v.register = newSealRegisterForm(v)
		columns = append(columns, v.register.content)
	}
	bottom := container.NewVBox(widget.NewSeparator(), v.selected, container.NewGridWithColumns(len(columns), columns...), v.message)
	v.content = container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, heading(tr("印章、名章和授权卡登记簿（第十二条）")), v.reload)),
		bottom, nil, nil, v.table)
	return v
}

// refresh reloads the register, keeping the selected row.
func (v *sealsView) refresh() {
	items, err := v.a.svc.Seals(v.a.ctx, v.a.sess)
	if err != nil {
		log.Printf("ui: seals: %v", err)
		sayError(v.message, errorText(err))
		return
	}
	v.items = items
	if len(items) == 0 {
		sayNote(v.selected, tr("本网点尚未登记印章：由A级柜员（业务主管）登记后在此交接、核对"))
		v.table.Refresh()
		setEnabled(v.handOver, false)
		setEnabled(v.check, false)
		return
	}
	v.table.Refresh()
	v.choose(min(v.row, len(items)-1))
}

// choose selects row r and says what the signed-in user may do with it.
func (v *sealsView) choose(r int) {
	if r < 0 || r >= len(v.items) {
		return
	}
	v.row = r
	it := v.items[r]
	mine := it.Keeper == v.a.sess.User().ID
	text := fmt.Sprintf(tr("已选：%s，保管人 %s"), msgText(it.Message()), v.a.userLabel(it.Keeper))
	if !mine {
		text += tr("（只有保管人本人可以交接、核对）")
	}
	v.selected.SetText(text)
	setEnabled(v.handOver, mine)
	setEnabled(v.check, mine && it.LastCheck != v.a.sess.Branch().BusinessDate)
}

func (v *sealsView) cell(row, col int) string {
	if row < 0 || row >= len(v.items) {
		return ""
	}
	it := v.items[row]
	switch col {
	case 0:
		return tr(it.Kind.Title())
	case 1:
		return it.No
	case 2:
		switch it.Kind {
		case seal.Name:
			return v.a.userLabel(it.Owner)
		case seal.Card:
			return string(it.Level) + tr("级")
		}
		return ""
	case 3:
		return v.a.userLabel(it.Keeper)
	case 4:
		if it.LastCheck == "" {
			return tr("未核对过")
		}
		return it.LastCheck
	}
	if it.LastCheck == v.a.sess.Branch().BusinessDate {
		return tr("已核对")
	}
	return tr("未核对")
}

func (v *sealsView) chosen() (seal.Item, bool) {
	if v.row < 0 || v.row >= len(v.items) {
		sayRefused(v.message, tr("请先在登记簿中选择印章"))
		return seal.Item{}, false
	}
	return v.items[v.row], true
}

func (v *sealsView) doHandOver() {
	it, ok := v.chosen()
	if !ok {
		return
	}
	a := v.a
	got, err := a.svc.HandOverSeal(a.ctx, a.sess, counter.SealHandOver{Seal: it.ID, Password: v.ownPass.Text,
		To: trimmed(v.to), ToPassword: v.toPass.Text})
	v.ownPass.SetText("")
	v.toPass.SetText("")
	if err != nil {
		log.Printf("ui: seal hand-over %d: %v", it.ID, err)
		sayRefused(v.message, tr("交接未办理：")+errorText(err))
		return
	}
	v.to.SetText("")
	v.refresh()
	sayDone(v.message, fmt.Sprintf(tr("已交接：%s 交由 %s 保管"), msgText(got.Message()), a.userLabel(got.Keeper)))
}

func (v *sealsView) doCheck() {
	it, ok := v.chosen()
	if !ok {
		return
	}
	a := v.a
	c, err := a.svc.CheckSeal(a.ctx, a.sess, it.ID, counter.Credential{UserID: trimmed(v.confirmer), Password: v.confirmPw.Text})
	v.confirmPw.SetText("")
	if err != nil {
		log.Printf("ui: seal check %d: %v", it.ID, err)
		sayRefused(v.message, tr("核对未登记：")+errorText(err))
		return
	}
	v.refresh()
	sayDone(v.message, fmt.Sprintf(tr("已核对：%s 营业日 %s，%s 确认"), msgText(it.Message()), c.BusinessDate, a.userLabel(c.ConfirmedBy)))
}

// sealRegisterForm is an A entering a new item in the register with its
// first keeper.
type sealRegisterForm struct {
	v       *sealsView
	kind    *widget.Select
	no      *field
	owner   *field // a name stamp's person
	level   *widget.Select
	keeper  *field
	add     *button
	content fyne.CanvasObject
}

func newSealRegisterForm(v *sealsView) *sealRegisterForm {
	a := v.a
	f := &sealRegisterForm{v: v}
	f.kind = newSelect(titles(seal.Kinds(), seal.Kind.Title), nil)
	f.no = newField(a, tr("编号（名章填姓名）"))
	f.owner = newField(a, tr("名章本人柜员号"))
	f.level = newSelect([]string{tr("B级"), tr("A级")}, nil)
	f.keeper = newField(a, tr("保管人柜员号"))
	f.add = newButton(a, tr("登记"), theme.ContentAddIcon(), f.doAdd)
	f.keeper.OnSubmitted = func(string) { f.doAdd() }
	form := widget.NewForm(widget.NewFormItem(tr("种类"), f.kind), widget.NewFormItem(tr("编号"), f.no),
		widget.NewFormItem(tr("名章本人"), f.owner), widget.NewFormItem(tr("授权卡级别"), f.level), widget.NewFormItem(tr("保管人"), f.keeper))
	f.content = container.NewVBox(wrappedHeading(tr("登记新印章、名章或授权卡（业务主管）")), form, container.NewHBox(f.add))
	return f
}

func (f *sealRegisterForm) doAdd() {
	v, a := f.v, f.v.a
	by, err := counter.AdminOf(a.sess)
	if err != nil {
		sayRefused(v.message, errorText(err))
		return
	}
	it := seal.Item{Branch: a.sess.Branch().ID, No: trimmed(f.no), Owner: trimmed(f.owner)}
	it.Kind, _ = chosen(f.kind, seal.Kinds())
	if f.level.SelectedIndex() == 0 {
		it.Level = staff.LevelB
	} else if f.level.SelectedIndex() == 1 {
		it.Level = staff.LevelA
	}
	got, err := a.svc.RegisterSeal(a.ctx, by, it, trimmed(f.keeper))
	if err != nil {
		log.Printf("ui: register seal: %v", err)
		sayRefused(v.message, tr("未登记：")+errorText(err))
		return
	}
	for _, x := range []*field{f.no, f.owner, f.keeper} {
		x.SetText("")
	}
	v.refresh()
	sayDone(v.message, fmt.Sprintf(tr("已登记：%s，保管人 %s"), msgText(got.Message()), a.userLabel(got.Keeper)))
}
