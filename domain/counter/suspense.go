package counter

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/domain/cash"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// 第十四条: 对不能核销的过渡账务 … 挂账处理，并在有关登记簿上详细记载挂账金额、
// 挂账原因和处理结果。A day-end cash difference goes to suspense by its own
// entry (BalanceBox); each such entry is one suspense item, resolved later
// — in part or whole — by new entries that point at it, never by editing it.

// SuspenseTx is the storage of suspense items and their resolutions.
type SuspenseTx interface {
	// SuspenseItems lists a branch's overage and shortage entries, oldest first.
	SuspenseItems(branch string) ([]ledger.Entry, error)
	// Settlements lists the entries that resolve suspense entry id, oldest first.
	Settlements(id int64) ([]ledger.Entry, error)
	// SuspenseDecision is the upper level's decision on suspense entry
	// id that stands (an approval after a refusal), or nil while it has
	// none.
	SuspenseDecision(id int64) (*ledger.Decision, error)
	// InsertSuspenseDecision keeps a decision head office sent in config
	// version, received at at; never changed (an approval after a refusal
	// is a second row).
	InsertSuspenseDecision(d ledger.Decision, version int64, at time.Time) error
}

// SuspenseItem is one cash difference in suspense and what became of it.
type SuspenseItem struct {
	Entry       ledger.Entry   // the overage or shortage entry
	Resolutions []ledger.Entry // the entries that resolved it, oldest first
	Resolved    money.Amount
	Open        money.Amount // what is still in suspense
	AgeDays     int          // business days since it was put in suspense
	// Decision is the upper level's on the item (第十四条: 报上级业务管理
	// 部门批准), nil while it has none.
	Decision *ledger.Decision
}

// Vault reports whether the item is a vault count's difference (the
// keeper's, RecordVaultDifference) rather than a teller box's.
func (i SuspenseItem) Vault() bool { return i.Entry.OnVault() }

// Ways are the ways the item may be resolved, in the order a screen
// offers them: a vault item's cash is the vault's, so it is never found
// into nor returned from a teller's box (ErrVaultSuspenseWay).
func (i SuspenseItem) Ways() []ledger.Way {
	var out []ledger.Way
	for _, w := range ledger.Ways {
		if _, err := ledger.ResolutionKind(i.Entry.Kind, w); err == nil && !(i.Vault() && w == ledger.WayFound) {
			out = append(out, w)
		}
	}
	return out
}

// Line is the item as the branch close lists it.
func (i SuspenseItem) Line() string { return i.Message().String() }

// Message is Line with its figures apart, for a screen to translate; it
// ends with the upper level's status (待上级批准 while undecided).
func (i SuspenseItem) Message() msg.Text {
	if i.Vault() {
		return msg.Sprintf("挂账 #%d %s %s（总库，管库员 %s，%s）已挂 %d 天，未处理 %s，%s",
			i.Entry.ID, i.Entry.Kind.Title(), i.Entry.Amount, i.Entry.Teller, i.Entry.BusinessDate, i.AgeDays, i.Open, i.Decision.Message())
	}
	return msg.Sprintf("挂账 #%d %s %s（柜员 %s，%s）已挂 %d 天，未处理 %s，%s",
		i.Entry.ID, i.Entry.Kind.Title(), i.Entry.Amount, i.Entry.Teller, i.Entry.BusinessDate, i.AgeDays, i.Open, i.Decision.Message())
}

// WriteOffAllowed is nil when the item may be written off (核销): only
// after the upper level approved it; one it refused is cleared the other
// ways.
func (i SuspenseItem) WriteOffAllowed() error {
	switch {
	case i.Decision == nil:
		return ErrWriteOffUnapproved
	case !i.Decision.Approved:
		return msg.Errorf("%w（不予批准：%s）", ErrWriteOffRefused, i.Decision.Reason)
	}
	return nil
}

// Errors of resolving suspense.
var (
	ErrSuspenseApprovals  = errors.New("挂账处理须经B级柜员复核、A级柜员（业务主管）审批")
	ErrSuspenseInvolved   = errors.New("挂账所涉柜员（差错柜员或赔偿人）不能审批该笔挂账的处理")
	ErrResponsibleUnknown = errors.New("赔偿人须为本网点柜员")
	// ErrVaultSuspenseWay and ErrVaultSuspenseKeeper keep a vault
	// difference's cash out of a teller's box: cash found in or missing
	// from the vault is the vault's, counted by denomination.
	ErrVaultSuspenseWay    = errors.New("总库差错挂账只能以赔偿或核销处理；在总库找回或多出的现金，由管库员重新碰库登记差错")
	ErrVaultSuspenseKeeper = errors.New("总库差错挂账的赔偿款须由管库员以外的柜员收入钱箱")
	// ErrWriteOffUnapproved and ErrWriteOffRefused keep 核销 for items
	// the upper level approved (第十四条).
	ErrWriteOffUnapproved = errors.New("核销须经上级业务管理部门批准挂账后办理，该笔挂账待上级批准")
	ErrWriteOffRefused    = errors.New("上级业务管理部门不予批准该笔挂账，不能核销，须以退还、找回或赔偿处理")
)

// suspenseItem reads item id of branch b with its resolutions.
func suspenseItem(tx Tx, b Branch, id int64) (SuspenseItem, error) {
	e, err := tx.Entry(id)
	if errors.Is(err, ErrNotFound) {
		return SuspenseItem{}, msg.Errorf("%w：挂账 #%d", ErrNotFound, id)
	}
	if err != nil {
		return SuspenseItem{}, err
	}
	if e.Branch != b.ID {
		return SuspenseItem{}, ErrOtherBranch
	}
	if !e.Kind.IsSuspense() {
		return SuspenseItem{}, msg.Errorf("%w：#%d %s", ledger.ErrNotSuspense, id, e.Kind.Title())
	}
	return itemOf(tx, b, e)
}

func itemOf(tx Tx, b Branch, e ledger.Entry) (SuspenseItem, error) {
	res, err := tx.Settlements(e.ID)
	if err != nil {
		return SuspenseItem{}, err
	}
	d, err := tx.SuspenseDecision(e.ID)
	if err != nil {
		return SuspenseItem{}, err
	}
	i := SuspenseItem{Entry: e, Resolutions: res, Decision: d}
	for _, r := range res {
		i.Resolved += r.Amount
	}
	i.Open = e.Amount - i.Resolved
	from, err1 := time.Parse(time.DateOnly, e.BusinessDate)
	to, err2 := time.Parse(time.DateOnly, b.BusinessDate)
	if err1 == nil && err2 == nil {
		i.AgeDays = int(to.Sub(from).Hours() / 24)
	}
	return i, nil
}

// openSuspense lists the branch's items not yet wholly resolved.
func openSuspense(tx Tx, b Branch, all bool) ([]SuspenseItem, error) {
	entries, err := tx.SuspenseItems(b.ID)
	if err != nil {
		return nil, err
	}
	var out []SuspenseItem
	for _, e := range entries {
		i, err := itemOf(tx, b, e)
		if err != nil {
			return nil, err
		}
		if all || i.Open > 0 {
			out = append(out, i)
		}
	}
	return out, nil
}

// SuspenseItems is the suspense register (挂账登记簿) of sess's branch: the
// items still open, or every item when all.
func (s *Service) SuspenseItems(ctx context.Context, sess *Session, all bool) ([]SuspenseItem, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	var out []SuspenseItem
	err := s.store.View(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		out, err = openSuspense(tx, b, all)
		return err
	})
	return out, err
}

// Resolution is how a teller resolves (part of) a suspense item: the way,
// the amount, what happened, the teller who repays a shortage, and the B
// who checks it and the A who approves it at the terminal.
type Resolution struct {
	Item        int64
	Way         ledger.Way
	Amount      money.Amount
	Reason      string
	Responsible string // 短款赔偿: the teller who pays the shortage back
	SignB       *Credential
	ApproveA    *Credential
}

// ResolveSuspense posts a resolution of a suspense item: cash found or
// returned goes into or out of the maker's box, a repayment comes into
// it, a write-off goes to the branch's income or loss. The new entry
// points at the item; never more than is open is resolved. A B and then
// an A approve it, neither the maker nor anyone the item concerns.
func (s *Service) ResolveSuspense(ctx context.Context, sess *Session, in Resolution) (ledger.Entry, error) {
	if sess == nil {
		return ledger.Entry{}, ErrNoSession
	}
	in.Reason, in.Responsible = strings.TrimSpace(in.Reason), strings.TrimSpace(in.Responsible)
	var out ledger.Entry
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		st, err := standing(tx, sess)
		if err != nil {
			return err
		}
		b, maker := st.Branch, sess.user.ID
		item, err := suspenseItem(tx, b, in.Item)
		if err != nil {
			return err
		}
		kind, err := ledger.ResolutionKind(item.Entry.Kind, in.Way)
		if err != nil {
			return err
		}
		if item.Vault() {
			switch {
			case !slices.Contains(item.Ways(), in.Way):
				return ErrVaultSuspenseWay
			case kind.MovesCash() && maker == item.Entry.Teller:
				return ErrVaultSuspenseKeeper
			}
		}
		if err := ledger.CheckResolution(in.Amount, item.Open); err != nil {
			return err
		}
		if in.Way == ledger.WayWrittenOff {
			if err := item.WriteOffAllowed(); err != nil {
				return err
			}
		}
		if in.Reason == "" {
			return ledger.ErrResolutionReason
		}
		if kind != ledger.ShortageRepaid {
			in.Responsible = ""
		} else if in.Responsible == "" {
			return ledger.ErrResponsibleNeeded
		} else if u, err := tx.User(in.Responsible); err != nil || u.Branch != b.ID {
			return msg.Errorf("%w：%s", ErrResponsibleUnknown, in.Responsible)
		}
		if kind.MovesCash() {
			if err := st.Certificate.CashAllowed(b.BusinessDate); err != nil {
				return err
			}
		}
		if kind == ledger.OverageReturned {
			// Cash promised in a pending hand-over is not the box's to pay.
			out := MoveRequest{From: cash.Party{Kind: cash.TellerBox, ID: maker}, Amount: in.Amount}
			if err := boxCovers(tx, b.ID, out, 0); err != nil {
				return err
			}
		}
		sb, sa, ok := signers(in.SignB, in.ApproveA)
		if !ok {
			return ErrSuspenseApprovals
		}
		subject := fmt.Sprintf("%s 挂账 #%d（%s %s，未处理 %s）金额 %s 经办 %s 说明：%s",
			kind.Title(), item.Entry.ID, item.Entry.Kind.Title(), item.Entry.Amount, item.Open, in.Amount, sess.user.Label(), in.Reason)
		if in.Responsible != "" {
			subject += " 赔偿人 " + label(tx, in.Responsible)
		}
		for _, c := range []Credential{sb, sa} {
			if c.UserID == "" {
				continue // a B refusing: no A
			}
			if c.UserID == item.Entry.Teller || (in.Responsible != "" && c.UserID == in.Responsible) {
				// No password has been checked yet: the refusal is the
				// maker's, naming who was offered.
				refusal = ErrSuspenseInvolved
				return s.appendAudit(tx, maker, audit.AuthReject, subject+"｜"+c.UserID+"："+ErrSuspenseInvolved.Error())
			}
		}
		bApproval, aApproval, r, err := s.signOffBA(tx, signing{maker: maker, branch: b.ID, subject: subject},
			sb, sa, "suspense_resolve_refused", "挂账未处理")
		if err != nil || r != nil {
			refusal = r
			return err
		}
		legs, err := ledger.ResolutionLegs(kind, in.Amount, b.ID, maker)
		if err != nil {
			return err
		}
		pv, err := tx.PolicyAt(b.BusinessDate)
		if err != nil {
			return err
		}
		whose := "柜员 " + item.Entry.Teller
		if item.Vault() {
			whose = "总库，管库员 " + item.Entry.Teller
		}
		e := ledger.Entry{
			Branch: b.ID, BusinessDate: b.BusinessDate, Teller: maker, Kind: kind, Amount: in.Amount,
			Account: ledger.SuspenseAccountNo(b.ID), Counterparty: other(legs, ledger.SuspenseAccountNo(b.ID)), PolicyVersion: pv.Version,
			Memo:   fmt.Sprintf("处理挂账 #%d（%s，%s，%s）", item.Entry.ID, item.Entry.Kind.Title(), whose, item.Entry.BusinessDate),
			Reason: in.Reason, Settles: item.Entry.ID, Responsible: in.Responsible, PostedAt: s.clock.Now(), Legs: legs,
		}
		if err := s.writeEntry(tx, &e, []Approval{bApproval, aApproval}, subject, "suspense_resolve"); err != nil {
			return err
		}
		out = e
		return nil
	})
	if err != nil {
		return ledger.Entry{}, err
	}
	if refusal != nil {
		return ledger.Entry{}, refusal
	}
	return out, nil
}

// other is the account of legs that is not susp.
func other(legs []ledger.Leg, susp string) string {
	for _, l := range legs {
		if l.Account != susp {
			return l.Account
		}
	}
	return ""
}

// RecordDecision keeps the upper level's decision on a suspense item of
// branch, as config version brings it to terminal: only on the item it
// was made on (the same terminal, kind, amount and business date), and
// only after the decision it has if it may follow it (an approval after
// a refusal). The same
// decision again changes nothing; one the branch cannot take is not
// recorded and note says why, for the bundle's audit line.
func RecordDecision(tx Tx, branch, terminal string, version int64, at time.Time, d ledger.Decision) (note string, err error) {
	if err := d.Validate(); err != nil {
		return "", err
	}
	e, err := tx.Entry(d.Item)
	switch {
	case errors.Is(err, ErrNotFound):
		return fmt.Sprintf("挂账 #%d 的上级批复：本网点无此挂账", d.Item), nil
	case err != nil:
		return "", err
	case d.Terminal != terminal:
		return fmt.Sprintf("挂账 #%d 的上级批复：为终端 %s 的挂账，非本终端", d.Item, d.Terminal), nil
	case e.Branch != branch || !e.Kind.IsSuspense() || !d.Fits(e):
		return fmt.Sprintf("挂账 #%d 的上级批复：与本网点该笔记录不符（批复为 %s %s %s，本网点为 %s %s %s）",
			d.Item, d.Kind.Title(), d.Amount, d.BusinessDate, e.Kind.Title(), e.Amount, e.BusinessDate), nil
	}
	had, err := tx.SuspenseDecision(d.Item)
	switch {
	case err != nil:
		return "", err
	case had != nil && had.Same(d):
		return "", nil
	}
	if err := d.Follows(had); err != nil {
		return fmt.Sprintf("挂账 #%d 的上级批复：%s（本网点已记有：%s）", d.Item, err, had.Message()), nil
	}
	return "", tx.InsertSuspenseDecision(d, version, at)
}
