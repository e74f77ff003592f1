package ui

import (
	"fmt"
	"log"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
	"branchdesk/domain/staff"
)

// usersView lists the branch's users for B and A, with the terminal each
// is signed in at; an A may unlock them, reset their passwords, enable or
// disable them, release a dead terminal's sign-in and add new ones.
type usersView struct {
	a        *App
	table    *widget.Table
	users    []staff.User
	at       map[string]string // user → the terminal they are signed in at
	quals    map[string]staff.Qualification
	due      *widget.Label // certificates missing, expired or ending soon
	qualify  *button
	selected int
	chosen   *widget.Label
	unlock   *button
	reset    *button
	active   *button
	release  *button
	add      *button
	message  *widget.Label
	admin    bool
	addForm  *userForm    // the open add-user dialog, if any
	freeForm *releaseForm // the open release dialog, if any
	// qualifyYes and qualifyFields are the open qualification dialog's
	// 登记 and its fields (trained, counter since, number, expiry).
	qualifyYes    *button
	qualifyFields [4]*field
	content       fyne.CanvasObject
}

var userColumns = []column{
	{key("柜员号"), 80}, {key("姓名"), 100}, {key("级别"), 130}, {key("启用"), 60}, {key("锁定"), 60}, {key("密码失败次数"), 110}, {key("须改密"), 70}, {key("签到终端"), 120},
	{key("反假币上岗资格证书"), 300},
}

func newUsersView(a *App) *usersView {
	v := &usersView{a: a, selected: -1, admin: a.sess.User().Level == staff.LevelA}
	v.table = newTable(userColumns, func() int { return len(v.users) }, v.cell)
	v.table.OnSelected = func(id widget.TableCellID) { a.touch(); v.choose(id.Row) }
	v.chosen = widget.NewLabel("")
	v.unlock = newButton(a, tr("解锁"), theme.LoginIcon(), v.doUnlock)
	v.reset = newButton(a, tr("重置密码"), theme.ViewRefreshIcon(), v.askReset)
	v.active = newButton(a, tr("停用"), theme.CancelIcon(), v.doToggle)
	v.release = newButton(a, tr("释放终端"), theme.MediaReplayIcon(), v.askRelease)
	v.add = newButton(a, tr("新增柜员"), theme.ContentAddIcon(), v.askAdd)
	v.qualify = newButton(a, tr("登记上岗资格"), theme.DocumentCreateIcon(), v.askQualify)
	v.due = messageLabel()
	v.due.Importance = widget.WarningImportance
	v.due.Hide()
	v.message = messageLabel()
	v.message.Importance = widget.WarningImportance
	var actions fyne.CanvasObject
	if v.admin {
		actions = container.NewHBox(v.unlock, v.reset, v.active, v.release, v.qualify, widget.NewSeparator(), v.add)
	} else {
		actions = widget.NewLabel(tr("仅A级柜员（业务主管）可解锁、重置密码、启停用、释放终端和新增柜员"))
	}
	v.choose(-1)
	v.content = container.NewBorder(v.due, container.NewVBox(widget.NewSeparator(), v.chosen, actions, v.message), nil, nil, v.table)
	return v
}

func yesNo(b bool) string {
	if b {
		return tr("是")
	}
	return tr("否")
}

func (v *usersView) cell(row, col int) string {
	if row < 0 || row >= len(v.users) {
		return ""
	}
	u := v.users[row]
	switch col {
	case 0:
		return u.ID
	case 1:
		return u.Name
	case 2:
		return string(u.Level) + " " + tr(u.Level.Title())
	case 3:
		return yesNo(u.Active)
	case 4:
		return yesNo(u.Locked)
	case 5:
		return fmt.Sprint(u.Failures)
	case 6:
		return yesNo(u.MustChange)
	case 7:
		return v.at[u.ID]
	case 8:
		return msgText(v.quals[u.ID].Message(v.a.sess.Branch().BusinessDate))
	}
	return ""
}

// refresh reloads the users, keeping the selected one selected.
func (v *usersView) refresh() {
	keep := ""
	if u, ok := v.current(); ok {
		keep = u.ID
	}
	us, err := v.a.svc.Users(v.a.ctx, v.a.sess)
	if err != nil {
		v.a.showError("users", err)
		return
	}
	signIns, err := v.a.svc.TerminalSignIns(v.a.ctx, v.a.sess)
	if err != nil {
		v.a.showError("users", err)
		return
	}
	quals, err := v.a.svc.Qualifications(v.a.ctx, v.a.sess)
	if err != nil {
		v.a.showError("users", err)
		return
	}
	due, err := v.a.svc.ExpiringCertificates(v.a.ctx, v.a.sess)
	if err != nil {
		v.a.showError("users", err)
		return
	}
	v.users, v.at, v.quals = us, map[string]string{}, quals
	for _, s := range signIns {
		v.at[s.Teller] = s.Terminal
	}
	if len(due) == 0 {
		v.due.Hide()
	} else {
		var lines []string
		for _, l := range due {
			lines = append(lines, fmt.Sprintf(formatText("%s：%s"), l.User.Label(), msgText(l.Text)))
		}
		v.due.SetText(fmt.Sprintf(tr("反假币上岗资格证书须关注（第五条，%d 天内到期、已过期或未登记的不能办理现金业务）：\n"), staff.CertificateWarningDays) + strings.Join(lines, "\n"))
		v.due.Show()
	}
	v.table.Refresh()
	v.choose(v.rowOf(keep))
}

func (v *usersView) rowOf(id string) int {
	for i, u := range v.users {
		if u.ID == id {
			return i
		}
	}
	return -1
}

func (v *usersView) current() (staff.User, bool) {
	if v.selected < 0 || v.selected >= len(v.users) {
		return staff.User{}, false
	}
	return v.users[v.selected], true
}

func (v *usersView) choose(row int) {
	v.selected = row
	u, ok := v.current()
	if !ok {
		v.selected = -1
		v.chosen.SetText(tr("请在上表选择一名柜员"))
		v.unlock.Disable()
		v.reset.Disable()
		v.active.Disable()
		v.release.Disable()
		v.qualify.Disable()
		return
	}
	v.chosen.SetText(fmt.Sprintf(tr("已选：%s %s级 %s"), u.Label(), u.Level, tr(u.Level.Title())))
	setEnabled(v.unlock, v.admin && (u.Locked || u.Failures > 0))
	setEnabled(v.reset, v.admin)
	setEnabled(v.qualify, v.admin && u.Level == staff.LevelC)
	setEnabled(v.active, v.admin)
	setEnabled(v.release, v.admin && v.at[u.ID] != "" && u.ID != v.a.sess.User().ID)
	if u.Active {
		v.active.SetText(tr("停用"))
	} else {
		v.active.SetText(tr("启用"))
	}
}

// admin is the signed-in A as an administrator of the branch.
func (v *usersView) adminOf() (counter.Admin, bool) {
	ad, err := counter.AdminOf(v.a.sess)
	if err != nil {
		v.a.showError("admin", err)
		return ad, false
	}
	return ad, true
}

// done shows the outcome of a change and reloads the list.
func (v *usersView) done(where string, err error, ok string) {
	if err != nil {
		log.Printf("ui: %s: %v", where, err)
		v.message.SetText(errorText(err))
	} else {
		v.message.SetText(ok)
	}
	v.refresh()
}

func (v *usersView) doUnlock() {
	u, ok := v.current()
	ad, isA := v.adminOf()
	if !ok || !isA {
		return
	}
	err := v.a.svc.UnlockUser(v.a.ctx, ad, u.ID)
	v.done("unlock user", err, tr("已解锁 ")+u.Label())
}

func (v *usersView) doToggle() {
	u, ok := v.current()
	ad, isA := v.adminOf()
	if !ok || !isA {
		return
	}
	err := v.a.svc.SetActive(v.a.ctx, ad, u.ID, !u.Active)
	what := tr("已启用 ")
	if u.Active {
		what = tr("已停用 ")
	}
	v.done("set active", err, what+u.Label())
}

// askReset asks for a temporary password that the user must change at
// their next login.
func (v *usersView) askReset() {
	u, ok := v.current()
	if !ok {
		return
	}
	a := v.a
	pw := newPasswordField(a, tr("临时密码：至少 8 位，含字母和数字"))
	msg := errorLabel()
	var m *modal
	do := func() {
		ad, isA := v.adminOf()
		if !isA {
			return
		}
		if err := a.svc.ResetPassword(a.ctx, ad, u.ID, pw.Text); err != nil {
			log.Printf("ui: reset password %s: %v", u.ID, err)
			msg.SetText(errorText(err))
			return
		}
		a.closeModal(m)
		v.done("reset password", nil, fmt.Sprintf(tr("已重置 %s 的密码，须在下次登录时修改"), u.Label()))
	}
	pw.OnSubmitted = func(string) { do() }
	ok2 := newButton(a, tr("重置"), theme.ConfirmIcon(), do)
	ok2.Importance = widget.HighImportance
	no := newButton(a, tr("取消"), theme.CancelIcon(), func() { a.closeModal(m) })
	content := container.NewVBox(widget.NewLabel(fmt.Sprintf(tr("为 %s 设置临时密码"), u.Label())), widget.NewForm(widget.NewFormItem(tr("临时密码"), pw)), msg)
	m = a.showModal(tr("重置密码"), content, []fyne.CanvasObject{no, ok2}, 480, pw, nil)
}

// askQualify records the chosen user's 第五条 record: training, time at
// the counter and the anti-counterfeit certificate, filled in as they are.
func (v *usersView) askQualify() {
	u, ok := v.current()
	if !ok {
		return
	}
	a := v.a
	q := v.quals[u.ID]
	trained, since := newField(a, "YYYY-MM-DD"), newField(a, "YYYY-MM-DD")
	certNo, expires := newField(a, tr("证书编号")), newField(a, tr("YYYY-MM-DD，当日仍有效"))
	trained.SetText(q.TrainedOn)
	since.SetText(q.CounterSince)
	certNo.SetText(q.CertNo)
	expires.SetText(q.CertExpires)
	msg := errorLabel()
	var m *modal
	do := func() {
		ad, isA := v.adminOf()
		if !isA {
			return
		}
		nq := staff.Qualification{User: u.ID, TrainedOn: trimmed(trained), CounterSince: trimmed(since), CertNo: trimmed(certNo), CertExpires: trimmed(expires)}
		if err := a.svc.SetQualification(a.ctx, ad, nq); err != nil {
			log.Printf("ui: qualification %s: %v", u.ID, err)
			sayError(msg, errorText(err))
			return
		}
		a.closeModal(m)
		v.qualifyYes = nil
		v.done("qualification", nil, fmt.Sprintf(tr("已登记 %s 的上岗资格"), u.Label()))
	}
	for _, f := range []*field{trained, since, certNo} {
		next := map[*field]*field{trained: since, since: certNo, certNo: expires}[f]
		f.OnSubmitted = func(string) { a.win.Canvas().Focus(next) }
	}
	expires.OnSubmitted = func(string) { do() }
	yes := newButton(a, tr("登记"), theme.ConfirmIcon(), do)
	yes.Importance = widget.HighImportance
	no := newButton(a, tr("取消"), theme.CancelIcon(), func() { a.closeModal(m); v.qualifyYes = nil })
	v.qualifyYes, v.qualifyFields = yes, [4]*field{trained, since, certNo, expires}
	content := container.NewVBox(widget.NewLabel(u.Label()+tr(" 的上岗资格（第五条）：办理现金业务须持有效的反假币上岗资格证书")),
		widget.NewForm(widget.NewFormItem(tr("培训考试合格日期"), trained), widget.NewFormItem(tr("上柜日期"), since),
			widget.NewFormItem(tr("反假币证书编号"), certNo), widget.NewFormItem(tr("证书有效期至"), expires)), msg)
	m = a.showModal(tr("登记上岗资格"), content, []fyne.CanvasObject{no, yes}, 520, trained, func() { v.qualifyYes = nil })
}

// addLevels are the add-user dialog's levels, in the order it lists them.
var addLevels = []staff.Level{staff.LevelC, staff.LevelB, staff.LevelA}

// userForm is the add-user dialog's fields.
type userForm struct {
	id, name, pw *field
	level        *widget.Select
	officer      *widget.Check
	submit       *button
	message      *widget.Label
}

// askAdd asks for a new user of this branch; the initial password must be
// changed at first login.
func (v *usersView) askAdd() {
	a := v.a
	f := &userForm{
		id: newField(a, tr("4 到 8 位数字")), name: newField(a, tr("姓名")),
		pw:      newPasswordField(a, tr("初始密码：至少 8 位，含字母和数字")),
		level:   newSelect([]string{tr("C 业务经办"), tr("B 业务主办"), tr("A 业务主管")}, nil),
		officer: widget.NewCheck(tr("信用融资服务官"), nil),
		message: errorLabel(),
	}
	f.level.SetSelectedIndex(0)
	var m *modal
	do := func() {
		ad, isA := v.adminOf()
		if !isA {
			return
		}
		lv := addLevels[f.level.SelectedIndex()]
		u := staff.User{ID: strings.TrimSpace(f.id.Text), Name: strings.TrimSpace(f.name.Text), Level: lv,
			Branch: a.sess.Branch().ID, Officer: f.officer.Checked}
		if err := a.svc.AddUser(a.ctx, ad, u, f.pw.Text); err != nil {
			log.Printf("ui: add user %s: %v", u.ID, err)
			f.message.SetText(errorText(err))
			return
		}
		a.closeModal(m)
		v.done("add user", nil, fmt.Sprintf(tr("已新增柜员 %s，首次登录须修改密码"), u.Label()))
	}
	f.submit = newButton(a, tr("新增"), theme.ConfirmIcon(), do)
	f.submit.Importance = widget.HighImportance
	f.id.OnSubmitted = func(string) { a.win.Canvas().Focus(f.name) }
	f.name.OnSubmitted = func(string) { a.win.Canvas().Focus(f.level) }
	f.pw.OnSubmitted = func(string) { do() }
	no := newButton(a, tr("取消"), theme.CancelIcon(), func() { a.closeModal(m) })
	form := widget.NewForm(
		widget.NewFormItem(tr("柜员号"), f.id), widget.NewFormItem(tr("姓名"), f.name),
		widget.NewFormItem(tr("级别"), f.level), widget.NewFormItem("", f.officer),
		widget.NewFormItem(tr("初始密码"), f.pw),
	)
	v.addForm = f
	m = a.showModal(tr("新增柜员"), container.NewVBox(form, f.message), []fyne.CanvasObject{no, f.submit}, 500, f.id, nil)
}
