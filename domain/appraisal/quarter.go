// Package appraisal is the quarterly evaluation of list-based marketing
// (名单制营销 第十四条: 总行每季度末对名单制营销落实情况进行评价) and of the
// credit-financing officers (seed plan 五(二) 考核评价指标体系): six
// measures per officer and per branch, each a ratio; a score weighted as
// head office sends down; and the ranking that is announced (排队通报,
// 第八条(四)). Pure: the records come in, nothing is read or written.
package appraisal

import (
	"errors"
	"fmt"
	"time"

	"branchdesk/domain/msg"
)

// Quarter is one quarter of a calendar year.
type Quarter struct {
	Year int
	Q    int // 1 to 4
}

// ErrQuarter refuses a quarter that is not 1 to 4 of a plausible year.
var ErrQuarter = errors.New("考核季度须为 2000 至 2099 年的第 1 至 4 季度")

// NewQuarter checks year and q.
func NewQuarter(year, q int) (Quarter, error) {
	if q < 1 || q > 4 || year < 2000 || year > 2099 {
		return Quarter{}, msg.Errorf("%w：%d 年第 %d 季度", ErrQuarter, year, q)
	}
	return Quarter{year, q}, nil
}

// Of is the quarter day falls in.
func Of(day time.Time) Quarter {
	return Quarter{day.Year(), (int(day.Month())-1)/3 + 1}
}

// Bounds is the quarter as [first day 00:00, the next quarter's first day
// 00:00) in loc: the first day is in, the last day is in up to its end.
func (q Quarter) Bounds(loc *time.Location) (from, to time.Time) {
	from = time.Date(q.Year, time.Month(3*(q.Q-1)+1), 1, 0, 0, 0, 0, loc)
	return from, from.AddDate(0, 3, 0)
}

// Days are the quarter's first and last dates, "YYYY-MM-DD".
func (q Quarter) Days() (first, last string) {
	from, to := q.Bounds(time.UTC)
	return from.Format(time.DateOnly), to.AddDate(0, 0, -1).Format(time.DateOnly)
}

// String is e.g. "2026年第4季度".
func (q Quarter) String() string { return fmt.Sprintf("%d年第%d季度", q.Year, q.Q) }
