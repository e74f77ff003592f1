package sqlstore

import (
	"encoding/json"
	"fmt"

	"branchdesk/domain/appraisal"
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

// insertQuarterWeights stores the weights a config version brought.
func (t *Tx) insertQuarterWeights(version int64, w appraisal.Weights) error {
	data, err := json.Marshal(w)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return t.exec(`INSERT INTO quarter_weights (config_version, data) VALUES (?,?)`, version, string(data))
}

// QuarterWeights are the weights of the latest config that brought any;
// counter.ErrNotFound before one did.
func (t *Tx) QuarterWeights() (appraisal.Weights, error) {
	var data string
	if err := notFound(t.row(`SELECT data FROM quarter_weights ORDER BY config_version DESC LIMIT 1`).Scan(&data)); err != nil {
		return nil, err
	}
	var w appraisal.Weights
	if err := json.Unmarshal([]byte(data), &w); err != nil {
		return nil, fmt.Errorf("store: unable to read quarter weights: %w", err)
	}
	return w, nil
}
