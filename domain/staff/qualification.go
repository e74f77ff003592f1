package staff

import (
	"errors"
	"strings"
	"time"

	"branchdesk/domain/msg"
)

// Qualification is what 第五条 asks of a teller before they work alone:
// the training exam passed, the time at the counter, and for cash work the
// anti-counterfeit certificate (反假币上岗资格证书), with its number and the
// last day it is valid. Dates are YYYY-MM-DD; "" is not recorded.
type Qualification struct {
	User         string
	TrainedOn    string // the day the training exam was passed
	CounterSince string // the first day at the counter
	CertNo       string // the certificate's number
	CertExpires  string // the last day the certificate is valid
}

// Refusals and checks of qualifications.
var (
	ErrNoCertificate      = errors.New("未登记反假币上岗资格证书，不能办理现金业务（第五条）：请业务主管在柜员管理中登记")
	ErrCertificateExpired = errors.New("反假币上岗资格证书已过期，不能办理现金业务（第五条）")
	ErrQualificationDate  = errors.New("日期格式应为 YYYY-MM-DD，如 2026-12-31")
	ErrCertificateHalf    = errors.New("反假币上岗资格证书须同时登记编号和有效期")
	ErrCertificateNo      = errors.New("证书编号只能由字母、数字和连字符组成，长度 4 至 32 位")
)

// CertificateWarningDays is how far ahead an expiring certificate is listed
// for the branch's A.
const CertificateWarningDays = 30

// Validate checks the record as an A keys it: dates that are dates, and a
// certificate with both its number and its expiry, or neither.
func (q Qualification) Validate() error {
	for _, d := range []struct{ what, v string }{{"培训考试日期", q.TrainedOn}, {"上柜日期", q.CounterSince}, {"证书有效期", q.CertExpires}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.v); err != nil {
			return msg.Errorf("%s：%w", d.what, ErrQualificationDate)
		}
	}
	if (q.CertNo == "") != (q.CertExpires == "") {
		return ErrCertificateHalf
	}
	if q.CertNo != "" && !certNo(q.CertNo) {
		return ErrCertificateNo
	}
	return nil
}

func certNo(s string) bool {
	if len(s) < 4 || len(s) > 32 {
		return false
	}
	return strings.Trim(s, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-") == ""
}

// Refusals of a teller who may not yet work alone (第五条).
var (
	ErrNotTrained      = errors.New("未登记培训考试合格，不能单人上岗（第五条）：C级柜员由业务主管在柜员管理中登记，B级、A级由管理员用 bdctl user qualify 登记")
	ErrCounterTooShort = errors.New("临柜不满一年，不能单人上岗（第五条）")
)

// CounterYears is how long a teller must have been at the counter before
// working alone: 一年以上, the year itself included.
const CounterYears = 1

// AloneAllowed refuses to let a teller work alone on date (YYYY-MM-DD)
// unless the training exam was passed by then and they have been at the
// counter CounterYears: from the anniversary of their first day on (the
// anniversary itself included; from 29 February, 1 March), never the day
// before.
func (q Qualification) AloneAllowed(date string) error {
	if q.TrainedOn == "" || q.TrainedOn > date {
		return ErrNotTrained
	}
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return msg.Errorf("%s：%w", date, ErrQualificationDate)
	}
	if q.CounterSince == "" {
		return msg.Errorf("%w：未登记上柜日期", ErrCounterTooShort)
	}
	start, err := time.Parse(time.DateOnly, q.CounterSince)
	if err != nil {
		return msg.Errorf("%s：%w", q.CounterSince, ErrQualificationDate)
	}
	if from := start.AddDate(CounterYears, 0, 0); d.Before(from) {
		return msg.Errorf("%w：%s 起上柜，%s 起方可单人上岗", ErrCounterTooShort, q.CounterSince, from.Format(time.DateOnly))
	}
	return nil
}

// CashAllowed refuses cash work on date (YYYY-MM-DD) without a certificate
// valid that day. The expiry day itself is still valid.
func (q Qualification) CashAllowed(date string) error {
	if q.CertNo == "" || q.CertExpires == "" {
		return ErrNoCertificate
	}
	if date > q.CertExpires {
		return msg.Errorf("%w：%s 到期", ErrCertificateExpired, q.CertExpires)
	}
	return nil
}

// DaysLeft is how many days after date the certificate is still valid: 0
// on its expiry day, negative once expired. It is meaningless without a
// certificate.
func (q Qualification) DaysLeft(date string) int {
	d, err1 := time.Parse(time.DateOnly, date)
	e, err2 := time.Parse(time.DateOnly, q.CertExpires)
	if err1 != nil || err2 != nil {
		return -1
	}
	return int(e.Sub(d).Hours() / 24)
}

// Expiring reports whether the certificate is missing, expired, or ends
// within CertificateWarningDays of date: what the A is shown.
func (q Qualification) Expiring(date string) bool {
	return q.CertNo == "" || q.DaysLeft(date) <= CertificateWarningDays
}

// Title says where the certificate stands on date, for lists.
func (q Qualification) Title(date string) string { return q.Message(date).String() }

// Message is Title with its figures apart, for a screen to translate.
func (q Qualification) Message(date string) msg.Text {
	switch n := q.DaysLeft(date); {
	case q.CertNo == "":
		return msg.Sprintf("未登记反假币证书")
	case n < 0:
		return msg.Sprintf("反假币证书 %s 已于 %s 过期", q.CertNo, q.CertExpires)
	case n == 0:
		return msg.Sprintf("反假币证书 %s 今日到期", q.CertNo)
	default:
		return msg.Sprintf("反假币证书 %s 还有 %d 天到期（%s）", q.CertNo, n, q.CertExpires)
	}
}
