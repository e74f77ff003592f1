package support

import (
	"errors"
	"slices"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/sync"
)

// Answers are what the officer answers at the visit, beyond the survey.
// The zero value answers nothing and qualifies for nothing.
type Answers struct {
	// Applicant holds the conditions of every applicant for support funds.
	Applicant Applicant
	// Encouraged: the enterprise is in an encouraged sector of the city's
	// or county's catalogue (鼓励类, 第十九条).
	Encouraged Answer
	// Founding holds the startup questions (第六条).
	Founding Founding
	// Guarantee holds the guarantee questions (第九条).
	Guarantee Guarantee
	// InterestPaid is the interest the enterprise pays on the loan in a
	// year; the subsidy is never more (第十一条).
	InterestPaid Given[money.Amount]
	// LegalPerson: the enterprise is an independent legal person
	// (具有独立法人资格), which service vouchers ask (武汉 第五条).
	LegalPerson Answer
	// VouchersThisYear: the enterprise has already received service
	// vouchers this year (武汉 第十五条).
	VouchersThisYear Answer
	// Contracts are its service contracts with signed service
	// institutions this year.
	Contracts []Contract
}

// Case is a demand to assess: what the survey says and the officer
// answered, the branch's base-rate table and the day.
type Case struct {
	// Size is the enterprise's size from the survey; 0 when it cannot be
	// worked out, with SizeErr saying why.
	Size    enterprise.Size
	SizeErr error
	// Amount and Months are the loan sought and its term. An amount above
	// money.DefaultCeiling is refused, as the counter refuses it.
	Amount money.Amount
	Months int
	// On is the day of the assessment, YYYY-MM-DD.
	On string
	// Rates is the base-rate table head office sent down; empty if none.
	Rates []sync.Rate
	// Answers are the officer's.
	Answers Answers
}

// ErrSize reports an enterprise of a size the scheme is not for.
var ErrSize = errors.New("企业规模不符")

// sizeIs is nil when c's size is one of want, else an ErrSize reason.
func (c Case) sizeIs(want ...enterprise.Size) error { return sizeIs(c.Size, c.SizeErr, want...) }

// sizeIs is nil when size is one of want, else an ErrSize reason; size 0
// is a size that could not be worked out, sizeErr saying why.
func sizeIs(size enterprise.Size, sizeErr error, want ...enterprise.Size) error {
	names := make([]string, len(want))
	for i, s := range want {
		names[i] = s.Title()
	}
	need := msg.Sprintf("须为%s企业", msg.Series(names...))
	switch {
	case size == 0 && sizeErr != nil:
		return msg.Errorf("%w：%s，规模无法确定（%w）", ErrSize, need, sizeErr)
	case size == 0:
		return msg.Errorf("%w：%s，规模无法确定", ErrSize, need)
	case !slices.Contains(want, size):
		return msg.Errorf("%w：%s，该企业为%s企业", ErrSize, need, size.Title())
	}
	return nil
}

// loanAmount is nil when the loan sought has an amount within the
// ceiling, else an ErrLoan reason.
func (c Case) loanAmount() error {
	switch {
	case c.Amount <= 0:
		return ErrLoan
	case c.Amount > money.DefaultCeiling:
		return tooLarge(ErrLoan, msg.Sprintf("拟融资"))
	}
	return nil
}

// encouraged is the encouraged-sector condition of the startup support
// and the interest subsidy.
func (c Case) encouraged() error {
	return require(c.Answers.Encouraged, ErrEncouraged, msg.Sprintf("是否属于鼓励类产业"))
}

// ErrEncouraged: the startup support and the interest subsidy are for
// enterprises of encouraged sectors (第六条、第十一条、第十九条).
var ErrEncouraged = errors.New("须为鼓励类产业（如科技创新、电子商务、节能环保、文化创意、特色效益农业）")

// Result is one scheme's outcome.
type Result struct {
	// Scheme is the scheme assessed.
	Scheme Scheme
	// Err is nil when the enterprise can claim it, else an *Unmet listing
	// every condition unmet, or the error that kept it from being worked
	// out.
	Err error
}

// Eligible reports whether the enterprise can claim the scheme.
func (r Result) Eligible() bool { return r.Err == nil }

// Assessment is which support the enterprise can claim, and how much.
// The figures of a scheme are meaningful only when its Result is
// eligible.
type Assessment struct {
	// Size is the enterprise's size.
	Size enterprise.Size
	// Base is the base rate of the loan's term on the day, with BaseErr
	// saying why there is none (ErrNoRateTable before head office sends
	// a table).
	Base    sync.Rate
	BaseErr error
	// Startup is the startup loan on offer.
	Startup StartupLoan
	// GuaranteeSubsidy is what the guarantee institution gets.
	GuaranteeSubsidy money.Amount
	// Subsidy is the estimated interest subsidy.
	Subsidy Subsidy
	// Vouchers are the service vouchers the enterprise can receive.
	Vouchers VoucherIssue
	// Results hold every scheme's outcome, in Schemes order.
	Results []Result
}

// Assess works out every scheme for the case.
func Assess(c Case) Assessment {
	a := Assessment{Size: c.Size}
	a.Base, a.BaseErr = BaseRate(c.Rates, c.Months, c.On)
	var errs [4]error
	a.Startup, errs[0] = StartupSupport(c)
	a.GuaranteeSubsidy, errs[1] = GuaranteeSubsidy(c)
	a.Subsidy, errs[2] = InterestSubsidy(c)
	a.Vouchers, errs[3] = ServiceVouchers(c)
	for i, s := range Schemes() {
		a.Results = append(a.Results, Result{Scheme: s, Err: errs[i]})
	}
	return a
}
