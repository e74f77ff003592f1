package bundle

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"branchdesk/domain/target"
)

// ProposalRow is an officer's proposal, sent up by a branch, that an
// enterprise not on its target list be put on it (名单制第十二条).
type ProposalRow struct {
	Branch string
	target.Proposal
}

// ProposalReport lists the proposals made from from to to (dates of the
// proposals, local time, both included), by branch and in the order made.
func (h *HQ) ProposalReport(ctx context.Context, from, to string) ([]ProposalRow, error) {
	var out []ProposalRow
	err := h.scan(ctx, `SELECT branch, json_extract(data, '$.data')
		FROM records WHERE type = 'list_proposals' ORDER BY branch, terminal, rid`, nil, func(rs *sql.Rows) error {
		var branch, data string
		if err := rs.Scan(&branch, &data); err != nil {
			return err
		}
		var p target.Proposal
		if err := json.Unmarshal([]byte(data), &p); err != nil {
			return fmt.Errorf("网点 %s 的名单提请：%w", branch, err)
		}
		if d := p.At.In(time.Local).Format(time.DateOnly); d >= from && d <= to {
			out = append(out, ProposalRow{Branch: branch, Proposal: p})
		}
		return nil
	})
	return out, err
}
