package appraisal

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"branchdesk/domain/pipeline"
	"branchdesk/domain/survey"
	"branchdesk/domain/target"
)

var cst = time.FixedZone("CST", 8*3600)

func at(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, cst) }

var q4 = Quarter{2026, 4}

// after is an evaluation made long after the quarter closed.
var after = at(12, 31, 0).AddDate(0, 2, 0)

// TestQuarterBounds: 第十四条 每季度末评价 — a quarter runs from its first
// day 00:00 to its last day's end; the day before and the day after belong
// to the neighbours.
func TestQuarterBounds(t *testing.T) {
	for _, c := range []struct {
		q           Quarter
		first, last string
	}{
		{Quarter{2026, 1}, "2026-01-01", "2026-03-31"},
		{Quarter{2026, 2}, "2026-04-01", "2026-06-30"},
		{Quarter{2026, 3}, "2026-07-01", "2026-09-30"},
		{Quarter{2026, 4}, "2026-10-01", "2026-12-31"},
		{Quarter{2028, 1}, "2028-01-01", "2028-03-31"},
	} {
		if f, l := c.q.Days(); f != c.first || l != c.last {
			t.Errorf("%v: %s to %s, want %s to %s", c.q, f, l, c.first, c.last)
		}
		from, to := c.q.Bounds(cst)
		if Of(from) != c.q || Of(to.Add(-time.Nanosecond)) != c.q || Of(from.Add(-time.Nanosecond)) == c.q || Of(to) == c.q {
			t.Errorf("%v: bounds %v – %v", c.q, from, to)
		}
	}
	if got := q4.String(); got != "2026年第4季度" {
		t.Errorf("title %q", got)
	}
	for _, bad := range [][2]int{{2026, 0}, {2026, 5}, {1999, 1}, {2100, 1}} {
		if _, err := NewQuarter(bad[0], bad[1]); !errors.Is(err, ErrQuarter) {
			t.Errorf("%v accepted: %v", bad, err)
		}
	}
	if q, err := NewQuarter(2026, 4); err != nil || q != q4 {
		t.Errorf("2026 Q4: %v %v", q, err)
	}
}

// TestQuarterWeightsSumTo100: head office's weights must add up to 100 —
// 99 and 101 are refused with the sum named, and so are a missing or an
// unknown measure and a weight out of 0–100.
func TestQuarterWeightsSumTo100(t *testing.T) {
	if err := DefaultWeights().Validate(); err != nil {
		t.Fatalf("default weights: %v", err)
	}
	for _, c := range []struct {
		delta int
		ok    bool
	}{{-1, false}, {0, true}, {1, false}} {
		w := DefaultWeights()
		w[Success] += c.delta
		err := w.Validate()
		if c.ok != (err == nil) || (!c.ok && !errors.Is(err, ErrWeights)) {
			t.Errorf("sum %d: %v", 100+c.delta, err)
		}
		if !c.ok {
			wantIn(t, err.Error(), "合计须为 100")
		}
	}
	w := DefaultWeights()
	delete(w, Complaints)
	w[Success] += 10
	if err := w.Validate(); err == nil {
		t.Error("a missing measure accepted")
	} else {
		wantIn(t, err.Error(), "缺少投诉及时办结率")
	}
	w = DefaultWeights()
	w["speed"] = 0
	if err := w.Validate(); err == nil {
		t.Error("an unknown measure accepted")
	}
	w = Weights{Coverage: 101, DailyLog: -1, WeeklyClear: 0, Success: 0, Satisfaction: 0, Complaints: 0}
	if err := w.Validate(); err == nil {
		t.Error("101 and -1 accepted")
	}
}

func wantIn(t *testing.T, s, sub string) {
	t.Helper()
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return
		}
	}
	t.Errorf("%q does not say %q", s, sub)
}

func ev(stage pipeline.Stage, when time.Time) pipeline.Event {
	return pipeline.Event{Stage: stage, At: when}
}

// TestQuarterListCoverage: a marketed target counts as covered when it was
// logged or surveyed (same credit code, visit dated) in the quarter; the
// first and the last day count, the days outside do not; 审慎、退出类 are
// not on the denominator.
func TestQuarterListCoverage(t *testing.T) {
	recs := Records{
		Targets: []target.Target{
			{ID: "T1", Officer: "2001", Class: target.Preferred},
			{ID: "T2", Officer: "2001", Class: target.Normal, CreditCode: "91420100MA4K0000X1"},
			{ID: "T3", Officer: "2001", Class: target.Normal},
			{ID: "T4", Officer: "2001", Class: target.Normal},
			{ID: "T5", Officer: "2001", Class: target.Exit},
			{ID: "T6", Officer: "2002", Class: target.Normal},
		},
		Logs: []target.Log{
			{Target: "T1", Date: "2026-10-01", Officer: "2001"},
			{Target: "T3", Date: "2026-09-30", Officer: "2001"}, // the day before
			{Target: "T4", Date: "2027-01-01", Officer: "2001"}, // the day after
			{Target: "T5", Date: "2026-11-01", Officer: "2001"},
		},
		Surveys: []survey.Record{{ID: "S1", Version: 1, Survey: survey.Survey{CreditCode: "91420100ma4k0000x1", SurveyDate: "2026-12-31", OfficerID: "2001"}}},
	}
	r := Evaluate(recs, "2001", q4, cst, after)
	if got := r.Ratios[Coverage]; got != (pipeline.Ratio{Num: 2, Den: 4}) {
		t.Fatalf("2001 coverage %v, want 2/4", got)
	}
	if got := Evaluate(recs, "", q4, cst, after).Ratios[Coverage]; got != (pipeline.Ratio{Num: 2, Den: 5}) {
		t.Fatalf("branch coverage %v, want 2/5", got)
	}
	if got := Cell(Evaluate(recs, "2002", q4, cst, after).Ratios[Coverage]); got != "0/1（0.00%）" {
		t.Fatalf("2002 coverage %q", got)
	}
}

// TestQuarterDailyLog: 日登 (第八条(五), the 日登 button) — each week of
// the quarter that is over, each marketed target on the list at the
// week's end counts once, and is complete with a log dated in the week: a
// log on the week's last day counts for it, one the day after for the
// next week; a target listed in the third week counts from it; the week
// running at asOf is not counted yet.
func TestQuarterDailyLog(t *testing.T) {
	recs := Records{
		Targets: []target.Target{
			{ID: "T1", Officer: "2001", Class: target.Preferred, Listed: "2026-09-01"},
			{ID: "T2", Officer: "2001", Class: target.Normal, Listed: "2026-10-15"}, // week 3 (10-15 … 10-21)
			{ID: "T3", Officer: "2001", Class: target.Exit, Listed: "2026-09-01"},
		},
		Logs: []target.Log{
			{Target: "T1", Date: "2026-10-07"}, // week 1's last day
			{Target: "T1", Date: "2026-10-08"}, // week 2's first day
			{Target: "T2", Date: "2026-10-21"}, // week 3's last day
			{Target: "T3", Date: "2026-10-02"},
		},
	}
	// On 10-21 week 3 is still running: weeks 1–2 of T1, 2/2.
	if got := Evaluate(recs, "2001", q4, cst, at(10, 21, 18)).Ratios[DailyLog]; got != (pipeline.Ratio{Num: 2, Den: 2}) {
		t.Fatalf("日登 on 10-21 %v, want 2/2", got)
	}
	// On 10-22 week 3 is over: T1 not logged in it, T2 logged: 3/4.
	if got := Evaluate(recs, "2001", q4, cst, at(10, 22, 0)).Ratios[DailyLog]; got != (pipeline.Ratio{Num: 3, Den: 4}) {
		t.Fatalf("日登 on 10-22 %v, want 3/4", got)
	}
	// After the quarter: 14 weeks (the last one the 31st alone) of T1 and
	// 12 of T2, 3 of them logged.
	if got := Evaluate(recs, "2001", q4, cst, after).Ratios[DailyLog]; got != (pipeline.Ratio{Num: 3, Den: 26}) {
		t.Fatalf("日登 after the quarter %v, want 3/26", got)
	}
}

// TestQuarterWeeklyClear: 周清 — a marketed target whose 营销时限 falls in
// the quarter is cleared on time when logged in its due week (the 7 days
// ending on the deadline, target.WeekDue's): a log on the deadline or 6
// days before is on time, 7 days before or the day after is not; a
// deadline not yet over at asOf, or outside the quarter, is not counted.
func TestQuarterWeeklyClear(t *testing.T) {
	tg := func(id, deadline string) target.Target {
		return target.Target{ID: id, Officer: "2001", Class: target.Normal, Deadline: deadline}
	}
	recs := Records{
		Targets: []target.Target{tg("T1", "2026-11-10"), tg("T2", "2026-11-10"), tg("T3", "2026-11-10"), tg("T4", "2026-11-10"),
			tg("T5", "2026-12-31"), tg("T6", "2027-01-05")},
		Logs: []target.Log{
			{Target: "T1", Date: "2026-11-10"}, // on the deadline
			{Target: "T2", Date: "2026-11-04"}, // 6 days before
			{Target: "T3", Date: "2026-11-03"}, // 7 days before
			{Target: "T4", Date: "2026-11-11"}, // the day after
			{Target: "T5", Date: "2026-12-25"},
		},
	}
	if got := Evaluate(recs, "2001", q4, cst, at(12, 31, 18)).Ratios[WeeklyClear]; got != (pipeline.Ratio{Num: 2, Den: 4}) {
		t.Fatalf("周清 on 12-31 %v, want 2/4", got)
	}
	if got := Evaluate(recs, "2001", q4, cst, after).Ratios[WeeklyClear]; got != (pipeline.Ratio{Num: 3, Den: 5}) {
		t.Fatalf("周清 after the quarter %v, want 3/5", got)
	}
	// WeekDue lists exactly the days that clear it.
	for _, c := range []struct {
		day  string
		want bool
	}{{"2026-11-03", false}, {"2026-11-04", true}, {"2026-11-10", true}, {"2026-11-11", false}} {
		d, _ := time.Parse(time.DateOnly, c.day)
		listed := len(target.WeekDue([]target.Target{tg("T1", "2026-11-10")}, nil, d)) == 1 && c.day <= "2026-11-10"
		if listed != c.want || tg("T1", "2026-11-10").DueWeekOf(c.day) != c.want {
			t.Errorf("%s: listed %v, due week %v", c.day, listed, c.want)
		}
	}
}

// TestQuarterSuccessWindow: 促成率 — a demand matched late in the quarter
// counts as promoted when funded within FundingWindow of the match, even
// in the next quarter: exactly at the window's end is in time, a second
// later is not; one unfunded while its window is open is left out, and
// counted once it has passed; one declined counts at once.
func TestQuarterSuccessWindow(t *testing.T) {
	m := at(12, 20, 9)
	end := m.Add(FundingWindow)
	demand := func(last pipeline.Stage, when time.Time) pipeline.DemandState {
		es := []pipeline.Event{ev(pipeline.Collected, m), ev(pipeline.Matched, m)}
		if last != "" {
			es = append(es, ev(pipeline.InProgress, m), ev(last, when))
		}
		return pipeline.DemandState{Officer: "2001", Events: es}
	}
	recs := Records{Demands: []pipeline.DemandState{
		demand(pipeline.Funded, end),                  // at the window's end
		demand(pipeline.Funded, end.Add(time.Second)), // a second late
		demand(pipeline.Declined, m.Add(time.Hour)),   // declined at once
		demand("", time.Time{}),                       // still open
	}}
	for _, c := range []struct {
		asOf time.Time
		want pipeline.Ratio
	}{
		{m.Add(2 * time.Hour), pipeline.Ratio{Num: 0, Den: 1}}, // only the declined one is settled
		{end, pipeline.Ratio{Num: 1, Den: 2}},
		{end.Add(time.Second), pipeline.Ratio{Num: 1, Den: 4}},
	} {
		if got := Evaluate(recs, "2001", q4, cst, c.asOf).Ratios[Success]; got != c.want {
			t.Errorf("促成率 at %v: %v, want %v", c.asOf, got, c.want)
		}
	}
}

// TestQuarterListAsItStood: a past quarter is evaluated against the list
// as it stood at its end: a target listed the quarter's last day counts,
// one listed the day after does not; a class changed after the quarter
// does not change it.
func TestQuarterListAsItStood(t *testing.T) {
	recs := Records{Targets: []target.Target{
		{ID: "T1", Officer: "2001", Class: target.Normal, Listed: "2026-12-31"},
		{ID: "T2", Officer: "2001", Class: target.Normal, Listed: "2027-01-01"},
		{ID: "T3", Officer: "2001", Class: target.Normal, Listed: "2026-10-01"},
		{ID: "T3", Officer: "2001", Class: target.Exit, Listed: "2027-01-01"},
	}}
	if got := Evaluate(recs, "2001", q4, cst, after).Ratios[Coverage]; got != (pipeline.Ratio{Num: 0, Den: 2}) {
		t.Fatalf("coverage %v, want 0/2 (T1, T3 as normal)", got)
	}
	if got := Evaluate(recs, "2001", Quarter{2027, 1}, cst, after).Ratios[Coverage]; got != (pipeline.Ratio{Num: 0, Den: 2}) {
		t.Fatalf("next quarter %v, want 0/2 (T1, T2; T3 exits)", got)
	}
}

// TestQuarterWeightsInForce: a quarter is scored with the weights issued
// before its end: one issued a nanosecond before counts, one issued at
// the end does not; a weighting issued when not known counts from before.
func TestQuarterWeightsInForce(t *testing.T) {
	_, end := q4.Bounds(cst)
	a, b := DefaultWeights(), DefaultWeights()
	a[Success], a[Coverage] = 30, 10
	b[Success], b[Coverage] = 20, 20
	if w := InForce(nil, end); w != nil {
		t.Fatalf("none issued: %v", w)
	}
	if w := InForce([]Issued{{Weights: a}, {At: end, Weights: b}}, end); w[Success] != 30 {
		t.Fatalf("issued at the end counted: %v", w)
	}
	if w := InForce([]Issued{{Weights: a}, {At: end.Add(-time.Nanosecond), Weights: b}}, end); w[Success] != 20 {
		t.Fatalf("issued just before the end not counted: %v", w)
	}
}

// TestQuarterListShare: 第十四条(四) — the listed customers' credit
// accounts over all new small-business credit accounts: enterprises funded
// in the quarter that were on the list (any class) the day of the funding
// ÷ enterprises funded in the quarter; one funded the day before the
// quarter is not counted, and one listed only after its funding is not
// listed.
func TestQuarterListShare(t *testing.T) {
	const code = "91420100MA4K0000X1"
	recs := Records{
		Targets: []target.Target{
			{ID: "T1", Officer: "2001", Class: target.Cautious, CreditCode: code, Listed: "2026-10-01"},
			{ID: "T2", Officer: "2001", Class: target.Normal, CreditCode: "91350100M000100Y43", Listed: "2026-11-20"},
		},
		Surveys: []survey.Record{
			{ID: "S1", Version: 1, Survey: survey.Survey{CreditCode: code}},
			{ID: "S2", Version: 1, Survey: survey.Survey{CreditCode: "91350100M000100Y43"}},
			{ID: "S3", Version: 1, Survey: survey.Survey{CreditCode: "91110000600037341L"}},
		},
		Demands: []pipeline.DemandState{
			fundedDemand("S1", at(10, 1, 0)),  // listed, the quarter's first hour
			fundedDemand("S1", at(9, 30, 23)), // the quarter before
			fundedDemand("S2", at(11, 19, 9)), // listed the next day
			fundedDemand("S3", at(12, 1, 9)),  // not listed
		},
	}
	if got := Evaluate(recs, "2001", q4, cst, after).Ratios[ListShare]; got != (pipeline.Ratio{Num: 1, Den: 3}) {
		t.Fatalf("list share %v, want 1/3", got)
	}
}

// TestQuarterListShareCountsEnterprises: 第十四条(四) counts 授信户数 —
// enterprises, not loans: a listed enterprise funded twice in the quarter
// (two surveys of the same code, one written in lower case) is one 户
// beside one unlisted enterprise funded once, 1/2, not 2/3.
func TestQuarterListShareCountsEnterprises(t *testing.T) {
	const code = "91420100MA4K0000X1"
	recs := Records{
		Targets: []target.Target{{ID: "T1", Officer: "2001", Class: target.Normal, CreditCode: code, Listed: "2026-10-01"}},
		Surveys: []survey.Record{
			{ID: "S1", Version: 1, Survey: survey.Survey{CreditCode: code}},
			{ID: "S2", Version: 1, Survey: survey.Survey{CreditCode: "91420100ma4k0000x1"}},
			{ID: "S3", Version: 1, Survey: survey.Survey{CreditCode: "91110000600037341L"}},
		},
		Demands: []pipeline.DemandState{
			fundedDemand("S1", at(10, 12, 9)), // listed
			fundedDemand("S2", at(11, 20, 9)), // the same enterprise again
			fundedDemand("S3", at(12, 1, 9)),  // not listed
		},
	}
	if got := Evaluate(recs, "2001", q4, cst, after).Ratios[ListShare]; got != (pipeline.Ratio{Num: 1, Den: 2}) {
		t.Fatalf("list share %v, want 1/2", got)
	}
}

// TestQuarterSuccessSatisfactionComplaints: 促成率 is funded ÷ matched in
// the quarter; 满意率 is the mean score out of 5 (4 and 3: 7/10, 70%); a
// complaint given feedback exactly 7 days after receipt is
// in time, one a minute later is not, one still open within its 7 days is
// not counted.
func TestQuarterSuccessSatisfactionComplaints(t *testing.T) {
	m := at(10, 10, 9)
	funded := pipeline.DemandState{Officer: "2001", Satisfaction: 4, Events: []pipeline.Event{
		ev(pipeline.Collected, m), ev(pipeline.Matched, m), ev(pipeline.InProgress, m),
		ev(pipeline.Funded, m.Add(48*time.Hour)), ev(pipeline.FollowedUp, m.Add(96*time.Hour))}}
	declined := pipeline.DemandState{Officer: "2001", Satisfaction: 3, Events: []pipeline.Event{
		ev(pipeline.Collected, m), ev(pipeline.Matched, m), ev(pipeline.InProgress, m),
		ev(pipeline.Declined, m.Add(48*time.Hour)), ev(pipeline.FollowedUp, m.Add(96*time.Hour))}}
	matchedLastQuarter := pipeline.DemandState{Officer: "2001", Events: []pipeline.Event{
		ev(pipeline.Collected, at(9, 29, 9)), ev(pipeline.Matched, at(9, 30, 9))}}
	complaint := func(officer string, received time.Time, closed time.Duration) pipeline.Complaint {
		c := pipeline.Complaint{Officer: officer, Steps: []pipeline.StepRecord{{Step: pipeline.Received, At: received}}}
		if closed > 0 {
			c.Steps = append(c.Steps, pipeline.StepRecord{Step: pipeline.FeedbackGiven, At: received.Add(closed)})
		}
		return c
	}
	recs := Records{
		Demands: []pipeline.DemandState{funded, declined, matchedLastQuarter},
		Complaints: []pipeline.Complaint{
			complaint("2001", at(11, 1, 9), pipeline.DefaultLimit),
			complaint("2001", at(11, 2, 9), pipeline.DefaultLimit+time.Minute),
			complaint("2001", at(12, 30, 9), 0),
			complaint("", at(11, 3, 9), time.Hour),
		},
	}
	asOf := at(12, 31, 9)
	r := Evaluate(recs, "2001", q4, cst, asOf)
	for m, want := range map[Measure]pipeline.Ratio{Success: {Num: 1, Den: 2}, Satisfaction: {Num: 7, Den: 10}, Complaints: {Num: 1, Den: 2}} {
		if r.Ratios[m] != want {
			t.Errorf("%s %v, want %v", m.Title(), r.Ratios[m], want)
		}
	}
	if got := Evaluate(recs, "", q4, cst, asOf).Ratios[Complaints]; got != (pipeline.Ratio{Num: 2, Den: 3}) {
		t.Errorf("branch complaints %v, want 2/3", got)
	}
	// The open one, once its 7 days are out, is late.
	if got := Evaluate(recs, "2001", q4, cst, at(12, 30, 9).Add(pipeline.DefaultLimit+time.Second)).Ratios[Complaints]; got != (pipeline.Ratio{Num: 1, Den: 3}) {
		t.Errorf("complaints after the limit %v, want 1/3", got)
	}
}

// TestQuarterNoData: doing less never scores more — an officer with
// nothing to count shows 无数据 everywhere and has no score (not the
// complaints' full marks alone); with one activity measure counted, the
// complaints' weight counts as full (no complaint) over all weights but
// coverage's (no list: left out).
func TestQuarterNoData(t *testing.T) {
	r := Evaluate(Records{}, "2001", q4, cst, after)
	for _, m := range Measures() {
		if Cell(r.Ratios[m]) != NoData {
			t.Errorf("%s shows %q", m.Title(), Cell(r.Ratios[m]))
		}
	}
	if idle := Score(r.Ratios, DefaultWeights()); idle.OK || idle.String() != NoData {
		t.Errorf("score with nothing done %v, want %s", idle, NoData)
	}
	// 促成率 0/1 alone: the complaints' 10 over 85 = 11.76, the least.
	if s := Score(map[Measure]pipeline.Ratio{Success: {Num: 0, Den: 1}}, DefaultWeights()); s != (Points{1176, true}) {
		t.Errorf("score with one demand not funded %v, want 11.76", s)
	}
	// 促成率 1/2 (25) and 满意率 2/2 (15) besides: (12.5 + 15 + 10) / 85.
	ratios := map[Measure]pipeline.Ratio{Success: {Num: 1, Den: 2}, Satisfaction: {Num: 2, Den: 2}}
	if s := Score(ratios, DefaultWeights()); s != (Points{4412, true}) {
		t.Errorf("score %v, want 44.12", s)
	}
	// A complaint handled late scores below none at all.
	ratios[Complaints] = pipeline.Ratio{Num: 0, Den: 1}
	if s := Score(ratios, DefaultWeights()); s.String() != "32.35" {
		t.Errorf("score with a late complaint %v, want 32.35", s)
	}
	// Only coverage weighs, and there is no list: no score.
	w := Weights{Coverage: 100, DailyLog: 0, WeeklyClear: 0, Success: 0, Satisfaction: 0, Complaints: 0, ListShare: 0}
	if s := Score(map[Measure]pipeline.Ratio{Success: {Num: 1, Den: 1}}, w); s.OK {
		t.Errorf("score %v from a zero weight", s)
	}
	// Each rule at its boundary, something else counted (at no weight):
	// 0/0 daily log is 0, 0/0 complaints full, 0/0 coverage left out.
	for m, want := range map[Measure]string{DailyLog: "0.00", Complaints: "100.00", Coverage: "无数据"} {
		w := Weights{m: 100}
		if s := Score(map[Measure]pipeline.Ratio{Success: {Num: 0, Den: 1}}, w).String(); s != want {
			t.Errorf("%s alone without data: %s, want %s", m.Title(), s, want)
		}
	}
}

// TestQuarterPercentOnly: an officer sees the branch's line as
// percentages only — no numerators or denominators, the same score.
func TestQuarterPercentOnly(t *testing.T) {
	r := Row{Ratios: map[Measure]pipeline.Ratio{Coverage: {Num: 2, Den: 3}, Complaints: {Num: 1, Den: 4}}, Score: Points{5000, true}}
	p := r.PercentOnly()
	cells := p.Cells("全行")
	if cells[2] != "66.67%" || cells[7] != "25.00%" || cells[3] != NoData || cells[len(cells)-1] != "50.00" {
		t.Fatalf("cells %q", cells)
	}
	for m, x := range p.Ratios {
		if x.Den != 0 && x.Den != 10000 {
			t.Errorf("%s keeps its count %v", m.Title(), x)
		}
	}
	if r.Cells("全行")[2] != "2/3（66.67%）" {
		t.Fatal("the full row changed")
	}
}

// TestQuarterOfficersOwnDrafts: a survey draft naming no officer is its
// creator's, in Officers as in every measure.
func TestQuarterOfficersOwnDrafts(t *testing.T) {
	recs := Records{Surveys: []survey.Record{{ID: "S1", Version: 1, Status: survey.Draft, CreatedBy: "2009",
		Survey: survey.Survey{SurveyDate: "2026-11-02"}}}}
	if _, rows := Branch("0101", recs, q4, DefaultWeights(), cst, after); len(rows) != 1 || rows[0].Officer != "2009" {
		t.Fatalf("rows %+v", rows)
	}
}

// TestQuarterZone: the bank's zone, not the machine's, decides the day:
// evaluated in BankZone, a demand matched 00:30 Beijing time on the
// quarter's first day belongs to it.
func TestQuarterZone(t *testing.T) {
	m := time.Date(2026, 10, 1, 0, 30, 0, 0, cst)
	recs := Records{Demands: []pipeline.DemandState{{Officer: "2001", Events: []pipeline.Event{
		ev(pipeline.Collected, m), ev(pipeline.Matched, m)}}}}
	if got := Evaluate(recs, "2001", q4, BankZone, after).Ratios[Success]; got != (pipeline.Ratio{Num: 0, Den: 1}) {
		t.Fatalf("促成率 %v, want 0/1", got)
	}
	if got := Evaluate(recs, "2001", Quarter{2026, 3}, BankZone, after).Ratios[Success]; got.Den != 0 {
		t.Fatalf("Q3 counted it: %v", got)
	}
}

// TestQuarterScoreRounding: the score rounds half up to the hundredth:
// 1/3 at full weight is 33.33, 2/3 is 66.67, 1/8 is 12.50.
func TestQuarterScoreRounding(t *testing.T) {
	w := Weights{Coverage: 100, DailyLog: 0, WeeklyClear: 0, Success: 0, Satisfaction: 0, Complaints: 0, ListShare: 0}
	for _, c := range []struct {
		r    pipeline.Ratio
		want string
	}{{pipeline.Ratio{Num: 1, Den: 3}, "33.33"}, {pipeline.Ratio{Num: 2, Den: 3}, "66.67"}, {pipeline.Ratio{Num: 1, Den: 8}, "12.50"},
		{pipeline.Ratio{Num: 1, Den: 20000}, "0.01"}, {pipeline.Ratio{Num: 1, Den: 20001}, "0.00"}} {
		if got := Score(map[Measure]pipeline.Ratio{Coverage: c.r}, w).String(); got != c.want {
			t.Errorf("%v: %s, want %s", c.r, got, c.want)
		}
	}
}

// TestQuarterRankingTies: 排队通报 — highest score first; equal scores
// share a rank and the next rank skips; no score comes last, unranked.
func TestQuarterRankingTies(t *testing.T) {
	row := func(o string, h int64, ok bool) Row { return Row{Officer: o, Score: Points{h, ok}} }
	in := []Row{row("1001", 7000, true), row("1002", 0, false), row("2001", 9000, true), row("2002", 7000, true), row("3001", 6999, true)}
	got := Rank(in)
	want := []struct {
		officer string
		rank    int
	}{{"2001", 1}, {"1001", 2}, {"2002", 2}, {"3001", 4}, {"1002", 0}}
	for i, w := range want {
		if got[i].Officer != w.officer || got[i].Rank != w.rank {
			t.Fatalf("place %d: %s rank %d, want %s rank %d", i, got[i].Officer, got[i].Rank, w.officer, w.rank)
		}
	}
	if in[0].Officer != "1001" {
		t.Fatal("Rank reordered its argument")
	}
}

// TestQuarterBranch evaluates a branch: the branch's line and a ranked
// row per officer.
func TestQuarterBranch(t *testing.T) {
	recs := Records{Targets: []target.Target{
		{ID: "T1", Officer: "2001", Class: target.Normal}, {ID: "T2", Officer: "2002", Class: target.Normal},
	}, Logs: []target.Log{{Target: "T2", Date: "2026-11-11", Officer: "2002"}}}
	w := Weights{Coverage: 100, DailyLog: 0, WeeklyClear: 0, Success: 0, Satisfaction: 0, Complaints: 0, ListShare: 0}
	total, rows := Branch("0101", recs, q4, w, cst, after)
	if total.Ratios[Coverage] != (pipeline.Ratio{Num: 1, Den: 2}) || total.Score.String() != "50.00" || total.Branch != "0101" {
		t.Fatalf("branch %+v", total)
	}
	if len(rows) != 2 || rows[0].Officer != "2002" || rows[0].Rank != 1 || rows[0].Score.String() != "100.00" ||
		rows[1].Officer != "2001" || rows[1].Rank != 2 || rows[1].Score.String() != "0.00" {
		t.Fatalf("rows %+v", rows)
	}
}

// FuzzQuarterWeights: whatever JSON object comes as weights, Validate
// answers without panicking, and what it accepts names every measure
// once, each 0 to 100, summing to exactly 100, and scores within 0–100.
func FuzzQuarterWeights(f *testing.F) {
	f.Add(`{"coverage":20,"daily_log":15,"weekly_clear":15,"success":25,"satisfaction":15,"complaints":10}`)
	f.Add(`{"coverage":101,"daily_log":-1,"weekly_clear":0,"success":0,"satisfaction":0,"complaints":0}`)
	f.Add(`{"coverage":100}`)
	f.Add(`{"speed":100}`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, s string) {
		var w Weights
		if json.Unmarshal([]byte(s), &w) != nil {
			return
		}
		if err := w.Validate(); err != nil {
			if !errors.Is(err, ErrWeights) {
				t.Fatalf("%s: %v", s, err)
			}
			return
		}
		sum := 0
		for _, m := range Measures() {
			if w[m] < 0 || w[m] > 100 {
				t.Fatalf("%s accepted with %s %d", s, m, w[m])
			}
			sum += w[m]
		}
		if _, ok := w[ListShare]; sum != 100 || (len(w) != len(Measures()) && (ok || len(w) != len(Measures())-1)) {
			t.Fatalf("%s accepted: sum %d, %d measures", s, sum, len(w))
		}
		full := map[Measure]pipeline.Ratio{}
		for _, m := range Measures() {
			full[m] = pipeline.Ratio{Num: 1, Den: 1}
		}
		if p := Score(full, w); !p.OK || p.Hundredths != 10000 {
			t.Fatalf("%s: full marks score %v", s, p)
		}
	})
}

// fundedDemand is 2001's demand of survey sv, collected, matched and in
// progress a day apart each, funded at funded.
func fundedDemand(sv string, funded time.Time) pipeline.DemandState {
	return pipeline.DemandState{Officer: "2001", Need: pipeline.Need{SurveyID: sv}, Events: []pipeline.Event{
		ev(pipeline.Collected, funded.Add(-72*time.Hour)), ev(pipeline.Matched, funded.Add(-48*time.Hour)),
		ev(pipeline.InProgress, funded.Add(-24*time.Hour)), ev(pipeline.Funded, funded)}}
}
