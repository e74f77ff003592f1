package bundle

import (
	"context"
	"database/sql"
	"time"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/sync"
)

// QuarterBranch is one branch's quarterly evaluation at head office.
type QuarterBranch struct {
	// Total is the branch's line, ranked among branches.
	Total appraisal.Row
	// Officers are the branch's officers, ranked within the branch.
	Officers []appraisal.Row
	// Weights scored the branch; Default tells they are
	// appraisal.DefaultWeights, head office having issued it none before
	// the quarter's end.
	Weights appraisal.Weights
	Default bool
}

// QuarterResult is head office's quarterly evaluation across branches.
type QuarterResult struct {
	// Branches are ranked by their line's score.
	Branches []QuarterBranch
	// Officers are every officer of every branch, ranked together.
	Officers []appraisal.Row
}

// QuarterReport evaluates quarter q for every branch that sent records,
// with appraisal.Branch in appraisal.BankZone as the branches do, at
// asOf, from what the branch reported: its demands, complaints, surveys,
// the list's logs and every version of its list (target_listings, the
// rows head office sent and those the branch listed itself). Each branch
// is scored with override when given, else with the weights head office
// issued to that branch before the quarter's end (appraisal.InForce),
// else the defaults — the weights the branch scores itself with.
func (h *HQ) QuarterReport(ctx context.Context, q appraisal.Quarter, override appraisal.Weights, asOf time.Time) (QuarterResult, error) {
	var out QuarterResult
	if override != nil {
		if err := override.Validate(); err != nil {
			return out, err
		}
	}
	desk, err := h.deskRecords(ctx)
	if err != nil {
		return out, err
	}
	_, end := q.Bounds(appraisal.BankZone)
	var totals []appraisal.Row
	byBranch := map[string]QuarterBranch{}
	for branch, recs := range desk {
		b := QuarterBranch{Weights: override}
		if b.Weights == nil {
			if b.Weights, err = h.SentWeights(ctx, branch, end); err != nil {
				return out, err
			}
		}
		if b.Weights == nil {
			b.Weights, b.Default = appraisal.DefaultWeights(), true
		}
		b.Total, b.Officers = appraisal.Branch(branch, *recs, q, b.Weights, appraisal.BankZone, asOf)
		totals = append(totals, b.Total)
		byBranch[branch] = b
		out.Officers = append(out.Officers, b.Officers...)
	}
	for _, t := range appraisal.Rank(totals) {
		b := byBranch[t.Branch]
		b.Total = t
		out.Branches = append(out.Branches, b)
	}
	out.Officers = appraisal.Rank(out.Officers)
	return out, nil
}

// SentWeights are the quarterly weights in force at before for branch:
// those of the last config head office issued the branch before it with
// any (appraisal.InForce); nil before one was.
func (h *HQ) SentWeights(ctx context.Context, branch string, before time.Time) (appraisal.Weights, error) {
	var issued []appraisal.Issued
	err := h.scanConfigs(ctx, func(b string, created time.Time, files map[string][]byte) error {
		data, ok := files[WeightsFile]
		if !ok || b != branch {
			return nil
		}
		i := appraisal.Issued{At: created}
		if err := strictJSON(data, &i.Weights); err != nil {
			return err
		}
		issued = append(issued, i)
		return nil
	})
	return appraisal.InForce(issued, before), err
}

// scanConfigs hands over the files of every config bundle issued, oldest
// first, with its branch and the time it was issued.
func (h *HQ) scanConfigs(ctx context.Context, each func(branch string, created time.Time, files map[string][]byte) error) error {
	return h.scan(ctx, `SELECT branch_id, created, bundle FROM configs WHERE bundle IS NOT NULL ORDER BY branch_id, version`, nil,
		func(rs *sql.Rows) error {
			var branch, created string
			var plain []byte
			if err := rs.Scan(&branch, &created, &plain); err != nil {
				return err
			}
			at, err := time.Parse(time.RFC3339Nano, created)
			if err != nil {
				return err
			}
			b, err := Unpack(plain)
			if err != nil {
				return err
			}
			return each(branch, at, b.Files)
		})
}

// StaffNames are the names head office gave its staff in the config
// bundles it issued, by branch and staff ID, the latest name sent.
func (h *HQ) StaffNames(ctx context.Context) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	err := h.scanConfigs(ctx, func(branch string, _ time.Time, files map[string][]byte) error {
		us, err := decodeLines[sync.User](files[UsersFile])
		if err != nil {
			return err
		}
		for _, u := range us {
			if out[branch] == nil {
				out[branch] = map[string]string{}
			}
			out[branch][u.ID] = u.Name
		}
		return nil
	})
	return out, err
}
