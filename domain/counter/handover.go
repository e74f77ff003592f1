package counter

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"branchdesk/domain/cash"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/voucher"
)

// Hand-overs between PCs (第九条、第十条, issue #10): the vault keeper at one
// PC hands counted cash to a teller at another (or takes it back into the
// vault), and the voucher keeper hands blank vouchers. Nothing is posted
// until the teller confirms with their password at their own terminal: while
// pending, the cash is in neither box and the vouchers stay in the keeper's
// stock, but what is promised cannot be promised again. A refused or
// cancelled hand-over leaves nothing; a confirmed one posts exactly once.

// HandOverKind is what a hand-over moves.
type HandOverKind string

// The kinds of hand-over.
const (
	HandOverCash     HandOverKind = "cash"
	HandOverVouchers HandOverKind = "vouchers"
)

// HandOverState is where a hand-over stands; every state but pending is final.
type HandOverState string

// The states of a hand-over.
const (
	HandOverPending   HandOverState = "pending"
	HandOverConfirmed HandOverState = "confirmed"
	HandOverRefused   HandOverState = "refused"
	HandOverCancelled HandOverState = "cancelled"
)

// Title is the state in Chinese.
func (s HandOverState) Title() string {
	switch s {
	case HandOverPending:
		return "待确认"
	case HandOverConfirmed:
		return "已确认"
	case HandOverRefused:
		return "已拒绝"
	case HandOverCancelled:
		return "已撤销"
	}
	return string(s)
}

// HandOver is cash or blank vouchers a keeper offers a teller at another
// terminal, until the teller confirms or refuses it or the keeper cancels.
type HandOver struct {
	ID           int64
	Branch       string
	BusinessDate string // the day it was offered
	Kind         HandOverKind
	Keeper       string // who offered it
	Teller       string // who must confirm it
	Terminal     string // where the keeper offered it

	From, To cash.Party // cash: the vault and the teller's box, either way
	Count    cash.Count
	Amount   money.Amount

	Vouchers voucher.Range // vouchers: the range issued

	State    HandOverState
	Reason   string // why it was refused or cancelled
	ClosedBy string
	EntryID  int64 // the journal entry a confirmed cash hand-over posted
	At       time.Time
	ClosedAt time.Time
}

// ToVault tells whether a cash hand-over takes cash from the teller's box
// back into the vault.
func (h HandOver) ToVault() bool { return h.To.Kind == cash.Vault }

// Errors of hand-overs.
var (
	ErrHandOverNotFound = errors.New("交接不存在")
	ErrHandOverClosed   = errors.New("该交接已办结，不能再确认、拒绝或撤销")
	ErrHandOverTeller   = errors.New("只能由接收交接的柜员本人在自己的终端确认或拒绝")
	ErrHandOverKeeper   = errors.New("只能由发起交接的保管人撤销")
	ErrHandOverReason   = errors.New("拒绝交接须填写原因")
	ErrHandOverParties  = errors.New("交接只办理总库与柜员钱箱之间的现金")
	ErrHandOverPending  = errors.New("还有待确认的现金或凭证交接：请先确认、拒绝或撤销")
)

const (
	auditHandOverOffer   = "handover_offer"
	auditHandOverConfirm = "handover_confirm"
	auditHandOverRefuse  = "handover_refuse"
	auditHandOverCancel  = "handover_cancel"
)

// promised is what pending hand-overs have promised: the vault's notes and
// coins, each box's cash going to the vault, the vault's cash going to
// each box, and voucher ranges.
type promised struct {
	vault    cash.Count
	boxes    map[string]money.Amount
	toBoxes  map[string]money.Amount
	vouchers []voucher.Range
}

// pendingOf adds up a branch's pending hand-overs, all but skip.
func pendingOf(tx Tx, branch string, skip int64) (promised, error) {
	p := promised{vault: cash.Count{}, boxes: map[string]money.Amount{}, toBoxes: map[string]money.Amount{}}
	hs, err := tx.HandOvers(branch, HandOverPending)
	if err != nil {
		return p, err
	}
	for _, h := range hs {
		if h.ID == skip {
			continue
		}
		switch {
		case h.Kind == HandOverVouchers:
			p.vouchers = append(p.vouchers, h.Vouchers)
		case h.From.Kind == cash.Vault:
			if p.vault, err = p.vault.Add(h.Count); err != nil {
				return p, err
			}
			p.toBoxes[h.To.ID] += h.Amount
		case h.From.Kind == cash.TellerBox:
			p.boxes[h.From.ID] += h.Amount
		}
	}
	return p, nil
}

// unpromised takes the ranges pending hand-overs (but skip) promised out
// of the keeper's stock.
func unpromised(tx Tx, branch string, st voucher.Stock, skip int64) (voucher.Stock, error) {
	p, err := pendingOf(tx, branch, skip)
	if err != nil {
		return st, err
	}
	for _, o := range p.vouchers {
		var left []voucher.Range
		for _, r := range st.Ranges {
			left = append(left, r.Minus(o)...)
		}
		st.Ranges = left
	}
	return st, nil
}

// pendingGate keeps a teller or keeper from the formal sign-out while a
// hand-over to or from them is pending.
func pendingGate(tx Tx, teller, _ string) error {
	u, err := tx.User(teller)
	if err != nil {
		return err
	}
	hs, err := tx.HandOvers(u.Branch, HandOverPending)
	if err != nil {
		return err
	}
	for _, h := range hs {
		if h.Teller == teller || h.Keeper == teller {
			return msg.Errorf("%w（#%d）", ErrHandOverPending, h.ID)
		}
	}
	return nil
}

// receiver checks the teller a keeper hands something to.
func receiver(tx Tx, b Branch, keeper, teller string, self error) (string, error) {
	if teller == keeper {
		return "", self
	}
	u, err := tx.User(teller)
	if err != nil {
		return "", msg.Errorf("%w：柜员 %s", err, teller)
	}
	if u.Branch != b.ID {
		return "", ErrOtherBranch
	}
	return u.Label(), nil
}

// describe is a hand-over in words, for the audit trail.
func describe(tx Tx, h HandOver) string {
	if h.Kind == HandOverVouchers {
		t, err := voucherType(tx, h.Vouchers.Type)
		if err != nil {
			return fmt.Sprintf("凭证 %s %d-%d", h.Vouchers.Type, h.Vouchers.From, h.Vouchers.To)
		}
		return fmt.Sprintf("凭证 %s %s（%d%s）", t.Name, t.FormatRange(h.Vouchers), h.Vouchers.Count(), t.Unit)
	}
	return fmt.Sprintf("现金 %s %s → %s %s 券别：%s", moveKind(h.From, h.To).Title(),
		partyAccount(h.From), partyAccount(h.To), h.Amount, describeCount(h.Count))
}

func (s *Service) offer(tx Tx, h *HandOver) error {
	if err := tx.InsertHandOver(h); err != nil {
		return err
	}
	return s.appendAudit(tx, h.Keeper, auditHandOverOffer,
		fmt.Sprintf("交接 #%d 待柜员 %s 确认：%s，终端 %s", h.ID, h.Teller, describe(tx, *h), h.Terminal))
}

// OfferCash is the vault keeper handing counted cash to a teller (or
// taking it back from their box into the vault), for the teller to confirm
// at their own terminal. The checks are the movement's: the keeper, the
// count against the amount, and the stock, less what other pending
// hand-overs have promised. Nothing is posted yet.
func (s *Service) OfferCash(ctx context.Context, sess *Session, m MoveRequest) (HandOver, error) {
	if sess == nil {
		return HandOver{}, ErrNoSession
	}
	teller, ok := tellerOf(m.From, m.To)
	if !ok || (m.From.Kind != cash.Vault && m.To.Kind != cash.Vault) {
		return HandOver{}, ErrHandOverParties
	}
	if err := m.check(); err != nil {
		return HandOver{}, err
	}
	var h HandOver
	err := s.store.Tx(ctx, func(tx Tx) error {
		b, err := vaultKeeperFor(tx, sess, m)
		if err != nil {
			return err
		}
		if _, err := receiver(tx, b, sess.user.ID, teller, ErrKeeperOwnBox); err != nil {
			return err
		}
		if err := vaultCovers(tx, b.ID, m, 0); err != nil {
			return err
		}
		if err := boxCovers(tx, b.ID, m, 0); err != nil {
			return err
		}
		if err := boxRoom(tx, b.ID, m, 0); err != nil {
			return err
		}
		h = HandOver{Branch: b.ID, BusinessDate: b.BusinessDate, Kind: HandOverCash, Keeper: sess.user.ID,
			Teller: teller, Terminal: s.terminal, From: m.From, To: m.To, Count: m.Count, Amount: m.Amount,
			State: HandOverPending, At: s.clock.Now()}
		return s.offer(tx, &h)
	})
	return h, err
}

// OfferVouchers is the voucher keeper handing a range of blank vouchers to
// a teller, for the teller to confirm at their own terminal (第十条).
func (s *Service) OfferVouchers(ctx context.Context, sess *Session, r voucher.Range, teller string) (HandOver, error) {
	if sess == nil {
		return HandOver{}, ErrNoSession
	}
	teller = strings.TrimSpace(teller)
	var h HandOver
	err := s.store.Tx(ctx, func(tx Tx) error {
		b, _, _, err := issuable(tx, sess, r, teller)
		if err != nil {
			return err
		}
		h = HandOver{Branch: b.ID, BusinessDate: b.BusinessDate, Kind: HandOverVouchers, Keeper: sess.user.ID,
			Teller: teller, Terminal: s.terminal, Vouchers: r, State: HandOverPending, At: s.clock.Now()}
		return s.offer(tx, &h)
	})
	return h, err
}

// PendingHandOvers lists the branch's pending hand-overs to or from the
// signed-in user, oldest first.
func (s *Service) PendingHandOvers(ctx context.Context, sess *Session) ([]HandOver, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	var out []HandOver
	err := s.store.View(ctx, func(tx Tx) error {
		hs, err := tx.HandOvers(sess.branch.ID, HandOverPending)
		for _, h := range hs {
			if h.Teller == sess.user.ID || h.Keeper == sess.user.ID {
				out = append(out, h)
			}
		}
		return err
	})
	return out, err
}

// pendingHandOver reads hand-over id of branch b, still pending.
func pendingHandOver(tx Tx, b Branch, id int64) (HandOver, error) {
	h, err := tx.HandOver(id)
	if errors.Is(err, ErrNotFound) || (err == nil && h.Branch != b.ID) {
		return h, msg.Errorf("%w：#%d", ErrHandOverNotFound, id)
	}
	if err != nil {
		return h, err
	}
	if h.State != HandOverPending {
		return h, msg.Errorf("%w（#%d %s）", ErrHandOverClosed, id, h.State.Title())
	}
	return h, nil
}

// close makes a pending hand-over final and audits it.
func (s *Service) close(tx Tx, h *HandOver, state HandOverState, by, reason, action, what string) error {
	h.State, h.ClosedBy, h.Reason, h.ClosedAt = state, by, reason, s.clock.Now()
	if err := tx.CloseHandOver(*h); err != nil {
		return err
	}
	detail := fmt.Sprintf("交接 #%d %s：%s，终端 %s", h.ID, what, describe(tx, *h), s.terminal)
	if reason != "" {
		detail += "，原因：" + reason
	}
	return s.appendAudit(tx, by, action, detail)
}

// ConfirmHandOver is the teller taking a hand-over at their own terminal
// with their password: the cash movement posts, as the keeper's, or the
// vouchers are issued, re-checking the stock, all in one transaction. A
// hand-over confirmed already is refused, so it posts once.
func (s *Service) ConfirmHandOver(ctx context.Context, sess *Session, id int64, password string) (HandOver, error) {
	if sess == nil {
		return HandOver{}, ErrNoSession
	}
	var h HandOver
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		b, err := openDay(tx, sess)
		if err != nil {
			return err
		}
		if h, err = pendingHandOver(tx, b, id); err != nil {
			return err
		}
		if h.Teller != sess.user.ID {
			return ErrHandOverTeller
		}
		u := sess.user
		if refusal, err = s.authenticate(tx, &u, password, "交接确认密码错误"); err != nil || refusal != nil {
			return err
		}
		switch h.Kind {
		case HandOverCash:
			m := MoveRequest{From: h.From, To: h.To, Count: h.Count, Amount: h.Amount}
			if err := vaultCovers(tx, b.ID, m, h.ID); err != nil {
				return err
			}
			if err := boxCovers(tx, b.ID, m, h.ID); err != nil {
				return err
			}
			if err := boxRoom(tx, b.ID, m, h.ID); err != nil {
				return err
			}
			mv := CashMove{Branch: b.ID, BusinessDate: b.BusinessDate, Kind: moveKind(h.From, h.To), From: h.From, To: h.To,
				Keeper: h.Keeper, Teller: h.Teller, Count: h.Count, Amount: h.Amount, At: s.clock.Now()}
			subject := fmt.Sprintf("%s %s → %s %s 管库员 %s 柜员确认 %s（交接 #%d，终端 %s）", mv.Kind.Title(),
				partyAccount(h.From), partyAccount(h.To), h.Amount, h.Keeper, h.Teller, h.ID, s.terminal)
			if err := s.postMove(tx, &mv, nil, subject); err != nil {
				return err
			}
			h.EntryID = mv.EntryID
		case HandOverVouchers:
			if err := s.issueHandedOver(tx, b, h); err != nil {
				return err
			}
		}
		return s.close(tx, &h, HandOverConfirmed, sess.user.ID, "", auditHandOverConfirm, "柜员确认")
	})
	if err != nil {
		return HandOver{}, err
	}
	if refusal != nil {
		return HandOver{}, refusal
	}
	return h, nil
}

// issueHandedOver issues a confirmed voucher hand-over from the keeper's
// stock, which must still hold the range.
func (s *Service) issueHandedOver(tx Tx, b Branch, h HandOver) error {
	keeper, err := tx.User(h.Keeper)
	if err != nil {
		return err
	}
	t, err := voucherType(tx, h.Vouchers.Type)
	if err != nil {
		return err
	}
	st, err := stock(tx, b.ID, t, Session{user: keeper, branch: b})
	if err != nil {
		return err
	}
	if st, err = unpromised(tx, b.ID, st, h.ID); err != nil {
		return err
	}
	if err := voucher.CheckIssue(st, h.Vouchers, h.Teller); err != nil {
		return err
	}
	e := voucher.Event{Type: t.Code, State: voucher.Issued, Teller: h.Teller, By: h.Keeper, At: s.clock.Now()}
	return s.voucherEvents(tx, b, h.Vouchers, e, h.Keeper, fmt.Sprintf("发放给柜员 %s（交接 #%d 本人确认）", h.Teller, h.ID), t)
}

// RefuseHandOver is the teller turning a hand-over down, with a reason:
// nothing moves.
func (s *Service) RefuseHandOver(ctx context.Context, sess *Session, id int64, reason string) error {
	if sess == nil {
		return ErrNoSession
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return ErrHandOverReason
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		if err := atTerminal(tx, sess); err != nil {
			return err
		}
		h, err := pendingHandOver(tx, b, id)
		if err != nil {
			return err
		}
		if h.Teller != sess.user.ID {
			return ErrHandOverTeller
		}
		return s.close(tx, &h, HandOverRefused, sess.user.ID, reason, auditHandOverRefuse, "柜员拒绝")
	})
}

// CancelHandOver is the keeper withdrawing a pending hand-over: nothing
// moves.
func (s *Service) CancelHandOver(ctx context.Context, sess *Session, id int64, reason string) error {
	if sess == nil {
		return ErrNoSession
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		h, err := pendingHandOver(tx, b, id)
		if err != nil {
			return err
		}
		if h.Keeper != sess.user.ID {
			return ErrHandOverKeeper
		}
		return s.close(tx, &h, HandOverCancelled, sess.user.ID, strings.TrimSpace(reason), auditHandOverCancel, "保管人撤销")
	})
}
