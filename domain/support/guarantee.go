package support

import (
	"errors"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/pipeline"
)

// Terms of the guarantee-fee subsidy (第九条).
const (
	// MaxGuaranteeFeeBP is the highest guarantee fee that qualifies: 2%
	// a year ("2%以下", the number included).
	MaxGuaranteeFeeBP = 200
	// GuaranteeSubsidyBP is the subsidy on the new guarantee amount: 0.5
	// percentage point.
	GuaranteeSubsidyBP = 50
)

// Errors of the guarantee-fee subsidy. Each reason of an *Unmet wraps one.
var (
	// ErrNotNewGuarantee: only new guarantees are subsidised.
	ErrNotNewGuarantee = errors.New("须为担保机构新增的融资性担保")
	// ErrGuaranteeFee: the fee is at most 2%.
	ErrGuaranteeFee = errors.New("担保费率须在2%以下（含2%）")
)

// Guarantee is what the officer answers about the loan's guarantee.
type Guarantee struct {
	// New: a guarantee institution gives a new guarantee for the loan.
	New Answer
	// FeeBP is its annual fee in basis points (200 is 2%).
	FeeBP Given[int]
}

// GuaranteeSubsidy is what the guarantee institution gets (第九条): 0.5
// point of a new financing guarantee for a medium, small or micro
// enterprise at a fee of at most 2%, the guarantee taken to cover the
// amount sought, rounded down to the fen. The error is an *Unmet listing
// every condition unmet.
func GuaranteeSubsidy(c Case) (money.Amount, error) {
	g := c.Answers.Guarantee
	u := unmet{scheme: GuaranteeFee}
	u.add(c.sizeIs(enterprise.Medium, enterprise.Small, enterprise.Micro))
	u.add(require(g.New, ErrNotNewGuarantee, msg.Sprintf("是否由担保机构新增担保")))
	switch {
	case !g.FeeBP.OK:
		u.add(&UnansweredError{Cond: ErrGuaranteeFee, Question: msg.Sprintf("担保费率")})
	case g.FeeBP.Value < 0 || g.FeeBP.Value > MaxGuaranteeFeeBP:
		u.add(msg.Errorf("%w，现为%s", ErrGuaranteeFee, pipeline.FormatRate(g.FeeBP.Value)))
	}
	u.add(c.loanAmount())
	if err := u.err(); err != nil {
		return 0, err
	}
	return points(c.Amount, GuaranteeSubsidyBP), nil
}
