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

// BankZone is the bank's time zone, Beijing time: the quarter's bounds,
// the day of a visit and the day a step is due are read in it at the
// branch and at head office alike, whatever zone the machine is set to.
// China keeps no daylight saving, so a fixed zone needs no tz database.
var BankZone = time.FixedZone("CST", 8*3600)

// Records are what a branch (or head office, for a branch) has to
// evaluate a quarter from.
type Records struct {
	// Targets is every version of every row of the branch's list (名单),
	// in the order listed (target.AsOf reads the list at a date); only
	// the marketed classes are marketed.
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
	// Percent tells that the ratios were reduced to their percentages
	// (PercentOnly), for a viewer who may not see what they count.
	Percent bool
}

// PercentOnly returns r with each ratio reduced to its percentage, in
// basis points over 10000: an officer sees the branch's line as
// percentages and its score, not how many demands, visits or complaints
// of others it counts.
func (r Row) PercentOnly() Row {
	out := r
	out.Ratios = map[Measure]pipeline.Ratio{}
	for m, x := range r.Ratios {
		out.Ratios[m] = x.PercentOnly()
	}
	out.Percent = true
	return out
}

// Evaluate computes the measures over quarter q for one officer, or for
// the whole branch with officer "". Times are read in loc (BankZone);
// asOf is when the evaluation is made, so what is not yet due is not yet
// late. The list is the list as it stood (target.AsOf): at the quarter's
// last day, or at the end of the week or the day a measure looks at.
//
//   - 名单覆盖率 (第十四条(三)): the marketed targets (积极进入类、正常
//     进入类) on the list at the quarter's end the officer answers for
//     that were logged (日登) or surveyed (a survey of the same credit
//     code dated in the quarter) in the quarter ÷ those targets.
//   - 日登完整率 (第八条(五) 日登): the quarter is cut in weeks of 7 days
//     from its first day (the last one shorter); for each week over by
//     asOf (its last day before asOf's day), each marketed target of the
//     officer on the list at the week's end counts once, and is complete
//     when it has a log (the 日登 button) dated in that week.
//   - 周清及时率 (第八条(五) 周清): the marketed targets of the officer on
//     the list at the quarter's end whose 营销时限 (Deadline) falls in the
//     quarter and is over by asOf (before asOf's day); cleared on time
//     when logged in its due week (target.Target.DueWeekOf: the 7 days
//     that end on the deadline, the days target.WeekDue lists it).
//   - 融资业务促成率: demands matched in the quarter and funded within
//     FundingWindow of the match (after the quarter's end too) ÷ those
//     matched in it; one declined is not funded; one neither funded nor
//     declined by asOf whose window is still open is left out.
//   - 企业满意率: pipeline.Compute's Satisfaction: the mean score of the
//     follow-up visits in the quarter out of 5, as 0–100%.
//   - 投诉及时办结率: complaints received in the quarter (about the officer;
//     all for the branch) given feedback within pipeline.DefaultLimit ÷
//     those received; one still open within its limit at asOf is left out.
//   - 名单客户授信占比 (第十四条(四), 授信户数): enterprises (the survey's
//     credit code) funded in the quarter that were on the list the day of
//     a funding (target.Admit, any class) ÷ enterprises funded in the
//     quarter; an enterprise funded twice is one 户.
//
// What a measure with nothing to count scores: Measure.NoData.
func Evaluate(recs Records, officer string, q Quarter, loc *time.Location, asOf time.Time) Row {
	from, to := q.Bounds(loc)
	first, last := q.Days()
	today := asOf.In(loc).Format(time.DateOnly)
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	inDays := func(d string) bool { return d >= first && d <= last }
	mine := func(o string) bool { return officer == "" || o == officer }
	marketed := func(day string) []target.Target {
		var out []target.Target
		for _, t := range target.AsOf(recs.Targets, day) {
			if t.Class.Marketable() && mine(t.Officer) {
				out = append(out, t)
			}
		}
		return out
	}
	sc := pipeline.Scope{Officer: officer}
	demands, complaints := sc.Demands(recs.Demands), sc.Complaints(recs.Complaints)
	list := marketed(last)

	r := Row{Officer: officer, Ratios: map[Measure]pipeline.Ratio{}}
	r.Ratios[Coverage] = coverage(recs, list, first, last)
	r.Ratios[DailyLog] = dailyLog(recs.Logs, marketed, first, last, today)
	r.Ratios[WeeklyClear] = weeklyClear(recs.Logs, list, inDays, today)
	r.Ratios[Success] = success(demands, in, asOf)
	r.Ratios[Satisfaction] = pipeline.Compute(demands, nil, 0, from, to).Satisfaction

	var solved pipeline.Ratio
	for _, c := range complaints {
		if at, ok := c.At(pipeline.Received); ok && in(at) {
			done, _ := c.At(pipeline.FeedbackGiven)
			solved = timely(solved, at, done, pipeline.DefaultLimit, asOf)
		}
	}
	r.Ratios[Complaints] = solved
	r.Ratios[ListShare] = listShare(recs, demands, in, loc)
	return r
}

// FundingWindow is how long after matching a demand may be funded and
// count for 促成率 in the quarter of its match, so a match late in a
// quarter funded early in the next is not a failure. The seeds give no
// number; a month covers a small-business loan's approval.
const FundingWindow = 30 * 24 * time.Hour

// success is 融资业务促成率 (Evaluate).
func success(demands []pipeline.DemandState, in func(time.Time) bool, asOf time.Time) pipeline.Ratio {
	var r pipeline.Ratio
	for _, d := range demands {
		at, ok := d.Entered(pipeline.Matched)
		if !ok || !in(at) {
			continue
		}
		funded, _ := d.Entered(pipeline.Funded)
		if funded.After(asOf) {
			funded = time.Time{} // not yet at asOf
		}
		if declined, ok := d.Entered(pipeline.Declined); ok && !declined.After(asOf) && funded.IsZero() {
			r.Den++
			continue
		}
		r = timely(r, at, funded, FundingWindow, asOf)
	}
	return r
}

// timely counts one step started at start and done at done (zero while
// not done) against its limit: on time when done within it, late when
// done after it or still not done once it passed at asOf (pipeline.
// PastLimit, as pipeline.Overdue), and not counted while it may still be
// done in time.
func timely(r pipeline.Ratio, start, done time.Time, limit time.Duration, asOf time.Time) pipeline.Ratio {
	switch {
	case !done.IsZero() && !pipeline.PastLimit(start, done, limit):
		r.Num++
		r.Den++
	case !done.IsZero() || pipeline.PastLimit(start, asOf, limit):
		r.Den++
	}
	return r
}

func coverage(recs Records, list []target.Target, first, last string) pipeline.Ratio {
	inDays := func(d string) bool { return d >= first && d <= last }
	touched := target.Logged(recs.Logs, first, last)
	surveyed := map[string]bool{}
	for _, s := range recs.Surveys {
		if code := enterprise.NormalizeCreditCode(s.Survey.CreditCode); code != "" && inDays(s.Survey.SurveyDate) {
			surveyed[code] = true
		}
	}
	var r pipeline.Ratio
	for _, t := range list {
		r.Den++
		if touched[t.ID] || (t.CreditCode != "" && surveyed[enterprise.NormalizeCreditCode(t.CreditCode)]) {
			r.Num++
		}
	}
	return r
}

// dailyLog is 日登完整率 (Evaluate): target-weeks logged ÷ target-weeks.
func dailyLog(logs []target.Log, marketed func(day string) []target.Target, first, last, today string) pipeline.Ratio {
	var r pipeline.Ratio
	start, _ := time.Parse(time.DateOnly, first)
	for ; start.Format(time.DateOnly) <= last; start = start.AddDate(0, 0, 7) {
		s, e := start.Format(time.DateOnly), min(start.AddDate(0, 0, 6).Format(time.DateOnly), last)
		if e >= today {
			break // the week is not over
		}
		for _, t := range marketed(e) {
			r.Den++
			for _, l := range logs {
				if l.Target == t.ID && l.Date >= s && l.Date <= e {
					r.Num++
					break
				}
			}
		}
	}
	return r
}

// weeklyClear is 周清及时率 (Evaluate): targets due in the quarter and
// over by today, logged in their due week.
func weeklyClear(logs []target.Log, list []target.Target, inDays func(string) bool, today string) pipeline.Ratio {
	var r pipeline.Ratio
	for _, t := range list {
		if !inDays(t.Deadline) || t.Deadline >= today {
			continue
		}
		r.Den++
		for _, l := range logs {
			if l.Target == t.ID && t.DueWeekOf(l.Date) {
				r.Num++
				break
			}
		}
	}
	return r
}

// listShare is 名单客户授信占比 (Evaluate).
func listShare(recs Records, demands []pipeline.DemandState, in func(time.Time) bool, loc *time.Location) pipeline.Ratio {
	codes := map[string]string{}
	for _, s := range recs.Surveys {
		codes[s.ID] = s.Survey.CreditCode
	}
	// 户数: each enterprise once, listed when it was on the list at one of
	// its fundings; a demand whose survey has no code is an enterprise of
	// its own.
	listed := map[string]bool{}
	for i, d := range demands {
		at, ok := d.Entered(pipeline.Funded)
		if !ok || !in(at) {
			continue
		}
		code := enterprise.NormalizeCreditCode(codes[d.Need.SurveyID])
		key := code
		if key == "" {
			key = "#" + strconv.Itoa(i)
		}
		on := target.Admit(target.AsOf(recs.Targets, at.In(loc).Format(time.DateOnly)), code).Listed
		listed[key] = listed[key] || on
	}
	var r pipeline.Ratio
	for _, on := range listed {
		r.Den++
		if on {
			r.Num++
		}
	}
	return r
}

// Officers lists, in ID order, everyone the records appraise: the
// officers of marketed targets, surveys (survey.Record.Officer),
// demands and complaints.
func Officers(recs Records) []string {
	seen := map[string]bool{}
	for _, t := range recs.Targets {
		if t.Class.Marketable() {
			seen[t.Officer] = true
		}
	}
	for _, s := range recs.Surveys {
		seen[s.Officer()] = true
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

// Score weighs the ratios: Σ weight × ratio divided by the sum of the
// weights counted, out of 100, rounded half up to a hundredth. A measure
// without data counts by its NoData rule: as 0 (an activity not done), as
// 100% (no complaint), or left out with the others carrying its weight
// (no list to cover). With no measure counting anything (an officer or
// a branch that did nothing in the quarter, not even a complaint against
// them), or only zero weights, there is no score: a row of nothing but
// 无数据 is not ranked on the complaints' full marks.
func Score(ratios map[Measure]pipeline.Ratio, w Weights) Points {
	sum := new(big.Rat)
	weight := int64(0)
	counted := false
	for _, m := range Measures() {
		r := ratios[m]
		counted = counted || r.Den > 0
		if r.Den <= 0 {
			switch m.NoData() {
			case NoDataFull:
				sum.Add(sum, new(big.Rat).SetInt64(int64(w[m])))
				weight += int64(w[m])
			case NoDataZero:
				weight += int64(w[m])
			}
			continue
		}
		sum.Add(sum, new(big.Rat).SetFrac(big.NewInt(int64(w[m])*r.Num), big.NewInt(r.Den)))
		weight += int64(w[m])
	}
	if weight == 0 || !counted {
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

// Cell shows the row's measure m: Cell, or only the percentage on a row
// reduced to percentages.
func (r Row) Cell(m Measure) string {
	x := r.Ratios[m]
	if x.Den <= 0 {
		return NoData
	}
	if r.Percent {
		return x.String()
	}
	return Cell(x)
}

// Cells is the row as a table shows it: the rank ("—" unranked), who,
// each measure (Row.Cell), the score.
func (r Row) Cells(who string) []string {
	rank := "—"
	if r.Rank > 0 {
		rank = strconv.Itoa(r.Rank)
	}
	cells := []string{rank, who}
	for _, m := range Measures() {
		cells = append(cells, r.Cell(m))
	}
	return append(cells, r.Score.String())
}
