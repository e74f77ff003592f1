package sqlstore

import (
	"encoding/json"
	"fmt"
	"time"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/counter"
	"branchdesk/domain/target"
)

// migrateQuarterWeights keeps the quarterly evaluation's weights head
// office sends down, one row per config version that brought them; rows
// are never changed, the latest version's apply.
func migrateQuarterWeights(m migration) error {
	stmts := []string{
		`CREATE TABLE quarter_weights (config_version INTEGER PRIMARY KEY, data TEXT NOT NULL)`,
	}
	stmts = append(stmts, m.e.immutable("quarter_weights")...)
	return m.exec(stmts...)
}

// migrateTargetListings keeps every version of every row of the list
// (名单), with the date it was listed, append-only and reported to head
// office, so a past quarter is evaluated against the list as it stood
// then, at the branch and at head office alike; and the time head office
// issued each weighting, so a quarter is scored with the weights in force
// at its end. The rows listed before are copied in with no date (listed
// since before any quarter), and so are the weightings received before
// (issued before any quarter end): their dates were not kept.
func migrateTargetListings(m migration) error {
	stmts := []string{
		`CREATE TABLE target_listings (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL, target_id TEXT NOT NULL, listed TEXT NOT NULL,
			data TEXT NOT NULL)`,
		`CREATE INDEX target_listings_branch ON target_listings (branch_id, id)`,
		`INSERT INTO target_listings (branch_id, target_id, listed, data) SELECT branch_id, id, '', data FROM targets ORDER BY id`,
		`ALTER TABLE quarter_weights ADD COLUMN issued TEXT NOT NULL DEFAULT ''`,
	}
	stmts = append(stmts, m.e.immutable("target_listings")...)
	return m.exec(stmts...)
}

// insertTargetListing appends the version of a row just put on the list.
func (t *Tx) insertTargetListing(branch string, tg target.Target) error {
	data, err := toJSON(tg)
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO target_listings (branch_id, target_id, listed, data) VALUES (?,?,?,?)`, branch, tg.ID, tg.Listed, data)
}

// TargetListings is every version of every row of a branch's list, in the
// order they were listed (target.AsOf reads the list at a date from it).
func (t *Tx) TargetListings(branch string) ([]target.Target, error) {
	return fromRows[target.Target](t.query(`SELECT data FROM target_listings WHERE branch_id = ? ORDER BY id`, branch))
}

// insertQuarterWeights stores the weights a config version brought, with
// the time head office issued it.
func (t *Tx) insertQuarterWeights(version int64, issued time.Time, w appraisal.Weights) error {
	data, err := json.Marshal(w)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return t.exec(`INSERT INTO quarter_weights (config_version, data, issued) VALUES (?,?,?)`, version, string(data),
		issued.UTC().Format(time.RFC3339Nano))
}

// QuarterWeights are the weights in force at before: those of the latest
// config issued before it that brought any (appraisal.InForce);
// counter.ErrNotFound before one did.
func (t *Tx) QuarterWeights(before time.Time) (appraisal.Weights, error) {
	rows, err := t.query(`SELECT issued, data FROM quarter_weights ORDER BY config_version`)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var issued []appraisal.Issued
	for rows.Next() {
		var at, data string
		if err := rows.Scan(&at, &data); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		var i appraisal.Issued
		if at != "" {
			if i.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
				return nil, fmt.Errorf("store: unable to read quarter weights: %w", err)
			}
		}
		if err := json.Unmarshal([]byte(data), &i.Weights); err != nil {
			return nil, fmt.Errorf("store: unable to read quarter weights: %w", err)
		}
		issued = append(issued, i)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if w := appraisal.InForce(issued, before); w != nil {
		return w, nil
	}
	return nil, counter.ErrNotFound
}
