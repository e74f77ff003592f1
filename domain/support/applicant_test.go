package support

import (
	"errors"
	"testing"
)

// 种子003第二部分 第三十一条: 近两年没有骗取财政资金等违法违规行为;
// 第三十六条: 骗取、套取资助资金的，相关企业3年内不得申请. Each period starts
// the day after and includes its last day (民法典第二百零一条).
func TestApplicantFraudPeriods(t *testing.T) {
	a := Applicant{Local: Yes, Fraud: Yes, FraudOn: "2023-11-23"}
	for _, tc := range []struct {
		on   string
		want []error
	}{
		{"2023-11-23", []error{ErrFraud, ErrBlacklisted}},
		{"2025-11-22", []error{ErrFraud, ErrBlacklisted}}, // a day short of two years
		{"2025-11-23", []error{ErrFraud, ErrBlacklisted}}, // two years: the last day of the period
		{"2025-11-24", []error{ErrBlacklisted}},           // past two years, within three
		{"2026-11-22", []error{ErrBlacklisted}},
		{"2026-11-23", []error{ErrBlacklisted}}, // three years: still barred
		{"2026-11-24", nil},                     // the day after
	} {
		got := a.Check(tc.on)
		if len(got) != len(tc.want) {
			t.Fatalf("on %s: %q, want %v", tc.on, got, tc.want)
		}
		for i, w := range tc.want {
			if !errors.Is(got[i], w) {
				t.Fatalf("on %s: reason %d %q, want %v", tc.on, i, got[i], w)
			}
		}
	}
	if until, err := BlacklistedUntil("2023-11-23"); err != nil || until != "2026-11-23" {
		t.Fatalf("BlacklistedUntil = %s, %v", until, err)
	}
}

// 第三十一条（一）: 在我市依法登记注册. Unanswered is not yes.
func TestApplicantAnswers(t *testing.T) {
	on := "2026-11-23"
	for name, tc := range map[string]struct {
		a    Applicant
		want []error
	}{
		"all met":          {Applicant{Local: Yes, Fraud: No}, nil},
		"not local":        {Applicant{Local: No, Fraud: No}, []error{ErrNotLocal}},
		"nothing answered": {Applicant{}, []error{ErrNotLocal, ErrFraud}},
		"fraud, no date":   {Applicant{Local: Yes, Fraud: Yes}, []error{ErrFraudDate}},
		"fraud tomorrow":   {Applicant{Local: Yes, Fraud: Yes, FraudOn: "2026-11-24"}, []error{ErrFraudDate}},
	} {
		got := tc.a.Check(on)
		if len(got) != len(tc.want) {
			t.Fatalf("%s: %q", name, got)
		}
		for i, w := range tc.want {
			if !errors.Is(got[i], w) {
				t.Fatalf("%s: %q, want %v", name, got[i], w)
			}
		}
	}
	got := Applicant{}.Check(on)
	for _, err := range got {
		if !errors.Is(err, ErrUnanswered) {
			t.Fatalf("%q is not marked unanswered", err)
		}
	}
	if got[0].Error() != "尚未确认是否在本地依法登记注册" {
		t.Fatalf("unanswered reads %q", got[0])
	}
}

// 民法典第二百零二条: 按照年、月计算期间的，到期月的对应日为期间的最后一日；
// 没有对应日的，月末日为期间的最后一日. A fraud dealt with on 2024-02-29:
// two years end on 2026-02-28, three on 2027-02-28, never on 03-01.
func TestApplicantPeriodsFromALeapDay(t *testing.T) {
	for _, tc := range []struct {
		years int
		want  string
	}{
		{1, "2025-02-28"},
		{2, "2026-02-28"},
		{3, "2027-02-28"},
		{4, "2028-02-29"}, // a leap year has the day
	} {
		if got, err := yearsOn("2024-02-29", tc.years); err != nil || got != tc.want {
			t.Errorf("2024-02-29 + %d年 = %s, %v; want %s", tc.years, got, err, tc.want)
		}
	}
	if until, err := BlacklistedUntil("2024-02-29"); err != nil || until != "2027-02-28" {
		t.Fatalf("BlacklistedUntil(2024-02-29) = %s, %v", until, err)
	}
	a := Applicant{Local: Yes, Fraud: Yes, FraudOn: "2024-02-29"}
	for _, tc := range []struct {
		on   string
		want []error
	}{
		{"2026-02-27", []error{ErrFraud, ErrBlacklisted}},
		{"2026-02-28", []error{ErrFraud, ErrBlacklisted}}, // the last day of two years
		{"2026-03-01", []error{ErrBlacklisted}},
		{"2027-02-27", []error{ErrBlacklisted}},
		{"2027-02-28", []error{ErrBlacklisted}}, // the last day of three years
		{"2027-03-01", nil},
	} {
		got := a.Check(tc.on)
		if len(got) != len(tc.want) {
			t.Fatalf("on %s: %q, want %v", tc.on, got, tc.want)
		}
		for i, w := range tc.want {
			if !errors.Is(got[i], w) {
				t.Fatalf("on %s: reason %d %q, want %v", tc.on, i, got[i], w)
			}
		}
	}
}
