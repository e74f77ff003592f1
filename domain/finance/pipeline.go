package finance

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/msg"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/staff"
	"branchdesk/domain/survey"
	"branchdesk/domain/target"
)

// Errors of the catalogue's upkeep.
var (
	ErrProductRetired   = errors.New("该产品已停用，不能修改")
	ErrNoProduct        = errors.New("产品目录中没有该产品")
	ErrRetireReason     = errors.New("停用产品须填写原因")
	ErrProductNotActive = errors.New("该产品已停用")
)

// AddProduct puts a product in the catalogue, or saves a change to one with
// the same code that is still offered; an A keeps the catalogue. Either is
// audited with the figures as saved.
func (s *Service) AddProduct(ctx context.Context, sess *counter.Session, p pipeline.Product) error {
	if sess == nil {
		return counter.ErrNoSession
	}
	if sess.User().Level != staff.LevelA {
		return counter.ErrNeedLevelA
	}
	p.Retired, p.RetiredReason = false, ""
	if err := p.Validate(); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		old, found, err := product(tx, p.Code)
		if err != nil {
			return err
		}
		if found && old.Retired {
			return ErrProductRetired
		}
		if err := tx.PutProduct(p); err != nil {
			return err
		}
		what := "产品"
		if found {
			what = "修改产品"
		}
		return s.audit(tx, sess.User().ID, auditProduct, fmt.Sprintf("%s %s %s（%s）%s–%s 利率 %s%%", what, p.Code, p.Name, p.Institution, p.MinAmount, p.MaxAmount, p.Rate()))
	})
}

// RetireProduct withdraws a product from matching, with the reason; it
// stays in the catalogue, marked, so past matches still name it.
func (s *Service) RetireProduct(ctx context.Context, sess *counter.Session, code, reason string) error {
	if sess == nil {
		return counter.ErrNoSession
	}
	if sess.User().Level != staff.LevelA {
		return counter.ErrNeedLevelA
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return ErrRetireReason
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		p, found, err := product(tx, code)
		switch {
		case err != nil:
			return err
		case !found:
			return msg.Errorf("%w：%s", ErrNoProduct, code)
		case p.Retired:
			return ErrProductNotActive
		}
		p.Retired, p.RetiredReason = true, reason
		if err := tx.PutProduct(p); err != nil {
			return err
		}
		return s.audit(tx, sess.User().ID, auditProduct, fmt.Sprintf("停用产品 %s %s，原因：%s", p.Code, p.Name, reason))
	})
}

// product is the catalogue's row for code, if any.
func product(tx Tx, code string) (pipeline.Product, bool, error) {
	ps, err := tx.Products()
	if err != nil {
		return pipeline.Product{}, false, err
	}
	for _, p := range ps {
		if p.Code == code {
			return p, true, nil
		}
	}
	return pipeline.Product{}, false, nil
}

// Products is the catalogue.
func (s *Service) Products(ctx context.Context) ([]pipeline.Product, error) {
	var out []pipeline.Product
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Products()
		return err
	})
	return out, err
}

// Collect opens a demand from a final survey: the first stage of the
// pipeline. It returns the demand id.
func (s *Service) Collect(ctx context.Context, sess *counter.Session, surveyID string) (string, error) {
	u, err := officer(sess)
	if err != nil {
		return "", err
	}
	id := s.ids("D")
	err = s.store.Tx(ctx, func(tx Tx) error {
		r, err := latest(tx, surveyID)
		if err != nil {
			return err
		}
		if r.Status != survey.Final {
			return survey.ErrNotFinal
		}
		events, err := tx.DemandEvents(sess.Branch().ID, "")
		if err != nil {
			return err
		}
		for _, e := range events {
			if e.Need != nil && e.Need.SurveyID == r.ID {
				return msg.Errorf("%w（需求 %s）", ErrAlreadyCollected, e.DemandID)
			}
		}
		list, err := tx.Targets(sess.Branch().ID)
		if err != nil {
			return err
		}
		// 名单制第十二条: a 退出类 enterprise's application is not accepted.
		standing := target.Admit(list, r.Survey.CreditCode)
		if err := standing.Refusal(); err != nil {
			return err
		}
		need := pipeline.NeedOf(r.ID, r.Survey)
		e := pipeline.Event{DemandID: id, Stage: pipeline.Collected, At: s.now(), By: u.ID, Need: &need}
		if _, err := pipeline.Apply(pipeline.DemandState{}, e); err != nil {
			return err
		}
		if err := tx.InsertDemandEvent(sess.Branch().ID, e); err != nil {
			return err
		}
		return s.audit(tx, u.ID, auditPipeline, fmt.Sprintf("需求 %s 采集自调查表 %s（%s，拟融资 %s，名单：%s）", id, r.ID, r.Survey.Name, need.Amount, standing.Title()))
	})
	return id, err
}

// Advance records the next event of a demand — matched, a problem raised
// or solved, funded, declined, followed up — after the pipeline's rules
// accept it. Nothing earlier is changed.
func (s *Service) Advance(ctx context.Context, sess *counter.Session, e pipeline.Event) (pipeline.DemandState, error) {
	u, err := officer(sess)
	if err != nil {
		return pipeline.DemandState{}, err
	}
	e.At, e.By = s.now(), u.ID
	var st pipeline.DemandState
	err = s.store.Tx(ctx, func(tx Tx) error {
		events, err := tx.DemandEvents(sess.Branch().ID, e.DemandID)
		if err != nil {
			return err
		}
		cur, err := pipeline.Replay(events)
		if err != nil {
			return err
		}
		// Only its officer (or the A) handles a demand, and the state
		// returned shows its figures in full (confidential.go).
		if len(events) > 0 && !SeesFigures(u, cur.Officer) {
			return ErrNotYourDemand
		}
		if cur.Stage == pipeline.Collected {
			// 名单制: a 审慎进入类 demand waits for the A's approval, a
			// 退出类 one never goes on.
			q, err := queued(tx, sess.Branch().ID, e.DemandID)
			if err != nil {
				return err
			}
			if err := q.Held(); err != nil {
				return err
			}
		}
		if e.Stage == pipeline.Matched && e.Product != nil {
			// The catalogue's product as it stands, never a copy the caller
			// kept while it was retired or changed at another PC.
			p, found, err := product(tx, e.Product.Code)
			switch {
			case err != nil:
				return err
			case !found:
				return msg.Errorf("%w：%s", ErrNoProduct, e.Product.Code)
			case p.Retired:
				return msg.Errorf("%w：%s %s", ErrProductNotActive, p.Code, p.Name)
			}
			a, err := assess(tx, cur.Need)
			if err != nil {
				return err
			}
			if err := MatchRefused(a); err != nil {
				return err
			}
			e.Product = &p
		}
		if st, err = pipeline.Apply(cur, e); err != nil {
			return err
		}
		if err := tx.InsertDemandEvent(sess.Branch().ID, e); err != nil {
			return err
		}
		return s.audit(tx, u.ID, auditPipeline, fmt.Sprintf("需求 %s → %s", e.DemandID, e.Stage.Title()))
	})
	return st, err
}

// Demand replays one demand's history.
func (s *Service) Demand(ctx context.Context, sess *counter.Session, id string) (pipeline.DemandState, error) {
	if _, err := reader(sess); err != nil {
		return pipeline.DemandState{}, err
	}
	var st pipeline.DemandState
	err := s.store.View(ctx, func(tx Tx) error {
		events, err := tx.DemandEvents(sess.Branch().ID, id)
		if err != nil {
			return err
		}
		st, err = pipeline.Replay(events)
		st = maskDemand(sess.User(), st)
		return err
	})
	return st, err
}

// demands replays every demand of the branch.
func demands(tx Tx, branch string) ([]pipeline.DemandState, error) {
	events, err := tx.DemandEvents(branch, "")
	if err != nil {
		return nil, err
	}
	byID := map[string][]pipeline.Event{}
	var order []string
	for _, e := range events {
		if _, ok := byID[e.DemandID]; !ok {
			order = append(order, e.DemandID)
		}
		byID[e.DemandID] = append(byID[e.DemandID], e)
	}
	out := make([]pipeline.DemandState, 0, len(order))
	for _, id := range order {
		st, err := pipeline.Replay(byID[id])
		if err != nil {
			return nil, fmt.Errorf("finance: demand %s: %w", id, err)
		}
		out = append(out, st)
	}
	return out, nil
}

// Demands lists the branch's demands an officer answers for (an A, and
// a B who is no officer: all), in the queue's order (Queue).
func (s *Service) Demands(ctx context.Context, sess *counter.Session) ([]pipeline.DemandState, error) {
	q, err := s.Queue(ctx, sess)
	out := make([]pipeline.DemandState, len(q))
	for i, item := range q {
		out[i] = item.Demand
	}
	return out, err
}

// ReceiveComplaint enters a complaint in the register.
func (s *Service) ReceiveComplaint(ctx context.Context, sess *counter.Session, ch pipeline.Channel, content, aboutOfficer, aboutInstitution string) (pipeline.Complaint, error) {
	if sess == nil {
		return pipeline.Complaint{}, counter.ErrNoSession
	}
	c, err := pipeline.Receive(s.ids("C"), ch, content, s.now())
	if err != nil {
		return c, err
	}
	c.Officer, c.Institution = aboutOfficer, aboutInstitution
	return c, s.store.Tx(ctx, func(tx Tx) error {
		if err := tx.PutComplaint(sess.Branch().ID, c); err != nil {
			return err
		}
		return s.audit(tx, sess.User().ID, auditComplaint, fmt.Sprintf("受理投诉 %s（%s）", c.ID, ch.Title()))
	})
}

// AdvanceComplaint records the next step of a complaint, in order.
func (s *Service) AdvanceComplaint(ctx context.Context, sess *counter.Session, id string, step pipeline.Step, note string) (pipeline.Complaint, error) {
	if sess == nil {
		return pipeline.Complaint{}, counter.ErrNoSession
	}
	var out pipeline.Complaint
	err := s.store.Tx(ctx, func(tx Tx) error {
		all, err := tx.Complaints(sess.Branch().ID)
		if err != nil {
			return err
		}
		for _, c := range all {
			if c.ID != id {
				continue
			}
			if out, err = pipeline.Advance(c, step, s.now(), note); err != nil {
				return err
			}
			if err := tx.PutComplaint(sess.Branch().ID, out); err != nil {
				return err
			}
			return s.audit(tx, sess.User().ID, auditComplaint, fmt.Sprintf("投诉 %s：%s", id, step.Title()))
		}
		return msg.Errorf("投诉 %s 不存在", id)
	})
	return out, err
}

// ComplaintRow is a complaint as the register shows it.
type ComplaintRow struct {
	Complaint pipeline.Complaint
	Overdue   bool
}

// Complaints is the register, overdue ones marked.
func (s *Service) Complaints(ctx context.Context, sess *counter.Session) ([]ComplaintRow, error) {
	if sess == nil {
		return nil, counter.ErrNoSession
	}
	var out []ComplaintRow
	now := s.now()
	err := s.store.View(ctx, func(tx Tx) error {
		all, err := tx.Complaints(sess.Branch().ID)
		for _, c := range all {
			out = append(out, ComplaintRow{Complaint: c, Overdue: pipeline.Overdue(c, now, pipeline.DefaultLimit)})
		}
		return err
	})
	return out, err
}

// KPIRow is one officer's, or one institution's, KPIs over a period.
type KPIRow struct {
	Officer     string
	Name        string
	Institution string // set on an institution's row, with Officer ""
	KPI         pipeline.KPI
}

// InstitutionKPIs computes the KPIs over [from, to) for each institution
// whose products demands were matched with; an A (and a B who is no
// officer) sees them all, an officer only their own demands' share.
func (s *Service) InstitutionKPIs(ctx context.Context, sess *counter.Session, from, to time.Time) ([]KPIRow, error) {
	u, err := reader(sess)
	if err != nil {
		return nil, err
	}
	var out []KPIRow
	err = s.store.View(ctx, func(tx Tx) error {
		ds, err := demands(tx, sess.Branch().ID)
		if err != nil {
			return err
		}
		cs, err := tx.Complaints(sess.Branch().ID)
		if err != nil {
			return err
		}
		if !seesBranch(u) {
			ds = pipeline.Scope{Officer: u.ID}.Demands(ds)
			cs = pipeline.Scope{Officer: u.ID}.Complaints(cs)
		}
		seen := map[string]bool{}
		for _, d := range ds {
			inst := d.Institution()
			if inst == "" || seen[inst] {
				continue
			}
			seen[inst] = true
			sc := pipeline.Scope{Institution: inst}
			out = append(out, KPIRow{Institution: inst, Name: inst, KPI: pipeline.Compute(sc.Demands(ds), sc.Complaints(cs), 0, from, to)})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Institution < out[j].Institution })
		return nil
	})
	return out, err
}

// KPIs computes the seed §五 KPIs over [from, to) for the branch and for
// each officer with demands or surveys; managers (A, and a B who is no
// officer) see every officer and the branch's line in full, an officer
// their own line and, as in the quarterly evaluation (Quarter), the
// branch's as rates only (pipeline.KPI.PercentOnly, RULES §5 保密): its
// counts and amounts less the officer's own would be the others'.
func (s *Service) KPIs(ctx context.Context, sess *counter.Session, from, to time.Time) (branch pipeline.KPI, officers []KPIRow, err error) {
	u, err := reader(sess)
	if err != nil {
		return branch, nil, err
	}
	err = s.store.View(ctx, func(tx Tx) error {
		ds, err := demands(tx, sess.Branch().ID)
		if err != nil {
			return err
		}
		cs, err := tx.Complaints(sess.Branch().ID)
		if err != nil {
			return err
		}
		rows, err := tx.Surveys(sess.Branch().ID)
		if err != nil {
			return err
		}
		var firsts []survey.Record
		ids := map[string]bool{}
		for _, r := range rows {
			vs, err := tx.SurveyVersions(r.Record.ID)
			if err != nil {
				return err
			}
			firsts = append(firsts, vs...)
			ids[r.Record.Survey.OfficerID] = true
		}
		for _, d := range ds {
			ids[d.Officer] = true
		}
		branch = pipeline.Compute(ds, cs, survey.Filed(firsts, "", from, to), from, to)
		if !seesBranch(u) {
			branch = branch.PercentOnly()
		}
		for id := range ids {
			if id == "" || (!seesBranch(u) && id != u.ID) {
				continue
			}
			sc := pipeline.Scope{Officer: id}
			row := KPIRow{Officer: id, KPI: pipeline.Compute(sc.Demands(ds), sc.Complaints(cs), survey.Filed(firsts, id, from, to), from, to)}
			if who, err := tx.User(id); err == nil {
				row.Name = who.Name
			}
			officers = append(officers, row)
		}
		sort.Slice(officers, func(i, j int) bool { return officers[i].Officer < officers[j].Officer })
		return nil
	})
	return branch, officers, err
}
