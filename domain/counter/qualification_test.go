package counter_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/staff"
	"branchdesk/domain/voucher"
	"branchdesk/storage/demo"
)

// TestQualificationCashNeedsCertificate: cash business needs an
// anti-counterfeit certificate valid on the business date (第五条): on its
// expiry day it still is, the day before expiry is fine, a day after it is
// refused; transfers need none; what an A records is audited.
func TestQualificationCashNeedsCertificate(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	teller := signedIn(t, svc, "1001")
	mgr := signedIn(t, svc, "3001")
	admin, err := counter.AdminOf(mgr)
	if err != nil {
		t.Fatal(err)
	}
	day, _ := time.Parse(time.DateOnly, today)
	set := func(expires string) {
		t.Helper()
		q := staff.Qualification{User: "1001", TrainedOn: "2020-03-15", CounterSince: "2019-07-01", CertNo: "FJB-2024-0001", CertExpires: expires}
		if err := svc.SetQualification(ctx, admin, q); err != nil {
			t.Fatal(err)
		}
	}
	deposit := counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000003", Amount: 100_00}
	transfer := counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsTransfer, Account: "6217000000000001", Counterparty: "6217000000000003", Amount: 100_00}
	for _, c := range []struct {
		expires string
		want    error
	}{
		{day.AddDate(0, 0, 1).Format(time.DateOnly), nil},
		{today, nil},
		{day.AddDate(0, 0, -1).Format(time.DateOnly), staff.ErrCertificateExpired},
	} {
		set(c.expires)
		_, err := svc.Prepare(ctx, teller, deposit)
		if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Fatalf("certificate ending %s: cash deposit %v, want %v", c.expires, err, c.want)
		}
	}
	// A draft keyed while the certificate was valid is refused at Post once
	// it has lapsed (a queued draft can wait minutes).
	set(today)
	d, err := svc.Prepare(ctx, teller, deposit)
	if err != nil {
		t.Fatal(err)
	}
	set(day.AddDate(0, 0, -1).Format(time.DateOnly))
	if _, err := svc.Post(ctx, d); !errors.Is(err, staff.ErrCertificateExpired) {
		t.Fatalf("posted after the certificate lapsed: %v", err)
	}
	if d, err := svc.Prepare(ctx, teller, transfer); err != nil {
		t.Fatalf("a transfer refused for the certificate: %v", err)
	} else if _, err := svc.Post(ctx, d); err != nil {
		t.Fatal(err)
	}

	// Listed for the A: 1001 expired, 1002 ending in 20 days; not for a C.
	lines, err := svc.ExpiringCertificates(ctx, mgr)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 || lines[0].User.ID != "1001" || lines[1].User.ID != "1002" {
		t.Fatalf("expiring: %+v", lines)
	}
	if !strings.Contains(lines[1].Note(), "还有 20 天到期") {
		t.Fatalf("1002's note: %q", lines[1].Note())
	}
	if _, err := svc.ExpiringCertificates(ctx, teller); !errors.Is(err, counter.ErrNotPermitted) {
		t.Fatalf("a clerk lists certificates: %v", err)
	}
	if _, err := counter.AdminOf(teller); !errors.Is(err, counter.ErrNeedLevelA) {
		t.Fatalf("a clerk records qualifications: %v", err)
	}
	// An A records a clerk's, never their own nor another supervisor's.
	for _, id := range []string{"3001", "2001"} {
		q := staff.Qualification{User: id, CertNo: "FJB-2099-0001", CertExpires: "2099-12-31"}
		if err := svc.SetQualification(ctx, admin, q); !errors.Is(err, counter.ErrSupervisorAccounts) {
			t.Fatalf("an A records %s's certificate: %v", id, err)
		}
	}
	if err := svc.SetQualification(ctx, admin, staff.Qualification{User: "1001", CertNo: "FJB-1"}); !errors.Is(err, staff.ErrCertificateHalf) {
		t.Fatalf("half a certificate: %v", err)
	}

	// Every record is kept; the trail says who recorded what.
	var versions, trail int
	_ = db.QueryRow(ctx, `SELECT COUNT(*) FROM qualifications WHERE user_id = '1001'`).Scan(&versions)
	_ = db.QueryRow(ctx, `SELECT COUNT(*) FROM audit WHERE actor = '3001' AND detail LIKE '%第五条资格%'`).Scan(&trail)
	if versions != 6 || trail != 5 { // the demo's record and five by the A
		t.Fatalf("%d versions, %d audited", versions, trail)
	}
	if _, err := db.Exec(ctx, `UPDATE qualifications SET cert_expires = '2099-12-31'`); err == nil {
		t.Fatal("a qualification record was rewritten")
	}
}

// TestCloseCountKept: the physical count of the blank vouchers for the
// close is an A's (账、实、簿三核对, 第十条), kept, the latest standing; a
// B — the voucher keeper herself — or a clerk may not count, and a count
// is never negative.
func TestCloseCountKept(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	a, clerk := signedIn(t, svc, "3001"), signedIn(t, svc, "1001")
	for _, who := range []*counter.Session{clerk, signedIn(t, svc, "2002")} {
		if err := svc.RecordCloseCount(ctx, who, "cash_cheque", 50); !errors.Is(err, counter.ErrCountNotManager) {
			t.Fatalf("%s counts: %v", who.User().Label(), err)
		}
	}
	if err := svc.RecordCloseCount(ctx, a, "cash_cheque", -1); !errors.Is(err, counter.ErrCountNegative) {
		t.Fatalf("a negative count: %v", err)
	}
	for _, n := range []int64{0, 49, 50} {
		if err := svc.RecordCloseCount(ctx, a, "cash_cheque", n); err != nil {
			t.Fatal(err)
		}
	}
	kept, err := svc.CloseCounts(ctx, clerk)
	if err != nil || len(kept) != 1 || kept["cash_cheque"].Counted != 50 || kept["cash_cheque"].By != "3001" {
		t.Fatalf("kept %+v, %v", kept, err)
	}
}

// TestBranchClosedByBWithManagersCounts: a B may close the branch (平账),
// but the three-way check's physical counts are the A's: the voucher
// keeper closing with counts of her own is refused and nothing changes;
// with the counts the A kept, the B closes.
func TestBranchClosedByBWithManagersCounts(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	keeper := signedIn(t, svc, "2001")
	vkeeper := signedIn(t, svc, "2002")
	if _, _, err := svc.CountVault(ctx, keeper, demo.VaultOpening); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*counter.Session{keeper, vkeeper} {
		if err := svc.SignOut(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	reviewAll(t, svc)
	physical := map[string]int64{voucher.CashCheque: 50, voucher.TransferCheque: 50, voucher.Passbook: 20}
	if _, err := svc.CloseBranch(ctx, vkeeper, physical); !errors.Is(err, counter.ErrCountNotManager) {
		t.Fatalf("the voucher keeper closes with her own counts: %v", err)
	}
	if p, _ := svc.Position(ctx, vkeeper, ""); p.BusinessDate != "2026-11-23" {
		t.Fatalf("a refused close moved the day to %s", p.BusinessDate)
	}
	mgr, err := svc.Login(ctx, "3001", "pass3001")
	if err != nil {
		t.Fatal(err)
	}
	for typ, n := range physical {
		if err := svc.RecordCloseCount(ctx, mgr, typ, n); err != nil {
			t.Fatal(err)
		}
	}
	physical[voucher.Passbook] = 19 // not what the A counted
	if _, err := svc.CloseBranch(ctx, vkeeper, physical); !errors.Is(err, counter.ErrCountNotManager) {
		t.Fatalf("a B closes with a count the A did not make: %v", err)
	}
	physical[voucher.Passbook] = 20
	c, err := svc.CloseBranch(ctx, vkeeper, physical)
	if err != nil || c.By != "2002" || c.NextDate != "2026-11-24" {
		t.Fatalf("the B closing with the A's counts: %+v, %v", c, err)
	}
}

// TestConfirmBeforePosting: every business gets a last look before it
// posts, but a branch may spare cash deposits within the C limit: one fen
// below the limit is spared, the limit itself (it needs a B) is not, nor
// is a transfer.
func TestConfirmBeforePosting(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	teller := signedIn(t, svc, "1001")
	confirm := func(k ledger.Kind, amt int64) bool {
		t.Helper()
		r := counter.Request{Presenter: demo.Presenter, Kind: k, Account: "6217000000000001", Amount: money.Amount(amt)}
		if k.IsTransfer() {
			r.Counterparty = "6217000000000003"
		}
		d, err := svc.Prepare(ctx, teller, r)
		if err != nil {
			t.Fatal(err)
		}
		return d.Confirm()
	}
	if !confirm(ledger.SavingsCashDeposit, 100_00) {
		t.Fatal("no last look by default")
	}
	if err := svc.SetSetting(ctx, counter.CommandLine(), counter.SettingConfirmSmallDeposits, "off"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		kind ledger.Kind
		amt  int64
		want bool
	}{
		{ledger.SavingsCashDeposit, 49_999_99, false},
		{ledger.SavingsCashDeposit, 50_000_00, true},
		{ledger.SavingsTransfer, 100_00, true},
	} {
		if got := confirm(c.kind, c.amt); got != c.want {
			t.Errorf("%s %d fen: confirm %v, want %v", c.kind, c.amt, got, c.want)
		}
	}
}

// TestFindAccounts: the teller finds a customer by part of the name (two
// characters at least) or the start of the account number (four digits
// at least); a wildcard typed is taken as itself.
func TestFindAccounts(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	teller := signedIn(t, svc, "1001")
	for _, c := range []struct {
		q    string
		want []string
		err  error
	}{
		{"张", nil, counter.ErrSearchShort},
		{"621", nil, counter.ErrSearchShort},
		{"张伟", []string{"6217000000000001"}, nil},
		{"6217", []string{"6217000000000001", "6217000000000002", "6217000000000003"}, nil},
		{"示范", []string{"4100000000000001", "4100000000000002"}, nil},
		{"%%", nil, nil},
		{"6217_000", nil, nil},
	} {
		got, err := svc.FindAccounts(ctx, teller, c.q)
		if !errors.Is(err, c.err) || (c.err == nil && err != nil) {
			t.Fatalf("%q: %v, want %v", c.q, err, c.err)
		}
		var nos []string
		for _, a := range got {
			nos = append(nos, a.No)
		}
		if strings.Join(nos, ",") != strings.Join(c.want, ",") {
			t.Errorf("%q found %v, want %v", c.q, nos, c.want)
		}
	}
}

// TestSignInOnlyTrainedWithAYear (第五条): a teller whose training exam is
// not recorded, or who came to the counter less than a year before the
// business day, is refused at sign-in and no day is opened; recorded as
// the rule asks, the same teller signs in.
func TestSignInOnlyTrainedWithAYear(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	set := func(trained, since string) {
		t.Helper()
		q := staff.Qualification{User: "1001", TrainedOn: trained, CounterSince: since, CertNo: "FJB-2024-0001", CertExpires: "2028-12-31"}
		if err := svc.SetQualification(ctx, counter.CommandLine(), q); err != nil {
			t.Fatal(err)
		}
	}
	sess, err := svc.Login(ctx, "1001", "pass1001")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		trained, since string
		want           error
	}{
		{"", "2019-07-01", staff.ErrNotTrained},
		{"2026-11-01", "2025-11-24", staff.ErrCounterTooShort}, // a year less a day before 2026-11-23
	} {
		set(c.trained, c.since)
		if err := svc.SignIn(ctx, sess, nil); !errors.Is(err, c.want) {
			t.Fatalf("trained %q, at the counter since %s: %v, want %v", c.trained, c.since, err, c.want)
		}
		if _, err := svc.Prepare(ctx, sess, counter_req(ledger.SavingsCashDeposit, "6217000000000001", 1_00)); !errors.Is(err, counter.ErrDayNotOpen) {
			t.Fatalf("a refused sign-in opened the day: %v", err)
		}
		// The refusal is in the trail, with the terminal.
		if a := auditTail(t, db); a.Action != "sign_in_refused" || a.Actor != "1001" ||
			!strings.Contains(a.Detail, "终端 0101-T01") || !strings.Contains(a.Detail, c.want.Error()) {
			t.Fatalf("refusal in the trail: %+v", a)
		}
	}
	set("2026-11-01", "2025-11-23") // a year to the day
	if err := svc.SignIn(ctx, sess, nil); err != nil {
		t.Fatalf("a year at the counter to the day: %v", err)
	}
}
