package ledger

import (
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// 第十四条: 对不能核销的过渡账务，必须报上级业务管理部门批准后方可进行挂账
// 处理. The upper level (head office's 业务管理部门) decides each suspense
// item: it approves it, naming who and the reference of its written
// reply (批复文号), or refuses it with a reason. An approval is final; a
// refusal may be followed by one approval (Follows), since some items
// have no way out but the write-off (a vault overage). The decision names the
// item's kind, amount and business date as head office received them, so
// a branch takes it only for the item it was made on.

// Decision is the upper level's decision on one suspense item.
type Decision struct {
	Item int64 `json:"item"` // the overage or shortage entry
	// Terminal is the branch terminal whose entry Item is: each terminal
	// numbers its own entries.
	Terminal     string       `json:"terminal"`
	Kind         Kind         `json:"kind"`
	Amount       money.Amount `json:"amount"`
	BusinessDate string       `json:"business_date"`
	Approved     bool         `json:"approved"`
	By           string       `json:"by,omitempty"`     // who decided at head office
	Ref          string       `json:"ref,omitempty"`    // 批复文号 of an approval
	Reason       string       `json:"reason,omitempty"` // why it was refused
	At           time.Time    `json:"at"`
}

// The upper level's status of an item, as registers and lists show it.
const (
	DecisionPending  = "待上级批准"
	DecisionApproved = "已批准"
	DecisionRefused  = "不予批准"
)

// Errors of an upper-level decision.
var (
	ErrDecisionBy     = errors.New("上级批准须写明批准人（1 至 40 个字，不含换行）")
	ErrDecisionRef    = errors.New("上级批准须写明批复文号（1 至 60 个字，不含换行）")
	ErrDecisionReason = errors.New("不予批准须写明原因（1 至 200 个字，不含换行）")
	ErrDecisionItem   = errors.New("上级批复所指的挂账无效")
	// ErrDecisionFinal and ErrDecisionRefusedBefore are a decision that
	// may not follow the one an item has (Follows).
	ErrDecisionFinal         = errors.New("该笔挂账上级已批准，批复不再更改")
	ErrDecisionRefusedBefore = errors.New("该笔挂账上级已不予批准，此后只能再予批准")
)

// Follows is nil when d may be recorded on an item whose decision so far
// is had (nil: none): the first decision, or an approval after a
// refusal — the branch could not clear the item otherwise, or head office
// reconsidered. Nothing follows an approval, and a refusal does not
// follow a refusal. Head office and the branch both keep to it.
func (d Decision) Follows(had *Decision) error {
	switch {
	case had == nil:
		return nil
	case had.Approved:
		return ErrDecisionFinal
	case !d.Approved:
		return ErrDecisionRefusedBefore
	}
	return nil
}

// Validate checks a decision as head office makes it and a branch takes
// it: an approval names who and the reference, a refusal its reason.
func (d Decision) Validate() error {
	if d.Item <= 0 || !d.Kind.IsSuspense() || d.Amount <= 0 || !validDate(d.BusinessDate) {
		return msg.Errorf("%w：#%d", ErrDecisionItem, d.Item)
	}
	if d.By != "" && !oneLine(d.By, 40) {
		return ErrDecisionBy
	}
	if d.Approved {
		switch {
		case d.By == "":
			return ErrDecisionBy
		case !oneLine(d.Ref, 60):
			return ErrDecisionRef
		case d.Reason != "":
			return ErrDecisionReason
		}
		return nil
	}
	if d.Ref != "" {
		return ErrDecisionRef
	}
	if !oneLine(d.Reason, 200) {
		return ErrDecisionReason
	}
	return nil
}

// Fits tells whether the decision was made on entry e: the same item,
// kind, amount and business date.
func (d Decision) Fits(e Entry) bool {
	return d.Item == e.ID && d.Kind == e.Kind && d.Amount == e.Amount && d.BusinessDate == e.BusinessDate
}

// Same tells whether two decisions say the same thing.
func (d Decision) Same(o Decision) bool {
	return d.Item == o.Item && d.Approved == o.Approved && d.By == o.By && d.Ref == o.Ref && d.Reason == o.Reason
}

// Status is DecisionPending for no decision, else approved or refused.
func (d *Decision) Status() string {
	switch {
	case d == nil:
		return DecisionPending
	case d.Approved:
		return DecisionApproved
	}
	return DecisionRefused
}

// Message is the status with who and the reference, or the reason.
func (d *Decision) Message() msg.Text {
	switch {
	case d == nil:
		return msg.Sprintf("待上级批准")
	case d.Approved:
		return msg.Sprintf("已批准（%s，批复文号 %s）", d.By, d.Ref)
	}
	return msg.Sprintf("不予批准：%s", d.Reason)
}

// oneLine tells whether s is 1 to n characters, trimmed, with no control
// character.
func oneLine(s string, n int) bool {
	if s == "" || strings.TrimSpace(s) != s || utf8.RuneCountInString(s) > n {
		return false
	}
	return !strings.ContainsFunc(s, unicode.IsControl)
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
