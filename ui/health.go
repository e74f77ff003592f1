package ui

import (
	"context"
	"errors"
	"log"
	"time"

	"fyne.io/fyne/v2"

	"branchdesk/domain/counter"
)

// Pinger is the store the counter works on, asked whether it answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// msgOffline refuses business while the branch server is away: a counter
// never keeps a private copy of branch business to post later.
const msgOffline = "分行服务器连接中断：恢复前不能办理业务（本机不另存业务），恢复后请再次提交"

// ping asks the store, waiting at most wait, and shows its answer.
func (a *App) ping(wait time.Duration) {
	ctx, cancel := context.WithTimeout(a.ctx, wait)
	err := a.opts.Health.Ping(ctx)
	cancel()
	if err != nil {
		log.Printf("ui: health: %v", err)
	}
	fyne.Do(func() { a.noteHealth(err) })
}

// checkHealth asks the store once, now; without a Health to ask, the
// store is taken to answer.
func (a *App) checkHealth() {
	var err error
	if a.opts.Health != nil {
		err = a.opts.Health.Ping(a.ctx)
	}
	a.noteHealth(err)
}

// noteHealth shows or clears 分行服务器连接中断 from what the store said:
// a ping's answer, or the error of any unit of work.
func (a *App) noteHealth(err error) {
	off := errors.Is(err, counter.ErrUnreachable)
	if err != nil && !off {
		return // another fault: whoever got it shows it
	}
	if off == a.offline {
		return
	}
	a.offline = off
	if a.ws != nil {
		a.ws.status.showOffline(off)
		if !off && a.ws.business.message.Text == tr(msgOffline) {
			a.ws.business.message.SetText(tr("分行服务器连接已恢复"))
		}
	}
}
