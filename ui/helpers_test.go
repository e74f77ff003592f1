package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/storetest"
)

const businessDate = "2026-11-23"

// clock is a clock the test moves; the service's ticks a second per call.
type clock struct {
	mu   sync.Mutex
	t    time.Time
	tick time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(c.tick)
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// terminal is the real UI on a test app over a fresh demo database.
type terminal struct {
	t   *testing.T
	a   *App
	svc *counter.Service
	db  *sqlstore.DB
	ui  *clock // the UI's clock, for the idle lock
	db0 string // the branch database: a file or a URL
}

func newTerminal(t *testing.T) *terminal {
	t.Helper()
	ctx := context.Background()
	tm := terminalOn(t, storetest.Target(t), "0101-T01")
	if err := demo.Seed(ctx, tm.svc, businessDate); err != nil {
		t.Fatal(err)
	}
	return tm
}

// terminalOn is the real UI of the counter PC name on the branch
// database at path (a file, or a postgres:// URL when the suite runs on
// PostgreSQL), which other terminals of the test may share.
func terminalOn(t *testing.T, path, name string) *terminal {
	t.Helper()
	fa := test.NewTempApp(t)
	db := storetest.OpenTarget(t, path)
	svc := counter.New(db, &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local), tick: time.Second}, name)
	uiClock := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)}
	a := New(fa, svc, Options{Now: uiClock.Now, IdleCheck: -1})
	a.Show()
	t.Cleanup(func() { a.win.Close() })
	return &terminal{t: t, a: a, svc: svc, db: db, ui: uiClock, db0: path}
}

// press sends a key to a focusable widget, as the keyboard would.
func press(f fyne.Focusable, k fyne.KeyName) {
	f.TypedKey(&fyne.KeyEvent{Name: k})
}

// retype clears a field and types s into it.
func retype(f *field, s string) {
	f.SetText("")
	test.Type(f, s)
}

// login types an id and password and presses Enter.
func (tm *terminal) login(id, pw string) {
	tm.t.Helper()
	if tm.a.login == nil {
		tm.t.Fatal("login screen not shown")
	}
	test.Type(tm.a.login.user, id)
	press(tm.a.login.user, fyne.KeyReturn)
	if tm.a.win.Canvas().Focused() != tm.a.login.pass {
		tm.t.Fatal("Enter in the id field did not move to the password")
	}
	test.Type(tm.a.login.pass, pw)
	press(tm.a.login.pass, fyne.KeyReturn)
	settle(tm.t, tm.a)
}

// settle waits for the password check a tap started in the background.
func settle(t testing.TB, a *App) {
	t.Helper()
	if a.inflight == nil {
		return
	}
	select {
	case <-a.inflight:
	case <-time.After(time.Minute):
		t.Fatal("a background check did not end within a minute")
	}
}

// signedIn logs in a demo user and signs in for the day.
func (tm *terminal) signedIn(id string) *workspace {
	tm.t.Helper()
	tm.login(id, "pass"+id)
	if tm.a.ws == nil {
		tm.t.Fatalf("login %s: no workspace; login says %q", id, tm.a.login.message.Text)
	}
	test.Tap(tm.a.ws.signIn)
	if got := tm.a.ws.status.state.Text; got != "状态 已签到" {
		tm.t.Fatalf("after sign-in the status bar says %q", got)
	}
	return tm.a.ws
}

// logout taps 退出登录.
func (tm *terminal) logout() {
	tm.t.Helper()
	test.Tap(tm.a.ws.logout)
	if tm.a.login == nil {
		tm.t.Fatal("logout did not show the login screen")
	}
}

// key types a business into the form (the kind already chosen).
func (tm *terminal) key(account, amount string) *businessForm {
	tm.t.Helper()
	b := tm.a.ws.business
	retype(b.account, account)
	retype(b.amount, amount)
	if b.id.box.Visible() {
		// Cash of ¥50,000.00 and above: 张伟's card, as the teller would key it.
		retype(b.id.cno, demo.Presenter.Customer.No)
	}
	return b
}

// dialogOpen reports whether a dialog covers the window.
func (tm *terminal) dialogOpen() bool { return tm.a.win.Canvas().Overlays().Top() != nil }

// authorize types an authorizer's credential into the open dialog and approves.
func (tm *terminal) authorize(id, pw, amount string) *authDialog {
	tm.t.Helper()
	d := tm.a.auth
	if d == nil {
		tm.t.Fatal("no authorization dialog")
	}
	retype(d.user, id)
	retype(d.pass, pw)
	if amount != "" {
		retype(d.amount, amount)
	}
	test.Tap(d.approve)
	settle(tm.t, tm.a)
	return d
}

// journal reads the day's journal from the service.
func (tm *terminal) journal(sess *counter.Session) []ledger.Entry {
	tm.t.Helper()
	es, err := tm.svc.Journal(context.Background(), sess, businessDate)
	if err != nil {
		tm.t.Fatal(err)
	}
	return es
}

func (tm *terminal) balance(no string) money.Amount {
	tm.t.Helper()
	acct, err := tm.svc.Account(context.Background(), no)
	if err != nil {
		tm.t.Fatal(err)
	}
	return acct.Balance
}

func wantContains(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Fatalf("%s = %q, want it to contain %q", what, got, want)
	}
}

// row finds the table row whose column col shows text, or -1.
func row(t *widget.Table, rows, col int, text string) int {
	for r := 0; r < rows; r++ {
		if cellText(t, r, col) == text {
			return r
		}
	}
	return -1
}

// findText finds the drawn text s anywhere under o, looking inside
// containers and widgets' renderers, or returns nil.
func findText(o fyne.CanvasObject, s string) *canvas.Text {
	switch v := o.(type) {
	case *canvas.Text:
		if v.Text == s {
			return v
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if t := findText(c, s); t != nil {
				return t
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			if t := findText(c, s); t != nil {
				return t
			}
		}
	}
	return nil
}

// confirmed answers the last look before posting with 确认, if it is open.
func confirmed(t *testing.T, b *businessForm) {
	t.Helper()
	if b.confirmYes != nil {
		press(b.confirmYes, fyne.KeyReturn)
	}
}

// typed types a B's and an A's numbers into s, each with their demo
// password ("pass" + id), over whatever the fields held.
func (s *signOff) typed(b, a string) {
	retype(s.signB, b)
	retype(s.passB, "pass"+b)
	retype(s.approveA, a)
	retype(s.passA, "pass"+a)
}
