package pipeline

import (
	"errors"
	"testing"
	"time"
)

func TestComplaintSteps(t *testing.T) {
	if _, err := Receive("C1", "wechat", "服务官推诿", t0); !errors.Is(err, ErrChannel) {
		t.Errorf("Receive(wechat) = %v, want ErrChannel", err)
	}
	if _, err := Receive("C1", ChannelPhone, " ", t0); !errors.Is(err, ErrComplaintContent) {
		t.Errorf("Receive(no content) = %v, want ErrComplaintContent", err)
	}
	if _, err := Receive("C1", ChannelPhone, "x", time.Time{}); !errors.Is(err, ErrStepTime) {
		t.Errorf("Receive(no time) = %v, want ErrStepTime", err)
	}
	c, err := Receive("C1", ChannelEmail, "服务官多次推诿，未按约定上门", t0)
	if err != nil {
		t.Fatal(err)
	}
	if c.Last() != Received || c.Content() != "服务官多次推诿，未按约定上门" || c.Closed() {
		t.Fatalf("received = %+v", c)
	}

	h := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }
	refusals := []struct {
		name string
		c    Complaint
		step Step
		at   time.Time
		note string
		want error
		msg  string
	}{
		{"skip investigation", c, Handled, h(1), "x", ErrStepOrder, "投诉须依次受理、调查核实、处理、反馈（下一步应为“调查核实”）"},
		{"receive again", c, Received, h(1), "x", ErrStepOrder, ""},
		{"feedback at once", c, FeedbackGiven, h(1), "x", ErrStepOrder, ""},
		{"nothing received", Complaint{ID: "C0"}, Received, h(1), "x", ErrStepOrder, "投诉须依次受理、调查核实、处理、反馈（尚未受理）"},
		{"before receipt", c, Investigated, t0.Add(-time.Second), "x", ErrStepTime, ""},
		{"no time", c, Investigated, time.Time{}, "x", ErrStepTime, ""},
		{"no findings", c, Investigated, h(1), "\t", ErrStepNote, ""},
	}
	for _, r := range refusals {
		got, err := Advance(r.c, r.step, r.at, r.note)
		if !errors.Is(err, r.want) || r.msg != "" && err.Error() != r.msg {
			t.Errorf("%s: Advance = %v, want %v %q", r.name, err, r.want, r.msg)
		}
		if len(got.Steps) != len(r.c.Steps) {
			t.Errorf("%s: a refused step was recorded", r.name)
		}
	}

	steps := []struct {
		step Step
		at   time.Time
		note string
	}{
		{Investigated, t0, "经核实，服务官因病缺岗未报备"}, // same time as the last step is allowed
		{Handled, h(30), "约谈服务官，另派专人对接"},
		{FeedbackGiven, h(48), "电话告知企业处理结果，企业表示认可"},
	}
	for _, s := range steps {
		prev := c
		if c, err = Advance(c, s.step, s.at, s.note); err != nil {
			t.Fatalf("Advance(%s) = %v", s.step.Title(), err)
		}
		if len(prev.Steps) == len(c.Steps) {
			t.Fatalf("Advance(%s) recorded nothing", s.step.Title())
		}
	}
	if !c.Closed() || len(c.Steps) != 4 {
		t.Fatalf("closed = %+v", c)
	}
	if at, ok := c.At(Handled); !ok || !at.Equal(h(30)) {
		t.Errorf("At(Handled) = %v, %v", at, ok)
	}
	if _, err := Advance(c, FeedbackGiven, h(50), "again"); !errors.Is(err, ErrStepOrder) ||
		err.Error() != "投诉须依次受理、调查核实、处理、反馈（已反馈办结）" {
		t.Errorf("Advance after closing = %v", err)
	}
}

func TestOverdue(t *testing.T) {
	c, err := Receive("C1", ChannelInPerson, "态度差", t0)
	if err != nil {
		t.Fatal(err)
	}
	limit := DefaultLimit
	for _, tc := range []struct {
		name  string
		now   time.Time
		limit time.Duration
		want  bool
	}{
		{"1s before the limit", t0.Add(limit - time.Second), limit, false},
		{"exactly at the limit", t0.Add(limit), limit, false},
		{"1s after the limit", t0.Add(limit + time.Second), limit, true},
		{"zero limit means 7 days", t0.Add(7*24*time.Hour + time.Second), 0, true},
		{"zero limit, exactly 7 days", t0.Add(7 * 24 * time.Hour), 0, false},
		{"a shorter limit", t0.Add(3*24*time.Hour + time.Second), 3 * 24 * time.Hour, true},
	} {
		if got := Overdue(c, tc.now, tc.limit); got != tc.want {
			t.Errorf("%s: Overdue = %v, want %v", tc.name, got, tc.want)
		}
	}
	// Handled but no feedback yet: still open, still overdue.
	c, _ = Advance(c, Investigated, t0.Add(time.Hour), "核实")
	c, _ = Advance(c, Handled, t0.Add(2*time.Hour), "处理")
	if !Overdue(c, t0.Add(limit+time.Second), limit) {
		t.Error("a complaint without feedback is not overdue after the limit")
	}
	// Closed late is closed: no longer highlighted.
	c, _ = Advance(c, FeedbackGiven, t0.Add(limit+time.Hour), "反馈")
	if Overdue(c, t0.Add(30*24*time.Hour), limit) {
		t.Error("a closed complaint is overdue")
	}
	if Overdue(Complaint{}, t0.Add(30*24*time.Hour), limit) {
		t.Error("an empty complaint is overdue")
	}
}
