package voucher

import (
	"errors"
	"time"

	"branchdesk/domain/msg"
)

// State is where one voucher number stands.
type State string

// The life of a number: received into the keeper's stock, issued to a
// teller, then used for an entry, sold to a customer, voided, or returned
// to the keeper's stock (from where it may be issued again).
const (
	Received State = "received" // 在库
	Issued   State = "issued"   // 已领用
	Used     State = "used"     // 已使用
	Sold     State = "sold"     // 已出售
	Voided   State = "voided"   // 已作废
	Returned State = "returned" // 已退回
)

// Title is the state in Chinese.
func (s State) Title() string {
	switch s {
	case Received:
		return "在库"
	case Issued:
		return "已领用"
	case Used:
		return "已使用"
	case Sold:
		return "已出售"
	case Voided:
		return "已作废"
	case Returned:
		return "已退回"
	}
	return string(s)
}

// Final reports whether the number is written off for good (销号).
func (s State) Final() bool { return s == Used || s == Sold || s == Voided }

// next lists the states each state may move to; "" is a number not yet
// received.
var next = map[State][]State{
	"":       {Received},
	Received: {Issued, Voided},
	Returned: {Issued, Voided},
	Issued:   {Used, Sold, Voided, Returned},
}

// ErrTransition reports a step the life of a number does not allow.
var ErrTransition = errors.New("凭证状态变更不允许")

// CheckTransition allows a number to move from one state to another.
// Used, sold and voided numbers never change again.
func CheckTransition(from, to State) error {
	for _, s := range next[from] {
		if s == to {
			return nil
		}
	}
	return msg.Errorf("%w：%s → %s", ErrTransition, from.Title(), to.Title())
}

// Event is one step in the life of one number, as the register (登记簿)
// records it. Which fields a step needs depends on State; see Validate.
type Event struct {
	ID            int64  // the register's row, once stored
	Type          string // Type.Code
	Number        int64
	State         State  // the state the number enters
	Teller        string // the teller holding it (issued, used, sold, voided, returned)
	By            string // who did the step: the keeper for received/issued/returned, else the teller
	EntryID       int64  // used: the journal entry the voucher was written for
	Reason        string // voided: why
	SealCheckedBy string // sold: who checked the customer's reserved seal (核对预留印鉴)
	Authorizer    string // voided: who authorized the void
	At            time.Time
}

// ErrEventIncomplete reports an event missing what its state needs.
var ErrEventIncomplete = errors.New("凭证登记要素不全")

// Validate checks that an event carries what its state needs: every step
// who did it and when; a use its entry; a sale the seal check; a void its
// reason and an authorizer other than the one voiding.
func (e Event) Validate() error {
	missing := func(what string) error { return msg.Errorf("%w：缺少%s", ErrEventIncomplete, what) }
	switch {
	case e.Type == "":
		return missing("凭证种类")
	case e.Number <= 0:
		return missing("凭证号码")
	case e.By == "":
		return missing("经办人")
	case e.At.IsZero():
		return missing("时间")
	}
	switch e.State {
	case Received:
		return nil
	case Issued, Returned:
		if e.Teller == "" {
			return missing("领用柜员")
		}
	case Used:
		if e.Teller == "" {
			return missing("领用柜员")
		}
		if e.EntryID <= 0 {
			return missing("对应交易")
		}
	case Sold:
		if e.Teller == "" {
			return missing("领用柜员")
		}
		return checkSeal(e.SealCheckedBy)
	case Voided:
		return checkVoid(e.By, e.Reason, e.Authorizer)
	default:
		return msg.Errorf("%w：未知状态 %q", ErrEventIncomplete, e.State)
	}
	return nil
}
