package counter

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"branchdesk/domain/msg"
	"branchdesk/domain/seal"
	"branchdesk/domain/staff"
)

// Seals, name stamps and authority cards (第十二条): an A registers each
// with its first keeper; the keeper hands it to another with both
// passwords, and checks it every business day with a B or an A
// confirming. Who may keep what is seal.CheckKeeper's.

// SealTx is the storage of the seal register; its rows are append-only.
type SealTx interface {
	// InsertSeal registers an item; it.ID is set.
	InsertSeal(it *seal.Item) error
	// Seals lists a branch's items, each with its keeper now and the
	// date of its latest check.
	Seals(branch string) ([]seal.Item, error)
	// InsertSealMove records a hand-over of an item; m.ID is set.
	InsertSealMove(m *seal.Move) error
	// SealMoves lists an item's keepers, its registration first.
	SealMoves(id int64) ([]seal.Move, error)
	// InsertSealCheck records an item's daily check; c.ID is set.
	InsertSealCheck(c *seal.Check) error
}

// Errors of the seal register.
var (
	ErrSealNotFound  = errors.New("印章登记不存在")
	ErrSealExists    = errors.New("同种类同编号的印章已经登记")
	ErrSealNotKeeper = errors.New("只有该印章的现保管人可以交出或核对它")
)

const (
	auditSealRegister = "seal_register"
	auditSealMove     = "seal_handover"
	auditSealCheck    = "seal_check"
)

// sealOf reads item id of branch.
func sealOf(tx Tx, branch string, id int64) (seal.Item, error) {
	items, err := tx.Seals(branch)
	if err != nil {
		return seal.Item{}, err
	}
	for _, it := range items {
		if it.ID == id {
			return it, nil
		}
	}
	return seal.Item{}, msg.Errorf("%w：#%d", ErrSealNotFound, id)
}

// keptBy reads item id of the session's branch, which the signed-in user
// must keep.
func keptBy(tx Tx, sess *Session, id int64) (Branch, seal.Item, error) {
	b, err := tx.Branch(sess.branch.ID)
	if err != nil {
		return b, seal.Item{}, err
	}
	it, err := sealOf(tx, b.ID, id)
	if err == nil && it.Keeper != sess.user.ID {
		err = msg.Errorf("%w（%s 现由 %s 保管）", ErrSealNotKeeper, it.Title(), it.Keeper)
	}
	return b, it, err
}

// mayKeep reads user id and checks that they may keep it.
func mayKeep(tx Tx, it seal.Item, id string) (staff.User, error) {
	u, err := tx.User(id)
	if errors.Is(err, ErrNotFound) {
		return u, msg.Errorf("%w：柜员 %s", err, id)
	}
	if err != nil {
		return u, err
	}
	vk, err := isKeeper(tx, SettingVoucherKeeper, u)
	if err != nil {
		return u, err
	}
	return u, seal.CheckKeeper(it, u, vk)
}

// RegisterSeal is an A (or bdctl) entering an item in the register with
// its first keeper, who must be allowed to keep it.
func (s *Service) RegisterSeal(ctx context.Context, by Admin, it seal.Item, keeper string) (seal.Item, error) {
	it.No, it.Owner, keeper = strings.TrimSpace(it.No), strings.TrimSpace(it.Owner), strings.TrimSpace(keeper)
	if it.Kind != seal.Card {
		it.Level = ""
	}
	if it.Kind != seal.Name {
		it.Owner = ""
	}
	if err := it.Validate(); err != nil {
		return it, err
	}
	err := s.store.Tx(ctx, func(tx Tx) error {
		if err := by.mayTouch(tx, it.Branch); err != nil {
			return err
		}
		b, err := tx.Branch(it.Branch)
		if err != nil {
			return msg.Errorf("%w：网点 %s", err, it.Branch)
		}
		items, err := tx.Seals(b.ID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(items, func(o seal.Item) bool { return o.Kind == it.Kind && o.No == it.No }) {
			return msg.Errorf("%w：%s", ErrSealExists, it.Title())
		}
		if it.Kind == seal.Name {
			if _, err := mayKeep(tx, seal.Item{Branch: b.ID, Kind: seal.CashPaid}, it.Owner); err != nil {
				return msg.Errorf("名章的本人：%w", err)
			}
		}
		u, err := mayKeep(tx, it, keeper)
		if err != nil {
			return err
		}
		it.RegisteredBy, it.At = by.actor, s.clock.Now()
		if err := tx.InsertSeal(&it); err != nil {
			return err
		}
		m := seal.Move{Seal: it.ID, BusinessDate: b.BusinessDate, To: u.ID, At: it.At}
		if err := tx.InsertSealMove(&m); err != nil {
			return err
		}
		it.Keeper = u.ID
		return s.appendAudit(tx, by.actor, auditSealRegister, fmt.Sprintf("印章登记 #%d %s，保管人 %s", it.ID, it.Title(), u.Label()))
	})
	return it, err
}

// Seals lists the branch's register: each item with its keeper now and
// its latest check, by kind then as registered.
func (s *Service) Seals(ctx context.Context, sess *Session) ([]seal.Item, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	var out []seal.Item
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Seals(sess.branch.ID)
		return err
	})
	slices.SortStableFunc(out, func(x, y seal.Item) int {
		return slices.Index(seal.Kinds(), x.Kind) - slices.Index(seal.Kinds(), y.Kind)
	})
	return out, err
}

// SealMoves lists an item's keepers, its registration first.
func (s *Service) SealMoves(ctx context.Context, sess *Session, id int64) ([]seal.Move, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	var out []seal.Move
	err := s.store.View(ctx, func(tx Tx) error {
		if _, err := sealOf(tx, sess.branch.ID, id); err != nil {
			return err
		}
		var err error
		out, err = tx.SealMoves(id)
		return err
	})
	return out, err
}

// passSeal records it passing from one keeper to another who may keep
// it, both having signed; leave is the 第十三条 hand-over it is part of.
func (s *Service) passSeal(tx Tx, b Branch, it seal.Item, from, to staff.User, leave int64) error {
	if from.ID == to.ID {
		return seal.ErrSameKeeper
	}
	m := seal.Move{Seal: it.ID, BusinessDate: b.BusinessDate, From: from.ID, To: to.ID, Leave: leave, At: s.clock.Now()}
	if err := tx.InsertSealMove(&m); err != nil {
		return err
	}
	detail := fmt.Sprintf("印章交接 #%d %s：%s → %s，双方密码确认，终端 %s", it.ID, it.Title(), from.Label(), to.Label(), s.terminal)
	if leave != 0 {
		detail += fmt.Sprintf("（离岗交接 #%d）", leave)
	}
	return s.appendAudit(tx, from.ID, auditSealMove, detail)
}

// SealHandOver is what a keeper hands over and to whom, with both
// passwords keyed at this terminal.
type SealHandOver struct {
	Seal       int64
	Password   string // the keeper's own
	To         string
	ToPassword string
}

// HandOverSeal is the keeper handing an item to another keeper, both
// signing with their passwords. A receiver who may not keep it is refused
// before any password is checked.
func (s *Service) HandOverSeal(ctx context.Context, sess *Session, h SealHandOver) (seal.Item, error) {
	if sess == nil {
		return seal.Item{}, ErrNoSession
	}
	h.To = strings.TrimSpace(h.To)
	var it seal.Item
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		b, kept, err := keptBy(tx, sess, h.Seal)
		if err != nil {
			return err
		}
		it = kept
		if h.To == sess.user.ID {
			return seal.ErrSameKeeper
		}
		to, err := mayKeep(tx, it, h.To)
		if err != nil {
			return err
		}
		from, err := tx.User(sess.user.ID)
		if err != nil {
			return err
		}
		if err := from.Usable(); err != nil {
			return err
		}
		if refusal, err = s.authenticate(tx, &from, h.Password, "印章交接交出人密码错误"); err != nil || refusal != nil {
			refusal = sealRefusal("交出人", refusal)
			return err
		}
		if err := to.Usable(); err != nil {
			return msg.Errorf("接收人 %s：%w", to.Label(), err)
		}
		if refusal, err = s.authenticate(tx, &to, h.ToPassword, "印章交接接收人密码错误"); err != nil || refusal != nil {
			refusal = sealRefusal("接收人", refusal)
			return err
		}
		if err := s.passSeal(tx, b, it, from, to, 0); err != nil {
			return err
		}
		it.Keeper = to.ID
		return nil
	})
	if err == nil && refusal != nil {
		err = refusal
	}
	return it, err
}

// sealRefusal says whose password was refused.
func sealRefusal(who string, refusal error) error {
	if refusal == nil {
		return nil
	}
	return msg.Errorf("%s：%w", who, refusal)
}

// CheckSeal is the keeper's daily check of an item (每日核对), confirmed
// by a B or an A who is not the keeper, with their password; once per
// item per business day.
func (s *Service) CheckSeal(ctx context.Context, sess *Session, id int64, by Credential) (seal.Check, error) {
	if sess == nil {
		return seal.Check{}, ErrNoSession
	}
	by.UserID = strings.TrimSpace(by.UserID)
	var c seal.Check
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		b, it, err := keptBy(tx, sess, id)
		if err != nil {
			return err
		}
		if it.LastCheck == b.BusinessDate {
			return msg.Errorf("%w：%s %s", seal.ErrChecked, it.Title(), b.BusinessDate)
		}
		u, err := tx.User(by.UserID)
		if errors.Is(err, ErrNotFound) {
			return msg.Errorf("%w：柜员 %s", err, by.UserID)
		}
		if err != nil {
			return err
		}
		if err := seal.CheckConfirmer(it, u); err != nil {
			return err
		}
		if err := u.Usable(); err != nil {
			return msg.Errorf("确认人 %s：%w", u.Label(), err)
		}
		if refusal, err = s.authenticate(tx, &u, by.Password, "印章核对确认密码错误"); err != nil || refusal != nil {
			refusal = sealRefusal("确认人", refusal)
			return err
		}
		c = seal.Check{Seal: it.ID, BusinessDate: b.BusinessDate, Keeper: it.Keeper, ConfirmedBy: u.ID, At: s.clock.Now()}
		if err := tx.InsertSealCheck(&c); err != nil {
			return err
		}
		return s.appendAudit(tx, sess.user.ID, auditSealCheck, fmt.Sprintf("印章每日核对 #%d %s 营业日 %s：保管人 %s，%s 确认",
			it.ID, it.Title(), b.BusinessDate, sess.user.Label(), u.Label()))
	})
	if err == nil && refusal != nil {
		return seal.Check{}, refusal
	}
	return c, err
}

// SealsUnchecked lists the items not yet checked on the business date,
// for the branch close checklist.
func (s *Service) SealsUnchecked(ctx context.Context, sess *Session) ([]seal.Item, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	var out []seal.Item
	err := s.store.View(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		items, err := tx.Seals(b.ID)
		for _, it := range items {
			if it.LastCheck != b.BusinessDate {
				out = append(out, it)
			}
		}
		return err
	})
	return out, err
}
