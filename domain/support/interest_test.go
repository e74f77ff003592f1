package support

import (
	"errors"
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

// 种子003第二部分 第十一條: 财政按不超过同期限贷款基准利率的50%予以贴息;
// RULES §8: never more than the interest actually paid. Half of 3.00% on
// ¥1,000,000 for a year is ¥15,000.00.
func TestInterestSubsidyHalfTheBaseRateAndInterestPaid(t *testing.T) {
	for _, tc := range []struct {
		paid, want money.Amount
	}{
		{14_999_99, 14_999_99}, // a fen less paid: the interest paid bounds it
		{15_000_00, 15_000_00},
		{15_000_01, 15_000_00}, // a fen more paid: half the base rate bounds it
		{0, 0},
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

// 第十一條: 小企业贴息金额每年不超过20万元，微型企业每年不超过10万元. At
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

// 第十一條: 贴息时间不超过两年. A 25-month loan is subsidised for 24 months;
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
