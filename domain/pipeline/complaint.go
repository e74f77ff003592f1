package pipeline

import (
	"errors"
	"slices"
	"strings"
	"time"

	"branchdesk/domain/msg"
)

// Channel is how a complaint came in.
type Channel string

// The complaint channels of the supervision office (投诉举报电话和邮箱, or in
// person).
const (
	ChannelPhone    Channel = "phone"     // 电话
	ChannelEmail    Channel = "email"     // 邮件
	ChannelInPerson Channel = "in-person" // 现场
)

// Channels returns the channels in the form's order.
func Channels() []Channel { return []Channel{ChannelPhone, ChannelEmail, ChannelInPerson} }

// Title is the channel in Chinese, e.g. "电话"; "" for an unknown key.
func (c Channel) Title() string {
	switch c {
	case ChannelPhone:
		return "电话"
	case ChannelEmail:
		return "邮件"
	case ChannelInPerson:
		return "现场"
	}
	return ""
}

// Step is a step of handling a complaint. The steps come in order.
type Step int

// The steps of a complaint: received → investigated → handled → feedback
// given, which closes it.
const (
	Received      Step = iota + 1 // 受理
	Investigated                  // 调查核实
	Handled                       // 处理
	FeedbackGiven                 // 反馈
)

// Title is the step in Chinese, e.g. "调查核实"; "" for no step.
func (s Step) Title() string {
	switch s {
	case Received:
		return "受理"
	case Investigated:
		return "调查核实"
	case Handled:
		return "处理"
	case FeedbackGiven:
		return "反馈"
	}
	return ""
}

// StepRecord is one step taken on a complaint.
type StepRecord struct {
	// Step is the step taken.
	Step Step
	// At is when it was taken.
	At time.Time
	// Note is the complaint's content (Received), the findings
	// (Investigated), what was done (Handled) or what the complainant was
	// told (FeedbackGiven).
	Note string
}

// Complaint is a complaint about the credit financing service, with every
// step taken on it.
type Complaint struct {
	// ID identifies the complaint in the register.
	ID string
	// Channel is how it came in.
	Channel Channel
	// Officer is the staff ID of the officer complained about, if any.
	Officer string
	// Institution is the institution complained about, if any.
	Institution string
	// Steps are the steps taken, in order, starting with Received. Steps
	// are only ever added.
	Steps []StepRecord
}

// DefaultLimit is how long a complaint may stay open before it is overdue:
// seven calendar days from receipt.
const DefaultLimit = 7 * 24 * time.Hour

// Errors of the complaint register. Their text is shown as is.
var (
	// ErrChannel refuses a complaint without a known channel.
	ErrChannel = errors.New("请选择投诉渠道：电话、邮件或现场")
	// ErrComplaintContent refuses a complaint without its content.
	ErrComplaintContent = errors.New("须记录投诉内容")
	// ErrStepOrder refuses a step out of order; it is wrapped with the
	// step expected.
	ErrStepOrder = errors.New("投诉须依次受理、调查核实、处理、反馈")
	// ErrStepTime refuses a step without a time or dated before the last.
	ErrStepTime = errors.New("办理时间不能为空，也不能早于上一步")
	// ErrStepNote refuses a step without its note.
	ErrStepNote = errors.New("须填写调查、处理或反馈的情况")
)

// Receive registers a complaint received at at through ch. The errors are
// ErrChannel, ErrComplaintContent and ErrStepTime (a zero time).
func Receive(id string, ch Channel, content string, at time.Time) (Complaint, error) {
	switch {
	case ch.Title() == "":
		return Complaint{}, ErrChannel
	case strings.TrimSpace(content) == "":
		return Complaint{}, ErrComplaintContent
	case at.IsZero():
		return Complaint{}, ErrStepTime
	}
	return Complaint{ID: id, Channel: ch, Steps: []StepRecord{{Received, at, content}}}, nil
}

// Content is what the complainant said.
func (c Complaint) Content() string {
	if len(c.Steps) == 0 {
		return ""
	}
	return c.Steps[0].Note
}

// Last is the last step taken; 0 for an empty complaint.
func (c Complaint) Last() Step {
	if len(c.Steps) == 0 {
		return 0
	}
	return c.Steps[len(c.Steps)-1].Step
}

// At returns when step was taken, and whether it has been.
func (c Complaint) At(step Step) (time.Time, bool) {
	for _, s := range c.Steps {
		if s.Step == step {
			return s.At, true
		}
	}
	return time.Time{}, false
}

// Closed reports whether feedback has been given.
func (c Complaint) Closed() bool { return c.Last() == FeedbackGiven }

// Advance records the next step of c, taken at at, with its note. Steps go
// in order only, none skipped or repeated; the errors are ErrStepOrder
// (naming the step expected), ErrStepTime and ErrStepNote. c itself is not
// changed.
func Advance(c Complaint, step Step, at time.Time, note string) (Complaint, error) {
	want := c.Last() + 1
	switch {
	case c.Last() == 0:
		return c, msg.Errorf("%w（尚未受理）", ErrStepOrder)
	case c.Closed():
		return c, msg.Errorf("%w（已反馈办结）", ErrStepOrder)
	case step != want:
		return c, msg.Errorf("%w（下一步应为“%s”）", ErrStepOrder, want.Title())
	case at.IsZero() || at.Before(c.Steps[len(c.Steps)-1].At):
		return c, ErrStepTime
	case strings.TrimSpace(note) == "":
		return c, ErrStepNote
	}
	c.Steps = append(slices.Clip(c.Steps), StepRecord{step, at, note})
	return c, nil
}

// Overdue reports whether c is still open more than limit after it was
// received: exactly at the limit it is not yet overdue. A limit of zero or
// less means DefaultLimit. A closed complaint is never overdue.
func Overdue(c Complaint, now time.Time, limit time.Duration) bool {
	if limit <= 0 {
		limit = DefaultLimit
	}
	received, ok := c.At(Received)
	return ok && !c.Closed() && PastLimit(received, now, limit)
}

// PastLimit reports whether, at now, more than limit has passed since
// start: exactly at the limit it has not. Overdue and the quarter's
// timeliness measures share it.
func PastLimit(start, now time.Time, limit time.Duration) bool { return now.Sub(start) > limit }
