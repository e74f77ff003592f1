package sqlstore

import (
	"fmt"
	"time"

	"branchdesk/domain/audit"
)

// AuditHead is the last row the application sealed, kept apart from the rows.
func (t *Tx) AuditHead() (int64, string, error) {
	if t.head != nil {
		return t.head.ID, t.head.Hash, nil
	}
	if t.headRead != nil {
		return t.headRead.ID, t.headRead.Hash, nil
	}
	var id int64
	var hash string
	err := t.row(`SELECT id, hash FROM audit_head WHERE one = 1`).Scan(&id, &hash)
	return id, hash, notFound(err)
}

// InsertAudit appends a sealed row and moves the head.
func (t *Tx) InsertAudit(r audit.Row) error {
	at := r.At.UTC().Format(time.RFC3339Nano)
	if t.db.engine == Postgres {
		// One round trip to the server instead of two.
		if err := t.later(`WITH a AS (INSERT INTO audit VALUES (?,?,?,?,?,?,?))
			UPDATE audit_head SET id = ?, hash = ? WHERE one = 1`, r.ID, at, r.Actor, r.Action, r.Detail, r.Prev, r.Hash, r.ID, r.Hash); err != nil {
			return err
		}
	} else {
		if err := t.exec(`INSERT INTO audit VALUES (?,?,?,?,?,?,?)`, r.ID, at, r.Actor, r.Action, r.Detail, r.Prev, r.Hash); err != nil {
			return err
		}
		if err := t.exec(`UPDATE audit_head SET id = ?, hash = ? WHERE one = 1`, r.ID, r.Hash); err != nil {
			return err
		}
	}
	// The head this unit of work leaves, for its signature at commit.
	t.head = &audit.Head{ID: r.ID, Hash: r.Hash}
	return nil
}

// AuditRows streams the trail in id order.
func (t *Tx) AuditRows(fn func(audit.Row) error) error {
	rows, err := t.query(`SELECT id, at, actor, action, detail, prev, hash FROM audit ORDER BY id`)
	if err != nil {
		return fmt.Errorf("store: unable to read audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r audit.Row
		var at string
		if err := rows.Scan(&r.ID, &at, &r.Actor, &r.Action, &r.Detail, &r.Prev, &r.Hash); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		r.At, _ = time.Parse(time.RFC3339Nano, at)
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// migrateAuditAcks keeps the audit heads head office acknowledged, one per
// receipt, so a trail cut or rewritten behind them is seen.
func migrateAuditAcks(m migration) error {
	return m.exec(`CREATE TABLE audit_acks (seq INTEGER PRIMARY KEY, id INTEGER NOT NULL, hash TEXT NOT NULL)`)
}

// AuditAcks lists the acknowledged heads in receipt order.
func (t *Tx) AuditAcks() ([]audit.Head, error) {
	rows, err := t.query(`SELECT id, hash FROM audit_acks ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read audit acks: %w", err)
	}
	defer rows.Close()
	var out []audit.Head
	for rows.Next() {
		var h audit.Head
		if err := rows.Scan(&h.ID, &h.Hash); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
