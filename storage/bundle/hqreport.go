package bundle

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/survey"
	"branchdesk/domain/target"
)

// Head office's reports read the rows branches sent, as the branches
// wrote them: each record is one row as a JSON object, column → value,
// and the data column of surveys, demand_events and complaints holds the
// domain record as JSON. Dates are business dates, "YYYY-MM-DD", both
// ends of a period included.

// KindTotal is the postings of one business kind.
type KindTotal struct {
	Kind   ledger.Kind
	Count  int64
	Amount money.Amount
}

// DailyRow is one branch's business date: the postings by business kind
// (reversals apart), the cash moved with the vault, and whether the
// branch closed the day.
type DailyRow struct {
	Branch, Date string
	// Kinds has one total per ledger.Kinds, in that order; reversals are
	// not in them.
	Kinds []KindTotal
	// Reversals counts the reversals posted, ReversedAmount sums them.
	Reversals      int64
	ReversedAmount money.Amount
	// Issued is the cash the vault issued to teller boxes (出库),
	// Received the cash it took back (入库), each with how many moves.
	IssuedCount, ReceivedCount int64
	Issued, Received           money.Amount
	// Closed tells whether the branch closed the day (日终).
	Closed bool
}

// Postings is how many business postings the day had, reversals apart.
func (r DailyRow) Postings() (int64, money.Amount) {
	var n int64
	var a money.Amount
	for _, k := range r.Kinds {
		n += k.Count
		a += k.Amount
	}
	return n, a
}

type dayKey struct{ branch, date string }

// DailyReport sums every branch's days from from to to.
func (h *HQ) DailyReport(ctx context.Context, from, to string) ([]DailyRow, error) {
	rows := map[dayKey]*DailyRow{}
	day := func(branch, date string) *DailyRow {
		k := dayKey{branch, date}
		r := rows[k]
		if r == nil {
			r = &DailyRow{Branch: branch, Date: date}
			for _, kind := range ledger.Kinds {
				r.Kinds = append(r.Kinds, KindTotal{Kind: kind})
			}
			rows[k] = r
		}
		return r
	}
	err := h.scan(ctx, `SELECT branch, json_extract(data, '$.business_date'), json_extract(data, '$.kind'),
		json_extract(data, '$.reverses') IS NOT NULL, COUNT(*), SUM(json_extract(data, '$.amount'))
		FROM records WHERE type = 'entries' AND json_extract(data, '$.business_date') BETWEEN ? AND ?
		GROUP BY 1, 2, 3, 4`, []any{from, to}, func(rs *sql.Rows) error {
		var branch, date, kind string
		var reversal bool
		var n, amount int64
		if err := rs.Scan(&branch, &date, &kind, &reversal, &n, &amount); err != nil {
			return err
		}
		r := day(branch, date)
		k := ledger.Kind(kind)
		switch {
		case reversal:
			r.Reversals += n
			r.ReversedAmount += money.Amount(amount)
		case k.IsBusiness():
			for i := range r.Kinds {
				if r.Kinds[i].Kind == k {
					r.Kinds[i].Count += n
					r.Kinds[i].Amount += money.Amount(amount)
				}
			}
		case k == ledger.VaultIssue:
			r.IssuedCount += n
			r.Issued += money.Amount(amount)
		case k == ledger.VaultReceive:
			r.ReceivedCount += n
			r.Received += money.Amount(amount)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = h.scan(ctx, `SELECT DISTINCT branch, json_extract(data, '$.business_date')
		FROM records WHERE type = 'branch_closes' AND json_extract(data, '$.business_date') BETWEEN ? AND ?`,
		[]any{from, to}, func(rs *sql.Rows) error {
			var branch, date string
			if err := rs.Scan(&branch, &date); err != nil {
				return err
			}
			day(branch, date).Closed = true
			return nil
		})
	if err != nil {
		return nil, err
	}
	out := make([]DailyRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Branch != out[j].Branch {
			return out[i].Branch < out[j].Branch
		}
		return out[i].Date < out[j].Date
	})
	return out, nil
}

// OfficerKPI is one officer's appraisal at one branch.
type OfficerKPI struct {
	Branch, Officer string
	KPI             pipeline.KPI
}

// Period is [from 00:00, the day after to 00:00) in local time, as
// pipeline.Compute takes it.
func Period(from, to string) (time.Time, time.Time, error) {
	f, err := time.ParseInLocation(time.DateOnly, from, time.Local)
	if err != nil {
		return f, f, fmt.Errorf("日期 %q 须为 YYYY-MM-DD", from)
	}
	t, err := time.ParseInLocation(time.DateOnly, to, time.Local)
	if err != nil {
		return f, t, fmt.Errorf("日期 %q 须为 YYYY-MM-DD", to)
	}
	if t.Before(f) {
		return f, t, fmt.Errorf("结束日期 %s 早于开始日期 %s", to, from)
	}
	return f, t.AddDate(0, 0, 1), nil
}

// KPIReport appraises every officer of every branch over the period
// with pipeline.Compute: each demand's events are replayed into its
// state; surveys filed count the first versions finalized in the period
// (survey.Filed). A demand whose events do not replay is an error naming
// it.
func (h *HQ) KPIReport(ctx context.Context, from, to string) ([]OfficerKPI, error) {
	start, end, err := Period(from, to)
	if err != nil {
		return nil, err
	}
	desk, err := h.deskRecords(ctx)
	if err != nil {
		return nil, err
	}
	var out []OfficerKPI
	for branch, recs := range desk {
		// Those the desk's own records name; the list's officers are the
		// quarterly evaluation's (QuarterReport).
		for _, o := range appraisal.Officers(appraisal.Records{Surveys: recs.Surveys, Demands: recs.Demands, Complaints: recs.Complaints}) {
			sc := pipeline.Scope{Officer: o}
			filed := survey.Filed(recs.Surveys, o, start, end)
			k := pipeline.Compute(sc.Demands(recs.Demands), sc.Complaints(recs.Complaints), filed, start, end)
			out = append(out, OfficerKPI{Branch: branch, Officer: o, KPI: k})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Branch != out[j].Branch {
			return out[i].Branch < out[j].Branch
		}
		return out[i].Officer < out[j].Officer
	})
	return out, nil
}

// deskRecords reads what branches sent of the officers' desk, by branch:
// every demand replayed from its events, the complaints, every version of
// the surveys, the list's daily logs (日登) and every version of its rows.
func (h *HQ) deskRecords(ctx context.Context) (map[string]*appraisal.Records, error) {
	desk := map[string]*appraisal.Records{}
	of := func(branch string) *appraisal.Records {
		if desk[branch] == nil {
			desk[branch] = &appraisal.Records{}
		}
		return desk[branch]
	}
	type demandKey struct{ terminal, branch, id string }
	events := map[demandKey][]pipeline.Event{}
	var order []demandKey
	err := h.scan(ctx, `SELECT terminal, branch, json_extract(data, '$.demand_id'), json_extract(data, '$.data')
		FROM records WHERE type = 'demand_events' ORDER BY terminal, rid`, nil, func(rs *sql.Rows) error {
		var k demandKey
		var data string
		if err := rs.Scan(&k.terminal, &k.branch, &k.id, &data); err != nil {
			return err
		}
		var e pipeline.Event
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return fmt.Errorf("需求 %s 的记录：%w", k.id, err)
		}
		if _, ok := events[k]; !ok {
			order = append(order, k)
		}
		events[k] = append(events[k], e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, k := range order {
		d, err := pipeline.Replay(events[k])
		if err != nil {
			return nil, fmt.Errorf("网点 %s 需求 %s：%w", k.branch, k.id, err)
		}
		of(k.branch).Demands = append(of(k.branch).Demands, d)
	}
	err = errors.Join(
		scanRecords(ctx, h, "complaints", "投诉", func(branch string, c pipeline.Complaint) error {
			of(branch).Complaints = append(of(branch).Complaints, c)
			return nil
		}),
		scanRecords(ctx, h, "surveys", "调查表", func(branch string, r survey.Record) error {
			of(branch).Surveys = append(of(branch).Surveys, r)
			return nil
		}),
		scanRecords(ctx, h, "target_logs", "名单日登", func(branch string, l target.Log) error {
			of(branch).Logs = append(of(branch).Logs, l)
			return nil
		}),
		scanRecords(ctx, h, "target_listings", "名单", func(branch string, t target.Target) error {
			of(branch).Targets = append(of(branch).Targets, t)
			return nil
		}))
	return desk, err
}

// VoucherUsage counts the voucher events of one type and state at a branch.
type VoucherUsage struct {
	Branch, Type, State string
	Count               int64
}

// VoucherReport counts voucher events in the period by branch, voucher
// type and state.
func (h *HQ) VoucherReport(ctx context.Context, from, to string) ([]VoucherUsage, error) {
	var out []VoucherUsage
	err := h.scan(ctx, `SELECT branch, json_extract(data, '$.type'), json_extract(data, '$.state'), COUNT(*)
		FROM records WHERE type = 'voucher_events' AND json_extract(data, '$.business_date') BETWEEN ? AND ?
		GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`, []any{from, to}, func(rs *sql.Rows) error {
		var u VoucherUsage
		if err := rs.Scan(&u.Branch, &u.Type, &u.State, &u.Count); err != nil {
			return err
		}
		out = append(out, u)
		return nil
	})
	return out, err
}

// CashDifference is a teller's box that did not balance: Diff is counted
// minus expected, above 0 an overage (长款), below a shortage (短款).
type CashDifference struct {
	Branch, Date, Teller      string
	Expected, Counted, Diff   money.Amount
	Reason, SignedB, ApproveA string
}

// Overage tells 长款 from 短款.
func (d CashDifference) Overage() bool { return d.Diff > 0 }

// DifferenceReport lists every teller balance in the period that differed.
func (h *HQ) DifferenceReport(ctx context.Context, from, to string) ([]CashDifference, error) {
	var out []CashDifference
	err := h.scan(ctx, `SELECT branch, json_extract(data, '$.business_date'), json_extract(data, '$.teller'),
		json_extract(data, '$.expected'), json_extract(data, '$.counted'), json_extract(data, '$.diff'),
		IFNULL(json_extract(data, '$.reason'), ''), IFNULL(json_extract(data, '$.signed_b'), ''), IFNULL(json_extract(data, '$.approved_a'), '')
		FROM records WHERE type = 'teller_balances' AND json_extract(data, '$.diff') != 0
		AND json_extract(data, '$.business_date') BETWEEN ? AND ?
		ORDER BY 1, 2, 3, rid`, []any{from, to}, func(rs *sql.Rows) error {
		var d CashDifference
		if err := rs.Scan(&d.Branch, &d.Date, &d.Teller, &d.Expected, &d.Counted, &d.Diff, &d.Reason, &d.SignedB, &d.ApproveA); err != nil {
			return err
		}
		out = append(out, d)
		return nil
	})
	return out, err
}

// scan runs a query over the store and hands each row to each. A row
// that does not read (a field missing from a record) fails the report.
func (h *HQ) scan(ctx context.Context, q string, args []any, each func(*sql.Rows) error) error {
	rs, err := h.db.QueryContext(ctx, q, args...)
	if err != nil {
		return &refusal{errReportRead, err}
	}
	defer rs.Close()
	for rs.Next() {
		if err := each(rs); err != nil {
			return &refusal{errReportRow, err}
		}
	}
	if err := rs.Err(); err != nil {
		return &refusal{errReportRead, err}
	}
	return nil
}

var (
	errReportRow  = errors.New("报表无法生成：总行库中有记录缺少字段或格式不符，请联系技术支持核查")
	errReportRead = errors.New("报表无法生成：读取总行库出错，请联系技术支持核查")
)
