package ui

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/finance"
	"branchdesk/domain/target"
	"branchdesk/storage/csvio"
	"branchdesk/storage/xlsxio"
)

// targetsView is the 名单 sub-tab: the target list (an officer's own
// customers, an A's whole branch, or what a search finds), CSV import (A)
// and export, the day's log entry (日登), what falls due this week (周清)
// and the month's summary (月结). Contact numbers of customers the user
// does not answer for are masked.
type targetsView struct {
	d        *financeView
	search   *field
	table    *widget.Table
	rows     []target.Target
	selected int
	importer *button
	exporter *button
	excel    *button // 导出Excel
	reload   *button
	chosen   *widget.Label
	logText  *field
	logBtn   *button
	message  *widget.Label

	week     *widget.Table
	due      []target.Due
	weekNote *widget.Label

	month *monthView

	tabs                       *container.AppTabs
	listTab, weekTab, monthTab *container.TabItem
	content                    fyne.CanvasObject
}

var targetColumns = []column{
	{key("企业名称"), 210}, {key("统一社会信用代码"), 170}, {key("客户分类"), 96}, {key("责任人"), 90}, {key("营销时限"), 96},
	{key("法定代表人"), 86}, {key("联系方式"), 150}, {key("与本行往来"), 86}, {key("金融产品需求"), 160},
}

var dueColumns = []column{
	{key("企业名称"), 210}, {key("客户分类"), 96}, {key("责任人"), 90}, {key("营销时限"), 96}, {key("状态"), 80}, {key("最近日登"), 96}, {key("联系方式"), 150},
}

func newTargetsView(d *financeView) *targetsView {
	a := d.a
	v := &targetsView{d: d, selected: -1}
	v.search = newField(a, tr("按企业名称或统一社会信用代码查找（全行名单）"))
	v.search.OnChanged = func(string) { v.refresh() }
	v.table = deskTable(targetColumns, func() int { return len(v.rows) }, v.cell, nil)
	v.table.OnSelected = func(id widget.TableCellID) { a.touch(); v.choose(id.Row) }
	v.importer = newButton(a, tr("导入名单（CSV/Excel）"), theme.FolderOpenIcon(), v.askImport)
	v.exporter = newButton(a, tr("导出CSV"), theme.DocumentSaveIcon(), v.saveCSV)
	v.excel = newButton(a, tr("导出Excel"), theme.DocumentSaveIcon(), v.saveXLSX)
	v.reload = newButton(a, tr("刷新"), theme.ViewRefreshIcon(), v.refresh)
	if !d.manager() {
		v.importer.Disable()
	}
	v.chosen = widget.NewLabel("")
	v.logText = newField(a, tr("当日营销进展，如：上门走访，了解流动资金需求"))
	v.logText.OnSubmitted = func(string) { v.doLog() }
	v.logBtn = newButton(a, tr("日登"), theme.DocumentCreateIcon(), v.doLog)
	v.message = deskStatus()
	v.choose(-1)
	tools := container.NewBorder(nil, nil, nil, container.NewHBox(v.reload, v.importer, v.exporter, v.excel), v.search)
	logRow := container.NewBorder(nil, nil, nil, v.logBtn, v.logText)
	list := container.NewBorder(tools, container.NewVBox(widget.NewSeparator(), v.chosen, logRow, v.message), nil, nil, v.table)

	v.week = deskTable(dueColumns, func() int { return len(v.due) }, v.dueCell, func(row int) widget.Importance {
		if row < len(v.due) && v.due[row].Overdue {
			return widget.DangerImportance
		}
		return widget.MediumImportance
	})
	v.weekNote = widget.NewLabel("")
	weekReload := newButton(a, tr("刷新"), theme.ViewRefreshIcon(), v.refreshWeek)
	week := container.NewBorder(container.NewHBox(weekReload, v.weekNote), nil, nil, nil, v.week)

	v.month = newMonthView(d)
	v.listTab = container.NewTabItem(tr("名单及日登"), list)
	v.weekTab = container.NewTabItem(tr("周清"), week)
	v.monthTab = container.NewTabItem(tr("月结"), v.month.content)
	v.tabs = container.NewAppTabs(v.listTab, v.weekTab, v.monthTab)
	v.tabs.OnSelected = func(t *container.TabItem) {
		a.touch()
		switch t {
		case v.listTab:
			v.refresh()
		case v.weekTab:
			v.refreshWeek()
		case v.monthTab:
			v.month.refresh()
		}
	}
	v.content = v.tabs
	return v
}

// contact is the contact field as the user may see it.
func (v *targetsView) contact(t target.Target) string {
	return finance.MaskTarget(v.d.user(), t).Contact
}

func (v *targetsView) cell(row, col int) string {
	if row >= len(v.rows) {
		return ""
	}
	t := v.rows[row]
	switch col {
	case 0:
		return t.Name
	case 1:
		return t.CreditCode
	case 2:
		return tr(t.Class.Title())
	case 3:
		return v.d.a.userLabel(t.Officer)
	case 4:
		return t.Deadline
	case 5:
		return t.LegalRep
	case 6:
		return v.contact(t)
	case 7:
		if t.WithUs {
			return tr("是")
		}
		return tr("否")
	case 8:
		return t.Needs
	}
	return ""
}

func (v *targetsView) dueCell(row, col int) string {
	if row >= len(v.due) {
		return ""
	}
	du := v.due[row]
	t := du.Target
	switch col {
	case 0:
		return t.Name
	case 1:
		return tr(t.Class.Title())
	case 2:
		return v.d.a.userLabel(t.Officer)
	case 3:
		return t.Deadline
	case 4:
		if du.Overdue {
			return tr("已逾期")
		}
		return tr("本周到期")
	case 5:
		if du.LastLog == "" {
			return tr("未登记")
		}
		return du.LastLog
	case 6:
		return v.contact(t)
	}
	return ""
}

// refresh lists what the search finds, or the user's list.
func (v *targetsView) refresh() {
	a := v.d.a
	var rows []target.Target
	var err error
	if q := strings.TrimSpace(v.search.Text); q != "" {
		rows, err = v.d.svc.Search(a.ctx, a.sess, q, 200)
	} else {
		rows, err = v.d.svc.Targets(a.ctx, a.sess)
	}
	if err != nil {
		deskSay(v.message, "", err)
		return
	}
	v.rows = rows
	v.table.UnselectAll()
	v.table.Refresh()
	v.choose(-1)
	switch {
	case len(rows) > 0:
	case strings.TrimSpace(v.search.Text) != "":
		sayNote(v.message, tr("全行名单中没有找到该企业：请核对名称或统一社会信用代码"))
	case v.d.manager():
		sayNote(v.message, tr("名单为空：请用“导入CSV”导入名单，或导入总行下发的配置包"))
	default:
		sayNote(v.message, tr("您名下还没有名单企业：名单由业务主管导入或随总行配置包下发，分配给您后显示在此"))
	}
}

func (v *targetsView) choose(row int) {
	v.selected = row
	if row < 0 || row >= len(v.rows) {
		v.selected = -1
		v.chosen.SetText(tr("请在上表选择客户，再填写当日营销进展（日登）"))
		v.logBtn.Disable()
		return
	}
	t := v.rows[row]
	v.chosen.SetText(fmt.Sprintf(tr("%s　%s　责任人 %s　营销时限 %s"), t.Name, tr(t.Class.Title()), v.d.a.userLabel(t.Officer), t.Deadline))
	v.logBtn.Enable()
}

func (v *targetsView) doLog() {
	if v.selected < 0 {
		return
	}
	a := v.d.a
	t := v.rows[v.selected]
	if err := v.d.svc.LogProgress(a.ctx, a.sess, t.ID, v.logText.Text); err != nil {
		deskSay(v.message, "", err)
		return
	}
	v.logText.SetText("")
	deskSay(v.message, tr("已日登：")+t.Name, nil)
}

func (v *targetsView) refreshWeek() {
	a := v.d.a
	day := businessDay(a)
	due, err := v.d.svc.WeekDue(a.ctx, a.sess, day)
	if err != nil {
		v.weekNote.SetText(errorText(err))
		return
	}
	v.due = due
	v.week.Refresh()
	v.weekNote.SetText(fmt.Sprintf(tr("%s 起 7 日内到期及已逾期的可营销客户 %d 户（红色为已逾期）"), day.Format(time.DateOnly), len(due)))
}

// askImport asks for a list, CSV or Excel, and imports it.
func (v *targetsView) askImport() {
	v.d.a.openDeskFile(tr("名单"), []string{".csv", ".xlsx"}, func(name string, r io.Reader) error {
		if strings.EqualFold(filepath.Ext(name), ".xlsx") {
			return v.importXLSX(r)
		}
		return v.importCSV(r)
	})
}

// importCSV reads a CSV list (UTF-8 or GBK) and imports it, all or nothing.
func (v *targetsView) importCSV(r io.Reader) error {
	ts, err := csvio.ReadTargets(r)
	if err != nil {
		return err
	}
	return v.importList(ts)
}

// importXLSX reads an Excel list and imports it, all or nothing.
func (v *targetsView) importXLSX(r io.Reader) error {
	ts, err := xlsxio.ReadTargets(r)
	if err != nil {
		return err
	}
	return v.importList(ts)
}

// importList lists what a file held, all or nothing.
func (v *targetsView) importList(ts []target.Target) error {
	a := v.d.a
	if err := v.d.svc.ImportTargets(a.ctx, a.sess, ts); err != nil {
		return err
	}
	v.refresh()
	deskSay(v.message, fmt.Sprintf(tr("已导入名单 %d 户"), len(ts)), nil)
	return nil
}

// masked reports whether exports hide contacts: unless the user owns
// every row on screen.
func (v *targetsView) masked() bool {
	for _, t := range v.rows {
		if !finance.OwnsTarget(v.d.user(), t) {
			return true
		}
	}
	return false
}

// writeCSV writes the rows on screen, masked unless the user owns them all.
func (v *targetsView) writeCSV(w io.Writer) error { return csvio.WriteTargets(w, v.rows, v.masked()) }

// writeXLSX writes the rows on screen as an Excel workbook, masked alike.
func (v *targetsView) writeXLSX(w io.Writer) error { return xlsxio.WriteTargets(w, v.rows, v.masked()) }

func (v *targetsView) saveXLSX() {
	v.d.a.saveDeskFile(tr("名单 Excel"), "营销名单-"+businessDay(v.d.a).Format(time.DateOnly)+".xlsx", ".xlsx", v.writeXLSX)
}

func (v *targetsView) saveCSV() {
	v.d.a.saveDeskFile(tr("名单 CSV"), "营销名单-"+businessDay(v.d.a).Format(time.DateOnly)+".csv", ".csv", v.writeCSV)
}
