package counter_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/staff"
	"branchdesk/domain/voucher"
	"branchdesk/storage/demo"
)

// One signature covers one posting: neither a copy of the draft nor a
// second, concurrent Post can use it again.
func TestAuthorizationIsUsedOnce(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	sess := signedIn(t, svc, "1001")
	d, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 60_000_00})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Authorize(ctx, d, approve("2001")); err != nil {
		t.Fatal(err)
	}
	copied := *d
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i, dr := range []*counter.Draft{d, d, &copied} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = svc.Post(ctx, dr)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, counter.ErrDraftPosted):
			t.Fatalf("unexpected: %v", err)
		}
	}
	var n int
	_ = db.QueryRow(context.Background(), `SELECT COUNT(*) FROM entries WHERE auth_b = '2001' AND amount = 6000000`).Scan(&n)
	if ok != 1 || n != 1 {
		t.Fatalf("%d postings succeeded, %d entries carry the signature", ok, n)
	}
}

// A reversal cannot reach into the box of a teller who balanced and
// signed out.
func TestReversalLeavesClosedBoxAlone(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	teller := signedIn(t, svc, "1001")
	d, _ := svc.Prepare(ctx, teller, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000003", Amount: 1_000_00})
	dep, err := svc.Post(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	keeper := signedIn(t, svc, "2001")
	back := counter.MoveRequest{From: cash.Party{Kind: cash.TellerBox, ID: "1001"}, To: cash.Party{Kind: cash.Vault, ID: "0101"},
		Count: cash.Count{"N100": 10}, Amount: 1_000_00}
	if _, err := svc.MoveCash(ctx, keeper, back, approve("1001")); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.BalanceBox(ctx, teller, counter.BalanceInput{Count: cash.Count{}}); err != nil {
		t.Fatal(err)
	}
	sealed(t, svc, teller)
	if err := svc.SignOut(ctx, teller); err != nil {
		t.Fatal(err)
	}
	mgr := signedIn(t, svc, "3001")
	if _, err := svc.PrepareReversal(ctx, mgr, dep.ID, "录错"); !errors.Is(err, counter.ErrTellerNotOpen) {
		t.Fatalf("reversal into a signed-out box: %v", err)
	}
	if bal, _ := svc.BoxBalance(ctx, mgr, "1001"); bal != 0 {
		t.Fatalf("box %s", bal)
	}
}

// A session does not outlive a disabled account or a lost level.
func TestSessionFollowsTheAccount(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	mgr := signedIn(t, svc, "3001")
	admin, _ := counter.AdminOf(mgr)
	// A new teller, who holds nothing yet: one who holds seals or cash is
	// disabled only after a hand-over (TestDisableOnlyAfterHandOver).
	teller := newTeller(t, svc, "1008")
	if err := svc.SetActive(ctx, admin, "1008", false); err != nil {
		t.Fatal(err)
	}
	req := counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 100}
	if _, err := svc.Prepare(ctx, teller, req); !errors.Is(err, staff.ErrInactive) {
		t.Fatalf("disabled teller posts: %v", err)
	}
	// An A demoted by the command line loses the A's powers at once.
	if err := svc.SetLevel(ctx, counter.CommandLine(), "3001", staff.LevelB); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetActive(ctx, admin, "1008", true); !errors.Is(err, counter.ErrNeedLevelA) {
		t.Fatalf("demoted A administers: %v", err)
	}
}

// Thresholds and settings come from head office or bdctl, never from a
// branch A's terminal; keepers must be B.
func TestTerminalCannotChangePolicyOrKeepers(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	admin, _ := counter.AdminOf(signedIn(t, svc, "3001"))
	p := authz.Default()
	p.Effective = today
	if _, err := svc.AddPolicy(ctx, admin, p); !errors.Is(err, counter.ErrHeadOffice) {
		t.Fatalf("terminal policy: %v", err)
	}
	if err := svc.SetSetting(ctx, admin, counter.SettingBlindBA, "off"); !errors.Is(err, counter.ErrHeadOffice) {
		t.Fatalf("terminal setting: %v", err)
	}
	if err := svc.SetSetting(ctx, counter.CommandLine(), counter.SettingVaultKeeper, "1002"); err != nil {
		t.Fatal(err)
	}
	clerk := signedIn(t, svc, "1002")
	m := counter.MoveRequest{From: cash.Party{Kind: cash.Vault, ID: "0101"}, To: cash.Party{Kind: cash.TellerBox, ID: "1001"},
		Count: cash.Count{"N100": 1}, Amount: 100_00}
	signedIn(t, svc, "1001")
	if _, err := svc.MoveCash(ctx, clerk, m, approve("1001")); !errors.Is(err, counter.ErrNotVaultKeeper) {
		t.Fatalf("a clerk named vault keeper: %v", err)
	}
}

// A B who keys business (顶岗) cannot authorize it.
func TestSupervisorMakerCannotAuthorizeOwnBusiness(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	b := signedIn(t, svc, "2002")
	d, err := svc.Prepare(ctx, b, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 50_000_00})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Authorize(ctx, d, approve("2002")); !errors.Is(err, authz.ErrSelfAuthorization) {
		t.Fatalf("B authorizes own business: %v", err)
	}
	if err := svc.Authorize(ctx, d, approve("2001")); err != nil {
		t.Fatal(err)
	}
}

// 第八条: one A cannot make a second authorizer at the terminal.
func TestTerminalAManagesClerksOnly(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	admin, _ := counter.AdminOf(signedIn(t, svc, "3001"))
	if err := svc.AddUser(ctx, admin, staff.User{ID: "2009", Name: "钱七", Level: staff.LevelB, Branch: "0101"}, "temp1234"); !errors.Is(err, counter.ErrSupervisorAccounts) {
		t.Fatalf("A adds a B: %v", err)
	}
	if err := svc.ResetPassword(ctx, admin, "2001", "temp1234"); !errors.Is(err, counter.ErrSupervisorAccounts) {
		t.Fatalf("A resets a B's password: %v", err)
	}
	if err := svc.SetLevel(ctx, admin, "1001", staff.LevelB); !errors.Is(err, counter.ErrSupervisorAccounts) {
		t.Fatalf("A promotes a clerk: %v", err)
	}
	if err := svc.ResetPassword(ctx, admin, "1001", "temp1234"); err != nil {
		t.Fatalf("A resets a clerk's password: %v", err)
	}
	if err := svc.AddUser(ctx, counter.CommandLine(), staff.User{ID: "2009", Name: "钱七", Level: staff.LevelB, Branch: "0101"}, "temp1234"); err != nil {
		t.Fatalf("bdctl adds a B: %v", err)
	}
}

// Selling or voiding a voucher after balancing needs a new balance before
// the formal sign-out.
func TestVoucherUseAfterBalanceBlocksSignOut(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	teller := signedIn(t, svc, "1001")
	keeper := signedIn(t, svc, "2002")
	if err := svc.IssueVouchers(ctx, keeper, voucher.Range{Type: voucher.CashCheque, From: 1, To: 3}, "1001"); err != nil {
		t.Fatal(err)
	}
	in := counter.BalanceInput{Count: cash.Count{}, Vouchers: map[string]int64{voucher.CashCheque: 3}}
	if _, err := svc.BalanceBox(ctx, teller, in); err != nil {
		t.Fatal(err)
	}
	if err := svc.SellVouchers(ctx, teller, voucher.Range{Type: voucher.CashCheque, From: 1, To: 1}, "1001"); err != nil {
		t.Fatal(err)
	}
	if err := svc.SignOut(ctx, teller); !errors.Is(err, counter.ErrNotBalanced) {
		t.Fatalf("sign-out after selling a balanced voucher: %v", err)
	}
	in.Vouchers[voucher.CashCheque] = 2
	if _, err := svc.BalanceBox(ctx, teller, in); err != nil {
		t.Fatal(err)
	}
	sealed(t, svc, teller)
	if err := svc.SignOut(ctx, teller); err != nil {
		t.Fatal(err)
	}
}

// When the A does not approve a difference, the trail says the B's
// sign-off led to nothing, and no balance is recorded.
func TestDifferenceRefusedByAIsRecorded(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	teller := signedIn(t, svc, "1001")
	fundBox(t, svc, "1001", 1)
	b, notA := approve("2001"), approve("2002")
	_, err := svc.BalanceBox(ctx, teller, counter.BalanceInput{Count: cash.Count{}, Reason: "点钞差错", SignB: &b, ApproveA: &notA})
	if !errors.Is(err, authz.ErrNeedLevelA) {
		t.Fatalf("a B as A: %v", err)
	}
	var refused, balances int
	_ = db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit WHERE action = 'teller_balance_refused'`).Scan(&refused)
	_ = db.QueryRow(context.Background(), `SELECT COUNT(*) FROM teller_balances`).Scan(&balances)
	if refused != 1 || balances != 0 {
		t.Fatalf("%d refusal rows, %d balances", refused, balances)
	}
}

// Once head office allocates voucher stock (config bundle), the keeper
// receives only what was allocated.
func TestReceiveOnlyAllocatedVouchers(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	if _, err := db.Exec(context.Background(), `INSERT INTO voucher_allocations (config_version, type, from_no, to_no) VALUES (1, 'transfer_cheque', 101, 150)`); err != nil {
		t.Fatal(err)
	}
	keeper := signedIn(t, svc, "2002")
	if err := svc.ReceiveVouchers(ctx, keeper, voucher.Range{Type: voucher.TransferCheque, From: 150, To: 151}); !errors.Is(err, counter.ErrNotAllocated) {
		t.Fatalf("one past the allocation: %v", err)
	}
	if err := svc.ReceiveVouchers(ctx, keeper, voucher.Range{Type: voucher.TransferCheque, From: 101, To: 150}); err != nil {
		t.Fatal(err)
	}
	// A type without allocations is received as before.
	if err := svc.ReceiveVouchers(ctx, keeper, voucher.Range{Type: voucher.CashCheque, From: 51, To: 60}); err != nil {
		t.Fatal(err)
	}
}

// TestDisableOnlyAfterHandOver: a teller who holds anything is disabled
// only after a hand-over (第十三条): one fen in the box is refused and
// nothing changes; blank vouchers in hand are refused; with the box at
// zero and the vouchers handed back, the A disables the teller.
func TestDisableOnlyAfterHandOver(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	teller := newTeller(t, svc, "1008") // no seals handed yet
	mgr := signedIn(t, svc, "3001")
	admin, _ := counter.AdminOf(mgr)
	post := func(k ledger.Kind) {
		t.Helper()
		d, err := svc.Prepare(ctx, teller, counter_req(k, "6217000000000001", 1))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Post(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	active := func() bool {
		t.Helper()
		us, err := svc.Users(ctx, mgr)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range us {
			if u.ID == "1008" {
				return u.Active
			}
		}
		t.Fatal("no 1008")
		return false
	}
	post(ledger.SavingsCashDeposit) // ¥0.01 in the box
	if err := svc.SetActive(ctx, admin, "1008", false); !errors.Is(err, counter.ErrDisableHolding) || !strings.Contains(err.Error(), "¥0.01") {
		t.Fatalf("disabled with ¥0.01 in the box: %v", err)
	}
	if !active() {
		t.Fatal("a refused disable changed the account")
	}
	post(ledger.SavingsCashWithdrawal) // back to zero
	vkeeper := signedIn(t, svc, "2002")
	if err := svc.IssueVouchers(ctx, vkeeper, voucher.Range{Type: voucher.CashCheque, From: 1, To: 1}, "1008"); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetActive(ctx, admin, "1008", false); !errors.Is(err, counter.ErrDisableHolding) {
		t.Fatalf("disabled holding a blank cheque: %v", err)
	}
	if err := svc.ReturnVouchers(ctx, teller, voucher.Range{Type: voucher.CashCheque, From: 1, To: 1}, approve("2002")); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetActive(ctx, admin, "1008", false); err != nil {
		t.Fatalf("disabling a teller who holds nothing: %v", err)
	}
	if active() {
		t.Fatal("still active")
	}
}

// TestDisableNotTheNamedKeeper: the B the branch names as vault keeper,
// or as voucher keeper, is disabled only once someone else is named.
func TestDisableNotTheNamedKeeper(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	mgr := signedIn(t, svc, "3001")
	admin, _ := counter.AdminOf(mgr)
	b := staff.User{ID: "2008", Name: "钱八", Level: staff.LevelB, Branch: demo.Branch}
	if err := svc.AddUser(ctx, counter.CommandLine(), b, "init2008"); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{counter.SettingVaultKeeper, counter.SettingVoucherKeeper} {
		keeper := map[string]string{counter.SettingVaultKeeper: "2001", counter.SettingVoucherKeeper: "2002"}[key]
		if err := svc.SetSetting(ctx, counter.CommandLine(), key, "2008"); err != nil {
			t.Fatal(err)
		}
		if err := svc.SetActive(ctx, admin, "2008", false); !errors.Is(err, counter.ErrDisableKeeper) {
			t.Fatalf("the named %s disabled: %v", key, err)
		}
		if err := svc.SetSetting(ctx, counter.CommandLine(), key, keeper); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.SetActive(ctx, admin, "2008", false); err != nil {
		t.Fatalf("disabling a B who keeps nothing: %v", err)
	}
}

// newTeller adds a C teller id to the demo branch, with password "pass"+id,
// trained and certified for cash, holding nothing, and signs them in.
func newTeller(t *testing.T, svc *counter.Service, id string) *counter.Session {
	t.Helper()
	ctx := context.Background()
	u := staff.User{ID: id, Name: "柜员" + id, Level: staff.LevelC, Branch: demo.Branch}
	if err := svc.AddUser(ctx, counter.CommandLine(), u, "init"+id); err != nil {
		t.Fatal(err)
	}
	if err := svc.ChangePassword(ctx, id, "init"+id, "pass"+id); err != nil {
		t.Fatal(err)
	}
	q := staff.Qualification{User: id, TrainedOn: "2020-03-15", CounterSince: "2019-07-01",
		CertNo: "FJB-2024-9" + id, CertExpires: "2028-12-31"}
	if err := svc.SetQualification(ctx, counter.CommandLine(), q); err != nil {
		t.Fatal(err)
	}
	return signedIn(t, svc, id)
}
