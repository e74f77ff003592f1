package finance

import (
	"context"
	"errors"
	"time"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/counter"
	"branchdesk/domain/survey"
)

// QuarterReport is a branch's quarterly evaluation (名单制 第十四条, the
// plan's 考核): the weights it was scored with, the branch's line and the
// officers' rows, ranked.
type QuarterReport struct {
	Quarter appraisal.Quarter
	Weights appraisal.Weights
	// Default tells that head office has sent no weights yet.
	Default  bool
	Branch   appraisal.Row
	Officers []appraisal.Row
}

// WeightsSource says where the weights came from, for the screen and the
// PDF.
func (r QuarterReport) WeightsSource() string {
	if r.Default {
		return "默认，季度末前总行未下发"
	}
	return "季度末前总行下发"
}

// Quarter evaluates quarter q for the branch and each officer in the
// bank's zone (appraisal.BankZone), scored with the weights head office
// issued before the quarter's end (appraisal.DefaultWeights before any),
// against the list as it stood (appraisal.Evaluate). Like the KPIs,
// managers (an A, a B who is no officer) see every officer; an officer
// sees their own row, ranked among all, and the branch's line as
// percentages and score only (appraisal.Row.PercentOnly).
func (s *Service) Quarter(ctx context.Context, sess *counter.Session, q appraisal.Quarter) (QuarterReport, error) {
	u, err := reader(sess)
	if err != nil {
		return QuarterReport{}, err
	}
	if _, err := appraisal.NewQuarter(q.Year, q.Q); err != nil {
		return QuarterReport{}, err
	}
	out := QuarterReport{Quarter: q}
	branch := sess.Branch().ID
	err = s.store.View(ctx, func(tx Tx) error {
		_, end := q.Bounds(appraisal.BankZone)
		w, err := tx.QuarterWeights(end)
		switch {
		case errors.Is(err, counter.ErrNotFound):
			w, out.Default = appraisal.DefaultWeights(), true
		case err != nil:
			return err
		}
		out.Weights = w
		recs, err := quarterRecords(tx, branch, q)
		if err != nil {
			return err
		}
		total, rows := appraisal.Branch(branch, recs, q, w, appraisal.BankZone, s.now())
		out.Branch = total
		if !seesBranch(u) {
			out.Branch = total.PercentOnly()
		}
		for _, r := range rows {
			if !seesBranch(u) && r.Officer != u.ID {
				continue
			}
			if who, err := tx.User(r.Officer); err == nil {
				r.Name = who.Name
			}
			out.Officers = append(out.Officers, r)
		}
		return nil
	})
	return out, err
}

// quarterRecords reads what the evaluation of q counts.
func quarterRecords(tx Tx, branch string, q appraisal.Quarter) (appraisal.Records, error) {
	var recs appraisal.Records
	var err error
	if recs.Demands, err = demands(tx, branch); err != nil {
		return recs, err
	}
	if recs.Complaints, err = tx.Complaints(branch); err != nil {
		return recs, err
	}
	if recs.Targets, err = tx.TargetListings(branch); err != nil {
		return recs, err
	}
	// A due week (周清) may start up to 6 days before the quarter.
	from, _ := q.Bounds(time.UTC)
	_, last := q.Days()
	if recs.Logs, err = tx.TargetLogs(branch, from.AddDate(0, 0, -6).Format(time.DateOnly), last); err != nil {
		return recs, err
	}
	rows, err := tx.Surveys(branch)
	if err != nil {
		return recs, err
	}
	for _, r := range rows {
		var vs []survey.Record
		if vs, err = tx.SurveyVersions(r.Record.ID); err != nil {
			return recs, err
		}
		recs.Surveys = append(recs.Surveys, vs...)
	}
	return recs, nil
}
