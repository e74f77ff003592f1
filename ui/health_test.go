package ui

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"branchdesk/domain/counter"
)

// pinger is a store that answers, or not, as the test says.
type pinger struct {
	mu  sync.Mutex
	err error
}

func (p *pinger) Ping(context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

func (p *pinger) set(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.err = err
}

// issue #10 item 6: while the branch server does not answer the status
// bar says 分行服务器连接中断 and the counter refuses business (it keeps no
// private copy to post later); once it answers the message goes and the
// same business posts, once.
func TestServerDownInStatusBar(t *testing.T) {
	tm := newTerminal(t)
	p := &pinger{}
	tm.a.opts.Health = p
	ws := tm.signedIn("1001")
	sess := tm.a.sess
	tm.a.checkHealth()
	if ws.status.server.Visible() {
		t.Fatal("the status bar says the server is down while it answers")
	}

	p.set(fmt.Errorf("store: %w", counter.ErrUnreachable))
	tm.a.checkHealth()
	if !ws.status.server.Visible() || ws.status.server.Text != "分行服务器连接中断" {
		t.Fatalf("status bar with the server down: visible %v %q", ws.status.server.Visible(), ws.status.server.Text)
	}
	before := len(tm.journal(sess))
	b := tm.key(savings1, "100")
	test.Tap(b.submit)
	confirmed(t, b)
	wantContains(t, "message with the server down", b.message.Text, "分行服务器连接中断")
	if n := len(tm.journal(sess)); n != before {
		t.Fatalf("posted with the server down: %d entries, was %d", n, before)
	}

	p.set(nil)
	tm.a.checkHealth()
	if ws.status.server.Visible() {
		t.Fatal("the message stays after the server is back")
	}
	test.Tap(b.submit)
	confirmed(t, b)
	wantContains(t, "result once back", b.result.Text, "记账成功")
	if n := len(tm.journal(sess)); n != before+1 {
		t.Fatalf("%d entries after posting once back, was %d", n, before)
	}
}

// A new workspace (a login while the server is away) shows it at once.
func TestServerDownBeforeLogin(t *testing.T) {
	tm := newTerminal(t)
	p := &pinger{err: counter.ErrUnreachable}
	tm.a.opts.Health = p
	tm.a.checkHealth()
	ws := tm.signedIn("1001")
	if !ws.status.server.Visible() {
		t.Fatal("no 分行服务器连接中断 in a workspace opened while the server is down")
	}
}

// A posting's own error marks the server down too; the next 提交 asks the
// store again rather than wait for the timer.
func TestPostingRechecksTheServer(t *testing.T) {
	tm := newTerminal(t)
	p := &pinger{}
	tm.a.opts.Health = p
	ws := tm.signedIn("1001")
	tm.a.noteHealth(fmt.Errorf("counter: unable to post: %w", counter.ErrUnreachable))
	if !ws.status.server.Visible() {
		t.Fatal("a posting's 分行服务器连接中断 did not reach the status bar")
	}
	b := tm.key(savings1, "100")
	test.Tap(b.submit)
	confirmed(t, b)
	wantContains(t, "result", b.result.Text, "记账成功")
	if ws.status.server.Visible() {
		t.Fatal("the message stays after the store answered")
	}
}
