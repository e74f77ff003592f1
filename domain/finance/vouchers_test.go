package finance_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"branchdesk/domain/audit"
	"branchdesk/domain/counter"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/finance"
	"branchdesk/domain/money"
	"branchdesk/domain/support"
	"branchdesk/domain/support/supporttest"
	"branchdesk/domain/survey"
	"branchdesk/storage/sqlstore"
)

// creditCode is a valid code ending in n.
func creditCode(t *testing.T, n string) string {
	t.Helper()
	c, err := enterprise.CompleteCreditCode("91420100MA4K" + n)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// collect files a final survey of the officer signed in as off and opens
// its demand.
func (d *desk) collect(t *testing.T, off *counter.Session, sv survey.Survey) string {
	t.Helper()
	_, id, err := d.collected(t, off, sv)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// contract is one contract of an item whose 60% pays for want.
func contract(item support.ServiceItem, amount money.Amount) []support.Contract {
	return []support.Contract{{Item: item, Amount: amount}}
}

// issued is the issue among events, failing without one.
func issued(t *testing.T, es []support.RegisterEvent) support.RegisterEvent {
	t.Helper()
	for _, e := range es {
		if e.Kind == support.EventIssue {
			return e
		}
	}
	t.Fatalf("not issued: %+v", es)
	return support.RegisterEvent{}
}

func (d *desk) register(t *testing.T, s *counter.Session) *support.Register {
	t.Helper()
	r, err := d.fin.VoucherRegister(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// rows counts the register's rows.
func (d *desk) voucherRows(t *testing.T) int {
	t.Helper()
	var n int
	if err := d.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM service_vouchers`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// voucherAudits lists the register's audit details.
func (d *desk) voucherAudits(t *testing.T) []string {
	t.Helper()
	var out []string
	err := d.db.View(context.Background(), func(tx counter.Tx) error {
		return tx.AuditRows(func(r audit.Row) error {
			if r.Action == "service_voucher" {
				out = append(out, r.Actor+" "+r.Detail)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// setDate moves the branch's business date, as the day close does.
func (d *desk) setDate(t *testing.T, date string) {
	t.Helper()
	if _, err := d.db.Exec(context.Background(), `UPDATE branches SET business_date = ?`, date); err != nil {
		t.Fatal(err)
	}
}

// withVouchers is a desk whose 2026 budget is budget.
func withVouchers(t *testing.T, budget money.Amount) (*desk, *counter.Session, *counter.Session) {
	d := newDesk(t)
	off, mgr := d.login(t, "2001"), d.login(t, "3001")
	if budget > 0 {
		if _, err := d.fin.AddVoucherBudget(context.Background(), mgr, 2026, budget); err != nil {
			t.Fatal(err)
		}
	}
	return d, off, mgr
}

// 武汉 第十五条（二）（三）: 每家小微企业每年只能领取一次，已经领取过的
// 无论使用与否当年不得再次领取 — read from the register, not asked.
func TestVoucherIssueOnceAYearFromTheRegister(t *testing.T) {
	d, off, mgr := withVouchers(t, 100_000_00)
	ctx := context.Background()
	code := creditCode(t, "00001")
	es, err := d.fin.ApplyVouchers(ctx, off, supporttest.Apply(code, "武汉示范商贸有限公司", contract(support.Legal, 5000_00)...))
	if err != nil {
		t.Fatal(err)
	}
	is := issued(t, es)
	// 60% of ¥5,000 is ¥3,000: three ¥1,000 vouchers, named, numbered, to the year's end.
	if is.Amount != 3000_00 || len(is.Vouchers) != 3 || is.Vouchers[0].Face != 1000_00 || is.Expires != "2026-12-31" ||
		is.Vouchers[2].Number != is.Ref+"-3" || is.Code != code {
		t.Fatalf("issue %+v", is)
	}
	before := d.voucherRows(t)
	// The same code, typed in lower case with spaces, another officer: refused.
	_, err = d.fin.ApplyVouchers(ctx, d.login(t, "2002"), supporttest.Apply(" "+strings.ToLower(code)+" ", "另一名称", contract(support.Financing, 1000_00)...))
	if !errors.Is(err, support.ErrVoucherIssued) {
		t.Fatalf("second issue: %v", err)
	}
	if d.voucherRows(t) != before {
		t.Fatal("a refused application left rows")
	}
	// Cancelled for fraud, the year is still used.
	if _, err := d.fin.CancelVouchers(ctx, mgr, is.Ref, "合同弄虚作假"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.fin.ApplyVouchers(ctx, off, supporttest.Apply(code, "武汉示范商贸有限公司", contract(support.Legal, 5000_00)...)); !errors.Is(err, support.ErrVoucherFraud) {
		t.Fatalf("after fraud: %v", err)
	}
	// Another enterprise is issued; a bad code is refused.
	if _, err := d.fin.ApplyVouchers(ctx, off, supporttest.Apply(creditCode(t, "00002"), "湖北示范科技有限公司", contract(support.TaxAgency, 1000_00)...)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.fin.ApplyVouchers(ctx, off, supporttest.Apply("91420100MA4K000019", "错码公司", contract(support.TaxAgency, 1000_00)...)); !errors.Is(err, enterprise.ErrCreditCodeCheck) {
		t.Fatalf("bad code: %v", err)
	}
	// Whatever the program above decides, the store holds one issue a year.
	dup := is
	dup.Ref = "FW-forged"
	err = sqlstore.Finance(d.db).Tx(ctx, func(tx finance.Tx) error { return tx.InsertServiceVoucherEvent("0101", dup) })
	if err == nil {
		t.Fatal("the store took a second issue in the year")
	}
	// Rows are never changed.
	if _, err := d.db.Exec(ctx, `UPDATE service_vouchers SET amount = 1`); err == nil {
		t.Fatal("a register row was updated")
	}
	if _, err := d.db.Exec(ctx, `DELETE FROM service_vouchers`); err == nil {
		t.Fatal("a register row was deleted")
	}
	if a := d.voucherAudits(t); len(a) != 6 || !strings.HasPrefix(a[3], "3001 服务补贴券作废") || !strings.Contains(a[3], "合同弄虚作假") {
		t.Fatalf("audit:\n%s", strings.Join(a, "\n"))
	}
}

// redeemer is the request of the institution for an issue's first n
// vouchers against one contract.
func redeemer(is support.RegisterEvent, n int, amount money.Amount) support.RedeemRequest {
	q := support.RedeemRequest{App: is.Ref, Presenter: is.Code, Institution: "武汉示范会计师事务所", ContractNo: "HT-2026-001",
		Item: is.Vouchers[0].Item, ContractAmount: amount}
	for _, v := range is.Vouchers[:n] {
		q.Numbers = append(q.Numbers, v.Number)
	}
	return q
}

// 第七条: 每个项目可使用的服务补贴券金额不超过合同金额的60%. ¥3,000 of
// vouchers needs a contract of ¥5,000.00; at ¥4,999.99 it is one fen
// above 60%.
func TestVoucherRedeemSixtyPercentOfTheContract(t *testing.T) {
	d, off, _ := withVouchers(t, 100_000_00)
	ctx := context.Background()
	es, err := d.fin.ApplyVouchers(ctx, off, supporttest.Apply(creditCode(t, "00001"), "武汉示范商贸有限公司", contract(support.Legal, 5000_00)...))
	if err != nil {
		t.Fatal(err)
	}
	is := issued(t, es)
	before := d.voucherRows(t)
	if _, err := d.fin.RedeemVouchers(ctx, off, redeemer(is, 3, 4999_99)); !errors.Is(err, support.ErrVoucherItem) {
		t.Fatalf("one fen above 60%%: %v", err)
	}
	if d.voucherRows(t) != before {
		t.Fatal("a refused redemption left rows")
	}
	got, err := d.fin.RedeemVouchers(ctx, off, redeemer(is, 3, 5000_00))
	if err != nil || len(got) != 1 || got[0].Amount != 3000_00 {
		t.Fatalf("exactly 60%%: %+v %v", got, err)
	}
	// Each voucher once.
	if _, err := d.fin.RedeemVouchers(ctx, off, redeemer(is, 1, 100_000_00)); !errors.Is(err, support.ErrVoucherUsed) {
		t.Fatalf("used twice: %v", err)
	}
	// The 60% counts what the same contract already took.
	es, _ = d.fin.ApplyVouchers(ctx, off, supporttest.Apply(creditCode(t, "00002"), "湖北示范科技有限公司", contract(support.Legal, 5000_00)...))
	is2 := issued(t, es)
	q := redeemer(is2, 1, 2500_00)
	if _, err := d.fin.RedeemVouchers(ctx, off, q); err != nil { // ¥1,000 of ¥1,500
		t.Fatal(err)
	}
	q.Numbers = []string{is2.Vouchers[1].Number}
	if _, err := d.fin.RedeemVouchers(ctx, off, q); !errors.Is(err, support.ErrVoucherItem) { // ¥2,000 of ¥1,500
		t.Fatalf("second use of a contract: %v", err)
	}
	// A voucher pays for its own service item only.
	q.Item = support.ECommerce
	if _, err := d.fin.RedeemVouchers(ctx, off, q); !errors.Is(err, support.ErrVoucherItemMismatch) {
		t.Fatalf("another item: %v", err)
	}
}

// 第七条: 单个企业领取总额不超过3000元 — ¥3,000.00 passes, ¥3,000.01 does not.
func TestVoucherRedeemYearCap(t *testing.T) {
	for total, ok := range map[money.Amount]bool{2999_99: true, 3000_00: true, 3000_01: false} {
		if err := support.CheckYearCap(total); ok != (err == nil) || !ok && !errors.Is(err, support.ErrVoucherCap) {
			t.Errorf("%s: %v", total, err)
		}
	}
	// However large the contracts, an issue stops at ¥3,000.
	d, off, _ := withVouchers(t, 100_000_00)
	es, err := d.fin.ApplyVouchers(context.Background(), off, supporttest.Apply(creditCode(t, "00001"), "武汉示范商贸有限公司", support.Contract{Item: support.Legal, Amount: 100_000_00}, support.Contract{Item: support.Financing, Amount: 100_000_00}))
	if err != nil {
		t.Fatal(err)
	}
	if is := issued(t, es); is.Amount != 3000_00 {
		t.Fatalf("issue %s", is.Amount)
	}
}

// 第四条: 记名发放，不得转让 — only the enterprise issued redeems.
func TestVoucherRedeemNotTransferable(t *testing.T) {
	d, off, _ := withVouchers(t, 100_000_00)
	ctx := context.Background()
	es, _ := d.fin.ApplyVouchers(ctx, off, supporttest.Apply(creditCode(t, "00001"), "武汉示范商贸有限公司", contract(support.Legal, 5000_00)...))
	q := redeemer(issued(t, es), 1, 5000_00)
	q.Presenter = creditCode(t, "00002")
	if _, err := d.fin.RedeemVouchers(ctx, off, q); !errors.Is(err, support.ErrNotTransferable) {
		t.Fatalf("another enterprise: %v", err)
	}
	q.Presenter = strings.ToLower(issued(t, es).Code)
	if _, err := d.fin.RedeemVouchers(ctx, off, q); err != nil {
		t.Fatal(err)
	}
}

// 第十五条（三）: 在有效期内使用，过期作废 — redeemable on the last day,
// refused the day after.
func TestVoucherRedeemExpiryDay(t *testing.T) {
	d, off, _ := withVouchers(t, 100_000_00)
	ctx := context.Background()
	es, _ := d.fin.ApplyVouchers(ctx, off, supporttest.Apply(creditCode(t, "00001"), "武汉示范商贸有限公司", contract(support.Legal, 5000_00)...))
	is := issued(t, es)
	d.setDate(t, "2027-01-01")
	off = d.login(t, "2001")
	if _, err := d.fin.RedeemVouchers(ctx, off, redeemer(is, 1, 5000_00)); !errors.Is(err, support.ErrVoucherExpired) {
		t.Fatalf("the day after: %v", err)
	}
	d.setDate(t, "2026-12-31")
	off = d.login(t, "2001")
	if _, err := d.fin.RedeemVouchers(ctx, off, redeemer(is, 1, 5000_00)); err != nil {
		t.Fatalf("the last day: %v", err)
	}
}

// 第十六条: 服务机构凭券、合同结算 — once; 第十五条（四）: a cancelled
// voucher is void, neither redeemed nor settled. Cancelling is an A's,
// with what was found.
func TestVoucherRedeemSettleAndCancel(t *testing.T) {
	d, off, mgr := withVouchers(t, 100_000_00)
	ctx := context.Background()
	es, _ := d.fin.ApplyVouchers(ctx, off, supporttest.Apply(creditCode(t, "00001"), "武汉示范商贸有限公司", contract(support.Legal, 5000_00)...))
	is := issued(t, es)
	r1, err := d.fin.RedeemVouchers(ctx, off, redeemer(is, 1, 5000_00))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.fin.SettleVouchers(ctx, off, r1[0].Ref); err != nil {
		t.Fatal(err)
	}
	if _, err := d.fin.SettleVouchers(ctx, off, r1[0].Ref); !errors.Is(err, support.ErrSettled) {
		t.Fatalf("settled twice: %v", err)
	}
	// Whatever the program above decides, the store settles a redemption once.
	twice := support.RegisterEvent{Kind: support.EventSettle, Year: 2026, Ref: r1[0].Ref, App: is.Ref, Amount: 1000_00, On: "2026-11-23"}
	if err := sqlstore.Finance(d.db).Tx(ctx, func(tx finance.Tx) error { return tx.InsertServiceVoucherEvent("0101", twice) }); err == nil {
		t.Fatal("the store took a second settlement")
	}
	q := redeemer(is, 2, 5000_00)
	q.Numbers = q.Numbers[1:]
	r2, err := d.fin.RedeemVouchers(ctx, off, q)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.fin.CancelVouchers(ctx, off, is.Ref, "虚假合同"); !errors.Is(err, counter.ErrNeedLevelA) {
		t.Fatalf("an officer cancels: %v", err)
	}
	if _, err := d.fin.CancelVouchers(ctx, mgr, is.Ref, "  "); !errors.Is(err, support.ErrCancelReason) {
		t.Fatalf("no reason: %v", err)
	}
	if _, err := d.fin.CancelVouchers(ctx, mgr, is.Ref, "服务合同恶意串通"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.fin.SettleVouchers(ctx, off, r2[0].Ref); !errors.Is(err, support.ErrVoucherCancelled) {
		t.Fatalf("settling a cancelled voucher: %v", err)
	}
	q.Numbers = []string{is.Vouchers[2].Number}
	if _, err := d.fin.RedeemVouchers(ctx, off, q); !errors.Is(err, support.ErrVoucherCancelled) {
		t.Fatalf("redeeming a cancelled voucher: %v", err)
	}
	if _, err := d.fin.CancelVouchers(ctx, mgr, is.Ref, "再次"); !errors.Is(err, support.ErrAlreadyCancelled) {
		t.Fatalf("cancelled twice: %v", err)
	}
	// The settled ¥1,000 stays spent; the rest returns to the budget.
	total, used, left := d.register(t, off).Budget(2026)
	if total != 100_000_00 || used != 1000_00 || left != 99_000_00 {
		t.Fatalf("budget %s %s %s", total, used, left)
	}
	a, _ := d.register(t, off).Application(is.Ref)
	if a.State != support.Cancelled || a.Reason != "服务合同恶意串通" {
		t.Fatalf("application %+v", a)
	}
}

// 第十五条（二）: 按照申报的先后顺序领取，至当期发完为止；已申报未领到的
// 登记备案. An application exactly the budget left is issued; with one
// fen less left it waits, and those after it wait behind it; budget that
// returns issues them in order.
func TestVoucherBudgetQueue(t *testing.T) {
	d, off, mgr := withVouchers(t, 5000_00)
	ctx := context.Background()
	apply := func(n, name string, amount money.Amount) support.RegisterEvent {
		t.Helper()
		es, err := d.fin.ApplyVouchers(ctx, off, supporttest.Apply(creditCode(t, n), name, contract(support.Financing, amount)...))
		if err != nil {
			t.Fatal(err)
		}
		return es[len(es)-1]
	}
	a := apply("00001", "甲公司", 5000_00) // ¥3,000, issued: ¥2,000 left
	if a.Kind != support.EventIssue {
		t.Fatalf("first: %+v", a)
	}
	b := apply("00002", "乙公司", 4166_67) // ¥2,500: waits
	c := apply("00003", "丙公司", 1666_67) // ¥1,000 would fit, but 乙 is first
	if b.Kind != support.EventApply || c.Kind != support.EventApply {
		t.Fatalf("queued: %+v %+v", b, c)
	}
	if _, err := d.fin.AddVoucherBudget(ctx, off, 2026, 1_00); !errors.Is(err, counter.ErrNeedLevelA) {
		t.Fatalf("an officer adds budget: %v", err)
	}
	if _, err := d.fin.AddVoucherBudget(ctx, mgr, 2026, 0); !errors.Is(err, support.ErrBudgetIncrease) {
		t.Fatalf("zero: %v", err)
	}
	// ¥2,499.99 left: one fen short, nothing issued.
	if es, err := d.fin.AddVoucherBudget(ctx, mgr, 2026, 499_99); err != nil || len(es) != 1 {
		t.Fatalf("one fen short: %+v %v", es, err)
	}
	if q := d.register(t, off).Queue(2026); len(q) != 2 || q[0].Name != "乙公司" || q[1].Name != "丙公司" {
		t.Fatalf("queue %+v", q)
	}
	// ¥2,500.00 left, exactly 乙's: 乙 issued, 丙 waits on ¥0.
	es, err := d.fin.AddVoucherBudget(ctx, mgr, 2026, 1)
	if err != nil || len(es) != 2 || es[1].Kind != support.EventIssue || es[1].Ref != b.Ref || es[1].Amount != 2500_00 {
		t.Fatalf("exactly the budget: %+v %v", es, err)
	}
	if _, _, left := d.register(t, off).Budget(2026); left != 0 {
		t.Fatalf("left %s", left)
	}
	// 甲 cancelled for fraud: its ¥3,000 returns and 丙 is issued.
	es, err = d.fin.CancelVouchers(ctx, mgr, a.Ref, "虚构服务合同")
	if err != nil || len(es) != 2 || es[1].Ref != c.Ref || es[1].Kind != support.EventIssue {
		t.Fatalf("after a cancellation: %+v %v", es, err)
	}
	r := d.register(t, off)
	if q := r.Queue(2026); len(q) != 0 {
		t.Fatalf("queue %+v", q)
	}
	if total, used, left := r.Budget(2026); total != 5500_00 || used != 3500_00 || left != 2000_00 {
		t.Fatalf("budget %s %s %s", total, used, left)
	}
	// A waiting enterprise applies once.
	d2, off2, _ := withVouchers(t, 0)
	es, err = d2.fin.ApplyVouchers(ctx, off2, supporttest.Apply(creditCode(t, "00004"), "丁公司", contract(support.Legal, 1000_00)...))
	if err != nil || len(es) != 1 {
		t.Fatalf("no budget: %+v %v", es, err)
	}
	if _, err := d2.fin.ApplyVouchers(ctx, off2, supporttest.Apply(creditCode(t, "00004"), "丁公司", contract(support.Legal, 1000_00)...)); !errors.Is(err, support.ErrVoucherWaiting) {
		t.Fatalf("waiting twice: %v", err)
	}
}

// The support assessment does not ask whether this year's vouchers were
// had: the register answers, whatever the officer says.
func TestVoucherIssueAssessedFromTheRegister(t *testing.T) {
	d, off, mgr := withVouchers(t, 100_000_00)
	ctx := context.Background()
	sv := filled("2001")
	sv.Employees, sv.Revenue = 15, 300*1_000_000 // small
	id := d.collect(t, off, sv)
	answers := support.Answers{Applicant: support.Applicant{Local: support.Yes, Fraud: support.No}, LegalPerson: support.Yes,
		VouchersThisYear: support.Yes, Contracts: contract(support.Legal, 5000_00)}
	a, err := d.fin.Support(ctx, off, id, answers)
	if err != nil {
		t.Fatal(err)
	}
	if r := a.Results[3]; r.Scheme != support.Vouchers || !r.Eligible() || a.Vouchers.Total != 3000_00 {
		t.Fatalf("nothing in the register, the answer 是 ignored: %v %+v", r.Err, a.Vouchers)
	}
	es, err := d.fin.ApplyVouchers(ctx, off, supporttest.Apply(sv.CreditCode, sv.Name, contract(support.Legal, 5000_00)...))
	if err != nil {
		t.Fatal(err)
	}
	answers.VouchersThisYear = support.No
	if a, _ = d.fin.Support(ctx, off, id, answers); !errors.Is(a.Results[3].Err, support.ErrVoucherIssued) {
		t.Fatalf("issued, the answer 否 ignored: %v", a.Results[3].Err)
	}
	// Cancelled for fraud, the year is still had.
	if _, err := d.fin.CancelVouchers(ctx, mgr, issued(t, es).Ref, "虚假合同"); err != nil {
		t.Fatal(err)
	}
	if a, _ = d.fin.Support(ctx, off, id, answers); !errors.Is(a.Results[3].Err, support.ErrVoucherIssued) {
		t.Fatalf("cancelled: %v", a.Results[3].Err)
	}
}

// Applications made at once from several desks never spend more than the
// budget: each decision is taken on the register as the one before left
// it, so ¥1,500 issues three ¥500 applications and the others wait.
func TestVoucherBudgetConcurrentApplications(t *testing.T) {
	d, _, _ := withVouchers(t, 1500_00)
	ctx := context.Background()
	sessions := []*counter.Session{d.login(t, "2001"), d.login(t, "2002")}
	errs := make(chan error, 6)
	var wg sync.WaitGroup
	for i := range 6 {
		code := creditCode(t, fmt.Sprintf("%05d", i+1))
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := d.fin.ApplyVouchers(ctx, sessions[i%2], supporttest.Apply(code, fmt.Sprintf("企业%d", i+1), contract(support.ECommerce, 1000_00)...))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	r := d.register(t, sessions[0])
	if total, used, left := r.Budget(2026); used != 1500_00 || left != 0 || total != 1500_00 {
		t.Fatalf("budget %s %s %s", total, used, left)
	}
	if q := r.Queue(2026); len(q) != 3 {
		t.Fatalf("%d waiting", len(q))
	}
}

// 武汉 第五条: only an enterprise registered here, an independent legal
// person, small or micro by 工信部联企业〔2011〕300号 applies. Refused —
// not registered here, or exactly at the medium bounds of 零售业 (50
// staff, ¥5,000,000) — nothing is written, not even an audit row; one
// person below it is small and accepted, and the row keeps what it was
// accepted on; another officer reads its figures as ranges only.
func TestVoucherApplicantEligibleOnly(t *testing.T) {
	d, off, mgr := withVouchers(t, 100_000_00)
	ctx := context.Background()
	rows, audits := d.voucherRows(t), len(d.voucherAudits(t))
	q := supporttest.Apply(creditCode(t, "00001"), "武汉示范商贸有限公司", contract(support.Legal, 5000_00)...)
	q.Applicant.Local = support.No
	if _, err := d.fin.ApplyVouchers(ctx, off, q); !errors.Is(err, support.ErrNotLocal) {
		t.Fatalf("not registered here: %v", err)
	}
	q.Applicant.Local, q.Applicant.LegalPerson = support.Yes, support.No
	if _, err := d.fin.ApplyVouchers(ctx, off, q); !errors.Is(err, support.ErrNotLegalPerson) {
		t.Fatalf("not a legal person: %v", err)
	}
	q.Applicant.LegalPerson = support.Yes
	q.Applicant.Section, q.Applicant.Division = "F", "52"
	q.Applicant.Employees, q.Applicant.Revenue = support.Give(50), support.Give[money.Amount](500*1_000_000)
	if size, err := d.fin.VoucherSize(q.Applicant); size != enterprise.Medium || !errors.Is(err, support.ErrSize) {
		t.Fatalf("at the medium bound: %s %v", size.Title(), err)
	}
	if _, err := d.fin.ApplyVouchers(ctx, off, q); !errors.Is(err, support.ErrSize) || !strings.Contains(err.Error(), "该企业为中型企业") {
		t.Fatalf("medium: %v", err)
	}
	if d.voucherRows(t) != rows || len(d.voucherAudits(t)) != audits {
		t.Fatal("a refused application left rows")
	}
	q.Applicant.Employees, q.Applicant.Revenue = support.Give(49), support.Give[money.Amount](600*1_000_000)
	q.Applicant.FoundedOn = "2023-11-23"
	es, err := d.fin.ApplyVouchers(ctx, off, q)
	if err != nil {
		t.Fatal(err)
	}
	for who, revenue := range map[*counter.Session]money.Amount{off: 600 * 1_000_000, mgr: 600 * 1_000_000, d.login(t, "2002"): 500 * 1_000_000} {
		a, _ := d.register(t, who).Application(es[0].Ref)
		if a.Size != enterprise.Small || !a.Priority() || a.Applicant == nil || a.Applicant.Division != "52" ||
			a.Applicant.Employees.Value != 49 || a.Applicant.Revenue.Value != revenue {
			t.Fatalf("%s reads %s %v %+v", who.User().ID, a.Size.Title(), a.Priority(), a.Applicant)
		}
	}
	if a := d.voucherAudits(t); !strings.Contains(a[len(a)-2], "零售业，小型企业，创办三年以内") {
		t.Fatalf("audit:\n%s", strings.Join(a, "\n"))
	}
}
