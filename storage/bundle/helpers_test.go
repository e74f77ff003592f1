package bundle

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/sync"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/storetest"
)

type fakeClock struct {
	mu gosync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// back sets the clock back by d, as an operator correcting it would.
func (c *fakeClock) back(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(-d)
	c.mu.Unlock()
}

const today = "2026-11-23"

// rig is one head office and one branch terminal that has enrolled and
// received its first config bundle.
type rig struct {
	t     testing.TB
	dir   string
	clock *fakeClock
	hq    *HQ
	db    *sqlstore.DB
	svc   *counter.Service
	term  *Terminal
	out   string // the USB stick
}

func newRig(t testing.TB) *rig {
	t.Helper()
	ctx := context.Background()
	r := &rig{t: t, dir: t.TempDir(), clock: &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}}
	r.out = filepath.Join(r.dir, "usb")
	if err := os.Mkdir(r.out, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := InitHQ(ctx, filepath.Join(r.dir, "hq"), r.clock); err != nil {
		t.Fatal(err)
	}
	var err error
	if r.hq, err = OpenHQ(ctx, filepath.Join(r.dir, "hq"), r.clock); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.hq.Close() })
	r.db, r.svc, r.term = r.branch("T01")
	r.enroll(r.term)
	r.configure(sync.ConfigSet{})
	return r
}

// branch opens a seeded branch database with a terminal on it.
func (r *rig) branch(id string) (*sqlstore.DB, *counter.Service, *Terminal) {
	r.t.Helper()
	ctx := context.Background()
	db := storetest.Open(r.t)
	svc := counter.New(db, r.clock, "0101-T01")
	if err := demo.Seed(ctx, svc, today); err != nil {
		r.t.Fatal(err)
	}
	term, err := OpenTerminal(ctx, db, demo.Branch, id, filepath.Join(r.dir, id+".key"), r.clock)
	if err != nil {
		r.t.Fatal(err)
	}
	return db, svc, term
}

func (r *rig) enroll(term *Terminal) {
	r.t.Helper()
	e, err := term.Enrollment()
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.hq.Enroll(context.Background(), e); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) configure(set sync.ConfigSet) {
	r.t.Helper()
	data, _, err := r.hq.ExportConfig(context.Background(), demo.Branch, set)
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.term.ApplyConfig(context.Background(), data, r.fingerprint()); err != nil {
		r.t.Fatal(err)
	}
}

// threeBundles exports three bundles, each with new records.
func (r *rig) threeBundles() (b1, b2, b3 []byte) {
	r.t.Helper()
	day(r.t, r.svc)
	b1 = r.export()
	signedIn(r.t, r.svc, "1002")
	b2 = r.export()
	signedIn(r.t, r.svc, "2002")
	return b1, b2, r.export()
}

// heldAfterGap exports three bundles, imports the first and has head
// office hold the third: the second is missing.
func (r *rig) heldAfterGap() (b1, b2, b3 []byte) {
	r.t.Helper()
	b1, b2, b3 = r.threeBundles()
	r.importOK(b1)
	if _, err := r.hq.Import(context.Background(), b3); !errors.Is(err, sync.ErrGap) {
		r.t.Fatal(err)
	}
	return b1, b2, b3
}

// fingerprint is head office's key fingerprint, as read out on the phone.
func (r *rig) fingerprint() string { return sync.Fingerprint(r.hq.PublicKeys().Sign) }

// export writes the next bundle and returns its bytes.
func (r *rig) export() []byte {
	r.t.Helper()
	path, err := r.term.Export(context.Background(), r.out)
	if err != nil {
		r.t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		r.t.Fatal(err)
	}
	return data
}

func (r *rig) importOK(data []byte) []Result {
	r.t.Helper()
	rs, err := r.hq.Import(context.Background(), data)
	if err != nil {
		r.t.Fatal(err)
	}
	return rs
}

// snapshot is every row of head office's store, to show a refusal changed nothing.
func snapshot(t testing.TB, db *sql.DB) string {
	t.Helper()
	var b strings.Builder
	for _, tbl := range []string{"terminals", "bundles", "records", "held", "skipped", "receipts", "configs",
		"set_aside", "revoked_keys", "record_versions", "rolled_back", "rolled_back_records", "rolled_back_held"} {
		rows, err := db.Query(`SELECT * FROM ` + tbl + ` ORDER BY 1, 2`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %v\n", tbl, vals)
		}
		rows.Close()
	}
	return b.String()
}

func signedIn(t testing.TB, svc *counter.Service, id string) *counter.Session {
	t.Helper()
	ctx := context.Background()
	sess, err := svc.Login(ctx, id, "pass"+id)
	if err != nil {
		t.Fatalf("login %s: %v", id, err)
	}
	if err := svc.SignIn(ctx, sess, nil); err != nil {
		t.Fatalf("sign in %s: %v", id, err)
	}
	return sess
}

func approve(id string) counter.Credential {
	return counter.Credential{UserID: id, Password: "pass" + id, Approve: true}
}

func authorizeAll(t testing.TB, svc *counter.Service, d *counter.Draft) {
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

// day posts a small real day: cash into the teller's box, deposits that
// need no, a B's and a B-and-A's authorization, a withdrawal and a
// reversal approved by an A.
func day(t testing.TB, svc *counter.Service) {
	t.Helper()
	ctx := context.Background()
	if err := svc.SetBoxLimit(ctx, counter.CommandLine(), "1001", 100_000_000_00); err != nil {
		t.Fatal(err)
	}
	sess := signedIn(t, svc, "1001")
	keeper := signedIn(t, svc, "2001")
	m := counter.MoveRequest{
		From: cash.Party{Kind: cash.Vault, ID: demo.Branch}, To: cash.Party{Kind: cash.TellerBox, ID: "1001"},
		Count: cash.Count{"N100": 500}, Amount: money.Amount(500 * 100_00),
	}
	if _, err := svc.MoveCash(ctx, keeper, m, approve("1001")); err != nil {
		t.Fatalf("fund box: %v", err)
	}
	var last ledger.Entry
	for _, req := range []counter.Request{
		{Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 1_000_00},
		{Kind: ledger.SavingsCashDeposit, Account: "6217000000000002", Amount: 60_000_00, Presenter: demo.Presenter},
		{Kind: ledger.SavingsCashDeposit, Account: "6217000000000003", Amount: 250_000_00, Presenter: ledger.Presenter{
			Customer: ledger.IDDoc{Type: ledger.ResidentCard, No: "420111197811050031"},
			Agent:    ledger.Agent{Name: "陈明", Doc: ledger.IDDoc{Type: ledger.Passport, No: "E12345678"}}}},
		{Kind: ledger.SavingsCashWithdrawal, Account: "6217000000000001", Amount: 2_000_00},
	} {
		d, err := svc.Prepare(ctx, sess, req)
		if err != nil {
			t.Fatal(err)
		}
		authorizeAll(t, svc, d)
		if last, err = svc.Post(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	d, err := svc.PrepareReversal(ctx, sess, last.ID, "金额录错")
	if err != nil {
		t.Fatal(err)
	}
	authorizeAll(t, svc, d)
	if _, err := svc.Post(ctx, d); err != nil {
		t.Fatalf("reversal: %v", err)
	}
}

// count is how many rows a table has.
// rowQuerier is a database count reads from: head office's *sql.DB, or
// a branch store through branchRows.
type rowQuerier interface {
	QueryRow(q string, args ...any) *sql.Row
}

// branchRows reads a branch store with queries written in SQLite's dialect.
type branchRows struct{ db *sqlstore.DB }

func (b branchRows) QueryRow(q string, args ...any) *sql.Row {
	return b.db.QueryRow(context.Background(), q, args...)
}

func count(t testing.TB, db rowQuerier, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// closeDay ends the day of day(): teller 1001 balances, has the box sealed
// and signs out, the vault is counted, the keepers sign out and an A
// closes the branch.
func closeDay(t testing.TB, svc *counter.Service) counter.BranchClose {
	t.Helper()
	ctx := context.Background()
	teller, _ := svc.Login(ctx, "1001", "pass1001")
	p, err := svc.Position(ctx, teller, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.BalanceBox(ctx, teller, counter.BalanceInput{Count: cash.Count{"N100": int64(p.Expected / 100_00)}}); err != nil {
		t.Fatalf("balance: %v", err)
	}
	if err := demo.SealBox(ctx, svc, teller); err != nil {
		t.Fatal(err)
	}
	if err := svc.SignOut(ctx, teller); err != nil {
		t.Fatal(err)
	}
	keeper, _ := svc.Login(ctx, "2001", "pass2001")
	stock, _, err := svc.VaultStock(ctx, keeper)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.CountVault(ctx, keeper, stock); err != nil {
		t.Fatalf("vault count: %v", err)
	}
	for _, id := range []string{"2001", "2002", "3001", "3002"} {
		s, _ := svc.Login(ctx, id, "pass"+id)
		if err := svc.SignOut(ctx, s); err != nil && !errors.Is(err, counter.ErrDayNotOpen) && !errors.Is(err, counter.ErrNotSignedIn) {
			t.Fatalf("sign out %s: %v", id, err)
		}
	}
	if _, _, err := demo.ReviewDay(ctx, svc); err != nil {
		t.Fatalf("reviews: %v", err)
	}
	mgr, _ := svc.Login(ctx, "3001", "pass3001")
	_, counts, err := svc.CloseChecklist(ctx, mgr, nil)
	if err != nil {
		t.Fatal(err)
	}
	physical := map[string]int64{}
	for _, c := range counts {
		physical[c.Type] = c.System
	}
	c, err := svc.CloseBranch(ctx, mgr, physical)
	if err != nil {
		t.Fatalf("close: %v", err)
	}
	return c
}
