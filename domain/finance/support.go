package finance

import (
	"context"
	"errors"

	"branchdesk/domain/counter"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/support"
	"branchdesk/domain/survey"
)

// ErrNoSuchDemand refuses a demand id the branch does not have.
var ErrNoSuchDemand = errors.New("融资需求不存在")

// vouchersThisYear reads the register: Yes when the enterprise has an
// application of the business date's year, whatever became of it.
func vouchersThisYear(tx Tx, b counter.Branch, code string) (support.Answer, error) {
	r, err := register(tx, b.ID)
	if err != nil {
		return support.Unknown, err
	}
	year, err := support.Stamp{On: b.BusinessDate}.Year()
	if err != nil {
		return support.Unknown, err
	}
	code = enterprise.NormalizeCreditCode(code)
	for _, app := range r.Applications(year) {
		if app.Code == code {
			return support.Yes, nil
		}
	}
	return support.No, nil
}

// Support assesses the public support (RULES §8) the enterprise of a
// demand can claim: its size from the demand's survey, the loan sought,
// the officer's answers (but whether this year's service vouchers were
// had, which the register says), and the branch's base-rate table on the business
// date. Without a table from head office the interest subsidy is not
// estimated and the assessment says why (support.ErrNoRateTable).
func (s *Service) Support(ctx context.Context, sess *counter.Session, demandID string, a support.Answers) (support.Assessment, error) {
	u, err := officer(sess)
	if err != nil {
		return support.Assessment{}, err
	}
	var out support.Assessment
	err = s.store.View(ctx, func(tx Tx) error {
		st, err := demandState(tx, sess.Branch().ID, demandID)
		if err != nil {
			return err
		}
		// The subsidies are worked out on the amount sought: only who may
		// see it in full (confidential.go) has them.
		if !SeesFigures(u, st.Officer) {
			return ErrNotYourDemand
		}
		r, err := latest(tx, st.Need.SurveyID)
		if err != nil {
			return err
		}
		rates, err := tx.Rates()
		if err != nil {
			return err
		}
		// Whether this year's vouchers were had is the register's to say
		// (第十五条), not the officer's.
		if a.VouchersThisYear, err = vouchersThisYear(tx, sess.Branch(), r.Survey.CreditCode); err != nil {
			return err
		}
		size, sizeErr := survey.Size(r.Survey, s.sizes)
		out = support.Assess(support.Case{
			Size: size, SizeErr: sizeErr,
			Amount: st.Need.Amount, Months: st.Need.TermMonths,
			On: sess.Branch().BusinessDate, Rates: rates, Answers: a,
		})
		return nil
	})
	return out, err
}
