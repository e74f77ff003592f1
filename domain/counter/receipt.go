package counter

import (
	"context"
	"errors"

	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// SettingBankName is the bank's name printed at the head of receipts, e.g.
// 示范农村商业银行股份有限公司 (bdctl setting set bank_name …).
const SettingBankName = "bank_name"

// Receipt is what a business receipt says about one posted entry: the
// entry, where and by whom, and the account's balance right after it.
type Receipt struct {
	Entry        ledger.Entry
	BankName     string // "" while the setting is not set
	Branch       Branch
	Holder       string       // the account's holder
	CpHolder     string       // the counterparty's holder, for transfers
	Maker        string       // "1001 张三"
	AuthB, AuthA string       // labels of the authorizers, if any
	Responsible  string       // the label of who repaid a shortage, if any
	Balance      money.Amount // the account's balance right after the entry
	HasBalance   bool         // Balance is a customer account's (not the bank's own)
}

// Receipt gathers an entry's receipt for sess: a clerk their own entries,
// B and A the branch's (as in the journal).
func (s *Service) Receipt(ctx context.Context, sess *Session, id int64) (Receipt, error) {
	if sess == nil {
		return Receipt{}, ErrNoSession
	}
	var r Receipt
	err := s.store.View(ctx, func(tx Tx) (err error) {
		r, err = ReceiptOf(tx, id)
		if err == nil && (r.Entry.Branch != sess.branch.ID || (sess.user.Level == staff.LevelC && r.Entry.Teller != sess.user.ID)) {
			err = msg.Errorf("%w：交易 #%d", ErrNotFound, id)
		}
		return err
	})
	return r, err
}

// ReceiptOf gathers entry id's receipt inside tx (bdctl reads it so too).
func ReceiptOf(tx Tx, id int64) (Receipt, error) {
	e, err := tx.Entry(id)
	if errors.Is(err, ErrNotFound) {
		return Receipt{}, msg.Errorf("%w：记账编号 %d", ErrNotFound, id)
	}
	if err != nil {
		return Receipt{}, err
	}
	r := Receipt{Entry: e, Maker: label(tx, e.Teller), AuthB: label(tx, e.AuthB), AuthA: label(tx, e.AuthA), Responsible: label(tx, e.Responsible)}
	if r.Branch, err = tx.Branch(e.Branch); err != nil {
		return Receipt{}, msg.Errorf("%w：网点 %s", err, e.Branch)
	}
	if r.BankName, err = tx.Setting(SettingBankName); err != nil && !errors.Is(err, ErrNotFound) {
		return Receipt{}, err
	}
	if e.Counterparty == ledger.PaymentsInTransitNo(e.Branch) {
		r.CpHolder = ledger.PaymentsInTransitTitle
	} else if e.Counterparty != "" {
		if cp, err := tx.Account(e.Counterparty); err == nil {
			r.CpHolder = cp.Holder
		}
	}
	acct, err := tx.Account(e.Account)
	if errors.Is(err, ErrNotFound) {
		return r, nil // the bank's own entries (the vault's funding) name no customer
	}
	if err != nil {
		return Receipt{}, err
	}
	if acct.Type != ledger.Savings && acct.Type != ledger.Corporate {
		return r, nil
	}
	r.Holder, r.HasBalance = acct.Holder, true
	if r.Balance, err = balanceAfter(tx, acct, e.ID); err != nil {
		return Receipt{}, err
	}
	return r, nil
}

// balanceAfter is a customer account's balance right after entry id: its
// balance now, less what the journal moved on it since. The legs keep the
// account's running net debit, so that is the difference of two of them.
func balanceAfter(tx Tx, a ledger.Account, id int64) (money.Amount, error) {
	now, err := tx.NetDebit(a.No)
	if err != nil {
		return 0, err
	}
	then, err := tx.NetDebitThrough(a.No, id)
	if err != nil {
		return 0, err
	}
	// A customer account is a liability: a debit lowers it.
	return a.Balance + now - then, nil
}

// label is "1001 张三", the bare id if the user is gone, "" for none.
func label(tx Tx, id string) string {
	if id == "" {
		return ""
	}
	u, err := tx.User(id)
	if err != nil {
		return id
	}
	return u.Label()
}
