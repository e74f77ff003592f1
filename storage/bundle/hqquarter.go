package bundle

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/target"
)

// QuarterBranch is one branch's quarterly evaluation at head office.
type QuarterBranch struct {
	// Total is the branch's line, ranked among branches.
	Total appraisal.Row
	// Officers are the branch's officers, ranked within the branch.
	Officers []appraisal.Row
}

// QuarterResult is head office's quarterly evaluation across branches.
type QuarterResult struct {
	// Branches are ranked by their line's score.
	Branches []QuarterBranch
	// Officers are every officer of every branch, ranked together.
	Officers []appraisal.Row
}

// QuarterReport evaluates quarter q for every branch that sent records,
// with appraisal.Branch as the branches do, scored with w, at asOf. The
// list (名单) of a branch is the one head office sent down in its config
// bundles, each target as the latest version sent it; a list a branch
// keeps only locally is not known here.
func (h *HQ) QuarterReport(ctx context.Context, q appraisal.Quarter, w appraisal.Weights, asOf time.Time) (QuarterResult, error) {
	var out QuarterResult
	if err := w.Validate(); err != nil {
		return out, err
	}
	desk, err := h.deskRecords(ctx)
	if err != nil {
		return out, err
	}
	lists, err := h.sentLists(ctx)
	if err != nil {
		return out, err
	}
	for branch, ts := range lists {
		if desk[branch] == nil {
			desk[branch] = &appraisal.Records{}
		}
		desk[branch].Targets = ts
	}
	var totals []appraisal.Row
	byBranch := map[string][]appraisal.Row{}
	for branch, recs := range desk {
		total, rows := appraisal.Branch(branch, *recs, q, w, time.Local, asOf)
		totals = append(totals, total)
		byBranch[branch] = rows
		out.Officers = append(out.Officers, rows...)
	}
	for _, t := range appraisal.Rank(totals) {
		out.Branches = append(out.Branches, QuarterBranch{Total: t, Officers: byBranch[t.Branch]})
	}
	out.Officers = appraisal.Rank(out.Officers)
	return out, nil
}

// sentLists is each branch's list as head office's config bundles sent it.
func (h *HQ) sentLists(ctx context.Context) (map[string][]target.Target, error) {
	out := map[string][]target.Target{}
	err := h.scanConfigs(ctx, func(branch string, files map[string][]byte) error {
		ts, err := decodeLines[target.Target](files[TargetsFile])
		if err != nil {
			return err
		}
		have := out[branch]
		for _, t := range ts {
			i := sort.Search(len(have), func(i int) bool { return have[i].ID >= t.ID })
			if i < len(have) && have[i].ID == t.ID {
				have[i] = t
				continue
			}
			have = append(have[:i], append([]target.Target{t}, have[i:]...)...)
		}
		out[branch] = have
		return nil
	})
	return out, err
}

// SentWeights are the quarterly weights of the config head office issued
// last with any; nil before one did.
func (h *HQ) SentWeights(ctx context.Context) (appraisal.Weights, error) {
	var w appraisal.Weights
	err := h.scanConfigs(ctx, func(_ string, files map[string][]byte) error {
		if data, ok := files[WeightsFile]; ok {
			w = nil
			return strictJSON(data, &w)
		}
		return nil
	})
	return w, err
}

// scanConfigs hands over the files of every config bundle issued, oldest
// first.
func (h *HQ) scanConfigs(ctx context.Context, each func(branch string, files map[string][]byte) error) error {
	return h.scan(ctx, `SELECT branch_id, bundle FROM configs WHERE bundle IS NOT NULL ORDER BY created, branch_id, version`, nil,
		func(rs *sql.Rows) error {
			var branch string
			var plain []byte
			if err := rs.Scan(&branch, &plain); err != nil {
				return err
			}
			b, err := Unpack(plain)
			if err != nil {
				return err
			}
			return each(branch, b.Files)
		})
}
