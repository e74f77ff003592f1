package counter

import (
	"context"
	"errors"

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

// TellerDay is one teller's business day.
type TellerDay struct {
	Teller       string
	BusinessDate string
	Branch       string
	State        DayState
	SignIns      int // 1, or more after A-approved re-sign-ins
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

	// PolicyAt is the policy with the highest version effective on date.
	PolicyAt(date string) (authz.Policy, error)
	InsertPolicy(p authz.Policy) error
	Policies() ([]authz.Policy, error)

	NextSeq(teller, date string) (int, error)
	InsertEntry(e *ledger.Entry) error
	Entry(id int64) (ledger.Entry, error)
	// ReversedBy is the id of the entry that reverses id, or 0.
	ReversedBy(id int64) (int64, error)
	Journal(f JournalFilter) ([]ledger.Entry, error)

	Day(teller, date string) (TellerDay, error)
	PutDay(d TellerDay) error

	AuditHead() (id int64, hash string, err error)
	InsertAudit(r audit.Row) error
	AuditRows(fn func(audit.Row) error) error

	Setting(key string) (string, error)
	PutSetting(key, value string) error
}
