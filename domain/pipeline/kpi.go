package pipeline

import (
	"fmt"
	"math/big"
	"strconv"
	"time"

	"branchdesk/domain/money"
)

// Ratio is an exact fraction, kept as two integers so that no rate of money
// ever passes through a float.
type Ratio struct {
	// Num is the numerator, Den the denominator; Den 0 means "no data".
	Num, Den int64
}

// BasisPoints is the ratio in basis points (万分之一), rounded half up:
// 5/8 is 6250. ok is false when Den is 0 or negative.
func (r Ratio) BasisPoints() (bp int64, ok bool) {
	if r.Den <= 0 {
		return 0, false
	}
	// ⌊(2·Num·10000 + Den) / (2·Den)⌋, in big integers: Num may be a sum
	// of amounts in fen, and Num·20000 would overflow int64.
	n := new(big.Int).Mul(big.NewInt(r.Num), big.NewInt(20000))
	n.Add(n, big.NewInt(r.Den))
	n.Div(n, new(big.Int).Mul(big.NewInt(r.Den), big.NewInt(2)))
	return n.Int64(), true
}

// String writes the ratio as a percentage with two decimals, "62.50%", or
// "—" when there is no data.
func (r Ratio) String() string {
	bp, ok := r.BasisPoints()
	if !ok {
		return "—"
	}
	sign := ""
	if bp < 0 {
		sign, bp = "-", -bp
	}
	return fmt.Sprintf("%s%d.%02d%%", sign, bp/100, bp%100)
}

// PercentOnly returns the ratio reduced to its percentage, in basis
// points over 10000 (no data stays no data): the rate without the counts
// or amounts it divides, for a viewer who may not see them.
func (r Ratio) PercentOnly() Ratio {
	if bp, ok := r.BasisPoints(); ok {
		return Ratio{Num: bp, Den: 10000}
	}
	return Ratio{}
}

// KPI is the appraisal of an officer, an institution or the branch over a
// period (RULES §5; 融资业务促成率, 企业满意度, 问题解决效率). Compute says
// exactly what each figure counts.
type KPI struct {
	// Matched counts the demands matched in the period, MatchedAmount sums
	// the amounts they sought.
	Matched       int
	MatchedAmount money.Amount
	// Funded counts those of them funded by the end of the period,
	// FundedAmount sums the amounts lent.
	Funded       int
	FundedAmount money.Amount
	// SuccessByCount is Funded / Matched (融资业务促成率, by count).
	SuccessByCount Ratio
	// SuccessByAmount is FundedAmount / MatchedAmount (by amount). It can
	// exceed 100% when more is lent than was sought.
	SuccessByAmount Ratio
	// FollowUps counts the follow-up visits in the period.
	FollowUps int
	// AvgSatisfaction is their mean score times 100, rounded half up
	// (4.33 is 433); 0 without visits.
	AvgSatisfaction int
	// Satisfaction is the mean score out of 5 as a ratio, the sum of the
	// scores over 5 × FollowUps: 4.5 on average is 90.00%.
	Satisfaction Ratio
	// ProblemsSolved counts the problems solved in the period.
	ProblemsSolved int
	// AvgSolve is their mean time from raised to solved; 0 without any.
	AvgSolve time.Duration
	// Solving tells that problems were solved in the period, so that
	// AvgSolve is a mean; unlike ProblemsSolved it is kept by PercentOnly.
	Solving bool
	// ComplaintsReceived and ComplaintsClosed count the complaints
	// received, and given feedback, in the period.
	ComplaintsReceived, ComplaintsClosed int
	// SurveysFiled is the number of surveys filed in the period, as given
	// (survey.Filed counts them).
	SurveysFiled int
	// Percent tells that the counts and amounts were withheld
	// (PercentOnly): SurveysFiled, Matched, MatchedAmount, Funded,
	// FundedAmount, FollowUps, ProblemsSolved and the complaints read 0
	// and are shown as Withheld; the ratios are percentages.
	Percent bool
}

// Withheld is shown for a count or an amount withheld from the viewer
// (KPI.PercentOnly), never 0; "—" is no data. WithheldNote says so under
// a table that shows it.
const (
	Withheld     = "保密"
	WithheldNote = "“保密”：全行含其他服务官的业务，服务官只见其比率，不见笔数和金额。"
)

// PercentOnly returns k with what an officer may not see of a line that
// counts other officers' work (the branch's; RULES §5 保密) withheld, as
// the quarterly evaluation reduces the branch's line for them
// (appraisal.Row.PercentOnly): the rates (success by count and by amount,
// satisfaction) reduced to their percentages, the mean satisfaction and
// solving time kept, and every count and amount — surveys filed, matched,
// funded, follow-ups, problems solved, complaints — set to 0 and marked
// withheld, so that none can be had by subtracting the officer's own.
func (k KPI) PercentOnly() KPI {
	return KPI{
		SuccessByCount:  k.SuccessByCount.PercentOnly(),
		SuccessByAmount: k.SuccessByAmount.PercentOnly(),
		AvgSatisfaction: k.AvgSatisfaction,
		Satisfaction:    k.Satisfaction.PercentOnly(),
		AvgSolve:        k.AvgSolve,
		Solving:         k.Solving,
		Percent:         true,
	}
}

// Cells are k's figures as a KPI table shows them, after the name: surveys
// filed, matched (count, amount), funded (count, amount), success by count
// and by amount, follow-ups, mean satisfaction, problems solved, mean
// solving hours, complaints received and closed. A withheld figure is
// Withheld, a rate or a mean without data "—".
func (k KPI) Cells() []string {
	count := func(n int) string {
		if k.Percent {
			return Withheld
		}
		return strconv.Itoa(n)
	}
	amount := func(a money.Amount) string {
		if k.Percent {
			return Withheld
		}
		return a.String()
	}
	return []string{
		count(k.SurveysFiled),
		count(k.Matched), amount(k.MatchedAmount),
		count(k.Funded), amount(k.FundedAmount),
		k.SuccessByCount.String(), k.SuccessByAmount.String(),
		count(k.FollowUps), k.satisfactionText(),
		count(k.ProblemsSolved), k.solveHours(),
		count(k.ComplaintsReceived), count(k.ComplaintsClosed),
	}
}

// satisfactionText is the mean score with two decimals, "4.33"; "—"
// without follow-up visits.
func (k KPI) satisfactionText() string {
	if k.Satisfaction.Den <= 0 {
		return "—"
	}
	return fmt.Sprintf("%d.%02d", k.AvgSatisfaction/100, k.AvgSatisfaction%100)
}

// solveHours is the mean solving time in hours to one decimal, rounded
// half up, "26.5"; "—" without solved problems.
func (k KPI) solveHours() string {
	if !k.Solving {
		return "—"
	}
	const tenth = 6 * time.Minute
	t := (k.AvgSolve + tenth/2) / tenth
	return fmt.Sprintf("%d.%d", t/10, t%10)
}

// Compute appraises demands and complaints over the period [from, to):
// from included, to excluded. Pass only those of the officer or
// institution appraised (Scope selects them), or all for the branch.
//
//   - The matched demands are those that entered Matched in the period;
//     MatchedAmount is the sum of the amounts they sought (Need.Amount).
//   - Of these, the funded ones entered Funded before to, whenever they
//     were matched, so a closed period's figures do not change later;
//     FundedAmount sums what was lent to them.
//   - SuccessByCount = Funded / Matched; SuccessByAmount = FundedAmount /
//     MatchedAmount: the amount lent against the amount sought, both over
//     the same matched demands.
//   - AvgSatisfaction averages the scores of the follow-up visits made in
//     the period, of any demand passed.
//   - AvgSolve averages, over problems solved in the period, the time from
//     raised to solved.
//   - ComplaintsReceived counts complaints received in the period,
//     ComplaintsClosed those given feedback in it.
func Compute(demands []DemandState, complaints []Complaint, surveys int, from, to time.Time) KPI {
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	k := KPI{SurveysFiled: surveys}
	var satisfaction int
	var solving time.Duration
	for _, d := range demands {
		if at, ok := d.Entered(Matched); ok && in(at) {
			k.Matched++
			k.MatchedAmount += d.Need.Amount
			if at, ok := d.Entered(Funded); ok && at.Before(to) {
				k.Funded++
				k.FundedAmount += d.FundedAmount
			}
		}
		if at, ok := d.Entered(FollowedUp); ok && in(at) {
			k.FollowUps++
			satisfaction += d.Satisfaction
		}
		for _, p := range d.Problems {
			if p.Solved() && in(p.SolvedAt) {
				k.ProblemsSolved++
				solving += p.SolveTime()
			}
		}
	}
	for _, c := range complaints {
		if at, ok := c.At(Received); ok && in(at) {
			k.ComplaintsReceived++
		}
		if at, ok := c.At(FeedbackGiven); ok && in(at) {
			k.ComplaintsClosed++
		}
	}
	k.SuccessByCount = Ratio{int64(k.Funded), int64(k.Matched)}
	k.SuccessByAmount = Ratio{int64(k.FundedAmount), int64(k.MatchedAmount)}
	k.Satisfaction = Ratio{int64(satisfaction), 5 * int64(k.FollowUps)}
	if k.FollowUps > 0 {
		k.AvgSatisfaction = (satisfaction*200 + k.FollowUps) / (2 * k.FollowUps)
	}
	if k.ProblemsSolved > 0 {
		k.AvgSolve = solving / time.Duration(k.ProblemsSolved)
		k.Solving = true
	}
	return k
}

// Scope selects what an appraisal covers: one officer's work, one
// institution's, both, or, with both empty, the whole branch's.
type Scope struct {
	// Officer is the staff ID of the officer appraised; "" for any.
	Officer string
	// Institution is the institution appraised; "" for any.
	Institution string
}

// Demands returns the demands within the scope: collected by the officer,
// matched with a product of the institution.
func (sc Scope) Demands(ds []DemandState) []DemandState {
	var in []DemandState
	for _, d := range ds {
		if (sc.Officer == "" || d.Officer == sc.Officer) &&
			(sc.Institution == "" || d.Institution() == sc.Institution) {
			in = append(in, d)
		}
	}
	return in
}

// Complaints returns the complaints within the scope: about the officer,
// and about the institution.
func (sc Scope) Complaints(cs []Complaint) []Complaint {
	var in []Complaint
	for _, c := range cs {
		if (sc.Officer == "" || c.Officer == sc.Officer) &&
			(sc.Institution == "" || c.Institution == sc.Institution) {
			in = append(in, c)
		}
	}
	return in
}
