package finance

import (
	"context"
	"errors"
	"fmt"
	"strings"
	stdsync "sync"

	"branchdesk/domain/counter"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
	"branchdesk/domain/survey"
)

// ErrNoSuchForm refuses a survey on a form version this terminal has not
// received.
var ErrNoSuchForm = errors.New("本终端没有该版本的调查表单，请先导入总行配置包")

// formCache keeps the form versions read so far: a version, once issued,
// never changes, so the Validator can look one up without the store.
type formCache struct {
	mu stdsync.Mutex
	by map[int]survey.Definition
}

func (c *formCache) get(version int) (survey.Definition, bool) {
	if version <= 1 {
		return survey.V1(), true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.by[version]
	return d, ok
}

func (c *formCache) put(ds []survey.Definition) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil {
		c.by = map[int]survey.Definition{}
	}
	for _, d := range ds {
		c.by[d.Version] = d
	}
}

// formsIn reads the forms head office sent down, and returns the newest
// (V1 before any).
func (s *Service) formsIn(tx Tx) (survey.Definition, error) {
	ds, err := tx.FormDefinitions()
	if err != nil {
		return survey.Definition{}, err
	}
	s.forms.put(ds)
	newest := survey.V1()
	for _, d := range ds {
		if d.Version > newest.Version {
			newest = d
		}
	}
	return newest, nil
}

// formIn is form version of a survey, read in tx if need be.
func (s *Service) formIn(tx Tx, version int) (survey.Definition, error) {
	if d, ok := s.forms.get(version); ok {
		return d, nil
	}
	if _, err := s.formsIn(tx); err != nil {
		return survey.Definition{}, err
	}
	if d, ok := s.forms.get(version); ok {
		return d, nil
	}
	return survey.Definition{}, msg.Errorf("%w（第%d版）", ErrNoSuchForm, version)
}

// Form is the definition of form version (0 and 1 are V1), which the
// survey screen, its checks and its PDF follow.
func (s *Service) Form(ctx context.Context, version int) (survey.Definition, error) {
	var d survey.Definition
	err := s.store.View(ctx, func(tx Tx) (err error) {
		d, err = s.formIn(tx, version)
		return err
	})
	return d, err
}

// CurrentForm is the newest form head office has sent down, the one new
// surveys are started on; V1 before any.
func (s *Service) CurrentForm(ctx context.Context) (survey.Definition, error) {
	var d survey.Definition
	err := s.store.View(ctx, func(tx Tx) (err error) {
		d, err = s.formsIn(tx)
		return err
	})
	return d, err
}

// UpgradeSurvey moves the officer's draft to the newest form, carrying
// over what still fits; it returns the draft and the labels of the answers
// that were dropped, which the audit trail names too.
func (s *Service) UpgradeSurvey(ctx context.Context, sess *counter.Session, id string) (survey.Record, []string, error) {
	u, err := officer(sess)
	if err != nil {
		return survey.Record{}, nil, err
	}
	var out survey.Record
	var dropped []string
	err = s.store.Tx(ctx, func(tx Tx) error {
		cur, err := latest(tx, id)
		if err != nil {
			return err
		}
		if cur.Status == survey.Draft && cur.CreatedBy != u.ID {
			return ErrNotYourDraft
		}
		to, err := s.formsIn(tx)
		if err != nil {
			return err
		}
		from, err := s.formIn(tx, cur.Survey.FormVersion)
		if err != nil {
			return err
		}
		if out, dropped, err = survey.Upgrade(cur, from, to); err != nil {
			return err
		}
		if err := tx.UpdateDraft(out); err != nil {
			return err
		}
		detail := fmt.Sprintf("调查表 %s 第 %d 版由第%d版表单升级到第%d版", id, out.Version, from.Version, to.Version)
		if len(dropped) > 0 {
			detail += "，未带入：" + strings.Join(dropped, "、")
		}
		return s.audit(tx, u.ID, auditSurvey, detail)
	})
	return out, dropped, err
}

// maskIn is Mask for u, the answers r's form adds included (read in tx):
// amounts banded for whoever may not see the figures, ID and mobile
// numbers masked for whoever does not own the survey. Extra answers on a
// form this terminal lacks are not shown to such a viewer at all.
func (s *Service) maskIn(tx Tx, u staff.User, r survey.Record) survey.Record {
	out := Mask(u, r)
	band, hide := !SeesFigures(u, r.Survey.OfficerID, r.CreatedBy), !owns(u, r)
	if len(r.Survey.Extra) == 0 || !band && !hide {
		return out
	}
	form, err := s.formIn(tx, r.Survey.FormVersion)
	if err != nil {
		out.Survey.Extra = nil
		return out
	}
	out.Survey = survey.MaskExtra(out.Survey, form, band, hide)
	return out
}
