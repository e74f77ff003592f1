package ui

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"branchdesk/domain/staff"
)

// cashTabs are the workspace's cash and day-end tabs: for B and A the
// vault (现金管理), the voucher keeper's desk (重空管理) and the branch
// close (网点平账); for everyone their own vouchers (我的凭证) and the
// day-end wizard (日终轧账), the seal register (印章管理), the leave
// hand-over (离岗交接) and the suspense register with its resolution
// (挂账管理). The service decides who may act: a B who
// does not keep the vault sees its refusals.
type cashTabs struct {
	w        *workspace
	vault    *vaultView         // nil for a clerk
	keeper   *voucherKeeperView // nil for a clerk
	mine     *myVouchersView
	dayEnd   *dayEndWizard
	closeDay *closeView // nil for a clerk
	seals    *sealsView // 印章管理, for everyone: each keeps some
	leave    *leaveView // 离岗交接, for everyone
	suspense *suspenseView

	vaultTab, keeperTab, mineTab, dayEndTab, sealsTab, leaveTab, closeTab, suspenseTab *container.TabItem
}

// newCashTabs builds the tabs and appends them to the workspace's.
func newCashTabs(w *workspace) *cashTabs {
	d := &cashTabs{w: w}
	supervisor := w.a.sess.User().Level != staff.LevelC
	if supervisor {
		d.vault = newVaultView(w.a)
		d.keeper = newVoucherKeeperView(w.a)
		d.vaultTab = container.NewTabItemWithIcon(tr("现金管理"), theme.StorageIcon(), d.vault.content)
		d.keeperTab = container.NewTabItemWithIcon(tr("重空管理"), theme.FolderIcon(), d.keeper.content)
		w.addTabs(d.vaultTab)
		w.addTabs(d.keeperTab)
	}
	d.mine = newMyVouchersView(w.a)
	d.dayEnd = newDayEndWizard(w)
	d.mineTab = container.NewTabItemWithIcon(tr("我的凭证"), theme.FileIcon(), d.mine.content)
	d.dayEndTab = container.NewTabItemWithIcon(tr("日终轧账"), theme.DocumentIcon(), d.dayEnd.content)
	w.addTabs(d.mineTab)
	w.addTabs(d.dayEndTab)
	if supervisor {
		d.closeDay = newCloseView(w)
		d.closeTab = container.NewTabItemWithIcon(tr("网点平账"), theme.ConfirmIcon(), d.closeDay.content)
		w.addTabs(d.closeTab)
	}
	d.seals = newSealsView(w.a)
	d.sealsTab = container.NewTabItemWithIcon(tr("印章管理"), theme.AccountIcon(), d.seals.content)
	d.leave = newLeaveView(w.a)
	d.leaveTab = container.NewTabItemWithIcon(tr("离岗交接"), theme.MailForwardIcon(), d.leave.content)
	d.suspense = newSuspenseView(w.a)
	d.suspenseTab = container.NewTabItemWithIcon(tr("挂账管理"), theme.ErrorIcon(), d.suspense.content)
	return d
}

// appendRegisters adds the registers used now and then — 挂账管理,
// 印章管理, 离岗交接 — after every other tab: where the window is too
// narrow for all, they are the ones Fyne moves under the tab bar's "…".
func (d *cashTabs) appendRegisters(w *workspace) {
	w.addTabs(d.suspenseTab)
	w.addTabs(d.sealsTab)
	w.addTabs(d.leaveTab)
}

// refresh reloads the tab t if it is one of these.
func (d *cashTabs) refresh(t *container.TabItem) {
	switch {
	case t == nil:
	case t == d.vaultTab:
		d.vault.refresh()
	case t == d.keeperTab:
		d.keeper.refresh()
	case t == d.mineTab:
		d.mine.refresh()
	case t == d.dayEndTab:
		d.dayEnd.refresh()
	case t == d.sealsTab:
		d.seals.refresh()
	case t == d.leaveTab:
		d.leave.refresh()
	case t == d.closeTab:
		d.closeDay.refresh()
	case t == d.suspenseTab:
		d.suspense.refresh()
	}
}
