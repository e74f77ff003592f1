package support

import (
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/money"
	"branchdesk/domain/sync"
)

// 种子003第二部分 第六条: 雇员（含投资者）20人以下、创业者投资金额15万元以下.
func TestStartupStaffAndInvestment(t *testing.T) {
	for _, tc := range []struct {
		staff      int
		investment money.Amount
		want       []error
	}{
		{19, 149_999_99, nil},
		{20, 150_000_00, nil}, // the exact limits: 以下 includes the number
		{21, 150_000_00, []error{ErrStaff}},
		{20, 150_000_01, []error{ErrInvestment}},
		{21, 150_000_01, []error{ErrStaff, ErrInvestment}},
	} {
		c := eligible()
		c.Answers.Founding.Staff = Give(tc.staff)
		c.Answers.Founding.Investment = Give(tc.investment)
		_, err := StartupSupport(c)
		if tc.want == nil {
			if err != nil {
				t.Fatalf("%d人 %s: %v", tc.staff, tc.investment, err)
			}
			continue
		}
		wantReasons(t, err, Startup, tc.want...)
	}
}

// 第七条: 15万元以内2年期的创业扶持贷款，贷款利率执行同期限基准利率，给予承贷
// 银行1个百分点奖励.
func TestStartupLoanLimits(t *testing.T) {
	for _, tc := range []struct {
		sought, want money.Amount
		capped       bool
	}{
		{149_999_99, 149_999_99, false},
		{150_000_00, 150_000_00, false},
		{150_000_01, 150_000_00, true},
	} {
		c := eligible()
		c.Amount = tc.sought
		l, err := StartupSupport(c)
		if err != nil || l.Amount != tc.want || l.Capped != tc.capped {
			t.Fatalf("sought %s: %+v, %v", tc.sought, l, err)
		}
	}
	c := eligible()
	c.Amount = 12_345_67
	l, _ := StartupSupport(c)
	// 1% of ¥12,345.67 is ¥123.4567: rounded down.
	if l.Reward != 123_45 || l.Base.RateBP != 300 || l.Base.Effective != "2025-05-20" || l.BaseErr != nil {
		t.Fatalf("loan %+v", l)
	}
	c.Rates = nil
	if l, err := StartupSupport(c); err != nil || !errors.Is(l.BaseErr, ErrNoRateTable) {
		t.Fatalf("no rate table: %+v, %v", l, err)
	}
}

// Every condition unmet is listed, not only the first, and an unanswered
// one never qualifies.
func TestStartupListsEveryReason(t *testing.T) {
	c := eligible()
	c.Answers = Answers{}
	_, err := StartupSupport(c)
	wantReasons(t, err, Startup, ErrStaff, ErrInvestment, ErrLicence, ErrFounder, ErrEncouraged, ErrNotLocal, ErrFraud)
	for _, r := range Reasons(err) {
		if !errors.Is(r, ErrUnanswered) {
			t.Fatalf("%q not marked unanswered", r)
		}
	}
	c = eligible()
	c.Answers.Founding.Founder = OtherFounder
	c.Answers.Founding.Licence = No
	c.Answers.Encouraged = No
	_, err = StartupSupport(c)
	wantReasons(t, err, Startup, ErrLicence, ErrFounder, ErrEncouraged)
	if !strings.Contains(err.Error(), "现为其他人员") || errors.Is(err, ErrUnanswered) {
		t.Fatalf("message %q", err)
	}
}

// 第六条: 雇员（含投资者）20人以下、创业者投资金额15万元以下. The investors
// are staff, so there is at least one; a founder who invested nothing has
// founded nothing; and no figure is above the ceiling of RULES §1.
func TestStartupStaffAndInvestmentFloors(t *testing.T) {
	for _, tc := range []struct {
		staff      int
		investment money.Amount
		want       []error
	}{
		{-1, 1, []error{ErrStaff}},
		{0, 1, []error{ErrStaff}},
		{1, 1, nil},
		{1, 0, []error{ErrInvestment}},
		{1, -1, []error{ErrInvestment}},
		{0, 0, []error{ErrStaff, ErrInvestment}},
		{1, money.DefaultCeiling + 1, []error{ErrInvestment}},
	} {
		c := eligible()
		c.Answers.Founding.Staff = Give(tc.staff)
		c.Answers.Founding.Investment = Give(tc.investment)
		_, err := StartupSupport(c)
		if tc.want == nil {
			if err != nil {
				t.Fatalf("%d人 %d: %v", tc.staff, tc.investment, err)
			}
			continue
		}
		wantReasons(t, err, Startup, tc.want...)
		if errors.Is(err, ErrUnanswered) {
			t.Fatalf("%d人 %d: an answer read as unanswered: %v", tc.staff, tc.investment, err)
		}
		if tc.investment > money.DefaultCeiling != errors.Is(err, money.ErrTooLarge) {
			t.Fatalf("%d人 %d: %v", tc.staff, tc.investment, err)
		}
	}
}

// 第六条: 高校毕业生、返乡农民工、失业人员、军队复员人员等重点人群创办. Every
// key group qualifies; anyone else, or no answer, does not.
func TestStartupFounderGroups(t *testing.T) {
	for _, tc := range []struct {
		f   Founder
		key bool
	}{
		{Graduate, true},
		{ReturningMigrant, true},
		{Unemployed, true},
		{Veteran, true},
		{OtherFounder, false},
		{0, false},
		{OtherFounder + 1, false},
	} {
		if tc.f.Key() != tc.key {
			t.Errorf("%d %s: Key() = %v", tc.f, tc.f.Title(), !tc.key)
		}
		c := eligible()
		c.Answers.Founding.Founder = tc.f
		_, err := StartupSupport(c)
		if tc.key {
			if err != nil {
				t.Errorf("%s: %v", tc.f.Title(), err)
			}
			continue
		}
		wantReasons(t, err, Startup, ErrFounder)
	}
	if len(Founders()) != 5 {
		t.Fatalf("founders %v", Founders())
	}
}

// 第七条: 15万元以内2年期的创业扶持贷款，贷款利率执行同期限基准利率. The loan
// is a two-year loan whatever term the demand sought, and its rate is the
// base rate of two years, not of the demand's term.
func TestStartupLoanIsTwoYears(t *testing.T) {
	table := append(lpr(),
		sync.Rate{Term: "12", RateBP: 280, Effective: "2026-01-01"},
		sync.Rate{Term: "24", RateBP: 290, Effective: "2026-01-01"},
		sync.Rate{Term: "36", RateBP: 400, Effective: "2026-01-01"},
	)
	for _, months := range []int{1, 12, 23, 24, 25, 36, 61, 600} {
		c := eligible()
		c.Months, c.Rates = months, table
		l, err := StartupSupport(c)
		if err != nil || l.Months != StartupLoanMonths || l.BaseErr != nil || l.Base.Term != "24" || l.Base.RateBP != 290 {
			t.Errorf("demand of %d个月: %+v, %v; want 24个月 at 2.90%%", months, l, err)
		}
	}
	// Without a 24-month quote, the one-year LPR, even for a demand of
	// more than five years.
	c := eligible()
	c.Months = 61
	if l, err := StartupSupport(c); err != nil || l.Base.Term != sync.Term1Y || l.Base.RateBP != 300 {
		t.Fatalf("demand of 61个月: %+v, %v", l, err)
	}
}

// A demand without an amount or a term is no loan to support; an amount
// above the ceiling of RULES §1 is a typo, refused.
func TestStartupNeedsAmountAndTerm(t *testing.T) {
	ceiling := money.DefaultCeiling
	for _, tc := range []struct {
		amount money.Amount
		months int
		want   money.Amount // -1: refused
	}{
		{1, 1, 1},
		{0, 24, -1},
		{-1, 24, -1},
		{100_000_00, 0, -1},
		{100_000_00, -1, -1},
		{ceiling, 24, StartupMaxLoan},
		{ceiling + 1, 24, -1},
		{1 << 61, 24, -1},
	} {
		c := eligible()
		c.Amount, c.Months = tc.amount, tc.months
		l, err := StartupSupport(c)
		if tc.want >= 0 {
			if err != nil || l.Amount != tc.want {
				t.Fatalf("%d for %d个月: %+v, %v", tc.amount, tc.months, l, err)
			}
			continue
		}
		wantReasons(t, err, Startup, ErrLoan)
		if tc.amount > ceiling != errors.Is(err, money.ErrTooLarge) {
			t.Fatalf("%d for %d个月: %v", tc.amount, tc.months, err)
		}
	}
}
