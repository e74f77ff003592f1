package support

import (
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/money"
)

// 种子003第二部分 第六條: 雇员（含投资者）20人以下、创业者投资金额15万元以下.
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

// 第七條: 15万元以内2年期的创业扶持贷款，贷款利率执行同期限基准利率，给予承贷
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
	for months, want := range map[int]int{23: 23, 24: 24, 25: 24} {
		c := eligible()
		c.Months = months
		l, err := StartupSupport(c)
		if err != nil || l.Months != want {
			t.Fatalf("%d个月: %+v, %v", months, l, err)
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
