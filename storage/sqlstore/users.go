package sqlstore

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
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

// Standing reads a teller's user, branch, day on the branch's business
// date and terminal in one query: every business checks them first. The
// same query brings the branch's settings, which the rest of the
// transaction then reads from memory (Setting), and the teller's cash
// box; and what Foresee announced (the business's accounts, its kind's
// limits) with the audit head, which Account, LimitAt and AuditHead then
// give from memory: one round trip to a server instead of several.
func (t *Tx) Standing(teller, branch string) (counter.Standing, error) {
	var st counter.Standing
	var lvl, created, state, settings string
	var boxLimit sql.NullInt64
	f := t.foresight
	t.foresight = counter.Foresight{}
	accts := [2]string{}
	copy(accts[:], f.Accounts)
	var seen [2]ledger.Account
	var seenType [2]string
	var limVersion, limC, limB sql.NullInt64
	var headID sql.NullInt64
	var headHash sql.NullString
	var next nextEntry
	err := t.first(`SELECT u.id, u.name, u.level, u.branch_id, u.active, u.officer, u.locked, u.failures, u.must_change,
		u.pw_hash, u.created_at, b.id, b.name, b.business_date,
		COALESCE(d.branch_id, ''), COALESCE(d.state, ''), COALESCE(d.sign_ins, 0), COALESCE(s.terminal, ''),
		COALESCE((SELECT net_debit FROM legs WHERE account = ? ORDER BY entry_id DESC, line DESC LIMIT 1), 0),
		(SELECT max FROM box_limits WHERE teller = u.id),
		(SELECT CAST(COALESCE(json_group_object(key, value), '{}') AS TEXT) FROM settings),
		COALESCE((SELECT cert_no FROM qualifications WHERE user_id = u.id ORDER BY seq DESC LIMIT 1), ''),
		COALESCE((SELECT cert_expires FROM qualifications WHERE user_id = u.id ORDER BY seq DESC LIMIT 1), ''),
		`+foreseenA1+`, `+foreseenA2+`,
		l.version, l.c_limit, l.b_limit, h.id, h.hash, `+t.db.engine.nextEntry(f.Entry)+`
		FROM users u JOIN branches b ON b.id = ?
		LEFT JOIN teller_days d ON d.teller = u.id AND d.business_date = b.business_date
		LEFT JOIN teller_terminals s ON s.teller = u.id
		LEFT JOIN accounts a1 ON a1.no = ?
		LEFT JOIN accounts a2 ON a2.no = ?
		LEFT JOIN policy_limits l ON l.kind = ? AND l.version = (SELECT MAX(version) FROM policies WHERE effective <= b.business_date)
		LEFT JOIN audit_head h ON h.one = 1
		WHERE u.id = ?`, []any{ledger.CashAccountNo(teller), branch, accts[0], accts[1], string(f.Kind), teller},
		&st.User.ID, &st.User.Name, &lvl, &st.User.Branch, &st.User.Active, &st.User.Officer, &st.User.Locked,
		&st.User.Failures, &st.User.MustChange, &st.User.Hash, &created, &st.Branch.ID, &st.Branch.Name,
		&st.Branch.BusinessDate, &st.Day.Branch, &state, &st.Day.SignIns, &st.Terminal,
		&st.Box.Balance, &boxLimit, &settings, &st.Certificate.CertNo, &st.Certificate.CertExpires,
		&seen[0].No, &seenType[0], &seen[0].Holder, &seen[0].Branch, &seen[0].Balance, &seen[0].Owner, &seen[0].HolderID, &seen[0].Frozen,
		&seen[1].No, &seenType[1], &seen[1].Holder, &seen[1].Branch, &seen[1].Balance, &seen[1].Owner, &seen[1].HolderID, &seen[1].Frozen,
		&limVersion, &limC, &limB, &headID, &headHash, &next.id, &next.seq)
	if err == nil {
		m := map[string]string{}
		if json.Unmarshal([]byte(settings), &m) == nil {
			t.settings = m
		}
		for i, no := range accts {
			seen[i].Type = ledger.AccountType(seenType[i])
			t.foresee(no, seen[i])
		}
		if f.Kind != "" {
			t.limits = map[string]limit{limitKey(st.Branch.BusinessDate, f.Kind): {
				found: limVersion.Valid, version: int(limVersion.Int64),
				l: authz.Limit{Kind: f.Kind, CLimit: money.Amount(limC.Int64), BLimit: money.Amount(limB.Int64)},
			}}
		}
		if f.Entry {
			next.teller, next.date = teller, st.Branch.BusinessDate
			t.next = &next
		}
		if t.head == nil && headID.Valid {
			t.headRead = &audit.Head{ID: headID.Int64, Hash: headHash.String}
		}
	}
	st.Box.Limit, st.Box.OwnLimit = money.Amount(boxLimit.Int64), boxLimit.Valid
	st.User.Level = staff.Level(lvl)
	st.User.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	st.Day.Teller, st.Day.BusinessDate, st.Day.State = teller, st.Branch.BusinessDate, counter.DayState(state)
	st.Certificate.User = teller
	return st, notFound(err)
}

// Foresee keeps what a business will read, for the next Standing.
func (t *Tx) Foresee(f counter.Foresight) { t.foresight = f }

var foreseenA1, foreseenA2 = foreseenAccount("a1"), foreseenAccount("a2")

// foreseenAccount is the columns of an account Standing brings, empty
// when there is no such account.
func foreseenAccount(a string) string {
	return strings.NewReplacer("a.", a+".").Replace(`COALESCE(a.no, ''), COALESCE(a.type, ''), COALESCE(a.holder, ''),
		COALESCE(a.branch_id, ''), COALESCE(a.balance, 0), COALESCE(a.owner, ''), COALESCE(a.holder_id_no, ''), COALESCE(a.frozen, 0)`)
}

// foresee keeps an account Standing brought (or found missing), as if
// Account had read it.
func (t *Tx) foresee(no string, a ledger.Account) {
	if no == "" {
		return
	}
	if a.No == "" {
		if t.noAccount == nil {
			t.noAccount = map[string]bool{}
		}
		t.noAccount[no] = true
		return
	}
	if t.accounts == nil {
		t.accounts = map[string]ledger.Account{}
	}
	if _, ok := t.accounts[no]; !ok {
		t.accounts[no] = a
	}
}

// PutDay records a teller's business day.
func (t *Tx) PutDay(d counter.TellerDay) error {
	return t.exec(`INSERT INTO teller_days VALUES (?,?,?,?,?) ON CONFLICT(teller, business_date) DO UPDATE SET state=excluded.state, sign_ins=excluded.sign_ins`,
		d.Teller, d.BusinessDate, d.Branch, string(d.State), d.SignIns)
}

// Setting reads a setting: from memory once Standing has read them all.
func (t *Tx) Setting(key string) (string, error) {
	if t.settings != nil {
		v, ok := t.settings[key]
		if !ok {
			return "", counter.ErrNotFound
		}
		return v, nil
	}
	var v string
	err := t.row(`SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	return v, notFound(err)
}

// PutSetting writes a setting.
func (t *Tx) PutSetting(key, value string) error {
	if err := t.exec(`INSERT INTO settings VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
		return err
	}
	if t.settings != nil {
		t.settings[key] = value
	}
	return nil
}
