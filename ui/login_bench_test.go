package ui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/staff"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/storetest"
)

// BenchmarkLoginToWorkspace is issue #12's "login to the workspace ≤ 300 ms
// beyond the argon2id hash itself": a demo user types the password and
// presses Enter, the clock stops when the workspace is on the window. In
// the same run the argon2id check of the same password alone
// (staff.CheckPassword on the stored hash). It reports both and the
// difference (beyond-argon2-ms, target ≤ 300). The UI is wired as
// cmd/branchdesk wires it, with the officer's desk; 1001 is a clerk (the
// fewest tabs), 2001 a B and credit officer, 3001 an A (the most). With
// BRANCHDESK_TEST_STORE=postgres it signs in on a branch server.
func BenchmarkLoginToWorkspace(b *testing.B) {
	db := storetest.Open(b)
	svc := counter.New(db, nil, "0101-T01")
	if err := demo.Seed(context.Background(), svc, businessDate); err != nil {
		b.Fatal(err)
	}
	fin, err := finance.New(sqlstore.Finance(db), nil, func(p string) string { return p + time.Now().Format("150405.000000") })
	if err != nil {
		b.Fatal(err)
	}
	for _, id := range []string{"1001", "2001", "3001"} {
		b.Run(id, func(b *testing.B) { benchLogin(b, svc, fin, id) })
	}
}

func benchLogin(b *testing.B, svc *counter.Service, fin *finance.Service, id string) {
	pw := "pass" + id
	u, err := svc.User(context.Background(), id)
	if err != nil {
		b.Fatal(err)
	}
	// The argon2id check alone, as many times as the logins, interleaved
	// with them so both see the same machine.
	var hash, login time.Duration
	a := New(test.NewTempApp(b), svc, Options{IdleCheck: -1, Finance: fin})
	a.Show()
	b.Cleanup(func() { a.win.Close() })
	for b.Loop() {
		t0 := time.Now()
		if ok, err := staff.CheckPassword(u.Hash, pw); err != nil || !ok {
			b.Fatalf("argon2id check of %s: %v %v", id, ok, err)
		}
		hash += time.Since(t0)

		test.Type(a.login.user, id)
		press(a.login.user, fyne.KeyReturn)
		test.Type(a.login.pass, pw)
		t0 = time.Now()
		press(a.login.pass, fyne.KeyReturn)
		settle(b, a)
		if a.ws == nil || a.win.Content() == nil {
			b.Fatalf("login %s: no workspace; login says %q", id, a.login.message.Text)
		}
		login += time.Since(t0)
		a.logout()
	}
	n := float64(b.N)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / n }
	b.ReportMetric(ms(login), "login-ms")
	b.ReportMetric(ms(hash), "argon2-ms")
	b.ReportMetric(ms(login-hash), "beyond-argon2-ms")
	fmt.Printf("login→workspace %s: %.1f ms, argon2id alone %.1f ms, beyond argon2id %.1f ms (target ≤ 300)\n",
		id, ms(login), ms(hash), ms(login-hash))
}
