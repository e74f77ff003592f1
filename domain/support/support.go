// Package support decides which public support a small or micro enterprise
// can claim when an officer matches its financing demand (RULES §8, seed
// 003 parts 2 and 4): the micro-enterprise startup loan, the
// guarantee-fee subsidy, the interest subsidy (贴息) at half the base rate
// of the same term, and the service vouchers (服务补贴券).
//
// What the survey does not hold — the founder, the licence, the
// investment, a fraud record — the officer answers. An answer left blank
// never qualifies: Answer and Given are unanswered in their zero value,
// and every scheme lists each condition that is unmet or unanswered, not
// just the first.
//
// Everything here is pure: no storage, no screens, no clock but the dates
// passed in.
package support

import (
	"errors"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// Answer is the officer's answer to a yes-or-no question. The zero value
// is Unknown, which never meets a condition.
type Answer int

// The answers.
const (
	Unknown Answer = iota // not answered yet
	Yes                   // 是
	No                    // 否
)

// Given is a figure the officer typed in. The zero value is not given,
// which never meets a condition, so an empty field is not read as 0.
type Given[T any] struct {
	// Value is the figure; meaningless unless OK.
	Value T
	// OK reports that the officer gave the figure.
	OK bool
}

// Give returns v as a given figure.
func Give[T any](v T) Given[T] { return Given[T]{Value: v, OK: true} }

// Founder is the group the founder of a micro enterprise belongs to
// (第六条). The zero value is unanswered.
type Founder int

// The founders' groups: the four key groups of 第六条, then anyone else.
const (
	Graduate         Founder = iota + 1 // 高校毕业生
	ReturningMigrant                    // 返乡农民工
	Unemployed                          // 失业人员
	Veteran                             // 军队复员人员
	OtherFounder                        // 其他人员
)

// Founders lists the groups in the form's order.
func Founders() []Founder {
	return []Founder{Graduate, ReturningMigrant, Unemployed, Veteran, OtherFounder}
}

// Title is the group in Chinese, e.g. "高校毕业生"; "" when unanswered.
func (f Founder) Title() string {
	switch f {
	case Graduate:
		return "高校毕业生"
	case ReturningMigrant:
		return "返乡农民工"
	case Unemployed:
		return "失业人员"
	case Veteran:
		return "军队复员人员"
	case OtherFounder:
		return "其他人员"
	}
	return ""
}

// Key reports whether the group is one the startup support is for.
func (f Founder) Key() bool { return f >= Graduate && f <= Veteran }

// Scheme is a kind of public support.
type Scheme int

// The schemes of RULES §8, in the order the assessment lists them.
const (
	Startup      Scheme = iota + 1 // 微型企业创业扶持贷款 (第六条、第七条)
	GuaranteeFee                   // 担保费补助 (第九条)
	Interest                       // 贷款贴息 (第十一条)
	Vouchers                       // 服务补贴券 (武汉 第七条)
)

// Schemes lists the schemes in order.
func Schemes() []Scheme { return []Scheme{Startup, GuaranteeFee, Interest, Vouchers} }

// Title is the scheme in Chinese, e.g. "贷款贴息".
func (s Scheme) Title() string {
	switch s {
	case Startup:
		return "微型企业创业扶持贷款"
	case GuaranteeFee:
		return "融资担保费补助"
	case Interest:
		return "贷款贴息"
	case Vouchers:
		return "小微企业服务补贴券"
	}
	return ""
}

// Unmet lists every condition of a scheme that the enterprise does not
// meet or that is unanswered. errors.Is finds each condition's sentinel
// in it.
type Unmet struct {
	// Scheme is the scheme refused.
	Scheme Scheme
	// Reasons are the conditions unmet, in the order the rules list them,
	// each wrapping its sentinel.
	Reasons []error
}

// Error lists the reasons: "贷款贴息不适用：…；…".
func (u *Unmet) Error() string { return u.Message().String() }

// Message is the scheme and each reason, "；" between them.
func (u *Unmet) Message() msg.Text {
	parts := make(msg.List, len(u.Reasons))
	for i, r := range u.Reasons {
		parts[i] = msg.Sprintf("%v", r)
	}
	return msg.Sprintf("%s不适用：%s", u.Scheme.Title(), parts)
}

// Unwrap returns the reasons.
func (u *Unmet) Unwrap() []error { return u.Reasons }

// unmet collects reasons; it returns nil when there are none.
type unmet struct {
	scheme  Scheme
	reasons []error
}

func (u *unmet) add(err error) {
	if err != nil {
		u.reasons = append(u.reasons, err)
	}
}

// with adds err and returns the reasons.
func (u *unmet) with(err error) error {
	u.add(err)
	return u.err()
}

func (u *unmet) err() error {
	if len(u.reasons) == 0 {
		return nil
	}
	return &Unmet{Scheme: u.scheme, Reasons: u.reasons}
}

// Reasons takes the reasons out of an error of this package: the
// conditions of an *Unmet, or the error itself.
func Reasons(err error) []error {
	if err == nil {
		return nil
	}
	var u *Unmet
	if errors.As(err, &u) {
		return u.Reasons
	}
	return []error{err}
}

// ceilingError is a figure above money.DefaultCeiling, the widest amount
// the counter takes: a typo, never a business amount, and one whose
// products would overflow. It reads "每年实付利息金额超过上限
// ¥9,999,999,999.99"; errors.Is finds the condition's sentinel and
// money.ErrTooLarge in it.
type ceilingError struct {
	cond error
	what msg.Text // the figure, e.g. "每年实付利息"
}

func (e *ceilingError) Error() string { return e.Message().String() }

// Message is the figure and the ceiling, as money's own error reads it
// after the figure's name.
func (e *ceilingError) Message() msg.Text {
	return msg.Sprintf("%s金额超过上限 %s", e.what, e.limit().Ceiling)
}

// limit is money's own error for the ceiling.
func (e *ceilingError) limit() *money.TooLargeError {
	return &money.TooLargeError{Ceiling: money.DefaultCeiling}
}

// Unwrap returns the condition and a *money.TooLargeError.
func (e *ceilingError) Unwrap() []error { return []error{e.cond, e.limit()} }

// tooLarge is the reason for the figure what above the ceiling, wrapping
// cond.
func tooLarge(cond error, what msg.Text) error { return &ceilingError{cond: cond, what: what} }
