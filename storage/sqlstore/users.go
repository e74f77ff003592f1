package sqlstore

import (
	"fmt"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/staff"
)

const userCols = `id, name, level, branch_id, active, officer, locked, failures, must_change, pw_hash, created_at`

func scanUser(sc interface{ Scan(...any) error }) (staff.User, error) {
	var u staff.User
	var lvl, created string
	err := sc.Scan(&u.ID, &u.Name, &lvl, &u.Branch, &u.Active, &u.Officer, &u.Locked, &u.Failures, &u.MustChange, &u.Hash, &created)
	u.Level = staff.Level(lvl)
	u.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	return u, err
}

// User reads one user.
func (t *Tx) User(id string) (staff.User, error) {
	u, err := scanUser(t.row(`SELECT `+userCols+` FROM users WHERE id = ?`, id))
	return u, notFound(err)
}

// InsertUser adds a user.
func (t *Tx) InsertUser(u staff.User) error {
	return t.exec(`INSERT INTO users (`+userCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		u.ID, u.Name, string(u.Level), u.Branch, u.Active, u.Officer, u.Locked, u.Failures, u.MustChange, u.Hash,
		u.CreatedAt.UTC().Format(time.RFC3339Nano))
}

// UpdateUser rewrites a user's mutable fields.
func (t *Tx) UpdateUser(u staff.User) error {
	return t.exec(`UPDATE users SET name=?, level=?, branch_id=?, active=?, officer=?, locked=?, failures=?, must_change=?, pw_hash=? WHERE id=?`,
		u.Name, string(u.Level), u.Branch, u.Active, u.Officer, u.Locked, u.Failures, u.MustChange, u.Hash, u.ID)
}

// Users lists a branch's users by id.
func (t *Tx) Users(branch string) ([]staff.User, error) {
	rows, err := t.query(`SELECT `+userCols+` FROM users WHERE branch_id = ? ORDER BY id`, branch)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list users: %w", err)
	}
	defer rows.Close()
	var out []staff.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to read user: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Branch reads a branch.
func (t *Tx) Branch(id string) (counter.Branch, error) {
	var b counter.Branch
	err := t.row(`SELECT id, name, business_date FROM branches WHERE id = ?`, id).Scan(&b.ID, &b.Name, &b.BusinessDate)
	return b, notFound(err)
}

// PutBranch adds or updates a branch.
func (t *Tx) PutBranch(b counter.Branch) error {
	return t.exec(`INSERT INTO branches VALUES (?,?,?) ON CONFLICT(id) DO UPDATE SET name=excluded.name, business_date=excluded.business_date`,
		b.ID, b.Name, b.BusinessDate)
}

// Day reads a teller's business day.
func (t *Tx) Day(teller, date string) (counter.TellerDay, error) {
	d := counter.TellerDay{Teller: teller, BusinessDate: date}
	var st string
	err := t.row(`SELECT branch_id, state, sign_ins FROM teller_days WHERE teller = ? AND business_date = ?`, teller, date).
		Scan(&d.Branch, &st, &d.SignIns)
	d.State = counter.DayState(st)
	return d, notFound(err)
}

// PutDay records a teller's business day.
func (t *Tx) PutDay(d counter.TellerDay) error {
	return t.exec(`INSERT INTO teller_days VALUES (?,?,?,?,?) ON CONFLICT(teller, business_date) DO UPDATE SET state=excluded.state, sign_ins=excluded.sign_ins`,
		d.Teller, d.BusinessDate, d.Branch, string(d.State), d.SignIns)
}

// Setting reads a setting.
func (t *Tx) Setting(key string) (string, error) {
	var v string
	err := t.row(`SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	return v, notFound(err)
}

// PutSetting writes a setting.
func (t *Tx) PutSetting(key, value string) error {
	return t.exec(`INSERT INTO settings VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
}
