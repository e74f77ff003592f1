// Package counter is the teller's counter: sign-in, the business day,
// posting with authorization, reversals and user administration. It holds
// the bank's rules and talks to storage only through Store.
package counter

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/domain/staff"
)

// Clock tells the time; tests control it.
type Clock interface{ Now() time.Time }

// SystemClock is the wall clock.
type SystemClock struct{}

// Now is time.Now.
func (SystemClock) Now() time.Time { return time.Now() }

// SignOutGate is a condition for the formal sign-out (第十三条: the day's
// business finished and the cash box balanced). The cash module adds one.
type SignOutGate func(tx Tx, teller, date string) error

// Service is the counter's rules over a store.
type Service struct {
	store    Store
	clock    Clock
	keys     Keys
	terminal string
	gates    []SignOutGate
	payKey   PaymentKey    // the 编押 key, see SetPayments
	payOut   PaymentOutbox // where 发送 writes its batches
}

// New makes a counter service for the terminal it runs on (e.g. 0101-T02,
// or bdctl@host): a teller is signed in at one terminal at a time.
func New(store Store, clock Clock, terminal string) *Service {
	if clock == nil {
		clock = SystemClock{}
	}
	return &Service{store: store, clock: clock, keys: RandomKeys{}, terminal: strings.TrimSpace(terminal), gates: []SignOutGate{balancedGate, pendingGate, sealedGate}}
}

// AddSignOutGate adds a condition that must hold before a formal sign-out.
func (s *Service) AddSignOutGate(g SignOutGate) { s.gates = append(s.gates, g) }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.clock.Now() }

// Session is a signed-in user at this terminal. Only Login makes one.
type Session struct {
	user     staff.User
	branch   Branch
	terminal string
}

// User is the signed-in person, as of sign-in.
func (s *Session) User() staff.User { return s.user }

// Branch is the branch, as of sign-in.
func (s *Session) Branch() Branch { return s.branch }

// Errors of sessions and permissions.
var (
	ErrNoSession       = errors.New("请先登录")
	ErrMustChange      = errors.New("首次登录或密码已重置，请先修改密码")
	ErrNotPermitted    = errors.New("无此操作权限")
	ErrNeedLevelA      = errors.New("此操作须由A级柜员（业务主管）办理")
	ErrWrongUnlockUser = errors.New("只能由锁屏前的同一柜员解锁")
)

// appendAudit adds one sealed row to the trail inside tx.
func (s *Service) appendAudit(tx Tx, actor, action, detail string) error {
	return AppendAudit(tx, s.clock.Now(), actor, action, detail)
}

// AppendAudit seals one row onto the end of the trail inside tx; other
// services of the terminal write their trail through it.
func AppendAudit(tx Tx, at time.Time, actor, action, detail string) error {
	id, hash, err := tx.AuditHead()
	if err != nil {
		return fmt.Errorf("counter: unable to read audit head: %w", err)
	}
	r := audit.Row{ID: id + 1, At: at.UTC(), Actor: actor, Action: action, Detail: detail, Prev: hash}
	r.Hash = audit.Seal(r)
	if err := tx.InsertAudit(r); err != nil {
		return fmt.Errorf("counter: unable to append audit: %w", err)
	}
	return nil
}

// checkPassword verifies a password and keeps the failure count: five
// wrong in a row lock the account. It reports the rule broken, or nil.
func (s *Service) checkPassword(tx Tx, u *staff.User, pw, context string) (lockedNow bool, ok bool, err error) {
	good, err := staff.CheckPassword(u.Hash, pw)
	if err != nil {
		return false, false, fmt.Errorf("counter: %w", err)
	}
	if good {
		if u.Failures != 0 {
			u.Succeeded()
			if err := tx.UpdateUser(*u); err != nil {
				return false, false, err
			}
		}
		return false, true, nil
	}
	lockedNow = u.Failed()
	if err := tx.UpdateUser(*u); err != nil {
		return false, false, err
	}
	if err := s.appendAudit(tx, u.ID, audit.LoginFailed, context+" 连续失败 "+strconv.Itoa(u.Failures)+" 次"); err != nil {
		return false, false, err
	}
	if lockedNow {
		if err := s.appendAudit(tx, u.ID, audit.Locked, "连续 "+strconv.Itoa(staff.MaxFailures)+" 次密码错误"); err != nil {
			return false, false, err
		}
	}
	return lockedNow, false, nil
}

// authenticate checks u's password, keeping the failure count; it
// returns the refusal the user sees, or nil.
func (s *Service) authenticate(tx Tx, u *staff.User, pw, context string) (refusal, err error) {
	lockedNow, ok, err := s.checkPassword(tx, u, pw, context)
	switch {
	case err != nil:
		return nil, err
	case ok:
		return nil, nil
	case lockedNow:
		return staff.ErrLocked, nil
	}
	return staff.ErrWrongPassword, nil
}

// Login checks a user's password at this terminal. A user whose password
// must be changed gets ErrMustChange with no session: ChangePassword first.
func (s *Service) Login(ctx context.Context, id, pw string) (*Session, error) {
	var sess *Session
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		u, err := tx.User(id)
		if errors.Is(err, ErrNotFound) {
			refusal = staff.ErrUnknownUser
			return s.appendAudit(tx, id, audit.LoginFailed, "柜员号不存在")
		}
		if err != nil {
			return err
		}
		if err := u.Usable(); err != nil {
			refusal = err
			return s.appendAudit(tx, id, audit.LoginFailed, err.Error())
		}
		if refusal, err = s.authenticate(tx, &u, pw, "登录密码错误"); err != nil || refusal != nil {
			return err
		}
		b, err := tx.Branch(u.Branch)
		if err != nil {
			return fmt.Errorf("counter: unable to load branch %s: %w", u.Branch, err)
		}
		if err := s.arrive(tx, id, b.BusinessDate); err != nil {
			if !errors.Is(err, ErrSignedInElsewhere) {
				return err
			}
			refusal = err
			return s.appendAudit(tx, id, audit.LoginFailed, err.Error()+"（本终端 "+s.terminal+"）")
		}
		if u.MustChange {
			refusal = ErrMustChange
			return nil
		}
		sess = &Session{user: u, branch: b, terminal: s.terminal}
		return s.appendAudit(tx, id, audit.Login, "登录成功 终端 "+s.terminal)
	})
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, refusal
	}
	return sess, nil
}

// ChangePassword sets a new password after checking the old one; it
// clears the must-change flag.
func (s *Service) ChangePassword(ctx context.Context, id, old, pw string) error {
	if err := staff.CheckNewPassword(old, pw); err != nil {
		return err
	}
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		u, err := tx.User(id)
		if errors.Is(err, ErrNotFound) {
			refusal = staff.ErrUnknownUser
			return nil
		}
		if err != nil {
			return err
		}
		if err := u.Usable(); err != nil {
			refusal = err
			return nil
		}
		if refusal, err = s.authenticate(tx, &u, old, "改密时原密码错误"); err != nil || refusal != nil {
			return err
		}
		h, err := staff.HashPassword(pw)
		if err != nil {
			return err
		}
		u.Hash, u.MustChange = h, false
		if err := tx.UpdateUser(u); err != nil {
			return err
		}
		return s.appendAudit(tx, id, audit.PasswordChange, "修改密码")
	})
	if err != nil {
		return err
	}
	return refusal
}

// Unlock reopens a terminal locked for idleness or a temporary sign-out:
// only the same user's password does it, and wrong ones count to the lock.
func (s *Service) Unlock(ctx context.Context, sess *Session, id, pw string) error {
	if sess == nil {
		return ErrNoSession
	}
	if id != sess.user.ID {
		return ErrWrongUnlockUser
	}
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		u, err := tx.User(id)
		if err != nil {
			return err
		}
		if err := u.Usable(); err != nil {
			refusal = err
			return nil
		}
		if refusal, err = s.authenticate(tx, &u, pw, "解锁密码错误"); err != nil || refusal != nil {
			return err
		}
		sess.user = u
		return s.appendAudit(tx, id, audit.Resume, "解除锁屏")
	})
	if err != nil {
		return err
	}
	return refusal
}

// IdleLock records that the terminal locked itself after idle time.
func (s *Service) IdleLock(ctx context.Context, sess *Session) error {
	if sess == nil {
		return ErrNoSession
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		return s.appendAudit(tx, sess.user.ID, audit.IdleLock, "空闲超时锁屏")
	})
}

// Lock records that the teller locked the terminal by hand (F12); it
// opens again as after idle time, with the same teller's password.
func (s *Service) Lock(ctx context.Context, sess *Session) error {
	if sess == nil {
		return ErrNoSession
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		return s.appendAudit(tx, sess.user.ID, audit.IdleLock, "柜员锁屏")
	})
}

// Logout records that the user left the terminal.
func (s *Service) Logout(ctx context.Context, sess *Session) error {
	if sess == nil {
		return ErrNoSession
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		return s.appendAudit(tx, sess.user.ID, audit.Logout, "退出登录")
	})
}
