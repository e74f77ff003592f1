package target

import (
	"errors"
	"strings"
	"time"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// 名单制 第十条: 优先受理纳入目标客户名单的小微企业的授信申请; 第十二条:
// 对未进入目标客户名单的小微企业的授信申请,原则上不予受理. The bank's
// reading: a listed enterprise in a marketed class goes first; one listed
// 审慎进入类 proceeds only with an A's approval and its reason; one listed
// 退出类 is refused; one not on the list is flagged so the officer
// proposes it for the list.

// Standing is how the list answers an enterprise's credit demand.
type Standing string

// The four standings.
const (
	First    Standing = "first"    // 积极、正常进入类: 优先受理
	Approval Standing = "approval" // 审慎进入类: 须业务主管审批
	Refused  Standing = "refused"  // 退出类: 不予受理
	Unlisted Standing = "unlisted" // 未入名单: 提请纳入名单
)

// Admission is what the branch's list says about an enterprise.
type Admission struct {
	// Listed tells whether the enterprise is on the list; Target is its
	// row when it is.
	Listed bool
	Target Target
	// Standing follows from the class.
	Standing Standing
}

// Errors of list-first handling. Their text is shown as is.
var (
	ErrExitClass         = errors.New("该企业在目标客户名单中列为退出类，授信申请不予受理（名单制第十二条）")
	ErrNeedApproval      = errors.New("该企业列为审慎进入类，须经业务主管（A级）审批同意并填写理由后方可继续办理")
	ErrApprovalNotNeeded = errors.New("该需求的企业不属审慎进入类，无须审批")
	ErrApproverLevel     = errors.New("名单审批须由A级柜员（业务主管）办理")
	ErrApproverIsOfficer = errors.New("审批人不能是经办该需求的服务官本人")
	ErrApprovalReason    = errors.New("请填写审批理由")
	ErrAlreadyApproved   = errors.New("该需求已经审批")
	ErrAlreadyListed     = errors.New("该企业已在目标客户名单中，无须提请")
	ErrProposalReason    = errors.New("请填写提请纳入名单的理由")
	ErrAlreadyProposed   = errors.New("该企业已提请纳入名单，待业务主管处理")
)

// Admit looks the enterprise up on the list by its unified social credit
// code (case and width folded); an empty code is never on the list.
func Admit(list []Target, creditCode string) Admission {
	code := enterprise.NormalizeCreditCode(creditCode)
	if code != "" {
		for _, t := range list {
			if enterprise.NormalizeCreditCode(t.CreditCode) == code {
				return Admission{Listed: true, Target: t, Standing: standing(t.Class)}
			}
		}
	}
	return Admission{Standing: Unlisted}
}

func standing(c Class) Standing {
	switch c {
	case Preferred, Normal:
		return First
	case Exit:
		return Refused
	}
	return Approval
}

// Refusal is why a demand cannot be accepted or go on: ErrExitClass for
// the 退出类, nil otherwise.
func (a Admission) Refusal() error {
	if a.Standing == Refused {
		return msg.Errorf("%w：%s", ErrExitClass, a.Target.Name)
	}
	return nil
}

// Proceed says whether a demand may move past collection: a 退出类
// enterprise never, a 审慎进入类 one only once approved.
func (a Admission) Proceed(approved bool) error {
	if err := a.Refusal(); err != nil {
		return err
	}
	if a.Standing == Approval && !approved {
		return ErrNeedApproval
	}
	return nil
}

// Rank orders the officer's queue: 积极进入类 0, 正常进入类 1, anything
// else 2.
func (a Admission) Rank() int {
	if !a.Listed {
		return 2
	}
	switch a.Target.Class {
	case Preferred:
		return 0
	case Normal:
		return 1
	}
	return 2
}

// Title says where the enterprise stands, for the queue: the class, or
// "未入名单".
func (a Admission) Title() string {
	if !a.Listed {
		return "未入名单"
	}
	return a.Target.Class.Title()
}

// Before orders two demands in the officer's queue: by Rank, then the
// earlier collected first.
func Before(a Admission, aAt time.Time, b Admission, bAt time.Time) bool {
	if a.Rank() != b.Rank() {
		return a.Rank() < b.Rank()
	}
	return aAt.Before(bAt)
}

// ListApproval is an A's approval, with its reason, for a 审慎进入类
// enterprise's demand to proceed. It is kept append-only.
type ListApproval struct {
	Demand   string
	Approver string
	Officer  string // the demand's officer
	Reason   string
	At       time.Time
}

// CheckApproval holds the approval's rules: only for a 审慎进入类
// enterprise, once, by an A who is not the demand's officer, with a
// reason.
func CheckApproval(a Admission, approver staff.User, ap ListApproval, approved bool) error {
	switch {
	case a.Standing == Refused:
		return a.Refusal()
	case a.Standing != Approval:
		return ErrApprovalNotNeeded
	case approver.Level != staff.LevelA:
		return ErrApproverLevel
	case approver.ID == ap.Officer:
		return ErrApproverIsOfficer
	case strings.TrimSpace(ap.Reason) == "":
		return ErrApprovalReason
	case approved:
		return ErrAlreadyApproved
	}
	return nil
}

// Proposal is an officer's request that an enterprise not on the list be
// put on it, seen by the A and head office. It is kept append-only.
type Proposal struct {
	Demand     string
	CreditCode string
	Name       string
	Officer    string
	Reason     string
	At         time.Time
}

// CheckProposal holds the proposal's rules: only for an enterprise not
// on the list, once per enterprise, with a reason.
func CheckProposal(a Admission, p Proposal, earlier []Proposal) error {
	if a.Listed {
		return ErrAlreadyListed
	}
	if strings.TrimSpace(p.Reason) == "" {
		return ErrProposalReason
	}
	code := enterprise.NormalizeCreditCode(p.CreditCode)
	for _, e := range earlier {
		if enterprise.NormalizeCreditCode(e.CreditCode) == code {
			return ErrAlreadyProposed
		}
	}
	return nil
}
