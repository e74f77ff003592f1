package support

import (
	"errors"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/sync"
)

// Limits of the micro-enterprise startup support (第六条、第七条). "以下"
// and "以内" include the number here, as the rules quote them.
const (
	// StartupMaxStaff is the most staff, investors included.
	StartupMaxStaff = 20
	// StartupMaxInvestment is the most the founder may have invested.
	StartupMaxInvestment money.Amount = 150_000_00
	// StartupMaxLoan is the largest startup loan.
	StartupMaxLoan money.Amount = 150_000_00
	// StartupLoanMonths is the startup loan's term: 第七条 offers a
	// "2年期" loan, a fixed two years, not "up to two years".
	StartupLoanMonths = 24
	// StartupRewardBP is the lending bank's reward on the amount lent: one
	// percentage point.
	StartupRewardBP = 100
)

// Errors of the startup support. Each reason of an *Unmet wraps one.
var (
	// ErrStaff: at most 20 staff, investors included (第六条); the
	// investors being staff, at least one.
	ErrStaff = errors.New("雇员（含投资者）须为1至20人（含20人）")
	// ErrInvestment: more than nothing and at most ¥150,000 invested by the
	// founder (第六条).
	ErrInvestment = errors.New("创业者投资金额须大于零且在15万元以下（含15万元）")
	// ErrLicence: the licence is marked 微型企业 (第六条).
	ErrLicence = errors.New("营业执照须标注“微型企业”字样")
	// ErrFounder: the founder is of a key group (第六条).
	ErrFounder = errors.New("创业者须为高校毕业生、返乡农民工、失业人员或军队复员人员")
)

// Founding is what the officer answers about a micro enterprise's start
// (第六条).
type Founding struct {
	// Staff is the headcount, investors included.
	Staff Given[int]
	// Investment is what the founder invested.
	Investment Given[money.Amount]
	// Licence: the business licence is marked 微型企业.
	Licence Answer
	// Founder is the founder's group.
	Founder Founder
}

// StartupLoan is the startup loan an eligible micro enterprise can get.
type StartupLoan struct {
	// Amount is the loan: the amount sought, at most StartupMaxLoan.
	Amount money.Amount
	// Capped reports that the amount sought was more.
	Capped bool
	// Months is the term: always StartupLoanMonths, whatever the term
	// sought.
	Months int
	// Base is the base rate of the loan's own term (同期限, two years),
	// the loan's rate, with BaseErr saying why there is none.
	Base    sync.Rate
	BaseErr error
	// Reward is the lending bank's reward, one point of Amount, rounded
	// down to the fen.
	Reward money.Amount
}

// StartupSupport works out the startup loan (第六条、第七条): at most
// ¥150,000 for two years at the base rate of two years, whatever the
// term the demand sought, for a micro enterprise of 1 to 20 staff with
// investors, more than nothing and at most ¥150,000 invested, a licence
// marked 微型企业, a founder of a key group and an encouraged sector, that
// meets the applicant conditions. The error is an *Unmet listing every
// condition unmet.
func StartupSupport(c Case) (StartupLoan, error) {
	f := c.Answers.Founding
	u := unmet{scheme: Startup}
	switch {
	case !f.Staff.OK:
		u.add(&UnansweredError{Cond: ErrStaff, Question: msg.Sprintf("雇员（含投资者）人数")})
	case f.Staff.Value < 1 || f.Staff.Value > StartupMaxStaff:
		u.add(msg.Errorf("%w，现为%d人", ErrStaff, f.Staff.Value))
	}
	switch {
	case !f.Investment.OK:
		u.add(&UnansweredError{Cond: ErrInvestment, Question: msg.Sprintf("创业者投资金额")})
	case f.Investment.Value > money.DefaultCeiling:
		u.add(tooLarge(ErrInvestment, msg.Sprintf("创业者投资")))
	case f.Investment.Value <= 0 || f.Investment.Value > StartupMaxInvestment:
		u.add(msg.Errorf("%w，现为%s", ErrInvestment, f.Investment.Value))
	}
	u.add(require(f.Licence, ErrLicence, msg.Sprintf("营业执照是否标注“微型企业”字样")))
	switch {
	case f.Founder == 0:
		u.add(&UnansweredError{Cond: ErrFounder, Question: msg.Sprintf("创业者所属人群")})
	case !f.Founder.Key():
		u.add(msg.Errorf("%w，现为%s", ErrFounder, f.Founder.Title()))
	}
	u.add(c.encouraged())
	for _, err := range c.Answers.Applicant.Check(c.On) {
		u.add(err)
	}
	if err := c.loanAmount(); err != nil {
		u.add(err)
	} else if c.Months < 1 {
		u.add(ErrLoan)
	}
	if err := u.err(); err != nil {
		return StartupLoan{}, err
	}
	l := StartupLoan{Amount: min(c.Amount, StartupMaxLoan), Capped: c.Amount > StartupMaxLoan, Months: StartupLoanMonths}
	// 同期限: the rate of the loan's two years, not of the term sought.
	l.Base, l.BaseErr = BaseRate(c.Rates, l.Months, c.On)
	l.Reward = points(l.Amount, StartupRewardBP)
	return l, nil
}

// ErrLoan reports a demand without an amount or a term.
var ErrLoan = errors.New("融资需求须有金额和期限")

// points is bp basis points of a, rounded down to the fen: what public
// money pays out is never rounded up.
func points(a money.Amount, bp int64) money.Amount {
	return a * money.Amount(bp) / 10000
}
