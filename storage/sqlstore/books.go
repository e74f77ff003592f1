package sqlstore

import (
	"encoding/hex"
	"fmt"
	"sync/atomic"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/voucher"
)

// migrateBookSeals keeps each key's signature over the audit head its
// terminal last left (one row per key, replaced at each of its writes:
// no older signature of the key is left to fall back on), and
// each customer account's opening balance, from which audit verify
// re-derives its balance. Accounts opened before keep as opening what
// their balance was before the journal's legs.
func migrateBookSeals(m migration) error {
	return m.exec(
		`CREATE TABLE audit_seals (
			key_id TEXT PRIMARY KEY, signer TEXT NOT NULL, id INTEGER NOT NULL, hash TEXT NOT NULL,
			sig TEXT NOT NULL)`,
		`ALTER TABLE accounts ADD COLUMN opening INTEGER NOT NULL DEFAULT 0`,
		`UPDATE accounts SET opening = balance - COALESCE((SELECT SUM(CASE WHEN side = 'C' THEN amount ELSE -amount END)
			FROM legs WHERE legs.account = accounts.no), 0)`,
	)
}

// HeadSigner signs the audit head a unit of work leaves, with a key that
// stays on this PC.
type HeadSigner interface {
	SignHead(audit.Head) (audit.HeadSeal, error)
}

type signerBox struct{ s HeadSigner }

// SealFailed is how a write is refused when this PC cannot sign the audit
// head it would leave (its key file unreadable, or readable by others):
// the unit of work is rolled back, and the cause is named after the colon.
const SealFailed = "无法以本机密钥签署审计链，未写入任何记录：%w"

// signer is what signs the audit head at each commit, if anything.
type signer = atomic.Pointer[signerBox]

// SetSigner has every unit of work that moves the audit head sign the new
// head with s before it commits (nil: sign nothing). Only the signature
// goes into the database. One signature per unit of work, not per row:
// the head a commit leaves is what a later reader finds.
func (d *DB) SetSigner(s HeadSigner) { d.signer.Store(&signerBox{s}) }

// sealHead signs the head this transaction left, replacing the key's
// previous seal.
func (t *Tx) sealHead() error {
	b := t.db.signer.Load()
	if b == nil || b.s == nil || t.head == nil {
		return nil
	}
	h, err := b.s.SignHead(*t.head)
	if err != nil {
		return err
	}
	return t.later(`INSERT INTO audit_seals (key_id, signer, id, hash, sig) VALUES (?,?,?,?,?)
		ON CONFLICT(key_id) DO UPDATE SET signer = excluded.signer, id = excluded.id, hash = excluded.hash, sig = excluded.sig`,
		h.Key, h.Signer, h.Head.ID, h.Head.Hash, hex.EncodeToString(h.Sig))
}

// AuditSeals lists every terminal's seal over the head.
func (t *Tx) AuditSeals() ([]audit.HeadSeal, error) {
	rows, err := t.query(`SELECT signer, key_id, id, hash, sig FROM audit_seals ORDER BY key_id`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read audit seals: %w", err)
	}
	defer rows.Close()
	var out []audit.HeadSeal
	for rows.Next() {
		var s audit.HeadSeal
		var sig string
		if err := rows.Scan(&s.Signer, &s.Key, &s.Head.ID, &s.Head.Hash, &sig); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		s.Sig, _ = hex.DecodeString(sig)
		out = append(out, s)
	}
	return out, rows.Err()
}

// EachAccount streams every customer account with its opening balance.
func (t *Tx) EachAccount(fn func(a ledger.Account, opening money.Amount) error) error {
	rows, err := t.query(`SELECT ` + accountCols + `, opening FROM accounts ORDER BY no`)
	if err != nil {
		return fmt.Errorf("store: unable to read accounts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a ledger.Account
		var typ string
		var opening money.Amount
		if err := rows.Scan(&a.No, &typ, &a.Holder, &a.Branch, &a.Balance, &a.Owner, &a.HolderID, &a.Frozen, &opening); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		a.Type = ledger.AccountType(typ)
		if err := fn(a, opening); err != nil {
			return err
		}
	}
	return rows.Err()
}

// counts reads lines (owner id, denomination, pieces) into one count per owner.
func (t *Tx) counts(q string) (map[int64]cash.Count, error) {
	rows, err := t.query(q)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	out := map[int64]cash.Count{}
	for rows.Next() {
		var id, n int64
		var code string
		if err := rows.Scan(&id, &code, &n); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		if out[id] == nil {
			out[id] = cash.Count{}
		}
		out[id][code] += n
	}
	return out, rows.Err()
}

// voucherCounts reads per-record voucher counts (owner id, type, system,
// physical, register).
func (t *Tx) voucherCounts(q string) (map[int64][]counter.VoucherCount, error) {
	rows, err := t.query(q)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	out := map[int64][]counter.VoucherCount{}
	for rows.Next() {
		var id int64
		var v counter.VoucherCount
		if err := rows.Scan(&id, &v.Type, &v.System, &v.Physical, &v.Register); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out[id] = append(out[id], v)
	}
	return out, rows.Err()
}

// AllCashMoves lists every cash movement with its count, by id; Amount is
// its entry's, 0 if the entry is gone.
func (t *Tx) AllCashMoves() ([]counter.CashMove, error) {
	out, err := t.moves(`SELECT m.id, m.entry_id, m.branch_id, m.business_date, m.kind, m.from_party, m.to_party,
		m.keeper, m.teller, m.approver, m.at, COALESCE(e.amount, 0) FROM cash_moves m LEFT JOIN entries e ON e.id = m.entry_id ORDER BY m.id`)
	if err != nil {
		return nil, err
	}
	lines, err := t.counts(`SELECT move_id, denom, pieces FROM cash_move_lines`)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Count = lines[out[i].ID]
	}
	return out, nil
}

// AllVoucherEvents streams the whole voucher register by id.
func (t *Tx) AllVoucherEvents(fn func(branch, date string, e voucher.Event) error) error {
	rows, err := t.query(`SELECT id, branch_id, business_date, type, number, state, teller, by_user, COALESCE(entry_id, 0), reason,
		seal_checked_by, authorizer, at FROM voucher_events ORDER BY id`)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e voucher.Event
		var branch, date, st, at string
		if err := rows.Scan(&e.ID, &branch, &date, &e.Type, &e.Number, &st, &e.Teller, &e.By, &e.EntryID, &e.Reason,
			&e.SealCheckedBy, &e.Authorizer, &at); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		e.State, e.At = voucher.State(st), parseStamp(at)
		if err := fn(branch, date, e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AllTellerBalances lists every teller balance with its count and
// vouchers, by id.
func (t *Tx) AllTellerBalances() ([]counter.TellerBalance, error) {
	out, err := readAll(t, `SELECT id, branch_id, teller, business_date, expected, counted, diff, reason, signed_b, approved_a,
		COALESCE(suspense_entry, 0), last_entry, last_voucher, at FROM teller_balances ORDER BY id`,
		func(scan func(...any) error, b *counter.TellerBalance) error {
			return stamped(&b.At, func(at *string) error {
				return scan(&b.ID, &b.Branch, &b.Teller, &b.BusinessDate, &b.Expected, &b.Counted, &b.Diff, &b.Reason,
					&b.SignedB, &b.ApprovedA, &b.SuspenseEntry, &b.LastEntry, &b.LastVoucher, at)
			})
		})
	if err != nil {
		return nil, err
	}
	lines, err := t.counts(`SELECT balance_id, denom, pieces FROM teller_balance_lines`)
	if err != nil {
		return nil, err
	}
	vs, err := t.voucherCounts(`SELECT balance_id, type, system, physical, system FROM teller_voucher_counts`)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Count, out[i].Vouchers = lines[out[i].ID], vs[out[i].ID]
	}
	return out, nil
}

// AllVaultCounts lists every vault count with its lines, by id.
func (t *Tx) AllVaultCounts() ([]counter.VaultCount, error) {
	out, err := readAll(t, `SELECT id, branch_id, business_date, keeper, expected, counted, diff, last_move, at FROM vault_counts ORDER BY id`,
		func(scan func(...any) error, c *counter.VaultCount) error {
			return stamped(&c.At, func(at *string) error {
				return scan(&c.ID, &c.Branch, &c.BusinessDate, &c.Keeper, &c.Expected, &c.Counted, &c.Diff, &c.LastMove, at)
			})
		})
	if err != nil {
		return nil, err
	}
	system, err := t.counts(`SELECT count_id, denom, system FROM vault_count_lines`)
	if err != nil {
		return nil, err
	}
	physical, err := t.counts(`SELECT count_id, denom, counted FROM vault_count_lines`)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].System, out[i].Physical = system[out[i].ID], physical[out[i].ID]
	}
	return out, nil
}

// AllBranchCloses lists every branch close with its voucher counts, by id.
func (t *Tx) AllBranchCloses() ([]counter.BranchClose, error) {
	out, err := readAll(t, `SELECT id, branch_id, business_date, by_user, next_date, at FROM branch_closes ORDER BY id`,
		func(scan func(...any) error, c *counter.BranchClose) error {
			return stamped(&c.At, func(at *string) error {
				return scan(&c.ID, &c.Branch, &c.BusinessDate, &c.By, &c.NextDate, at)
			})
		})
	if err != nil {
		return nil, err
	}
	vs, err := t.voucherCounts(`SELECT close_id, type, system, physical, register FROM branch_close_vouchers`)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Vouchers = vs[out[i].ID]
	}
	return out, nil
}

// readAll runs q and makes one T of each row with read, which scans the
// row's columns into it.
func readAll[T any](t *Tx, q string, read func(scan func(dest ...any) error, v *T) error) ([]T, error) {
	rows, err := t.query(q)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := read(rows.Scan, &v); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return out, nil
}

// stamped runs scan with a string for a row's time stamp and parses it
// into at.
func stamped(at *time.Time, scan func(stamp *string) error) error {
	var s string
	if err := scan(&s); err != nil {
		return err
	}
	*at = parseStamp(s)
	return nil
}
