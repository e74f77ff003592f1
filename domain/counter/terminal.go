package counter

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"branchdesk/domain/audit"
	"branchdesk/domain/authz"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// One terminal at a time (issue #10): a teller is signed in at one counter
// PC, from the sign-in until the formal sign-out. A temporary sign-out keeps
// the terminal, since the teller's box and vouchers stay there. Several PCs
// share the branch database, so the terminal is recorded there, per teller
// and not per day: a sign-in left from an earlier day still holds it.

// Errors of the terminal a teller is signed in at.
var (
	ErrSignedInElsewhere = errors.New("柜员已在另一终端签到")
	ErrNoTerminal        = errors.New("本终端没有编号，不能签到（启动时用 --terminal 指定）")
	ErrNotSignedInAny    = errors.New("该柜员未在任何终端签到，无须释放")
	ErrReleaseSelf       = errors.New("不能释放本人的签到：请在签到的终端签退")
	ErrReleaseReason     = errors.New("释放终端须填写原因")
)

// SignedInElsewhereError refuses a sign-in while the teller is signed in
// at another terminal, and names it. errors.Is(err, ErrSignedInElsewhere)
// holds for it.
type SignedInElsewhereError struct {
	Teller   string
	Terminal string
}

// Error names the terminal and the two ways out.
func (e *SignedInElsewhereError) Error() string { return e.Message().String() }

// Message is the refusal with the teller and the terminal.
func (e *SignedInElsewhereError) Message() msg.Text {
	return msg.Sprintf("柜员 %s 已在终端 %s 签到，请先在该终端签退，或请A级主管释放", e.Teller, e.Terminal)
}

// Unwrap returns ErrSignedInElsewhere.
func (e *SignedInElsewhereError) Unwrap() error { return ErrSignedInElsewhere }

// Terminal is the counter PC this service runs on.
func (s *Service) Terminal() string { return s.terminal }

// signedInHere tells whether teller is signed in at terminal, refusing
// with SignedInElsewhereError when they are signed in at another one.
func signedInHere(tx Tx, teller, terminal string) (bool, error) {
	h, err := tx.TerminalSignIn(teller)
	switch {
	case errors.Is(err, ErrNotFound):
		return false, nil
	case err != nil:
		return false, err
	case h.Terminal != terminal:
		return false, &SignedInElsewhereError{Teller: teller, Terminal: h.Terminal}
	}
	return true, nil
}

// signedInAt checks a teller signed in at at (or nowhere, "") against
// the terminal here, as atTerminal does.
func signedInAt(teller, at, here string) error {
	switch {
	case at == "":
		return ErrNotSignedIn
	case at != here:
		return &SignedInElsewhereError{Teller: teller, Terminal: at}
	}
	return nil
}

// atTerminal checks that the session's teller is signed in at the
// session's terminal, for what only a signed-in teller does there.
func atTerminal(tx Tx, sess *Session) error {
	here, err := signedInHere(tx, sess.user.ID, sess.terminal)
	if err == nil && !here {
		return ErrNotSignedIn
	}
	return err
}

// claimTerminal records that teller is signed in at this terminal; it is
// refused while they are signed in at another.
func (s *Service) claimTerminal(tx Tx, teller string) error {
	if s.terminal == "" {
		return ErrNoTerminal
	}
	here, err := signedInHere(tx, teller, s.terminal)
	if err != nil || here {
		return err
	}
	return tx.PutTerminalSignIn(TerminalSignIn{Teller: teller, Terminal: s.terminal, Since: s.clock.Now()})
}

// arrive is the terminal side of a login: refused while the teller is
// signed in at another terminal; a day open or paused with no terminal
// (its PC released by an A) carries on here.
func (s *Service) arrive(tx Tx, teller, date string) error {
	if _, err := signedInHere(tx, teller, s.terminal); err != nil {
		return err
	}
	d, err := tx.Day(teller, date)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if d.State == DayOpen || d.State == DayPaused {
		return s.claimTerminal(tx, teller)
	}
	return nil
}

// ReleaseTerminal frees a teller's sign-in at a terminal that cannot sign
// them out any more (a PC that crashed): an A of the teller's branch, not
// the teller, with their password and a reason. The teller's day stays as
// it was and goes on at the next terminal they log in at.
func (s *Service) ReleaseTerminal(ctx context.Context, by Credential, teller, reason string) error {
	teller, reason = strings.TrimSpace(teller), strings.TrimSpace(reason)
	if reason == "" {
		return ErrReleaseReason
	}
	if strings.TrimSpace(by.UserID) == teller {
		return ErrReleaseSelf
	}
	by.Approve = true
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		u, err := tx.User(teller)
		if err != nil {
			return msg.Errorf("%w：柜员 %s", err, teller)
		}
		h, err := tx.TerminalSignIn(teller)
		if errors.Is(err, ErrNotFound) {
			refusal = ErrNotSignedInAny
			return nil
		}
		if err != nil {
			return err
		}
		sg := signing{
			stage: authz.StageA, maker: teller, branch: u.Branch,
			subject: fmt.Sprintf("释放柜员 %s 在终端 %s 的签到", u.Label(), h.Terminal),
		}
		a, r, err := s.verify(tx, sg, by)
		if err != nil || r != nil {
			refusal = r
			return err
		}
		if err := tx.DeleteTerminalSignIn(teller); err != nil {
			return err
		}
		return s.appendAudit(tx, a.User.ID, audit.TerminalFree,
			fmt.Sprintf("释放柜员 %s 在终端 %s 的签到（自 %s），经办终端 %s，原因：%s",
				u.Label(), h.Terminal, h.Since.Local().Format("2006-01-02 15:04"), s.terminal, reason))
	})
	if err != nil {
		return err
	}
	return refusal
}

// TerminalSignIns lists where the branch's tellers are signed in; B and A
// may see it.
func (s *Service) TerminalSignIns(ctx context.Context, sess *Session) ([]TerminalSignIn, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	if sess.user.Level == staff.LevelC {
		return nil, ErrNotPermitted
	}
	var out []TerminalSignIn
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.TerminalSignIns(sess.branch.ID)
		return err
	})
	return out, err
}
