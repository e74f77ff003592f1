package support

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"branchdesk/domain/sync"
)

// LPRShortMonths is the longest term the one-year LPR is the base rate
// for: the five-year-and-above LPR applies to loans longer than five
// years.
const LPRShortMonths = 60

// Errors of the base-rate lookup. Their text is shown as is.
var (
	// ErrNoRateTable reports that head office has sent down no base-rate
	// table; no rate is ever made up in its place.
	ErrNoRateTable = errors.New("总行尚未下发基准利率表，无法按同期限基准利率测算")
	// ErrNoBaseRate reports that the table has no rate in force for the
	// term on the date; it comes as a *NoRateError.
	ErrNoBaseRate = errors.New("基准利率表中没有适用的利率")
	// ErrTerm reports a loan term that is not a whole number of months
	// from 1 to 600.
	ErrTerm = errors.New("贷款期限须为1至600个月")
	// ErrDate reports a date that is not YYYY-MM-DD.
	ErrDate = errors.New("日期格式不正确，应如 2026-11-23")
)

// NoRateError names the term and date no base rate was found for.
// errors.Is(err, ErrNoBaseRate) holds for it.
type NoRateError struct {
	// Months is the loan term.
	Months int
	// Term is the LPR quote the loan's base rate would be.
	Term sync.Term
	// On is the date looked up.
	On string
}

// Error says which rate was looked for on which day.
func (e *NoRateError) Error() string {
	return fmt.Sprintf("%s：%d个月的贷款适用 %s 利率，截至 %s 尚无已生效的该期限利率", ErrNoBaseRate, e.Months, e.Term, e.On)
}

// Unwrap returns ErrNoBaseRate.
func (e *NoRateError) Unwrap() error { return ErrNoBaseRate }

// LPRTerm is the LPR quote that is the base rate of a loan of months: the
// one-year LPR up to five years (60 months included), the
// five-year-and-above LPR beyond.
func LPRTerm(months int) sync.Term {
	if months <= LPRShortMonths {
		return sync.Term1Y
	}
	return sync.Term5Y
}

// BaseRate returns the row of the table that is the base rate of a loan
// of months on the date on (YYYY-MM-DD): the latest row effective on or
// before that day for the loan's term. A row quoted for exactly that many
// months wins over the LPR; without one in force, the LPR of LPRTerm
// applies. The errors are ErrTerm, ErrDate, ErrNoRateTable, a
// *NoRateError, or the table's own (sync.CheckRates) when a row is bad.
func BaseRate(table []sync.Rate, months int, on string) (sync.Rate, error) {
	if months < 1 || months > 600 {
		return sync.Rate{}, fmt.Errorf("%w（%d）", ErrTerm, months)
	}
	if err := checkDate(on); err != nil {
		return sync.Rate{}, err
	}
	if len(table) == 0 {
		return sync.Rate{}, ErrNoRateTable
	}
	if err := sync.CheckRates(table); err != nil {
		return sync.Rate{}, err
	}
	terms := []sync.Term{sync.Term(strconv.Itoa(months)), LPRTerm(months)}
	for _, term := range terms {
		var best sync.Rate
		found := false
		for _, r := range table {
			// YYYY-MM-DD dates, checked above, order as text.
			if r.Term == term && r.Effective <= on && (!found || r.Effective > best.Effective) {
				best, found = r, true
			}
		}
		if found {
			return best, nil
		}
	}
	return sync.Rate{}, &NoRateError{Months: months, Term: LPRTerm(months), On: on}
}

// checkDate reports ErrDate unless d is a real YYYY-MM-DD date.
func checkDate(d string) error {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil || t.Format(time.DateOnly) != d {
		return fmt.Errorf("%w：%q", ErrDate, d)
	}
	return nil
}
