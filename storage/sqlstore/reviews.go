package sqlstore

import (
	"fmt"

	"branchdesk/domain/counter"
)

// migrateReviews adds the 滞后复核 and 事后监督 rows (第七条三、四): each
// tick, query, answer and supervision is a new row, none rewritten.
func migrateReviews(m migration) error {
	stmts := []string{`CREATE TABLE reviews (
		id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL REFERENCES branches(id), business_date TEXT NOT NULL,
		kind TEXT NOT NULL CHECK (kind IN ('checked','query','answer','item','day')),
		entry_id INTEGER NOT NULL DEFAULT 0, teller TEXT NOT NULL DEFAULT '',
		answers INTEGER NOT NULL DEFAULT 0, through INTEGER NOT NULL DEFAULT 0,
		note TEXT NOT NULL DEFAULT '', by_user TEXT NOT NULL REFERENCES users(id), at TEXT NOT NULL)`,
		`CREATE INDEX reviews_day ON reviews (branch_id, business_date, id)`}
	stmts = append(stmts, m.e.immutable("reviews")...)
	return m.exec(stmts...)
}

// InsertReview records one review; r.ID is set.
func (t *Tx) InsertReview(r *counter.Review) error {
	var err error
	r.ID, err = t.insert(`INSERT INTO reviews (branch_id, business_date, kind, entry_id, teller, answers, through, note, by_user, at)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, r.Branch, r.BusinessDate, string(r.Kind), r.Entry, r.Teller, r.Answers, r.Through,
		r.Note, r.By, stamp(r.At))
	return err
}

// Reviews lists the reviews of a branch's business day, oldest first.
func (t *Tx) Reviews(branch, date string) ([]counter.Review, error) {
	rows, err := t.query(`SELECT id, branch_id, business_date, kind, entry_id, teller, answers, through, note, by_user, at
		FROM reviews WHERE branch_id = ? AND business_date = ? ORDER BY id`, branch, date)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read reviews: %w", err)
	}
	defer rows.Close()
	var out []counter.Review
	for rows.Next() {
		var r counter.Review
		var kind, at string
		if err := rows.Scan(&r.ID, &r.Branch, &r.BusinessDate, &kind, &r.Entry, &r.Teller, &r.Answers, &r.Through,
			&r.Note, &r.By, &at); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		r.Kind, r.At = counter.ReviewKind(kind), parseStamp(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

var _ counter.ReviewTx = (*Tx)(nil)
