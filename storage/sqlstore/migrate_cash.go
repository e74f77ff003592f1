package sqlstore

import (
	"branchdesk/domain/cash"
	"branchdesk/domain/voucher"
)

// migrateCashAndVouchers adds cash movements by denomination, the blank
// voucher register, teller balances, vault counts and branch closes.
func migrateCashAndVouchers(m migration) error {
	stmts := []string{
		`CREATE TABLE denominations (
			code TEXT PRIMARY KEY, face INTEGER NOT NULL CHECK (face > 0), kind TEXT NOT NULL,
			name TEXT NOT NULL, optional INTEGER NOT NULL, ord INTEGER NOT NULL)`,
		`CREATE TABLE cash_moves (
			id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL UNIQUE REFERENCES entries(id),
			branch_id TEXT NOT NULL, business_date TEXT NOT NULL, kind TEXT NOT NULL,
			from_party TEXT NOT NULL, to_party TEXT NOT NULL, keeper TEXT NOT NULL,
			teller TEXT NOT NULL DEFAULT '', approver TEXT NOT NULL DEFAULT '', at TEXT NOT NULL)`,
		`CREATE TABLE cash_move_lines (
			move_id INTEGER NOT NULL REFERENCES cash_moves(id), denom TEXT NOT NULL REFERENCES denominations(code),
			pieces INTEGER NOT NULL CHECK (pieces > 0), PRIMARY KEY (move_id, denom))`,
		`CREATE TABLE box_limits (teller TEXT PRIMARY KEY REFERENCES users(id), max INTEGER NOT NULL CHECK (max > 0))`,
		`CREATE TABLE voucher_types (
			code TEXT PRIMARY KEY, name TEXT NOT NULL, prefix TEXT NOT NULL, digits INTEGER NOT NULL, unit TEXT NOT NULL)`,
		`CREATE TABLE voucher_events (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL, business_date TEXT NOT NULL,
			type TEXT NOT NULL REFERENCES voucher_types(code), number INTEGER NOT NULL, state TEXT NOT NULL,
			teller TEXT NOT NULL DEFAULT '', by_user TEXT NOT NULL, entry_id INTEGER REFERENCES entries(id),
			reason TEXT NOT NULL DEFAULT '', seal_checked_by TEXT NOT NULL DEFAULT '',
			authorizer TEXT NOT NULL DEFAULT '', at TEXT NOT NULL)`,
		`CREATE INDEX voucher_events_number ON voucher_events (branch_id, type, number, id)`,
		`CREATE TABLE teller_balances (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL, teller TEXT NOT NULL, business_date TEXT NOT NULL,
			expected INTEGER NOT NULL, counted INTEGER NOT NULL, diff INTEGER NOT NULL,
			reason TEXT NOT NULL DEFAULT '', signed_b TEXT NOT NULL DEFAULT '', approved_a TEXT NOT NULL DEFAULT '',
			suspense_entry INTEGER REFERENCES entries(id), last_entry INTEGER NOT NULL,
			last_voucher INTEGER NOT NULL DEFAULT 0, at TEXT NOT NULL)`,
		`CREATE INDEX teller_balances_day ON teller_balances (teller, business_date, id)`,
		`CREATE TABLE teller_balance_lines (
			balance_id INTEGER NOT NULL REFERENCES teller_balances(id), denom TEXT NOT NULL,
			pieces INTEGER NOT NULL, PRIMARY KEY (balance_id, denom))`,
		`CREATE TABLE teller_voucher_counts (
			balance_id INTEGER NOT NULL REFERENCES teller_balances(id), type TEXT NOT NULL,
			system INTEGER NOT NULL, physical INTEGER NOT NULL, PRIMARY KEY (balance_id, type))`,
		`CREATE TABLE vault_counts (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL, business_date TEXT NOT NULL, keeper TEXT NOT NULL,
			expected INTEGER NOT NULL, counted INTEGER NOT NULL, diff INTEGER NOT NULL,
			last_move INTEGER NOT NULL, at TEXT NOT NULL)`,
		`CREATE TABLE vault_count_lines (
			count_id INTEGER NOT NULL REFERENCES vault_counts(id), denom TEXT NOT NULL,
			system INTEGER NOT NULL, counted INTEGER NOT NULL, PRIMARY KEY (count_id, denom))`,
		`CREATE TABLE branch_closes (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL, business_date TEXT NOT NULL UNIQUE,
			by_user TEXT NOT NULL, next_date TEXT NOT NULL, at TEXT NOT NULL)`,
		`CREATE TABLE branch_close_vouchers (
			close_id INTEGER NOT NULL REFERENCES branch_closes(id), type TEXT NOT NULL,
			system INTEGER NOT NULL, physical INTEGER NOT NULL, register INTEGER NOT NULL,
			PRIMARY KEY (close_id, type))`,
	}
	for _, t := range []string{"cash_moves", "cash_move_lines", "voucher_events", "teller_balances",
		"teller_balance_lines", "teller_voucher_counts", "vault_counts", "vault_count_lines",
		"branch_closes", "branch_close_vouchers"} {
		stmts = append(stmts, m.e.immutable(t)...)
	}
	if err := m.exec(stmts...); err != nil {
		return err
	}
	for i, d := range cash.Denominations() {
		if err := m.insert(`INSERT INTO denominations VALUES (?,?,?,?,?,?)`, d.Code, int64(d.Face), d.Kind, d.Name, d.Optional, i); err != nil {
			return err
		}
	}
	for _, t := range voucher.Types() {
		if err := m.insert(`INSERT INTO voucher_types VALUES (?,?,?,?,?)`, t.Code, t.Name, t.Prefix, t.Digits, t.Unit); err != nil {
			return err
		}
	}
	return nil
}
