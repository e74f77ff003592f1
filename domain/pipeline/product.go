package pipeline

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/survey"
)

// Product is a financing product of the catalogue that a demand can be
// matched with.
type Product struct {
	// Code identifies the product in the catalogue.
	Code string
	// Name is the product's name, e.g. "惠农e贷".
	Name string
	// Institution is the lending institution that offers it.
	Institution string
	// MinAmount and MaxAmount bound the amount lent, both included.
	MinAmount, MaxAmount money.Amount
	// TermMonths is the longest term offered, in months.
	TermMonths int
	// Collateral is the security the product accepts; one is enough.
	Collateral []survey.Collateral
	// RateBP is the annual interest rate in basis points (万分之一):
	// 345 is 3.45%. Kept whole so a rate is never a float.
	RateBP int
	// Purposes limits the product to these purposes; empty means any.
	Purposes []survey.Purpose
	// TaxGrades limits the product to enterprises of these tax credit
	// grades (纳税信用等级), e.g. A and B for a 税易贷; empty means any.
	TaxGrades []survey.TaxGrade `json:",omitempty"`
	// Retired is set when the catalogue's keeper withdraws the product:
	// it stays listed, with RetiredReason, and is never matched again.
	Retired       bool   `json:",omitempty"`
	RetiredReason string `json:",omitempty"`
}

// maxRateBP is the highest rate a catalogue row may carry (100%); anything
// above is a typo.
const maxRateBP = 10000

// Errors of the product catalogue. Their text is shown as is.
var (
	// ErrProduct reports a catalogue row that cannot be offered; it is
	// wrapped with what is wrong.
	ErrProduct = errors.New("金融产品信息不完整或有误")
	// ErrRate reports a rate that is not a percentage with at most two
	// decimals between 0 and 100.
	ErrRate = errors.New("利率格式不正确，应为年利率百分数，最多两位小数，如 3.45")
)

// Validate reports, wrapped in ErrProduct, the first thing that keeps p
// from being offered: no code, name or institution, an amount range that
// is empty or not positive, no term, no accepted security, an unknown
// security or purpose, or a rate outside 0–100%.
func (p Product) Validate() error {
	bad := func(what msg.Text) error { return msg.Errorf("%w：%s", ErrProduct, what) }
	switch {
	case strings.TrimSpace(p.Code) == "":
		return bad(msg.Sprintf("缺少产品编号"))
	case strings.TrimSpace(p.Name) == "":
		return bad(msg.Sprintf("缺少产品名称"))
	case strings.TrimSpace(p.Institution) == "":
		return bad(msg.Sprintf("缺少发放机构"))
	case p.MinAmount <= 0 || p.MaxAmount < p.MinAmount:
		return bad(msg.Sprintf("额度范围应大于零且下限不高于上限"))
	case p.TermMonths <= 0:
		return bad(msg.Sprintf("期限应至少1个月"))
	case len(p.Collateral) == 0:
		return bad(msg.Sprintf("缺少担保方式"))
	case p.RateBP < 0 || p.RateBP > maxRateBP:
		return bad(msg.Sprintf("利率应在0至100%%之间"))
	}
	for _, c := range p.Collateral {
		if c.Title() == "" {
			return bad(msg.Sprintf("担保方式“%s”未知", string(c)))
		}
	}
	for _, u := range p.Purposes {
		if u.Title() == "" {
			return bad(msg.Sprintf("融资用途“%s”未知", string(u)))
		}
	}
	for i, g := range p.TaxGrades {
		if !slices.Contains(survey.TaxGrades(), g) || slices.Contains(p.TaxGrades[:i], g) {
			return bad(msg.Sprintf("纳税信用等级“%s”未知或重复", string(g)))
		}
	}
	return nil
}

// Rate writes the rate as a percentage: "3.45%".
func (p Product) Rate() string { return FormatRate(p.RateBP) }

// FormatRate writes a rate in basis points as a percentage: 345 → "3.45%",
// 400 → "4.00%".
func FormatRate(bp int) string {
	sign := ""
	if bp < 0 {
		sign, bp = "-", -bp
	}
	return fmt.Sprintf("%s%d.%02d%%", sign, bp/100, bp%100)
}

// ParseRate reads an annual rate typed as a percentage, "3.45", "3.45%",
// "4" or "4.5", into basis points, exactly. The errors are ErrRate.
func ParseRate(s string) (int, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 3 || len(frac) > 2 || dot && frac == "" ||
		!digits(whole) || !digits(frac) {
		return 0, ErrRate
	}
	w, _ := strconv.Atoi(whole)
	f, _ := strconv.Atoi((frac + "00")[:2])
	bp := w*100 + f
	if bp > maxRateBP {
		return 0, ErrRate
	}
	return bp, nil
}

// digits reports whether s holds ASCII digits only.
func digits(s string) bool {
	return strings.Trim(s, "0123456789") == ""
}

// Need is what an enterprise asks for, as the matching sees it.
type Need struct {
	// SurveyID is the demand survey it comes from.
	SurveyID string
	// Amount is the amount sought.
	Amount money.Amount
	// TermMonths is the term sought, in months.
	TermMonths int
	// Purpose is what the money is for.
	Purpose survey.Purpose
	// Collateral is the security the enterprise can offer.
	Collateral []survey.Collateral
}

// NeedOf takes the need out of a survey.
func NeedOf(surveyID string, s survey.Survey) Need {
	return Need{
		SurveyID:   surveyID,
		Amount:     s.AmountSought,
		TermMonths: s.TermMonths,
		Purpose:    s.Purpose,
		Collateral: slices.Clone(s.Collateral),
	}
}

// Match returns the products of the catalogue that fit the need, cheapest
// rate first (equal rates in catalogue order). A product fits when
//
//   - it is valid (Product.Validate), so a broken row is never offered,
//     and not retired;
//   - the amount sought lies within its range, both ends included;
//   - the term sought is no longer than its longest term;
//   - it accepts at least one kind of security the enterprise offers
//     (unsecured credit counts as a kind: a credit-only product fits an
//     enterprise that ticked 信用, not one that offers only a mortgage);
//   - it is open to the need's purpose, or to any purpose.
//
// A product limited to some tax grades fits no unknown enterprise. Assess
// looks at the enterprise as well.
func Match(need Need, products []Product) []Product {
	var fit []Product
	for _, f := range Assess(need, Profile{}, products, CreditPolicy{}).Fits {
		fit = append(fit, f.Product)
	}
	return fit
}

// clone returns a copy of p that shares no slice with it.
func (p Product) clone() Product {
	p.Collateral = slices.Clone(p.Collateral)
	p.Purposes = slices.Clone(p.Purposes)
	p.TaxGrades = slices.Clone(p.TaxGrades)
	return p
}
