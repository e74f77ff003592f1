package sqlstore

import (
	"fmt"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/staff"
)

// migrateQualifications keeps each teller's 第五条 record as a history:
// every change is a new row, the latest is in force, none is rewritten.
func migrateQualifications(m migration) error {
	stmts := []string{`CREATE TABLE qualifications (
		seq INTEGER PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
		trained_on TEXT NOT NULL DEFAULT '', counter_since TEXT NOT NULL DEFAULT '',
		cert_no TEXT NOT NULL DEFAULT '', cert_expires TEXT NOT NULL DEFAULT '',
		recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL)`,
		`CREATE INDEX qualifications_user ON qualifications (user_id, seq)`}
	stmts = append(stmts, m.e.immutable("qualifications")...)
	return m.exec(stmts...)
}

const qualificationCols = `user_id, trained_on, counter_since, cert_no, cert_expires`

// Qualification is a user's record in force, or counter.ErrNotFound.
func (t *Tx) Qualification(user string) (staff.Qualification, error) {
	var q staff.Qualification
	err := t.row(`SELECT `+qualificationCols+` FROM qualifications WHERE user_id = ? ORDER BY seq DESC LIMIT 1`, user).
		Scan(&q.User, &q.TrainedOn, &q.CounterSince, &q.CertNo, &q.CertExpires)
	return q, notFound(err)
}

// AddQualification records a new version of a user's record.
func (t *Tx) AddQualification(q staff.Qualification, by string, at time.Time) error {
	return t.exec(`INSERT INTO qualifications (`+qualificationCols+`, recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?)`,
		q.User, q.TrainedOn, q.CounterSince, q.CertNo, q.CertExpires, by, at.UTC().Format(time.RFC3339Nano))
}

// Qualifications lists the records in force of a branch's users, by user
// id; a user with none has a record with only User set.
func (t *Tx) Qualifications(branch string) ([]staff.Qualification, error) {
	rows, err := t.query(`SELECT u.id, COALESCE(q.trained_on, ''), COALESCE(q.counter_since, ''), COALESCE(q.cert_no, ''), COALESCE(q.cert_expires, '')
		FROM users u LEFT JOIN qualifications q ON q.user_id = u.id
			AND q.seq = (SELECT MAX(seq) FROM qualifications WHERE user_id = u.id)
		WHERE u.branch_id = ? ORDER BY u.id`, branch)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list qualifications: %w", err)
	}
	defer rows.Close()
	var out []staff.Qualification
	for rows.Next() {
		var q staff.Qualification
		if err := rows.Scan(&q.User, &q.TrainedOn, &q.CounterSince, &q.CertNo, &q.CertExpires); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

var _ counter.QualificationTx = (*Tx)(nil)
