package counter

import (
	"context"
	"errors"
	"fmt"

	"branchdesk/domain/audit"
	"branchdesk/domain/authz"
)

// Errors of the business day.
var (
	ErrNeedReSignInApproval = errors.New("今日已正式签退，重新签到须A级柜员（业务主管）授权")
	ErrPaused               = errors.New("临时签退中：请输入本人密码恢复签到")
	ErrNotSignedIn          = errors.New("尚未签到")
	ErrNotPaused            = errors.New("当前不是临时签退状态")
)

// Day tells where the signed-in user's business day stands.
func (s *Service) Day(ctx context.Context, sess *Session) (TellerDay, error) {
	if sess == nil {
		return TellerDay{}, ErrNoSession
	}
	var d TellerDay
	err := s.store.View(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		sess.branch = b
		d, err = tx.Day(sess.user.ID, b.BusinessDate)
		if errors.Is(err, ErrNotFound) {
			d, err = TellerDay{Teller: sess.user.ID, BusinessDate: b.BusinessDate, Branch: b.ID}, nil
		}
		return err
	})
	return d, err
}

// DayOf is where another teller of the branch stands today, so that a
// keeper learns before keying a movement that its teller cannot confirm
// it. A teller with no day yet is ErrNotSignedIn.
func (s *Service) DayOf(ctx context.Context, sess *Session, teller string) (DayState, error) {
	if sess == nil {
		return "", ErrNoSession
	}
	var st DayState
	err := s.store.View(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		d, err := tx.Day(teller, b.BusinessDate)
		if errors.Is(err, ErrNotFound) {
			return ErrNotSignedIn
		}
		st = d.State
		return err
	})
	return st, err
}

// SignIn opens the teller's business day (签到). After a formal sign-out
// the same day, it needs an A's approval at this terminal (第十三条); pass
// nil to learn whether it does.
func (s *Service) SignIn(ctx context.Context, sess *Session, approval *Credential) error {
	if sess == nil {
		return ErrNoSession
	}
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		sess.branch = b
		d, err := tx.Day(sess.user.ID, b.BusinessDate)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		// Signed in at another terminal: refused whatever the day's state.
		if _, err := signedInHere(tx, sess.user.ID, s.terminal); err != nil {
			return err
		}
		switch {
		case errors.Is(err, ErrNotFound):
			// Next-morning 事后监督: yesterday's journals before today's business.
			if err := supervisedGate(tx, b); err != nil {
				var pending *SupervisionPendingError
				if !errors.As(err, &pending) {
					return err
				}
				refusal = err
				return s.appendAudit(tx, sess.user.ID, "sign_in_refused", err.Error())
			}
			// 第五条: only a trained teller with a year at the counter
			// works alone.
			q, err := tx.Qualification(sess.user.ID)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
			if err := q.AloneAllowed(b.BusinessDate); err != nil {
				// Refused, and the trail says who tried where.
				refusal = err
				return s.appendAudit(tx, sess.user.ID, "sign_in_refused", "签到被拒 终端 "+s.terminal+"："+err.Error())
			}
			d = TellerDay{Teller: sess.user.ID, BusinessDate: b.BusinessDate, Branch: b.ID, State: DayOpen, SignIns: 1}
			if err := s.claimTerminal(tx, sess.user.ID); err != nil {
				return err
			}
			if err := tx.PutDay(d); err != nil {
				return err
			}
			return s.appendAudit(tx, sess.user.ID, audit.SignIn, "签到 营业日 "+b.BusinessDate+" 终端 "+s.terminal)
		case d.State == DayOpen:
			// Already open: signing in again is harmless, and carries the
			// day here if an A released its terminal.
			return s.claimTerminal(tx, sess.user.ID)
		case d.State == DayPaused:
			refusal = ErrPaused
			return nil
		}
		// Closed by a formal sign-out: only an A may reopen it.
		if approval == nil {
			refusal = ErrNeedReSignInApproval
			return nil
		}
		sg := signing{
			stage: authz.StageA, maker: sess.user.ID, branch: b.ID,
			subject: fmt.Sprintf("柜员 %s 正式签退后重新签到 营业日 %s", sess.user.Label(), b.BusinessDate),
		}
		a, r, err := s.verify(tx, sg, *approval)
		if err != nil || r != nil {
			refusal = r
			return err
		}
		d.State, d.SignIns = DayOpen, d.SignIns+1
		if err := s.claimTerminal(tx, sess.user.ID); err != nil {
			return err
		}
		if err := tx.PutDay(d); err != nil {
			return err
		}
		return s.appendAudit(tx, sess.user.ID, audit.ReSignIn,
			fmt.Sprintf("重新签到（第 %d 次）营业日 %s 终端 %s，A级授权 %s", d.SignIns, b.BusinessDate, s.terminal, a.User.Label()))
	})
	if err != nil {
		return err
	}
	return refusal
}

func (s *Service) setDay(ctx context.Context, sess *Session, from, to DayState, action, detail string, gates bool) error {
	if sess == nil {
		return ErrNoSession
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		d, err := tx.Day(sess.user.ID, b.BusinessDate)
		if errors.Is(err, ErrNotFound) || (err == nil && d.State != from) {
			if from == DayPaused {
				return ErrNotPaused
			}
			return ErrNotSignedIn
		}
		if err != nil {
			return err
		}
		if err := atTerminal(tx, sess); err != nil {
			return err
		}
		if gates {
			for _, g := range s.gates {
				if err := g(tx, sess.user.ID, b.BusinessDate); err != nil {
					return err
				}
			}
		}
		d.State = to
		if err := tx.PutDay(d); err != nil {
			return err
		}
		if to == DayClosed {
			// The formal sign-out frees the terminal; a temporary one keeps it.
			if err := tx.DeleteTerminalSignIn(sess.user.ID); err != nil {
				return err
			}
		}
		return s.appendAudit(tx, sess.user.ID, action, detail+" 营业日 "+b.BusinessDate+" 终端 "+s.terminal)
	})
}

// PauseDay is the temporary sign-out (临时签退): the terminal locks until
// the same teller comes back with their password.
func (s *Service) PauseDay(ctx context.Context, sess *Session) error {
	return s.setDay(ctx, sess, DayOpen, DayPaused, audit.TempSignOut, "临时签退", false)
}

// ResumeDay ends a temporary sign-out: only the same teller, with their
// password, resumes it.
func (s *Service) ResumeDay(ctx context.Context, sess *Session, id, pw string) error {
	if sess == nil {
		return ErrNoSession
	}
	if id != sess.user.ID {
		return ErrWrongUnlockUser
	}
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		d, err := tx.Day(id, b.BusinessDate)
		if errors.Is(err, ErrNotFound) || (err == nil && d.State != DayPaused) {
			return ErrNotPaused
		}
		if err != nil {
			return err
		}
		u, err := tx.User(id)
		if err != nil {
			return err
		}
		if err := u.Usable(); err != nil {
			refusal = err
			return nil
		}
		if refusal, err = s.authenticate(tx, &u, pw, "临时签退恢复密码错误"); err != nil || refusal != nil {
			return err
		}
		if err := s.claimTerminal(tx, id); err != nil {
			if errors.Is(err, ErrSignedInElsewhere) {
				refusal = err
				return nil
			}
			return err
		}
		sess.user = u
		d.State = DayOpen
		if err := tx.PutDay(d); err != nil {
			return err
		}
		return s.appendAudit(tx, id, audit.Resume, "临时签退后重新签到 营业日 "+b.BusinessDate+" 终端 "+s.terminal)
	})
	if err != nil {
		return err
	}
	return refusal
}

// SignOut is the formal sign-out (正式签退) that closes the teller's day.
// Every sign-out gate must pass: the cash module adds the balanced box.
func (s *Service) SignOut(ctx context.Context, sess *Session) error {
	return s.setDay(ctx, sess, DayOpen, DayClosed, audit.SignOut, "正式签退", true)
}
