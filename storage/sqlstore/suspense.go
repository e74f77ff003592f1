package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
)

// migrateSuspenseDecisions keeps the upper level's decision on each
// suspense item (第十四条: 报上级业务管理部门批准), as head office's config
// bundles bring them: a refusal, an approval, or a refusal then an
// approval (ledger.Decision.Follows); never changed nor deleted.
func migrateSuspenseDecisions(m migration) error {
	return m.exec(append([]string{
		`CREATE TABLE suspense_decisions (
			entry_id INTEGER NOT NULL REFERENCES entries(id), kind TEXT NOT NULL, amount INTEGER NOT NULL,
			business_date TEXT NOT NULL, approved INTEGER NOT NULL, decided_by TEXT NOT NULL, ref TEXT NOT NULL,
			reason TEXT NOT NULL, decided_at TEXT NOT NULL, config_version INTEGER NOT NULL, received_at TEXT NOT NULL,
			PRIMARY KEY (entry_id, approved))`,
	}, m.e.immutable("suspense_decisions")...)...)
}

// SuspenseDecision is the upper level's decision on suspense entry id
// that stands (an approval after a refusal), or nil while it has none.
func (t *Tx) SuspenseDecision(id int64) (*ledger.Decision, error) {
	d := ledger.Decision{Item: id}
	var kind, at string
	var amount int64
	err := t.row(`SELECT kind, amount, business_date, approved, decided_by, ref, reason, decided_at
		FROM suspense_decisions WHERE entry_id = ? ORDER BY approved DESC LIMIT 1`, id).Scan(&kind, &amount, &d.BusinessDate, &d.Approved, &d.By, &d.Ref, &d.Reason, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read suspense decision: %w", err)
	}
	d.Kind, d.Amount, d.At = ledger.Kind(kind), money.Amount(amount), parseStamp(at)
	return &d, nil
}

// InsertSuspenseDecision keeps a decision head office sent in config
// version, received at at.
func (t *Tx) InsertSuspenseDecision(d ledger.Decision, version int64, at time.Time) error {
	return t.exec(`INSERT INTO suspense_decisions (entry_id, kind, amount, business_date, approved, decided_by, ref, reason,
		decided_at, config_version, received_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		d.Item, string(d.Kind), int64(d.Amount), d.BusinessDate, d.Approved, d.By, d.Ref, d.Reason, stamp(d.At), version, stamp(at))
}

// SuspenseItems lists a branch's overage and shortage entries, oldest first.
func (t *Tx) SuspenseItems(branch string) ([]ledger.Entry, error) {
	return t.entries(`SELECT `+entryCols+` FROM entries WHERE branch_id = ? AND kind IN (?, ?) ORDER BY id`,
		branch, string(ledger.CashOverage), string(ledger.CashShortage))
}

// Settlements lists the entries that resolve suspense entry id, oldest first.
func (t *Tx) Settlements(id int64) ([]ledger.Entry, error) {
	return t.entries(`SELECT `+entryCols+` FROM entries WHERE settles = ? ORDER BY id`, id)
}

// entries runs a query of entryCols and reads the entries, without legs.
func (t *Tx) entries(q string, args ...any) ([]ledger.Entry, error) {
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read journal: %w", err)
	}
	defer rows.Close()
	var out []ledger.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
