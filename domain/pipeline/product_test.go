package pipeline

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"branchdesk/domain/money"
	"branchdesk/domain/survey"
)

func TestMatch(t *testing.T) {
	s := survey.Survey{AmountSought: 100 * wan, TermMonths: 12, Purpose: survey.PurposeFixedAssets,
		Collateral: []survey.Collateral{survey.CollateralIP, survey.CollateralGuarantee}}
	need := NeedOf("S-001", s)
	with := func(code string, f func(*Product)) Product {
		p := product()
		p.Code = code
		f(&p)
		return p
	}
	catalogue := []Product{
		with("min-exact", func(p *Product) { p.MinAmount = 100 * wan; p.RateBP = 400 }),
		with("min-1fen-above", func(p *Product) { p.MinAmount = 100*wan + 1 }),
		with("max-exact", func(p *Product) { p.MaxAmount = 100 * wan; p.RateBP = 350 }),
		with("max-1fen-below", func(p *Product) { p.MaxAmount = 100*wan - 1 }),
		with("term-exact", func(p *Product) { p.TermMonths = 12; p.RateBP = 400 }),
		with("term-short", func(p *Product) { p.TermMonths = 11 }),
		with("no-common-security", func(p *Product) { p.Collateral = []survey.Collateral{survey.CollateralProperty} }),
		with("credit-only", func(p *Product) { p.Collateral = []survey.Collateral{survey.CollateralUnsecured} }),
		with("ip-only", func(p *Product) { p.Collateral = []survey.Collateral{survey.CollateralIP}; p.RateBP = 300 }),
		with("working-capital-only", func(p *Product) { p.Purposes = []survey.Purpose{survey.PurposeWorkingCapital} }),
		with("fixed-assets", func(p *Product) {
			p.Purposes = []survey.Purpose{survey.PurposeFixedAssets, survey.PurposeProject}
			p.RateBP = 500
		}),
		with("broken", func(p *Product) { p.Institution = "" }),
	}
	var got []string
	for _, p := range Match(need, catalogue) {
		got = append(got, p.Code)
	}
	// Cheapest first; equal rates (4.00%) keep catalogue order.
	want := []string{"ip-only", "max-exact", "min-exact", "term-exact", "fixed-assets"}
	if !slices.Equal(got, want) {
		t.Errorf("Match = %v\nwant    %v", got, want)
	}
	if Match(Need{Amount: 100 * wan, TermMonths: 12}, catalogue) != nil {
		t.Error("a need offering no security matched something")
	}
}

func TestProductValidate(t *testing.T) {
	if err := product().Validate(); err != nil {
		t.Fatalf("Validate(product) = %v", err)
	}
	cases := []struct {
		change func(*Product)
		want   string
	}{
		{func(p *Product) { p.Code = "" }, "缺少产品编号"},
		{func(p *Product) { p.Name = " " }, "缺少产品名称"},
		{func(p *Product) { p.Institution = "" }, "缺少发放机构"},
		{func(p *Product) { p.MinAmount = 0 }, "额度范围应大于零且下限不高于上限"},
		{func(p *Product) { p.MaxAmount = p.MinAmount - 1 }, "额度范围应大于零且下限不高于上限"},
		{func(p *Product) { p.TermMonths = 0 }, "期限应至少1个月"},
		{func(p *Product) { p.Collateral = nil }, "缺少担保方式"},
		{func(p *Product) { p.RateBP = 10001 }, "利率应在0至100%之间"},
		{func(p *Product) { p.RateBP = -1 }, "利率应在0至100%之间"},
		{func(p *Product) { p.Collateral = []survey.Collateral{"gold"} }, "担保方式“gold”未知"},
		{func(p *Product) { p.Purposes = []survey.Purpose{"housing"} }, "融资用途“housing”未知"},
	}
	for _, c := range cases {
		p := product()
		c.change(&p)
		err := p.Validate()
		if !errors.Is(err, ErrProduct) || !strings.HasSuffix(err.Error(), "："+c.want) {
			t.Errorf("Validate = %v, want …%s", err, c.want)
		}
	}
	p := product()
	p.MinAmount = p.MaxAmount // a single amount is a range
	if err := p.Validate(); err != nil {
		t.Errorf("Validate(min = max) = %v", err)
	}
}

func TestRate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"3.45", 345}, {"3.45%", 345}, {" 4 ", 400}, {"4.5", 450}, {"0", 0}, {"0.01", 1}, {"100", 10000}, {"100.00%", 10000},
	} {
		if got, err := ParseRate(c.in); err != nil || got != c.want {
			t.Errorf("ParseRate(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", "%", "3.456", "-1", "+1", "3.", ".5", "1e2", "100.01", "1000", "3,45", "３.45", "3.4.5"} {
		if _, err := ParseRate(in); !errors.Is(err, ErrRate) {
			t.Errorf("ParseRate(%q) err = %v, want ErrRate", in, err)
		}
	}
	for bp, want := range map[int]string{345: "3.45%", 400: "4.00%", 5: "0.05%", 0: "0.00%", 10000: "100.00%"} {
		if got := FormatRate(bp); got != want {
			t.Errorf("FormatRate(%d) = %q, want %q", bp, got, want)
		}
	}
	if got := product().Rate(); got != "3.85%" {
		t.Errorf("Rate() = %q", got)
	}
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"3.45", "3.45%", "4", "", "100.01", "-0", "9.99", "1e3", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bp, err := ParseRate(s)
		if err != nil {
			if !errors.Is(err, ErrRate) {
				t.Fatalf("ParseRate(%q) = %v", s, err)
			}
			return
		}
		if bp < 0 || bp > maxRateBP {
			t.Fatalf("ParseRate(%q) = %d out of range", s, bp)
		}
		// What is written reads back exactly.
		if again, err := ParseRate(FormatRate(bp)); err != nil || again != bp {
			t.Fatalf("round trip of %d via %q = %d, %v", bp, FormatRate(bp), again, err)
		}
	})
}

func TestNeedOf(t *testing.T) {
	s := survey.Survey{AmountSought: money.Amount(123), TermMonths: 6, Purpose: survey.PurposeProject,
		Collateral: []survey.Collateral{survey.CollateralDeposit}}
	n := NeedOf("S-9", s)
	s.Collateral[0] = survey.CollateralIP
	if n.SurveyID != "S-9" || n.Amount != 123 || n.TermMonths != 6 || n.Purpose != survey.PurposeProject ||
		n.Collateral[0] != survey.CollateralDeposit {
		t.Errorf("NeedOf = %+v", n)
	}
}
