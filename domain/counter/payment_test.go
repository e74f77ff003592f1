package counter_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"branchdesk/domain/audit"
	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/payment"
	"branchdesk/storage/bundle"
	"branchdesk/storage/demo"
	"branchdesk/storage/payfile"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/storetest"
)

var payKey = []byte("0123456789abcdef0123456789abcdef")

// payments is a counter whose 编押 key is payKey and whose outgoing
// batches are kept in memory.
type payments struct {
	svc  *counter.Service
	db   *sqlstore.DB
	sent []payment.Batch
}

func newPayments(t *testing.T) *payments {
	t.Helper()
	svc, db := newCounter(t)
	p := &payments{svc: svc, db: db}
	svc.SetPayments(func() ([]byte, error) { return payKey, nil }, func(b payment.Batch) (string, func() error, error) {
		p.sent = append(p.sent, b)
		return "mem:" + b.FileName(), func() error { return nil }, nil
	})
	return p
}

// four signs in the four people of the tests: 1001 keys, 1002 checks,
// 2002 seals and 3002 sends.
func (p *payments) four(t *testing.T) map[string]*counter.Session {
	t.Helper()
	s := map[string]*counter.Session{}
	for _, id := range []string{"1001", "1002", "2002", "3002"} {
		s[id] = signedIn(t, p.svc, id)
	}
	return s
}

// sealed takes an order through 录入 (1001), 复核 (1002) and 编押 (2002).
func (p *payments) sealed(t *testing.T, s map[string]*counter.Session, o payment.Order) payment.Order {
	t.Helper()
	ctx := context.Background()
	p.enter(t, s["1001"], o)
	o = p.only(t, s["1001"])
	if err := p.svc.CheckPayment(ctx, s["1002"], o.ID, o.Amount, o.PayeeAccount); err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.SealPayment(ctx, s["2002"], o.ID); err != nil {
		t.Fatal(err)
	}
	return p.only(t, s["1001"])
}

func order(payer string, amount money.Amount) payment.Order {
	return payment.Order{PayerAccount: payer, PayeeAccount: "6222020200001234", PayeeName: "上海示范贸易有限公司",
		PayeeBank: "102100099996", Amount: amount, Purpose: "货款"}
}

// enter keys an order as 1001 and posts it with the signatures it needs.
func (p *payments) enter(t *testing.T, sess *counter.Session, o payment.Order) ledger.Entry {
	t.Helper()
	ctx := context.Background()
	d, err := p.svc.PreparePayment(ctx, sess, o)
	if err != nil {
		t.Fatal(err)
	}
	authorizeAll(t, p.svc, d)
	e, err := p.svc.Post(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (p *payments) only(t *testing.T, sess *counter.Session) payment.Order {
	t.Helper()
	os, err := p.svc.Payments(context.Background(), sess, "")
	if err != nil || len(os) == 0 {
		t.Fatalf("payments: %v %d", err, len(os))
	}
	return os[len(os)-1]
}

func (p *payments) actions(t *testing.T) []string {
	t.Helper()
	var out []string
	err := p.db.View(context.Background(), func(tx counter.Tx) error {
		return tx.AuditRows(func(r audit.Row) error {
			if strings.HasPrefix(r.Action, "payment_") {
				out = append(out, r.Actor+" "+r.Action)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// 第十一条: 人民银行支付业务的录入、复核、编押、发送均应分人承担. Four people
// take an order through; each refused a step of the same order they did
// another of, with the rule named; each step audited.
func TestPaymentFourPeople(t *testing.T) {
	p := newPayments(t)
	ctx := context.Background()
	s := p.four(t)
	payer := "4100000000000001"
	before, _ := p.svc.Account(ctx, payer)
	e := p.enter(t, s["1001"], order(payer, 12_345_67))
	after, _ := p.svc.Account(ctx, payer)
	if after.Balance != before.Balance-12_345_67 || e.Kind != ledger.CorporateTransfer ||
		e.Counterparty != ledger.PaymentsInTransitNo(demo.Branch) || e.Teller != "1001" || e.Seq == 0 {
		t.Fatalf("录入 posted %+v, balance %s → %s", e, before.Balance, after.Balance)
	}
	if r, err := p.svc.Receipt(ctx, s["1001"], e.ID); err != nil || r.CpHolder != ledger.PaymentsInTransitTitle {
		t.Fatalf("receipt names %q as the other side: %v", r.CpHolder, err)
	}
	o := p.only(t, s["1001"])
	if o.State() != payment.Entered || o.EntryID != e.ID || o.PayerName != "武汉示范商贸有限公司" || !o.Blind() {
		t.Fatalf("order %+v", o)
	}
	samePerson := func(who string, err error) {
		t.Helper()
		if !errors.Is(err, payment.ErrSamePerson) || !strings.Contains(err.Error(), "第十一条") || !strings.Contains(err.Error(), who) {
			t.Fatalf("%s doing a second step: %v", who, err)
		}
	}
	samePerson("1001", p.svc.CheckPayment(ctx, s["1001"], o.ID, 12_345_67, o.PayeeAccount))
	if _, err := p.svc.SealPayment(ctx, s["1002"], o.ID); !errors.Is(err, payment.ErrStepOrder) {
		t.Fatalf("编押 before 复核: %v", err)
	}
	if err := p.svc.CheckPayment(ctx, s["1002"], o.ID, 12_345_67, "6222 0202 0000 1234"); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"1001", "1002"} {
		_, err := p.svc.SealPayment(ctx, s[who], o.ID)
		samePerson(who, err)
	}
	code, err := p.svc.SealPayment(ctx, s["2002"], o.ID)
	if err != nil || len(code) != payment.CodeLen {
		t.Fatalf("编押: %q %v", code, err)
	}
	for _, who := range []string{"1001", "1002", "2002"} {
		_, _, err := p.svc.SendPayments(ctx, s[who])
		samePerson(who, err)
	}
	if len(p.sent) != 0 {
		t.Fatal("a refused 发送 wrote a batch")
	}
	b, path, err := p.svc.SendPayments(ctx, s["3002"])
	if err != nil {
		t.Fatal(err)
	}
	if b.No != demo.Branch+"-20261123-001" || len(b.Orders) != 1 || b.Orders[0].Code() != code || path != "mem:PAY-"+b.No+".txt" {
		t.Fatalf("batch %+v at %s", b, path)
	}
	o = p.only(t, s["1001"])
	if o.State() != payment.Sent || o.By(payment.Enter) != "1001" || o.By(payment.Check) != "1002" ||
		o.By(payment.Seal) != "2002" || o.By(payment.Send) != "3002" || o.Batch() != b.No {
		t.Fatalf("order after 发送 %+v", o)
	}
	if _, _, err := p.svc.SendPayments(ctx, s["3002"]); !errors.Is(err, payment.ErrNothing) {
		t.Fatalf("a second 发送 with nothing sealed: %v", err)
	}
	want := []string{"1001 payment_enter", "1002 payment_check", "2002 payment_seal", "3002 payment_send"}
	if got := p.actions(t); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("trail %v, want %v", got, want)
	}
	if _, err := p.svc.PrepareReversal(ctx, s["1001"], e.ID, "录错"); !errors.Is(err, counter.ErrPaymentReversal) {
		t.Fatalf("reversing a payment's debit: %v", err)
	}
}

// 复核 re-keys the amount and the payee account blind: a mismatch, by a
// fen or a digit, is refused and counted, and nothing else changes.
func TestPaymentBlindRekeyMismatch(t *testing.T) {
	p := newPayments(t)
	ctx := context.Background()
	maker, checker := signedIn(t, p.svc, "1001"), signedIn(t, p.svc, "1002")
	p.enter(t, maker, order("6217000000000001", 10_000_00))
	o := p.only(t, maker)
	for i, tc := range []struct {
		amount money.Amount
		acct   string
	}{
		{10_000_00 - 1, o.PayeeAccount},
		{10_000_00 + 1, o.PayeeAccount},
		{10_000_00, "6222020200001235"},
		{10_000_00, ""},
	} {
		if err := p.svc.CheckPayment(ctx, checker, o.ID, tc.amount, tc.acct); !errors.Is(err, payment.ErrRekey) {
			t.Fatalf("re-key %s %q: %v", tc.amount, tc.acct, err)
		}
		got := p.only(t, maker)
		if got.State() != payment.Entered || got.Mismatches() != i+1 {
			t.Fatalf("after mismatch %d: %s, %d counted", i+1, got.State(), got.Mismatches())
		}
	}
	if got := p.actions(t); len(got) != 5 || got[4] != "1002 payment_check_mismatch" {
		t.Fatalf("trail %v", got)
	}
	if err := p.svc.CheckPayment(ctx, checker, o.ID, 10_000_00, o.PayeeAccount); err != nil {
		t.Fatal(err)
	}
	if got := p.only(t, maker); got.State() != payment.Checked || got.Blind() {
		t.Fatalf("after a matching re-key: %s", got.State())
	}
}

// The 编押 code covers every field: changing any one changes it, and a
// changed order fails the 发送's check.
func TestPaymentCodeChangesWithEachField(t *testing.T) {
	base := payment.Order{ID: 7, Branch: "0101", BusinessDate: "2026-11-23", PayerAccount: "4100000000000001",
		PayerName: "武汉示范商贸有限公司", PayeeAccount: "6222020200001234", PayeeName: "上海示范贸易有限公司",
		PayeeBank: "102100099996", Amount: 12_345_67, Purpose: "货款", EntryID: 42}
	code, err := payment.Code(payKey, base)
	if err != nil || len(code) != payment.CodeLen {
		t.Fatalf("code %q %v", code, err)
	}
	changes := map[string]func(o *payment.Order){
		"ID": func(o *payment.Order) { o.ID++ }, "Branch": func(o *payment.Order) { o.Branch = "0102" },
		"BusinessDate": func(o *payment.Order) { o.BusinessDate = "2026-11-24" },
		"PayerAccount": func(o *payment.Order) { o.PayerAccount = "4100000000000002" },
		"PayerName":    func(o *payment.Order) { o.PayerName += "甲" },
		"PayeeAccount": func(o *payment.Order) { o.PayeeAccount = "6222020200001235" },
		"PayeeName":    func(o *payment.Order) { o.PayeeName = "上海示范贸易有限公" },
		"PayeeBank":    func(o *payment.Order) { o.PayeeBank = "103100000026" },
		"Amount":       func(o *payment.Order) { o.Amount++ }, "Purpose": func(o *payment.Order) { o.Purpose = "贷款" },
		"EntryID": func(o *payment.Order) { o.EntryID++ },
	}
	if len(changes) != 11 {
		t.Fatal("every field of the order is changed once")
	}
	for name, change := range changes {
		o := base
		change(&o)
		got, _ := payment.Code(payKey, o)
		if got == code {
			t.Errorf("changing %s leaves the code %s", name, code)
		}
		if err := payment.Verify(payKey, o, code); !errors.Is(err, payment.ErrCode) {
			t.Errorf("changed %s verifies: %v", name, err)
		}
	}
	if other, _ := payment.Code([]byte("another key of 32 bytes, not it!"), base); other == code {
		t.Error("another key makes the same code")
	}
	if err := payment.Verify(payKey, base, code); err != nil {
		t.Fatal(err)
	}
	if _, err := payment.Code(nil, base); !errors.Is(err, payment.ErrNoKey) {
		t.Fatalf("no key: %v", err)
	}
}

// The 发送 checks each code against the order as stored: an order
// changed in the database behind the program's back is refused.
func TestPaymentSendChecksCode(t *testing.T) {
	p := newPayments(t)
	ctx := context.Background()
	s := p.four(t)
	o := p.sealed(t, s, order("6217000000000001", 500_00))
	storetest.Unguard(t, p.db, "payment_orders")
	if _, err := p.db.Exec(ctx, `UPDATE payment_orders SET payee_account = ? WHERE id = ?`, "6222020299999999", o.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.svc.SendPayments(ctx, s["3002"]); !errors.Is(err, payment.ErrCode) {
		t.Fatalf("发送 of a changed order: %v", err)
	}
	if len(p.sent) != 0 || p.only(t, s["1001"]).State() != payment.Sealed {
		t.Fatal("a refused 发送 changed something")
	}
}

// 第十五条: a payment needs what a transfer of the same amount needs — a
// C alone below 100,000.00, a B from it, a B then an A from 200,000.00.
func TestPaymentThresholdsAsTransfers(t *testing.T) {
	p := newPayments(t)
	ctx := context.Background()
	sess := signedIn(t, p.svc, "1001")
	for _, tc := range []struct {
		amount money.Amount
		need   authz.Need
		authB  string
		authA  string
	}{
		{100_000_00 - 1, authz.NeedNone, "", ""},
		{100_000_00, authz.NeedB, "2001", ""},
		{100_000_00 + 1, authz.NeedB, "2001", ""},
		{200_000_00 - 1, authz.NeedB, "2001", ""},
		{200_000_00, authz.NeedBA, "2001", "3001"},
		{200_000_00 + 1, authz.NeedBA, "2001", "3001"},
	} {
		t.Run(tc.amount.String(), func(t *testing.T) {
			d, err := p.svc.PreparePayment(ctx, sess, order("4100000000000001", tc.amount))
			if err != nil {
				t.Fatal(err)
			}
			transfer, err := p.svc.Prepare(ctx, sess, counter.Request{Kind: ledger.CorporateTransfer,
				Account: "4100000000000001", Counterparty: "4100000000000002", Amount: tc.amount})
			if err != nil {
				t.Fatal(err)
			}
			if d.Requirement() != transfer.Requirement() || d.Requirement().Need != tc.need {
				t.Fatalf("payment needs %+v, a transfer %+v, want %v", d.Requirement(), transfer.Requirement(), tc.need)
			}
			n := len(p.orders(t, sess))
			if tc.need != authz.NeedNone {
				if _, err := p.svc.Post(ctx, d); !errors.Is(err, authz.ErrAuthorizationMissing) {
					t.Fatalf("posting without signatures: %v", err)
				}
				if len(p.orders(t, sess)) != n {
					t.Fatal("an unauthorized payment recorded an order")
				}
			}
			authorizeAll(t, p.svc, d)
			e, err := p.svc.Post(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			if e.AuthB != tc.authB || e.AuthA != tc.authA || len(p.orders(t, sess)) != n+1 {
				t.Fatalf("entry B %q A %q, %d orders", e.AuthB, e.AuthA, len(p.orders(t, sess)))
			}
		})
	}
}

func (p *payments) orders(t *testing.T, sess *counter.Session) []payment.Order {
	t.Helper()
	os, err := p.svc.Payments(context.Background(), sess, today)
	if err != nil {
		t.Fatal(err)
	}
	return os
}

// What a teller keys at 录入 is checked before anything posts.
func TestPaymentEntryRefusals(t *testing.T) {
	p := newPayments(t)
	ctx := context.Background()
	sess := signedIn(t, p.svc, "1001")
	for _, tc := range []struct {
		change func(o *payment.Order)
		want   error
	}{
		{func(o *payment.Order) { o.PayeeBank = "102100099997" }, payment.ErrBankCode},
		{func(o *payment.Order) { o.PayeeBank = "10210009999" }, payment.ErrBankCode},
		{func(o *payment.Order) { o.PayeeBank = "1021000999960" }, payment.ErrBankCode},
		{func(o *payment.Order) { o.PayeeAccount = "12345" }, payment.ErrPayeeAccount},
		{func(o *payment.Order) { o.PayeeName = " " }, payment.ErrPayeeName},
		{func(o *payment.Order) { o.PayeeName = "甲|乙" }, payment.ErrText},
		{func(o *payment.Order) { o.Purpose = "" }, payment.ErrPurpose},
		{func(o *payment.Order) { o.Amount = 0 }, money.ErrZero},
		{func(o *payment.Order) { o.PayerAccount = "6217000000000002"; o.Amount = 80_000_01 }, ledger.ErrOverdraft},
		{func(o *payment.Order) { o.PayerAccount = "9999" }, ledger.ErrNoAccount},
	} {
		o := order("6217000000000001", 100_00)
		tc.change(&o)
		if _, err := p.svc.PreparePayment(ctx, sess, o); !errors.Is(err, tc.want) {
			t.Errorf("%+v: %v, want %v", o, err, tc.want)
		}
	}
	o := order("6217000000000001", 100_00)
	o.PayeeBank = "１０２１０００９９９９６"
	if _, err := p.svc.PreparePayment(ctx, sess, o); err != nil {
		t.Fatalf("full-width bank code: %v", err)
	}
	// A transfer keyed by hand cannot reach the in-transit account.
	if _, err := p.svc.Prepare(ctx, sess, counter.Request{Kind: ledger.SavingsTransfer, Account: "6217000000000001",
		Counterparty: ledger.PaymentsInTransitNo(demo.Branch), Amount: 100_00}); err == nil {
		t.Fatal("a transfer to the 待清算往来 account was accepted")
	}
}

// An order not yet sent is in the branch close's list and blocks it.
func TestPaymentUnsentBlocksClose(t *testing.T) {
	p := newPayments(t)
	ctx := context.Background()
	s := p.four(t)
	p.enter(t, s["1001"], order("6217000000000001", 500_00))
	o := p.only(t, s["1001"])
	blocked := func() bool {
		t.Helper()
		bs, _, err := p.svc.CloseChecklist(ctx, s["3002"], nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bs {
			if strings.Contains(b, fmt.Sprintf("人民银行支付 第 %d 笔", o.ID)) && strings.Contains(b, "未发送") {
				return true
			}
		}
		return false
	}
	if !blocked() {
		t.Fatal("an order waiting for 复核 does not block the close")
	}
	if _, err := p.svc.CloseBranch(ctx, s["3002"], nil); !errors.Is(err, counter.ErrBranchBlocked) || !strings.Contains(err.Error(), "未发送") {
		t.Fatalf("close with an unsent order: %v", err)
	}
	if err := p.svc.CheckPayment(ctx, s["1002"], o.ID, 500_00, o.PayeeAccount); err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.SealPayment(ctx, s["2002"], o.ID); err != nil {
		t.Fatal(err)
	}
	if !blocked() {
		t.Fatal("a sealed order does not block the close")
	}
	if _, _, err := p.svc.SendPayments(ctx, s["3002"]); err != nil {
		t.Fatal(err)
	}
	if blocked() {
		t.Fatal("a sent order still blocks the close")
	}
}

// Each step is a new row: the tables refuse UPDATE and DELETE.
func TestPaymentRowsAppendOnly(t *testing.T) {
	p := newPayments(t)
	ctx := context.Background()
	sess := signedIn(t, p.svc, "1001")
	p.enter(t, sess, order("6217000000000001", 500_00))
	for _, q := range []string{`UPDATE payment_orders SET amount = 1`, `DELETE FROM payment_orders`,
		`UPDATE payment_steps SET by_user = '1002'`, `DELETE FROM payment_steps`} {
		if _, err := p.db.Exec(ctx, q); err == nil {
			t.Errorf("%s was allowed", q)
		}
	}
}

// 发送 writes the sealed orders as one signed file per batch: two orders
// sent together make one file, the next 发送 a second; each verifies with
// the sending PC's key and reads back the orders and their codes.
func TestPaymentBatchFileSigned(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	dir := t.TempDir()
	signing := filepath.Join(dir, "bd.db.terminal.key")
	svc.SetPayments(payfile.Key(filepath.Join(dir, "bd.db.payment.key"), false), payfile.Outbox(filepath.Join(dir, "out"), signing))
	p := &payments{svc: svc}
	s := p.four(t)
	through := func(amounts ...money.Amount) {
		t.Helper()
		for _, a := range amounts {
			p.sealed(t, s, order("4100000000000002", a))
		}
	}
	through(100_00, 250_000_00)
	b1, path1, err := svc.SendPayments(ctx, s["3002"])
	if err != nil {
		t.Fatal(err)
	}
	through(1)
	b2, path2, err := svc.SendPayments(ctx, s["3002"])
	if err != nil {
		t.Fatal(err)
	}
	key, _, err := bundle.LoadOrCreateKey(signing)
	if err != nil {
		t.Fatal(err)
	}
	pub := key.Public().(ed25519.PublicKey)
	for _, tc := range []struct {
		path string
		b    payment.Batch
		n    int
	}{{path1, b1, 2}, {path2, b2, 1}} {
		if filepath.Base(tc.path) != tc.b.FileName() || len(tc.b.Orders) != tc.n {
			t.Fatalf("%s: batch %s of %d", tc.path, tc.b.No, len(tc.b.Orders))
		}
		lines, err := payfile.Verify(tc.path, pub)
		if err != nil || len(lines) != tc.n {
			t.Fatalf("verify %s: %v", tc.path, err)
		}
		for i, l := range lines {
			o := tc.b.Orders[i]
			if l.ID != o.ID || l.Amount != o.Amount || l.Code != o.Code() || l.PayeeBank != o.PayeeBank {
				t.Fatalf("line %+v for order %+v", l, o)
			}
			if err := payment.Verify(mustKey(t, dir), o, l.Code); err != nil {
				t.Fatal(err)
			}
		}
	}
	if b2.No != demo.Branch+"-20261123-002" {
		t.Fatalf("second batch %s", b2.No)
	}
}

func mustKey(t *testing.T, dir string) []byte {
	t.Helper()
	k, err := payfile.Key(filepath.Join(dir, "bd.db.payment.key"), false)()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// A 发送 whose file cannot be written records nothing: the orders stay
// to be sent, and no trail row says they went.
func TestPaymentSendFileFailureChangesNothing(t *testing.T) {
	p := newPayments(t)
	ctx := context.Background()
	s := p.four(t)
	p.sealed(t, s, order("6217000000000001", 500_00))
	full := errors.New("磁盘已满")
	p.svc.SetPayments(func() ([]byte, error) { return payKey, nil }, func(payment.Batch) (string, func() error, error) {
		return "", nil, full
	})
	if _, _, err := p.svc.SendPayments(ctx, s["3002"]); !errors.Is(err, full) {
		t.Fatalf("发送 with the file refused: %v", err)
	}
	if p.only(t, s["1001"]).State() != payment.Sealed {
		t.Fatal("an order whose file was not written is marked sent")
	}
	if got := p.actions(t); got[len(got)-1] != "2002 payment_seal" {
		t.Fatalf("trail %v", got)
	}
	// Recorded as sent but the file not released: said so, and the
	// orders stay sent (the staged file is the batch).
	p.svc.SetPayments(func() ([]byte, error) { return payKey, nil }, func(b payment.Batch) (string, func() error, error) {
		return b.FileName(), func() error { return full }, nil
	})
	if _, _, err := p.svc.SendPayments(ctx, s["3002"]); !errors.Is(err, counter.ErrPaymentRelease) || !errors.Is(err, full) {
		t.Fatalf("发送 with the release refused: %v", err)
	}
	if p.only(t, s["1001"]).State() != payment.Sent {
		t.Fatal("a 发送 kept by the database is not recorded")
	}
}

// An order that cannot go on (a payee keyed wrong, never checked) is
// returned by reversing its debit (冲正, with an A's approval) while it is
// not sent: the money is back with the payer, the order says 已退回, no
// step may follow, and it no longer holds up the branch close. Once sent,
// the debit cannot be reversed.
func TestPaymentReturnedBeforeSent(t *testing.T) {
	p := newPayments(t)
	ctx := context.Background()
	s := p.four(t)
	before := balanceOf(t, p.svc, "6217000000000001")
	e := p.enter(t, s["1001"], order("6217000000000001", 888_00))
	if got := balanceOf(t, p.svc, "6217000000000001"); got != before-888_00 {
		t.Fatalf("after 录入 the payer holds %s", got)
	}
	mgr, _ := p.svc.Login(ctx, "3001", "pass3001")
	blockers, _, err := p.svc.CloseChecklist(ctx, mgr, nil)
	if err != nil || !strings.Contains(strings.Join(blockers, "\n"), "待复核，未发送") {
		t.Fatalf("an unsent order missing from the checklist: %v %v", blockers, err)
	}
	d, err := p.svc.PrepareReversal(ctx, s["1001"], e.ID, "收款人账号录错，退回付款人")
	if err != nil {
		t.Fatal(err)
	}
	authorizeAll(t, p.svc, d)
	if _, err := p.svc.Post(ctx, d); err != nil {
		t.Fatal(err)
	}
	if got := balanceOf(t, p.svc, "6217000000000001"); got != before {
		t.Fatalf("after the return the payer holds %s, want %s", got, before)
	}
	o := p.only(t, s["1001"])
	if o.State() != payment.Returned || o.State().Title() != "已退回（录入冲正）" {
		t.Fatalf("order after the reversal: %s", o.State())
	}
	if err := p.svc.CheckPayment(ctx, s["1002"], o.ID, 888_00, "6222020200001234"); !errors.Is(err, payment.ErrStepOrder) {
		t.Fatalf("复核 of a returned order: %v", err)
	}
	blockers, _, _ = p.svc.CloseChecklist(ctx, mgr, nil)
	if strings.Contains(strings.Join(blockers, "\n"), "人民银行支付") {
		t.Fatalf("a returned order still holds up the close: %v", blockers)
	}
}

// balanceOf is an account's balance as the service reads it.
func balanceOf(t *testing.T, svc *counter.Service, no string) money.Amount {
	t.Helper()
	a, err := svc.Account(context.Background(), no)
	if err != nil {
		t.Fatal(err)
	}
	return a.Balance
}
