// Package pipeline follows a financing demand from the survey to the
// follow-up visit (RULES §5: collection → matching → tracking → follow-up),
// keeps the register of complaints about the service, and computes the
// officers' and institutions' KPIs.
//
// A demand is an append-only log of timed events: its state is what Replay
// makes of them, and no event is ever changed or removed. Everything here is
// pure: no storage, no screens, no clock but the times passed in.
package pipeline

import (
	"errors"
	"slices"
	"strings"
	"time"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// ProblemRecord is a problem of a demand with when it was raised and solved.
type ProblemRecord struct {
	// ID names the problem within its demand.
	ID string
	// Text is the problem.
	Text string
	// RaisedAt and RaisedBy say when and by whom it was raised.
	RaisedAt time.Time
	RaisedBy string
	// Solution is how it was solved; "" while open.
	Solution string
	// SolvedAt and SolvedBy say when and by whom it was solved; zero while
	// open.
	SolvedAt time.Time
	SolvedBy string
}

// Solved reports whether the problem has been solved.
func (p ProblemRecord) Solved() bool { return !p.SolvedAt.IsZero() }

// SolveTime is how long the problem took to solve; 0 while open.
func (p ProblemRecord) SolveTime() time.Duration {
	if !p.Solved() {
		return 0
	}
	return p.SolvedAt.Sub(p.RaisedAt)
}

// DemandState is what a demand's events add up to.
type DemandState struct {
	// ID is the demand's ID.
	ID string
	// Stage is the current stage; "" before any event.
	Stage Stage
	// Officer is the staff ID of the officer who collected the demand and
	// answers for it in the KPIs.
	Officer string
	// Need is what the enterprise asks for.
	Need Need
	// Product is the product matched; nil before matching.
	Product *Product
	// Plan is the individual financing plan.
	Plan string
	// Problems are the problems raised, in order.
	Problems []ProblemRecord
	// FundedAmount and FundedDate record the loan, once funded.
	FundedAmount money.Amount
	FundedDate   string
	// DeclineReason is why no financing was granted, once declined.
	DeclineReason string
	// Satisfaction and Suggestions come from the follow-up visit.
	Satisfaction int
	Suggestions  string
	// Events is every event applied, oldest first: the demand's history.
	Events []Event
	// Banded tells that the amounts were masked for a viewer who may see
	// only their ranges (each holds its range's floor).
	Banded bool
}

// Figure shows one of the demand's amounts as the viewer may see it: in
// full, or its range when Banded.
func (d DemandState) Figure(a money.Amount) string {
	if d.Banded {
		return enterprise.BandText(a)
	}
	return a.String()
}

// Band returns d with the amount sought and the amount funded, in the
// state and in every event, reduced to their ranges' floors
// (enterprise.BandFloor), marked Banded. d itself is not changed.
func (d DemandState) Band() DemandState {
	d.Need.Amount = enterprise.BandFloor(d.Need.Amount)
	d.FundedAmount = enterprise.BandFloor(d.FundedAmount)
	events := make([]Event, len(d.Events))
	for i, e := range d.Events {
		e = e.clone()
		if e.Need != nil {
			e.Need.Amount = enterprise.BandFloor(e.Need.Amount)
		}
		e.FundedAmount = enterprise.BandFloor(e.FundedAmount)
		events[i] = e
	}
	d.Events, d.Banded = events, true
	return d
}

// Institution is the institution of the matched product; "" before
// matching.
func (d DemandState) Institution() string {
	if d.Product == nil {
		return ""
	}
	return d.Product.Institution
}

// Entered returns when the demand entered stage s, and whether it has.
func (d DemandState) Entered(s Stage) (time.Time, bool) {
	for _, e := range d.Events {
		if e.Stage == s {
			return e.At, true
		}
	}
	return time.Time{}, false
}

// OpenProblems counts the problems not yet solved.
func (d DemandState) OpenProblems() int {
	n := 0
	for _, p := range d.Problems {
		if !p.Solved() {
			n++
		}
	}
	return n
}

// Errors of Apply. Their text is shown to the officer as is.
var (
	// ErrBadTransition refuses a change of stage the pipeline does not
	// allow; it comes as a *TransitionError naming both stages.
	ErrBadTransition = errors.New("融资需求状态不能这样变更")
	// ErrWrongDemand refuses an event of another demand.
	ErrWrongDemand = errors.New("该记录不属于此融资需求")
	// ErrNoTime refuses an event without a time.
	ErrNoTime = errors.New("须记录时间")
	// ErrTimeOrder refuses an event dated before the demand's last one.
	ErrTimeOrder = errors.New("记录时间不能早于上一条记录")
	// ErrNoActor refuses an event without the staff who recorded it.
	ErrNoActor = errors.New("须注明经办人")
	// ErrNeed refuses a collection without a need: an amount above zero
	// and a term of at least a month.
	ErrNeed = errors.New("须登记融资需求：金额大于零，期限至少1个月")
	// ErrNoProduct refuses a match without a product.
	ErrNoProduct = errors.New("须选定对接的金融产品")
	// ErrNoPlan refuses a match without a financing plan.
	ErrNoPlan = errors.New("须填写个性化融资方案")
	// ErrProblemStage refuses a problem outside the tracking stage.
	ErrProblemStage = errors.New("只能在跟踪办理阶段登记问题")
	// ErrProblem refuses a problem event that is incomplete or does not
	// fit the problems already recorded; it is wrapped with the reason.
	ErrProblem = errors.New("问题记录有误")
	// ErrOpenProblems refuses funding while a problem is still open.
	ErrOpenProblems = errors.New("尚有未解决的问题，不能登记放款")
	// ErrFundedAmount refuses a funded amount of zero or less.
	ErrFundedAmount = errors.New("放款金额须大于零")
	// ErrFundedOutOfRange refuses a funded amount outside the matched
	// product's range; it is wrapped with the range.
	ErrFundedOutOfRange = errors.New("放款金额超出对接产品的额度范围")
	// ErrFundedDate refuses a value date that is not a date or is after
	// the day the funding is recorded.
	ErrFundedDate = errors.New("放款日期应为有效日期（如2025-03-15），且不晚于登记当日")
	// ErrDeclineReason refuses a decline without a reason.
	ErrDeclineReason = errors.New("须填写未获融资的原因")
	// ErrSatisfaction refuses a satisfaction score outside 1 to 5.
	ErrSatisfaction = errors.New("满意度评分须为1至5分")
)

// TransitionError reports a change of stage that is not allowed.
// errors.Is(err, ErrBadTransition) holds for it.
type TransitionError struct {
	// From is the demand's stage, To the stage the event asked for.
	From, To Stage
}

// Error names both stages and what may come next, e.g.
// "融资需求状态不能这样变更：不能从“已对接”转为“已放款”（下一步可为：跟踪办理）".
func (e *TransitionError) Error() string { return e.Message().String() }

// Message is the rule, both stages and what may come next.
func (e *TransitionError) Message() msg.Text {
	var titles []string
	for _, s := range next[e.From] {
		titles = append(titles, s.Title())
	}
	allowed := msg.Sprintf("已办结，不能再变更")
	if len(titles) > 0 {
		allowed = msg.Sprintf("下一步可为：%s", msg.Series(titles...))
	}
	return msg.Sprintf("%v：不能从“%s”转为“%s”（%s）", ErrBadTransition, e.From.Title(), e.To.Title(), allowed)
}

// Unwrap returns ErrBadTransition.
func (e *TransitionError) Unwrap() error { return ErrBadTransition }

// Apply returns the state after e, or d unchanged and the reason e is
// refused. The rules:
//
//   - every event names the demand, a time no earlier than the demand's
//     last event, and who recorded it;
//   - the stage moves only along Stage.Next: collected → matched → in
//     progress → funded or declined → followed up;
//   - collection needs a Need; matching a valid Product and a plan;
//   - while in progress, each further event raises a problem (new ID, with
//     a text) or solves an open one (with how); since events are in time
//     order, a problem is never solved before it was raised;
//   - funding needs every problem solved, an amount above zero within the
//     matched product's range, and a value date not after the day it is
//     recorded; declining needs a reason;
//   - the follow-up visit scores satisfaction 1 to 5.
//
// Apply never changes d's slices: an earlier state stays valid.
func Apply(d DemandState, e Event) (DemandState, error) {
	if err := d.check(e); err != nil {
		return d, err
	}
	e = e.clone()
	switch {
	case e.Problem != nil:
		d.Problems = slices.Clone(d.Problems)
		if e.Problem.Action == Raise {
			d.Problems = append(d.Problems, ProblemRecord{
				ID: e.Problem.ID, Text: e.Problem.Text, RaisedAt: e.At, RaisedBy: e.By})
		} else {
			i := d.problem(e.Problem.ID)
			d.Problems[i].Solution, d.Problems[i].SolvedAt, d.Problems[i].SolvedBy = e.Problem.Text, e.At, e.By
		}
	case e.Stage == Collected:
		d.ID, d.Officer, d.Need = e.DemandID, e.By, *e.Need
	case e.Stage == Matched:
		d.Product, d.Plan = e.Product, e.Plan
	case e.Stage == Funded:
		d.FundedAmount, d.FundedDate = e.FundedAmount, e.FundedDate
	case e.Stage == Declined:
		d.DeclineReason = e.DeclineReason
	case e.Stage == FollowedUp:
		d.Satisfaction, d.Suggestions = e.Satisfaction, e.Suggestions
	}
	d.Stage = e.Stage
	d.Events = append(slices.Clip(d.Events), e)
	return d, nil
}

// check holds Apply's rules.
func (d DemandState) check(e Event) error {
	switch {
	case d.Stage != "" && e.DemandID != d.ID || strings.TrimSpace(e.DemandID) == "":
		return ErrWrongDemand
	case e.At.IsZero():
		return ErrNoTime
	case len(d.Events) > 0 && e.At.Before(d.Events[len(d.Events)-1].At):
		return ErrTimeOrder
	case strings.TrimSpace(e.By) == "":
		return ErrNoActor
	}
	if e.Problem != nil {
		if d.Stage != InProgress || e.Stage != InProgress {
			return ErrProblemStage
		}
		return d.checkProblem(*e.Problem)
	}
	if !slices.Contains(next[d.Stage], e.Stage) {
		return &TransitionError{From: d.Stage, To: e.Stage}
	}
	switch e.Stage {
	case Collected:
		if e.Need == nil || e.Need.Amount <= 0 || e.Need.TermMonths < 1 {
			return ErrNeed
		}
	case Matched:
		if e.Product == nil {
			return ErrNoProduct
		}
		if err := e.Product.Validate(); err != nil {
			return err
		}
		if strings.TrimSpace(e.Plan) == "" {
			return ErrNoPlan
		}
	case Funded:
		p := d.Product
		switch {
		case p == nil:
			return ErrNoProduct
		case d.OpenProblems() > 0:
			return msg.Errorf("%w（%d个）", ErrOpenProblems, d.OpenProblems())
		case e.FundedAmount <= 0:
			return ErrFundedAmount
		case e.FundedAmount < p.MinAmount || e.FundedAmount > p.MaxAmount:
			return msg.Errorf("%w（%s至%s）", ErrFundedOutOfRange, p.MinAmount, p.MaxAmount)
		}
		if _, err := time.Parse(time.DateOnly, e.FundedDate); err != nil || e.FundedDate > e.At.Format(time.DateOnly) {
			return ErrFundedDate
		}
	case Declined:
		if strings.TrimSpace(e.DeclineReason) == "" {
			return ErrDeclineReason
		}
	case FollowedUp:
		if e.Satisfaction < 1 || e.Satisfaction > 5 {
			return ErrSatisfaction
		}
	}
	return nil
}

// checkProblem checks a problem event against the problems recorded.
func (d DemandState) checkProblem(p Problem) error {
	bad := func(why msg.Text) error { return msg.Errorf("%w：%s", ErrProblem, why) }
	if strings.TrimSpace(p.ID) == "" {
		return bad(msg.Sprintf("缺少问题编号"))
	}
	i := d.problem(p.ID)
	switch p.Action {
	case Raise:
		if i >= 0 {
			return bad(msg.Sprintf("问题编号“%s”已使用", p.ID))
		}
		if strings.TrimSpace(p.Text) == "" {
			return bad(msg.Sprintf("须描述问题"))
		}
	case Solve:
		if i < 0 {
			return bad(msg.Sprintf("没有编号为“%s”的问题", p.ID))
		}
		if d.Problems[i].Solved() {
			return bad(msg.Sprintf("问题“%s”已解决", p.ID))
		}
		if strings.TrimSpace(p.Text) == "" {
			return bad(msg.Sprintf("须说明解决办法"))
		}
	default:
		return bad(msg.Sprintf("须注明是提出还是解决问题"))
	}
	return nil
}

// problem returns the index of the problem with the given ID, or -1.
func (d DemandState) problem(id string) int {
	return slices.IndexFunc(d.Problems, func(p ProblemRecord) bool { return p.ID == id })
}

// Replay folds a demand's events, oldest first, into its state. It stops
// at the first event refused, naming its place in the log.
func Replay(events []Event) (DemandState, error) {
	var d DemandState
	for i, e := range events {
		var err error
		if d, err = Apply(d, e); err != nil {
			return d, msg.Errorf("第%d条记录：%w", i+1, err)
		}
	}
	return d, nil
}
