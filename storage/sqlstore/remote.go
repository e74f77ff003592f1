package sqlstore

import (
	"fmt"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// migrateRemoteAuthorization adds the remote authorization queue: one row
// a queued draft, keyed by its random idempotency key. entry_id is set in
// the transaction that posts the draft, and is unique, so no draft is
// ever linked to two entries.
func migrateRemoteAuthorization(m migration) error {
	return m.exec(`CREATE TABLE remote_drafts (
		key TEXT PRIMARY KEY, branch_id TEXT NOT NULL REFERENCES branches(id), business_date TEXT NOT NULL,
		maker TEXT NOT NULL REFERENCES users(id), terminal TEXT NOT NULL,
		kind TEXT NOT NULL, account TEXT NOT NULL, counterparty TEXT NOT NULL DEFAULT '',
		amount INTEGER NOT NULL CHECK (amount > 0), memo TEXT NOT NULL DEFAULT '',
		voucher_type TEXT NOT NULL DEFAULT '', voucher_no INTEGER NOT NULL DEFAULT 0,
		holder TEXT NOT NULL DEFAULT '', cp_holder TEXT NOT NULL DEFAULT '',
		need INTEGER NOT NULL, threshold INTEGER NOT NULL, need_reason TEXT NOT NULL,
		policy_version INTEGER NOT NULL REFERENCES policies(version),
		blind INTEGER NOT NULL, warning TEXT NOT NULL DEFAULT '',
		auth_b TEXT NOT NULL DEFAULT '', auth_b_at TEXT NOT NULL DEFAULT '',
		auth_a TEXT NOT NULL DEFAULT '', auth_a_at TEXT NOT NULL DEFAULT '',
		refused_by TEXT NOT NULL DEFAULT '', refuse_reason TEXT NOT NULL DEFAULT '',
		created_at TEXT NOT NULL, expires_at TEXT NOT NULL,
		entry_id INTEGER UNIQUE REFERENCES entries(id))`,
		`CREATE INDEX remote_drafts_open ON remote_drafts (branch_id, entry_id)`)
}

// migrateRemoteWithdraw lets the maker take a waiting draft back from
// the queue: withdrawn_at is set once, and such a draft is neither signed
// nor posted.
func migrateRemoteWithdraw(m migration) error {
	return m.exec(`ALTER TABLE remote_drafts ADD COLUMN withdrawn_at TEXT NOT NULL DEFAULT ''`)
}

// migrateRemoteReasonMessage keeps, beside a queued draft's Chinese
// reason, the reason as a message with its figures apart
// (msg.Marshal), when it is not the policy's (an amount over the cash
// box's limit, a reversal): an authorizer at another PC reads it in the
// language of their screen. An empty one (every row before) reads as
// the Chinese.
func migrateRemoteReasonMessage(m migration) error {
	return m.exec(`ALTER TABLE remote_drafts ADD COLUMN reason_msg TEXT NOT NULL DEFAULT ''`)
}

const queuedCols = `key, branch_id, business_date, maker, terminal, kind, account, counterparty, amount, memo,
	voucher_type, voucher_no, holder, cp_holder, need, threshold, need_reason, policy_version, blind, warning,
	auth_b, auth_b_at, auth_a, auth_a_at, refused_by, refuse_reason, created_at, expires_at, withdrawn_at, COALESCE(entry_id, 0),
	cust_id_type, cust_id_no, agent_name, agent_id_type, agent_id_no, reason_msg`

// InsertQueued stores a draft sent for remote authorization.
func (t *Tx) InsertQueued(q counter.Queued) error {
	vt, vn := "", int64(0)
	if v := q.Request.Voucher; v != nil {
		vt, vn = v.Type, v.Number
	}
	why := ""
	if w := q.Requirement.Why; w != nil {
		var err error
		if why, err = msg.Marshal(*w); err != nil {
			return err
		}
	}
	p := q.Request.Presenter
	return t.exec(`INSERT INTO remote_drafts (key, branch_id, business_date, maker, terminal, kind, account, counterparty,
		amount, memo, voucher_type, voucher_no, holder, cp_holder, need, threshold, need_reason, policy_version, blind,
		warning, created_at, expires_at, cust_id_type, cust_id_no, agent_name, agent_id_type, agent_id_no, reason_msg)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		q.Key, q.Branch, q.BusinessDate, q.Maker, q.Terminal, string(q.Request.Kind), q.Request.Account, q.Request.Counterparty,
		int64(q.Request.Amount), q.Request.Memo, vt, vn, q.Holder, q.CpHolder, int64(q.Requirement.Need),
		int64(q.Requirement.Threshold), q.Requirement.Reason, q.Requirement.Policy, q.Blind, q.Warning,
		stamp(q.Created), stamp(q.Expires),
		string(p.Customer.Type), p.Customer.No, p.Agent.Name, string(p.Agent.Doc.Type), p.Agent.Doc.No, why)
}

func scanQueued(sc interface{ Scan(...any) error }) (counter.Queued, error) {
	var q counter.Queued
	var kind, vt, bAt, aAt, created, expires, withdrawn, custType, agentType, why string
	p := &q.Request.Presenter
	var vn, need, threshold, amount int64
	var blind bool
	err := sc.Scan(&q.Key, &q.Branch, &q.BusinessDate, &q.Maker, &q.Terminal, &kind, &q.Request.Account,
		&q.Request.Counterparty, &amount, &q.Request.Memo, &vt, &vn, &q.Holder, &q.CpHolder, &need, &threshold,
		&q.Requirement.Reason, &q.Requirement.Policy, &blind, &q.Warning, &q.AuthB, &bAt, &q.AuthA, &aAt,
		&q.RefusedBy, &q.RefuseReason, &created, &expires, &withdrawn, &q.EntryID,
		&custType, &p.Customer.No, &p.Agent.Name, &agentType, &p.Agent.Doc.No, &why)
	if err != nil {
		return q, err
	}
	p.Customer.Type, p.Agent.Doc.Type = ledger.IDType(custType), ledger.IDType(agentType)
	q.Request.Kind, q.Request.Amount = ledger.Kind(kind), money.Amount(amount)
	if vt != "" {
		q.Request.Voucher = &counter.VoucherUse{Type: vt, Number: vn}
	}
	q.Requirement.Need, q.Requirement.Threshold = authz.Need(need), money.Amount(threshold)
	q.Blind = blind
	q.AuthBAt, q.AuthAAt = parseStamp(bAt), parseStamp(aAt)
	q.Created, q.Expires = parseStamp(created), parseStamp(expires)
	if withdrawn != "" {
		q.Withdrawn = parseStamp(withdrawn)
	}
	if why != "" {
		w, err := msg.Unmarshal(why)
		if err != nil {
			return q, fmt.Errorf("store: remote draft %s: %w", q.Key, err)
		}
		q.Requirement.Why = &w
	}
	return q, nil
}

// Queued reads one queued draft.
func (t *Tx) Queued(key string) (counter.Queued, error) {
	q, err := scanQueued(t.row(`SELECT `+queuedCols+` FROM remote_drafts WHERE key = ?`, key))
	return q, notFound(err)
}

// QueuedOpen lists a branch's queued drafts neither refused, withdrawn
// nor posted, oldest first.
func (t *Tx) QueuedOpen(branch string) ([]counter.Queued, error) {
	rows, err := t.query(`SELECT `+queuedCols+` FROM remote_drafts
		WHERE branch_id = ? AND entry_id IS NULL AND refused_by = '' AND withdrawn_at = '' ORDER BY created_at, key`, branch)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []counter.Queued
	for rows.Next() {
		q, err := scanQueued(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// UpdateQueued stores a queued draft's signatures and refusal.
func (t *Tx) UpdateQueued(q counter.Queued) error {
	var bAt, aAt string
	if q.AuthB != "" {
		bAt = stamp(q.AuthBAt)
	}
	if q.AuthA != "" {
		aAt = stamp(q.AuthAAt)
	}
	return t.exec(`UPDATE remote_drafts SET auth_b = ?, auth_b_at = ?, auth_a = ?, auth_a_at = ?, refused_by = ?, refuse_reason = ?
		WHERE key = ? AND entry_id IS NULL AND withdrawn_at = ''`, q.AuthB, bAt, q.AuthA, aAt, q.RefusedBy, q.RefuseReason, q.Key)
}

// MarkQueuedPosted links a queued draft to its entry, once.
func (t *Tx) MarkQueuedPosted(key string, entry int64) (bool, error) {
	return t.changed(`UPDATE remote_drafts SET entry_id = ? WHERE key = ? AND entry_id IS NULL AND withdrawn_at = ''`, entry, key)
}

// WithdrawQueued marks a waiting draft withdrawn, once, if nobody signed
// or refused it since it was read.
func (t *Tx) WithdrawQueued(q counter.Queued) (bool, error) {
	return t.changed(`UPDATE remote_drafts SET withdrawn_at = ? WHERE key = ? AND entry_id IS NULL AND withdrawn_at = ''
		AND refused_by = '' AND auth_b = ? AND auth_a = ?`, stamp(q.Withdrawn), q.Key, q.AuthB, q.AuthA)
}

// changed runs an UPDATE and reports whether it changed exactly one row.
func (t *Tx) changed(q string, a ...any) (bool, error) {
	res, err := t.stmt(q).ExecContext(t.ctx, toDriver(a)...)
	if err != nil {
		return false, fmt.Errorf("store: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: %w", err)
	}
	return n == 1, nil
}
