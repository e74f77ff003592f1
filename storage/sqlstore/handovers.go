package sqlstore

import (
	"database/sql"
	"fmt"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/voucher"
)

// migrateHandOvers adds hand-overs between terminals: pending until the
// teller confirms or refuses or the keeper cancels, then final.
func migrateHandOvers(m migration) error {
	stmts := []string{
		`CREATE TABLE handovers (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL, business_date TEXT NOT NULL,
			kind TEXT NOT NULL CHECK (kind IN ('cash','vouchers')),
			keeper TEXT NOT NULL REFERENCES users(id), teller TEXT NOT NULL REFERENCES users(id),
			terminal TEXT NOT NULL DEFAULT '',
			from_party TEXT NOT NULL DEFAULT '', to_party TEXT NOT NULL DEFAULT '', amount INTEGER NOT NULL DEFAULT 0,
			voucher_type TEXT NOT NULL DEFAULT '', first_no INTEGER NOT NULL DEFAULT 0, last_no INTEGER NOT NULL DEFAULT 0,
			state TEXT NOT NULL CHECK (state IN ('pending','confirmed','refused','cancelled')),
			reason TEXT NOT NULL DEFAULT '', closed_by TEXT NOT NULL DEFAULT '',
			entry_id INTEGER REFERENCES entries(id), at TEXT NOT NULL, closed_at TEXT NOT NULL DEFAULT '')`,
		`CREATE INDEX handovers_state ON handovers (branch_id, state, id)`,
		`CREATE TABLE handover_lines (
			handover_id INTEGER NOT NULL REFERENCES handovers(id), denom TEXT NOT NULL REFERENCES denominations(code),
			pieces INTEGER NOT NULL CHECK (pieces > 0), PRIMARY KEY (handover_id, denom))`,
	}
	stmts = append(stmts, m.e.settledOnly("handovers", "state", string(counter.HandOverPending))...)
	stmts = append(stmts, m.e.immutable("handover_lines")...)
	return m.exec(stmts...)
}

const handOverColumns = `id, branch_id, business_date, kind, keeper, teller, terminal, from_party, to_party, amount,
	voucher_type, first_no, last_no, state, reason, closed_by, COALESCE(entry_id, 0), at, closed_at`

// InsertHandOver records a pending hand-over and its count; h.ID is set.
func (t *Tx) InsertHandOver(h *counter.HandOver) error {
	var from, to string
	if h.Kind == counter.HandOverCash {
		from, to = partyString(h.From), partyString(h.To)
	}
	var err error
	if h.ID, err = t.insert(`INSERT INTO handovers (branch_id, business_date, kind, keeper, teller, terminal,
		from_party, to_party, amount, voucher_type, first_no, last_no, state, at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		h.Branch, h.BusinessDate, string(h.Kind), h.Keeper, h.Teller, h.Terminal, from, to, int64(h.Amount),
		h.Vouchers.Type, h.Vouchers.From, h.Vouchers.To, string(h.State), stamp(h.At)); err != nil {
		return err
	}
	for code, n := range h.Count {
		if n == 0 {
			continue
		}
		if err := t.exec(`INSERT INTO handover_lines VALUES (?,?,?)`, h.ID, code, n); err != nil {
			return err
		}
	}
	return nil
}

func scanHandOver(s interface{ Scan(...any) error }) (counter.HandOver, error) {
	var h counter.HandOver
	var kind, from, to, state, at, closed string
	err := s.Scan(&h.ID, &h.Branch, &h.BusinessDate, &kind, &h.Keeper, &h.Teller, &h.Terminal, &from, &to, &h.Amount,
		&h.Vouchers.Type, &h.Vouchers.From, &h.Vouchers.To, &state, &h.Reason, &h.ClosedBy, &h.EntryID, &at, &closed)
	h.Kind, h.State, h.At = counter.HandOverKind(kind), counter.HandOverState(state), parseStamp(at)
	if from != "" {
		h.From, h.To = parseParty(from), parseParty(to)
	}
	if closed != "" {
		h.ClosedAt = parseStamp(closed)
	}
	if h.Kind != counter.HandOverVouchers {
		h.Vouchers = voucher.Range{}
	}
	return h, err
}

// HandOver reads one hand-over with its count.
func (t *Tx) HandOver(id int64) (counter.HandOver, error) {
	h, err := scanHandOver(t.row(`SELECT `+handOverColumns+` FROM handovers WHERE id = ?`, id))
	if err := notFound(err); err != nil {
		return counter.HandOver{}, err
	}
	h.Count, err = t.handOverCount(h)
	return h, err
}

func (t *Tx) handOverCount(h counter.HandOver) (cash.Count, error) {
	if h.Kind != counter.HandOverCash {
		return nil, nil
	}
	return t.countOf(`SELECT denom, pieces FROM handover_lines WHERE handover_id = ?`, h.ID)
}

// HandOvers lists a branch's hand-overs in a state, oldest first.
func (t *Tx) HandOvers(branch string, state counter.HandOverState) ([]counter.HandOver, error) {
	rows, err := t.query(`SELECT `+handOverColumns+` FROM handovers WHERE branch_id = ? AND state = ? ORDER BY id`, branch, string(state))
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	var out []counter.HandOver
	for rows.Next() {
		h, err := scanHandOver(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	for i := range out {
		if out[i].Count, err = t.handOverCount(out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CloseHandOver settles a pending hand-over; ErrNotFound when it is not
// pending any more.
func (t *Tx) CloseHandOver(h counter.HandOver) error {
	var entry sql.NullInt64
	if h.EntryID != 0 {
		entry = sql.NullInt64{Int64: h.EntryID, Valid: true}
	}
	res, err := t.stmt(`UPDATE handovers SET state = ?, reason = ?, closed_by = ?, entry_id = ?, closed_at = ?
		WHERE id = ? AND state = 'pending'`).ExecContext(t.ctx, string(h.State), h.Reason, h.ClosedBy, entry, stamp(h.ClosedAt), h.ID)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("store: hand-over %d: %w", h.ID, counter.ErrNotFound)
	}
	return nil
}
