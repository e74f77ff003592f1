package counter

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/domain/authz"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// Credential is what an authorizer keys in at this terminal (权限卡+密码):
// their id and password, the amount again when asked to re-key it blind,
// and their decision. A refusal needs a reason.
type Credential struct {
	UserID   string
	Password string
	Amount   money.Amount // the re-keyed amount, when the draft asks for it
	Approve  bool
	Reason   string
}

// Approval is a verified signature. Only the service makes one.
type Approval struct {
	Stage authz.Stage
	User  staff.User
	At    time.Time
}

// ErrReasonRequired is returned for a refusal without a reason.
var ErrReasonRequired = errors.New("拒绝授权须填写原因")

// signing describes what is being signed, for checks and the audit trail.
type signing struct {
	stage   authz.Stage
	maker   string
	branch  string
	prior   []string
	blind   bool         // the authorizer must re-key the amount
	amount  money.Amount // what the re-key must match
	subject string       // the business in words, for the trail
	// needA, when set, replaces authz.ErrNeedLevelA: a business whose
	// only signature is an A's says so in its own words.
	needA error
	// refused, when set, replaces authz.ErrRefused: one who signs for
	// what is handed to them or checked by them, not as an authorizer
	// at a stage, refuses in the business's own words.
	refused error
}

// verify authenticates an authorizer and applies separation of duties.
// Failed passwords and every decision are written in tx, so the caller
// commits tx and then returns refusal to the user.
func (s *Service) verify(tx Tx, sg signing, c Credential) (a Approval, refusal error, err error) {
	reject := func(r error) (Approval, error, error) {
		detail := fmt.Sprintf("%s｜%s级授权被拒：%s", sg.subject, sg.stage, r.Error())
		return Approval{}, r, s.appendAudit(tx, c.UserID, audit.AuthReject, detail)
	}
	u, err := tx.User(c.UserID)
	if errors.Is(err, ErrNotFound) {
		return reject(authz.ErrUnknownAuthorizer)
	}
	if err != nil {
		return Approval{}, nil, err
	}
	// The password comes before the rules, so that who may sign is not
	// told to someone who cannot prove who they are.
	if !u.Active {
		return reject(authz.ErrAuthorizerInactive)
	}
	if u.Locked {
		return reject(authz.ErrAuthorizerLocked)
	}
	lockedNow, ok, err := s.checkPassword(tx, &u, c.Password, string(sg.stage)+"级授权密码错误")
	if err != nil {
		return Approval{}, nil, err
	}
	if !ok {
		if lockedNow {
			return Approval{}, authz.ErrAuthorizerLocked, nil
		}
		return Approval{}, authz.ErrAuthorizerPassword, nil
	}
	if err := authz.CheckAuthorizer(sg.stage, u, sg.maker, sg.branch, sg.prior); err != nil {
		if errors.Is(err, authz.ErrNeedLevelA) && sg.needA != nil {
			err = sg.needA
		}
		return reject(err)
	}
	if !c.Approve {
		refusal, err := s.refuse(tx, sg, u, c.Reason)
		return Approval{}, refusal, err
	}
	if sg.blind && c.Amount != sg.amount {
		return reject(authz.ErrAmountMismatch)
	}
	a = Approval{Stage: sg.stage, User: u, At: s.clock.Now()}
	return a, nil, s.appendAudit(tx, u.ID, audit.AuthApprove, fmt.Sprintf("%s｜%s级授权通过", sg.subject, sg.stage))
}

// refuse is u, whose password is checked and who may sign sg's business,
// refusing it for reason: the refusal the maker reads, naming who and
// why, written to the trail in tx. Nothing else is written; a refusal
// without a reason is no refusal (ErrReasonRequired) and writes nothing.
func (s *Service) refuse(tx Tx, sg signing, u staff.User, reason string) (refusal, err error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return ErrReasonRequired, nil
	}
	refusal = msg.Errorf("%w（%s级 %s，原因：%s）", authz.ErrRefused, sg.stage, u.Label(), reason)
	what := fmt.Sprintf("%s级拒绝授权", sg.stage)
	if sg.refused != nil {
		refusal = msg.Errorf("%w（%s级 %s，原因：%s）", sg.refused, u.Level, u.Label(), reason)
		what = sg.refused.Error()
	}
	return refusal, s.appendAudit(tx, u.ID, audit.AuthRefuse, fmt.Sprintf("%s｜%s，原因：%s", sg.subject, what, reason))
}

// refusedAs is authz.ErrRefused in the words of one business.
type refusedAs string

func (e refusedAs) Error() string        { return string(e) }
func (e refusedAs) Is(target error) bool { return target == authz.ErrRefused }

// signers are a sign-off's B and A as keyed, ok when both are there or
// the B refuses, which needs no A after them.
func signers(b, a *Credential) (sb, sa Credential, ok bool) {
	switch {
	case b != nil && !b.Approve:
		return *b, Credential{}, true
	case b == nil || a == nil:
		return sb, sa, false
	}
	return *b, *a, true
}

// signOffBA has a B sign sg's business off and then an A, not the B,
// approve it, both at the maker's terminal (a difference put in
// suspense). Either may refuse instead (Approve unset), with a reason.
// When the A refuses after the B signed, the trail says under
// action that the B's signature led to nothing (nothing: "轧账未记录").
func (s *Service) signOffBA(tx Tx, sg signing, b, a Credential, action, nothing string) (bApproval, aApproval Approval, refusal, err error) {
	sg.stage = authz.StageB
	if bApproval, refusal, err = s.verify(tx, sg, b); err != nil || refusal != nil {
		return bApproval, aApproval, refusal, err
	}
	sg.stage, sg.prior = authz.StageA, []string{bApproval.User.ID}
	if aApproval, refusal, err = s.verify(tx, sg, a); err != nil || refusal == nil {
		return bApproval, aApproval, refusal, err
	}
	return bApproval, aApproval, refusal, s.appendAudit(tx, sg.maker, action,
		fmt.Sprintf("%s｜B级 %s 已签字，A级审批未通过：%s，%s", sg.subject, bApproval.User.ID, refusal.Error(), nothing))
}
