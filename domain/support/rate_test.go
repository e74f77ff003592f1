package support

import (
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/sync"
)

// 种子003第二部分 第十一条: 按同期限贷款基准利率. The rate of a day is the
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

// 第十一条: 按同期限贷款基准利率. A rate quoted for exactly the loan's months
// is the base rate only while it is the newest in force: an old row
// (the PBoC's 2015 table) never beats the LPR that replaced it. On the
// same day the exact-month quote wins. The LPR rows are from 2025-05-20.
func TestBaseRateNewestOfExactMonthsAndLPR(t *testing.T) {
	for _, tc := range []struct {
		eff  string
		want int
		term sync.Term
	}{
		{"2015-10-24", 300, sync.Term1Y}, // 2015's 1-3 year rate, long replaced by the LPR
		{"2025-05-19", 300, sync.Term1Y}, // a day older than the LPR
		{"2025-05-20", 475, "24"},        // the same day: the exact term wins
		{"2025-05-21", 475, "24"},        // a day newer
	} {
		table := append(lpr(), sync.Rate{Term: "24", RateBP: 475, Effective: tc.eff})
		r, err := BaseRate(table, 24, "2026-11-23")
		if err != nil || r.RateBP != tc.want || r.Term != tc.term {
			t.Errorf("24个月 row from %s: %+v, %v; want %s %d", tc.eff, r, err, tc.term, tc.want)
		}
	}
	// Before the 2025 LPR is in force, the 2024 LPR is older than a row of
	// 2025-05-19.
	table := append(lpr(), sync.Rate{Term: "24", RateBP: 475, Effective: "2025-05-19"})
	if r, err := BaseRate(table, 24, "2025-05-19"); err != nil || r.RateBP != 475 {
		t.Errorf("on 2025-05-19: %+v, %v", r, err)
	}
}

// The reason names the LPR in Chinese, not by its code.
func TestNoRateErrorReadsChinese(t *testing.T) {
	for months, want := range map[int]string{12: "1年期LPR", 61: "5年期以上LPR"} {
		_, err := BaseRate(lpr(), months, "2024-10-20")
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "1Y") || strings.Contains(err.Error(), "5Y") {
			t.Errorf("%d个月: %v, want it to name %s", months, err, want)
		}
	}
}
