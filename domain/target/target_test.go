package target

import (
	"errors"
	"testing"
	"time"
)

// 第九条: only 积极进入类 and 正常进入类 are marketed.
func TestMarketable(t *testing.T) {
	for c, want := range map[Class]bool{Preferred: true, Normal: true, Cautious: false, Exit: false} {
		if c.Marketable() != want {
			t.Errorf("%s: %v", c.Title(), !want)
		}
	}
	tg := Target{ID: "T1", Name: "甲", Class: Exit, Officer: "2001", Deadline: "2026-12-01"}
	if err := CheckLog(tg, Log{Target: "T1", Date: "2026-11-23", Text: "走访"}); !errors.Is(err, ErrNotMarketed) {
		t.Fatalf("log for an exit-class customer: %v", err)
	}
	tg.Class = Normal
	if err := CheckLog(tg, Log{Target: "T1", Date: "2026-11-23", Text: " "}); !errors.Is(err, ErrLogText) {
		t.Fatalf("empty log: %v", err)
	}
}

func TestValidate(t *testing.T) {
	good := Target{Name: "甲", Class: Normal, Officer: "2001", Deadline: "2026-12-01", CreditCode: "91350100M000100Y43"}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mut  func(*Target)
		want error
	}{
		{func(t *Target) { t.Name = "" }, ErrName},
		{func(t *Target) { t.Class = "x" }, ErrClass},
		{func(t *Target) { t.Officer = "" }, ErrOfficer},
		{func(t *Target) { t.Deadline = "2026-13-01" }, ErrDeadline},
	} {
		g := good
		tc.mut(&g)
		if err := g.Validate(); !errors.Is(err, tc.want) {
			t.Errorf("got %v, want %v", err, tc.want)
		}
	}
}

// 周清: due within seven days from the day, the day itself included, the
// seventh day not; past deadlines are overdue.
func TestWeekDue(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	ts := []Target{
		{ID: "a", Class: Normal, Deadline: "2026-11-22"},    // yesterday: overdue
		{ID: "b", Class: Preferred, Deadline: "2026-11-23"}, // today
		{ID: "c", Class: Normal, Deadline: "2026-11-29"},    // sixth day
		{ID: "d", Class: Normal, Deadline: "2026-11-30"},    // seventh day: next week
		{ID: "e", Class: Exit, Deadline: "2026-11-23"},      // not marketed
	}
	due := WeekDue(ts, []Log{{Target: "b", Date: "2026-11-20"}}, day)
	if len(due) != 3 || due[0].Target.ID != "a" || !due[0].Overdue || due[1].Target.ID != "b" || due[1].LastLog != "2026-11-20" || due[2].Target.ID != "c" || due[2].Overdue {
		t.Fatalf("%+v", due)
	}
}

// 月结 per officer, counted by hand.
func TestSummarize(t *testing.T) {
	ts := []Target{
		{ID: "a", Class: Normal, Officer: "2001", Deadline: "2026-11-10", WithUs: true},
		{ID: "b", Class: Preferred, Officer: "2001", Deadline: "2026-12-31"},
		{ID: "c", Class: Exit, Officer: "2001", Deadline: "2026-11-10"},
		{ID: "d", Class: Normal, Officer: "2002", Deadline: "2026-12-31"},
	}
	logs := []Log{
		{Target: "a", Officer: "2001", Date: "2026-11-03"}, {Target: "a", Officer: "2001", Date: "2026-11-04"},
		{Target: "d", Officer: "2002", Date: "2026-10-31"},
	}
	got, err := Summarize(ts, logs, "2026-11")
	if err != nil {
		t.Fatal(err)
	}
	want := []Month{
		{Month: "2026-11", Officer: "2001", Listed: 2, Logged: 1, Logs: 2, Overdue: 1, WithUs: 1},
		{Month: "2026-11", Officer: "2002", Listed: 1},
	}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %+v", got)
	}
	if _, err := Summarize(ts, logs, "11/2026"); err == nil {
		t.Fatal("bad month accepted")
	}
}

// The 合计 line adds every officer's row; an empty month is all zero.
func TestTotal(t *testing.T) {
	got := Total([]Month{
		{Month: "2026-11", Officer: "2001", Listed: 12, Logged: 9, Logs: 23, Overdue: 2, WithUs: 4},
		{Month: "2026-11", Officer: "2002", Listed: 8, Logged: 5, Logs: 11, Overdue: 1, WithUs: 3},
	})
	want := Month{Month: "2026-11", Listed: 20, Logged: 14, Logs: 34, Overdue: 3, WithUs: 7}
	if got != want {
		t.Fatalf("total %+v, want %+v", got, want)
	}
	if got := Total(nil); got != (Month{}) {
		t.Fatalf("empty total %+v", got)
	}
}

// TestQuarterListAsOfByDate: the list as it stood is decided by each
// version's listing date, not by the order versions arrive — head office
// reads a branch's server (T01) before its laptop (T02), so an older
// version from T02 must not hide a newer class change from T01. On the
// class change's own day it holds; the day before, the older version does.
func TestQuarterListAsOfByDate(t *testing.T) {
	x := func(class Class, listed string) Target { return Target{ID: "X", Class: class, Listed: listed} }
	hqOrder := []Target{x(Preferred, "2026-10-01"), x(Exit, "2026-11-15"), x(Preferred, "2026-10-02")}
	for day, want := range map[string]Class{"2026-12-31": Exit, "2026-11-15": Exit, "2026-11-14": Preferred, "2026-10-01": Preferred} {
		got := AsOf(hqOrder, day)
		if len(got) != 1 || got[0].Class != want {
			t.Errorf("as of %s: %+v, want %s", day, got, want)
		}
	}
	if got := AsOf(hqOrder, "2026-09-30"); len(got) != 0 {
		t.Errorf("before it was listed: %+v", got)
	}
	// Two versions of one day: the later given wins (one terminal's order).
	if got := AsOf([]Target{x(Normal, "2026-11-15"), x(Cautious, "2026-11-15")}, "2026-11-15"); got[0].Class != Cautious {
		t.Errorf("same day: %+v", got)
	}
}
