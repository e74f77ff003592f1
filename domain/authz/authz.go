// Package authz decides which supervisors must authorize a posting
// (第十五条) and refuses authorizations that break separation of duties
// (第八条).
package authz

import (
	"errors"
	"maps"
	"time"

	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// Need is the authorization a posting requires.
type Need int

// A posting needs no one, a B, or a B and then an A (二次授权).
const (
	NeedNone Need = iota
	NeedB
	NeedBA
	NeedA // one A-level approval: reversals, re-sign-in (第十三条、第十四条)
)

// Title is the need in Chinese.
func (n Need) Title() string {
	switch n {
	case NeedB:
		return "需B级授权"
	case NeedBA:
		return "需B级、A级二次授权"
	case NeedA:
		return "需A级（业务主管）审批"
	}
	return "无需授权"
}

// Stage is one signature in an authorization.
type Stage string

// The B signs first, then (for NeedBA) the A.
const (
	StageB Stage = "B"
	StageA Stage = "A"
)

// Stages lists the signatures a need asks for, in order.
func (n Need) Stages() []Stage {
	switch n {
	case NeedB:
		return []Stage{StageB}
	case NeedBA:
		return []Stage{StageB, StageA}
	case NeedA:
		return []Stage{StageA}
	}
	return nil
}

// Limit is one business kind's limits. "以内" excludes the number and "以上"
// includes it: a C alone below CLimit, a B from CLimit to below BLimit,
// B then A from BLimit up.
type Limit struct {
	Kind   ledger.Kind
	CLimit money.Amount
	BLimit money.Amount
}

// Policy is a version of the authorization thresholds.
type Policy struct {
	Version   int
	Effective string // YYYY-MM-DD: the first business date it applies to
	Limits    map[ledger.Kind]Limit
	CreatedAt time.Time
	CreatedBy string
}

// Default is the shipped policy, 第十五条 of the teller rules.
func Default() Policy {
	cash := func(k ledger.Kind) Limit { return Limit{k, 50_000_00, 200_000_00} }
	transfer := func(k ledger.Kind) Limit { return Limit{k, 100_000_00, 200_000_00} }
	p := Policy{Version: 1, Effective: "2000-01-01", Limits: map[ledger.Kind]Limit{}}
	for _, l := range []Limit{
		cash(ledger.SavingsCashDeposit), cash(ledger.SavingsCashWithdrawal),
		cash(ledger.CorporateCashDeposit), cash(ledger.CorporateCashWithdrawal),
		transfer(ledger.SavingsTransfer), transfer(ledger.CorporateTransfer),
	} {
		p.Limits[l.Kind] = l
	}
	return p
}

// ErrPolicyIncomplete is returned for a policy that misses a kind or has limits out of order.
var ErrPolicyIncomplete = errors.New("授权策略不完整：每种业务都须有 0 < C限额 ≤ B限额")

// Validate checks that every business kind has sane limits.
func (p Policy) Validate() error {
	if _, err := time.Parse(time.DateOnly, p.Effective); err != nil {
		return msg.Errorf("%w：生效日期 %q", ErrPolicyIncomplete, p.Effective)
	}
	for _, k := range ledger.Kinds {
		l, ok := p.Limits[k]
		if !ok || l.CLimit <= 0 || l.BLimit < l.CLimit {
			return msg.Errorf("%w：%s", ErrPolicyIncomplete, k.Title())
		}
	}
	return nil
}

// ErrPolicyConflict is a policy sent under a version the branch already
// has with other terms: a version, once in force, never changes, and
// postings record the version they were checked against.
var ErrPolicyConflict = errors.New("授权策略版本号已被本行另一策略占用，内容不同")

// SameIssue refuses q as the branch's policy p of the same version unless
// it has the same effective date and limits (who recorded it, and when,
// may differ).
func (p Policy) SameIssue(q Policy) error {
	if p.Version == q.Version && p.Effective == q.Effective && maps.Equal(p.Limits, q.Limits) {
		return nil
	}
	return msg.Errorf("%w（v%d，本行由 %s 录入，生效 %s）", ErrPolicyConflict, p.Version, p.CreatedBy, p.Effective)
}

// Requirement is what a posting needs and why, in words a teller reads.
// Threshold is the limit the amount was measured against: the C limit
// when no authorization is needed.
type Requirement struct {
	Need      Need
	Threshold money.Amount
	Amount    money.Amount
	Reason    string
	Policy    int
	// Why is a Reason not the policy's (a reversal's), with its figures
	// apart; nil when the policy's limits are the reason. A pointer keeps
	// requirements comparable.
	Why *msg.Text
}

// Message is why a posting of Amount needs what it needs, with its
// figures apart for a screen in another language; Require writes its
// Chinese as the Reason. A reason not the policy's is its own, Why.
func (r Requirement) Message() msg.Text {
	if r.Why != nil {
		return *r.Why
	}
	if r.Need == NeedNone {
		return msg.Sprintf("金额 %s < %s：%s", r.Amount, r.Threshold, r.Need.Title())
	}
	return msg.Sprintf("金额 %s ≥ %s：%s", r.Amount, r.Threshold, r.Need.Title())
}

// Require applies the policy to a business of the given amount.
func (p Policy) Require(k ledger.Kind, amount money.Amount) (Requirement, error) {
	l, ok := p.Limits[k]
	if !ok {
		return Requirement{}, msg.Errorf("%w：%s", ErrPolicyIncomplete, k.Title())
	}
	r := Requirement{Policy: p.Version, Amount: amount, Need: NeedNone, Threshold: l.CLimit}
	switch {
	case amount >= l.BLimit:
		r.Need, r.Threshold = NeedBA, l.BLimit
	case amount >= l.CLimit:
		r.Need = NeedB
	}
	r.Reason = r.Message().String()
	return r, nil
}

// Refusals of an authorizer. Each is its own value so callers can tell them apart.
var (
	ErrClerkCannotAuthorize = errors.New("C级柜员（业务经办）无授权权限")
	ErrSelfAuthorization    = errors.New("经办人不能为自己办理的业务授权")
	ErrSameAuthorizer       = errors.New("B级授权人与A级授权人不能为同一人")
	ErrNeedLevelA           = errors.New("二次授权须由A级柜员（业务主管）办理")
	ErrAuthorizerLocked     = errors.New("授权人账户已锁定")
	ErrAuthorizerInactive   = errors.New("授权人账户已停用")
	ErrAuthorizerPassword   = errors.New("授权人密码错误")
	ErrUnknownAuthorizer    = errors.New("授权人柜员号不存在")
	ErrAmountMismatch       = errors.New("授权人复核金额与交易金额不符，授权被拒绝")
	ErrOtherBranch          = errors.New("授权人不属于本网点")
	ErrRefused              = errors.New("授权人拒绝了该笔业务")
	ErrStageOrder           = errors.New("授权顺序错误：须先B级授权，再A级授权")
	ErrNotRequired          = errors.New("该笔业务无需授权")
	ErrAuthorizationMissing = errors.New("该笔业务尚未完成所需授权")
)

// CheckAuthorizer applies separation of duties to one signature: maker is
// the person who keyed the business, prior the authorizers who signed before.
func CheckAuthorizer(stage Stage, who staff.User, maker string, branch string, prior []string) error {
	if !who.Active {
		return ErrAuthorizerInactive
	}
	if who.Locked {
		return ErrAuthorizerLocked
	}
	if who.ID == maker {
		return ErrSelfAuthorization
	}
	if who.Level == staff.LevelC {
		return ErrClerkCannotAuthorize
	}
	for _, p := range prior {
		if p == who.ID {
			return ErrSameAuthorizer
		}
	}
	if stage == StageA && who.Level != staff.LevelA {
		return ErrNeedLevelA
	}
	if who.Level.Rank() < staff.LevelB.Rank() {
		return ErrClerkCannotAuthorize
	}
	if branch != "" && who.Branch != branch {
		return ErrOtherBranch
	}
	return nil
}
