package counter

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/payment"
)

// 人民银行支付业务 (第十一条): an order is keyed (录入) by one teller, whose
// debit posts at once from the payer's account to the branch's 待清算往来
// account through the posting path, with the same authorizations as a
// transfer of that amount (第十五条); a second person re-keys the amount
// and the payee account blind (复核); a third computes the code over every
// field with the encoder's key (编押); a fourth checks the code and writes
// the batch of encoded orders to the payment system's file (发送). Every
// step is a new row and an audit row; an order not yet sent blocks the
// branch close.

// PaymentTx is the storage of payment orders: the order as keyed and its
// steps, each a row that is never rewritten.
type PaymentTx interface {
	// InsertPayment records an order as keyed at 录入; o.ID is set.
	InsertPayment(o *payment.Order) error
	// AddPaymentStep appends one step to an order's history.
	AddPaymentStep(s payment.Step) error
	// Payment is one order with its steps, or ErrNotFound.
	Payment(id int64) (payment.Order, error)
	// Payments lists a branch's orders with their steps, oldest first: of
	// one business date, or of every date when date is "".
	Payments(branch, date string) ([]payment.Order, error)
}

// PaymentKey gives the 编押 key of this terminal's encoder: kept outside
// the database (storage keeps it in a file beside it), so that whoever
// reads the database cannot make a code.
type PaymentKey func() ([]byte, error)

// PaymentOutbox stages a batch's file for the payment system and its
// signature, under a name the payment system does not pick up, inside the
// 发送's transaction: if it fails, nothing is marked sent. It gives the
// path the file will have and release, which puts it there once the
// transaction is kept, so that no file goes out for orders not recorded
// as sent.
type PaymentOutbox func(b payment.Batch) (path string, release func() error, err error)

// SetPayments gives the service the encoder's key and the outgoing file.
func (s *Service) SetPayments(key PaymentKey, out PaymentOutbox) {
	s.payKey, s.payOut = key, out
}

// Errors of payment business.
var (
	ErrPaymentReversal = errors.New("已发送的人民银行支付业务不能冲正")
	ErrNoPaymentOutbox = errors.New("本机未设置支付系统发送目录")
	ErrPaymentNotFound = errors.New("支付业务不存在")
	ErrPaymentRelease  = errors.New("支付业务已记为发送，但批次文件未能放入发送目录：请检查发送目录，将暂存的同名文件改为正式文件名")
)

const (
	auditPaymentEnter    = "payment_enter"
	auditPaymentCheck    = "payment_check"
	auditPaymentMismatch = "payment_check_mismatch"
	auditPaymentSeal     = "payment_seal"
	auditPaymentSend     = "payment_send"
)

// PreparePayment checks a payment order keyed at 录入 and prepares its
// debit: a transfer of the payer's kind (储蓄 or 对公) to the branch's
// 待清算往来 account, needing what such a transfer needs. Posting the
// draft records the order.
func (s *Service) PreparePayment(ctx context.Context, sess *Session, o payment.Order) (*Draft, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	o, err := o.Normalize()
	if err != nil {
		return nil, err
	}
	o.PayerAccount = strings.TrimSpace(o.PayerAccount)
	kind := ledger.CorporateTransfer
	err = s.store.View(ctx, func(tx Tx) error {
		a, err := tx.Account(o.PayerAccount)
		if errors.Is(err, ErrNotFound) {
			return msg.Errorf("%w：%s", ledger.ErrNoAccount, o.PayerAccount)
		}
		if a.Type == ledger.Savings {
			kind = ledger.SavingsTransfer
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	d, err := s.Prepare(ctx, sess, Request{
		Kind: kind, Account: o.PayerAccount, Counterparty: ledger.PaymentsInTransitNo(sess.branch.ID),
		Amount: o.Amount, Memo: "人民银行支付 " + o.Purpose, toTransit: true,
	})
	if err != nil {
		return nil, err
	}
	d.written = func(tx Tx, e *ledger.Entry) error {
		o := o
		o.Branch, o.BusinessDate, o.PayerName, o.EntryID = e.Branch, e.BusinessDate, d.holder, e.ID
		if err := tx.InsertPayment(&o); err != nil {
			return err
		}
		if err := tx.AddPaymentStep(payment.Step{Order: o.ID, Kind: payment.Enter, By: e.Teller, At: e.PostedAt}); err != nil {
			return err
		}
		return s.appendAudit(tx, e.Teller, auditPaymentEnter, fmt.Sprintf("支付业务 第 %d 笔 录入 记账 #%d %s", o.ID, e.ID, describePayment(o)))
	}
	return d, nil
}

// describePayment is an order in one line, for the trail.
func describePayment(o payment.Order) string {
	return fmt.Sprintf("付款 %s（%s）→ 行号 %s 账号 %s（%s）金额 %s 用途 %s",
		o.PayerAccount, o.PayerName, o.PayeeBank, o.PayeeAccount, o.PayeeName, o.Amount, o.Purpose)
}

// paymentStep runs one step of an order for the session's user: the
// teller's day open at this terminal, the order of their branch, the
// step the next one and not theirs to do twice (第十一条).
func (s *Service) paymentStep(ctx context.Context, sess *Session, id int64, k payment.StepKind, fn func(tx Tx, o payment.Order) error) error {
	if sess == nil {
		return ErrNoSession
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		if _, err := standing(tx, sess); err != nil {
			return err
		}
		o, err := tx.Payment(id)
		if errors.Is(err, ErrNotFound) || (err == nil && o.Branch != sess.branch.ID) {
			return msg.Errorf("%w：第 %d 笔", ErrPaymentNotFound, id)
		}
		if err != nil {
			return err
		}
		if err := canDoPayment(tx, o, k, sess.user.ID); err != nil {
			return err
		}
		return fn(tx, o)
	})
}

// canDoPayment is Order.CanDo with the authorizers of the order's debit
// read from its entry.
func canDoPayment(tx Tx, o payment.Order, k payment.StepKind, who string) error {
	e, err := tx.Entry(o.EntryID)
	if err != nil {
		return err
	}
	return o.CanDo(k, who, e.AuthB, e.AuthA)
}

// CheckPayment is the 复核: a second person re-keys the amount and the
// payee account without being shown them. A mismatch is refused, and
// counted on the order and in the trail; the order stays to be checked.
func (s *Service) CheckPayment(ctx context.Context, sess *Session, id int64, amount money.Amount, payeeAccount string) error {
	var refused error
	err := s.paymentStep(ctx, sess, id, payment.Check, func(tx Tx, o payment.Order) error {
		me, now := sess.user.ID, s.clock.Now()
		if refused = o.Rekey(amount, payeeAccount); refused != nil {
			if err := tx.AddPaymentStep(payment.Step{Order: o.ID, Kind: payment.Mismatch, By: me, At: now}); err != nil {
				return err
			}
			return s.appendAudit(tx, me, auditPaymentMismatch, fmt.Sprintf("支付业务 第 %d 笔 复核不符（第 %d 次）", o.ID, o.Mismatches()+1))
		}
		if err := tx.AddPaymentStep(payment.Step{Order: o.ID, Kind: payment.Check, By: me, At: now}); err != nil {
			return err
		}
		return s.appendAudit(tx, me, auditPaymentCheck, fmt.Sprintf("支付业务 第 %d 笔 复核相符", o.ID))
	})
	if err != nil {
		return err
	}
	return refused
}

// SealPayment is the 编押: a third person computes the order's code with
// the encoder's key and records it.
func (s *Service) SealPayment(ctx context.Context, sess *Session, id int64) (string, error) {
	var code string
	err := s.paymentStep(ctx, sess, id, payment.Seal, func(tx Tx, o payment.Order) error {
		key, err := s.paymentKey()
		if err != nil {
			return err
		}
		if code, err = payment.Code(key, o); err != nil {
			return err
		}
		if err := tx.AddPaymentStep(payment.Step{Order: o.ID, Kind: payment.Seal, By: sess.user.ID, Code: code, At: s.clock.Now()}); err != nil {
			return err
		}
		return s.appendAudit(tx, sess.user.ID, auditPaymentSeal, fmt.Sprintf("支付业务 第 %d 笔 编押", o.ID))
	})
	return code, err
}

func (s *Service) paymentKey() ([]byte, error) {
	if s.payKey == nil {
		return nil, payment.ErrNoKey
	}
	key, err := s.payKey()
	if err != nil {
		return nil, msg.Errorf("%w：%w", payment.ErrNoKey, err)
	}
	return key, nil
}

// SendPayments is the 发送: a fourth person checks every sealed order's
// code against its fields and writes them, as one batch, to the payment
// system's outgoing file. One order refused refuses the batch.
func (s *Service) SendPayments(ctx context.Context, sess *Session) (payment.Batch, string, error) {
	if sess == nil {
		return payment.Batch{}, "", ErrNoSession
	}
	if s.payOut == nil {
		return payment.Batch{}, "", ErrNoPaymentOutbox
	}
	var b payment.Batch
	var path string
	var release func() error
	err := s.store.Tx(ctx, func(tx Tx) error {
		st, err := standing(tx, sess)
		if err != nil {
			return err
		}
		all, err := tx.Payments(st.Branch.ID, "")
		if err != nil {
			return err
		}
		key, err := s.paymentKey()
		if err != nil {
			return err
		}
		me, now := sess.user.ID, s.clock.Now()
		batches := map[string]bool{}
		for _, o := range all {
			if o.State() == payment.Sent {
				batches[o.Batch()] = true
			}
			if o.State() != payment.Sealed {
				continue
			}
			if err := canDoPayment(tx, o, payment.Send, me); err != nil {
				return err
			}
			if err := payment.Verify(key, o, o.Code()); err != nil {
				return err
			}
			b.Orders = append(b.Orders, o)
		}
		if len(b.Orders) == 0 {
			return payment.ErrNothing
		}
		n := 1
		for batches[payment.BatchNo(st.Branch.ID, st.Branch.BusinessDate, n)] {
			n++
		}
		b.No, b.Branch, b.BusinessDate = payment.BatchNo(st.Branch.ID, st.Branch.BusinessDate, n), st.Branch.ID, st.Branch.BusinessDate
		b.Sender, b.At = me, now
		for _, o := range b.Orders {
			if err := tx.AddPaymentStep(payment.Step{Order: o.ID, Kind: payment.Send, By: me, Batch: b.No, At: now}); err != nil {
				return err
			}
		}
		if err := s.appendAudit(tx, me, auditPaymentSend, fmt.Sprintf("支付业务 发送批次 %s 共 %d 笔 合计 %s", b.No, len(b.Orders), b.Total())); err != nil {
			return err
		}
		path, release, err = s.payOut(b)
		return err
	})
	if err != nil {
		return payment.Batch{}, "", err
	}
	if err := release(); err != nil {
		return b, path, msg.Errorf("%w（%s）：%w", ErrPaymentRelease, path, err)
	}
	return b, path, nil
}

// Payments lists the branch's orders: of a business date, or every one
// when date is "".
func (s *Service) Payments(ctx context.Context, sess *Session, date string) ([]payment.Order, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	var out []payment.Order
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Payments(sess.branch.ID, date)
		return err
	})
	return out, err
}

// unsentPayments lists, for the branch close, the orders not yet sent.
func unsentPayments(tx Tx, branch string) ([]msg.Text, error) {
	all, err := tx.Payments(branch, "")
	if err != nil {
		return nil, err
	}
	var out []msg.Text
	for _, o := range all {
		if st := o.State(); st != payment.Sent && st != payment.Returned {
			out = append(out, msg.Sprintf("人民银行支付 第 %d 笔（%s 录入）%s，未发送", o.ID, o.BusinessDate, o.State().Title()))
		}
	}
	return out, nil
}

// paymentNotSent refuses to reverse the debit of a payment order already
// sent to the payment system: that money has left the branch.
func paymentNotSent(tx Tx, debit ledger.Entry) error {
	orders, err := tx.Payments(debit.Branch, debit.BusinessDate)
	if err != nil {
		return err
	}
	for _, o := range orders {
		if o.EntryID == debit.ID && o.State() == payment.Sent {
			return msg.Errorf("%w：第 %d 笔", ErrPaymentReversal, o.ID)
		}
	}
	return nil
}
