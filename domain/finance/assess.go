package finance

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"branchdesk/domain/counter"
	"branchdesk/domain/msg"
	"branchdesk/domain/pipeline"
)

// SettingBorrowingPct is head office's caution against over-lending, the
// highest loans after a new one as a percentage of the enterprise's last
// year's revenue (pipeline.CreditPolicy); it comes down in config bundles.
// Unset, pipeline.DefaultBorrowingPct applies.
const SettingBorrowingPct = "max_borrowing_pct"

// ErrMatchRefused refuses to match a product to an enterprise that may be
// offered none (pipeline.Assess); it is wrapped with the reason.
var ErrMatchRefused = errors.New("不能对接金融产品")

// MatchRefused is why no product may be matched to the demand a assessed,
// as ErrMatchRefused, or nil when products may be.
func MatchRefused(a pipeline.Assessment) error {
	if a.Refused == nil {
		return nil
	}
	return msg.Errorf("%w：%s", ErrMatchRefused, *a.Refused)
}

// Assess matches a demand to the catalogue with the enterprise's standing
// from its survey and head office's credit policy: the products that fit,
// each with its reasons, the warnings, or why nothing may be offered. It is
// the demand's officer's, or the branch's A's or supervisor's, to read.
func (s *Service) Assess(ctx context.Context, sess *counter.Session, demandID string) (pipeline.Assessment, error) {
	u, err := officer(sess)
	if err != nil {
		return pipeline.Assessment{}, err
	}
	var a pipeline.Assessment
	err = s.store.View(ctx, func(tx Tx) error {
		st, err := demandState(tx, sess.Branch().ID, demandID)
		if err != nil {
			return err
		}
		// The warnings name the enterprise's figures: only who may see
		// them in full (confidential.go) has the assessment.
		if !SeesFigures(u, st.Officer) {
			return ErrNotYourDemand
		}
		a, err = assess(tx, st.Need)
		return err
	})
	return a, err
}

// demandState replays one demand of the branch; ErrNoSuchDemand when it
// has no events.
func demandState(tx Tx, branch, id string) (pipeline.DemandState, error) {
	events, err := tx.DemandEvents(branch, id)
	if err != nil {
		return pipeline.DemandState{}, err
	}
	if len(events) == 0 {
		return pipeline.DemandState{}, msg.Errorf("%w：%s", ErrNoSuchDemand, id)
	}
	return pipeline.Replay(events)
}

// assess is Assess inside a unit of work, for the matching and for the
// check when a product is matched.
func assess(tx Tx, need pipeline.Need) (pipeline.Assessment, error) {
	products, err := tx.Products()
	if err != nil {
		return pipeline.Assessment{}, err
	}
	var e pipeline.Profile
	if r, err := latest(tx, need.SurveyID); err == nil {
		e = pipeline.ProfileOf(r.Survey)
	} else if !errors.Is(err, ErrNoSuchSurvey) {
		return pipeline.Assessment{}, err
	}
	pol, err := creditPolicy(tx)
	if err != nil {
		return pipeline.Assessment{}, err
	}
	return pipeline.Assess(need, e, products, pol), nil
}

// creditPolicy reads head office's share from the branch's settings.
func creditPolicy(tx Tx) (pipeline.CreditPolicy, error) {
	v, err := tx.Setting(SettingBorrowingPct)
	switch {
	case errors.Is(err, counter.ErrNotFound):
		return pipeline.CreditPolicy{}, nil
	case err != nil:
		return pipeline.CreditPolicy{}, err
	}
	pct, err := strconv.Atoi(v)
	if err != nil || pct <= 0 {
		return pipeline.CreditPolicy{}, fmt.Errorf("finance: setting %s = %q", SettingBorrowingPct, v)
	}
	return pipeline.CreditPolicy{MaxBorrowingPct: pct}, nil
}
