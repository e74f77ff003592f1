// Package finance is the credit-financing officer's desk (信用融资服务官):
// financing-need surveys kept as versions, the pipeline from demand to
// funding and the follow-up visit, complaints, and the KPIs the seed
// appraises officers by. Confidential fields are masked for anyone who
// does not own the record, and every full view is in the audit trail.
package finance

import (
	"context"
	"errors"
	"fmt"
	"time"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/counter"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/msg"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/staff"
	"branchdesk/domain/support"
	"branchdesk/domain/survey"
	"branchdesk/domain/sync"
	"branchdesk/domain/target"
)

// SurveyRow is a survey's latest version as a list shows it.
type SurveyRow struct {
	Record survey.Record
	Branch string
}

// Tx is the storage of the officer's desk, in the same transaction as
// the counter's (the audit trail, users).
type Tx interface {
	counter.Tx
	InsertSurvey(branch string, r survey.Record) error
	// UpdateDraft rewrites a draft version; storage refuses a final one.
	UpdateDraft(r survey.Record) error
	SurveyVersions(id string) ([]survey.Record, error)
	// Surveys lists the latest version of each survey of a branch.
	Surveys(branch string) ([]SurveyRow, error)
	// SurveysByCode lists every version of surveys with a credit code.
	SurveysByCode(code string) ([]survey.Record, error)
	// FormDefinitions lists the survey forms head office sent down.
	FormDefinitions() ([]survey.Definition, error)

	PutProduct(p pipeline.Product) error
	Products() ([]pipeline.Product, error)
	InsertDemandEvent(branch string, e pipeline.Event) error
	DemandEvents(branch, demand string) ([]pipeline.Event, error)

	PutComplaint(branch string, c pipeline.Complaint) error
	Complaints(branch string) ([]pipeline.Complaint, error)

	// Rates is the base-rate table head office sent down (RULES §8);
	// empty before one arrives.
	Rates() ([]sync.Rate, error)

	PutTarget(branch string, t target.Target) error
	Targets(branch string) ([]target.Target, error)
	SearchTargets(branch, q string, limit int) ([]target.Target, error)
	InsertTargetLog(l target.Log) error
	TargetLogs(branch, from, to string) ([]target.Log, error)

	// InsertServiceVoucherEvent appends a row to the service-voucher
	// register; storage refuses a second issue to an enterprise in a
	// year, and a second settlement of a redemption.
	InsertServiceVoucherEvent(branch string, e support.RegisterEvent) error
	// ServiceVoucherEvents lists a branch's register, oldest first.
	ServiceVoucherEvents(branch string) ([]support.RegisterEvent, error)
	// The A's approvals and the officers' list proposals (名单制), both
	// append-only.
	InsertListApproval(branch string, a target.ListApproval) error
	ListApprovals(branch string) ([]target.ListApproval, error)
	InsertListProposal(branch string, p target.Proposal) error
	ListProposals(branch string) ([]target.Proposal, error)
	// QuarterWeights are the quarterly evaluation's weights in force at
	// before (appraisal.InForce); counter.ErrNotFound before any.
	QuarterWeights(before time.Time) (appraisal.Weights, error)
	// TargetListings is every version of every row of the branch's list,
	// in the order listed.
	TargetListings(branch string) ([]target.Target, error)
	AttachTx
}

// Store runs the desk's units of work.
type Store interface {
	Tx(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
}

// IDs makes new record ids; tests pass a counter.
type IDs func(prefix string) string

// Service is the officer's desk over a store.
type Service struct {
	store Store
	clock counter.Clock
	ids   IDs
	check *survey.Validator
	sizes enterprise.SizeTable
	forms formCache
}

// New makes the desk's service.
func New(store Store, clock counter.Clock, ids IDs) (*Service, error) {
	if clock == nil {
		clock = counter.SystemClock{}
	}
	s := &Service{store: store, clock: clock, ids: ids, sizes: enterprise.Default()}
	v, err := survey.NewValidator(survey.WithClock(clock.Now), survey.WithForms(s.forms.get))
	if err != nil {
		return nil, fmt.Errorf("finance: %w", err)
	}
	s.check = v
	return s, nil
}

// Validator checks survey fields as they are typed.
func (s *Service) Validator() *survey.Validator { return s.check }

// Size is the enterprise size the survey's figures give, or an error
// saying what is missing.
func (s *Service) Size(sv survey.Survey) (enterprise.Size, error) { return survey.Size(sv, s.sizes) }

// Errors of the desk.
var (
	ErrNotOfficer   = errors.New("此操作须由信用融资服务官或业务主管办理")
	ErrNotYourDraft = errors.New("只能修改本人的调查表草稿")
	// ErrNotYourSurvey refuses a correction of a survey by an officer who
	// neither made it nor is named on it (an A may correct any).
	ErrNotYourSurvey = errors.New("只能更正本人负责的调查表")
	ErrNoSuchSurvey  = errors.New("调查表不存在")
	// ErrAlreadyCollected refuses a second demand from one survey.
	ErrAlreadyCollected = errors.New("该调查表已转入需求跟踪")
)

// Audit actions of the desk.
const (
	auditSurvey    = "survey"
	auditView      = "survey_view"
	auditPipeline  = "pipeline"
	auditComplaint = "complaint"
	auditProduct   = "product"
)

func officer(sess *counter.Session) (staff.User, error) {
	if sess == nil {
		return staff.User{}, counter.ErrNoSession
	}
	u := sess.User()
	if !u.Officer && u.Level != staff.LevelA {
		return u, ErrNotOfficer
	}
	return u, nil
}

func (s *Service) audit(tx Tx, actor, action, detail string) error {
	return counter.AppendAudit(tx, s.clock.Now(), actor, action, detail)
}

// owns reports whether u may see a survey in full: its officer, or an A.
func owns(u staff.User, r survey.Record) bool {
	return ownsAny(u, r.Survey.OfficerID, r.CreatedBy)
}

// ownsAny reports whether u owns a record whose owners (its officer, who
// made it) are given, as for its contacts: an A of the branch, or one of
// them.
func ownsAny(u staff.User, owners ...string) bool {
	if u.Level == staff.LevelA {
		return true
	}
	for _, o := range owners {
		if o != "" && o == u.ID {
			return true
		}
	}
	return false
}

// Mask hides what the viewer may not see: ID and phone numbers of
// records they do not own (seed §六), and the financial figures, shown as
// ranges, to whoever may not see them (SeesFigures).
func Mask(u staff.User, r survey.Record) survey.Record {
	r = maskSurvey(u, r)
	if owns(u, r) {
		return r
	}
	r.Survey.LegalRepID = enterprise.MaskID(r.Survey.LegalRepID)
	r.Survey.ContactMobile = enterprise.MaskMobile(r.Survey.ContactMobile)
	return r
}

// NewSurvey starts a draft survey for the signed-in officer.
func (s *Service) NewSurvey(ctx context.Context, sess *counter.Session) (survey.Record, error) {
	u, err := officer(sess)
	if err != nil {
		return survey.Record{}, err
	}
	r, err := survey.New(s.ids("S"), u.ID, s.clock.Now())
	if err != nil {
		return r, err
	}
	return r, s.store.Tx(ctx, func(tx Tx) error {
		form, err := s.formsIn(tx)
		if err != nil {
			return err
		}
		if form.Version > 1 {
			r.Survey.FormVersion = form.Version
		}
		if err := tx.InsertSurvey(sess.Branch().ID, r); err != nil {
			return err
		}
		return s.audit(tx, u.ID, auditSurvey, "新建调查表草稿 "+r.ID)
	})
}

// SaveDraft keeps what was typed so far; it is called as the officer
// types, so closing the app loses nothing. A final version cannot be
// saved over.
func (s *Service) SaveDraft(ctx context.Context, sess *counter.Session, r survey.Record) error {
	u, err := officer(sess)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		cur, err := latest(tx, r.ID)
		if err != nil {
			return err
		}
		if cur.Version != r.Version {
			return survey.ErrFinalReadOnly
		}
		if cur.CreatedBy != u.ID {
			return ErrNotYourDraft
		}
		// A draft keeps the form it was started on; what that form does
		// not ask of it is not kept.
		form, err := s.formIn(tx, cur.Survey.FormVersion)
		if err != nil {
			return err
		}
		r.Survey.FormVersion = cur.Survey.FormVersion
		next, err := survey.Edit(cur, form.Clear(r.Survey))
		if err != nil {
			return err
		}
		return tx.UpdateDraft(next)
	})
}

func latest(tx Tx, id string) (survey.Record, error) {
	vs, err := tx.SurveyVersions(id)
	if err != nil {
		return survey.Record{}, err
	}
	if len(vs) == 0 {
		return survey.Record{}, msg.Errorf("%w：%s", ErrNoSuchSurvey, id)
	}
	return vs[len(vs)-1], nil
}

// Finalize makes the latest draft final once every field checks out; a
// final survey is read-only.
func (s *Service) Finalize(ctx context.Context, sess *counter.Session, id string) (survey.Record, error) {
	u, err := officer(sess)
	if err != nil {
		return survey.Record{}, err
	}
	var out survey.Record
	err = s.store.Tx(ctx, func(tx Tx) error {
		cur, err := latest(tx, id)
		if err != nil {
			return err
		}
		if cur.Status == survey.Draft && cur.CreatedBy != u.ID {
			return ErrNotYourDraft
		}
		form, err := s.formIn(tx, cur.Survey.FormVersion)
		if err != nil {
			return err
		}
		cur.Survey = form.Clear(cur.Survey)
		if out, err = survey.Finalize(cur, s.check, s.clock.Now()); err != nil {
			return err
		}
		if err := tx.UpdateDraft(out); err != nil {
			return err
		}
		detail := fmt.Sprintf("调查表 %s 第 %d 版定稿：%s %s", id, out.Version, out.Survey.Name, out.Survey.CreditCode)
		if survey.CodeOverridden(out.Survey) {
			detail += "（统一社会信用代码校验位存疑，保留原因：" + out.Survey.CodeOverrideReason + "）"
		}
		return s.audit(tx, u.ID, auditSurvey, detail)
	})
	return out, err
}

// Correct starts a new draft version of a final survey, with a reason;
// only the survey's own officer (who made it or is named on it) or an A
// may, so the draft returned, in full, is one they may see in full.
func (s *Service) Correct(ctx context.Context, sess *counter.Session, id, reason string) (survey.Record, error) {
	u, err := officer(sess)
	if err != nil {
		return survey.Record{}, err
	}
	var out survey.Record
	err = s.store.Tx(ctx, func(tx Tx) error {
		cur, err := latest(tx, id)
		if err != nil {
			return err
		}
		if !owns(u, cur) {
			return ErrNotYourSurvey
		}
		if out, err = survey.Correct(cur, reason, u.ID, s.clock.Now()); err != nil {
			return err
		}
		if err := tx.InsertSurvey(sess.Branch().ID, out); err != nil {
			return err
		}
		return s.audit(tx, u.ID, auditSurvey, fmt.Sprintf("调查表 %s 更正为第 %d 版，原因：%s", id, out.Version, out.Reason))
	})
	return out, err
}

// Open reads a survey's latest version in full; the view is recorded in
// the audit trail, and what the user may not see is masked.
func (s *Service) Open(ctx context.Context, sess *counter.Session, id string) (survey.Record, error) {
	u, err := reader(sess)
	if err != nil {
		return survey.Record{}, err
	}
	var out survey.Record
	err = s.store.Tx(ctx, func(tx Tx) error {
		cur, err := latest(tx, id)
		if err != nil {
			return err
		}
		out = s.maskIn(tx, u, cur)
		return s.audit(tx, u.ID, auditView, fmt.Sprintf("查看调查表 %s 第 %d 版（%s）", id, cur.Version, cur.Survey.Name))
	})
	return out, err
}

// History lists every version of a survey, masked for the viewer.
func (s *Service) History(ctx context.Context, sess *counter.Session, id string) ([]survey.Record, error) {
	if _, err := reader(sess); err != nil {
		return nil, err
	}
	var out []survey.Record
	err := s.store.View(ctx, func(tx Tx) error {
		vs, err := tx.SurveyVersions(id)
		for _, v := range vs {
			out = append(out, s.maskIn(tx, sess.User(), v))
		}
		return err
	})
	return out, err
}

// Surveys lists the branch's surveys (latest versions), masked: an
// officer sees their own, an A (and a B who is no officer) the branch's.
func (s *Service) Surveys(ctx context.Context, sess *counter.Session) ([]survey.Record, error) {
	u, err := reader(sess)
	if err != nil {
		return nil, err
	}
	var out []survey.Record
	err = s.store.View(ctx, func(tx Tx) error {
		rows, err := tx.Surveys(sess.Branch().ID)
		for _, r := range rows {
			if owns(u, r.Record) || seesBranch(u) {
				out = append(out, s.maskIn(tx, u, r.Record))
			}
		}
		return err
	})
	return out, err
}

// SameEnterprise lists other surveys with the same credit code.
func (s *Service) SameEnterprise(ctx context.Context, sess *counter.Session, r survey.Record) ([]survey.Record, error) {
	if _, err := reader(sess); err != nil {
		return nil, err
	}
	var out []survey.Record
	err := s.store.View(ctx, func(tx Tx) error {
		all, err := tx.SurveysByCode(enterprise.NormalizeCreditCode(r.Survey.CreditCode))
		if err != nil {
			return err
		}
		for _, o := range survey.SameEnterprise(r, all) {
			out = append(out, s.maskIn(tx, sess.User(), o))
		}
		return nil
	})
	return out, err
}

// now is the service clock, for the pipeline.
func (s *Service) now() time.Time { return s.clock.Now() }
