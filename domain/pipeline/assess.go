package pipeline

import (
	"cmp"
	"slices"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/survey"
)

// Profile is the enterprise as matching weighs it: its credit standing,
// how it trades and what it already owes, as the officer's survey found
// them.
type Profile struct {
	// Known is false for a demand whose survey could not be read: matching
	// then looks at the demand alone and says so.
	Known     bool
	TaxGrade  survey.TaxGrade
	Overdue   survey.Overdue   // "" on surveys filled before the form asked
	Operating survey.Operating // "" likewise
	Revenue   money.Amount     // last year's operating revenue
	Borrowing money.Amount     // loans outstanding, with us and elsewhere
}

// ProfileOf takes the enterprise's standing out of its survey.
func ProfileOf(s survey.Survey) Profile {
	p := Profile{Known: true, TaxGrade: s.TaxGrade, Overdue: s.Overdue, Operating: s.Operating, Revenue: s.Revenue}
	if s.LoansWithUs {
		p.Borrowing += s.LoansWithUsAmount
	}
	if s.LoansElsewhere {
		p.Borrowing += s.LoansElsewhereAmount
	}
	return p
}

// DefaultBorrowingPct is the caution against over-lending (过度授信) while
// head office has sent none: the enterprise's loans after the new one
// should not pass its last year's revenue.
const DefaultBorrowingPct = 100

// CreditPolicy is head office's caution against lending beyond what an
// enterprise can repay, seen in the marketing report (banks outbidding each
// other until 授信 passed the enterprise's capacity to repay).
type CreditPolicy struct {
	// MaxBorrowingPct is the highest total of loans after the new one, as a
	// percentage of last year's revenue; 0 means DefaultBorrowingPct.
	MaxBorrowingPct int
}

// Fit is a product that fits a demand and the reasons it does, shown
// beside it.
type Fit struct {
	Product Product
	Reasons msg.List
}

// reason adds a reason the product fits.
func (f *Fit) reason(t msg.Text) { f.Reasons = append(f.Reasons, t) }

// Assessment is what matching found for one demand of one enterprise.
type Assessment struct {
	// Fits are the products that fit, cheapest rate first.
	Fits []Fit
	// Refused says why no product may be offered to the enterprise at
	// all; nil when products may be.
	Refused *msg.Text
	// Warnings are what the officer must weigh before offering one.
	Warnings msg.List
}

// refuse refuses every product for t, unless a reason came first.
func (a *Assessment) refuse(t msg.Text) {
	if a.Refused == nil {
		a.Refused = &t
	}
}

// warn adds a warning.
func (a *Assessment) warn(t msg.Text) { a.Warnings = append(a.Warnings, t) }

// Assess matches a demand to the catalogue looking at the enterprise too:
//
//   - an enterprise that has stopped trading (停产、歇业) or has a loan
//     overdue now is offered nothing (Refused);
//   - a product that names the tax credit grades it accepts fits only an
//     enterprise of one of them;
//   - overdue loans of the past two years, strained trading, a D grade, an
//     unknown record or status, and loans after the new one above head
//     office's share of last year's revenue are warnings;
//
// and otherwise fits products as Match does, each with its reasons.
func Assess(need Need, e Profile, products []Product, pol CreditPolicy) Assessment {
	var a Assessment
	if !e.Known {
		a.warn(msg.Sprintf("未能读取该企业的调查表：仅按需求匹配，企业资信须另行核实"))
	} else {
		switch e.Operating {
		case survey.OperatingHalted:
			a.refuse(msg.Sprintf("企业已停产、歇业，不予对接金融产品"))
		case survey.OperatingStrained:
			a.warn(msg.Sprintf("企业经营困难，审慎对接"))
		case "":
			a.warn(msg.Sprintf("调查表未填经营状况，对接前须实地核实"))
		}
		switch e.Overdue {
		case survey.OverdueCurrent:
			a.refuse(msg.Sprintf("企业当前有逾期贷款未还，结清前不予对接金融产品"))
		case survey.OverduePast:
			a.warn(msg.Sprintf("企业近两年有逾期记录（已结清），审慎对接"))
		case "":
			a.warn(msg.Sprintf("调查表未填征信逾期情况，对接前须查询征信"))
		}
		if e.TaxGrade == survey.TaxD {
			a.warn(msg.Sprintf("纳税信用D级（严重失信），金融机构一般不予授信"))
		}
		if w, over := overLending(need.Amount, e, pol); over {
			a.warn(w)
		}
	}
	if a.Refused != nil {
		return a
	}
	for _, p := range products {
		if fit, ok := fits(need, e, p); ok {
			a.Fits = append(a.Fits, fit)
		}
	}
	slices.SortStableFunc(a.Fits, func(x, y Fit) int { return cmp.Compare(x.Product.RateBP, y.Product.RateBP) })
	return a
}

// overLending warns when the enterprise's loans after the new one pass
// the policy's share of last year's revenue; exactly the share is within
// it. Amounts are whole fen, so the comparison is exact.
func overLending(amount money.Amount, e Profile, pol CreditPolicy) (msg.Text, bool) {
	pct := pol.MaxBorrowingPct
	if pct <= 0 {
		pct = DefaultBorrowingPct
	}
	after := e.Borrowing + amount
	if e.Revenue <= 0 {
		return msg.Sprintf("企业无上年营业收入，融资后贷款合计 %s 无从衡量还款能力，注意过度授信", after), true
	}
	if int64(after)*100 <= int64(e.Revenue)*int64(pct) {
		return msg.Text{}, false
	}
	limit := money.Amount(int64(e.Revenue) * int64(pct) / 100)
	return msg.Sprintf("融资后贷款合计 %s，超过上年营业收入 %s 的 %d%%（%s），注意过度授信", after, e.Revenue, pct, limit), true
}

// fits reports whether p fits the need of an enterprise, and why: the
// catalogue's terms (see Match) and, when p names them, the tax grades it
// accepts.
func fits(need Need, e Profile, p Product) (Fit, bool) {
	if p.Validate() != nil || p.Retired ||
		need.Amount < p.MinAmount || need.Amount > p.MaxAmount ||
		need.TermMonths > p.TermMonths {
		return Fit{}, false
	}
	var security []string
	for _, c := range p.Collateral {
		if slices.Contains(need.Collateral, c) {
			security = append(security, c.Title())
		}
	}
	if len(security) == 0 || len(p.Purposes) > 0 && !slices.Contains(p.Purposes, need.Purpose) {
		return Fit{}, false
	}
	fit := Fit{Product: p}
	fit.reason(msg.Sprintf("金额 %s 在 %s–%s 之内", need.Amount, p.MinAmount, p.MaxAmount))
	fit.reason(msg.Sprintf("期限 %d 个月，不超过 %d 个月", need.TermMonths, p.TermMonths))
	fit.reason(msg.Sprintf("接受担保方式：%s", msg.Series(security...)))
	if len(p.Purposes) > 0 {
		fit.reason(msg.Sprintf("用途：%s", need.Purpose.Title()))
	}
	if len(p.TaxGrades) > 0 {
		if !e.Known || !slices.Contains(p.TaxGrades, e.TaxGrade) {
			return Fit{}, false
		}
		fit.reason(msg.Sprintf("纳税信用%s级，符合本产品 %s 级的要求", string(e.TaxGrade), TaxGrades(p.TaxGrades)))
	}
	return fit, true
}

// TaxGradesText writes accepted tax grades as the catalogue shows them:
// "A、B".
func TaxGradesText(gs []survey.TaxGrade) string { return TaxGrades(gs).String() }

// TaxGrades are the grades one after another, each apart, for a screen in
// another language.
func TaxGrades(gs []survey.TaxGrade) msg.Text {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = string(g)
	}
	return msg.Series(out...)
}
