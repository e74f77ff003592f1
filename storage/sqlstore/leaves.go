package sqlstore

import (
	"strings"

	"branchdesk/domain/counter"
)

// migrateLeaves adds leave hand-overs (第十三条 交接): one row each with
// its count by denomination; what moved is in the journal, the voucher
// register and the seal register, each row pointing back at it.
func migrateLeaves(m migration) error {
	stmts := []string{
		`CREATE TABLE leave_handovers (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL REFERENCES branches(id), business_date TEXT NOT NULL,
			leaving TEXT NOT NULL REFERENCES users(id), receiving TEXT NOT NULL REFERENCES users(id),
			supervisor TEXT NOT NULL REFERENCES users(id), amount INTEGER NOT NULL,
			out_entry INTEGER NOT NULL DEFAULT 0, in_entry INTEGER NOT NULL DEFAULT 0,
			vouchers TEXT NOT NULL DEFAULT '', seals TEXT NOT NULL DEFAULT '', hand_keys TEXT NOT NULL DEFAULT '',
			at TEXT NOT NULL)`,
		`CREATE TABLE leave_lines (
			leave_id INTEGER NOT NULL REFERENCES leave_handovers(id), denom TEXT NOT NULL REFERENCES denominations(code),
			pieces INTEGER NOT NULL CHECK (pieces > 0), PRIMARY KEY (leave_id, denom))`,
	}
	for _, t := range []string{"leave_handovers", "leave_lines"} {
		stmts = append(stmts, m.e.immutable(t)...)
	}
	return m.exec(stmts...)
}

// migrateLeaveKeepers names on each leave hand-over the keepers who
// operated it; older rows name none.
func migrateLeaveKeepers(m migration) error {
	return m.exec(`ALTER TABLE leave_handovers ADD COLUMN vault_keeper TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE leave_handovers ADD COLUMN voucher_keeper TEXT NOT NULL DEFAULT ''`)
}

// joinLines joins a list kept in one column, one item a line.
func joinLines(s []string) string { return strings.Join(s, "\n") }

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// InsertLeave records a leave hand-over and its count; r.ID is set.
func (t *Tx) InsertLeave(r *counter.LeaveRecord) error {
	var err error
	if r.ID, err = t.insert(`INSERT INTO leave_handovers (branch_id, business_date, leaving, receiving, supervisor, amount,
		out_entry, in_entry, vouchers, seals, hand_keys, vault_keeper, voucher_keeper, at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		r.Branch, r.BusinessDate, r.Leaving, r.Receiving, r.Supervisor, int64(r.Amount), r.OutEntry, r.InEntry,
		joinLines(r.Vouchers), joinLines(r.Seals), joinLines(r.Keys), r.VaultKeeper, r.VoucherKeeper, stamp(r.At)); err != nil {
		return err
	}
	for code, n := range r.Count {
		if n == 0 {
			continue
		}
		if err := t.exec(`INSERT INTO leave_lines VALUES (?,?,?)`, r.ID, code, n); err != nil {
			return err
		}
	}
	return nil
}

// Leave reads one leave hand-over, or counter.ErrNotFound.
func (t *Tx) Leave(id int64) (counter.LeaveRecord, error) {
	var r counter.LeaveRecord
	var vouchers, seals, keys, at string
	err := t.row(`SELECT id, branch_id, business_date, leaving, receiving, supervisor, amount, out_entry, in_entry,
		vouchers, seals, hand_keys, vault_keeper, voucher_keeper, at FROM leave_handovers WHERE id = ?`, id).
		Scan(&r.ID, &r.Branch, &r.BusinessDate, &r.Leaving, &r.Receiving, &r.Supervisor, &r.Amount, &r.OutEntry, &r.InEntry,
			&vouchers, &seals, &keys, &r.VaultKeeper, &r.VoucherKeeper, &at)
	if err != nil {
		return r, notFound(err)
	}
	r.Vouchers, r.Seals, r.Keys, r.At = splitLines(vouchers), splitLines(seals), splitLines(keys), parseStamp(at)
	r.Count, err = t.countOf(`SELECT denom, pieces FROM leave_lines WHERE leave_id = ?`, id)
	return r, err
}

var _ counter.LeaveTx = (*Tx)(nil)
