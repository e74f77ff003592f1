package counter

import (
	"context"
	"errors"
	"time"

	"branchdesk/domain/cash"
	"branchdesk/domain/voucher"

	"branchdesk/domain/audit"
	"branchdesk/domain/authz"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/staff"
)

// ErrNotFound is what a Tx returns for a row that does not exist.
var ErrNotFound = errors.New("记录不存在")

// Store runs units of work against durable storage.
type Store interface {
	// Tx runs fn in one database transaction: all of it is kept, or none.
	Tx(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only transaction that takes no write lock.
	View(ctx context.Context, fn func(Tx) error) error
}

// Branch is a bank outlet (网点).
type Branch struct {
	ID           string
	Name         string
	BusinessDate string // YYYY-MM-DD, the day the branch is open for
}

// DayState is where a teller's business day stands.
type DayState string

// A teller's day is open after sign-in, paused by a temporary sign-out,
// and closed by the formal sign-out.
const (
	DayOpen   DayState = "open"
	DayPaused DayState = "paused"
	DayClosed DayState = "closed"
)

// Title is the state in Chinese.
func (s DayState) Title() string {
	switch s {
	case DayOpen:
		return "已签到"
	case DayPaused:
		return "临时签退"
	case DayClosed:
		return "已正式签退"
	}
	return "未签到"
}

// CashBox is a teller's cash box as a posting checks it: the balance
// (the net debit of their cash account) and their own limit, if set.
type CashBox struct {
	Balance  money.Amount
	Limit    money.Amount // the teller's own limit, when OwnLimit
	OwnLimit bool
}

// Standing is what every business of a teller checks first, read at
// once: the user as they stand now, their branch, their day on the
// branch's business date (State empty when there is none), the terminal
// where they are signed in ("" when none) and their cash box.
type Standing struct {
	User     staff.User
	Branch   Branch
	Day      TellerDay
	Terminal string
	Box      CashBox
	// Certificate is the user's anti-counterfeit certificate in force
	// (CertNo and CertExpires of their latest qualification, or empty).
	Certificate staff.Qualification
}

// Foresight is what a business reads after its Standing: the accounts
// it names and the limits of its kind on the business date.
type Foresight struct {
	Accounts []string
	Kind     ledger.Kind
	// Entry is set when the business writes an entry for the teller on
	// the business date: the store may number it (id and 柜员流水号)
	// in the same read, under the writer lock.
	Entry bool
}

// TellerDay is one teller's business day.
type TellerDay struct {
	Teller       string
	BusinessDate string
	Branch       string
	State        DayState
	SignIns      int // 1, or more after A-approved re-sign-ins
}

// TerminalSignIn is the terminal where a teller is signed in, from the
// sign-in until the formal sign-out, through temporary sign-outs.
type TerminalSignIn struct {
	Teller   string
	Terminal string
	Since    time.Time
}

// JournalFilter selects journal entries.
type JournalFilter struct {
	Branch        string
	BusinessDate  string // "" for every date
	Teller        string // "" for every teller
	ReversalsOnly bool
}

// Tx is one unit of work. Storage implements it; it holds no rules.
type Tx interface {
	Branch(id string) (Branch, error)
	PutBranch(b Branch) error

	User(id string) (staff.User, error)
	InsertUser(u staff.User) error
	UpdateUser(u staff.User) error
	Users(branch string) ([]staff.User, error)

	Account(no string) (ledger.Account, error)
	InsertAccount(a ledger.Account) error
	// AddBalance moves a customer account's balance by delta.
	AddBalance(no string, delta money.Amount) error
	Accounts(branch string) ([]ledger.Account, error)
	// FindAccounts lists a branch's customer accounts whose holder
	// contains q or whose number starts with q, at most limit of them.
	FindAccounts(branch, q string, limit int) ([]ledger.Account, error)

	// PolicyAt is the policy with the highest version effective on date.
	PolicyAt(date string) (authz.Policy, error)
	// LimitAt is one kind's limits in the policy effective on date, with
	// the policy's version.
	LimitAt(date string, kind ledger.Kind) (version int, l authz.Limit, err error)
	InsertPolicy(p authz.Policy) error
	Policies() ([]authz.Policy, error)

	// InsertEntry writes an entry and its legs and sets e.ID; an entry
	// with no Seq gets the teller's next sequence number (柜员流水号) for
	// its date, one more than the highest, set in e.Seq.
	InsertEntry(e *ledger.Entry) error
	Entry(id int64) (ledger.Entry, error)
	// EntryByKey is the entry posted from the draft with this key, with
	// its legs, or ErrNotFound.
	EntryByKey(key string) (ledger.Entry, error)
	// ReversedBy is the id of the entry that reverses id, or 0.
	ReversedBy(id int64) (int64, error)
	Journal(f JournalFilter) ([]ledger.Entry, error)
	// EachEntry streams every entry, without legs, in id order.
	EachEntry(fn func(ledger.Entry) error) error
	// EachLeg streams every leg with the running net debit of its account
	// kept on it, in entry and line order.
	EachLeg(fn func(entry int64, l ledger.Leg, netDebit money.Amount) error) error

	Day(teller, date string) (TellerDay, error)
	// Standing reads a teller's Standing in a branch in one go, or
	// ErrNotFound when the user or the branch is missing.
	Standing(teller, branch string) (Standing, error)
	// Foresee tells the store what a business is about to read after
	// its Standing, so the store may bring it in the same read. A hint:
	// what Account, LimitAt and AuditHead give does not change.
	Foresee(f Foresight)
	PutDay(d TellerDay) error

	// TerminalSignIn is where a teller is signed in, or ErrNotFound.
	TerminalSignIn(teller string) (TerminalSignIn, error)
	PutTerminalSignIn(s TerminalSignIn) error
	DeleteTerminalSignIn(teller string) error
	// TerminalSignIns lists where a branch's tellers are signed in.
	TerminalSignIns(branch string) ([]TerminalSignIn, error)

	AuditHead() (id int64, hash string, err error)
	InsertAudit(r audit.Row) error
	AuditRows(fn func(audit.Row) error) error
	// AuditAcks are the audit heads head office's receipts acknowledged.
	AuditAcks() ([]audit.Head, error)
	// AuditSeals are the terminals' signatures over the heads they left.
	AuditSeals() ([]audit.HeadSeal, error)

	Setting(key string) (string, error)
	PutSetting(key, value string) error

	CashTx
	HandOverTx
	RemoteTx
	QualificationTx
	BooksTx
	CloseCountTx
	SealTx
	BoxSealTx
	LeaveTx
	PaymentTx
	ReviewTx
	SuspenseTx
	FreezeTx
}

// QualificationTx is the storage of tellers' 第五条 records, kept as a
// history whose latest row is in force.
type QualificationTx interface {
	// Qualification is a user's record in force, or ErrNotFound.
	Qualification(user string) (staff.Qualification, error)
	// AddQualification records a new version of a user's record.
	AddQualification(q staff.Qualification, by string, at time.Time) error
	// Qualifications lists the records in force of a branch's users.
	Qualifications(branch string) ([]staff.Qualification, error)
}

// BooksTx reads back, whole, every record whose digest the audit trail
// seals, for CheckBooks.
type BooksTx interface {
	// EachAccount streams every customer account with its opening balance.
	EachAccount(fn func(a ledger.Account, opening money.Amount) error) error
	// AllCashMoves lists every movement with its count; Amount is its entry's.
	AllCashMoves() ([]CashMove, error)
	// AllVoucherEvents streams the whole register in id order.
	AllVoucherEvents(fn func(branch, date string, e voucher.Event) error) error
	AllTellerBalances() ([]TellerBalance, error)
	AllVaultCounts() ([]VaultCount, error)
	AllBranchCloses() ([]BranchClose, error)
}

// HandOverTx is the storage of hand-overs between terminals.
type HandOverTx interface {
	// InsertHandOver records a pending hand-over; h.ID is set.
	InsertHandOver(h *HandOver) error
	// HandOver reads one hand-over, or ErrNotFound.
	HandOver(id int64) (HandOver, error)
	// HandOvers lists a branch's hand-overs in a state, oldest first.
	HandOvers(branch string, state HandOverState) ([]HandOver, error)
	// CloseHandOver records a pending hand-over's final state, reason,
	// closer, time and entry; ErrNotFound if it is no longer pending.
	CloseHandOver(h HandOver) error
}

// CashMove is a movement of cash between the vault and a teller box or a
// sub-branch, counted by denomination. Its money side is a journal entry.
type CashMove struct {
	ID           int64
	EntryID      int64
	Branch       string
	BusinessDate string
	Kind         ledger.Kind
	From, To     cash.Party
	Keeper       string // the vault keeper who operated it
	Teller       string // the teller who confirmed it, if a box is involved
	Approver     string // the A who approved a transfer with the sub-branch
	Count        cash.Count
	Amount       money.Amount
	At           time.Time
}

// Flow is what one kind of entry moved through an account on a day.
type Flow struct {
	Kind   ledger.Kind
	Side   ledger.Side
	Amount money.Amount
	Count  int
}

// VoucherNumber is where one blank voucher number stands now.
type VoucherNumber struct {
	Number int64
	State  voucher.State
	Teller string
}

// VoucherCount compares a voucher type's stock three ways (账、实、簿).
type VoucherCount struct {
	Type     string
	System   int64 // what the system holds
	Physical int64 // what was counted
	Register int64 // what the register's events add up to
}

// TellerBalance is a teller's end-of-day balance (轧账).
type TellerBalance struct {
	ID            int64
	Branch        string
	Teller        string
	BusinessDate  string
	Expected      money.Amount
	Counted       money.Amount
	Diff          money.Amount // counted − expected: >0 长款, <0 短款
	Reason        string
	SignedB       string
	ApprovedA     string
	SuspenseEntry int64
	LastEntry     int64 // the last entry through the box when it was balanced
	LastVoucher   int64 // the last register event of the teller's vouchers then
	Count         cash.Count
	Vouchers      []VoucherCount
	At            time.Time
}

// VaultCount is a count of the vault against the system (碰库).
type VaultCount struct {
	ID           int64
	Branch       string
	BusinessDate string
	Keeper       string
	Expected     money.Amount
	Counted      money.Amount
	Diff         money.Amount
	LastMove     int64
	System       cash.Count
	Physical     cash.Count
	At           time.Time
}

// BranchClose records the branch's day end (平账).
type BranchClose struct {
	ID           int64
	Branch       string
	BusinessDate string
	By           string
	NextDate     string
	Vouchers     []VoucherCount
	At           time.Time
}

// CashTx is the storage of cash, vouchers and the day end.
type CashTx interface {
	InsertCashMove(m *CashMove) error
	CashMoves(branch, from, to string) ([]CashMove, error)
	// VaultStock is the vault's notes and coins, from every movement.
	VaultStock(branch string) (cash.Count, error)
	LastCashMove(branch string) (int64, error)
	// CashFlows is an internal account's balance before date and what
	// each kind of entry moved through it on date.
	CashFlows(account, date string) (opening money.Amount, flows []Flow, err error)
	LastEntryTouching(account string) (int64, error)
	// NetDebit is an account's debits minus credits over the whole journal.
	NetDebit(account string) (money.Amount, error)
	// NetDebitThrough is the same over the journal up to entry id.
	NetDebitThrough(account string, id int64) (money.Amount, error)
	PutBoxLimit(teller string, max money.Amount) error

	VoucherTypes() ([]voucher.Type, error)
	// InsertVoucherEvent records one step in a number's life; it returns its id.
	InsertVoucherEvent(branch, date string, e voucher.Event) (int64, error)
	VoucherNumbers(branch, typ string) ([]VoucherNumber, error)
	VoucherEvents(branch, typ, from, to string) ([]voucher.Event, error)
	// VoucherAllocations are the ranges head office allocated to the branch.
	VoucherAllocations(typ string) ([]voucher.Range, error)
	// LastVoucherEvent is the newest register event of a teller's vouchers.
	LastVoucherEvent(teller string) (int64, error)

	InsertTellerBalance(b *TellerBalance) error
	LatestTellerBalance(teller, date string) (TellerBalance, error)
	InsertVaultCount(c *VaultCount) error
	LatestVaultCount(branch, date string) (VaultCount, error)
	Days(branch, date string) ([]TellerDay, error)
	InsertBranchClose(c *BranchClose) error
	BranchCloses(branch string) ([]BranchClose, error)
}
