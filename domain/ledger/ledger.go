// Package ledger holds accounts, the six kinds of counter business and the
// double-entry journal they post to.
package ledger

import (
	"errors"
	"fmt"
	"time"

	"branchdesk/domain/money"
)

// Kind is a kind of counter business.
type Kind string

// The six kinds of business a teller posts (第十五条 lists their limits).
const (
	SavingsCashDeposit      Kind = "savings_cash_deposit"
	SavingsCashWithdrawal   Kind = "savings_cash_withdrawal"
	CorporateCashDeposit    Kind = "corporate_cash_deposit"
	CorporateCashWithdrawal Kind = "corporate_cash_withdrawal"
	SavingsTransfer         Kind = "savings_transfer"
	CorporateTransfer       Kind = "corporate_transfer"
)

// Kinds lists the business kinds in the order a teller's menu shows them.
var Kinds = []Kind{
	SavingsCashDeposit, SavingsCashWithdrawal,
	CorporateCashDeposit, CorporateCashWithdrawal,
	SavingsTransfer, CorporateTransfer,
}

// Title is the kind's Chinese name.
func (k Kind) Title() string {
	switch k {
	case SavingsCashDeposit:
		return "储蓄现金存款"
	case SavingsCashWithdrawal:
		return "储蓄现金取款"
	case CorporateCashDeposit:
		return "对公现金存款"
	case CorporateCashWithdrawal:
		return "对公现金取款"
	case SavingsTransfer:
		return "储蓄转账"
	case CorporateTransfer:
		return "对公转账"
	}
	return internalTitle(k)
}

// ParseKind reads a kind by its code or its Chinese name.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s || k.Title() == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("ledger: %w: %q", ErrUnknownKind, s)
}

// IsCash reports whether the business moves cash through the teller's box.
func (k Kind) IsCash() bool { return k != SavingsTransfer && k != CorporateTransfer }

// IsTransfer reports whether the business moves money between two accounts.
func (k Kind) IsTransfer() bool { return !k.IsCash() }

// CashIn reports whether cash comes into the teller's box.
func (k Kind) CashIn() bool { return k == SavingsCashDeposit || k == CorporateCashDeposit }

// AccountType is the class of customer account the business is for.
func (k Kind) AccountType() AccountType {
	switch k {
	case SavingsCashDeposit, SavingsCashWithdrawal, SavingsTransfer:
		return Savings
	}
	return Corporate
}

// AccountType tells customer accounts from the bank's own.
type AccountType string

// Account types. Cash is a teller's cash box or the vault: an asset of the
// bank, while customer deposits are liabilities.
const (
	Savings   AccountType = "savings"
	Corporate AccountType = "corporate"
	Cash      AccountType = "cash"
	Suspense  AccountType = "suspense"
)

// Title is the account type's Chinese name.
func (t AccountType) Title() string {
	switch t {
	case Savings:
		return "储蓄"
	case Corporate:
		return "对公"
	case Cash:
		return "现金"
	case Suspense:
		return "挂账"
	}
	return string(t)
}

// Account is a ledger account.
type Account struct {
	No      string
	Type    AccountType
	Holder  string
	Branch  string
	Balance money.Amount // customer accounts: what the customer may draw
	Owner   string       // cash accounts: the teller who holds the box
	// HolderID is the holder's resident ID number, for savings accounts
	// opened with one; the counter's search finds the account by it.
	HolderID string
	// Frozen is the part of the balance frozen (冻结, e.g. at a court's
	// request): it stays in the account but may not be drawn.
	Frozen money.Amount
}

// Available is what may be drawn: the balance less what is frozen, never
// below zero.
func (a Account) Available() money.Amount {
	return max(a.Balance-a.Frozen, 0)
}

// Status is the account's state as the counter shows it: 正常, or
// 部分冻结 ¥… with the amount frozen.
func (a Account) Status() string {
	if a.Frozen > 0 {
		return "部分冻结 " + a.Frozen.String()
	}
	return "正常"
}

// CashAccountNo is the number of a teller's cash-box account.
func CashAccountNo(tellerID string) string { return "CASH-" + tellerID }

// Side is the side of a journal leg.
type Side string

// Debit and credit.
const (
	Debit  Side = "D"
	Credit Side = "C"
)

// Leg is one line of a journal entry.
type Leg struct {
	Account string
	Side    Side
	Amount  money.Amount
}

// Entry is a posted journal entry. Posted entries are never changed: a
// correction is a new entry whose Reverses points at the original.
type Entry struct {
	ID            int64
	Branch        string
	BusinessDate  string // YYYY-MM-DD
	Teller        string // maker
	Seq           int    // 柜员流水号, per teller per business date
	Kind          Kind
	Amount        money.Amount
	Account       string // the customer account debited or credited
	Counterparty  string // transfers: the account on the other side
	Memo          string
	PolicyVersion int
	AuthB         string // B authorizer, if any
	AuthA         string // A authorizer, if any
	Reverses      int64  // original entry, for a reversal
	Reason        string // reversal reason
	ReversedBy    int64  // the entry that reversed this one, as read from the journal
	PostedAt      time.Time
	Legs          []Leg
	DraftKey      string    // the idempotency key of the draft it was posted from, if any
	Settles       int64     // the suspense entry a resolution clears (第十四条), or 0
	Responsible   string    // the teller who repays a shortage (短款赔偿), or ""
	Presenter     Presenter // who brought or took cash at or above IDThreshold
}

// IsReversal reports whether the entry reverses another.
func (e Entry) IsReversal() bool { return e.Reverses != 0 }

// Title is the entry's business name, marking reversals.
func (e Entry) Title() string {
	if e.IsReversal() {
		return "冲正·" + e.Kind.Title()
	}
	return e.Kind.Title()
}

// Errors of posting.
var (
	ErrUnknownKind     = errors.New("未知的业务种类")
	ErrNoAccount       = errors.New("账户不存在")
	ErrWrongAccount    = errors.New("账户类型与业务种类不符")
	ErrSameAccount     = errors.New("转出与转入账户不能相同")
	ErrOverdraft       = errors.New("余额不足")
	ErrUnbalanced      = errors.New("借贷不平")
	ErrNonPositive     = errors.New("金额必须大于零")
	ErrAlreadyReversed = errors.New("该笔交易已冲正，不能重复冲正")
	ErrReverseReversal = errors.New("冲正交易不能再冲正")
	ErrReasonRequired  = errors.New("请填写冲正原因")
	ErrOtherDay        = errors.New("只能冲正本营业日的交易")
)

// Legs builds the double entry for a business: cash legs go against the
// teller's cash account, transfers from one customer account to another.
func Legs(k Kind, amount money.Amount, account, counterparty, teller string) ([]Leg, error) {
	if amount <= 0 {
		return nil, ErrNonPositive
	}
	cash := CashAccountNo(teller)
	switch {
	case k.IsCash() && k.CashIn():
		return []Leg{{cash, Debit, amount}, {account, Credit, amount}}, nil
	case k.IsCash():
		return []Leg{{account, Debit, amount}, {cash, Credit, amount}}, nil
	case k.IsTransfer():
		if account == counterparty {
			return nil, ErrSameAccount
		}
		return []Leg{{account, Debit, amount}, {counterparty, Credit, amount}}, nil
	}
	return nil, ErrUnknownKind
}

// Reversed returns the legs that undo the given ones.
func Reversed(legs []Leg) []Leg {
	out := make([]Leg, len(legs))
	for i, l := range legs {
		out[i] = l
		if l.Side == Debit {
			out[i].Side = Credit
		} else {
			out[i].Side = Debit
		}
	}
	return out
}

// CheckBalanced verifies debits equal credits and every leg is positive.
func CheckBalanced(legs []Leg) error {
	var d, c money.Amount
	for _, l := range legs {
		if l.Amount <= 0 {
			return ErrNonPositive
		}
		switch l.Side {
		case Debit:
			d += l.Amount
		case Credit:
			c += l.Amount
		default:
			return ErrUnbalanced
		}
	}
	if d != c || len(legs) < 2 {
		return ErrUnbalanced
	}
	return nil
}

// Effect is how a leg changes an account's balance: a customer deposit is
// a liability (credit raises it), cash is an asset (debit raises it).
func Effect(t AccountType, l Leg) money.Amount {
	up := l.Side == Credit
	if t == Cash || t == Suspense {
		up = l.Side == Debit
	}
	if up {
		return l.Amount
	}
	return -l.Amount
}
