package support

import (
	"errors"
	"testing"

	"branchdesk/domain/sync"
)

// 种子003第二部分 第十一條: 按同期限贷款基准利率. The rate of a day is the
// latest one effective on or before it.
func TestBaseRateOnTheEffectiveDay(t *testing.T) {
	for _, tc := range []struct {
		on     string
		wantBP int
		eff    string
	}{
		{"2025-05-19", 310, "2024-10-21"}, // the day before the change
		{"2025-05-20", 300, "2025-05-20"}, // the day it takes effect
		{"2025-05-21", 300, "2025-05-20"},
		{"2024-10-21", 310, "2024-10-21"},
	} {
		r, err := BaseRate(lpr(), 12, tc.on)
		if err != nil || r.RateBP != tc.wantBP || r.Effective != tc.eff || r.Term != sync.Term1Y {
			t.Errorf("BaseRate(12个月, %s) = %+v, %v; want 1Y %d from %s", tc.on, r, err, tc.wantBP, tc.eff)
		}
	}
	_, err := BaseRate(lpr(), 12, "2024-10-20")
	var nr *NoRateError
	if !errors.As(err, &nr) || !errors.Is(err, ErrNoBaseRate) || nr.Term != sync.Term1Y || nr.On != "2024-10-20" {
		t.Fatalf("before any rate: %v", err)
	}
}

// LPR convention: the one-year LPR is the base rate of loans up to five
// years, the five-year-and-above LPR of longer ones.
func TestBaseRateLPRTerm(t *testing.T) {
	for months, want := range map[int]int{1: 300, 59: 300, 60: 300, 61: 350, 600: 350} {
		r, err := BaseRate(lpr(), months, "2026-11-23")
		if err != nil || r.RateBP != want {
			t.Errorf("BaseRate(%d个月) = %+v, %v; want %d", months, r, err, want)
		}
	}
}

// A rate quoted for exactly the loan's months wins over the LPR, once it
// is in force.
func TestBaseRateExplicitMonths(t *testing.T) {
	table := append(lpr(), sync.Rate{Term: "24", RateBP: 290, Effective: "2026-01-01"})
	for _, tc := range []struct {
		months int
		on     string
		want   int
	}{
		{24, "2026-01-01", 290},
		{24, "2025-12-31", 300}, // not yet in force: the 1Y LPR
		{23, "2026-06-01", 300},
		{25, "2026-06-01", 300},
	} {
		r, err := BaseRate(table, tc.months, tc.on)
		if err != nil || r.RateBP != tc.want {
			t.Errorf("BaseRate(%d个月, %s) = %+v, %v; want %d", tc.months, tc.on, r, err, tc.want)
		}
	}
}

func TestBaseRateRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		table  []sync.Rate
		months int
		on     string
		want   error
	}{
		"no table":     {nil, 12, "2026-11-23", ErrNoRateTable},
		"no months":    {lpr(), 0, "2026-11-23", ErrTerm},
		"601 months":   {lpr(), 601, "2026-11-23", ErrTerm},
		"bad date":     {lpr(), 12, "2026-02-30", ErrDate},
		"bad row":      {[]sync.Rate{{Term: sync.Term1Y, RateBP: 0, Effective: "2025-05-20"}}, 12, "2026-11-23", sync.ErrRate},
		"no 5Y+ quote": {[]sync.Rate{{Term: sync.Term1Y, RateBP: 300, Effective: "2025-05-20"}}, 61, "2026-11-23", ErrNoBaseRate},
	} {
		if _, err := BaseRate(tc.table, tc.months, tc.on); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
}
