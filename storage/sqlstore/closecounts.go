package sqlstore

import (
	"fmt"
	"time"

	"branchdesk/domain/counter"
)

// migrateCloseCounts keeps the physical voucher counts typed for the
// branch close, so another B or A at another PC finds them; each count is
// a new row and none is rewritten.
func migrateCloseCounts(m migration) error {
	stmts := []string{`CREATE TABLE close_counts (
		seq INTEGER PRIMARY KEY, branch_id TEXT NOT NULL REFERENCES branches(id), business_date TEXT NOT NULL,
		voucher_type TEXT NOT NULL, counted INTEGER NOT NULL CHECK (counted >= 0),
		counted_by TEXT NOT NULL REFERENCES users(id), counted_at TEXT NOT NULL)`,
		`CREATE INDEX close_counts_day ON close_counts (branch_id, business_date, voucher_type, seq)`}
	stmts = append(stmts, m.e.immutable("close_counts")...)
	return m.exec(stmts...)
}

// AddCloseCount keeps one count.
func (t *Tx) AddCloseCount(c counter.CloseCount) error {
	return t.exec(`INSERT INTO close_counts (branch_id, business_date, voucher_type, counted, counted_by, counted_at) VALUES (?,?,?,?,?,?)`,
		c.Branch, c.BusinessDate, c.Type, c.Counted, c.By, c.At.UTC().Format(time.RFC3339Nano))
}

// CloseCounts are the latest count of each type of a branch's day.
func (t *Tx) CloseCounts(branch, date string) ([]counter.CloseCount, error) {
	rows, err := t.query(`SELECT branch_id, business_date, voucher_type, counted, counted_by, counted_at FROM close_counts c
		WHERE branch_id = ? AND business_date = ?
			AND seq = (SELECT MAX(seq) FROM close_counts WHERE branch_id = c.branch_id AND business_date = c.business_date AND voucher_type = c.voucher_type)
		ORDER BY voucher_type`, branch, date)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read close counts: %w", err)
	}
	defer rows.Close()
	var out []counter.CloseCount
	for rows.Next() {
		var c counter.CloseCount
		var at string
		if err := rows.Scan(&c.Branch, &c.BusinessDate, &c.Type, &c.Counted, &c.By, &at); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		c.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, c)
	}
	return out, rows.Err()
}
