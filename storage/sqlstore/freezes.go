package sqlstore

import (
	"fmt"

	"branchdesk/domain/counter"
	"branchdesk/domain/money"
)

// migrateFreezes gives customer accounts the amount frozen (冻结) and the
// register of freezes and releases behind it, append-only.
func migrateFreezes(m migration) error {
	stmts := []string{
		`ALTER TABLE accounts ADD COLUMN frozen INTEGER NOT NULL DEFAULT 0`,
		`CREATE TABLE account_freezes (
			id INTEGER PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(no),
			amount INTEGER NOT NULL CHECK (amount > 0), reason TEXT NOT NULL, document TEXT NOT NULL,
			releases INTEGER NOT NULL DEFAULT 0, by_user TEXT NOT NULL, at TEXT NOT NULL)`,
		`CREATE INDEX account_freezes_account ON account_freezes (account, id)`,
		`CREATE UNIQUE INDEX account_freezes_release ON account_freezes (releases) WHERE releases <> 0`,
	}
	stmts = append(stmts, m.e.immutable("account_freezes")...)
	return m.exec(stmts...)
}

// InsertFreeze appends a freeze or a release and moves the account's
// frozen amount by delta.
func (t *Tx) InsertFreeze(f *counter.Freeze, delta money.Amount) error {
	var err error
	f.ID, err = t.insert(`INSERT INTO account_freezes (account, amount, reason, document, releases, by_user, at) VALUES (?,?,?,?,?,?,?)`,
		f.Account, f.Amount, f.Reason, f.Document, f.Releases, f.By, stamp(f.At))
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	delete(t.accounts, f.Account)
	return t.exec(`UPDATE accounts SET frozen = frozen + ? WHERE no = ?`, delta, f.Account)
}

// Freezes lists an account's freezes and releases, oldest first.
func (t *Tx) Freezes(account string) ([]counter.Freeze, error) {
	rows, err := t.query(`SELECT id, account, amount, reason, document, releases, by_user, at FROM account_freezes
		WHERE account = ? ORDER BY id`, account)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read freezes: %w", err)
	}
	defer rows.Close()
	var out []counter.Freeze
	for rows.Next() {
		var f counter.Freeze
		var at string
		if err := rows.Scan(&f.ID, &f.Account, &f.Amount, &f.Reason, &f.Document, &f.Releases, &f.By, &at); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		f.At = parseStamp(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

var _ counter.FreezeTx = (*Tx)(nil)
