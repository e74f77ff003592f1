package ui

import (
	"fmt"
	"io"
	"log"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/finance"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// financeView is the 信贷服务 tab of credit financing officers
// (信用融资服务官) and A-level users: surveys, the demand pipeline,
// complaints, the target list, the KPIs and the service-voucher register,
// one sub-tab each. The rules
// live in domain/finance; these screens show its answers.
type financeView struct {
	a   *App
	svc *finance.Service

	surveys    *surveysView
	demands    *demandsView
	complaints *complaintsView
	targets    *targetsView
	kpi        *kpiView
	quarter    *quarterView
	vouchers   *serviceVouchersView

	tabs                                                                   *container.AppTabs
	surveysTab, demandsTab, complaintsTab, targetsTab, kpiTab, vouchersTab *container.TabItem
	tab                                                                    *container.TabItem // the workspace's 信贷服务 tab
	kpiTabs                                                                *container.AppTabs // the KPI tab's: period, quarter
	kpiPeriodTab, quarterTab                                               *container.TabItem
}

// newFinanceView builds the tab for an officer, a B or an A, or returns
// nil when the desk is not wired in or the user is a clerk.
func newFinanceView(a *App) *financeView {
	if a.opts.Finance == nil || a.sess == nil {
		return nil
	}
	if u := a.sess.User(); !u.Officer && u.Level == staff.LevelC {
		return nil
	}
	d := &financeView{a: a, svc: a.opts.Finance}
	d.surveys = newSurveysView(d)
	d.demands = newDemandsView(d)
	d.complaints = newComplaintsView(d)
	d.targets = newTargetsView(d)
	d.kpi = newKPIView(d)
	d.quarter = newQuarterView(d)
	d.vouchers = newServiceVouchersView(d)
	d.surveysTab = container.NewTabItemWithIcon(tr("调查表"), theme.DocumentCreateIcon(), d.surveys.content)
	d.demandsTab = container.NewTabItemWithIcon(tr("需求跟踪"), theme.MailForwardIcon(), d.demands.content)
	d.complaintsTab = container.NewTabItemWithIcon(tr("投诉"), theme.WarningIcon(), d.complaints.content)
	d.targetsTab = container.NewTabItemWithIcon(tr("名单"), theme.ListIcon(), d.targets.content)
	// The KPI tab holds the period's figures and the quarter's evaluation.
	d.kpiPeriodTab = container.NewTabItem(tr("期间统计"), d.kpi.content)
	d.quarterTab = container.NewTabItem(tr("季度考核"), d.quarter.content)
	d.kpiTabs = container.NewAppTabs(d.kpiPeriodTab, d.quarterTab)
	d.kpiTabs.OnSelected = func(t *container.TabItem) {
		a.touch()
		d.refreshTab(t)
	}
	d.kpiTab = container.NewTabItemWithIcon("KPI", theme.InfoIcon(), d.kpiTabs)
	d.vouchersTab = container.NewTabItemWithIcon(tr("服务券"), theme.FileIcon(), d.vouchers.content)
	d.tabs = container.NewAppTabs(d.surveysTab, d.demandsTab, d.complaintsTab, d.targetsTab, d.kpiTab, d.vouchersTab)
	d.tabs.OnSelected = func(t *container.TabItem) {
		a.touch()
		d.refreshTab(t)
	}
	d.tab = container.NewTabItemWithIcon(tr("信贷服务"), theme.AccountIcon(), d.tabs)
	d.surveys.refresh()
	return d
}

// refreshTab reloads the sub-tab just shown.
func (d *financeView) refreshTab(t *container.TabItem) {
	switch t {
	case d.surveysTab:
		d.surveys.refresh()
	case d.demandsTab:
		d.demands.refresh()
	case d.complaintsTab:
		d.complaints.refresh()
	case d.targetsTab:
		d.targets.refresh()
	case d.kpiTab:
		d.refreshTab(d.kpiTabs.Selected())
	case d.kpiPeriodTab:
		d.kpi.refresh()
	case d.quarterTab:
		d.quarter.refresh()
	case d.vouchersTab:
		d.vouchers.refresh()
	}
}

// user is the signed-in user.
func (d *financeView) user() staff.User { return d.a.sess.User() }

// manager reports whether the user is an A (业务主管).
func (d *financeView) manager() bool { return d.user().Level == staff.LevelA }

// deskTime is how the desk shows a moment; "" for none.
func deskTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

// deskForm is an open dialog asking for a few fields: its buttons and the
// line where a refusal shows, for tests to drive.
type deskForm struct {
	m       *modal
	ok      *button
	cancel  *button
	message *widget.Label
}

// askDeskForm opens a dialog with items; ok runs submit, which closes the
// dialog when it returns nil and shows its error otherwise.
func (a *App) askDeskForm(title, intro, okText string, items []*widget.FormItem, first fyne.Focusable, submit func() error) *deskForm {
	f := &deskForm{message: errorLabel()}
	do := func() {
		if err := submit(); err != nil {
			log.Printf("ui: %s: %v", title, err)
			f.message.SetText(errorText(err))
			return
		}
		a.closeModal(f.m)
	}
	f.ok = newButton(a, okText, theme.ConfirmIcon(), do)
	f.ok.Importance = widget.HighImportance
	f.cancel = newButton(a, tr("取消"), theme.CancelIcon(), func() { a.closeModal(f.m) })
	body := container.NewVBox()
	if intro != "" {
		l := messageLabel()
		l.SetText(intro)
		body.Add(l)
	}
	body.Add(widget.NewForm(items...))
	body.Add(f.message)
	for _, it := range items {
		if e, ok := it.Widget.(*field); ok && e.OnSubmitted == nil {
			e.OnSubmitted = func(string) { do() }
		}
	}
	f.m = a.showModal(title, body, []fyne.CanvasObject{f.cancel, f.ok}, 680, first, nil)
	return f
}

// saveDeskFile asks where to save a file named name and writes it with write;
// what names the file in messages, e.g. "调查表 PDF". Every save in the app
// (receipts, reports, exports) goes through it. The dialog opens in the
// folder last used (deskFolder).
func (a *App) saveDeskFile(what, name, ext string, write func(io.Writer) error) {
	a.saveFile(fmt.Sprintf(tr("保存%s"), what), name, []string{ext}, func(w fyne.URIWriteCloser, err error) { a.savedDeskFile(what, write, w, err) })
}

// savedDeskFile writes the file the save dialog chose (which remembers its folder).
func (a *App) savedDeskFile(what string, write func(io.Writer) error, w fyne.URIWriteCloser, err error) {
	if err != nil {
		a.showError("save "+what, err)
		return
	}
	if w == nil {
		return // cancelled
	}
	werr := write(w)
	if cerr := w.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		a.showError("save "+what, msg.Errorf(tr("%s保存失败：%w"), what, werr))
		return
	}
	log.Printf("ui: %s saved to %s", what, w.URI())
	a.showInfo(fmt.Sprintf(tr("保存%s"), what), fmt.Sprintf(tr("%s已保存：%s"), what, w.URI().Path()))
}

// openDeskFile asks for a file with one of the extensions exts and reads it
// with read, which gets the file's name.
func (a *App) openDeskFile(what string, exts []string, read func(name string, r io.Reader) error) {
	a.openFile(tr("打开")+what, exts, func(r fyne.URIReadCloser, err error) {
		if err != nil {
			a.showError("open "+what, err)
			return
		}
		if r == nil {
			return
		}
		rerr := read(r.URI().Name(), r)
		if cerr := r.Close(); rerr == nil {
			rerr = cerr
		}
		if rerr != nil {
			a.showError("open "+what, msg.Errorf(tr("%s读取失败：%w"), what, rerr))
		}
	})
}

// deskFileName makes s usable in a file name.
func deskFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>| `, r) {
			return '_'
		}
		return r
	}, s)
}

// deskStatus is a one-line message under a screen's actions.
func deskStatus() *widget.Label {
	l := messageLabel()
	l.Importance = widget.WarningImportance
	return l
}

// deskSay shows msg in l, in the danger colour for an error.
func deskSay(l *widget.Label, msg string, err error) {
	if err != nil {
		l.Importance = widget.DangerImportance
		l.SetText(errorText(err))
		return
	}
	l.Importance = widget.SuccessImportance
	l.SetText(msg)
}
