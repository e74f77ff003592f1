package pipeline

import (
	"slices"
	"strings"
	"testing"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/survey"
)

// standing is a sound enterprise: ¥1,000,000.00 of revenue last year,
// ¥600,000.00 owed (¥400,000.00 with us, ¥200,000.00 elsewhere).
func standing() survey.Survey {
	return survey.Survey{AmountSought: 40 * wan, TermMonths: 12, Purpose: survey.PurposeWorkingCapital,
		Collateral: []survey.Collateral{survey.CollateralGuarantee}, TaxGrade: survey.TaxB,
		Overdue: survey.OverdueNone, Operating: survey.OperatingNormal, Revenue: 100 * wan,
		LoansWithUs: true, LoansWithUsAmount: 40 * wan, LoansElsewhere: true, LoansElsewhereAmount: 20 * wan}
}

func assess(s survey.Survey, pol CreditPolicy, ps ...Product) Assessment {
	if len(ps) == 0 {
		ps = []Product{product()}
	}
	return Assess(NeedOf("S-1", s), ProfileOf(s), ps, pol)
}

func warned(a Assessment, part string) bool {
	return slices.ContainsFunc(a.Warnings, func(w msg.Text) bool { return strings.Contains(w.String(), part) })
}

// refused is why a refuses every product, or "".
func refused(a Assessment) string {
	if a.Refused == nil {
		return ""
	}
	return a.Refused.String()
}

// Over-lending: loans after the new one up to exactly the share of last
// year's revenue pass; one fen more is a warning naming the figures.
func TestMatchEnterpriseOverLending(t *testing.T) {
	cases := []struct {
		name   string
		pct    int
		amount money.Amount
		warn   bool
	}{
		{"default share, exactly", 0, 40 * wan, false},
		{"default share, one fen above", 0, 40*wan + 1, true},
		{"default share, one fen below", 0, 40*wan - 1, false},
		{"150%, exactly", 150, 90 * wan, false},
		{"150%, one fen above", 150, 90*wan + 1, true},
	}
	for _, c := range cases {
		s := standing()
		s.AmountSought = c.amount
		a := assess(s, CreditPolicy{MaxBorrowingPct: c.pct})
		if got := warned(a, "注意过度授信"); got != c.warn {
			t.Errorf("%s: warned %v, want %v: %v", c.name, got, c.warn, a.Warnings)
		}
		if len(a.Fits) != 1 || a.Refused != nil {
			t.Errorf("%s: a warning must not take the product away: %+v", c.name, a)
		}
	}
	s := standing()
	s.AmountSought = 40*wan + 1
	a := assess(s, CreditPolicy{})
	want := "融资后贷款合计 ¥1,000,000.01，超过上年营业收入 ¥1,000,000.00 的 100%（¥1,000,000.00），注意过度授信"
	if !warned(a, want) {
		t.Errorf("warnings %q, want %q", a.Warnings, want)
	}
	s.Revenue = 0
	if a := assess(s, CreditPolicy{}); !warned(a, "无上年营业收入") {
		t.Errorf("no revenue: %v", a.Warnings)
	}
}

// Credit standing and trading: a loan overdue now or a halted enterprise
// is offered nothing; the past, strained trading, grade D and what the
// survey did not say are warnings.
func TestMatchEnterpriseStanding(t *testing.T) {
	sound := assess(standing(), CreditPolicy{})
	if len(sound.Warnings) != 0 || sound.Refused != nil || len(sound.Fits) != 1 {
		t.Fatalf("a sound enterprise: %+v", sound)
	}
	cases := []struct {
		name    string
		change  func(*survey.Survey)
		refused string
		warning string
	}{
		{"overdue now", func(s *survey.Survey) { s.Overdue = survey.OverdueCurrent }, "当前有逾期贷款未还", ""},
		{"halted", func(s *survey.Survey) { s.Operating = survey.OperatingHalted }, "停产、歇业", ""},
		{"overdue in the past", func(s *survey.Survey) { s.Overdue = survey.OverduePast }, "", "近两年有逾期记录"},
		{"strained", func(s *survey.Survey) { s.Operating = survey.OperatingStrained }, "", "经营困难"},
		{"grade D", func(s *survey.Survey) { s.TaxGrade = survey.TaxD }, "", "纳税信用D级"},
		{"record not asked", func(s *survey.Survey) { s.Overdue = "" }, "", "须查询征信"},
		{"status not asked", func(s *survey.Survey) { s.Operating = "" }, "", "未填经营状况"},
	}
	for _, c := range cases {
		s := standing()
		c.change(&s)
		a := assess(s, CreditPolicy{})
		switch {
		case c.refused != "" && (!strings.Contains(refused(a), c.refused) || a.Fits != nil):
			t.Errorf("%s: refused %q with %d products", c.name, refused(a), len(a.Fits))
		case c.warning != "" && (a.Refused != nil || len(a.Fits) != 1 || !warned(a, c.warning)):
			t.Errorf("%s: %+v", c.name, a)
		}
	}
	if a := Assess(NeedOf("S-1", standing()), Profile{}, []Product{product()}, CreditPolicy{}); !warned(a, "未能读取该企业的调查表") || len(a.Fits) != 1 {
		t.Errorf("unknown enterprise: %+v", a)
	}
}

// A product that names the tax grades it takes fits only those, and says
// so among its reasons; every fit gives its reasons.
func TestMatchEnterpriseTaxGradeAndReasons(t *testing.T) {
	taxLoan := product()
	taxLoan.Code, taxLoan.TaxGrades = "tax", []survey.TaxGrade{survey.TaxA, survey.TaxB}
	for grade, fit := range map[survey.TaxGrade]bool{survey.TaxA: true, survey.TaxB: true, survey.TaxC: false, survey.TaxM: false, survey.TaxD: false} {
		s := standing()
		s.TaxGrade = grade
		if got := len(assess(s, CreditPolicy{}, taxLoan).Fits) == 1; got != fit {
			t.Errorf("grade %s: fits %v, want %v", grade, got, fit)
		}
	}
	if a := Assess(NeedOf("S-1", standing()), Profile{}, []Product{taxLoan}, CreditPolicy{}); len(a.Fits) != 0 {
		t.Error("a product for graded enterprises fitted one whose grade is unknown")
	}
	a := assess(standing(), CreditPolicy{}, taxLoan)
	want := []string{"金额 ¥400,000.00 在 ¥100,000.00–¥3,000,000.00 之内", "期限 12 个月，不超过 36 个月",
		"接受担保方式：保证担保", "纳税信用B级，符合本产品 A、B 级的要求"}
	if len(a.Fits) != 1 || !slices.Equal(strings.Split(a.Fits[0].Reasons.String(), "；"), want) {
		t.Errorf("fits %+v\nwant reasons %q", a.Fits, want)
	}
	for _, bad := range [][]survey.TaxGrade{{"E"}, {survey.TaxA, survey.TaxA}} {
		p := product()
		p.TaxGrades = bad
		if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "纳税信用等级") {
			t.Errorf("tax grades %v: %v", bad, err)
		}
	}
}

// TestMatchMessagesReadAsTheText: the refusal, each warning and each
// reason are messages whose figures stay apart, for a screen in another
// language, and read in Chinese as the rule writes them: a refusal, the
// over-lending figures and a product's accepted grades.
func TestMatchMessagesReadAsTheText(t *testing.T) {
	taxLoan := product()
	taxLoan.TaxGrades = []survey.TaxGrade{survey.TaxA, survey.TaxB}
	s := standing()
	s.Operating, s.AmountSought = "", 40*wan+1
	a := assess(s, CreditPolicy{}, taxLoan)
	if len(a.Warnings) != 2 || len(a.Fits) != 1 {
		t.Fatalf("assessment %+v", a)
	}
	if w := a.Warnings[1]; w.Format != "融资后贷款合计 %s，超过上年营业收入 %s 的 %d%%（%s），注意过度授信" || len(w.Args) != 4 ||
		w.String() != "融资后贷款合计 ¥1,000,000.01，超过上年营业收入 ¥1,000,000.00 的 100%（¥1,000,000.00），注意过度授信" {
		t.Errorf("over-lending kept as %+v", w)
	}
	f := a.Fits[0]
	if last := f.Reasons[len(f.Reasons)-1]; last.Format != "纳税信用%s级，符合本产品 %s 级的要求" || last.String() != "纳税信用B级，符合本产品 A、B 级的要求" {
		t.Errorf("grades reason %+v", last)
	}
	s.Overdue = survey.OverdueCurrent
	if a := assess(s, CreditPolicy{}); refused(a) != "企业当前有逾期贷款未还，结清前不予对接金融产品" {
		t.Errorf("refused %q", refused(a))
	}
}
