package counter_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/storetest"
)

// Several counter PCs share the branch database; newCounter's service is
// terminal 0101-T01, and pc makes another PC's service on the same one.
func pc(db *sqlstore.DB, terminal string) *counter.Service {
	return counter.New(db, &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)}, terminal)
}

// elsewhere checks the refusal of a teller signed in at another terminal,
// word for word, since the teller reads it to find the terminal.
func elsewhere(t *testing.T, what string, err error, teller, terminal string) {
	t.Helper()
	want := "柜员 " + teller + " 已在终端 " + terminal + " 签到，请先在该终端签退，或请A级主管释放"
	var e *counter.SignedInElsewhereError
	if !errors.Is(err, counter.ErrSignedInElsewhere) || !errors.As(err, &e) || err.Error() != want {
		t.Fatalf("%s: got %v, want %q", what, err, want)
	}
}

var deposit = counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 100_00}

// Issue #10: signing in again at the same terminal, after a restart of
// the app or a new login, is the same sign-in.
func TestSignInOneTerminalSameTerminalAgain(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	signedIn(t, svc, "1001")
	again := pc(db, "0101-T01") // the app started again on the same PC
	sess, err := again.Login(ctx, "1001", "pass1001")
	if err != nil {
		t.Fatal(err)
	}
	if err := again.SignIn(ctx, sess, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := again.Prepare(ctx, sess, deposit); err != nil {
		t.Fatalf("business at the same terminal: %v", err)
	}
}

// Issue #10: signing in at a second PC is refused with the terminal where
// the teller is signed in, at login and for a session opened there before.
func TestSignInOneTerminalRefusedElsewhere(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	t2 := pc(db, "0101-T02")
	early, err := t2.Login(ctx, "1001", "pass1001") // logged in at T02, not signed in
	if err != nil {
		t.Fatal(err)
	}
	signedIn(t, svc, "1001")
	_, err = t2.Login(ctx, "1001", "pass1001")
	elsewhere(t, "login at T02", err, "1001", "0101-T01")
	elsewhere(t, "sign-in at T02", t2.SignIn(ctx, early, nil), "1001", "0101-T01")
	_, err = t2.Prepare(ctx, early, deposit)
	elsewhere(t, "business at T02", err, "1001", "0101-T01")
	elsewhere(t, "temporary sign-out at T02", t2.PauseDay(ctx, early), "1001", "0101-T01")
	elsewhere(t, "formal sign-out at T02", t2.SignOut(ctx, early), "1001", "0101-T01")
	// A wrong password learns nothing about where the teller is.
	if _, err := t2.Login(ctx, "1001", "wrong"); errors.Is(err, counter.ErrSignedInElsewhere) {
		t.Fatalf("wrong password told the terminal: %v", err)
	}
	// Another teller signs in at T02 meanwhile.
	signedIn(t, t2, "1002")
	var n int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit WHERE action = 'login_failed' AND detail LIKE '%0101-T01%'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("refused logins audited: %d, %v", n, err)
	}
}

// Issue #10: the formal sign-out frees the terminal; the teller may then
// sign in elsewhere (with an A's approval, 第十三条, the same day).
func TestSignInOneTerminalFreedByFormalSignOut(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	sess := signedIn(t, svc, "1001")
	if _, err := svc.BalanceBox(ctx, sess, counter.BalanceInput{Count: cash.Count{}}); err != nil {
		t.Fatal(err)
	}
	if err := svc.SignOut(ctx, sess); err != nil {
		t.Fatal(err)
	}
	t2 := pc(db, "0101-T02")
	s2, err := t2.Login(ctx, "1001", "pass1001")
	if err != nil {
		t.Fatalf("login elsewhere after the formal sign-out: %v", err)
	}
	a := approve("3001")
	if err := t2.SignIn(ctx, s2, &a); err != nil {
		t.Fatal(err)
	}
	if _, err := t2.Prepare(ctx, s2, deposit); err != nil {
		t.Fatal(err)
	}
	_, err = svc.Login(ctx, "1001", "pass1001")
	elsewhere(t, "back at T01", err, "1001", "0101-T02")
}

// Issue #10: a temporary sign-out keeps the terminal: the teller's box is
// there, and only there do they resume.
func TestSignInOneTerminalPausedStillHeld(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	t2 := pc(db, "0101-T02")
	early, _ := t2.Login(ctx, "1001", "pass1001")
	sess := signedIn(t, svc, "1001")
	if err := svc.PauseDay(ctx, sess); err != nil {
		t.Fatal(err)
	}
	_, err := t2.Login(ctx, "1001", "pass1001")
	elsewhere(t, "login at T02 while paused", err, "1001", "0101-T01")
	elsewhere(t, "resume at T02", t2.ResumeDay(ctx, early, "1001", "pass1001"), "1001", "0101-T01")
	elsewhere(t, "sign-in at T02 while paused", t2.SignIn(ctx, early, nil), "1001", "0101-T01")
	if err := svc.ResumeDay(ctx, sess, "1001", "pass1001"); err != nil {
		t.Fatalf("resume at T01: %v", err)
	}
}

// Issue #10: an A releases the sign-in of a dead PC with a reason; the
// teller's day goes on at the terminal where they log in next, and the
// release is in the audit trail.
func TestSignInOneTerminalReleasedByA(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	dead := signedIn(t, svc, "1001")
	if err := svc.PauseDay(ctx, dead); err != nil {
		t.Fatal(err)
	}
	t2 := pc(db, "0101-T02")
	if err := t2.ReleaseTerminal(ctx, approve("3001"), "1001", "T01 主机故障无法开机"); err != nil {
		t.Fatal(err)
	}
	s2, err := t2.Login(ctx, "1001", "pass1001")
	if err != nil {
		t.Fatalf("login after the release: %v", err)
	}
	if err := t2.ResumeDay(ctx, s2, "1001", "pass1001"); err != nil {
		t.Fatalf("the paused day goes on at T02: %v", err)
	}
	if _, err := t2.Prepare(ctx, s2, deposit); err != nil {
		t.Fatal(err)
	}
	// Should the dead PC come back, its session does no business.
	_, err = svc.Prepare(ctx, dead, deposit)
	elsewhere(t, "the released PC", err, "1001", "0101-T02")

	var actor, detail string
	if err := db.QueryRow(ctx, `SELECT actor, detail FROM audit WHERE action = 'terminal_release' AND actor = '3001'`).Scan(&actor, &detail); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1001", "终端 0101-T01", "经办终端 0101-T02", "原因：T01 主机故障无法开机"} {
		if actor != "3001" || !strings.Contains(detail, want) {
			t.Fatalf("audit by %s: %q, want %q", actor, detail, want)
		}
	}
	if _, brk, err := svc.VerifyAudit(ctx); err != nil || brk != nil {
		t.Fatalf("audit chain: %v %v", brk, err)
	}
}

// Issue #10: only an A other than the teller releases, with their own
// password and a reason, and only a sign-in that exists.
func TestSignInOneTerminalReleaseRefused(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	signedIn(t, svc, "1001")
	signedIn(t, svc, "3001")
	wrong := approve("3002")
	wrong.Password = "wrong"
	cases := []struct {
		name   string
		by     counter.Credential
		teller string
		reason string
		want   error
	}{
		{"a B", approve("2002"), "1001", "死机", authz.ErrNeedLevelA},
		{"a C", approve("1002"), "1001", "死机", authz.ErrClerkCannotAuthorize},
		{"the teller themselves", approve("1001"), "1001", "死机", counter.ErrReleaseSelf},
		{"an A releasing themselves", approve("3001"), "3001", "死机", counter.ErrReleaseSelf},
		{"no reason", approve("3002"), "1001", " ", counter.ErrReleaseReason},
		{"a wrong password", wrong, "1001", "死机", authz.ErrAuthorizerPassword},
		{"nobody signed in", approve("3002"), "1002", "死机", counter.ErrNotSignedInAny},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := svc.ReleaseTerminal(ctx, tc.by, tc.teller, tc.reason); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	_, err := pc(db, "0101-T02").Login(ctx, "1001", "pass1001")
	elsewhere(t, "still held after refused releases", err, "1001", "0101-T01")
	var n int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit WHERE action = 'terminal_release' AND detail LIKE '%1001%'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("releases audited: %d, %v", n, err)
	}
}

// Issue #10: two PCs on one branch database sign the same teller in at
// the same moment: exactly one of them gets the teller.
func TestSignInOneTerminalConcurrent(t *testing.T) {
	ctx := context.Background()
	target := storetest.Target(t)
	seeded := storetest.OpenTarget(t, target)
	if err := demo.Seed(ctx, pc(seeded, "seed"), today); err != nil {
		t.Fatal(err)
	}
	pcs := []*counter.Service{pc(storetest.OpenTarget(t, target), "0101-T01"), pc(storetest.OpenTarget(t, target), "0101-T02")}
	for _, teller := range []string{"1001", "1002", "3001"} {
		sessions := make([]*counter.Session, len(pcs))
		for i, p := range pcs {
			s, err := p.Login(ctx, teller, "pass"+teller)
			if err != nil {
				t.Fatal(err)
			}
			sessions[i] = s
		}
		start := make(chan struct{})
		errs := make([]error, len(pcs))
		var wg sync.WaitGroup
		for i, p := range pcs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = p.SignIn(ctx, sessions[i], nil)
			}()
		}
		close(start)
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch {
			case err == nil && won < 0:
				won = i
			case err == nil:
				t.Fatalf("teller %s signed in at both terminals", teller)
			case !errors.Is(err, counter.ErrSignedInElsewhere):
				t.Fatalf("teller %s at %s: %v", teller, pcs[i].Terminal(), err)
			}
		}
		if won < 0 {
			t.Fatalf("teller %s signed in nowhere: %v", teller, errs)
		}
		lost := 1 - won
		elsewhere(t, "the loser", errs[lost], teller, pcs[won].Terminal())
		if _, err := pcs[lost].Prepare(ctx, sessions[lost], deposit); !errors.Is(err, counter.ErrSignedInElsewhere) {
			t.Fatalf("business at the losing terminal: %v", err)
		}
	}
}
