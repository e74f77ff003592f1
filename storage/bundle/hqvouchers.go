package bundle

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"branchdesk/domain/support"
)

// ServiceVoucherRow is a branch's year of the service-voucher register as
// it stood at the end of a period.
type ServiceVoucherRow struct {
	Branch string
	support.RegisterSummary
}

// ServiceVoucherReport sums each branch's service-voucher register
// (服务补贴券登记簿) for every year from from's to to's, replaying the rows
// of business dates up to to: the budget and what issues hold of it, the
// applications issued, waiting and cancelled, and what was redeemed and
// settled. Rows whose register does not replay are an error naming the
// branch.
func (h *HQ) ServiceVoucherReport(ctx context.Context, from, to string) ([]ServiceVoucherRow, error) {
	start, end, err := Period(from, to)
	if err != nil {
		return nil, err
	}
	type source struct{ terminal, branch string }
	events := map[source][]support.RegisterEvent{}
	err = h.scan(ctx, `SELECT terminal, branch, json_extract(data, '$.data')
		FROM records WHERE type = 'service_vouchers' AND json_extract(data, '$.on_date') <= ? ORDER BY terminal, rid`,
		[]any{to}, func(rs *sql.Rows) error {
			var k source
			var data string
			if err := rs.Scan(&k.terminal, &k.branch, &data); err != nil {
				return err
			}
			var e support.RegisterEvent
			if err := json.Unmarshal([]byte(data), &e); err != nil {
				return fmt.Errorf("网点 %s 的服务补贴券登记簿：%w", k.branch, err)
			}
			events[k] = append(events[k], e)
			return nil
		})
	if err != nil {
		return nil, err
	}
	type key struct {
		branch string
		year   int
	}
	sums := map[key]*ServiceVoucherRow{}
	for k, es := range events {
		r, err := support.ReplayRegister(es)
		if err != nil {
			return nil, fmt.Errorf("网点 %s 服务补贴券登记簿：%w", k.branch, err)
		}
		for y := start.Year(); y <= end.Add(-time.Nanosecond).Year(); y++ {
			s := r.Summary(y)
			row := sums[key{k.branch, y}]
			if row == nil {
				row = &ServiceVoucherRow{Branch: k.branch, RegisterSummary: support.RegisterSummary{Year: y}}
				sums[key{k.branch, y}] = row
			}
			row.Add(s)
		}
	}
	out := make([]ServiceVoucherRow, 0, len(sums))
	for _, r := range sums {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Branch != out[j].Branch {
			return out[i].Branch < out[j].Branch
		}
		return out[i].Year < out[j].Year
	})
	return out, nil
}

// Add sums another register's year into the row: another terminal's of
// the branch, or another branch's for a total.
func (r *ServiceVoucherRow) Add(s support.RegisterSummary) {
	r.Budget += s.Budget
	r.Used += s.Used
	r.Remaining += s.Remaining
	r.Applications += s.Applications
	r.Waiting += s.Waiting
	r.IssuedCount += s.IssuedCount
	r.CancelledCount += s.CancelledCount
	r.Issued += s.Issued
	r.Redemptions += s.Redemptions
	r.Settlements += s.Settlements
	r.Redeemed += s.Redeemed
	r.Settled += s.Settled
	r.Unsettled += s.Unsettled
}
