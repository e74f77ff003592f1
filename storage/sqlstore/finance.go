package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"branchdesk/domain/counter"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/finance"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/survey"
	"branchdesk/domain/target"
)

// migrateFinance adds surveys (every version), the demand pipeline's
// event log, the product catalogue and the complaints register. Records
// are kept whole as JSON beside the columns they are looked up by.
func migrateFinance(m migration) error {
	stmts := []string{
		`CREATE TABLE surveys (
			id TEXT NOT NULL, version INTEGER NOT NULL, branch_id TEXT NOT NULL, status TEXT NOT NULL,
			officer TEXT NOT NULL, credit_code TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL,
			PRIMARY KEY (id, version))`,
		`CREATE INDEX surveys_code ON surveys (credit_code)`,
		`CREATE INDEX surveys_branch ON surveys (branch_id, id, version)`,
		`CREATE TABLE demand_events (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL, demand_id TEXT NOT NULL, data TEXT NOT NULL)`,
		`CREATE INDEX demand_events_demand ON demand_events (branch_id, demand_id, id)`,
		`CREATE TABLE products (code TEXT PRIMARY KEY, data TEXT NOT NULL)`,
		`CREATE TABLE complaints (id TEXT PRIMARY KEY, branch_id TEXT NOT NULL, data TEXT NOT NULL)`,
		`CREATE TABLE targets (
			id TEXT PRIMARY KEY, branch_id TEXT NOT NULL, name TEXT NOT NULL, credit_code TEXT NOT NULL,
			officer TEXT NOT NULL, data TEXT NOT NULL)`,
		`CREATE INDEX targets_code ON targets (credit_code)`,
		// Name searches scan this narrow index instead of the records.
		`CREATE INDEX targets_name ON targets (branch_id, name)`,
		`CREATE TABLE target_logs (
			id INTEGER PRIMARY KEY, target_id TEXT NOT NULL REFERENCES targets(id), date TEXT NOT NULL,
			officer TEXT NOT NULL, data TEXT NOT NULL)`,
	}
	// A final version is never changed or removed; a draft may be saved over.
	stmts = append(stmts, m.e.finalOnly("surveys")...)
	stmts = append(stmts, m.e.immutable("demand_events")...)
	stmts = append(stmts, m.e.immutable("target_logs")...)
	return m.exec(stmts...)
}

func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("store: %w", err)
	}
	return string(b), nil
}

func fromRows[T any](rows *sql.Rows, err error) ([]T, error) {
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		var v T
		if err := json.Unmarshal([]byte(data), &v); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// InsertSurvey adds a survey version.
func (t *Tx) InsertSurvey(branch string, r survey.Record) error {
	data, err := toJSON(r)
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO surveys VALUES (?,?,?,?,?,?,?,?)`, r.ID, r.Version, branch, string(r.Status),
		r.Survey.OfficerID, enterprise.NormalizeCreditCode(r.Survey.CreditCode), r.Survey.Name, data)
}

// UpdateDraft saves over a draft version (the trigger refuses a final one).
func (t *Tx) UpdateDraft(r survey.Record) error {
	data, err := toJSON(r)
	if err != nil {
		return err
	}
	return t.exec(`UPDATE surveys SET status = ?, officer = ?, credit_code = ?, name = ?, data = ? WHERE id = ? AND version = ?`,
		string(r.Status), r.Survey.OfficerID, enterprise.NormalizeCreditCode(r.Survey.CreditCode), r.Survey.Name, data, r.ID, r.Version)
}

// SurveyVersions lists a survey's versions, oldest first.
func (t *Tx) SurveyVersions(id string) ([]survey.Record, error) {
	return fromRows[survey.Record](t.query(`SELECT data FROM surveys WHERE id = ? ORDER BY version`, id))
}

// Surveys lists each survey's latest version at a branch.
func (t *Tx) Surveys(branch string) ([]finance.SurveyRow, error) {
	recs, err := fromRows[survey.Record](t.query(`SELECT data FROM surveys s WHERE branch_id = ?
		AND version = (SELECT MAX(version) FROM surveys WHERE id = s.id) ORDER BY id`, branch))
	out := make([]finance.SurveyRow, len(recs))
	for i, r := range recs {
		out[i] = finance.SurveyRow{Record: r, Branch: branch}
	}
	return out, err
}

// SurveysByCode lists every version with a credit code.
func (t *Tx) SurveysByCode(code string) ([]survey.Record, error) {
	return fromRows[survey.Record](t.query(`SELECT data FROM surveys WHERE credit_code = ? ORDER BY id, version`, code))
}

// PutProduct adds or replaces a catalogue product.
func (t *Tx) PutProduct(p pipeline.Product) error {
	data, err := toJSON(p)
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO products VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET data = excluded.data`, p.Code, data)
}

// Products lists the catalogue.
func (t *Tx) Products() ([]pipeline.Product, error) {
	return fromRows[pipeline.Product](t.query(`SELECT data FROM products ORDER BY code`))
}

// InsertDemandEvent appends to the pipeline's log.
func (t *Tx) InsertDemandEvent(branch string, e pipeline.Event) error {
	data, err := toJSON(e)
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO demand_events (branch_id, demand_id, data) VALUES (?,?,?)`, branch, e.DemandID, data)
}

// DemandEvents lists a demand's events ("" for every demand), oldest first.
func (t *Tx) DemandEvents(branch, demand string) ([]pipeline.Event, error) {
	return fromRows[pipeline.Event](t.query(`SELECT data FROM demand_events WHERE branch_id = ? AND (? = '' OR demand_id = ?) ORDER BY id`,
		branch, demand, demand))
}

// PutComplaint stores a complaint with all its steps.
func (t *Tx) PutComplaint(branch string, c pipeline.Complaint) error {
	data, err := toJSON(c)
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO complaints VALUES (?,?,?) ON CONFLICT(id) DO UPDATE SET data = excluded.data`, c.ID, branch, data)
}

// Complaints lists a branch's complaints.
func (t *Tx) Complaints(branch string) ([]pipeline.Complaint, error) {
	return fromRows[pipeline.Complaint](t.query(`SELECT data FROM complaints WHERE branch_id = ? ORDER BY id`, branch))
}

// PutTarget adds or replaces a listed enterprise, and keeps the version
// put in target_listings.
func (t *Tx) PutTarget(branch string, tg target.Target) error {
	data, err := toJSON(tg)
	if err != nil {
		return err
	}
	if err := t.exec(`INSERT INTO targets VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET
		name = excluded.name, credit_code = excluded.credit_code, officer = excluded.officer, data = excluded.data`,
		tg.ID, branch, tg.Name, enterprise.NormalizeCreditCode(tg.CreditCode), tg.Officer, data); err != nil {
		return err
	}
	return t.insertTargetListing(branch, tg)
}

// Targets lists a branch's list.
func (t *Tx) Targets(branch string) ([]target.Target, error) {
	return fromRows[target.Target](t.query(`SELECT data FROM targets WHERE branch_id = ? ORDER BY id`, branch))
}

// SearchTargets finds listed enterprises by exact credit code or by a
// fragment of the name, at most limit of them.
func (t *Tx) SearchTargets(branch, q string, limit int) ([]target.Target, error) {
	code := enterprise.NormalizeCreditCode(q)
	if len(code) == 18 {
		return fromRows[target.Target](t.query(`SELECT data FROM targets INDEXED BY targets_code WHERE credit_code = ? AND branch_id = ? LIMIT ?`, code, branch, limit))
	}
	return fromRows[target.Target](t.query(`SELECT data FROM targets WHERE id IN (SELECT id FROM targets INDEXED BY targets_name
		WHERE branch_id = ? AND instr(name, ?) > 0 LIMIT ?) ORDER BY id`, branch, q, limit))
}

// InsertTargetLog appends a day's progress.
func (t *Tx) InsertTargetLog(l target.Log) error {
	data, err := toJSON(l)
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO target_logs (target_id, date, officer, data) VALUES (?,?,?,?)`, l.Target, l.Date, l.Officer, data)
}

// TargetLogs lists the logs of a branch's targets between two dates.
func (t *Tx) TargetLogs(branch, from, to string) ([]target.Log, error) {
	return fromRows[target.Log](t.query(`SELECT l.data FROM target_logs l JOIN targets t ON t.id = l.target_id
		WHERE t.branch_id = ? AND l.date BETWEEN ? AND ? ORDER BY l.id`, branch, from, to))
}

// financeStore adapts DB to finance.Store.
type financeStore struct{ db *DB }

// Finance is the officer's desk's view of the database.
func Finance(db *DB) finance.Store { return financeStore{db} }

func (f financeStore) Tx(ctx context.Context, fn func(finance.Tx) error) error {
	return f.db.run(ctx, false, func(tx counter.Tx) error { return fn(tx.(*Tx)) })
}

func (f financeStore) View(ctx context.Context, fn func(finance.Tx) error) error {
	return f.db.run(ctx, true, func(tx counter.Tx) error { return fn(tx.(*Tx)) })
}

var _ finance.Tx = (*Tx)(nil)
