package pipeline

import (
	"errors"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/money"
	"branchdesk/domain/survey"
)

var cst = time.FixedZone("CST", 8*3600)

// wan is 1万元 in fen.
const wan = money.Amount(1_000_000)

// t0 is when the test demand is collected.
var t0 = time.Date(2025, 6, 2, 9, 0, 0, 0, cst)

func product() Product {
	return Product{
		Code: "P01", Name: "惠农e贷", Institution: "农行虎林支行",
		MinAmount: 10 * wan, MaxAmount: 300 * wan, TermMonths: 36,
		Collateral: []survey.Collateral{survey.CollateralProperty, survey.CollateralGuarantee},
		RateBP:     385,
	}
}

// happy is a demand's whole life: collected, matched, in progress with one
// problem raised and solved half an hour later, funded and followed up.
func happy() []Event {
	p := product()
	at := func(h time.Duration) time.Time { return t0.Add(h) }
	return []Event{
		{DemandID: "D1", Stage: Collected, At: at(0), By: "2001", Need: &Need{
			SurveyID: "S-001", Amount: 200 * wan, TermMonths: 12, Purpose: survey.PurposeWorkingCapital,
			Collateral: []survey.Collateral{survey.CollateralProperty}}},
		{DemandID: "D1", Stage: Matched, At: at(24 * time.Hour), By: "2001", Product: &p, Plan: "房产抵押，12个月，按月付息"},
		{DemandID: "D1", Stage: InProgress, At: at(48 * time.Hour), By: "2001"},
		{DemandID: "D1", Stage: InProgress, At: at(49 * time.Hour), By: "2001",
			Problem: &Problem{ID: "1", Action: Raise, Text: "房产证与营业执照地址不一致"}},
		{DemandID: "D1", Stage: InProgress, At: at(49*time.Hour + 30*time.Minute), By: "2002",
			Problem: &Problem{ID: "1", Action: Solve, Text: "由不动产登记中心出具证明"}},
		{DemandID: "D1", Stage: Funded, At: at(72 * time.Hour), By: "2001", FundedAmount: 180 * wan, FundedDate: "2025-06-05"},
		{DemandID: "D1", Stage: FollowedUp, At: at(240 * time.Hour), By: "2001", Satisfaction: 5, Suggestions: "希望放款更快"},
	}
}

func TestReplayWholeLife(t *testing.T) {
	d, err := Replay(happy())
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != "D1" || d.Stage != FollowedUp || d.Officer != "2001" || d.Institution() != "农行虎林支行" ||
		d.Need.Amount != 200*wan || d.FundedAmount != 180*wan || d.FundedDate != "2025-06-05" ||
		d.Satisfaction != 5 || d.Suggestions != "希望放款更快" || len(d.Events) != 7 {
		t.Fatalf("state = %+v", d)
	}
	if len(d.Problems) != 1 || !d.Problems[0].Solved() || d.Problems[0].SolveTime() != 30*time.Minute ||
		d.Problems[0].SolvedBy != "2002" || d.Problems[0].Solution != "由不动产登记中心出具证明" {
		t.Fatalf("problems = %+v", d.Problems)
	}
	if at, ok := d.Entered(Matched); !ok || !at.Equal(t0.Add(24*time.Hour)) {
		t.Errorf("Entered(Matched) = %v, %v", at, ok)
	}
	if _, ok := d.Entered(Declined); ok {
		t.Error("Entered(Declined) on a funded demand")
	}
}

// upTo replays the first n events of happy.
func upTo(t *testing.T, n int) DemandState {
	t.Helper()
	d, err := Replay(happy()[:n])
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestApplyRefuses(t *testing.T) {
	ev := happy()
	later := t0.Add(100 * time.Hour)
	with := func(e Event, f func(*Event)) Event { f(&e); return e }
	funded := func(amount money.Amount, date string) Event {
		return Event{DemandID: "D1", Stage: Funded, At: later, By: "2001", FundedAmount: amount, FundedDate: date}
	}
	badProduct := product()
	badProduct.MaxAmount = badProduct.MinAmount - 1
	cases := []struct {
		name  string
		after int // events of happy applied first
		e     Event
		want  error
		msg   string // the exact message, when it matters
	}{
		// The allowed transitions, RULES §5.
		{"match before collecting", 0, ev[1], ErrBadTransition,
			"融资需求状态不能这样变更：不能从“未登记”转为“已对接”（下一步可为：已收集）"},
		{"fund a collected demand", 1, funded(100*wan, "2025-06-06"), ErrBadTransition,
			"融资需求状态不能这样变更：不能从“已收集”转为“已放款”（下一步可为：已对接）"},
		{"collect twice", 1, with(ev[0], func(e *Event) { e.At = later }), ErrBadTransition, ""},
		{"fund a matched demand", 2, funded(100*wan, "2025-06-06"), ErrBadTransition,
			"融资需求状态不能这样变更：不能从“已对接”转为“已放款”（下一步可为：跟踪办理）"},
		{"follow up before the outcome", 3, with(ev[6], func(e *Event) {}), ErrBadTransition,
			"融资需求状态不能这样变更：不能从“跟踪办理”转为“已回访”（下一步可为：已放款、未获融资）"},
		{"in progress again without a problem", 3, with(ev[2], func(e *Event) { e.At = later }), ErrBadTransition, ""},
		{"decline a funded demand", 6, Event{DemandID: "D1", Stage: Declined, At: later, By: "2001", DeclineReason: "x"}, ErrBadTransition, ""},
		{"anything after the follow-up", 7, with(ev[6], func(e *Event) { e.At = t0.Add(300 * time.Hour) }), ErrBadTransition,
			"融资需求状态不能这样变更：不能从“已回访”转为“已回访”（已办结，不能再变更）"},
		{"unknown stage", 1, Event{DemandID: "D1", Stage: "approved", At: later, By: "2001"}, ErrBadTransition, ""},

		// Every event is the demand's, timed, in order, and signed.
		{"another demand", 1, with(ev[1], func(e *Event) { e.DemandID = "D2" }), ErrWrongDemand, ""},
		{"no demand ID", 0, with(ev[0], func(e *Event) { e.DemandID = " " }), ErrWrongDemand, ""},
		{"no time", 1, with(ev[1], func(e *Event) { e.At = time.Time{} }), ErrNoTime, ""},
		{"before the last event", 1, with(ev[1], func(e *Event) { e.At = t0.Add(-time.Second) }), ErrTimeOrder, ""},
		{"nobody", 1, with(ev[1], func(e *Event) { e.By = "" }), ErrNoActor, ""},

		// What each stage needs.
		{"collect without need", 0, with(ev[0], func(e *Event) { e.Need = nil }), ErrNeed, ""},
		{"collect zero amount", 0, with(ev[0], func(e *Event) { n := *e.Need; n.Amount = 0; e.Need = &n }), ErrNeed, ""},
		{"collect zero term", 0, with(ev[0], func(e *Event) { n := *e.Need; n.TermMonths = 0; e.Need = &n }), ErrNeed, ""},
		{"match without product", 1, with(ev[1], func(e *Event) { e.Product = nil }), ErrNoProduct, ""},
		{"match a broken product", 1, with(ev[1], func(e *Event) { e.Product = &badProduct }), ErrProduct,
			"金融产品信息不完整或有误：额度范围应大于零且下限不高于上限"},
		{"match without plan", 1, with(ev[1], func(e *Event) { e.Plan = " " }), ErrNoPlan, ""},

		// Problems.
		{"problem while matched", 2, with(ev[3], func(e *Event) {}), ErrProblemStage, ""},
		{"problem on a funding event", 3, with(ev[5], func(e *Event) { e.Problem = &Problem{ID: "2", Action: Raise, Text: "x"} }), ErrProblemStage, ""},
		{"problem ID taken", 4, with(ev[3], func(e *Event) { e.At = later }), ErrProblem, "问题记录有误：问题编号“1”已使用"},
		{"problem without text", 3, with(ev[3], func(e *Event) { e.Problem = &Problem{ID: "1", Action: Raise} }), ErrProblem, "问题记录有误：须描述问题"},
		{"problem without ID", 3, with(ev[3], func(e *Event) { e.Problem = &Problem{Action: Raise, Text: "x"} }), ErrProblem, "问题记录有误：缺少问题编号"},
		{"solve an unknown problem", 4, with(ev[4], func(e *Event) { e.Problem = &Problem{ID: "9", Action: Solve, Text: "x"} }), ErrProblem, "问题记录有误：没有编号为“9”的问题"},
		{"solve twice", 5, with(ev[4], func(e *Event) { e.At = later }), ErrProblem, "问题记录有误：问题“1”已解决"},
		{"solve without saying how", 4, with(ev[4], func(e *Event) { e.Problem = &Problem{ID: "1", Action: Solve} }), ErrProblem, "问题记录有误：须说明解决办法"},
		{"neither raise nor solve", 4, with(ev[4], func(e *Event) { e.Problem = &Problem{ID: "1", Text: "x"} }), ErrProblem, "问题记录有误：须注明是提出还是解决问题"},
		{"fund with a problem open", 4, funded(100*wan, "2025-06-06"), ErrOpenProblems, "尚有未解决的问题，不能登记放款（1个）"},

		// Funding: above zero, within the product's 10万–300万, dated.
		{"fund zero", 5, funded(0, "2025-06-06"), ErrFundedAmount, ""},
		{"fund 1 fen below the range", 5, funded(10*wan-1, "2025-06-06"), ErrFundedOutOfRange,
			"放款金额超出对接产品的额度范围（¥100,000.00至¥3,000,000.00）"},
		{"fund 1 fen above the range", 5, funded(300*wan+1, "2025-06-06"), ErrFundedOutOfRange, ""},
		{"fund on no date", 5, funded(100*wan, "2025-6-6"), ErrFundedDate, ""},
		{"fund tomorrow", 5, funded(100*wan, "2025-06-07"), ErrFundedDate, ""}, // later is 2025-06-06 13:00

		// Declining and the follow-up.
		{"decline without reason", 5, Event{DemandID: "D1", Stage: Declined, At: later, By: "2001", DeclineReason: "\t"}, ErrDeclineReason, ""},
		{"satisfaction 0", 6, with(ev[6], func(e *Event) { e.Satisfaction = 0 }), ErrSatisfaction, "满意度评分须为1至5分"},
		{"satisfaction 6", 6, with(ev[6], func(e *Event) { e.Satisfaction = 6 }), ErrSatisfaction, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := upTo(t, c.after)
			got, err := Apply(d, c.e)
			if !errors.Is(err, c.want) {
				t.Fatalf("Apply = %v, want %v", err, c.want)
			}
			if c.msg != "" && err.Error() != c.msg {
				t.Errorf("message = %q\nwant      %q", err, c.msg)
			}
			if got.Stage != d.Stage || len(got.Events) != len(d.Events) {
				t.Errorf("a refused event changed the state: %v → %v", d.Stage, got.Stage)
			}
		})
	}
}

func TestApplyAccepts(t *testing.T) {
	later := t0.Add(100 * time.Hour)
	cases := []struct {
		name  string
		after int
		e     Event
	}{
		{"fund exactly the minimum", 5, Event{DemandID: "D1", Stage: Funded, At: later, By: "2001", FundedAmount: 10 * wan, FundedDate: "2025-06-06"}},
		{"fund exactly the maximum", 5, Event{DemandID: "D1", Stage: Funded, At: later, By: "2001", FundedAmount: 300 * wan, FundedDate: "2025-06-01"}},
		{"decline with a problem open", 4, Event{DemandID: "D1", Stage: Declined, At: later, By: "2001", DeclineReason: "抵押物权属不清"}},
		{"satisfaction 1", 6, Event{DemandID: "D1", Stage: FollowedUp, At: later, By: "2001", Satisfaction: 1}},
		{"same time as the last event", 1, Event{DemandID: "D1", Stage: Matched, At: t0, By: "2001", Product: ptr(product()), Plan: "x"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Apply(upTo(t, c.after), c.e); err != nil {
				t.Fatalf("Apply = %v", err)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// Nothing is overwritten: an earlier state survives later events, and the
// caller's pointers cannot reach into the log.
func TestApplyKeepsHistory(t *testing.T) {
	d := upTo(t, 4) // one problem open
	ev := happy()
	solved, err := Apply(d, ev[4])
	if err != nil {
		t.Fatal(err)
	}
	other, err := Apply(d, Event{DemandID: "D1", Stage: InProgress, At: ev[4].At, By: "2001",
		Problem: &Problem{ID: "2", Action: Raise, Text: "评估报告未出"}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Problems[0].Solved() || len(d.Events) != 4 {
		t.Errorf("the earlier state changed: %+v", d.Problems)
	}
	if !solved.Problems[0].Solved() || len(solved.Problems) != 1 || len(other.Problems) != 2 || other.Problems[0].Solved() {
		t.Errorf("branches share state: solved %+v, other %+v", solved.Problems, other.Problems)
	}
	if solved.Events[4].Problem.Action != Solve || other.Events[4].Problem.Action != Raise {
		t.Error("branches share the event log")
	}

	// The matched product is a copy.
	p := product()
	m, err := Apply(upTo(t, 1), Event{DemandID: "D1", Stage: Matched, At: t0, By: "2001", Product: &p, Plan: "x"})
	if err != nil {
		t.Fatal(err)
	}
	p.MaxAmount, p.Collateral[0] = 1, survey.CollateralIP
	if m.Product.MaxAmount != 300*wan || m.Events[1].Product.Collateral[0] != survey.CollateralProperty {
		t.Error("the caller's product reaches into the log")
	}
}

func TestReplayNamesTheEvent(t *testing.T) {
	ev := happy()
	ev[5].FundedAmount = 0
	d, err := Replay(ev)
	if !errors.Is(err, ErrFundedAmount) || !strings.HasPrefix(err.Error(), "第6条记录：") {
		t.Fatalf("Replay = %v", err)
	}
	if d.Stage != InProgress {
		t.Errorf("Replay stopped at %v, want the state before the refused event", d.Stage)
	}
}

func TestStageNext(t *testing.T) {
	if got := InProgress.Next(); len(got) != 2 || got[0] != Funded || got[1] != Declined {
		t.Errorf("InProgress.Next() = %v", got)
	}
	if got := FollowedUp.Next(); len(got) != 0 {
		t.Errorf("FollowedUp.Next() = %v", got)
	}
}
