package support

import (
	"errors"
	"strconv"
	"time"

	"branchdesk/domain/msg"
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

// Error says which rate was looked for on which day, e.g. "…：12个月的贷款
// 适用1年期LPR，截至 2024-10-20 尚无已生效的该期限利率".
func (e *NoRateError) Error() string { return e.Message().String() }

// Message is the rule, the term, its quote and the date.
func (e *NoRateError) Message() msg.Text {
	return msg.Sprintf("%v：%d个月的贷款适用%s，截至 %s 尚无已生效的该期限利率", ErrNoBaseRate, e.Months, e.Term.Title(), e.On)
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
// of months on the date on (YYYY-MM-DD). Two quotes may be the rate of the
// same term: a row for exactly that many months, and the LPR of LPRTerm.
// Of the rows of either in force that day (effective on or before it), the
// newest is the base rate: a new LPR replaces an old exact-term rate (the
// PBoC's 2015 table) and a new exact-term rate the LPR before it. On the
// same day the exact-term row wins, being the more specific. The errors
// are ErrTerm, ErrDate, ErrNoRateTable, a *NoRateError, or the table's own
// (sync.CheckRates) when a row is bad.
func BaseRate(table []sync.Rate, months int, on string) (sync.Rate, error) {
	if months < 1 || months > 600 {
		return sync.Rate{}, msg.Errorf("%w（%d）", ErrTerm, months)
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
	exact, lpr := sync.Term(strconv.Itoa(months)), LPRTerm(months)
	var best sync.Rate
	found := false
	for _, r := range table {
		// YYYY-MM-DD dates, checked above, order as text. CheckRates
		// allows one row per term and day, so a tie is across the terms.
		if (r.Term != exact && r.Term != lpr) || r.Effective > on {
			continue
		}
		if !found || r.Effective > best.Effective || (r.Effective == best.Effective && r.Term == exact) {
			best, found = r, true
		}
	}
	if !found {
		return sync.Rate{}, &NoRateError{Months: months, Term: lpr, On: on}
	}
	return best, nil
}

// checkDate reports ErrDate unless d is a real YYYY-MM-DD date.
func checkDate(d string) error {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil || t.Format(time.DateOnly) != d {
		return msg.Errorf("%w：%q", ErrDate, d)
	}
	return nil
}
