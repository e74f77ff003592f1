package appraisal

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"time"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/survey"
	"branchdesk/domain/target"
)

// Records are what a branch (or head office, for a branch) has to
// evaluate a quarter from.
type Records struct {
	// Targets is the branch's list (名单); only the marketed classes
	// count.
	Targets []target.Target
	// Logs are the list's daily logs (日登).
	Logs []target.Log
	// Surveys are the surveys, every version.
	Surveys []survey.Record
	// Demands are the branch's demands, replayed.
	Demands []pipeline.DemandState
	// Complaints are the branch's complaints.
	Complaints []pipeline.Complaint
}

// WeekLimit is 周清: what an officer has to move on is moved on within a
// week (第八条(五) 日登、周清、月结).
const WeekLimit = 7 * 24 * time.Hour

// Satisfied is the lowest follow-up score (of 1 to 5) that counts as
// satisfied (满意、非常满意).
const Satisfied = 4

// Row is the evaluation of one officer, or of the branch.
type Row struct {
	// Branch is the branch evaluated.
	Branch string
	// Officer is the officer's staff ID; "" on the branch's line.
	Officer string
	// Name is the officer's name, when known.
	Name string
	// Ratios has one ratio per measure; a denominator of 0 is 无数据.
	Ratios map[Measure]pipeline.Ratio
	// Score is the weighted score.
	Score Points
	// Rank is the place in the ranking, ties sharing one; 0 unranked
	// (no score, or the branch's line).
	Rank int
}

// Evaluate computes the measures over quarter q for one officer, or for
// the whole branch with officer "". Times are read in loc; asOf is when
// the evaluation is made, so what is not yet due is not yet late.
//
//   - 名单覆盖率: the marketed targets (积极进入类、正常进入类) the officer
//     answers for that were logged (日登) or surveyed (a survey of the same
//     credit code dated in the quarter) in the quarter ÷ those targets.
//   - 日登完整率: the surveys whose visit (调查日期) falls in the quarter,
//     counted once by their first version; recorded on the day when that
//     version was finalized on the visit's date. A draft of today is not yet
//     late. Target logs take the business date they are written on, so they
//     are on the day by construction and are not counted here.
//   - 周清及时率: the steps an officer has to move on, started in the
//     quarter: a demand collected is matched, a demand matched is put in
//     hand, a problem raised is solved, each within WeekLimit (exactly a
//     week is on time). A step not done whose week has not passed by asOf
//     is left out.
//   - 融资业务促成率: pipeline.Compute's by count: demands matched in the
//     quarter and funded by its end ÷ demands matched in it.
//   - 企业满意率: follow-up visits in the quarter scoring Satisfied or more
//     ÷ follow-up visits in the quarter.
//   - 投诉及时办结率: complaints received in the quarter (about the officer;
//     all for the branch) given feedback within pipeline.DefaultLimit ÷
//     those received; one still open within its limit at asOf is left out.
func Evaluate(recs Records, officer string, q Quarter, loc *time.Location, asOf time.Time) Row {
	from, to := q.Bounds(loc)
	first, last := q.Days()
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	inDays := func(d string) bool { return d >= first && d <= last }
	mine := func(o string) bool { return officer == "" || o == officer }
	sc := pipeline.Scope{Officer: officer}
	demands, complaints := sc.Demands(recs.Demands), sc.Complaints(recs.Complaints)

	r := Row{Officer: officer, Ratios: map[Measure]pipeline.Ratio{}}
	r.Ratios[Coverage] = coverage(recs, mine, inDays)
	r.Ratios[DailyLog] = dailyLog(recs.Surveys, mine, inDays, loc, asOf)

	var weekly, satisfied pipeline.Ratio
	for _, d := range demands {
		for i, e := range d.Events {
			if e.Problem != nil || (e.Stage != pipeline.Collected && e.Stage != pipeline.Matched) || !in(e.At) {
				continue
			}
			var done time.Time
			for _, n := range d.Events[i+1:] {
				if n.Problem == nil {
					done = n.At
					break
				}
			}
			weekly = timely(weekly, e.At, done, WeekLimit, asOf)
		}
		for _, p := range d.Problems {
			if in(p.RaisedAt) {
				weekly = timely(weekly, p.RaisedAt, p.SolvedAt, WeekLimit, asOf)
			}
		}
		if at, ok := d.Entered(pipeline.FollowedUp); ok && in(at) {
			satisfied.Den++
			if d.Satisfaction >= Satisfied {
				satisfied.Num++
			}
		}
	}
	r.Ratios[WeeklyClear] = weekly
	r.Ratios[Success] = pipeline.Compute(demands, nil, 0, from, to).SuccessByCount
	r.Ratios[Satisfaction] = satisfied

	var solved pipeline.Ratio
	for _, c := range complaints {
		if at, ok := c.At(pipeline.Received); ok && in(at) {
			done, _ := c.At(pipeline.FeedbackGiven)
			solved = timely(solved, at, done, pipeline.DefaultLimit, asOf)
		}
	}
	r.Ratios[Complaints] = solved
	return r
}

// timely counts one step started at start and done at done (zero while
// not done) against its limit: on time when done within it, late when
// done after it or still not done once it passed at asOf, and not counted
// while it may still be done in time.
func timely(r pipeline.Ratio, start, done time.Time, limit time.Duration, asOf time.Time) pipeline.Ratio {
	due := start.Add(limit)
	switch {
	case !done.IsZero() && !done.After(due):
		r.Num++
		r.Den++
	case !done.IsZero() || asOf.After(due):
		r.Den++
	}
	return r
}

func coverage(recs Records, mine func(string) bool, inDays func(string) bool) pipeline.Ratio {
	touched := map[string]bool{}
	for _, l := range recs.Logs {
		if inDays(l.Date) {
			touched[l.Target] = true
		}
	}
	surveyed := map[string]bool{}
	for _, s := range recs.Surveys {
		if code := enterprise.NormalizeCreditCode(s.Survey.CreditCode); code != "" && inDays(s.Survey.SurveyDate) {
			surveyed[code] = true
		}
	}
	var r pipeline.Ratio
	for _, t := range recs.Targets {
		if !t.Class.Marketable() || !mine(t.Officer) {
			continue
		}
		r.Den++
		if touched[t.ID] || (t.CreditCode != "" && surveyed[enterprise.NormalizeCreditCode(t.CreditCode)]) {
			r.Num++
		}
	}
	return r
}

func dailyLog(surveys []survey.Record, mine func(string) bool, inDays func(string) bool, loc *time.Location, asOf time.Time) pipeline.Ratio {
	today := asOf.In(loc).Format(time.DateOnly)
	var r pipeline.Ratio
	for _, s := range surveys {
		officer := s.Survey.OfficerID
		if officer == "" {
			officer = s.CreatedBy
		}
		if s.Version != 1 || !mine(officer) {
			continue
		}
		day := s.Survey.SurveyDate
		if day == "" {
			day = s.At.In(loc).Format(time.DateOnly)
		}
		if !inDays(day) {
			continue
		}
		onDay := s.Status == survey.Final && s.FinalizedAt.In(loc).Format(time.DateOnly) == day
		if !onDay && s.Status != survey.Final && day >= today {
			continue // still the visit's day: not yet late
		}
		r.Den++
		if onDay {
			r.Num++
		}
	}
	return r
}

// Officers lists, in ID order, everyone the records appraise: the
// officers of marketed targets, surveys, demands and complaints.
func Officers(recs Records) []string {
	seen := map[string]bool{}
	for _, t := range recs.Targets {
		if t.Class.Marketable() {
			seen[t.Officer] = true
		}
	}
	for _, s := range recs.Surveys {
		seen[s.Survey.OfficerID] = true
	}
	for _, d := range recs.Demands {
		seen[d.Officer] = true
	}
	for _, c := range recs.Complaints {
		seen[c.Officer] = true
	}
	delete(seen, "")
	out := make([]string, 0, len(seen))
	for o := range seen {
		out = append(out, o)
	}
	sort.Strings(out)
	return out
}

// Branch evaluates a branch's quarter: the branch's line and every
// officer's, scored with w and ranked (Rank). w must be valid.
func Branch(branch string, recs Records, q Quarter, w Weights, loc *time.Location, asOf time.Time) (Row, []Row) {
	total := Evaluate(recs, "", q, loc, asOf)
	total.Branch, total.Score = branch, Score(total.Ratios, w)
	var rows []Row
	for _, o := range Officers(recs) {
		r := Evaluate(recs, o, q, loc, asOf)
		r.Branch, r.Score = branch, Score(r.Ratios, w)
		rows = append(rows, r)
	}
	return total, Rank(rows)
}

// Points is a score out of 100 in hundredths; OK false is 无数据.
type Points struct {
	Hundredths int64
	OK         bool
}

// String is e.g. "87.50", or "无数据".
func (p Points) String() string {
	if !p.OK {
		return NoData
	}
	return fmt.Sprintf("%d.%02d", p.Hundredths/100, p.Hundredths%100)
}

// NoData is shown for a measure or a score with nothing to count.
const NoData = "无数据"

// Score weighs the ratios: Σ weight × ratio over the measures with data,
// divided by the sum of their weights, out of 100, rounded half up to a
// hundredth. A measure without data is left out rather than counted as 0
// or as 100%, so the others carry its weight; with no measure with data
// (or only zero-weighted ones) there is no score.
func Score(ratios map[Measure]pipeline.Ratio, w Weights) Points {
	sum := new(big.Rat)
	weight := int64(0)
	for _, m := range Measures() {
		r := ratios[m]
		if r.Den <= 0 {
			continue
		}
		sum.Add(sum, new(big.Rat).SetFrac(big.NewInt(int64(w[m])*r.Num), big.NewInt(r.Den)))
		weight += int64(w[m])
	}
	if weight == 0 {
		return Points{}
	}
	sum.Mul(sum, new(big.Rat).SetFrac64(10000, weight))
	// ⌊(2·num + den) / (2·den)⌋ rounds half up.
	n := new(big.Int).Mul(sum.Num(), big.NewInt(2))
	n.Add(n, sum.Denom())
	n.Div(n, new(big.Int).Mul(sum.Denom(), big.NewInt(2)))
	return Points{Hundredths: n.Int64(), OK: true}
}

// Rank orders rows by score, highest first (then by branch and officer),
// and numbers them: rows with the same score, to the hundredth shown,
// share a rank and the next rank skips (1, 1, 3). Rows without a score
// come last, unranked. rows itself is not reordered.
func Rank(rows []Row) []Row {
	out := append([]Row(nil), rows...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Score, out[j].Score
		if a.OK != b.OK {
			return a.OK
		}
		if a.Hundredths != b.Hundredths {
			return a.Hundredths > b.Hundredths
		}
		if out[i].Branch != out[j].Branch {
			return out[i].Branch < out[j].Branch
		}
		return out[i].Officer < out[j].Officer
	})
	for i := range out {
		switch {
		case !out[i].Score.OK:
			out[i].Rank = 0
		case i > 0 && out[i-1].Score == out[i].Score:
			out[i].Rank = out[i-1].Rank
		default:
			out[i].Rank = i + 1
		}
	}
	return out
}

// Cell shows a ratio with its numerator and denominator, e.g.
// "3/4（75.00%）", or 无数据.
func Cell(r pipeline.Ratio) string {
	if r.Den <= 0 {
		return NoData
	}
	return fmt.Sprintf("%d/%d（%s）", r.Num, r.Den, r)
}

// Cells is the row as a table shows it: the rank ("—" unranked), who,
// each measure with its numerator and denominator (Cell), the score.
func (r Row) Cells(who string) []string {
	rank := "—"
	if r.Rank > 0 {
		rank = strconv.Itoa(r.Rank)
	}
	cells := []string{rank, who}
	for _, m := range Measures() {
		cells = append(cells, Cell(r.Ratios[m]))
	}
	return append(cells, r.Score.String())
}
