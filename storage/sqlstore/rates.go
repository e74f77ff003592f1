package sqlstore

import (
	"context"
	"fmt"

	"branchdesk/domain/counter"
	"branchdesk/domain/sync"
)

// Rates is the base-rate table head office sent down in config bundles
// (RULES.md §8): every term and effective day any config brought, with
// the rate of the latest config version that brought it, so a later
// bundle corrects an earlier one and a bundle without rates keeps the
// table. Empty before any config brought rates.
func (t *Tx) Rates() ([]sync.Rate, error) {
	rows, err := t.query(`SELECT term, rate_bp, effective FROM rates r
		WHERE config_version = (SELECT MAX(config_version) FROM rates WHERE term = r.term AND effective = r.effective)
		ORDER BY term, effective`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read base rates: %w", err)
	}
	defer rows.Close()
	var out []sync.Rate
	for rows.Next() {
		var r sync.Rate
		var term string
		if err := rows.Scan(&term, &r.RateBP, &r.Effective); err != nil {
			return nil, fmt.Errorf("store: unable to read base rates: %w", err)
		}
		r.Term = sync.Term(term)
		out = append(out, r)
	}
	return out, rows.Err()
}

// SeedRates gives a demo database a base-rate table, stored as ApplyConfig
// stores one, as config version 0: the table before any head-office
// config. It does nothing once the table has rows, and refuses a bad
// table (sync.CheckRates).
func (d *DB) SeedRates(ctx context.Context, rs []sync.Rate) error {
	if err := sync.CheckRates(rs); err != nil {
		return err
	}
	return d.Tx(ctx, func(tx counter.Tx) error {
		t := tx.(*Tx)
		var n int
		if err := t.rawRow(`SELECT COUNT(*) FROM rates`).Scan(&n); err != nil {
			return fmt.Errorf("store: unable to count base rates: %w", err)
		}
		if n > 0 {
			return nil
		}
		for _, r := range rs {
			if err := t.exec(`INSERT INTO rates (config_version, term, rate_bp, effective) VALUES (0,?,?,?)`,
				string(r.Term), r.RateBP, r.Effective); err != nil {
				return err
			}
		}
		return nil
	})
}
