package sqlstore

import (
	"fmt"

	"branchdesk/domain/counter"
	"branchdesk/domain/payment"
)

// migratePayments adds 人民银行支付业务 orders (第十一条): the order as keyed
// at 录入, and each later step (复核, a refused re-key, 编押, 发送) as a new
// row; none is ever rewritten. A step is done once per order: the unique
// key counts refused re-keys by their number.
func migratePayments(m migration) error {
	stmts := []string{
		`CREATE TABLE payment_orders (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL REFERENCES branches(id), business_date TEXT NOT NULL,
			payer_account TEXT NOT NULL, payer_name TEXT NOT NULL,
			payee_account TEXT NOT NULL, payee_name TEXT NOT NULL, payee_bank TEXT NOT NULL,
			amount INTEGER NOT NULL CHECK (amount > 0), purpose TEXT NOT NULL,
			entry_id INTEGER NOT NULL UNIQUE REFERENCES entries(id))`,
		`CREATE INDEX payment_orders_day ON payment_orders (branch_id, business_date, id)`,
		`CREATE TABLE payment_steps (
			id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES payment_orders(id),
			step TEXT NOT NULL CHECK (step IN ('enter','check','check_mismatch','seal','send')),
			nth INTEGER NOT NULL DEFAULT 0, by_user TEXT NOT NULL REFERENCES users(id),
			code TEXT NOT NULL DEFAULT '', batch TEXT NOT NULL DEFAULT '', at TEXT NOT NULL,
			UNIQUE (order_id, step, nth))`,
	}
	for _, t := range []string{"payment_orders", "payment_steps"} {
		stmts = append(stmts, m.e.immutable(t)...)
	}
	return m.exec(stmts...)
}

const paymentColumns = `id, branch_id, business_date, payer_account, payer_name, payee_account, payee_name,
	payee_bank, amount, purpose, entry_id`

// paymentRead is what an order is read with: its columns and the
// reversal of its debit, if any.
const paymentRead = paymentColumns + `, COALESCE((SELECT r.id FROM entries r WHERE r.reverses = payment_orders.entry_id), 0)`

// InsertPayment records an order as keyed at 录入; o.ID is set.
func (t *Tx) InsertPayment(o *payment.Order) error {
	var err error
	o.ID, err = t.insert(`INSERT INTO payment_orders (branch_id, business_date, payer_account, payer_name, payee_account,
		payee_name, payee_bank, amount, purpose, entry_id) VALUES (?,?,?,?,?,?,?,?,?,?)`,
		o.Branch, o.BusinessDate, o.PayerAccount, o.PayerName, o.PayeeAccount, o.PayeeName, o.PayeeBank,
		int64(o.Amount), o.Purpose, o.EntryID)
	return err
}

// AddPaymentStep appends one step to an order's history; a refused
// re-key is numbered after the ones before it.
func (t *Tx) AddPaymentStep(s payment.Step) error {
	nth := 0
	if s.Kind == payment.Mismatch {
		if err := t.row(`SELECT COUNT(*) FROM payment_steps WHERE order_id = ? AND step = ?`, s.Order, string(s.Kind)).Scan(&nth); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		nth++
	}
	return t.exec(`INSERT INTO payment_steps (order_id, step, nth, by_user, code, batch, at) VALUES (?,?,?,?,?,?,?)`,
		s.Order, string(s.Kind), nth, s.By, s.Code, s.Batch, stamp(s.At))
}

// Payment is one order with its steps, or counter.ErrNotFound.
func (t *Tx) Payment(id int64) (payment.Order, error) {
	os, err := t.payments(`WHERE id = ?`, id)
	if err != nil {
		return payment.Order{}, err
	}
	if len(os) == 0 {
		return payment.Order{}, counter.ErrNotFound
	}
	return os[0], nil
}

// Payments lists a branch's orders with their steps, oldest first: of
// one business date, or of every date when date is "".
func (t *Tx) Payments(branch, date string) ([]payment.Order, error) {
	if date == "" {
		return t.payments(`WHERE branch_id = ?`, branch)
	}
	return t.payments(`WHERE branch_id = ? AND business_date = ?`, branch, date)
}

// payments reads the orders a condition selects, then their steps.
func (t *Tx) payments(where string, args ...any) ([]payment.Order, error) {
	rows, err := t.query(`SELECT `+paymentRead+` FROM payment_orders `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read payment orders: %w", err)
	}
	var out []payment.Order
	at := map[int64]int{}
	for rows.Next() {
		var o payment.Order
		if err := rows.Scan(&o.ID, &o.Branch, &o.BusinessDate, &o.PayerAccount, &o.PayerName, &o.PayeeAccount,
			&o.PayeeName, &o.PayeeBank, &o.Amount, &o.Purpose, &o.EntryID, &o.ReversedBy); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: %w", err)
		}
		at[o.ID] = len(out)
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	steps, err := t.query(`SELECT order_id, step, by_user, code, batch, at FROM payment_steps
		WHERE order_id IN (SELECT id FROM payment_orders `+where+`) ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read payment steps: %w", err)
	}
	defer steps.Close()
	for steps.Next() {
		var s payment.Step
		var kind, stamp string
		if err := steps.Scan(&s.Order, &kind, &s.By, &s.Code, &s.Batch, &stamp); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		s.Kind, s.At = payment.StepKind(kind), parseStamp(stamp)
		if i, ok := at[s.Order]; ok {
			out[i].Steps = append(out[i].Steps, s)
		}
	}
	return out, steps.Err()
}

var _ counter.PaymentTx = (*Tx)(nil)
