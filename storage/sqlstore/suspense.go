package sqlstore

import (
	"fmt"

	"branchdesk/domain/ledger"
)

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
