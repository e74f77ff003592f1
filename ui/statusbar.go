package ui

import (
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
)

// statusBar shows who is at the terminal and where their day stands.
type statusBar struct {
	a       *App
	teller  *widget.Label
	level   *widget.Label
	branch  *widget.Label
	date    *widget.Label
	state   *widget.Label
	server  *widget.Label // 分行服务器连接中断, while the store does not answer
	content fyne.CanvasObject
}

func newStatusBar(a *App) *statusBar {
	s := &statusBar{a: a,
		teller: widget.NewLabel(""), level: widget.NewLabel(""), branch: widget.NewLabel(""),
		date: widget.NewLabel(""), state: widget.NewLabel(""),
	}
	s.state.TextStyle.Bold = true
	s.server = widget.NewLabel(errorText(counter.ErrUnreachable))
	s.server.TextStyle.Bold = true
	s.server.Importance = widget.DangerImportance
	s.content = container.NewHBox(s.teller, widget.NewSeparator(), s.level, widget.NewSeparator(),
		s.branch, widget.NewSeparator(), s.date, widget.NewSeparator(), s.state, s.server)
	s.showOffline(a.offline)
	return s
}

// showOffline shows or hides 分行服务器连接中断.
func (s *statusBar) showOffline(off bool) {
	if off {
		s.server.Show()
	} else {
		s.server.Hide()
	}
}

// refresh reads the day from the service and returns it.
func (s *statusBar) refresh() counter.TellerDay {
	sess := s.a.sess
	if sess == nil {
		return counter.TellerDay{}
	}
	d, err := s.a.svc.Day(s.a.ctx, sess)
	if err != nil {
		log.Printf("ui: status: %v", err)
	}
	u, b := sess.User(), sess.Branch()
	s.teller.SetText(tr("柜员 ") + u.Label())
	s.level.SetText(tr("级别 ") + string(u.Level) + " " + tr(u.Level.Title()))
	s.branch.SetText(tr("网点 ") + b.ID + " " + b.Name)
	s.date.SetText(tr("营业日 ") + b.BusinessDate)
	s.state.SetText(tr("状态 ") + tr(d.State.Title()))
	if d.State == counter.DayOpen {
		s.state.Importance = widget.SuccessImportance
	} else {
		s.state.Importance = widget.WarningImportance
	}
	s.state.Refresh()
	return d
}
