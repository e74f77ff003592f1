package ui

import (
	"fmt"
	"log"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/money"
	"branchdesk/domain/staff"
)

// remotePoll is how often the teller's screen asks after a queued draft.
const remotePoll = 500 * time.Millisecond

// queueRemote sends a draft needing authorization to the branch's remote
// authorization queue (setting remote_authorization) and watches for the
// answer: the form is covered until it comes, then the draft is posted,
// or the refusal and its reason are shown.
func (b *businessForm) queueRemote(d *counter.Draft) {
	a := b.a
	key, err := a.svc.Queue(a.ctx, d)
	if err != nil {
		log.Printf("ui: queue: %v", err)
		b.message.SetText(errorText(err))
		return
	}
	b.veil.Show()
	b.form.Hide()
	b.message.SetText(tr(counter.QueueWaiting.Title()) + tr(" 已提交远程授权：") + needText(d.Requirement()))
	done := make(chan struct{})
	var once sync.Once
	finish := func() { once.Do(func() { close(done) }) }
	b.waiting, b.stopWait = key, finish
	b.withdraw.Show()
	go func() {
		t := time.NewTicker(remotePoll)
		defer t.Stop()
		for {
			select {
			case <-a.stop:
				return
			case <-done:
				return
			case <-t.C:
				fyne.Do(func() {
					if b.remoteAnswer(key) {
						finish()
					}
				})
			}
		}
	}()
}

// remoteAnswer shows where a queued draft stands and posts it once it is
// authorized; it reports whether the wait is over.
func (b *businessForm) remoteAnswer(key string) bool {
	a := b.a
	if a.sess == nil || b.waiting != key {
		return true
	}
	q, err := a.svc.QueuedState(a.ctx, a.sess, key)
	if err != nil {
		log.Printf("ui: queued state: %v", err)
		b.message.SetText(errorText(err))
		return false
	}
	unveil := func() {
		b.endWait()
		b.form.Show()
		b.veil.Hide()
	}
	switch q.State {
	case counter.QueueWaiting:
		left := q.Expires.Sub(a.svc.Now()).Round(time.Second)
		b.message.SetText(fmt.Sprintf(tr("%s（%s，剩余 %s）"), tr(q.State.Title()), tr(q.Requirement.Need.Title()), left))
		return false
	case counter.QueueApproved:
		unveil()
		e, err := a.svc.PostQueued(a.ctx, a.sess, key)
		if err != nil {
			log.Printf("ui: post queued: %v", err)
			b.message.SetText(errorText(err))
			return true
		}
		b.showPosted(e)
		b.reset()
		a.ws.refresh()
		a.win.Canvas().Focus(b.account)
	case counter.QueueRefused:
		unveil()
		b.message.SetText(fmt.Sprintf(tr("%s：%s（%s），该笔业务未记账"), tr(q.State.Title()), q.RefuseReason, a.userLabel(q.RefusedBy)))
	case counter.QueueWithdrawn:
		unveil()
		b.message.SetText(tr("已撤回远程授权请求，该笔业务未记账"))
	default:
		unveil()
		b.message.SetText(tr(q.State.Title()) + tr("，该笔业务未记账"))
	}
	return true
}

// endWait stops watching the queued draft.
func (b *businessForm) endWait() {
	if b.stopWait != nil {
		b.stopWait()
	}
	b.waiting, b.stopWait = "", nil
	b.withdraw.Hide()
}

// withdrawQueued is 撤回 on the waiting screen: the teller takes the draft
// back while no authorizer has finished with it. Too late (approved,
// refused, expired), the refusal says why and the poll carries on to the
// answer.
func (b *businessForm) withdrawQueued() {
	a := b.a
	key := b.waiting
	if key == "" || a.sess == nil {
		return
	}
	if err := a.svc.Withdraw(a.ctx, a.sess, key); err != nil {
		log.Printf("ui: withdraw: %v", err)
		b.message.SetText(errorText(err))
		return
	}
	b.remoteAnswer(key)
	a.win.Canvas().Focus(b.amount)
}

// remoteView is the 远程授权 tab of a B or A: the queued drafts of the
// branch they may sign now, each opened in the authorization dialog.
type remoteView struct {
	a       *App
	list    *fyne.Container
	message *widget.Label
	reload  *button
	content fyne.CanvasObject
	open    []*button // one per listed draft, for tests
}

func newRemoteView(a *App) *remoteView {
	v := &remoteView{a: a, list: container.NewVBox(), message: messageLabel()}
	v.reload = newButton(a, tr("刷新"), theme.ViewRefreshIcon(), v.refresh)
	head := widget.NewLabelWithStyle(tr("待远程授权的业务（本人可授权的）"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.content = container.NewBorder(container.NewVBox(container.NewHBox(head, v.reload), v.message), nil, nil, nil,
		container.NewVScroll(v.list))
	return v
}

// refresh lists the drafts waiting for this user.
func (v *remoteView) refresh() {
	a := v.a
	qs, err := a.svc.Pending(a.ctx, a.sess)
	if err != nil {
		log.Printf("ui: pending: %v", err)
		v.message.SetText(errorText(err))
		return
	}
	v.list.RemoveAll()
	v.open = nil
	if len(qs) == 0 {
		v.message.SetText(tr("暂无待授权业务"))
	} else {
		v.message.SetText(fmt.Sprintf(tr("共 %d 笔待授权"), len(qs)))
	}
	for _, q := range qs {
		st, _ := q.NextStage()
		text := fmt.Sprintf(tr("%s\n%s级授权 · %s · 终端 %s · %s 前有效"), lineText(q.SummaryLine), st, tr(q.Requirement.Need.Title()),
			q.Terminal, q.Expires.Local().Format("15:04:05"))
		l := messageLabel()
		l.SetText(text)
		open := newButton(a, tr("审批"), theme.ConfirmIcon(), func() { v.decide(q) })
		v.open = append(v.open, open)
		v.list.Add(container.NewBorder(nil, widget.NewSeparator(), nil, open, l))
	}
}

// decide opens the authorization dialog on one queued draft: the user
// keys their password again (and the amount, blind, when asked).
func (v *remoteView) decide(q counter.Queued) {
	a := v.a
	st, _ := q.NextStage()
	r := authRequest{
		title: tr("远程授权"), blind: q.Blind, summary: lineText(q.SummaryLine),
		need:   needText(q.Requirement),
		signer: &queuedSigner{a: a, q: q, stage: st},
	}
	if q.Blind {
		r.need = fmt.Sprintf(tr("金额达到 %s：%s（盲复核：授权人须重新录入金额）"), q.Requirement.Threshold, tr(q.Requirement.Need.Title()))
	} else {
		r.summary += tr("\n大写 ") + money.Capital(q.Request.Amount)
	}
	r.done = func() {
		v.refresh()
		v.message.SetText(fmt.Sprintf(tr("已授权（%s级）"), st))
	}
	r.refused = func(reason string) {
		v.refresh()
		v.message.SetText(tr("已拒绝：") + reason)
	}
	r.cancelled = v.refresh
	d := a.authorize(r)
	d.user.SetText(a.sess.User().ID)
	a.win.Canvas().Focus(d.pass)
}

// queuedSigner signs one stage of a queued draft through the service.
type queuedSigner struct {
	a     *App
	q     counter.Queued
	stage authz.Stage
	done  bool
}

func (s *queuedSigner) next() (authz.Stage, bool) { return s.stage, !s.done }
func (s *queuedSigner) sign(c counter.Credential) error {
	err := s.a.svc.Decide(s.a.ctx, s.a.sess, s.q.Key, s.stage, c)
	s.done = err == nil
	return err
}
func (s *queuedSigner) signed() []counter.Approval {
	var out []counter.Approval
	for _, ap := range []struct {
		stage authz.Stage
		id    string
		at    time.Time
	}{{authz.StageB, s.q.AuthB, s.q.AuthBAt}, {authz.StageA, s.q.AuthA, s.q.AuthAAt}} {
		if ap.id == "" {
			continue
		}
		u, err := s.a.svc.User(s.a.ctx, ap.id)
		if err != nil {
			u = staff.User{ID: ap.id}
		}
		out = append(out, counter.Approval{Stage: ap.stage, User: u, At: ap.at})
	}
	return out
}
