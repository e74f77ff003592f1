package support

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// The service-voucher register (服务补贴券登记簿, 武汉 第四条: 记名发放、
// 登记使用、备案管理): every application, issue, redemption, settlement,
// cancellation and budget change is one event appended to it; what an
// enterprise may still do is read from the events, never from an answer.

// RegisterKind is what a register event records.
type RegisterKind string

// The register's events.
const (
	EventApply  RegisterKind = "apply"  // 申请登记
	EventIssue  RegisterKind = "issue"  // 发放
	EventRedeem RegisterKind = "redeem" // 服务机构凭合同兑用
	EventSettle RegisterKind = "settle" // 与服务机构结算
	EventCancel RegisterKind = "cancel" // 弄虚作假，作废
	EventBudget RegisterKind = "budget" // 年度额度增加
)

// Title is the kind in Chinese.
func (k RegisterKind) Title() string {
	switch k {
	case EventApply:
		return "申请登记"
	case EventIssue:
		return "发放"
	case EventRedeem:
		return "兑用"
	case EventSettle:
		return "结算"
	case EventCancel:
		return "作废"
	case EventBudget:
		return "增加额度"
	}
	return string(k)
}

// IssuedVoucher is one named voucher of an issue.
type IssuedVoucher struct {
	// Number is the voucher's number, "<application>-<n>".
	Number string
	Item   ServiceItem
	Face   money.Amount
}

// RegisterEvent is one row of the register.
type RegisterEvent struct {
	Kind RegisterKind
	// Year is the budget year the event belongs to.
	Year int
	// Ref is the application (apply, issue, cancel) or the redemption
	// (redeem, settle); empty for a budget change.
	Ref string
	// App is the application a redemption or settlement is of.
	App string `json:",omitempty"`
	// Code and Name are the enterprise's (apply, redeem: the presenter's).
	Code string `json:",omitempty"`
	Name string `json:",omitempty"`
	// Contracts are an application's service contracts.
	Contracts []Contract `json:",omitempty"`
	// Applicant is what an application was accepted on (第五条) and Size
	// the class the table then gave; both absent on rows from before the
	// register asked, which were accepted without them.
	Applicant *VoucherApplicant `json:",omitempty"`
	Size      enterprise.Size   `json:",omitempty"`
	// Vouchers are an issue's vouchers, Expires the last day they are
	// redeemable.
	Vouchers []IssuedVoucher `json:",omitempty"`
	Expires  string          `json:",omitempty"`
	// Numbers, Institution, ContractNo, Item and ContractAmount describe a
	// redemption against a service institution's contract.
	Numbers        []string     `json:",omitempty"`
	Institution    string       `json:",omitempty"`
	ContractNo     string       `json:",omitempty"`
	Item           ServiceItem  `json:",omitempty"`
	ContractAmount money.Amount `json:",omitempty"`
	// Amount is a redemption's or settlement's face value, an issue's
	// total, or a budget increase.
	Amount money.Amount `json:",omitempty"`
	// Reason is a cancellation's.
	Reason string `json:",omitempty"`
	// On is the business date, By the user, At the moment.
	On string
	By string
	At time.Time
}

// AppState is where an application stands.
type AppState int

// The states of an application.
const (
	Waiting   AppState = iota + 1 // 候补：额度不足，按申请先后等待
	Issued                        // 已发放
	Cancelled                     // 已作废
)

// Title is the state in Chinese.
func (s AppState) Title() string {
	switch s {
	case Waiting:
		return "候补"
	case Issued:
		return "已发放"
	case Cancelled:
		return "已作废"
	}
	return ""
}

// Application is one enterprise's application of a year, as the register
// has it.
type Application struct {
	ID, Code, Name string
	Year           int
	Contracts      []Contract
	// Applicant is what the officer checked (第五条) and Size the class it
	// was accepted as; nil and 0 on applications from before the register
	// asked.
	Applicant *VoucherApplicant
	Size      enterprise.Size
	// By is the officer who registered it.
	By string
	// Plan is what the contracts pay for; Plan.Total is what the budget
	// must hold to issue it.
	Plan      VoucherIssue
	AppliedOn string
	State     AppState
	// WasIssued stays true after a cancellation of an issued application.
	WasIssued bool
	Vouchers  []IssuedVoucher
	IssuedOn  string
	Expires   string
	// Redeemed maps a voucher number to its redemption.
	Redeemed map[string]string
	Reason   string // the cancellation's
}

// Redemption is vouchers used against a service institution's contract.
type Redemption struct {
	ID, App                 string
	Numbers                 []string
	Institution, ContractNo string
	Item                    ServiceItem
	ContractAmount, Amount  money.Amount
	On                      string
	Settled                 bool
	SettledOn               string
}

// Register is the register replayed.
type Register struct {
	budget      map[int]money.Amount
	apps        []*Application
	byID        map[string]*Application
	redemptions []*Redemption
	byRed       map[string]*Redemption
}

// Errors of the register.
var (
	// ErrVoucherWaiting: the enterprise's application of the year waits.
	ErrVoucherWaiting = errors.New("该企业本年度的服务补贴券申请已登记候补，不能重复申请")
	// ErrVoucherFraud: the enterprise's vouchers of the year were cancelled.
	ErrVoucherFraud = errors.New("该企业本年度的服务补贴券因弄虚作假已作废，当年不得再申请")
	// ErrApplicant: an application names the enterprise.
	ErrApplicant = errors.New("申请须填写企业名称和统一社会信用代码")
	// ErrNoApplication: the register has no such application.
	ErrNoApplication = errors.New("登记簿中没有该服务补贴券申请")
	// ErrNotIssued: the application waits; nothing was issued.
	ErrNotIssued = errors.New("该申请尚未发放服务补贴券")
	// ErrVoucherCancelled: cancelled vouchers are void (第十五条（四）).
	ErrVoucherCancelled = errors.New("服务补贴券已作废，不能兑用或结算")
	// ErrNotTransferable: vouchers are named (第四条).
	ErrNotTransferable = errors.New("服务补贴券记名发放，不得转让：持券企业与领券企业不符")
	// ErrVoucherExpired: past the last day (第十五条（三）过期作废).
	ErrVoucherExpired = errors.New("服务补贴券已过有效期，过期作废")
	// ErrVoucherNumber: a number not of the issue, or given twice.
	ErrVoucherNumber = errors.New("券号不属于该企业本次发放，或重复填写")
	// ErrVoucherUsed: a voucher is redeemed once.
	ErrVoucherUsed = errors.New("该服务补贴券已兑用")
	// ErrRedemption: a redemption names the institution and the contract.
	ErrRedemption = errors.New("兑用须填写服务机构、合同编号和合同金额")
	// ErrVoucherItemMismatch: a voucher pays for its own service item.
	ErrVoucherItemMismatch = errors.New("服务补贴券的服务项目与合同不符")
	// ErrContractAmountChanged: a contract redeemed against before keeps
	// the amount it was first recorded with, so the 60% it allows cannot
	// be raised by typing a larger one.
	ErrContractAmountChanged = errors.New("同一服务机构的同一合同，合同金额须与首次兑用时登记的一致")
	// ErrNoRedemption: the register has no such redemption.
	ErrNoRedemption = errors.New("登记簿中没有该兑用记录")
	// ErrSettled: a redemption is settled once (第十六条).
	ErrSettled = errors.New("该兑用已与服务机构结算，不能重复结算")
	// ErrCancelReason: a cancellation says why.
	ErrCancelReason = errors.New("作废服务补贴券须填写弄虚作假的情况")
	// ErrAlreadyCancelled: a cancellation is once.
	ErrAlreadyCancelled = errors.New("该申请已作废")
	// ErrBudgetIncrease: the budget only grows, by a positive amount.
	ErrBudgetIncrease = errors.New("年度额度的增加须为正数")
)

// ReplayRegister reads the events, oldest first.
func ReplayRegister(events []RegisterEvent) (*Register, error) {
	r := &Register{budget: map[int]money.Amount{}, byID: map[string]*Application{}, byRed: map[string]*Redemption{}}
	for _, e := range events {
		if err := r.apply(e); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// apply changes the state by one event; decisions were taken before.
func (r *Register) apply(e RegisterEvent) error {
	switch e.Kind {
	case EventBudget:
		r.budget[e.Year] += e.Amount
		return nil
	case EventApply:
		plan, err := PlanVouchers(e.Contracts)
		if err != nil {
			return msg.Errorf("登记簿 %s：%w", e.Ref, err)
		}
		a := &Application{ID: e.Ref, Code: e.Code, Name: e.Name, Year: e.Year, Contracts: e.Contracts,
			Applicant: e.Applicant, Size: e.Size, By: e.By,
			Plan: plan, AppliedOn: e.On, State: Waiting, Redeemed: map[string]string{}}
		r.apps = append(r.apps, a)
		r.byID[a.ID] = a
		return nil
	case EventRedeem:
		a := r.byID[e.App]
		if a == nil {
			return msg.Errorf("登记簿 %s：%w", e.Ref, ErrNoApplication)
		}
		red := &Redemption{ID: e.Ref, App: e.App, Numbers: e.Numbers, Institution: e.Institution, ContractNo: e.ContractNo,
			Item: e.Item, ContractAmount: e.ContractAmount, Amount: e.Amount, On: e.On}
		for _, n := range e.Numbers {
			a.Redeemed[n] = e.Ref
		}
		r.redemptions = append(r.redemptions, red)
		r.byRed[red.ID] = red
		return nil
	case EventSettle:
		red := r.byRed[e.Ref]
		if red == nil {
			return msg.Errorf("登记簿 %s：%w", e.Ref, ErrNoRedemption)
		}
		red.Settled, red.SettledOn = true, e.On
		return nil
	}
	a := r.byID[e.Ref]
	if a == nil {
		return msg.Errorf("登记簿 %s：%w", e.Ref, ErrNoApplication)
	}
	switch e.Kind {
	case EventIssue:
		a.State, a.WasIssued, a.Vouchers, a.IssuedOn, a.Expires = Issued, true, e.Vouchers, e.On, e.Expires
	case EventCancel:
		a.State, a.Reason = Cancelled, e.Reason
	default:
		return msg.Errorf("登记簿 %s：未知记录 %q", e.Ref, e.Kind)
	}
	return nil
}

// Applications lists the applications of a year in the order they were
// made (0: every year).
func (r *Register) Applications(year int) []Application {
	return r.list(func(a *Application) bool { return year == 0 || a.Year == year })
}

func (r *Register) list(keep func(*Application) bool) []Application {
	var out []Application
	for _, a := range r.apps {
		if keep(a) {
			out = append(out, *a)
		}
	}
	return out
}

// Application is one application.
func (r *Register) Application(id string) (Application, bool) {
	a := r.byID[id]
	if a == nil {
		return Application{}, false
	}
	return *a, true
}

// Redemptions lists the redemptions in the order they were made.
func (r *Register) Redemptions() []Redemption {
	out := make([]Redemption, len(r.redemptions))
	for i, red := range r.redemptions {
		out[i] = *red
	}
	return out
}

// Budget is a year's budget, what issues hold of it and what remains.
// An issue holds its face value; a cancelled one gives back all but what
// was settled with institutions.
func (r *Register) Budget(year int) (total, used, remaining money.Amount) {
	for _, a := range r.apps {
		if a.Year != year || !a.WasIssued {
			continue
		}
		if a.State != Cancelled {
			used += a.Plan.Total
			continue
		}
		for _, red := range r.redemptions {
			if red.App == a.ID && red.Settled {
				used += red.Amount
			}
		}
	}
	total = r.budget[year]
	return total, used, total - used
}

// Queue is the year's waiting applications, first come first.
func (r *Register) Queue(year int) []Application {
	return r.list(func(a *Application) bool { return a.Year == year && a.State == Waiting })
}

// Stamp is who and when, for the events a decision makes.
type Stamp struct {
	On string // the business date, YYYY-MM-DD
	By string
	At time.Time
}

// Year is the year of the business date.
func (s Stamp) Year() (int, error) {
	d, err := time.Parse(time.DateOnly, s.On)
	if err != nil {
		return 0, msg.Errorf("营业日期 %q 不正确", s.On)
	}
	return d.Year(), nil
}

// VoucherExpiry is the last day an issue of the year is redeemable: the
// year's vouchers are of the year's budget and the year's single issue.
func VoucherExpiry(year int) string { return fmt.Sprintf("%04d-12-31", year) }

// record applies events the register decided and returns them.
func (r *Register) record(es ...RegisterEvent) ([]RegisterEvent, error) {
	for _, e := range es {
		if err := r.apply(e); err != nil {
			return nil, err
		}
	}
	return es, nil
}

// Apply registers an enterprise's application for the year of st.On:
// refused when the register already has one of the enterprise that year,
// whatever became of it (第十五条（二）（三）: 每家小微企业每年只能领取一次,
// 无论使用与否当年不得再次领取), and unless the officer checked that it is
// registered here, an independent legal person, and small or micro by
// sizes (第五条; VoucherApplicant.Check lists every condition unmet). The
// row keeps what it was accepted on. Its vouchers are issued at once when
// the year's budget holds their total and nobody waits before it; else it
// waits its turn (先后顺序，登记备案) — founded within three years or not.
func (r *Register) Apply(q ApplyRequest, sizes enterprise.SizeTable, st Stamp) ([]RegisterEvent, error) {
	year, err := st.Year()
	if err != nil {
		return nil, err
	}
	id, code, name, contracts := q.ID, enterprise.NormalizeCreditCode(q.Code), strings.TrimSpace(q.Name), q.Contracts
	if name == "" || code == "" {
		return nil, ErrApplicant
	}
	if err := enterprise.CheckCreditCode(code); err != nil {
		return nil, err
	}
	for _, a := range r.apps {
		if a.Year != year || a.Code != code {
			continue
		}
		switch {
		case a.State == Cancelled:
			return nil, ErrVoucherFraud
		case a.WasIssued:
			return nil, msg.Errorf("%w（%s，%s）", ErrVoucherIssued, a.ID, a.IssuedOn)
		default:
			return nil, msg.Errorf("%w（%s）", ErrVoucherWaiting, a.ID)
		}
	}
	who := q.Applicant.normalized()
	size, err := who.Check(sizes, st.On)
	if err != nil {
		return nil, err
	}
	if _, err := PlanVouchers(contracts); err != nil {
		return nil, err
	}
	out, err := r.record(RegisterEvent{Kind: EventApply, Year: year, Ref: id, Code: code, Name: name, Contracts: contracts,
		Applicant: &who, Size: size, On: st.On, By: st.By, At: st.At})
	if err != nil {
		return nil, err
	}
	return append(out, r.fill(year, st)...), nil
}

// fill issues the year's waiting applications in the order they were made
// while the budget holds the next one; the first that does not fit stops
// the rest (first come, first served).
func (r *Register) fill(year int, st Stamp) []RegisterEvent {
	var out []RegisterEvent
	for _, a := range r.apps {
		if a.Year != year || a.State != Waiting {
			continue
		}
		if _, _, left := r.Budget(year); a.Plan.Total > left {
			break
		}
		vs := make([]IssuedVoucher, len(a.Plan.Vouchers))
		for i, v := range a.Plan.Vouchers {
			vs[i] = IssuedVoucher{Number: a.ID + "-" + strconv.Itoa(i+1), Item: v.Item, Face: v.Face}
		}
		e := RegisterEvent{Kind: EventIssue, Year: year, Ref: a.ID, Code: a.Code, Vouchers: vs, Expires: VoucherExpiry(year),
			Amount: a.Plan.Total, On: st.On, By: st.By, At: st.At}
		_ = r.apply(e) // a.ID is in the register
		out = append(out, e)
	}
	return out
}

// AddBudget increases a year's budget and issues, in order, what now
// fits of the waiting applications.
func (r *Register) AddBudget(year int, amount money.Amount, st Stamp) ([]RegisterEvent, error) {
	if amount <= 0 {
		return nil, ErrBudgetIncrease
	}
	if total, _, _ := r.Budget(year); amount > money.DefaultCeiling || total+amount > money.DefaultCeiling {
		return nil, tooLarge(ErrBudgetIncrease, msg.Sprintf("年度额度"))
	}
	out, err := r.record(RegisterEvent{Kind: EventBudget, Year: year, Amount: amount, On: st.On, By: st.By, At: st.At})
	if err != nil {
		return nil, err
	}
	return append(out, r.fill(year, st)...), nil
}

// RedeemRequest asks to use vouchers of an issue against a service
// institution's contract.
type RedeemRequest struct {
	// ID is the new redemption's id.
	ID string
	// App is the issue; Presenter the credit code of the enterprise that
	// presents the vouchers.
	App, Presenter string
	Numbers        []string
	Institution    string
	ContractNo     string
	Item           ServiceItem
	ContractAmount money.Amount
}

// Redeem uses vouchers against a contract: named vouchers of the
// presenter's own issue (第四条 不得转让), not cancelled, on or before
// their last day, each once, of the contract's service item, and with
// what the contract has taken at most 60% of its amount (第七条); the
// enterprise's redemptions of the year stay within ¥3,000.
func (r *Register) Redeem(q RedeemRequest, st Stamp) ([]RegisterEvent, error) {
	a := r.byID[q.App]
	switch {
	case a == nil:
		return nil, msg.Errorf("%w：%s", ErrNoApplication, q.App)
	case a.State == Cancelled:
		return nil, ErrVoucherCancelled
	case !a.WasIssued:
		return nil, ErrNotIssued
	case enterprise.NormalizeCreditCode(q.Presenter) != a.Code:
		return nil, ErrNotTransferable
	case st.On > a.Expires:
		return nil, msg.Errorf("%w（有效期至 %s）", ErrVoucherExpired, a.Expires)
	case strings.TrimSpace(q.Institution) == "" || strings.TrimSpace(q.ContractNo) == "" || q.ContractAmount <= 0:
		return nil, ErrRedemption
	}
	seen := map[string]bool{}
	var amount money.Amount
	for _, n := range q.Numbers {
		v, ok := a.voucher(n)
		switch {
		case !ok || seen[n]:
			return nil, msg.Errorf("%w：%s", ErrVoucherNumber, n)
		case a.Redeemed[n] != "":
			return nil, msg.Errorf("%w：%s", ErrVoucherUsed, n)
		case v.Item != q.Item:
			return nil, msg.Errorf("%w：%s 为%s", ErrVoucherItemMismatch, n, v.Item.Title())
		}
		seen[n] = true
		amount += v.Face
	}
	if len(q.Numbers) == 0 {
		return nil, msg.Errorf("%w：未填写券号", ErrVoucherNumber)
	}
	if err := (Contract{Item: q.Item, Amount: q.ContractAmount}).check(); err != nil {
		return nil, err
	}
	var onContract, inYear money.Amount
	for _, red := range r.redemptions {
		if red.App != a.ID {
			continue
		}
		inYear += red.Amount
		if red.ContractNo == strings.TrimSpace(q.ContractNo) && red.Institution == strings.TrimSpace(q.Institution) {
			if red.ContractAmount != q.ContractAmount {
				return nil, msg.Errorf("%w（首次登记 %s）", ErrContractAmountChanged, red.ContractAmount)
			}
			onContract += red.Amount
		}
	}
	if limit := ItemLimit(q.ContractAmount); onContract+amount > limit {
		return nil, msg.Errorf("%w：合同 %s，可用 %s，现为 %s", ErrVoucherItem, q.ContractAmount, limit, onContract+amount)
	}
	if err := CheckYearCap(inYear + amount); err != nil {
		return nil, err
	}
	return r.record(RegisterEvent{Kind: EventRedeem, Year: a.Year, Ref: q.ID, App: a.ID, Code: a.Code, Numbers: q.Numbers,
		Institution: strings.TrimSpace(q.Institution), ContractNo: strings.TrimSpace(q.ContractNo), Item: q.Item,
		ContractAmount: q.ContractAmount, Amount: amount, On: st.On, By: st.By, At: st.At})
}

func (a *Application) voucher(n string) (IssuedVoucher, bool) {
	for _, v := range a.Vouchers {
		if v.Number == n {
			return v, true
		}
	}
	return IssuedVoucher{}, false
}

// Settle records the settlement of a redemption with its institution
// (第十六条), once; a cancelled issue's vouchers are not settled.
func (r *Register) Settle(redemption string, st Stamp) ([]RegisterEvent, error) {
	red := r.byRed[redemption]
	switch {
	case red == nil:
		return nil, msg.Errorf("%w：%s", ErrNoRedemption, redemption)
	case red.Settled:
		return nil, msg.Errorf("%w（%s）", ErrSettled, red.SettledOn)
	case r.byID[red.App].State == Cancelled:
		return nil, ErrVoucherCancelled
	}
	a := r.byID[red.App]
	return r.record(RegisterEvent{Kind: EventSettle, Year: a.Year, Ref: red.ID, App: a.ID, Code: a.Code,
		Institution: red.Institution, ContractNo: red.ContractNo, Amount: red.Amount, On: st.On, By: st.By, At: st.At})
}

// Cancel voids an application and its vouchers for fraud, with what was
// found (第十五条（四）); what was not settled returns to the year's
// budget and the waiting applications are issued in order.
func (r *Register) Cancel(app, reason string, st Stamp) ([]RegisterEvent, error) {
	a := r.byID[app]
	reason = strings.TrimSpace(reason)
	switch {
	case a == nil:
		return nil, msg.Errorf("%w：%s", ErrNoApplication, app)
	case a.State == Cancelled:
		return nil, ErrAlreadyCancelled
	case reason == "":
		return nil, ErrCancelReason
	}
	out, err := r.record(RegisterEvent{Kind: EventCancel, Year: a.Year, Ref: a.ID, Code: a.Code, Reason: reason,
		On: st.On, By: st.By, At: st.At})
	if err != nil {
		return nil, err
	}
	return append(out, r.fill(a.Year, st)...), nil
}

// RegisterSummary is a year of the register in figures, for the register's
// PDF and head office's report.
type RegisterSummary struct {
	Year                         int
	Budget, Used, Remaining      money.Amount
	Applications, Waiting        int
	IssuedCount, CancelledCount  int
	Issued                       money.Amount // face value issued, cancelled issues included
	Redemptions, Settlements     int
	Redeemed, Settled, Unsettled money.Amount
}

// Summary sums a year of the register.
func (r *Register) Summary(year int) RegisterSummary {
	s := RegisterSummary{Year: year}
	s.Budget, s.Used, s.Remaining = r.Budget(year)
	for _, a := range r.Applications(year) {
		s.Applications++
		switch {
		case a.State == Waiting:
			s.Waiting++
		case a.State == Cancelled:
			s.CancelledCount++
		}
		if a.WasIssued {
			s.IssuedCount++
			s.Issued += a.Plan.Total
		}
	}
	for _, red := range r.redemptions {
		if r.byID[red.App].Year != year {
			continue
		}
		s.Redemptions++
		s.Redeemed += red.Amount
		if red.Settled {
			s.Settlements++
			s.Settled += red.Amount
		} else if r.byID[red.App].State != Cancelled {
			s.Unsettled += red.Amount
		}
	}
	return s
}

// Years lists the years the register has rows of, oldest first.
func (r *Register) Years() []int {
	seen := map[int]bool{}
	for y := range r.budget {
		seen[y] = true
	}
	for _, a := range r.apps {
		seen[a.Year] = true
	}
	out := make([]int, 0, len(seen))
	for y := range seen {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}
