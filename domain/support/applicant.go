package support

import (
	"errors"
	"time"

	"branchdesk/domain/msg"
)

// Periods of the applicant conditions, in years.
const (
	// FraudFreeYears: no fraud against public funds in the last two years
	// (第三十一条（二）).
	FraudFreeYears = 2
	// BlacklistYears: an enterprise that obtained support by fraud may not
	// apply for three years (第三十六条).
	BlacklistYears = 3
	// NoticeWorkingDays is the shortest public notice of the approved
	// applications, in working days (第三十二条).
	NoticeWorkingDays = 5
)

// Errors of the applicant conditions. Each reason of an *Unmet wraps one.
var (
	// ErrUnanswered marks a condition the officer has not answered yet;
	// it comes as an *UnansweredError.
	ErrUnanswered = errors.New("尚未确认")
	// ErrNotLocal: the applicant must be registered here (第三十一条（一）).
	ErrNotLocal = errors.New("须在本地依法登记注册")
	// ErrFraud: no fraud against public funds in the last two years
	// (第三十一条（二）).
	ErrFraud = errors.New("近两年有骗取财政资金等违法违规行为")
	// ErrBlacklisted: three years barred after a fraud (第三十六条).
	ErrBlacklisted = errors.New("骗取、套取扶持资金的企业3年内不得申请")
	// ErrFraudDate reports a fraud answered without a valid date, or one
	// after the day of the assessment.
	ErrFraudDate = errors.New("须填写骗取财政资金的处理日期（不晚于今天）")
)

// UnansweredError is a condition the officer has not answered. errors.Is
// finds both ErrUnanswered and the condition's sentinel in it.
type UnansweredError struct {
	// Cond is the condition's sentinel.
	Cond error
	// Question is what is still to be confirmed, e.g. "是否在本地登记注册".
	Question msg.Text
}

// Error reads "尚未确认是否在本地登记注册".
func (e *UnansweredError) Error() string { return e.Message().String() }

// Message is ErrUnanswered's text and the question, which a screen in
// another language translates apart.
func (e *UnansweredError) Message() msg.Text { return msg.Sprintf("尚未确认%s", e.Question) }

// Unwrap returns ErrUnanswered and the condition.
func (e *UnansweredError) Unwrap() []error { return []error{ErrUnanswered, e.Cond} }

// require is nil for Yes, cond for No, and an *UnansweredError asking
// question otherwise.
func require(a Answer, cond error, question msg.Text) error {
	switch a {
	case Yes:
		return nil
	case No:
		return cond
	}
	return &UnansweredError{Cond: cond, Question: question}
}

// Applicant is what the officer answers about the enterprise as an
// applicant for support funds (第三十一条、第三十六条).
type Applicant struct {
	// Local: the enterprise is registered in this city.
	Local Answer
	// Fraud: it obtained public funds by fraud (骗取、套取财政资金) within
	// the last three years. No means none in that time.
	Fraud Answer
	// FraudOn is the day the fraud was dealt with, YYYY-MM-DD; needed when
	// Fraud is Yes.
	FraudOn string
}

// local is the registration condition alone; the service vouchers ask it
// too (武汉 第五条).
func (a Applicant) local() error {
	return require(a.Local, ErrNotLocal, msg.Sprintf("是否在本地依法登记注册"))
}

// BlacklistedUntil is the last day an enterprise whose fraud was dealt
// with on fraudOn may not apply: three years on. As 民法典第二百零一条、
// 第二百零二条 count a period, it starts the next day and ends on the day
// of the same date three years later, that day included, or on the
// month's last day when it has no such date (2024-02-29 → 2027-02-28).
func BlacklistedUntil(fraudOn string) (string, error) {
	return yearsOn(fraudOn, BlacklistYears)
}

// yearsOn is the last day of a period of years counted from day: the
// same date years later or, where that month has no such day (02-29), the
// month's last day (民法典第二百零二条). time.AddDate would roll over to
// 03-01 instead.
func yearsOn(day string, years int) (string, error) {
	if err := checkDate(day); err != nil {
		return "", err
	}
	d, _ := time.Parse(time.DateOnly, day)
	first := time.Date(d.Year()+years, d.Month(), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d.Day(), last)-1).Format(time.DateOnly), nil
}

// Check lists every applicant condition a is not known to meet on the
// day on (YYYY-MM-DD): registered locally, no fraud in the last two
// years, not barred three years after one.
func (a Applicant) Check(on string) []error {
	var out []error
	if err := checkDate(on); err != nil {
		return []error{err}
	}
	if err := a.local(); err != nil {
		out = append(out, err)
	}
	switch a.Fraud {
	case No:
	case Yes:
		if checkDate(a.FraudOn) != nil || a.FraudOn > on {
			out = append(out, ErrFraudDate)
			break
		}
		// Both periods count from the day after and include their last day.
		twoYears, _ := yearsOn(a.FraudOn, FraudFreeYears)
		until, _ := BlacklistedUntil(a.FraudOn)
		if on <= twoYears {
			out = append(out, msg.Errorf("%w（%s）", ErrFraud, a.FraudOn))
		}
		if on <= until {
			out = append(out, msg.Errorf("%w（至 %s）", ErrBlacklisted, until))
		}
	default:
		out = append(out, &UnansweredError{Cond: ErrFraud, Question: msg.Sprintf("近三年有无骗取、套取财政资金等违法违规行为")})
	}
	return out
}
