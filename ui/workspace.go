package ui

import (
	"errors"
	"fmt"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/staff"
)

// workspace is the teller's screen: day actions on top, the business,
// journal, reversal register and (for B and A) users in tabs, and the
// status bar at the bottom.
type workspace struct {
	a          *App
	status     *statusBar
	signIn     *button
	pause      *button
	signOut    *button
	signOutYes *button // the confirmation's 正式签退, while it is open
	password   *button
	logout     *button
	refreshAll *button // 刷新 (F5)
	lockNow    *button // 锁屏 (F12)
	tabs       *container.AppTabs
	sync       *syncView // 总行同步, for B and A on a terminal set up for sync
	syncTab    *container.TabItem

	business  *businessForm
	journal   *journalView
	reversals *reversalView
	payments  *paymentView // 支付业务 (第十一条)
	users     *usersView   // nil for a clerk
	cash      *cashTabs    // vault, vouchers, day end and branch close
	remote    *remoteView  // 远程授权, for B and A when the branch has it on
	remoteTab *container.TabItem
	review    *reviewView // 复核监督, for B and A
	reviewTab *container.TabItem

	businessTab, journalTab, reversalsTab, usersTab, paymentsTab *container.TabItem
	content                                                      fyne.CanvasObject

	day counter.TellerDay // as of the last refresh

	// deferred holds the screens of the tabs not shown yet (putIn).
	deferred map[*container.TabItem]fyne.CanvasObject
}

func newWorkspace(a *App) *workspace {
	w := &workspace{a: a, status: newStatusBar(a)}
	w.signIn = newButton(a, tr("签到"), theme.LoginIcon(), w.doSignIn)
	w.pause = newButton(a, tr("临时签退"), theme.MediaPauseIcon(), w.doPause)
	w.signOut = newButton(a, tr("正式签退"), theme.LogoutIcon(), w.confirmSignOut)
	w.password = newButton(a, tr("修改密码"), theme.AccountIcon(), a.showChangePassword)
	w.logout = newButton(a, tr("退出登录"), theme.CancelIcon(), a.logout)
	w.refreshAll = newButton(a, tr("刷新 (F5)"), theme.ViewRefreshIcon(), w.refresh)
	w.lockNow = newButton(a, tr("锁屏 (F12)"), theme.VisibilityOffIcon(), a.lockNow)

	w.business = newBusinessForm(a)
	w.journal = newJournalView(a)
	w.reversals = newReversalView(a)
	w.businessTab = container.NewTabItemWithIcon(tr("业务办理"), theme.DocumentCreateIcon(), w.business.content)
	w.journalTab = container.NewTabItemWithIcon(tr("当日流水"), theme.ListIcon(), w.journal.content)
	w.reversalsTab = container.NewTabItemWithIcon(tr("冲正登记簿"), theme.HistoryIcon(), w.reversals.content)
	w.payments = newPaymentView(a)
	w.paymentsTab = container.NewTabItemWithIcon(tr("支付业务"), theme.MailSendIcon(), w.payments.content)
	w.tabs = container.NewAppTabs(w.businessTab, w.journalTab, w.reversalsTab, w.paymentsTab)
	// An officer's desk comes right after the counter's own tabs: at the
	// window's first size it must not be the one hidden under "…".
	if a.desk = newFinanceView(a); a.desk != nil {
		w.addTabs(a.desk.tab)
	}
	if a.sess.User().Level != staff.LevelC {
		w.users = newUsersView(a)
		w.usersTab = container.NewTabItemWithIcon(tr("柜员管理"), theme.AccountIcon(), w.users.content)
		w.addTabs(w.usersTab)
	}
	if a.sess.User().Level != staff.LevelC {
		w.review = newReviewView(a)
		w.reviewTab = container.NewTabItemWithIcon(tr("复核监督"), theme.VisibilityIcon(), w.review.content)
		w.addTabs(w.reviewTab)
	}
	if a.sess.User().Level != staff.LevelC && a.svc.RemoteAuthorization(a.ctx) {
		w.remote = newRemoteView(a)
		w.remoteTab = container.NewTabItemWithIcon(tr("远程授权"), theme.ConfirmIcon(), w.remote.content)
		w.addTabs(w.remoteTab)
	}
	w.cash = newCashTabs(w)
	if a.opts.Sync != nil && a.sess.User().Level != staff.LevelC {
		w.sync = newSyncView(a, a.opts.Sync)
		w.syncTab = container.NewTabItemWithIcon(tr("总行同步"), theme.UploadIcon(), w.sync.content)
		w.addTabs(w.syncTab)
	}
	w.cash.appendRegisters(w)
	w.deferTabs()
	w.tabs.OnSelected = func(t *container.TabItem) {
		a.touch()
		w.putIn(t)
		w.refreshTab(t)
	}

	bar := container.NewHBox(w.signIn, w.pause, w.signOut, widget.NewSeparator(), w.refreshAll, w.lockNow,
		widget.NewSeparator(), w.password, w.logout)
	w.content = container.NewBorder(
		container.NewVBox(bar, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), w.status.content),
		nil, nil, w.tabs)
	return w
}

// start shows the day as it stands after login. A day left in temporary
// sign-out resumes: the same teller has just given their password.
func (w *workspace) start(pw string) {
	d := w.status.refresh()
	if d.State == counter.DayPaused {
		if err := w.a.svc.ResumeDay(w.a.ctx, w.a.sess, w.a.sess.User().ID, pw); err != nil {
			log.Printf("ui: resume after login: %v", err)
		}
	}
	w.refresh()
	w.focusStart()
}

// focusStart puts the cursor where the teller starts: the business form
// when the day is open, the sign-in button otherwise.
func (w *workspace) focusStart() {
	if w.dayOpen() {
		w.tabs.Select(w.businessTab)
		w.a.win.Canvas().Focus(w.business.account)
		return
	}
	w.a.win.Canvas().Focus(w.signIn)
}

// deferTabs leaves every tab but the first (业务办理, shown at sign-in)
// empty until it is first selected: Fyne refreshes the content of every
// tab when the tab bar is first drawn and at each change of tab, so the
// renderers of all the workspace's screens were built at sign-in.
func (w *workspace) deferTabs() {
	w.deferred = map[*container.TabItem]fyne.CanvasObject{}
	for _, t := range w.tabs.Items[1:] {
		w.deferred[t] = t.Content
		t.Content = container.NewStack()
	}
}

// putIn puts a deferred tab's screen into it, the first time it is shown.
func (w *workspace) putIn(t *container.TabItem) {
	if c, ok := w.deferred[t]; ok {
		delete(w.deferred, t)
		t.Content.(*fyne.Container).Add(c)
	}
}

// addTabs adds tabs at the end while the workspace is being built. Items
// are set directly: AppTabs.Append refreshes the whole tab bar each time
// (every tab's icon drawn again), which made sign-in slow.
func (w *workspace) addTabs(items ...*container.TabItem) {
	w.tabs.Items = append(w.tabs.Items, items...)
}

func (w *workspace) dayOpen() bool { return w.day.State == counter.DayOpen }

// refresh updates the status bar, the buttons and the visible tab.
func (w *workspace) refresh() {
	d := w.status.refresh()
	w.day = d
	setEnabled(w.signIn, d.State != counter.DayOpen)
	setEnabled(w.pause, d.State == counter.DayOpen)
	setEnabled(w.signOut, d.State == counter.DayOpen)
	if w.cash != nil {
		w.cash.dayEnd.dayState(d.State)
	}
	if d.State != counter.DayOpen && w.business.message.Text == "" {
		sayRefused(w.business.message, tr(d.State.Title())+tr("：请先签到（按 Enter 或点击“签到”）"))
	}
	w.refreshTab(w.tabs.Selected())
}

func (w *workspace) refreshTab(t *container.TabItem) {
	switch {
	case t == w.journalTab:
		w.journal.refresh()
	case t == w.reversalsTab:
		w.reversals.refresh()
	case t == w.paymentsTab:
		w.payments.refresh()
	case t == w.usersTab && w.users != nil:
		w.users.refresh()
	case t == w.syncTab && w.sync != nil:
		w.sync.refresh()
	case t == w.remoteTab && w.remote != nil:
		w.remote.refresh()
	case t == w.reviewTab && w.review != nil:
		w.review.refresh()
	default:
		w.cash.refresh(t)
	}
}

func (w *workspace) doSignIn() {
	a := w.a
	err := a.svc.SignIn(a.ctx, a.sess, nil)
	switch {
	case errors.Is(err, counter.ErrNeedReSignInApproval):
		u, b := a.sess.User(), a.sess.Branch()
		a.authorize(authRequest{
			title:   tr("重新签到授权"),
			need:    errorText(err),
			summary: fmt.Sprintf(tr("柜员 %s 正式签退后重新签到 营业日 %s"), u.Label(), b.BusinessDate),
			signer:  &reSignIn{a: a},
			done: func() {
				sayDone(w.business.message, tr("已重新签到（经A级授权）"))
				w.refresh()
				w.focusStart()
			},
			refused: func(reason string) { sayRefused(w.business.message, tr("重新签到被拒绝：")+reason) },
		})
	case err != nil:
		a.showError("sign in", err)
		w.refresh()
	default:
		sayDone(w.business.message, tr("签到成功"))
		w.refresh()
		w.focusStart()
	}
}

func (w *workspace) doPause() {
	if err := w.a.svc.PauseDay(w.a.ctx, w.a.sess); err != nil {
		w.a.showError("temporary sign-out", err)
		w.refresh()
		return
	}
	w.a.showLock(lockPause)
}

func (w *workspace) confirmSignOut() {
	a := w.a
	var m *modal
	msg := widget.NewLabel(tr("正式签退后，当日再次签到须A级柜员（业务主管）授权。\n确定正式签退？"))
	no := newButton(a, tr("取消"), theme.CancelIcon(), func() { a.closeModal(m) })
	yes := newButton(a, tr("正式签退"), theme.LogoutIcon(), func() {
		a.closeModal(m)
		if err := a.svc.SignOut(a.ctx, a.sess); err != nil {
			a.showError("sign out", err)
			return
		}
		sayDone(w.business.message, tr("已正式签退"))
		w.refresh()
		a.win.Canvas().Focus(w.logout)
	})
	yes.Importance = widget.DangerImportance
	w.signOutYes = yes
	m = a.showModal(tr("正式签退"), msg, []fyne.CanvasObject{no, yes}, 460, no, nil)
}

// reSignIn signs a re-sign-in after a formal sign-out: one A approval.
type reSignIn struct {
	a    *App
	done bool
}

func (r *reSignIn) next() (authz.Stage, bool) { return authz.StageA, !r.done }

func (r *reSignIn) sign(c counter.Credential) error {
	err := r.a.svc.SignIn(r.a.ctx, r.a.sess, &c)
	if err == nil {
		r.done = true
	}
	return err
}

func (r *reSignIn) signed() []counter.Approval { return nil }
