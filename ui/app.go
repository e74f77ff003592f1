// Package ui is BranchDesk's counter screens, built with Fyne: login, the
// teller's workspace with its status bar, the business form, the
// authorization dialog, the day's journal with reversals, the lock screen
// and the supervisors' user administration.
//
// The package gets its fyne.App from the caller, so tests build the real
// screens on test.NewApp() and drive them by typing and tapping. Every rule
// lives in domain/counter: the screens show its refusals (in Chinese) and
// never decide on their own.
package ui

import (
	"context"
	"log"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/ledger"
	"branchdesk/storage/printer"
	"branchdesk/ui/fynecache"
)

// Title is the title of the windows shown before the terminal starts (a
// database to make, a start that failed); the terminal's own names the
// branch and the teller (showTitle).
const Title = "BranchDesk 网点柜面系统"

// Options tune the UI; the zero value is what the counter ships with.
type Options struct {
	// Now is the clock for the idle lock; nil means time.Now.
	Now func() time.Time
	// IdleCheck is how often the idle lock looks at the clock: 0 means
	// every 5 seconds, a negative value turns the timer off (tests move
	// the clock and call the check themselves).
	IdleCheck time.Duration
	// Finance is the credit officers' desk behind the 信贷服务 tab; nil
	// leaves the tab out.
	Finance *finance.Service
	// Sync is this terminal's side of head-office sync behind the 总行同步
	// tab; nil leaves the tab out.
	Sync Terminal
	// Health is the store, pinged every HealthCheck (0: every 5 seconds,
	// negative: never, tests call checkHealth) to show 分行服务器连接中断
	// in the status bar while it does not answer; nil for none.
	Health      Pinger
	HealthCheck time.Duration
	// Printer prints receipts and reports; nil means this PC's printing
	// system (CUPS' lp on Linux, the print verb on Windows).
	Printer Printer
	// Language makes Fyne's own words (OK, Cancel, the entry's menu) speak
	// the language chosen on the login screen, assets.Chinese or
	// assets.English; nil leaves them as Fyne chose.
	Language func(code string)
}

// App is the counter terminal: one window showing the login screen, the
// workspace or the lock screen.
type App struct {
	fy   fyne.App
	svc  *counter.Service
	opts Options
	ctx  context.Context
	win  fyne.Window

	sess       *counter.Session
	idle       time.Duration // lock after this long without input
	lastActive time.Time
	modals     []*modal
	names      map[string]string // user id → "1001 张三", for tables
	holders    map[string]string // account → holder, for tables

	login  *loginScreen
	change *changeForm // the must-change-password form at login
	ws     *workspace
	lock   *lockScreen
	auth   *authDialog  // the open authorization dialog, if any
	desk   *financeView // the 信贷服务 tab, for officers and A

	offline  bool         // the store does not answer: business is refused
	printing *printDialog // the open 打印 dialog, if any
	files    *fileDialog  // the open file dialog, if any

	// inflight is closed when the last work started by background is done;
	// a test holds that work back until it closes gate.
	inflight, gate chan struct{}

	stopOnce sync.Once
	stop     chan struct{}
}

// New builds the terminal's window on fa; Show or ShowAndRun displays it.
func New(fa fyne.App, svc *counter.Service, opts Options) *App {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Printer == nil {
		opts.Printer = printer.New()
	}
	a := &App{fy: fa, svc: svc, opts: opts, ctx: context.Background(), names: map[string]string{}, holders: map[string]string{}, stop: make(chan struct{})}
	a.useLanguage(Language(fa))
	useTheme(fa)
	a.win = fa.NewWindow(tr(Title))
	a.restoreSize()
	a.win.SetMaster()
	a.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		a.touch()
		if k.Name == fyne.KeyEscape {
			a.escape()
		}
		if !a.functionKey(k.Name) {
			a.modalKey(k.Name)
		}
	})
	a.win.Canvas().SetOnTypedRune(func(rune) { a.touch() })
	a.win.SetOnClosed(a.closed)
	a.showLogin("")
	if opts.IdleCheck >= 0 {
		every := opts.IdleCheck
		if every == 0 {
			every = 5 * time.Second
		}
		go a.tick(every, func() { fyne.Do(a.checkIdle) })
	}
	if opts.Health != nil && opts.HealthCheck >= 0 {
		every := opts.HealthCheck
		if every == 0 {
			every = 5 * time.Second
		}
		go a.tick(every, func() { a.ping(every) })
	}
	// Fyne v2.7.1 forgets which window an object on screen belongs to a
	// minute after drawing it, and a tap then can crash it (ui/fynecache).
	go a.tick(keepAliveEvery, func() { fyne.Do(func() { fynecache.KeepAlive(a.win.Canvas()) }) })
	return a
}

// keepAliveEvery is well inside Fyne's one-minute cache lifetime.
const keepAliveEvery = 20 * time.Second

// Window is the terminal's window.
func (a *App) Window() fyne.Window { return a.win }

// Show shows the window where it was last closed.
func (a *App) Show() {
	a.win.Show()
	a.restorePlace()
}

// ShowAndRun shows the window and runs the app until it is closed.
func (a *App) ShowAndRun() {
	a.Show()
	a.fy.Run()
}

// setContent replaces the window's content, with the idle-activity catcher behind it.
func (a *App) setContent(o fyne.CanvasObject) {
	a.win.SetContent(withActivity(a, o))
}

// background runs slow work — a password check takes about a second of
// argon2id — off the UI thread, so the screen can say that it is checking,
// then runs done with work's result on the UI thread.
func (a *App) background(work func() error, done func(error)) {
	ch, gate := make(chan struct{}), a.gate
	a.inflight = ch
	go func() {
		err := work()
		if gate != nil {
			<-gate
		}
		fyne.Do(func() {
			defer close(ch)
			done(err)
		})
	}()
}

// showLogin ends any session and shows the login screen with msg.
func (a *App) showLogin(msg string) {
	a.closeAllModals()
	a.sess, a.ws, a.lock, a.change = nil, nil, nil, nil
	a.showTitle()
	a.login = newLoginScreen(a)
	a.login.message.SetText(msg)
	a.setContent(a.login.content)
	a.win.Canvas().Focus(a.login.user)
}

// startSession opens the workspace for a logged-in user.
func (a *App) startSession(sess *counter.Session, pw string) {
	a.sess = sess
	a.idle = time.Duration(a.svc.IdleMinutes(a.ctx)) * time.Minute
	a.touch()
	a.login, a.change = nil, nil
	a.ws = newWorkspace(a)
	a.setContent(a.ws.content)
	a.ws.start(pw)
	// Last: make startup times the login until the title names the teller.
	a.showTitle()
}

// logout records the logout and goes back to the login screen.
func (a *App) logout() {
	if a.sess != nil {
		if err := a.svc.Logout(a.ctx, a.sess); err != nil {
			log.Printf("ui: logout: %v", err)
		}
	}
	a.showLogin("")
	sayNote(a.login.message, tr("已退出登录"))
}

// closed runs when the window goes away.
func (a *App) closed() {
	a.stopOnce.Do(func() { close(a.stop) })
	a.saveWindow()
	if a.sess != nil {
		if err := a.svc.Logout(a.ctx, a.sess); err != nil {
			log.Printf("ui: logout on close: %v", err)
		}
		a.sess = nil
	}
}

// userLabel is "1001 张三" for a user id, or the id if unknown.
func (a *App) userLabel(id string) string {
	if id == "" {
		return ""
	}
	if l, ok := a.names[id]; ok {
		return l
	}
	u, err := a.svc.User(a.ctx, id)
	if err != nil {
		return id
	}
	a.names[id] = u.Label()
	return u.Label()
}

// holder is a customer account's holder, for tables, the 待清算往来
// account's name, or "" for the bank's other own accounts (cash boxes,
// the vault, suspense).
func (a *App) holder(no string) string {
	if h, ok := a.holders[no]; ok {
		return h
	}
	h := ""
	if a.sess != nil && no == ledger.PaymentsInTransitNo(a.sess.Branch().ID) {
		h = ledger.PaymentsInTransitTitle
	} else if acct, err := a.svc.Account(a.ctx, no); err == nil {
		h = acct.Holder
	}
	a.holders[no] = h
	return h
}

// ShowStartupError shows why the terminal cannot start (a database it
// cannot open, a schema newer than this program) in a window of its own;
// closing it quits the app.
func ShowStartupError(fa fyne.App, err error) {
	useCatalog(Language(fa))
	useTheme(fa)
	w := fa.NewWindow(tr(Title))
	msg := widget.NewLabel(tr("BranchDesk 无法启动：\n\n") + errorText(err))
	msg.Wrapping = fyne.TextWrapWord
	msg.Importance = widget.DangerImportance
	quit := widget.NewButtonWithIcon(tr("退出"), theme.CancelIcon(), fa.Quit)
	w.SetContent(container.NewBorder(nil, container.NewCenter(quit), nil, nil, container.NewPadded(msg)))
	w.Resize(fyne.NewSize(560, 240))
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape || k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
			fa.Quit()
		}
	})
	w.Show()
}
