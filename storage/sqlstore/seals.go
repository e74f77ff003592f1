package sqlstore

import (
	"fmt"

	"branchdesk/domain/counter"
	"branchdesk/domain/seal"
	"branchdesk/domain/staff"
)

// migrateSeals adds the register of seals, name stamps and authority
// cards (第十二条): an item is registered once, its keepers are the
// hand-overs appended after it, and each business day's check is a row;
// nothing is rewritten.
func migrateSeals(m migration) error {
	stmts := []string{
		`CREATE TABLE seals (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL REFERENCES branches(id),
			kind TEXT NOT NULL CHECK (kind IN ('business','cash','transfer','name','card')),
			seal_no TEXT NOT NULL, owner_id TEXT NOT NULL DEFAULT '', card_level TEXT NOT NULL DEFAULT '',
			registered_by TEXT NOT NULL, registered_at TEXT NOT NULL, UNIQUE (branch_id, kind, seal_no))`,
		`CREATE TABLE seal_moves (
			id INTEGER PRIMARY KEY, seal_id INTEGER NOT NULL REFERENCES seals(id), business_date TEXT NOT NULL,
			from_keeper TEXT NOT NULL DEFAULT '', to_keeper TEXT NOT NULL REFERENCES users(id),
			leave_id INTEGER NOT NULL DEFAULT 0, at TEXT NOT NULL)`,
		`CREATE INDEX seal_moves_seal ON seal_moves (seal_id, id)`,
		`CREATE TABLE seal_checks (
			id INTEGER PRIMARY KEY, seal_id INTEGER NOT NULL REFERENCES seals(id), business_date TEXT NOT NULL,
			keeper TEXT NOT NULL REFERENCES users(id), confirmed_by TEXT NOT NULL REFERENCES users(id),
			at TEXT NOT NULL, UNIQUE (seal_id, business_date))`,
	}
	for _, t := range []string{"seals", "seal_moves", "seal_checks"} {
		stmts = append(stmts, m.e.immutable(t)...)
	}
	return m.exec(stmts...)
}

// InsertSeal registers an item; it.ID is set.
func (t *Tx) InsertSeal(it *seal.Item) error {
	var err error
	it.ID, err = t.insert(`INSERT INTO seals (branch_id, kind, seal_no, owner_id, card_level, registered_by, registered_at)
		VALUES (?,?,?,?,?,?,?)`, it.Branch, string(it.Kind), it.No, it.Owner, string(it.Level), it.RegisteredBy, stamp(it.At))
	return err
}

// Seals lists a branch's items in the order registered, each with its
// keeper now and the date of its latest check.
func (t *Tx) Seals(branch string) ([]seal.Item, error) {
	rows, err := t.query(`SELECT s.id, s.branch_id, s.kind, s.seal_no, s.owner_id, s.card_level, s.registered_by, s.registered_at,
		COALESCE((SELECT to_keeper FROM seal_moves WHERE seal_id = s.id ORDER BY id DESC LIMIT 1), ''),
		COALESCE((SELECT MAX(business_date) FROM seal_checks WHERE seal_id = s.id), '')
		FROM seals s WHERE s.branch_id = ? ORDER BY s.id`, branch)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list seals: %w", err)
	}
	defer rows.Close()
	var out []seal.Item
	for rows.Next() {
		var it seal.Item
		var kind, level, at string
		if err := rows.Scan(&it.ID, &it.Branch, &kind, &it.No, &it.Owner, &level, &it.RegisteredBy, &at, &it.Keeper, &it.LastCheck); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		it.Kind, it.Level, it.At = seal.Kind(kind), staff.Level(level), parseStamp(at)
		out = append(out, it)
	}
	return out, rows.Err()
}

// InsertSealMove records a hand-over of an item; m.ID is set.
func (t *Tx) InsertSealMove(m *seal.Move) error {
	var err error
	m.ID, err = t.insert(`INSERT INTO seal_moves (seal_id, business_date, from_keeper, to_keeper, leave_id, at) VALUES (?,?,?,?,?,?)`,
		m.Seal, m.BusinessDate, m.From, m.To, m.Leave, stamp(m.At))
	return err
}

// SealMoves lists an item's keepers, its registration first.
func (t *Tx) SealMoves(id int64) ([]seal.Move, error) {
	rows, err := t.query(`SELECT id, seal_id, business_date, from_keeper, to_keeper, leave_id, at FROM seal_moves WHERE seal_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list seal hand-overs: %w", err)
	}
	defer rows.Close()
	var out []seal.Move
	for rows.Next() {
		var m seal.Move
		var at string
		if err := rows.Scan(&m.ID, &m.Seal, &m.BusinessDate, &m.From, &m.To, &m.Leave, &at); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		m.At = parseStamp(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// InsertSealCheck records an item's daily check; c.ID is set.
func (t *Tx) InsertSealCheck(c *seal.Check) error {
	var err error
	c.ID, err = t.insert(`INSERT INTO seal_checks (seal_id, business_date, keeper, confirmed_by, at) VALUES (?,?,?,?,?)`,
		c.Seal, c.BusinessDate, c.Keeper, c.ConfirmedBy, stamp(c.At))
	return err
}

var _ counter.SealTx = (*Tx)(nil)
