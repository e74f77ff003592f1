package finance

import (
	"context"
	"errors"

	"branchdesk/domain/counter"
	"branchdesk/domain/support"
	"branchdesk/domain/survey"
)

// ErrNoSuchDemand refuses a demand id the branch does not have.
var ErrNoSuchDemand = errors.New("融资需求不存在")

// Support assesses the public support (RULES §8) the enterprise of a
// demand can claim: its size from the demand's survey, the loan sought,
// the officer's answers, and the branch's base-rate table on the business
// date. Without a table from head office the interest subsidy is not
// estimated and the assessment says why (support.ErrNoRateTable).
func (s *Service) Support(ctx context.Context, sess *counter.Session, demandID string, a support.Answers) (support.Assessment, error) {
	if _, err := officer(sess); err != nil {
		return support.Assessment{}, err
	}
	var out support.Assessment
	err := s.store.View(ctx, func(tx Tx) error {
		st, err := demandState(tx, sess.Branch().ID, demandID)
		if err != nil {
			return err
		}
		r, err := latest(tx, st.Need.SurveyID)
		if err != nil {
			return err
		}
		rates, err := tx.Rates()
		if err != nil {
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
