package support

import (
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/sync"
)

// interestCase is a one-year loan of amount at the 1Y LPR (3.00%), the
// enterprise paying paid a year.
func interestCase(amount, paid money.Amount) Case {
	c := eligible()
	c.Amount, c.Months = amount, 12
	c.Answers.InterestPaid = Give(paid)
	return c
}

// 种子003第二部分 第十一条: 财政按不超过同期限贷款基准利率的50%予以贴息;
// RULES §8: never more than the interest actually paid. Half of 3.00% on
// ¥1,000,000 for a year is ¥15,000.00.
func TestInterestSubsidyHalfTheBaseRateAndInterestPaid(t *testing.T) {
	for _, tc := range []struct {
		paid, want money.Amount
	}{
		{14_999_99, 14_999_99}, // a fen less paid: the interest paid bounds it
		{15_000_00, 15_000_00},
		{15_000_01, 15_000_00}, // a fen more paid: half the base rate bounds it
	} {
		s, err := InterestSubsidy(interestCase(1_000_000_00, tc.paid))
		if err != nil || s.Total != tc.want || len(s.Years) != 1 || s.Years[0].Due != 15_000_00 {
			t.Fatalf("paid %s: %+v, %v", tc.paid, s, err)
		}
		if s.Base.Term != sync.Term1Y || s.Base.RateBP != 300 || s.Base.Effective != "2025-05-20" {
			t.Fatalf("base %+v", s.Base)
		}
	}
	// ¥10,000.01 × 1.5% is ¥150.00015: rounded down to the fen.
	s, _ := InterestSubsidy(interestCase(10_000_01, 1_000_00))
	if s.Total != 150_00 {
		t.Fatalf("rounding: %s", s.Total)
	}
}

// 第十一条: 小企业贴息金额每年不超过20万元，微型企业每年不超过10万元. At
// 4.00% half the rate is 2%: ¥10,000,000 gives exactly ¥200,000 a year,
// 50 fen of principal one fen of subsidy.
func TestInterestSubsidyYearlyCap(t *testing.T) {
	table := []sync.Rate{{Term: sync.Term1Y, RateBP: 400, Effective: "2025-05-20"}}
	for _, tc := range []struct {
		size   enterprise.Size
		amount money.Amount
		due    money.Amount
		want   money.Amount
	}{
		{enterprise.Small, 10_000_000_00 - 50, 200_000_00 - 1, 200_000_00 - 1},
		{enterprise.Small, 10_000_000_00, 200_000_00, 200_000_00},
		{enterprise.Small, 10_000_000_00 + 50, 200_000_00 + 1, 200_000_00},
		{enterprise.Micro, 5_000_000_00 - 50, 100_000_00 - 1, 100_000_00 - 1},
		{enterprise.Micro, 5_000_000_00, 100_000_00, 100_000_00},
		{enterprise.Micro, 5_000_000_00 + 50, 100_000_00 + 1, 100_000_00},
	} {
		c := interestCase(tc.amount, 1_000_000_00)
		c.Size, c.Rates = tc.size, table
		s, err := InterestSubsidy(c)
		if err != nil || s.Years[0].Due != tc.due || s.Total != tc.want {
			t.Fatalf("%s %s: %+v, %v", tc.size.Title(), tc.amount, s, err)
		}
	}
	for _, size := range []enterprise.Size{enterprise.Medium, enterprise.Large, 0} {
		c := interestCase(1_000_000_00, 15_000_00)
		c.Size = size
		_, err := InterestSubsidy(c)
		wantReasons(t, err, Interest, ErrSize)
	}
}

// 第十一条: 贴息时间不超过两年. A 25-month loan is subsidised for 24 months;
// a short second year gets its share of the interest paid.
func TestInterestSubsidyTwoYears(t *testing.T) {
	for _, tc := range []struct {
		months      int
		paid, total money.Amount
		years       []int
	}{
		{23, 30_000_00, 15_000_00 + 13_750_00, []int{12, 11}},
		{24, 30_000_00, 30_000_00, []int{12, 12}},
		{25, 30_000_00, 30_000_00, []int{12, 12}},
		// ¥10,000 paid a year, ¥5,000 in the six months of the second.
		{18, 10_000_00, 10_000_00 + 5_000_00, []int{12, 6}},
	} {
		c := interestCase(1_000_000_00, tc.paid)
		c.Months = tc.months
		s, err := InterestSubsidy(c)
		if err != nil || len(s.Years) != len(tc.years) || s.Total != tc.total {
			t.Fatalf("%d个月: %+v, %v", tc.months, s, err)
		}
		for i, m := range tc.years {
			if s.Years[i].Months != m {
				t.Fatalf("%d个月: year %d has %d months", tc.months, i+1, s.Years[i].Months)
			}
		}
	}
}

// No rate table, no estimate: the subsidy is never worked out on a
// made-up rate, and the reason says so beside the others.
func TestInterestSubsidyWithoutRates(t *testing.T) {
	c := interestCase(1_000_000_00, 15_000_00)
	c.Rates = nil
	c.Answers.InterestPaid = Given[money.Amount]{}
	s, err := InterestSubsidy(c)
	wantReasons(t, err, Interest, ErrInterestPaid, ErrNoRateTable)
	if s.Total != 0 || len(s.Years) != 0 {
		t.Fatalf("a subsidy without rates: %+v", s)
	}
	c = interestCase(1_000_000_00, 15_000_00)
	c.Answers.Encouraged = No
	c.Answers.Applicant.Local = Unknown
	_, err = InterestSubsidy(c)
	wantReasons(t, err, Interest, ErrEncouraged, ErrNotLocal)
	if !errors.Is(err, ErrUnanswered) {
		t.Fatal("the unanswered registration is not marked")
	}
}

// 第十一条: 贴息不超过实付利息. Nothing paid, nothing to subsidise: a
// subsidy of ¥0.00 is not one the enterprise can claim.
func TestInterestSubsidyOfNothingIsNotClaimable(t *testing.T) {
	for _, tc := range []struct {
		paid money.Amount
		want money.Amount // -1: refused
	}{
		{-1, -1},
		{0, -1},
		{1, 1},
	} {
		s, err := InterestSubsidy(interestCase(1_000_000_00, tc.paid))
		switch {
		case tc.want < 0 && tc.paid == 0:
			wantReasons(t, err, Interest, ErrNoInterestPaid)
			if err.Error() != "贷款贴息不适用：实付利息为零，无可贴息" {
				t.Fatalf("reads %q", err)
			}
		case tc.want < 0:
			wantReasons(t, err, Interest, ErrInterestPaid)
		case err != nil || s.Total != tc.want:
			t.Fatalf("paid %s: %+v, %v", tc.paid, s, err)
		}
	}
	// Half of 3.00% on 66 fen is 0.99 fen, on 67 fen 1.005 fen: rounded
	// down, the first subsidises nothing.
	_, err := InterestSubsidy(interestCase(66, 1_000_00))
	wantReasons(t, err, Interest, ErrNoSubsidy)
	if s, err := InterestSubsidy(interestCase(67, 1_000_00)); err != nil || s.Total != 1 {
		t.Fatalf("67 fen: %+v, %v", s, err)
	}
	// Assess lists it among what does not apply.
	c := eligible()
	c.Answers.InterestPaid = Give[money.Amount](0)
	if r := Assess(c).Results[2]; r.Scheme != Interest || r.Eligible() {
		t.Fatalf("a subsidy of ¥0.00 is claimable: %+v", r)
	}
}

// RULES §1: amounts above the ceiling are refused, here as everywhere;
// a typo of 2⁶¹ fen must not overflow into a negative subsidy.
func TestInterestSubsidyAmountsWithinTheCeiling(t *testing.T) {
	ceiling := money.DefaultCeiling
	for _, tc := range []struct {
		amount, paid money.Amount
		want         []error // nil: a subsidy
	}{
		{1_000_000_00, ceiling, nil},
		{1_000_000_00, ceiling + 1, []error{ErrInterestPaid}},
		{1_000_000_00, 1 << 61, []error{ErrInterestPaid}},
		{ceiling, 15_000_00, nil},
		{ceiling + 1, 15_000_00, []error{ErrLoan}},
		{1 << 61, 15_000_00, []error{ErrLoan}},
		{1, 15_000_00, []error{ErrNoSubsidy}}, // an amount, if too small to subsidise
		{0, 15_000_00, []error{ErrLoan}},
		{-1, 15_000_00, []error{ErrLoan}},
	} {
		s, err := InterestSubsidy(interestCase(tc.amount, tc.paid))
		if tc.want == nil {
			if err != nil || s.Total <= 0 || s.Total > SubsidyCap(enterprise.Micro) {
				t.Fatalf("loan %d paid %d: %+v, %v", tc.amount, tc.paid, s, err)
			}
			continue
		}
		wantReasons(t, err, Interest, tc.want...)
		if (tc.amount > ceiling || tc.paid > ceiling) != errors.Is(err, money.ErrTooLarge) {
			t.Fatalf("loan %d paid %d: %v", tc.amount, tc.paid, err)
		}
		if s.Total != 0 {
			t.Fatalf("loan %d paid %d: a subsidy %s with the refusal", tc.amount, tc.paid, s.Total)
		}
	}
	_, err := InterestSubsidy(interestCase(1_000_000_00, ceiling+1))
	if want := "每年实付利息金额超过上限 ¥9,999,999,999.99"; !strings.Contains(err.Error(), want) {
		t.Fatalf("reads %q, want %q", err, want)
	}
}
