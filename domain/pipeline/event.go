package pipeline

import (
	"slices"
	"time"

	"branchdesk/domain/money"
)

// Stage is where a demand stands.
type Stage string

// The stages of a demand, in order. A demand ends funded or declined, then
// followed up.
const (
	Collected  Stage = "collected"   // 已收集: the survey is in
	Matched    Stage = "matched"     // 已对接: a product and a plan are chosen
	InProgress Stage = "in-progress" // 跟踪办理: the application is being handled
	Funded     Stage = "funded"      // 已放款
	Declined   Stage = "declined"    // 未获融资
	FollowedUp Stage = "followed-up" // 已回访
)

// Title is the stage in Chinese, e.g. "已对接"; "未登记" for the zero
// stage of a demand with no event yet.
func (s Stage) Title() string {
	switch s {
	case "":
		return "未登记"
	case Collected:
		return "已收集"
	case Matched:
		return "已对接"
	case InProgress:
		return "跟踪办理"
	case Funded:
		return "已放款"
	case Declined:
		return "未获融资"
	case FollowedUp:
		return "已回访"
	}
	return string(s)
}

// next holds the stages each stage may move on to.
var next = map[Stage][]Stage{
	"":         {Collected},
	Collected:  {Matched},
	Matched:    {InProgress},
	InProgress: {Funded, Declined},
	Funded:     {FollowedUp},
	Declined:   {FollowedUp},
}

// Next returns the stages a demand at s may move on to; none after
// FollowedUp. Problems are raised and solved within InProgress.
func (s Stage) Next() []Stage { return slices.Clone(next[s]) }

// ProblemAction says whether a problem event raises a problem or solves it.
type ProblemAction string

// The problem actions.
const (
	Raise ProblemAction = "raise" // 提出
	Solve ProblemAction = "solve" // 解决
)

// Problem is a problem raised, or solved, while a demand is in progress.
type Problem struct {
	// ID names the problem within its demand, e.g. "1".
	ID string
	// Action is Raise or Solve.
	Action ProblemAction
	// Text is the problem, when raised, or how it was solved.
	Text string
}

// Event is one timed change of a demand. Which fields count depends on
// Stage:
//
//	Collected   Need
//	Matched     Product, Plan
//	InProgress  nothing on entering; afterwards each event carries a Problem
//	Funded      FundedAmount, FundedDate
//	Declined    DeclineReason
//	FollowedUp  Satisfaction, Suggestions
type Event struct {
	// DemandID is the demand the event belongs to.
	DemandID string
	// Stage is the stage the demand is in after the event.
	Stage Stage
	// At is when the change was recorded.
	At time.Time
	// By is the staff ID of whoever recorded it.
	By string
	// Need is what the enterprise asks for (Collected).
	Need *Need
	// Product is the catalogue product chosen (Matched).
	Product *Product
	// Plan is the individual financing plan (Matched).
	Plan string
	// Problem is a problem raised or solved (InProgress).
	Problem *Problem
	// FundedAmount is the amount lent (Funded).
	FundedAmount money.Amount
	// FundedDate is the value date of the loan, YYYY-MM-DD (Funded).
	FundedDate string
	// DeclineReason is why no financing was granted (Declined).
	DeclineReason string
	// Satisfaction is the enterprise's score at the follow-up visit, 1 to 5.
	Satisfaction int
	// Suggestions are the enterprise's comments at the visit.
	Suggestions string
}

// clone returns a copy of e that shares nothing with it, so the log cannot
// be changed through the caller's pointers.
func (e Event) clone() Event {
	if e.Need != nil {
		n := *e.Need
		n.Collateral = slices.Clone(n.Collateral)
		e.Need = &n
	}
	if e.Product != nil {
		p := e.Product.clone()
		e.Product = &p
	}
	if e.Problem != nil {
		p := *e.Problem
		e.Problem = &p
	}
	return e
}
