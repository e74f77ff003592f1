package sqlstore

import (
	"fmt"
	"strings"
	"time"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
)

// Account reads an account; a transaction reads each account once (a
// posting checks it, then moves its balance).
func (t *Tx) Account(no string) (ledger.Account, error) {
	if a, ok := t.accounts[no]; ok {
		return a, nil
	}
	if t.noAccount[no] {
		return ledger.Account{}, counter.ErrNotFound
	}
	a, err := t.readAccount(no)
	if err == nil {
		if t.accounts == nil {
			t.accounts = map[string]ledger.Account{}
		}
		t.accounts[no] = a
	}
	return a, err
}

func (t *Tx) readAccount(no string) (ledger.Account, error) {
	var a ledger.Account
	var typ string
	err := t.row(`SELECT `+accountCols+` FROM accounts WHERE no = ?`, no).
		Scan(&a.No, &typ, &a.Holder, &a.Branch, &a.Balance, &a.Owner, &a.HolderID, &a.Frozen)
	a.Type = ledger.AccountType(typ)
	return a, notFound(err)
}

// InsertAccount adds an account.
func (t *Tx) InsertAccount(a ledger.Account) error {
	delete(t.noAccount, a.No)
	return t.exec(`INSERT INTO accounts (no, type, holder, branch_id, balance, owner, opening, holder_id_no) VALUES (?,?,?,?,?,?,?,?)`,
		a.No, string(a.Type), a.Holder, a.Branch, int64(a.Balance), a.Owner, int64(a.Balance), a.HolderID)
}

// AddBalance moves an account's balance; the CHECK keeps it from going negative.
func (t *Tx) AddBalance(no string, delta money.Amount) error {
	if err := t.later(`UPDATE accounts SET balance = balance + ? WHERE no = ?`, int64(delta), no); err != nil {
		return err
	}
	if a, ok := t.accounts[no]; ok {
		a.Balance += delta
		t.accounts[no] = a
	}
	return nil
}

const accountCols = `no, type, holder, branch_id, balance, owner, holder_id_no, frozen`

// Accounts lists a branch's accounts by number.
func (t *Tx) Accounts(branch string) ([]ledger.Account, error) {
	return t.readAccounts(`SELECT `+accountCols+` FROM accounts WHERE branch_id = ? ORDER BY no`, branch)
}

// FindAccounts lists a branch's customer accounts whose holder contains q,
// whose number starts with q or whose holder's ID number is q, by number,
// at most limit of them.
func (t *Tx) FindAccounts(branch, q string, limit int) ([]ledger.Account, error) {
	like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q)
	return t.readAccounts(`SELECT `+accountCols+` FROM accounts
		WHERE branch_id = ? AND type IN (?, ?) AND (holder LIKE ? ESCAPE '\' OR no LIKE ? ESCAPE '\' OR holder_id_no = ?)
		ORDER BY no LIMIT ?`, branch, string(ledger.Savings), string(ledger.Corporate), "%"+like+"%", like+"%", q, limit)
}

// readAccounts runs a query of accountCols and reads the accounts.
func (t *Tx) readAccounts(q string, args ...any) ([]ledger.Account, error) {
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read accounts: %w", err)
	}
	defer rows.Close()
	var out []ledger.Account
	for rows.Next() {
		var a ledger.Account
		var typ string
		if err := rows.Scan(&a.No, &typ, &a.Holder, &a.Branch, &a.Balance, &a.Owner, &a.HolderID, &a.Frozen); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		a.Type = ledger.AccountType(typ)
		out = append(out, a)
	}
	return out, rows.Err()
}

// LimitAt is one kind's limits in the newest policy effective on date,
// and that policy's version: one indexed row, for the posting path.
func (t *Tx) LimitAt(date string, kind ledger.Kind) (int, authz.Limit, error) {
	if r, ok := t.limits[limitKey(date, kind)]; ok {
		if !r.found {
			return 0, authz.Limit{Kind: kind}, counter.ErrNotFound
		}
		return r.version, r.l, nil
	}
	l := authz.Limit{Kind: kind}
	var v int
	err := t.row(`SELECT version, c_limit, b_limit FROM policy_limits WHERE kind = ?
		AND version = (SELECT MAX(version) FROM policies WHERE effective <= ?)`, string(kind), date).Scan(&v, &l.CLimit, &l.BLimit)
	return v, l, notFound(err)
}

// limit is one kind's limits as Standing brought them.
type limit struct {
	found   bool
	version int
	l       authz.Limit
}

func limitKey(date string, kind ledger.Kind) string { return date + " " + string(kind) }

// PolicyAt is the newest policy effective on date, read in one query.
func (t *Tx) PolicyAt(date string) (authz.Policy, error) {
	rows, err := t.query(`SELECT p.version, p.effective, p.created_at, p.created_by, l.kind, l.c_limit, l.b_limit
		FROM policies p JOIN policy_limits l ON l.version = p.version
		WHERE p.version = (SELECT MAX(version) FROM policies WHERE effective <= ?)`, date)
	if err != nil {
		return authz.Policy{}, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	p := authz.Policy{Limits: map[ledger.Kind]authz.Limit{}}
	for rows.Next() {
		var l authz.Limit
		var k, created string
		if err := rows.Scan(&p.Version, &p.Effective, &created, &p.CreatedBy, &k, &l.CLimit, &l.BLimit); err != nil {
			return p, fmt.Errorf("store: %w", err)
		}
		p.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		l.Kind = ledger.Kind(k)
		p.Limits[l.Kind] = l
	}
	if err := rows.Err(); err != nil {
		return p, fmt.Errorf("store: %w", err)
	}
	if len(p.Limits) == 0 {
		return p, counter.ErrNotFound
	}
	return p, nil
}

func (t *Tx) policy(v int) (authz.Policy, error) {
	p := authz.Policy{Version: v, Limits: map[ledger.Kind]authz.Limit{}}
	var created string
	if err := t.row(`SELECT effective, created_at, created_by FROM policies WHERE version = ?`, v).Scan(&p.Effective, &created, &p.CreatedBy); err != nil {
		return p, notFound(err)
	}
	p.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	rows, err := t.query(`SELECT kind, c_limit, b_limit FROM policy_limits WHERE version = ?`, v)
	if err != nil {
		return p, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l authz.Limit
		var k string
		if err := rows.Scan(&k, &l.CLimit, &l.BLimit); err != nil {
			return p, fmt.Errorf("store: %w", err)
		}
		l.Kind = ledger.Kind(k)
		p.Limits[l.Kind] = l
	}
	return p, rows.Err()
}

// InsertPolicy adds a policy version with its limits.
func (t *Tx) InsertPolicy(p authz.Policy) error {
	if err := t.exec(`INSERT INTO policies VALUES (?,?,?,?)`, p.Version, p.Effective, p.CreatedAt.UTC().Format(time.RFC3339Nano), p.CreatedBy); err != nil {
		return err
	}
	for _, l := range p.Limits {
		if err := t.exec(`INSERT INTO policy_limits VALUES (?,?,?,?)`, p.Version, string(l.Kind), int64(l.CLimit), int64(l.BLimit)); err != nil {
			return err
		}
	}
	return nil
}

// Policies lists every policy version, oldest first.
func (t *Tx) Policies() ([]authz.Policy, error) {
	rows, err := t.query(`SELECT version FROM policies ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	var vs []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: %w", err)
		}
		vs = append(vs, v)
	}
	rows.Close()
	out := make([]authz.Policy, 0, len(vs))
	for _, v := range vs {
		p, err := t.policy(v)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// InsertEntry writes an entry and its legs and sets e.ID, and e.Seq when
// it is 0: the teller's next sequence number for the date, worked out in
// the INSERT itself. Each leg carries its account's running net debit,
// also worked out in its INSERT: one statement per row.
func (t *Tx) InsertEntry(e *ledger.Entry) error {
	var reverses, settles any
	if e.Reverses != 0 {
		reverses = e.Reverses
	}
	if e.Settles != 0 {
		settles = e.Settles
	}
	p := e.Presenter
	cols := `branch_id, business_date, teller, seq, kind, amount, account, counterparty, memo,
		policy_version, auth_b, auth_a, reverses, reason, posted_at, draft_key,
		settles, responsible, cust_id_type, cust_id_no, agent_name, agent_id_type, agent_id_no`
	rest := []any{string(e.Kind), int64(e.Amount), e.Account, e.Counterparty, e.Memo,
		e.PolicyVersion, e.AuthB, e.AuthA, reverses, e.Reason, e.PostedAt.UTC().Format(time.RFC3339Nano), e.DraftKey,
		settles, e.Responsible, string(p.Customer.Type), p.Customer.No, p.Agent.Name, string(p.Agent.Doc.Type), p.Agent.Doc.No}
	const values = `?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`
	if n := t.next; e.Seq == 0 && n != nil && n.teller == e.Teller && n.date == e.BusinessDate {
		// Numbered by Standing's read under the writer lock, so nothing
		// here waits for the server; the unique id and sequence number
		// would refuse a wrong number.
		t.next = nil
		e.ID, e.Seq = n.id, int(n.seq)
		args := append([]any{e.ID, e.Branch, e.BusinessDate, e.Teller, e.Seq}, rest...)
		if err := t.later(`INSERT INTO entries (id, `+cols+`) VALUES (?,?,?,?,?,`+values, args...); err != nil {
			return err
		}
	} else {
		seq := `?`
		args := []any{e.Branch, e.BusinessDate, e.Teller, e.Seq}
		if e.Seq == 0 {
			seq = `(SELECT COALESCE(MAX(seq), 0) + 1 FROM entries WHERE teller = ? AND business_date = ?)`
			args = []any{e.Branch, e.BusinessDate, e.Teller, e.Teller, e.BusinessDate}
		}
		if err := t.row(`INSERT INTO entries (`+cols+`) VALUES (?,?,?,`+seq+`,`+values+`
			RETURNING id, seq`, append(args, rest...)...).Scan(&e.ID, &e.Seq); err != nil {
			return fmt.Errorf("store: %w", err)
		}
	}
	// The legs go in one statement when each names another account: a
	// row's running total does not see the rows of its own statement.
	// An account named twice gets a statement for each leg.
	per := 1
	if distinctAccounts(e.Legs) {
		per = len(e.Legs)
	}
	for first := 0; first < len(e.Legs); first += per {
		q := `INSERT INTO legs VALUES `
		var args []any
		for i, l := range e.Legs[first : first+per] {
			delta := int64(l.Amount)
			if l.Side != ledger.Debit {
				delta = -delta
			}
			if i > 0 {
				q += `, `
			}
			q += `(?,?,?,?,?, COALESCE((SELECT net_debit FROM legs WHERE account = ? ORDER BY entry_id DESC, line DESC LIMIT 1), 0) + ?)`
			args = append(args, e.ID, first+i+1, l.Account, string(l.Side), int64(l.Amount), l.Account, delta)
		}
		if err := t.later(q, args...); err != nil {
			return err
		}
	}
	return nil
}

func distinctAccounts(legs []ledger.Leg) bool {
	seen := make(map[string]bool, len(legs))
	for _, l := range legs {
		if seen[l.Account] {
			return false
		}
		seen[l.Account] = true
	}
	return true
}

const entryCols = `id, branch_id, business_date, teller, seq, kind, amount, account, counterparty, memo,
	policy_version, auth_b, auth_a, COALESCE(reverses, 0), reason, posted_at,
	COALESCE((SELECT r.id FROM entries r WHERE r.reverses = entries.id), 0), draft_key,
	COALESCE(settles, 0), responsible, cust_id_type, cust_id_no, agent_name, agent_id_type, agent_id_no`

func scanEntry(sc interface{ Scan(...any) error }) (ledger.Entry, error) {
	var e ledger.Entry
	var kind, at, custType, agentType string
	p := &e.Presenter
	err := sc.Scan(&e.ID, &e.Branch, &e.BusinessDate, &e.Teller, &e.Seq, &kind, &e.Amount, &e.Account, &e.Counterparty, &e.Memo,
		&e.PolicyVersion, &e.AuthB, &e.AuthA, &e.Reverses, &e.Reason, &at, &e.ReversedBy, &e.DraftKey,
		&e.Settles, &e.Responsible, &custType, &p.Customer.No, &p.Agent.Name, &agentType, &p.Agent.Doc.No)
	e.Kind = ledger.Kind(kind)
	p.Customer.Type, p.Agent.Doc.Type = ledger.IDType(custType), ledger.IDType(agentType)
	e.PostedAt, _ = time.Parse(time.RFC3339Nano, at)
	return e, err
}

// Entry reads an entry with its legs.
func (t *Tx) Entry(id int64) (ledger.Entry, error) {
	e, err := scanEntry(t.row(`SELECT `+entryCols+` FROM entries WHERE id = ?`, id))
	if err := notFound(err); err != nil {
		return e, err
	}
	rows, err := t.query(`SELECT account, side, amount FROM legs WHERE entry_id = ? ORDER BY line`, id)
	if err != nil {
		return e, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l ledger.Leg
		var side string
		if err := rows.Scan(&l.Account, &side, &l.Amount); err != nil {
			return e, fmt.Errorf("store: %w", err)
		}
		l.Side = ledger.Side(side)
		e.Legs = append(e.Legs, l)
	}
	return e, rows.Err()
}

// EntryByKey reads the entry posted from the draft with this key.
func (t *Tx) EntryByKey(key string) (ledger.Entry, error) {
	var id int64
	if err := t.row(`SELECT id FROM entries WHERE draft_key = ? AND draft_key <> ''`, key).Scan(&id); err != nil {
		return ledger.Entry{}, notFound(err)
	}
	return t.Entry(id)
}

// ReversedBy is the entry that reverses id, or 0.
func (t *Tx) ReversedBy(id int64) (int64, error) {
	var by int64
	err := t.row(`SELECT id FROM entries WHERE reverses = ?`, id).Scan(&by)
	if err := notFound(err); err == counter.ErrNotFound {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	return by, nil
}

// Journal lists entries (without legs) in posting order.
func (t *Tx) Journal(f counter.JournalFilter) ([]ledger.Entry, error) {
	where, args := []string{"branch_id = ?"}, []any{f.Branch}
	if f.BusinessDate != "" {
		where, args = append(where, "business_date = ?"), append(args, f.BusinessDate)
	}
	if f.Teller != "" {
		where, args = append(where, "teller = ?"), append(args, f.Teller)
	}
	if f.ReversalsOnly {
		where = append(where, "reverses IS NOT NULL")
	}
	return t.entries(`SELECT `+entryCols+` FROM entries WHERE `+strings.Join(where, " AND ")+` ORDER BY id`, args...)
}

// NetDebit is an account's debits minus credits over the whole journal.
func (t *Tx) NetDebit(account string) (money.Amount, error) {
	var net money.Amount
	err := t.row(`SELECT net_debit FROM legs WHERE account = ? ORDER BY entry_id DESC, line DESC LIMIT 1`, account).Scan(&net)
	if err := notFound(err); err == counter.ErrNotFound {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	return net, nil
}

// NetDebitThrough is an account's debits minus credits over the journal
// up to entry id.
func (t *Tx) NetDebitThrough(account string, id int64) (money.Amount, error) {
	var net money.Amount
	err := t.row(`SELECT net_debit FROM legs WHERE account = ? AND entry_id <= ? ORDER BY entry_id DESC, line DESC LIMIT 1`, account, id).Scan(&net)
	if err := notFound(err); err == counter.ErrNotFound {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	return net, nil
}

// EachEntry streams every entry (without legs) in id order.
func (t *Tx) EachEntry(fn func(ledger.Entry) error) error {
	rows, err := t.query(`SELECT id, branch_id, business_date, teller, seq, kind, amount, account, counterparty, memo,
		policy_version, auth_b, auth_a, COALESCE(reverses, 0), reason, posted_at, 0, draft_key,
		COALESCE(settles, 0), responsible, cust_id_type, cust_id_no, agent_name, agent_id_type, agent_id_no FROM entries ORDER BY id`)
	if err != nil {
		return fmt.Errorf("store: unable to read journal: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachLeg streams every leg with the running net debit kept on it, in
// entry and line order.
func (t *Tx) EachLeg(fn func(entry int64, l ledger.Leg, netDebit money.Amount) error) error {
	rows, err := t.query(`SELECT entry_id, account, side, amount, net_debit FROM legs ORDER BY entry_id, line`)
	if err != nil {
		return fmt.Errorf("store: unable to read legs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var l ledger.Leg
		var side string
		var net money.Amount
		if err := rows.Scan(&id, &l.Account, &side, &l.Amount, &net); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		l.Side = ledger.Side(side)
		if err := fn(id, l, net); err != nil {
			return err
		}
	}
	return rows.Err()
}
