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

// TestQuarterDailyLog: 日登 — a visit is recorded on the day when its
// first version is finalized on the visit's date; a day later is late; a
// draft is late once its day has passed, but not on the day itself.
func TestQuarterDailyLog(t *testing.T) {
	sv := func(id, date string, final time.Time) survey.Record {
		r := survey.Record{ID: id, Version: 1, Status: survey.Draft, Survey: survey.Survey{SurveyDate: date, OfficerID: "2001"}}
		if !final.IsZero() {
			r.Status, r.FinalizedAt = survey.Final, final
		}
		return r
	}
	recs := Records{Surveys: []survey.Record{
		sv("S1", "2026-10-01", at(10, 1, 23)), // on the day, at its last hour
		sv("S2", "2026-11-02", at(11, 3, 0)),  // the next day
		sv("S3", "2026-11-05", time.Time{}),   // a draft, day passed
		sv("S4", "2026-12-31", time.Time{}),   // a draft of today
		sv("S5", "2026-09-30", at(9, 30, 10)), // last quarter
		{ID: "S2", Version: 2, Status: survey.Final, FinalizedAt: at(11, 2, 9), Survey: survey.Survey{SurveyDate: "2026-11-02", OfficerID: "2001"}}, // a correction
	}}
	today := at(12, 31, 15)
	if got := Evaluate(recs, "2001", q4, cst, today).Ratios[DailyLog]; got != (pipeline.Ratio{Num: 1, Den: 3}) {
		t.Fatalf("日登 on the quarter's last day %v, want 1/3", got)
	}
	if got := Evaluate(recs, "2001", q4, cst, after).Ratios[DailyLog]; got != (pipeline.Ratio{Num: 1, Den: 4}) {
		t.Fatalf("日登 after the quarter %v, want 1/4", got)
	}
}

// TestQuarterWeeklyClear: 周清 — a demand collected is matched, a matched
// one put in hand and a problem solved within a week: exactly 7 days is on
// time, a minute more is late; a step whose week has not run out is not
// counted yet.
func TestQuarterWeeklyClear(t *testing.T) {
	start := at(12, 1, 9)
	week := start.Add(WeekLimit)
	onTime := pipeline.DemandState{Officer: "2001", Events: []pipeline.Event{
		ev(pipeline.Collected, start), ev(pipeline.Matched, week), ev(pipeline.InProgress, week.Add(time.Hour)),
	}, Problems: []pipeline.ProblemRecord{{RaisedAt: start, SolvedAt: week}}}
	late := pipeline.DemandState{Officer: "2001", Events: []pipeline.Event{
		ev(pipeline.Collected, start), ev(pipeline.Matched, week.Add(time.Minute)),
	}, Problems: []pipeline.ProblemRecord{{RaisedAt: start, SolvedAt: week.Add(time.Minute)}}}
	// Collected on the quarter's last day: not yet due on 2027-01-07, late
	// on the 8th.
	open := pipeline.DemandState{Officer: "2001", Events: []pipeline.Event{ev(pipeline.Collected, at(12, 31, 12))}}
	recs := Records{Demands: []pipeline.DemandState{onTime, late, open}}
	// onTime: collected→matched, matched→in hand, a problem: 3 on time;
	// late: collected→matched late, matched not in hand (week passed),
	// problem late: 3 late.
	if got := Evaluate(recs, "2001", q4, cst, at(12, 31, 12).Add(WeekLimit)).Ratios[WeeklyClear]; got != (pipeline.Ratio{Num: 3, Den: 6}) {
		t.Fatalf("周清 at the week's end %v, want 3/6", got)
	}
	if got := Evaluate(recs, "2001", q4, cst, at(12, 31, 12).Add(WeekLimit+time.Second)).Ratios[WeeklyClear]; got != (pipeline.Ratio{Num: 3, Den: 7}) {
		t.Fatalf("周清 a second later %v, want 3/7", got)
	}
}

// TestQuarterSuccessSatisfactionComplaints: 促成率 is funded ÷ matched in
// the quarter; 满意率 counts follow-ups scoring 4 or 5 (3 is not
// satisfied); a complaint given feedback exactly 7 days after receipt is
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
	for m, want := range map[Measure]pipeline.Ratio{Success: {Num: 1, Den: 2}, Satisfaction: {Num: 1, Den: 2}, Complaints: {Num: 1, Den: 2}} {
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

// TestQuarterNoData: an officer with nothing to count shows 无数据 for
// every measure and has no score, neither 0 nor 100; a measure without
// data leaves its weight to the others.
func TestQuarterNoData(t *testing.T) {
	r := Evaluate(Records{}, "2001", q4, cst, after)
	for _, m := range Measures() {
		if Cell(r.Ratios[m]) != NoData {
			t.Errorf("%s shows %q", m.Title(), Cell(r.Ratios[m]))
		}
	}
	if s := Score(r.Ratios, DefaultWeights()); s.OK || s.String() != "无数据" {
		t.Errorf("score %v", s)
	}
	// Only 促成率 (25) and 满意率 (15) have data: 1/2 and 2/2 →
	// (25×0.5 + 15×1) / 40 × 100 = 68.75.
	ratios := map[Measure]pipeline.Ratio{Success: {Num: 1, Den: 2}, Satisfaction: {Num: 2, Den: 2}}
	if s := Score(ratios, DefaultWeights()); s != (Points{6875, true}) || s.String() != "68.75" {
		t.Errorf("score %v, want 68.75", s)
	}
	// Data only where the weight is 0: no score.
	w := Weights{Coverage: 100, DailyLog: 0, WeeklyClear: 0, Success: 0, Satisfaction: 0, Complaints: 0}
	if s := Score(map[Measure]pipeline.Ratio{Success: {Num: 1, Den: 1}}, w); s.OK {
		t.Errorf("score %v from a zero weight", s)
	}
}

// TestQuarterScoreRounding: the score rounds half up to the hundredth:
// 1/3 at full weight is 33.33, 2/3 is 66.67, 1/8 is 12.50.
func TestQuarterScoreRounding(t *testing.T) {
	w := Weights{Coverage: 100, DailyLog: 0, WeeklyClear: 0, Success: 0, Satisfaction: 0, Complaints: 0}
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
	total, rows := Branch("0101", recs, q4, DefaultWeights(), cst, after)
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
		if sum != 100 || len(w) != len(Measures()) {
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
