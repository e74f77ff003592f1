package counter_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/staff"
	"branchdesk/storage/demo"
)

// authorizeAll signs a draft with 2001 (B) then 3001 (A) as it needs,
// re-keying the amount when asked.
func authorizeAll(t *testing.T, svc *counter.Service, d *counter.Draft) {
	t.Helper()
	signers := map[authz.Stage]string{authz.StageB: "2001", authz.StageA: "3001"}
	for {
		st, ok := d.NextStage()
		if !ok {
			return
		}
		c := approve(signers[st])
		if d.Blind() {
			c.Amount = d.Request().Amount
		}
		if err := svc.Authorize(context.Background(), d, c); err != nil {
			t.Fatalf("authorize %s: %v", st, err)
		}
	}
}

// 第十五条 end to end: at every threshold of every kind the draft asks for
// exactly the signatures the rule names, and the posted entry records them
// with the policy version.
func TestPostingAtEveryThreshold(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	sess := signedIn(t, svc, "1001")
	// A box limit that this test's deposits never reach; the limit has its own test.
	if err := svc.SetBoxLimit(ctx, counter.CommandLine(), "1001", 100_000_000_00); err != nil {
		t.Fatal(err)
	}
	account := map[ledger.AccountType]string{ledger.Savings: "6217000000000001", ledger.Corporate: "4100000000000001"}
	other := map[ledger.AccountType]string{ledger.Savings: "6217000000000002", ledger.Corporate: "4100000000000002"}
	// Fund the savings account so withdrawals and transfers never overdraw.
	d, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: account[ledger.Savings], Amount: 3_000_000_00})
	if err != nil {
		t.Fatal(err)
	}
	authorizeAll(t, svc, d)
	if _, err := svc.Post(ctx, d); err != nil {
		t.Fatal(err)
	}
	seq := 1
	for _, kind := range ledger.Kinds {
		c, b := money.Amount(50_000_00), money.Amount(200_000_00)
		if kind.IsTransfer() {
			c = 100_000_00
		}
		for _, tc := range []struct {
			amount money.Amount
			need   authz.Need
			authB  string
			authA  string
		}{
			{c - 1, authz.NeedNone, "", ""},
			{c, authz.NeedB, "2001", ""},
			{c + 1, authz.NeedB, "2001", ""},
			{b - 1, authz.NeedB, "2001", ""},
			{b, authz.NeedBA, "2001", "3001"},
			{b + 1, authz.NeedBA, "2001", "3001"},
		} {
			t.Run(fmt.Sprintf("%s/%s", kind.Title(), tc.amount), func(t *testing.T) {
				r := counter.Request{Presenter: demo.Presenter, Kind: kind, Account: account[kind.AccountType()], Amount: tc.amount}
				if kind.IsTransfer() {
					r.Counterparty = other[kind.AccountType()]
				}
				before, _ := svc.Account(ctx, r.Account)
				d, err := svc.Prepare(ctx, sess, r)
				if err != nil {
					t.Fatal(err)
				}
				if got := d.Requirement().Need; got != tc.need {
					t.Fatalf("need %v, want %v (%s)", got, tc.need, d.Requirement().Reason)
				}
				if tc.need != authz.NeedNone {
					if _, err := svc.Post(ctx, d); !errors.Is(err, authz.ErrAuthorizationMissing) {
						t.Fatalf("posting without signatures: %v", err)
					}
				}
				authorizeAll(t, svc, d)
				e, err := svc.Post(ctx, d)
				if err != nil {
					t.Fatal(err)
				}
				seq++
				if e.Seq != seq || e.AuthB != tc.authB || e.AuthA != tc.authA || e.PolicyVersion != 1 || e.BusinessDate != today {
					t.Fatalf("entry seq %d B %q A %q policy %d date %s", e.Seq, e.AuthB, e.AuthA, e.PolicyVersion, e.BusinessDate)
				}
				if err := ledger.CheckBalanced(e.Legs); err != nil {
					t.Fatal(err)
				}
				after, _ := svc.Account(ctx, r.Account)
				want := before.Balance + tc.amount
				if !kind.CashIn() {
					want = before.Balance - tc.amount
				}
				if after.Balance != want {
					t.Fatalf("balance %s, want %s", after.Balance, want)
				}
				if _, err := svc.Post(ctx, d); !errors.Is(err, counter.ErrDraftPosted) {
					t.Fatalf("a draft posts once: %v", err)
				}
			})
		}
	}
}

// 第八条: each refusal of an authorizer has its own error.
func TestAuthorizationRefusals(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	sess := signedIn(t, svc, "1001")
	prepare := func(amount money.Amount) *counter.Draft {
		d, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: amount})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	var must func(d *counter.Draft, c counter.Credential, want error)
	setT := func(t *testing.T) {
		must = func(d *counter.Draft, c counter.Credential, want error) {
			t.Helper()
			if err := svc.Authorize(ctx, d, c); !errors.Is(err, want) || (want == nil && err != nil) {
				t.Fatalf("authorize as %s: got %v, want %v", c.UserID, err, want)
			}
		}
	}
	setT(t)
	t.Run("maker own credentials", func(t *testing.T) {
		setT(t)
		must(prepare(50_000_00), approve("1001"), authz.ErrSelfAuthorization)
	})
	t.Run("clerk", func(t *testing.T) {
		setT(t)
		must(prepare(50_000_00), approve("1002"), authz.ErrClerkCannotAuthorize)
	})
	t.Run("unknown id", func(t *testing.T) {
		setT(t)
		must(prepare(50_000_00), approve("9999"), authz.ErrUnknownAuthorizer)
	})
	t.Run("same person as B and A", func(t *testing.T) {
		setT(t)
		d := prepare(200_000_00)
		c := approve("3001")
		c.Amount = 200_000_00
		must(d, c, nil) // an A may sign the B stage
		must(d, c, authz.ErrSameAuthorizer)
		c = approve("2001")
		c.Amount = 200_000_00
		must(d, c, authz.ErrNeedLevelA)
		c = approve("3002")
		c.Amount = 200_000_00
		must(d, c, nil)
		if _, err := svc.Post(ctx, d); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("blind re-key mismatch", func(t *testing.T) {
		setT(t)
		d := prepare(200_000_00)
		if !d.Blind() {
			t.Fatal("B-then-A re-keys blind by default")
		}
		c := approve("2001")
		c.Amount = 200_000_01
		must(d, c, authz.ErrAmountMismatch)
		c.Amount = 0
		must(d, c, authz.ErrAmountMismatch)
		c.Amount = 200_000_00
		must(d, c, nil)
	})
	t.Run("refusal with reason ends the draft", func(t *testing.T) {
		setT(t)
		d := prepare(60_000_00)
		c := counter.Credential{UserID: "2001", Password: "pass2001"}
		must(d, c, counter.ErrReasonRequired)
		c.Reason = "客户身份存疑"
		must(d, c, authz.ErrRefused)
		if _, err := svc.Post(ctx, d); !errors.Is(err, counter.ErrDraftRefused) {
			t.Fatalf("post after refusal: %v", err)
		}
		must(d, approve("2002"), counter.ErrDraftRefused)
	})
	t.Run("wrong password counts towards the lock", func(t *testing.T) {
		setT(t)
		d := prepare(60_000_00)
		bad := counter.Credential{UserID: "2002", Password: "wrong", Approve: true}
		for i := 1; i < 5; i++ {
			must(d, bad, authz.ErrAuthorizerPassword)
		}
		must(d, bad, authz.ErrAuthorizerLocked)
		must(d, approve("2002"), authz.ErrAuthorizerLocked)
		if _, err := svc.Login(ctx, "2002", "pass2002"); err == nil {
			t.Fatal("a locked authorizer must not log in")
		}
		must(d, approve("2001"), nil)
	})
	t.Run("inactive authorizer", func(t *testing.T) {
		setT(t)
		a := signedIn(t, svc, "3001")
		admin, err := counter.AdminOf(a)
		if err != nil {
			t.Fatal(err)
		}
		// A B who holds nothing (a new one): one who holds seals or cash
		// is disabled only after a hand-over.
		b := staff.User{ID: "2008", Name: "钱八", Level: staff.LevelB, Branch: demo.Branch}
		if err := svc.AddUser(ctx, counter.CommandLine(), b, "pass2008"); err != nil {
			t.Fatal(err)
		}
		if err := svc.SetActive(ctx, admin, "2008", false); err != nil {
			t.Fatal(err)
		}
		must(prepare(60_000_00), approve("2008"), authz.ErrAuthorizerInactive)
	})
	t.Run("no signature on business that needs none", func(t *testing.T) {
		setT(t)
		must(prepare(49_999_99), approve("2001"), authz.ErrNotRequired)
	})
}

func TestPostingRefusesBadBusiness(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	sess := signedIn(t, svc, "1001")
	cases := []struct {
		name string
		req  counter.Request
		want error
	}{
		{"overdraft by one fen", counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashWithdrawal, Account: "6217000000000002", Amount: 80_000_01}, ledger.ErrOverdraft},
		{"transfer overdraft", counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsTransfer, Account: "6217000000000003", Counterparty: "6217000000000001", Amount: 1}, ledger.ErrOverdraft},
		{"no such account", counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000009999", Amount: 100}, ledger.ErrNoAccount},
		{"corporate account for savings business", counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "4100000000000001", Amount: 100}, ledger.ErrWrongAccount},
		{"transfer to itself", counter.Request{Presenter: demo.Presenter, Kind: ledger.CorporateTransfer, Account: "4100000000000001", Counterparty: "4100000000000001", Amount: 100}, ledger.ErrSameAccount},
		{"zero", counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 0}, money.ErrZero},
		{"above the ceiling", counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: money.DefaultCeiling + 1}, money.ErrTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := svc.Prepare(ctx, sess, tc.req); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashWithdrawal, Account: "6217000000000002", Amount: 1}); !errors.Is(err, counter.ErrBoxShort) {
		t.Fatalf("paying out cash the box does not hold: %v", err)
	}
	fundBox(t, svc, "1001", 800)
	// Exactly the balance may be withdrawn.
	d, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashWithdrawal, Account: "6217000000000002", Amount: 80_000_00})
	if err != nil {
		t.Fatal(err)
	}
	authorizeAll(t, svc, d)
	if _, err := svc.Post(ctx, d); err != nil {
		t.Fatal(err)
	}
	if a, _ := svc.Account(ctx, "6217000000000002"); a.Balance != 0 {
		t.Fatalf("balance %s", a.Balance)
	}
}

// The balance is checked again when posting: two drafts prepared against
// the same money cannot both be posted.
func TestPostRechecksBalance(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	sess := signedIn(t, svc, "1001")
	fundBox(t, svc, "1001", 1000)
	req := counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashWithdrawal, Account: "6217000000000002", Amount: 40_000_00}
	d1, _ := svc.Prepare(ctx, sess, req)
	d2, _ := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: req.Kind, Account: req.Account, Amount: 45_000_00})
	if _, err := svc.Post(ctx, d1); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Post(ctx, d2); !errors.Is(err, ledger.ErrOverdraft) {
		t.Fatalf("second draft: %v", err)
	}
}

// Thresholds are data: a new policy version applies from its effective
// date and every entry records the version it was checked against.
func TestPolicyVersions(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	sess := signedIn(t, svc, "1001")
	p := authz.Default()
	p.Effective = "2026-11-24" // tomorrow: not in force yet
	p.Limits[ledger.SavingsCashDeposit] = authz.Limit{Kind: ledger.SavingsCashDeposit, CLimit: 30_000_00, BLimit: 100_000_00}
	if _, err := svc.AddPolicy(ctx, counter.CommandLine(), p); err != nil {
		t.Fatal(err)
	}
	req := counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 30_000_00}
	d, _ := svc.Prepare(ctx, sess, req)
	if d.Requirement().Need != authz.NeedNone || d.Requirement().Policy != 1 {
		t.Fatalf("future policy applied: %+v", d.Requirement())
	}
	p.Effective = today
	v3, err := svc.AddPolicy(ctx, counter.CommandLine(), p)
	if err != nil || v3.Version != 3 {
		t.Fatalf("policy v%d: %v", v3.Version, err)
	}
	// The draft prepared under v1 no longer matches what v3 asks.
	if _, err := svc.Post(ctx, d); !errors.Is(err, counter.ErrPolicyChanged) {
		t.Fatalf("stale draft: %v", err)
	}
	d, _ = svc.Prepare(ctx, sess, req)
	if d.Requirement().Need != authz.NeedB || d.Requirement().Policy != 3 {
		t.Fatalf("v3 not applied: %+v", d.Requirement())
	}
	authorizeAll(t, svc, d)
	e, err := svc.Post(ctx, d)
	if err != nil || e.PolicyVersion != 3 {
		t.Fatalf("entry policy %d: %v", e.PolicyVersion, err)
	}
	bad := authz.Default()
	delete(bad.Limits, ledger.CorporateTransfer)
	if _, err := svc.AddPolicy(ctx, counter.CommandLine(), bad); !errors.Is(err, authz.ErrPolicyIncomplete) {
		t.Fatalf("incomplete policy: %v", err)
	}
}

func TestJournalVisibility(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	for _, id := range []string{"1001", "1002"} {
		sess := signedIn(t, svc, id)
		d, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000003", Amount: 100_00})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Post(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	c, _ := svc.Login(ctx, "1001", "pass1001")
	b, _ := svc.Login(ctx, "2001", "pass2001")
	own, _ := svc.Journal(ctx, c, "")
	all, _ := svc.Journal(ctx, b, "")
	if len(own) != 1 || own[0].Teller != "1001" || own[0].Seq != 1 {
		t.Fatalf("a clerk sees their own: %+v", own)
	}
	tellers := map[string]bool{}
	for _, e := range all {
		tellers[e.Teller] = true
	}
	if !tellers["1001"] || !tellers["1002"] {
		t.Fatalf("a B sees the branch: %+v", all)
	}
}
