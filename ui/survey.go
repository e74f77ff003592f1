package ui

import (
	"errors"
	"fmt"
	"io"
	"log"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/attach"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/msg"
	"branchdesk/domain/survey"
	"branchdesk/storage/pdf"
)

// surveysView is the 调查表 sub-tab: the officer's surveys (an A's: the
// branch's) with 新建, the chosen survey's versions, and the form. A draft
// is saved on every change; 定稿 is offered only when every field checks
// out; a final version is read-only and 更正 starts the next version with
// a reason.
type surveysView struct {
	d        *financeView
	list     *widget.Table
	rows     []survey.Record
	add      *button
	reload   *button
	history  *widget.Table
	versions []survey.Record

	form     *surveyForm
	rec      survey.Record // the version on screen
	shown    bool          // a survey is on screen
	editable bool
	heading  *widget.Label
	same     *widget.Label // 同一企业: other surveys with the credit code
	sameRecs []survey.Record
	problems *widget.Label // what still stops 定稿
	status   *widget.Label // saved, or why not
	finalize *button
	// finalizeYes is the confirmation's 定稿, while it is open.
	finalizeYes *button
	correct     *button
	export      *button
	print       *button
	collect     *button
	upgrade     *button           // 升级到新版表单, on a draft on an older form
	files       *attachPanel      // 附件: photos and documents of the survey
	toFiles     *button           // scrolls down to 附件, showing how many
	dialog      *deskForm         // the open 更正 dialog, if any
	body        fyne.CanvasObject // the form and its actions, hidden until a survey is chosen
	hint        fyne.CanvasObject // in its place until then
	scroll      *container.Scroll
	content     fyne.CanvasObject
}

var surveyColumns = []column{
	{key("企业名称"), 220}, {key("状态"), 64}, {key("版本"), 56}, {key("编号"), 170}, {key("调查人"), 90}, {key("调查日期"), 100},
}

var versionColumns = []column{
	{key("版本"), 64}, {key("状态"), 64}, {key("开始时间"), 170}, {key("定稿时间"), 170}, {key("经办"), 90}, {key("更正原因"), 220},
}

func newSurveysView(d *financeView) *surveysView {
	a := d.a
	v := &surveysView{d: d}
	v.list = deskTable(surveyColumns, func() int { return len(v.rows) }, v.cell, nil)
	v.list.OnSelected = func(id widget.TableCellID) {
		a.touch()
		if id.Row >= 0 && id.Row < len(v.rows) {
			v.open(v.rows[id.Row].ID)
		}
	}
	v.history = deskTable(versionColumns, func() int { return len(v.versions) }, v.versionCell, nil)
	v.history.OnSelected = func(id widget.TableCellID) {
		a.touch()
		if id.Row >= 0 && id.Row < len(v.versions) {
			v.show(v.versions[id.Row], id.Row == len(v.versions)-1)
		}
	}
	v.add = newButton(a, tr("新建调查表"), theme.ContentAddIcon(), v.create)
	v.add.Importance = widget.HighImportance
	v.reload = newButton(a, tr("刷新"), theme.ViewRefreshIcon(), v.refresh)

	v.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.same = messageLabel()
	v.same.Importance = widget.WarningImportance
	v.same.Hide()
	v.problems = messageLabel()
	v.problems.Importance = widget.WarningImportance
	v.status = deskStatus()
	v.finalize = newButton(a, tr("定稿…"), theme.ConfirmIcon(), v.askFinalize)
	v.finalize.Importance = widget.HighImportance
	v.correct = newButton(a, tr("更正"), theme.DocumentCreateIcon(), v.askCorrect)
	v.export = newButton(a, tr("导出PDF"), theme.DocumentSaveIcon(), v.savePDF)
	v.print = newButton(a, tr("打印"), theme.DocumentPrintIcon(), v.printPDF)
	v.collect = newButton(a, tr("转入需求跟踪"), theme.MailForwardIcon(), v.doCollect)
	v.upgrade = newButton(a, tr("升级到新版表单"), theme.UploadIcon(), v.doUpgrade)
	v.upgrade.Hide()

	v.files = newAttachPanel(d)
	v.toFiles = newButton(a, tr("附件"), theme.FileImageIcon(), func() { v.scroll.ScrollToBottom() })
	v.files.counted = func(n int) { v.toFiles.SetText(fmt.Sprintf(tr("附件（%d）"), n)) }
	// The form is built when a survey is first shown (useForm): at sign-in
	// it would only add to the wait, hidden behind the hint.
	v.scroll = container.NewVScroll(container.NewStack())
	actions := container.NewHBox(v.finalize, v.upgrade, v.correct, v.collect, v.export, v.print, v.toFiles)
	v.body = container.NewBorder(
		container.NewVBox(v.heading, v.same),
		container.NewVBox(widget.NewSeparator(), v.problems, actions, v.status),
		nil, nil, v.scroll)
	v.body.Hide()
	v.hint = container.NewCenter(widget.NewLabel(tr("请在左侧选择调查表，或点击“新建调查表”")))
	right := container.NewStack(v.hint, v.body)

	top := container.NewBorder(container.NewHBox(v.add, v.reload), nil, nil, nil, v.list)
	bottom := container.NewBorder(widget.NewLabelWithStyle(tr("历史版本"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, v.history)
	left := container.NewVSplit(top, bottom)
	left.Offset = 0.62
	split := container.NewHSplit(left, right)
	split.Offset = 0.34
	v.content = split
	return v
}

func (v *surveysView) cell(row, col int) string {
	if row >= len(v.rows) {
		return ""
	}
	r := v.rows[row]
	switch col {
	case 0:
		if r.Survey.Name == "" {
			return tr("（未填企业名称）")
		}
		return r.Survey.Name
	case 1:
		return tr(r.Status.Title())
	case 2:
		return fmt.Sprintf(tr("第%d版"), r.Version)
	case 3:
		return r.ID
	case 4:
		return v.d.a.userLabel(r.Survey.OfficerID)
	case 5:
		return r.Survey.SurveyDate
	}
	return ""
}

func (v *surveysView) versionCell(row, col int) string {
	if row >= len(v.versions) {
		return ""
	}
	r := v.versions[row]
	switch col {
	case 0:
		return fmt.Sprintf(tr("第%d版"), r.Version)
	case 1:
		return tr(r.Status.Title())
	case 2:
		return deskTime(r.At)
	case 3:
		return deskTime(r.FinalizedAt)
	case 4:
		return v.d.a.userLabel(r.CreatedBy)
	case 5:
		return r.Reason
	}
	return ""
}

// refresh reloads the list of surveys.
func (v *surveysView) refresh() {
	a := v.d.a
	rows, err := v.d.svc.Surveys(a.ctx, a.sess)
	if err != nil {
		a.showError("surveys", err)
		return
	}
	v.rows = rows
	v.list.UnselectAll()
	v.list.Refresh()
}

// rowOf is the list row of survey id, or -1.
func (v *surveysView) rowOf(id string) int {
	for i, r := range v.rows {
		if r.ID == id {
			return i
		}
	}
	return -1
}

// create starts a draft and puts the cursor in its first field.
func (v *surveysView) create() {
	a := v.d.a
	rec, err := v.d.svc.NewSurvey(a.ctx, a.sess)
	if err != nil {
		a.showError("new survey", err)
		return
	}
	v.refresh()
	v.open(rec.ID)
	deskSay(v.status, fmt.Sprintf(tr("已新建调查表草稿 %s，填写内容随时自动保存"), rec.ID), nil)
	if v.form == nil { // open failed: no form was built, its error is on screen
		return
	}
	a.win.Canvas().Focus(v.form.inputs["Name"])
}

// open shows survey id at its latest version, with its history.
func (v *surveysView) open(id string) {
	a := v.d.a
	rec, err := v.d.svc.Open(a.ctx, a.sess, id)
	if err != nil {
		a.showError("open survey", err)
		return
	}
	vs, err := v.d.svc.History(a.ctx, a.sess, id)
	if err != nil {
		a.showError("survey history", err)
		return
	}
	v.versions = vs
	v.history.UnselectAll()
	v.history.Refresh()
	v.status.SetText("")
	v.show(rec, true)
}

// useForm lays the form out by def, unless it is laid out so already.
func (v *surveysView) useForm(def survey.Definition) {
	if v.form != nil && v.form.def.Version == def.Version {
		return
	}
	v.form = newSurveyForm(v.d.a, def)
	v.form.changed = v.edited
	v.form.reveal = v.reveal
	v.scroll.Content = container.NewPadded(container.NewVBox(v.form.content, v.files.content))
	v.scroll.Refresh()
}

// show puts a version on screen, on the form it was started on; only the
// latest version, a draft of the user's own, can be edited, and moved to
// a newer form.
func (v *surveysView) show(rec survey.Record, latest bool) {
	a := v.d.a
	def, err := v.d.svc.Form(a.ctx, rec.Survey.FormVersion)
	if err != nil {
		a.showError("survey form", err)
		return
	}
	v.useForm(def)
	v.rec, v.shown = rec, true
	v.editable = latest && rec.Status == survey.Draft && rec.CreatedBy == v.d.user().ID
	v.upgrade.Hide()
	if v.editable {
		if cur, err := v.d.svc.CurrentForm(a.ctx); err != nil {
			log.Printf("ui: current survey form: %v", err)
		} else if cur.Version > def.Version {
			v.upgrade.SetText(fmt.Sprintf(tr("升级到新版表单（第%d版）"), cur.Version))
			v.upgrade.Show()
		}
	}
	v.form.load(rec.Survey, a.userLabel(rec.Survey.OfficerID))
	v.form.setEditable(v.editable)
	head := fmt.Sprintf(tr("调查表 %s　第 %d 版　%s"), rec.ID, rec.Version, tr(rec.Status.Title()))
	if def.Version > 1 {
		head += fmt.Sprintf(tr("　第%d版表单"), def.Version)
	}
	if rec.Reason != "" {
		head += tr("　更正原因：") + rec.Reason
	}
	if !latest {
		head += tr("　（历史版本，只读）")
	} else if rec.Status == survey.Final {
		head += tr("　（已定稿，只读；如需修改请点击“更正”）")
	}
	v.heading.SetText(head)
	mine := rec.CreatedBy == v.d.user().ID || v.d.manager()
	if latest && rec.Status == survey.Final && mine {
		v.correct.Show()
	} else {
		v.correct.Hide()
	}
	if latest && rec.Status == survey.Final && mine && !v.collected(rec.ID) {
		v.collect.Show()
	} else {
		v.collect.Hide()
	}
	if v.editable {
		v.finalize.Show()
	} else {
		v.finalize.Hide()
	}
	v.files.show(attach.OnSurvey, rec.ID)
	v.hint.Hide()
	v.body.Show()
	v.checkSame()
	v.revalidate()
	v.scroll.ScrollToTop()
}

// reveal scrolls the form so that o, which has the focus, is in view
// with its message.
func (v *surveysView) reveal(o fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(v.scroll).Y
	bottom := top + o.Size().Height + theme.Padding()*2 + theme.TextSize()*2
	view := v.scroll.Size().Height
	switch {
	case top < 0:
		v.scroll.Offset.Y += top - theme.Padding()
	case bottom > view:
		v.scroll.Offset.Y += bottom - view
	default:
		return
	}
	v.scroll.Offset.Y = max(v.scroll.Offset.Y, 0)
	v.scroll.Refresh()
}

// edited saves the draft after each change and checks it again.
func (v *surveysView) edited(name string) {
	if !v.shown || !v.editable {
		return
	}
	a := v.d.a
	s := v.form.def.Clear(v.form.read()) // as it is saved
	v.rec.Survey = s
	if err := v.d.svc.SaveDraft(a.ctx, a.sess, v.rec); err != nil {
		log.Printf("ui: save draft %s: %v", v.rec.ID, err)
		deskSay(v.status, "", msg.Errorf(tr("草稿未能保存：%w"), err))
	} else {
		deskSay(v.status, tr("草稿已自动保存 ")+time.Now().Format("15:04:05"), nil)
	}
	if name == "CreditCode" || name == "CodeOverrideReason" {
		v.checkSame()
	}
	if name == "Name" {
		if r := v.rowOf(v.rec.ID); r >= 0 {
			v.rows[r].Survey = s
			v.list.RefreshItem(widget.TableCellID{Row: r, Col: 0})
		}
	}
	v.revalidate()
}

// revalidate shows the messages, the size and whether 定稿 is possible.
func (v *surveysView) revalidate() {
	svc := v.d.svc
	s := v.rec.Survey
	fe := svc.Validator().Messages(s)
	v.form.showErrors(fe, !v.editable)
	v.form.showSize(svc.Size(s))
	if !v.editable {
		v.problems.SetText("")
		v.problems.Hide()
		v.finalize.Disable()
		return
	}
	var missing []string
	for _, name := range fe.Fields() {
		missing = append(missing, v.form.label(name))
	}
	for name := range v.form.parseErr {
		if _, said := fe[name]; !said {
			missing = append(missing, v.form.label(name))
		}
	}
	if len(missing) == 0 {
		v.problems.Importance = widget.SuccessImportance
		v.problems.SetText(tr("全部项目已正确填写，可以定稿"))
		v.finalize.Enable()
	} else {
		v.problems.Importance = widget.WarningImportance
		shown := missing
		if len(shown) > 5 {
			shown = append(shown[:5:5], "…")
		}
		v.problems.SetText(fmt.Sprintf(tr("尚有%d项未填或有误，不能定稿：%s"), len(missing), strings.Join(shown, tr("、"))))
		v.finalize.Disable()
	}
	if survey.CodeOverridden(s) {
		v.problems.SetText(v.problems.Text + tr("\n注意：统一社会信用代码校验位不符，已按说明保留"))
	}
	v.problems.Show()
}

// checkSame flags other surveys of the same enterprise (same credit code).
func (v *surveysView) checkSame() {
	a := v.d.a
	v.sameRecs = nil
	if len(enterprise.NormalizeCreditCode(v.rec.Survey.CreditCode)) == 18 {
		same, err := v.d.svc.SameEnterprise(a.ctx, a.sess, v.rec)
		if err != nil {
			log.Printf("ui: same enterprise: %v", err)
		}
		v.sameRecs = same
	}
	if len(v.sameRecs) == 0 {
		v.same.SetText("")
		v.same.Hide()
		return
	}
	lines := []string{fmt.Sprintf(tr("同一企业：统一社会信用代码相同的调查表另有 %d 份"), len(v.sameRecs))}
	for _, r := range v.sameRecs {
		s := r.Survey
		lines = append(lines, fmt.Sprintf(tr("· %s 第%d版 %s　%s　调查人 %s　法定代表人身份证 %s　联系人手机 %s　营业收入 %s　拟融资 %s"),
			r.ID, r.Version, tr(r.Status.Title()), s.Name, a.userLabel(s.OfficerID), s.LegalRepID, s.ContactMobile,
			r.Figure(s.Revenue), r.Figure(s.AmountSought)))
	}
	v.same.SetText(strings.Join(lines, "\n"))
	v.same.Show()
}

// askFinalize confirms 定稿: after it the version can only be corrected
// by a new one.
func (v *surveysView) askFinalize() {
	if !v.editable || v.finalize.Disabled() {
		return
	}
	a := v.d.a
	var m *modal
	msg := widget.NewLabel(fmt.Sprintf(tr("调查表 %s 第 %d 版定稿后不能再修改，只能新建更正版本。\n确定定稿？"), v.rec.ID, v.rec.Version))
	msg.Wrapping = fyne.TextWrapWord
	no := newButton(a, tr("取消"), theme.CancelIcon(), func() { a.closeModal(m); v.finalizeYes = nil })
	yes := newButton(a, tr("定稿"), theme.ConfirmIcon(), func() {
		a.closeModal(m)
		v.finalizeYes = nil
		v.doFinalize()
	})
	yes.Importance = widget.HighImportance
	v.finalizeYes = yes
	m = a.showModal(tr("定稿"), msg, []fyne.CanvasObject{no, yes}, 460, yes, func() { v.finalizeYes = nil })
}

// doFinalize makes the draft final.
func (v *surveysView) doFinalize() {
	if !v.editable || v.finalize.Disabled() {
		return
	}
	a := v.d.a
	rec, err := v.d.svc.Finalize(a.ctx, a.sess, v.rec.ID)
	var fe survey.Messages
	switch {
	case errors.As(err, &fe):
		// The labels as this form says them (head office's own words).
		v.status.Importance = widget.DangerImportance
		v.status.SetText(fmt.Sprintf(formatText("%s：%s"), errorText(survey.ErrInvalid), v.form.messagesText(fe)))
		v.form.showErrors(v.d.svc.Validator().Messages(v.rec.Survey), true)
		return
	case err != nil:
		deskSay(v.status, "", err)
		v.form.showErrors(v.d.svc.Validator().Messages(v.rec.Survey), true)
		return
	}
	v.refresh()
	v.open(rec.ID)
	deskSay(v.status, fmt.Sprintf(tr("调查表 %s 第 %d 版已定稿，不可再修改"), rec.ID, rec.Version), nil)
}

// askCorrect asks why, then starts the next version as a draft.
func (v *surveysView) askCorrect() {
	a := v.d.a
	id := v.rec.ID
	reason := newField(a, tr("如：联系人手机号码变更"))
	v.dialog = a.askDeskForm(tr("更正调查表"), fmt.Sprintf(tr("调查表 %s 第 %d 版已定稿。更正将新建第 %d 版草稿，原版本保留。"), id, v.rec.Version, v.rec.Version+1),
		tr("新建更正版本"), []*widget.FormItem{widget.NewFormItem(tr("更正原因"), reason)}, reason, func() error {
			rec, err := v.d.svc.Correct(a.ctx, a.sess, id, reason.Text)
			if err != nil {
				return err
			}
			v.refresh()
			v.open(rec.ID)
			deskSay(v.status, fmt.Sprintf(tr("已新建第 %d 版（更正），请修改后重新定稿"), rec.Version), nil)
			a.win.Canvas().Focus(v.form.inputs["Name"])
			return nil
		})
}

// doUpgrade moves the draft on screen to the newest form and says what
// could not be carried over.
func (v *surveysView) doUpgrade() {
	a := v.d.a
	rec, dropped, err := v.d.svc.UpgradeSurvey(a.ctx, a.sess, v.rec.ID)
	if err != nil {
		deskSay(v.status, "", err)
		return
	}
	v.open(rec.ID)
	msg := fmt.Sprintf(tr("已升级到第%d版表单，原有内容全部带入"), rec.Survey.FormVersion)
	if len(dropped) > 0 {
		msg = fmt.Sprintf(tr("已升级到第%d版表单；新表单不再包含、不接受或按现有答案无需填写以下内容，未能带入：%s"), rec.Survey.FormVersion, strings.Join(dropped, "、"))
	}
	deskSay(v.status, msg, nil)
}

// collected reports whether a demand has been opened from survey id.
func (v *surveysView) collected(id string) bool {
	a := v.d.a
	ds, err := v.d.svc.Demands(a.ctx, a.sess)
	if err != nil {
		log.Printf("ui: demands: %v", err)
		return false
	}
	for _, d := range ds {
		if d.Need.SurveyID == id {
			return true
		}
	}
	return false
}

// doCollect opens a financing demand from the final survey.
func (v *surveysView) doCollect() {
	a := v.d.a
	id, err := v.d.svc.Collect(a.ctx, a.sess, v.rec.ID)
	if err != nil {
		deskSay(v.status, "", err)
		return
	}
	v.collect.Hide()
	deskSay(v.status, tr("已转入需求跟踪，需求编号 ")+id, nil)
}

// sizeTitle is the size the survey's figures give, "" if none.
func (v *surveysView) sizeTitle() string {
	size, err := v.d.svc.Size(v.rec.Survey)
	if err != nil {
		return ""
	}
	return size.Title()
}

// writePDF writes the survey on screen as the printable form, its
// attachments listed as this officer may see them.
func (v *surveysView) writePDF(w io.Writer) error {
	a := v.d.a
	files, err := v.d.svc.Attachments(a.ctx, a.sess, attach.OnSurvey, v.rec.ID)
	if err != nil {
		return err
	}
	return pdf.WriteSurveyForm(w, v.rec, v.form.def, v.sizeTitle(), files)
}

func (v *surveysView) savePDF() {
	if !v.shown {
		return
	}
	name := fmt.Sprintf("调查表-%s-第%d版.pdf", v.rec.ID, v.rec.Version)
	if n := strings.TrimSpace(v.rec.Survey.Name); n != "" {
		name = fmt.Sprintf("调查表-%s-%s-第%d版.pdf", deskFileName(n), v.rec.ID, v.rec.Version)
	}
	v.d.a.saveDeskFile(tr("调查表 PDF"), name, ".pdf", v.writePDF)
}

// printPDF sends the survey on screen to a printer.
func (v *surveysView) printPDF() {
	if !v.shown {
		return
	}
	v.d.a.printDeskFile(tr("调查表"), fmt.Sprintf("调查表-%s-第%d版", v.rec.ID, v.rec.Version), v.writePDF)
}
