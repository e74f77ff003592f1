package support

import (
	"errors"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/sync"
)

// Terms of the interest subsidy (第十一条).
const (
	// SubsidyMonths is the longest time subsidised: two years.
	SubsidyMonths = 24
	// SubsidySharePercent is the most of the base rate subsidised: 50%.
	SubsidySharePercent = 50
)

// SubsidyCap is the most subsidy a year: ¥200,000 for a small enterprise,
// ¥100,000 for a micro one; 0 for any other size, which has none.
func SubsidyCap(s enterprise.Size) money.Amount {
	switch s {
	case enterprise.Small:
		return 200_000_00
	case enterprise.Micro:
		return 100_000_00
	}
	return 0
}

// Errors of the interest subsidy. Each reason of an *Unmet wraps one.
var (
	// ErrInterestPaid reports an interest subsidy asked without the
	// interest the enterprise pays, which bounds it.
	ErrInterestPaid = errors.New("须填写企业每年实付利息（贴息不超过实付利息）")
	// ErrNoInterestPaid: no interest paid, nothing to subsidise (第十一条).
	ErrNoInterestPaid = errors.New("实付利息为零，无可贴息")
	// ErrNoSubsidy: half the base rate on the loan rounds down to nothing.
	ErrNoSubsidy = errors.New("按同期限基准利率的50%测算贴息不足1分，无可贴息")
)

// Year is one year of a subsidised loan.
type Year struct {
	// Months is how many months of the year the loan ran, 1 to 12.
	Months int
	// Balance is the principal the subsidy is worked out on.
	Balance money.Amount
	// InterestPaid is the interest the enterprise paid in those months.
	InterestPaid money.Amount
	// Due is half the base rate on Balance for Months, rounded down.
	Due money.Amount
	// Subsidy is Due after the yearly cap and the interest paid.
	Subsidy money.Amount
}

// Subsidy is an interest subsidy worked out year by year.
type Subsidy struct {
	// Base is the base rate of the loan's term that was halved.
	Base sync.Rate
	// Years are the subsidised years, at most two.
	Years []Year
	// Total is the subsidy of every year.
	Total money.Amount
}

// InterestSubsidy estimates the interest subsidy (第十一条) on the loan
// sought: for at most two years, at most half the base rate of the same
// term on the loan's principal, at most ¥200,000 a year for a small
// enterprise and ¥100,000 for a micro one, and never more than the
// interest paid, for a small or micro enterprise of an encouraged sector
// that meets the applicant conditions. Each year is rounded down to the
// fen: public money is never paid out rounded up. The interest paid is
// what the officer gave for a year, a shorter year getting its share by
// month. A subsidy of ¥0.00 (nothing paid, or a loan too small) is
// nothing to claim: it is refused with its reason (ErrNoInterestPaid,
// ErrNoSubsidy). The error is an *Unmet listing every condition unmet;
// the base rate's own errors (ErrNoRateTable, *NoRateError) are among
// them.
func InterestSubsidy(c Case) (Subsidy, error) {
	u := unmet{scheme: Interest}
	u.add(c.sizeIs(enterprise.Small, enterprise.Micro))
	u.add(c.encouraged())
	for _, err := range c.Answers.Applicant.Check(c.On) {
		u.add(err)
	}
	paid := c.Answers.InterestPaid
	switch {
	case !paid.OK || paid.Value < 0:
		u.add(ErrInterestPaid)
	case paid.Value > money.DefaultCeiling:
		u.add(tooLarge(ErrInterestPaid, msg.Sprintf("每年实付利息")))
	case paid.Value == 0:
		u.add(ErrNoInterestPaid)
	}
	u.add(c.loanAmount())
	base, err := BaseRate(c.Rates, c.Months, c.On)
	u.add(err)
	if err := u.err(); err != nil {
		return Subsidy{}, err
	}
	s := Subsidy{Base: base}
	capYear := SubsidyCap(c.Size)
	for left := min(c.Months, SubsidyMonths); left > 0; left -= 12 {
		y := Year{Months: min(left, 12), Balance: c.Amount}
		// Principal × rate × share × months / 12, in one division so
		// only the result is rounded; the ceiling (< 10¹² fen, checked
		// above) × 10⁴ bp × 50 × 12 fits.
		y.Due = y.Balance * money.Amount(int64(base.RateBP)*SubsidySharePercent*int64(y.Months)) / (10000 * 100 * 12)
		y.InterestPaid = paid.Value * money.Amount(y.Months) / 12
		y.Subsidy = min(y.Due, capYear, y.InterestPaid)
		s.Years = append(s.Years, y)
		s.Total += y.Subsidy
	}
	if s.Total == 0 {
		// ¥0.00 is nothing to claim.
		return Subsidy{}, &Unmet{Scheme: Interest, Reasons: []error{ErrNoSubsidy}}
	}
	return s, nil
}
