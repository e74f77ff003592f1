package sqlstore

import (
	"branchdesk/domain/counter"
)

// migrateBoxSeals adds the box seals of 第七条二.3 (查库封箱): one row each,
// pointing at the teller balance it seals, with the seals the teller kept
// one a line. Rows are never changed or deleted.
func migrateBoxSeals(m migration) error {
	stmts := []string{
		`CREATE TABLE box_seals (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL REFERENCES branches(id), teller TEXT NOT NULL REFERENCES users(id),
			business_date TEXT NOT NULL, balance_id INTEGER NOT NULL REFERENCES teller_balances(id),
			seal_no TEXT NOT NULL, checker TEXT NOT NULL REFERENCES users(id),
			posted_vouchers INTEGER NOT NULL CHECK (posted_vouchers >= 0), cash INTEGER NOT NULL,
			seals TEXT NOT NULL DEFAULT '', at TEXT NOT NULL)`,
		`CREATE INDEX box_seals_day ON box_seals (teller, business_date, id)`,
	}
	return m.exec(append(stmts, m.e.immutable("box_seals")...)...)
}

const boxSealCols = `id, branch_id, teller, business_date, balance_id, seal_no, checker, posted_vouchers, cash, seals, at`

func scanBoxSeal(scan func(...any) error, b *counter.BoxSeal) error {
	var seals, at string
	if err := scan(&b.ID, &b.Branch, &b.Teller, &b.BusinessDate, &b.Balance, &b.SealNo, &b.Checker, &b.PostedVouchers,
		&b.Cash, &seals, &at); err != nil {
		return err
	}
	b.Seals, b.At = splitLines(seals), parseStamp(at)
	return nil
}

// InsertBoxSeal records a box seal; b.ID is set.
func (t *Tx) InsertBoxSeal(b *counter.BoxSeal) error {
	var err error
	b.ID, err = t.insert(`INSERT INTO box_seals (branch_id, teller, business_date, balance_id, seal_no, checker, posted_vouchers, cash, seals, at)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, b.Branch, b.Teller, b.BusinessDate, b.Balance, b.SealNo, b.Checker, b.PostedVouchers,
		int64(b.Cash), joinLines(b.Seals), stamp(b.At))
	return err
}

// LatestBoxSeal is the teller's newest box seal on date.
func (t *Tx) LatestBoxSeal(teller, date string) (counter.BoxSeal, error) {
	var b counter.BoxSeal
	err := scanBoxSeal(t.row(`SELECT `+boxSealCols+` FROM box_seals WHERE teller = ? AND business_date = ? ORDER BY id DESC LIMIT 1`,
		teller, date).Scan, &b)
	return b, notFound(err)
}

// AllBoxSeals lists every box seal, by id.
func (t *Tx) AllBoxSeals() ([]counter.BoxSeal, error) {
	return readAll(t, `SELECT `+boxSealCols+` FROM box_seals ORDER BY id`, scanBoxSeal)
}
