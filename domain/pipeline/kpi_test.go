package pipeline

import (
	"slices"
	"testing"
	"time"

	"branchdesk/domain/money"
	"branchdesk/domain/survey"
)

// day returns a time in June 2025 (or, with m, another month), Beijing time.
func day(m time.Month, d, h int) time.Time { return time.Date(2025, m, d, h, 0, 0, 0, cst) }

// spec describes a demand for the KPI tests; zero times are stages never
// reached.
type spec struct {
	id, officer, institution string
	sought                   money.Amount
	collected                time.Time // an hour before matched, if zero
	matched                  time.Time
	problems                 [][2]time.Time // raised, solved
	funded                   time.Time
	lent                     money.Amount
	declined                 time.Time
	followed                 time.Time
	score                    int
}

// build replays a demand's events, so the KPI reads real states.
func build(t *testing.T, s spec) DemandState {
	t.Helper()
	p := product()
	p.Institution = s.institution
	collected := s.collected
	if collected.IsZero() {
		collected = s.matched.Add(-time.Hour)
	}
	ev := []Event{{Stage: Collected, At: collected, Need: &Need{Amount: s.sought, TermMonths: 12,
		Collateral: []survey.Collateral{survey.CollateralProperty}}}}
	if !s.matched.IsZero() {
		ev = append(ev, Event{Stage: Matched, At: s.matched, Product: &p, Plan: "方案"},
			Event{Stage: InProgress, At: s.matched.Add(time.Minute)})
	}
	for i, pr := range s.problems {
		id := string(rune('1' + i))
		ev = append(ev, Event{Stage: InProgress, At: pr[0], Problem: &Problem{ID: id, Action: Raise, Text: "问题"}},
			Event{Stage: InProgress, At: pr[1], Problem: &Problem{ID: id, Action: Solve, Text: "已解决"}})
	}
	if !s.funded.IsZero() {
		ev = append(ev, Event{Stage: Funded, At: s.funded, FundedAmount: s.lent, FundedDate: s.funded.Format(time.DateOnly)})
	}
	if !s.declined.IsZero() {
		ev = append(ev, Event{Stage: Declined, At: s.declined, DeclineReason: "资质不足"})
	}
	if !s.followed.IsZero() {
		ev = append(ev, Event{Stage: FollowedUp, At: s.followed, Satisfaction: s.score})
	}
	for i := range ev {
		ev[i].DemandID, ev[i].By = s.id, s.officer
	}
	slices.SortStableFunc(ev, func(a, b Event) int { return a.At.Compare(b.At) })
	d, err := Replay(ev)
	if err != nil {
		t.Fatalf("%s: %v", s.id, err)
	}
	return d
}

// The data set of the KPI tests, for June 2025 = [06-01, 07-01):
//
//	demand officer inst matched sought  funded (lent)      follow-up  problems solved in June
//	D1     2001    A    06-03   100万   06-20 (100万)      06-25: 5   4h
//	D2     2001    A    06-10   200万   06-28 (150万)      07-02: 3   48h
//	D3     2001    B    06-15    50万   declined 06-25     06-30: 2   —
//	D4     2002    A    06-20   300万   07-05 (300万)      —          —
//	D5     2002    B    05-20    80万   06-02 ( 80万)      06-10: 4   168h (05-25 → 06-01)
//	D6     2002    —    never    20万   —                  —          —
//
//	complaint about received  feedback
//	C1        2002  05-28     06-03
//	C2        2001  06-10     06-15
//	C3        2002  06-28     —
//	C4        2002  07-01 0:00 (the end of June, excluded)
func dataset(t *testing.T) ([]DemandState, []Complaint) {
	J, Jl, May := time.June, time.July, time.May
	ds := []DemandState{
		build(t, spec{id: "D1", officer: "2001", institution: "A", sought: 100 * wan, matched: day(J, 3, 9),
			problems: [][2]time.Time{{day(J, 5, 9), day(J, 5, 13)}},
			funded:   day(J, 20, 10), lent: 100 * wan, followed: day(J, 25, 10), score: 5}),
		build(t, spec{id: "D2", officer: "2001", institution: "A", sought: 200 * wan, matched: day(J, 10, 9),
			problems: [][2]time.Time{{day(J, 12, 9), day(J, 14, 9)}},
			funded:   day(J, 28, 10), lent: 150 * wan, followed: day(Jl, 2, 10), score: 3}),
		build(t, spec{id: "D3", officer: "2001", institution: "B", sought: 50 * wan, matched: day(J, 15, 9),
			declined: day(J, 25, 9), followed: day(J, 30, 9), score: 2}),
		build(t, spec{id: "D4", officer: "2002", institution: "A", sought: 300 * wan, matched: day(J, 20, 9),
			funded: day(Jl, 5, 9), lent: 300 * wan}),
		build(t, spec{id: "D5", officer: "2002", institution: "B", sought: 80 * wan, matched: day(May, 20, 9),
			problems: [][2]time.Time{{day(May, 25, 0), day(J, 1, 0)}},
			funded:   day(J, 2, 9), lent: 80 * wan, followed: day(J, 10, 9), score: 4}),
		build(t, spec{id: "D6", officer: "2002", sought: 20 * wan, collected: day(J, 5, 9)}),
	}
	complaint := func(id, officer string, received, feedback time.Time) Complaint {
		c, err := Receive(id, ChannelPhone, "投诉", received)
		if err != nil {
			t.Fatal(err)
		}
		c.Officer = officer
		if !feedback.IsZero() {
			c, _ = Advance(c, Investigated, received, "核实")
			c, _ = Advance(c, Handled, received, "处理")
			c, err = Advance(c, FeedbackGiven, feedback, "反馈")
			if err != nil {
				t.Fatal(err)
			}
		}
		return c
	}
	cs := []Complaint{
		complaint("C1", "2002", day(May, 28, 9), day(J, 3, 9)),
		complaint("C2", "2001", day(J, 10, 9), day(J, 15, 9)),
		complaint("C3", "2002", day(J, 28, 9), time.Time{}),
		complaint("C4", "2002", day(Jl, 1, 0), time.Time{}),
	}
	return ds, cs
}

func TestKPIBranch(t *testing.T) {
	ds, cs := dataset(t)
	k := Compute(ds, cs, 7, day(time.June, 1, 0), day(time.July, 1, 0))
	want := KPI{
		// Matched in June: D1, D2, D3, D4 (D5 was matched in May, D6 never).
		// Sought: 100 + 200 + 50 + 300 = 650万.
		Matched: 4, MatchedAmount: 650 * wan,
		// Funded before 07-01 among them: D1 and D2 (D4 only on 07-05).
		// Lent: 100 + 150 = 250万.
		Funded: 2, FundedAmount: 250 * wan,
		// 2 / 4; 250万 / 650万.
		SuccessByCount:  Ratio{2, 4},
		SuccessByAmount: Ratio{int64(250 * wan), int64(650 * wan)},
		// Visits in June: D1 5, D3 2, D5 4 (D2's is in July): 11 / 3 =
		// 3.666…, times 100 rounded half up: 367.
		FollowUps: 3, AvgSatisfaction: 367, Satisfaction: Ratio{Num: 11, Den: 15},
		// Solved in June: D1 4h, D2 48h, D5 168h (raised in May): 220h / 3
		// = 73h20m.
		ProblemsSolved: 3, AvgSolve: 73*time.Hour + 20*time.Minute, Solving: true,
		// Received in June: C2, C3 (C4 at 07-01 0:00 is outside); feedback
		// in June: C1, C2.
		ComplaintsReceived: 2, ComplaintsClosed: 2,
		SurveysFiled: 7,
	}
	if k != want {
		t.Fatalf("Compute =\n%+v\nwant\n%+v", k, want)
	}
	// 2/4 = 50.00%; 250/650 = 0.384615… → 38.46%.
	if bp, _ := k.SuccessByCount.BasisPoints(); bp != 5000 || k.SuccessByCount.String() != "50.00%" {
		t.Errorf("by count = %d bp, %s", bp, k.SuccessByCount)
	}
	if bp, _ := k.SuccessByAmount.BasisPoints(); bp != 3846 || k.SuccessByAmount.String() != "38.46%" {
		t.Errorf("by amount = %d bp, %s", bp, k.SuccessByAmount)
	}
}

func TestKPIOfficer(t *testing.T) {
	ds, cs := dataset(t)
	sc := Scope{Officer: "2001"}
	k := Compute(sc.Demands(ds), sc.Complaints(cs), 3, day(time.June, 1, 0), day(time.July, 1, 0))
	// D1, D2, D3 matched: 350万 sought; D1, D2 funded: 250万 lent.
	// 2/3 = 0.66666… → 66.67%; 250/350 = 0.714285… → 71.43%.
	// Visits: D1 5, D3 2 → 3.5 → 350. Problems: 4h and 48h → 26h.
	// Complaints about 2001: C2, received and closed in June.
	if k.Matched != 3 || k.MatchedAmount != 350*wan || k.Funded != 2 || k.FundedAmount != 250*wan ||
		k.SuccessByCount.String() != "66.67%" || k.SuccessByAmount.String() != "71.43%" ||
		k.FollowUps != 2 || k.AvgSatisfaction != 350 || k.ProblemsSolved != 2 || k.AvgSolve != 26*time.Hour ||
		k.ComplaintsReceived != 1 || k.ComplaintsClosed != 1 || k.SurveysFiled != 3 {
		t.Fatalf("officer 2001: %+v", k)
	}
}

func TestKPIInstitution(t *testing.T) {
	ds, cs := dataset(t)
	sc := Scope{Institution: "A"}
	k := Compute(sc.Demands(ds), sc.Complaints(cs), 0, day(time.June, 1, 0), day(time.July, 1, 0))
	// D1, D2, D4 matched: 600万 sought; D1, D2 funded by July: 250万 lent.
	// 2/3 → 66.67%; 250/600 = 0.416666… → 41.67%.
	// Visits in June: D1 5 → 500. Problems: 4h, 48h → 26h.
	// No complaint names institution A.
	if k.Matched != 3 || k.MatchedAmount != 600*wan || k.Funded != 2 || k.FundedAmount != 250*wan ||
		k.SuccessByCount.String() != "66.67%" || k.SuccessByAmount.String() != "41.67%" ||
		k.FollowUps != 1 || k.AvgSatisfaction != 500 || k.AvgSolve != 26*time.Hour ||
		k.ComplaintsReceived != 0 || k.ComplaintsClosed != 0 {
		t.Fatalf("institution A: %+v", k)
	}
	// July alone: D4 funded on 07-05 but matched in June, so July has
	// nothing matched and no rate at all.
	k = Compute(sc.Demands(ds), nil, 0, day(time.July, 1, 0), day(time.August, 1, 0))
	if k.Matched != 0 || k.Funded != 0 || k.SuccessByCount.String() != "—" {
		t.Errorf("institution A, July: %+v", k)
	}
}

// The period includes from and excludes to, for matching and for funding.
func TestKPIPeriodBoundaries(t *testing.T) {
	from, to := day(time.June, 1, 0), day(time.July, 1, 0)
	ds := []DemandState{
		build(t, spec{id: "at-from", officer: "1", institution: "A", sought: 10 * wan, matched: from,
			funded: to.Add(-time.Second), lent: 10 * wan}),
		build(t, spec{id: "at-to", officer: "1", institution: "A", sought: 10 * wan, matched: to}),
		build(t, spec{id: "funded-at-to", officer: "1", institution: "A", sought: 10 * wan, matched: from.Add(time.Hour),
			funded: to, lent: 10 * wan}),
	}
	k := Compute(ds, nil, 0, from, to)
	if k.Matched != 2 || k.Funded != 1 || k.SuccessByCount.String() != "50.00%" {
		t.Errorf("boundaries: %+v", k)
	}
	if k := Compute(nil, nil, 0, from, to); k.AvgSatisfaction != 0 || k.AvgSolve != 0 || k.SuccessByAmount.String() != "—" {
		t.Errorf("empty: %+v", k)
	}
}

// TestKPIPercentOnly: an officer sees the branch's line as rates and
// means only, as the quarterly evaluation shows it (RULES §5 保密): every
// count and amount is withheld — shown as 保密, never 0 — the rates keep
// their percentages without what they divide.
func TestKPIPercentOnly(t *testing.T) {
	ds, cs := dataset(t)
	k := Compute(ds, cs, 7, day(time.June, 1, 0), day(time.July, 1, 0))
	p := k.PercentOnly()
	w := Withheld
	want := []string{w, w, w, w, w, "50.00%", "38.46%", w, "3.67", w, "73.3", w, w}
	if got := p.Cells(); !slices.Equal(got, want) {
		t.Fatalf("cells %q\nwant  %q", got, want)
	}
	if p.Matched != 0 || p.MatchedAmount != 0 || p.Funded != 0 || p.FundedAmount != 0 || p.FollowUps != 0 ||
		p.ProblemsSolved != 0 || p.ComplaintsReceived != 0 || p.ComplaintsClosed != 0 || p.SurveysFiled != 0 || !p.Percent {
		t.Fatalf("a withheld figure is kept: %+v", p)
	}
	for _, r := range []Ratio{p.SuccessByCount, p.SuccessByAmount, p.Satisfaction} {
		if r.Den != 10000 {
			t.Errorf("a rate keeps what it divides: %d/%d", r.Num, r.Den)
		}
	}
	full := []string{"7", "4", "¥6,500,000.00", "2", "¥2,500,000.00", "50.00%", "38.46%", "3", "3.67", "3", "73.3", "2", "2"}
	if got := k.Cells(); !slices.Equal(got, full) {
		t.Fatalf("the full line %q\nwant %q", got, full)
	}
	// Without data a rate or a mean is "—", a withheld count still 保密.
	want = []string{w, w, w, w, w, "—", "—", w, "—", w, "—", w, w}
	if got := (KPI{}).PercentOnly().Cells(); !slices.Equal(got, want) {
		t.Fatalf("empty: %q", got)
	}
	if got := (KPI{}).Cells(); !slices.Equal(got, []string{"0", "0", "¥0.00", "0", "¥0.00", "—", "—", "0", "—", "0", "—", "0", "0"}) {
		t.Fatalf("empty, in full: %q", got)
	}
}

// The mean satisfaction has two decimals; without visits it is "—".
func TestKPISatisfactionCell(t *testing.T) {
	for _, c := range []struct {
		k    KPI
		want string
	}{
		{KPI{}, "—"},
		{KPI{FollowUps: 3, AvgSatisfaction: 367, Satisfaction: Ratio{11, 15}}, "3.67"},
		{KPI{FollowUps: 1, AvgSatisfaction: 500, Satisfaction: Ratio{5, 5}}, "5.00"},
		{KPI{FollowUps: 2, AvgSatisfaction: 105, Satisfaction: Ratio{2, 10}}, "1.05"},
	} {
		if got := c.k.Cells()[8]; got != c.want {
			t.Errorf("satisfaction %d over %d visits = %q, want %q", c.k.AvgSatisfaction, c.k.FollowUps, got, c.want)
		}
	}
}

// Solving hours to one decimal, half up: a tenth is six minutes.
func TestKPISolveHoursCell(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0.0"},
		{3*time.Minute - time.Second, "0.0"},
		{3 * time.Minute, "0.1"},
		{26*time.Hour + 30*time.Minute, "26.5"},
		{26*time.Hour + 32*time.Minute + 59*time.Second, "26.5"},
		{26*time.Hour + 33*time.Minute, "26.6"},
		{59*time.Minute + 59*time.Second, "1.0"},
	} {
		if got := (KPI{ProblemsSolved: 1, AvgSolve: c.d, Solving: true}).Cells()[10]; got != c.want {
			t.Errorf("solve hours of %v = %q, want %q", c.d, got, c.want)
		}
	}
	if got := (KPI{}).Cells()[10]; got != "—" {
		t.Errorf("solve hours without problems = %q", got)
	}
}

func TestRatio(t *testing.T) {
	for _, c := range []struct {
		r    Ratio
		bp   int64
		text string
	}{
		{Ratio{1, 3}, 3333, "33.33%"},
		{Ratio{2, 3}, 6667, "66.67%"},
		{Ratio{1, 8}, 1250, "12.50%"},
		{Ratio{1, 20000}, 1, "0.01%"}, // 0.5 bp rounds up
		{Ratio{1, 20001}, 0, "0.00%"},
		{Ratio{3, 2}, 15000, "150.00%"},
		// Sums of amounts in fen: Num·20000 overflows int64, the result does not.
		{Ratio{int64(money.DefaultCeiling) * 1000, int64(money.DefaultCeiling) * 2000}, 5000, "50.00%"},
	} {
		if bp, ok := c.r.BasisPoints(); !ok || bp != c.bp || c.r.String() != c.text {
			t.Errorf("%d/%d = %d bp %s, want %d bp %s", c.r.Num, c.r.Den, bp, c.r, c.bp, c.text)
		}
	}
	if _, ok := (Ratio{1, 0}).BasisPoints(); ok {
		t.Error("1/0 has basis points")
	}
}
