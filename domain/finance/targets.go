package finance

import (
	"context"
	"fmt"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
	"branchdesk/domain/target"
)

const auditTarget = "target"

// ImportTargets lists enterprises (all or nothing), dated the business
// day (target.Target.Listed); an A keeps the list.
func (s *Service) ImportTargets(ctx context.Context, sess *counter.Session, ts []target.Target) error {
	if sess == nil {
		return counter.ErrNoSession
	}
	if sess.User().Level != staff.LevelA {
		return counter.ErrNeedLevelA
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		for i, t := range ts {
			if t.ID == "" {
				t.ID = s.ids("T")
			}
			t.Listed = sess.Branch().BusinessDate
			if err := t.Validate(); err != nil {
				return msg.Errorf("第 %d 户 %s：%w", i+1, t.Name, err)
			}
			if _, err := tx.User(t.Officer); err != nil {
				return msg.Errorf("第 %d 户 %s：责任人 %s：%w", i+1, t.Name, t.Officer, err)
			}
			if err := tx.PutTarget(sess.Branch().ID, t); err != nil {
				return err
			}
		}
		return s.audit(tx, sess.User().ID, auditTarget, fmt.Sprintf("导入名单 %d 户", len(ts)))
	})
}

// Targets is the list as the user may see it: an A (and a B who is no
// officer) the branch's, an officer the customers they answer for; the
// contacts masked for whoever does not own a row (MaskTarget).
func (s *Service) Targets(ctx context.Context, sess *counter.Session) ([]target.Target, error) {
	u, err := reader(sess)
	if err != nil {
		return nil, err
	}
	var out []target.Target
	err = s.store.View(ctx, func(tx Tx) error {
		all, err := tx.Targets(sess.Branch().ID)
		for _, t := range all {
			if seesBranch(u) || t.Officer == u.ID {
				out = append(out, MaskTarget(u, t))
			}
		}
		return err
	})
	return out, err
}

// MaskTarget hides a listed customer's phone numbers from anyone but its
// officer and an A (seed §六).
func MaskTarget(u staff.User, t target.Target) target.Target {
	if OwnsTarget(u, t) {
		return t
	}
	t.Contact = enterprise.MaskContact(t.Contact)
	return t
}

// OwnsTarget reports whether u may see a listed customer in full: its
// officer, or an A.
func OwnsTarget(u staff.User, t target.Target) bool {
	return u.Level == staff.LevelA || t.Officer == u.ID
}

// Search finds listed enterprises by a fragment of the name or the
// credit code, masked for the viewer.
func (s *Service) Search(ctx context.Context, sess *counter.Session, q string, limit int) ([]target.Target, error) {
	if _, err := reader(sess); err != nil {
		return nil, err
	}
	var out []target.Target
	err := s.store.View(ctx, func(tx Tx) error {
		found, err := tx.SearchTargets(sess.Branch().ID, q, limit)
		for _, t := range found {
			out = append(out, MaskTarget(sess.User(), t))
		}
		return err
	})
	return out, err
}

// LogProgress records a day's marketing progress with a listed customer
// (日登); only marketed classes are logged.
func (s *Service) LogProgress(ctx context.Context, sess *counter.Session, targetID, text string) error {
	u, err := officer(sess)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		all, err := tx.Targets(sess.Branch().ID)
		if err != nil {
			return err
		}
		for _, t := range all {
			if t.ID != targetID {
				continue
			}
			now := s.now()
			l := target.Log{Target: t.ID, Date: sess.Branch().BusinessDate, Officer: u.ID, Text: text, At: now}
			if err := target.CheckLog(t, l); err != nil {
				return err
			}
			if err := tx.InsertTargetLog(l); err != nil {
				return err
			}
			return s.audit(tx, u.ID, auditTarget, fmt.Sprintf("日登 %s %s", t.ID, t.Name))
		}
		return msg.Errorf("名单中没有 %s", targetID)
	})
}

// WeekDue is what falls due this week (周清).
func (s *Service) WeekDue(ctx context.Context, sess *counter.Session, day time.Time) ([]target.Due, error) {
	ts, err := s.Targets(ctx, sess)
	if err != nil {
		return nil, err
	}
	var logs []target.Log
	err = s.store.View(ctx, func(tx Tx) (err error) {
		logs, err = tx.TargetLogs(sess.Branch().ID, "0000-01-01", "9999-12-31")
		return err
	})
	return target.WeekDue(ts, logs, day), err
}

// MonthSummary is the monthly statistics for head office (月结).
func (s *Service) MonthSummary(ctx context.Context, sess *counter.Session, month string) ([]target.Month, error) {
	ts, err := s.Targets(ctx, sess)
	if err != nil {
		return nil, err
	}
	var logs []target.Log
	err = s.store.View(ctx, func(tx Tx) (err error) {
		logs, err = tx.TargetLogs(sess.Branch().ID, month+"-01", month+"-31")
		return err
	})
	if err != nil {
		return nil, err
	}
	return target.Summarize(ts, logs, month)
}
