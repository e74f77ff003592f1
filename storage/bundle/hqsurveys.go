package bundle

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"branchdesk/domain/survey"
)

// SurveyRow is the latest version of a survey a branch reported.
type SurveyRow struct {
	Branch string
	Record survey.Record
}

// Forms are the survey form definitions head office has issued, read back
// from the config bundles it signed, by version; V1, the built-in form,
// is always among them. A version means the same bank-wide: ExportConfig
// refuses to sign it again with other content.
func (h *HQ) Forms(ctx context.Context) (map[int]survey.Definition, error) {
	forms := map[int]survey.Definition{1: survey.V1()}
	err := h.scan(ctx, `SELECT bundle FROM configs WHERE bundle IS NOT NULL ORDER BY branch_id, version`, nil, func(rs *sql.Rows) error {
		var plain []byte
		if err := rs.Scan(&plain); err != nil {
			return err
		}
		b, err := Unpack(plain)
		if err != nil {
			return err
		}
		set, err := decodeConfig(b.Files)
		if err != nil {
			return err
		}
		for _, d := range set.Forms {
			if _, ok := forms[d.Version]; !ok {
				forms[d.Version] = d // the first signed; any later one is the same
			}
		}
		return nil
	})
	return forms, err
}

// sameForms refuses a form version head office has already signed, in an
// earlier config for any branch, with other content: a terminal that has
// the first would refuse the whole config (survey.SameIssue), and that
// branch's config would be stuck.
func (h *HQ) sameForms(ctx context.Context, forms []survey.Definition) error {
	if len(forms) == 0 {
		return nil
	}
	issued, err := h.Forms(ctx)
	if err != nil {
		return err
	}
	for _, d := range forms {
		if old, ok := issued[d.Version]; ok {
			if err := survey.SameIssue(old, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// Surveys lists the latest version of every survey the branches have
// reported, by branch and survey id.
func (h *HQ) Surveys(ctx context.Context) ([]SurveyRow, error) {
	latest := map[[2]string]SurveyRow{}
	err := scanRecords(ctx, h, "surveys", "调查表", func(branch string, r survey.Record) error {
		k := [2]string{branch, r.ID}
		if cur, ok := latest[k]; !ok || r.Version > cur.Record.Version {
			latest[k] = SurveyRow{Branch: branch, Record: r}
		}
		return nil
	})
	out := make([]SurveyRow, 0, len(latest))
	for _, r := range latest {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b SurveyRow) int {
		return cmp.Or(cmp.Compare(a.Branch, b.Branch), cmp.Compare(a.Record.ID, b.Record.ID))
	})
	return out, err
}

// scanRecords hands each record of type typ the branches reported (what
// names them in a message) to each, decoded, in the order they came.
func scanRecords[T any](ctx context.Context, h *HQ, typ, what string, each func(branch string, v T) error) error {
	return h.scan(ctx, `SELECT branch, json_extract(data, '$.data') FROM records WHERE type = ? ORDER BY terminal, rid`,
		[]any{typ}, func(rs *sql.Rows) error {
			var branch, data string
			if err := rs.Scan(&branch, &data); err != nil {
				return err
			}
			var v T
			if err := json.Unmarshal([]byte(data), &v); err != nil {
				return fmt.Errorf("网点 %s 的%s：%w", branch, what, err)
			}
			return each(branch, v)
		})
}
