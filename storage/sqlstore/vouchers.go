package sqlstore

import (
	"fmt"

	"branchdesk/domain/counter"
	"branchdesk/domain/voucher"
)

// VoucherTypes lists the blank voucher types kept at the branch.
func (t *Tx) VoucherTypes() ([]voucher.Type, error) {
	rows, err := t.query(`SELECT code, name, prefix, digits, unit FROM voucher_types ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []voucher.Type
	for rows.Next() {
		var v voucher.Type
		if err := rows.Scan(&v.Code, &v.Name, &v.Prefix, &v.Digits, &v.Unit); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// InsertVoucherEvent appends one step in a number's life to the register.
// It returns the event's id.
func (t *Tx) InsertVoucherEvent(branch, date string, e voucher.Event) (int64, error) {
	return t.insert(`INSERT INTO voucher_events (branch_id, business_date, type, number, state, teller, by_user, entry_id, reason, seal_checked_by, authorizer, at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, branch, date, e.Type, e.Number, string(e.State), e.Teller, e.By, nullID(e.EntryID),
		e.Reason, e.SealCheckedBy, e.Authorizer, stamp(e.At))
}

// VoucherNumbers is the latest state of every number of a type at a branch.
func (t *Tx) VoucherNumbers(branch, typ string) ([]counter.VoucherNumber, error) {
	rows, err := t.query(`SELECT number, state, teller FROM voucher_events v
		WHERE branch_id = ?1 AND type = ?2 AND id = (SELECT MAX(id) FROM voucher_events
			WHERE branch_id = ?1 AND type = ?2 AND number = v.number) ORDER BY number`, branch, typ)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []counter.VoucherNumber
	for rows.Next() {
		var n counter.VoucherNumber
		var st string
		if err := rows.Scan(&n.Number, &st, &n.Teller); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		n.State = voucher.State(st)
		out = append(out, n)
	}
	return out, rows.Err()
}

// VoucherEvents is the register of a type ("" for all) between two business dates.
func (t *Tx) VoucherEvents(branch, typ, from, to string) ([]voucher.Event, error) {
	rows, err := t.query(`SELECT type, number, state, teller, by_user, COALESCE(entry_id, 0), reason, seal_checked_by, authorizer, at
		FROM voucher_events WHERE branch_id = ? AND (? = '' OR type = ?) AND business_date BETWEEN ? AND ? ORDER BY id`,
		branch, typ, typ, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []voucher.Event
	for rows.Next() {
		var e voucher.Event
		var st, at string
		if err := rows.Scan(&e.Type, &e.Number, &st, &e.Teller, &e.By, &e.EntryID, &e.Reason, &e.SealCheckedBy, &e.Authorizer, &at); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		e.State, e.At = voucher.State(st), parseStamp(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// InsertTellerBalance records a teller's balance with its count; b.ID is set.
func (t *Tx) InsertTellerBalance(b *counter.TellerBalance) error {
	var err error
	if b.ID, err = t.insert(`INSERT INTO teller_balances (branch_id, teller, business_date, expected, counted, diff, reason, signed_b, approved_a, suspense_entry, last_entry, last_voucher, at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`, b.Branch, b.Teller, b.BusinessDate, int64(b.Expected), int64(b.Counted), int64(b.Diff),
		b.Reason, b.SignedB, b.ApprovedA, nullID(b.SuspenseEntry), b.LastEntry, b.LastVoucher, stamp(b.At)); err != nil {
		return err
	}
	for code, n := range b.Count {
		if err := t.exec(`INSERT INTO teller_balance_lines VALUES (?,?,?)`, b.ID, code, n); err != nil {
			return err
		}
	}
	for _, v := range b.Vouchers {
		if err := t.exec(`INSERT INTO teller_voucher_counts VALUES (?,?,?,?)`, b.ID, v.Type, v.System, v.Physical); err != nil {
			return err
		}
	}
	return nil
}

// LatestTellerBalance is the teller's newest balance on date, or, with
// date "", the newest of any day.
func (t *Tx) LatestTellerBalance(teller, date string) (counter.TellerBalance, error) {
	var b counter.TellerBalance
	var at string
	err := t.row(`SELECT id, branch_id, teller, business_date, expected, counted, diff, reason, signed_b, approved_a,
		COALESCE(suspense_entry, 0), last_entry, last_voucher, at FROM teller_balances WHERE teller = ? AND (? = '' OR business_date = ?)
		ORDER BY id DESC LIMIT 1`, teller, date, date).Scan(&b.ID, &b.Branch, &b.Teller, &b.BusinessDate, &b.Expected, &b.Counted,
		&b.Diff, &b.Reason, &b.SignedB, &b.ApprovedA, &b.SuspenseEntry, &b.LastEntry, &b.LastVoucher, &at)
	if err := notFound(err); err != nil {
		return b, err
	}
	b.At = parseStamp(at)
	if b.Count, err = t.countOf(`SELECT denom, pieces FROM teller_balance_lines WHERE balance_id = ?`, b.ID); err != nil {
		return b, err
	}
	rows, err := t.query(`SELECT type, system, physical FROM teller_voucher_counts WHERE balance_id = ? ORDER BY type`, b.ID)
	if err != nil {
		return b, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v counter.VoucherCount
		if err := rows.Scan(&v.Type, &v.System, &v.Physical); err != nil {
			return b, fmt.Errorf("store: %w", err)
		}
		v.Register = v.System
		b.Vouchers = append(b.Vouchers, v)
	}
	return b, rows.Err()
}

// InsertVaultCount records a vault count with its lines; c.ID is set.
func (t *Tx) InsertVaultCount(c *counter.VaultCount) error {
	var err error
	if c.ID, err = t.insert(`INSERT INTO vault_counts (branch_id, business_date, keeper, expected, counted, diff, last_move, at)
		VALUES (?,?,?,?,?,?,?,?)`, c.Branch, c.BusinessDate, c.Keeper, int64(c.Expected), int64(c.Counted), int64(c.Diff), c.LastMove, stamp(c.At)); err != nil {
		return err
	}
	codes := map[string]bool{}
	for k := range c.System {
		codes[k] = true
	}
	for k := range c.Physical {
		codes[k] = true
	}
	for code := range codes {
		if err := t.exec(`INSERT INTO vault_count_lines VALUES (?,?,?,?)`, c.ID, code, c.System[code], c.Physical[code]); err != nil {
			return err
		}
	}
	return nil
}

// LatestVaultCount is the newest vault count of a branch on date.
func (t *Tx) LatestVaultCount(branch, date string) (counter.VaultCount, error) {
	var c counter.VaultCount
	var at string
	err := t.row(`SELECT id, branch_id, business_date, keeper, expected, counted, diff, last_move, at FROM vault_counts
		WHERE branch_id = ? AND business_date = ? ORDER BY id DESC LIMIT 1`, branch, date).
		Scan(&c.ID, &c.Branch, &c.BusinessDate, &c.Keeper, &c.Expected, &c.Counted, &c.Diff, &c.LastMove, &at)
	if err := notFound(err); err != nil {
		return c, err
	}
	c.At = parseStamp(at)
	if c.System, err = t.countOf(`SELECT denom, system FROM vault_count_lines WHERE count_id = ?`, c.ID); err != nil {
		return c, err
	}
	c.Physical, err = t.countOf(`SELECT denom, counted FROM vault_count_lines WHERE count_id = ?`, c.ID)
	return c, err
}

// InsertBranchClose records the branch's day end; c.ID is set.
func (t *Tx) InsertBranchClose(c *counter.BranchClose) error {
	var err error
	if c.ID, err = t.insert(`INSERT INTO branch_closes (branch_id, business_date, by_user, next_date, at) VALUES (?,?,?,?,?)`,
		c.Branch, c.BusinessDate, c.By, c.NextDate, stamp(c.At)); err != nil {
		return err
	}
	for _, v := range c.Vouchers {
		if err := t.exec(`INSERT INTO branch_close_vouchers VALUES (?,?,?,?,?)`, c.ID, v.Type, v.System, v.Physical, v.Register); err != nil {
			return err
		}
	}
	return nil
}

// BranchCloses lists a branch's day ends, oldest first.
func (t *Tx) BranchCloses(branch string) ([]counter.BranchClose, error) {
	rows, err := t.query(`SELECT id, branch_id, business_date, by_user, next_date, at FROM branch_closes WHERE branch_id = ? ORDER BY id`, branch)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []counter.BranchClose
	for rows.Next() {
		var c counter.BranchClose
		var at string
		if err := rows.Scan(&c.ID, &c.Branch, &c.BusinessDate, &c.By, &c.NextDate, &at); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		c.At = parseStamp(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// LastVoucherEvent is the newest register event of a teller's vouchers, or 0.
func (t *Tx) LastVoucherEvent(teller string) (int64, error) {
	var id int64
	err := t.row(`SELECT COALESCE(MAX(id), 0) FROM voucher_events WHERE teller = ?`, teller).Scan(&id)
	return id, notFound(err)
}

// VoucherAllocations are the ranges of a type head office allocated to
// this branch in config bundles.
func (t *Tx) VoucherAllocations(typ string) ([]voucher.Range, error) {
	rows, err := t.query(`SELECT from_no, to_no FROM voucher_allocations WHERE type = ? ORDER BY from_no`, typ)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []voucher.Range
	for rows.Next() {
		r := voucher.Range{Type: typ}
		if err := rows.Scan(&r.From, &r.To); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
