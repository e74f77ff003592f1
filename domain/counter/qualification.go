package counter

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"branchdesk/domain/audit"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// SetQualification records a teller's 第五条 record (training, time at the
// counter, the anti-counterfeit certificate) as a new version; an A of the
// branch or the command line does it, and the trail says what changed.
func (s *Service) SetQualification(ctx context.Context, by Admin, q staff.Qualification) error {
	q.User = strings.TrimSpace(q.User)
	q.CertNo = strings.TrimSpace(q.CertNo)
	if err := q.Validate(); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		u, err := tx.User(q.User)
		if err != nil {
			return msg.Errorf("%w：柜员 %s", err, q.User)
		}
		if err := by.mayTouch(tx, u.Branch); err != nil {
			return err
		}
		// As with accounts: an A at a terminal records a clerk's; a B's or
		// an A's, their own included, is recorded with bdctl.
		if err := by.mayManage(u.Level); err != nil {
			return err
		}
		if err := tx.AddQualification(q, by.actor, s.clock.Now()); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s：第五条资格 培训考试 %s，上柜 %s，反假币证书 %s 有效期至 %s",
			u.Label(), orNone(q.TrainedOn), orNone(q.CounterSince), orNone(q.CertNo), orNone(q.CertExpires))
		return s.appendAudit(tx, by.actor, audit.UserChange, detail)
	})
}

func orNone(s string) string {
	if s == "" {
		return "未登记"
	}
	return s
}

// Qualification is a user's record in force; a user with none has a
// record with only User set.
func (s *Service) Qualification(ctx context.Context, sess *Session, user string) (staff.Qualification, error) {
	if sess == nil {
		return staff.Qualification{}, ErrNoSession
	}
	var q staff.Qualification
	err := s.store.View(ctx, func(tx Tx) (err error) {
		q, err = qualificationOf(tx, user)
		return err
	})
	return q, err
}

// Qualifications are the records in force of the branch's users, for B
// and A, keyed by user id.
func (s *Service) Qualifications(ctx context.Context, sess *Session) (map[string]staff.Qualification, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	if sess.user.Level == staff.LevelC {
		return nil, ErrNotPermitted
	}
	out := map[string]staff.Qualification{}
	err := s.store.View(ctx, func(tx Tx) error {
		qs, err := tx.Qualifications(sess.branch.ID)
		for _, q := range qs {
			out[q.User] = q
		}
		return err
	})
	return out, err
}

// qualificationOf is a user's record in force, empty if none.
func qualificationOf(tx Tx, user string) (staff.Qualification, error) {
	q, err := tx.Qualification(user)
	if errors.Is(err, ErrNotFound) {
		return staff.Qualification{User: user}, nil
	}
	return q, err
}

// CertificateLine is a teller whose certificate the A must see to: missing,
// expired or expiring within staff.CertificateWarningDays.
type CertificateLine struct {
	User          staff.User
	Qualification staff.Qualification
	Text          msg.Text // staff.Qualification.Title on the business date, its figures apart for a screen
}

// Note is the line's Text in Chinese.
func (l CertificateLine) Note() string { return l.Text.String() }

// ExpiringCertificates lists, for a B or A, the branch's active tellers
// whose anti-counterfeit certificate is missing, expired or ends within
// 30 days of the business date: missing first, then soonest.
func (s *Service) ExpiringCertificates(ctx context.Context, sess *Session) ([]CertificateLine, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	if sess.user.Level == staff.LevelC {
		return nil, ErrNotPermitted
	}
	var out []CertificateLine
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = certificatesDue(tx, sess.branch.ID)
		return err
	})
	return out, err
}

// CertificatesDue is ExpiringCertificates for the command line.
func (s *Service) CertificatesDue(ctx context.Context, by Admin, branch string) ([]CertificateLine, error) {
	var out []CertificateLine
	err := s.store.View(ctx, func(tx Tx) (err error) {
		if err := by.mayTouch(tx, branch); err != nil {
			return err
		}
		out, err = certificatesDue(tx, branch)
		return err
	})
	return out, err
}

func certificatesDue(tx Tx, branch string) ([]CertificateLine, error) {
	b, err := tx.Branch(branch)
	if err != nil {
		return nil, err
	}
	qs, err := tx.Qualifications(b.ID)
	if err != nil {
		return nil, err
	}
	var out []CertificateLine
	for _, q := range qs {
		if !q.Expiring(b.BusinessDate) {
			continue
		}
		u, err := tx.User(q.User)
		if err != nil {
			return nil, err
		}
		if u.Active {
			m := q.Message(b.BusinessDate)
			out = append(out, CertificateLine{User: u, Qualification: q, Text: m})
		}
	}
	slices.SortStableFunc(out, func(x, y CertificateLine) int {
		return cmp.Compare(expiryKey(x), expiryKey(y))
	})
	return out, nil
}

func expiryKey(l CertificateLine) string {
	if l.Qualification.CertNo == "" {
		return ""
	}
	return l.Qualification.CertExpires
}
