package finance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"branchdesk/domain/counter"
	"branchdesk/domain/msg"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/staff"
	"branchdesk/domain/target"
)

// QueueItem is a demand in the officer's queue with where its enterprise
// stands on the branch's list (名单制第十、十二条).
type QueueItem struct {
	Demand pipeline.DemandState
	Name   string // the enterprise, from the survey
	List   target.Admission
	// Approval is the A's approval of a 审慎进入类 demand; nil before.
	Approval *target.ListApproval
	// Proposed tells whether the enterprise, not on the list, has been
	// proposed for it.
	Proposed bool
}

// Held reports why the demand cannot move past collection yet, or nil.
func (q QueueItem) Held() error { return q.List.Proceed(q.Approval != nil) }

// Queue is the demands the user may see, listed enterprises first:
// 积极进入类, then 正常进入类, then the others, each by the time collected.
func (s *Service) Queue(ctx context.Context, sess *counter.Session) ([]QueueItem, error) {
	u, err := reader(sess)
	if err != nil {
		return nil, err
	}
	branch := sess.Branch().ID
	var out []QueueItem
	err = s.store.View(ctx, func(tx Tx) error {
		all, err := demands(tx, branch)
		if err != nil {
			return err
		}
		lk, err := lookup(tx, branch)
		if err != nil {
			return err
		}
		for _, d := range all {
			if !seesBranch(u) && d.Officer != u.ID {
				continue
			}
			out = append(out, lk.item(maskDemand(u, d)))
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b QueueItem) int {
		at, _ := a.Demand.Entered(pipeline.Collected)
		bt, _ := b.Demand.Entered(pipeline.Collected)
		switch {
		case target.Before(a.List, at, b.List, bt):
			return -1
		case target.Before(b.List, bt, a.List, at):
			return 1
		}
		return 0
	})
	return out, err
}

// listLookup holds what the queue and the checks read of the list.
type listLookup struct {
	list      []target.Target
	codes     map[string]string // survey id → credit code
	names     map[string]string // survey id → enterprise name
	approvals map[string]target.ListApproval
	proposals []target.Proposal
}

func lookup(tx Tx, branch string) (listLookup, error) {
	lk := listLookup{codes: map[string]string{}, names: map[string]string{}, approvals: map[string]target.ListApproval{}}
	var err error
	if lk.list, err = tx.Targets(branch); err != nil {
		return lk, err
	}
	rows, err := tx.Surveys(branch)
	if err != nil {
		return lk, err
	}
	for _, r := range rows {
		lk.codes[r.Record.ID], lk.names[r.Record.ID] = r.Record.Survey.CreditCode, r.Record.Survey.Name
	}
	aps, err := tx.ListApprovals(branch)
	if err != nil {
		return lk, err
	}
	for _, a := range aps {
		lk.approvals[a.Demand] = a
	}
	lk.proposals, err = tx.ListProposals(branch)
	return lk, err
}

func (lk listLookup) item(d pipeline.DemandState) QueueItem {
	q := QueueItem{Demand: d, Name: lk.names[d.Need.SurveyID], List: target.Admit(lk.list, lk.codes[d.Need.SurveyID])}
	if a, ok := lk.approvals[d.ID]; ok {
		q.Approval = &a
	}
	q.Proposed = slices.ContainsFunc(lk.proposals, func(p target.Proposal) bool { return p.Demand == d.ID })
	return q
}

// queued reads one demand of the branch with its standing.
func queued(tx Tx, branch, id string) (QueueItem, error) {
	events, err := tx.DemandEvents(branch, id)
	if err != nil {
		return QueueItem{}, err
	}
	if len(events) == 0 {
		return QueueItem{}, msg.Errorf("%w：%s", ErrNoSuchDemand, id)
	}
	d, err := pipeline.Replay(events)
	if err != nil {
		return QueueItem{}, err
	}
	lk, err := lookup(tx, branch)
	return lk.item(d), err
}

// ApproveDemand records an A's approval, with the reason, for a
// 审慎进入类 enterprise's demand to proceed; the approval is never changed.
func (s *Service) ApproveDemand(ctx context.Context, sess *counter.Session, demand, reason string) error {
	if sess == nil {
		return counter.ErrNoSession
	}
	u := sess.User()
	return s.store.Tx(ctx, func(tx Tx) error {
		q, err := queued(tx, sess.Branch().ID, demand)
		if err != nil {
			return err
		}
		ap := target.ListApproval{Demand: demand, Approver: u.ID, Officer: q.Demand.Officer, Reason: strings.TrimSpace(reason), At: s.now()}
		if err := target.CheckApproval(q.List, u, ap, q.Approval != nil); err != nil {
			return err
		}
		if err := tx.InsertListApproval(sess.Branch().ID, ap); err != nil {
			return err
		}
		return s.audit(tx, u.ID, auditTarget, fmt.Sprintf("名单审批：需求 %s（%s，%s）同意继续办理，理由：%s",
			demand, q.List.Target.Name, q.List.Title(), ap.Reason))
	})
}

// ProposeForList records the officer's proposal that the enterprise of a
// demand, not on the list, be put on it; the A sees it in Proposals and
// head office in the up bundle.
func (s *Service) ProposeForList(ctx context.Context, sess *counter.Session, demand, reason string) error {
	u, err := officer(sess)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		q, err := queued(tx, sess.Branch().ID, demand)
		if err != nil {
			return err
		}
		if q.Demand.Officer != u.ID && u.Level != staff.LevelA {
			return ErrNotYourDemand
		}
		vs, err := tx.SurveyVersions(q.Demand.Need.SurveyID)
		if err != nil || len(vs) == 0 {
			return errors.Join(err, ErrNoSuchSurvey)
		}
		sv := vs[len(vs)-1].Survey
		p := target.Proposal{Demand: demand, CreditCode: sv.CreditCode, Name: sv.Name, Officer: u.ID, Reason: strings.TrimSpace(reason), At: s.now()}
		earlier, err := tx.ListProposals(sess.Branch().ID)
		if err != nil {
			return err
		}
		if err := target.CheckProposal(q.List, p, earlier); err != nil {
			return err
		}
		if err := tx.InsertListProposal(sess.Branch().ID, p); err != nil {
			return err
		}
		return s.audit(tx, u.ID, auditTarget, fmt.Sprintf("提请纳入名单：%s %s（需求 %s），理由：%s", p.Name, p.CreditCode, demand, p.Reason))
	})
}

// Proposals lists the branch's proposals: an A (and a B who is no
// officer) all of them, an officer their own.
func (s *Service) Proposals(ctx context.Context, sess *counter.Session) ([]target.Proposal, error) {
	u, err := reader(sess)
	if err != nil {
		return nil, err
	}
	var out []target.Proposal
	err = s.store.View(ctx, func(tx Tx) error {
		all, err := tx.ListProposals(sess.Branch().ID)
		for _, p := range all {
			if seesBranch(u) || p.Officer == u.ID {
				out = append(out, p)
			}
		}
		return err
	})
	return out, err
}
