package cash

import (
	"errors"
	"testing"

	"branchdesk/domain/money"
)

// 第九条: 碰库 — the box is checked against the vault denomination by denomination.
func TestCompareByDenomination(t *testing.T) {
	system := Count{"N100": 100, "N50": 20, "C1": 5}
	counted := Count{"N100": 99, "N50": 21, "C1": 5, "C1F": 1}
	lines, err := CompareByDenomination(system, counted)
	if err != nil {
		t.Fatal(err)
	}
	regular := 0
	for _, d := range Denominations() {
		if !d.Optional {
			regular++
		}
	}
	if len(lines) != regular+1 {
		t.Fatalf("%d lines, want every regular denomination and the counted 1分 coin", len(lines))
	}
	got := map[string]Line{}
	for _, l := range lines {
		got[l.Denomination.Code] = l
	}
	tests := []struct {
		code                  string
		expected, count, diff int64
		amount                money.Amount
	}{
		{"N100", 100, 99, -1, -100_00},
		{"N50", 20, 21, 1, 50_00},
		{"C1", 5, 5, 0, 0},
		{"N20", 0, 0, 0, 0},
		{"C1F", 0, 1, 1, 1},
	}
	for _, tc := range tests {
		l, ok := got[tc.code]
		if !ok {
			t.Errorf("no line for %s", tc.code)
			continue
		}
		if l.Expected != tc.expected || l.Counted != tc.count || l.Diff != tc.diff || l.Amount != tc.amount {
			t.Errorf("%s: %+v", tc.code, l)
		}
	}
	if _, ok := got["C2F"]; ok {
		t.Error("an optional denomination nobody holds must not have a line")
	}
	if _, err := CompareByDenomination(system, Count{"N2": 1}); !errors.Is(err, ErrUnknownDenomination) {
		t.Fatalf("unknown code: %v", err)
	}
	if _, err := CompareByDenomination(Count{"N100": -1}, counted); !errors.Is(err, ErrNegativePieces) {
		t.Fatalf("negative: %v", err)
	}
}

// RULES §3: a vault difference is recorded by denomination — what is
// missing and what is too many, apart, so neither is netted away.
func TestSplitDifference(t *testing.T) {
	system := Count{"N100": 100, "N50": 20, "C1": 5}
	cases := []struct {
		name        string
		counted     Count
		short, over Count
	}{
		{"agrees", Count{"N100": 100, "N50": 20, "C1": 5}, Count{}, Count{}},
		{"one note short", Count{"N100": 99, "N50": 20, "C1": 5}, Count{"N100": 1}, Count{}},
		{"one coin over", Count{"N100": 100, "N50": 20, "C1": 6}, Count{}, Count{"C1": 1}},
		{"total right, denominations off", Count{"N100": 99, "N50": 22, "C1": 5}, Count{"N100": 1}, Count{"N50": 2}},
		{"an optional coin not in the books", Count{"N100": 100, "N50": 20, "C1": 5, "C1F": 1}, Count{}, Count{"C1F": 1}},
	}
	for _, c := range cases {
		short, over, err := SplitDifference(system, c.counted)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !sameCount(short, c.short) || !sameCount(over, c.over) {
			t.Errorf("%s: short %v over %v, want %v and %v", c.name, short, over, c.short, c.over)
		}
		// The system less the short plus the over is the count.
		after, err := system.Sub(short)
		if err != nil {
			t.Fatal(err)
		}
		if after, err = after.Add(over); err != nil {
			t.Fatal(err)
		}
		if !sameCount(after, c.counted) {
			t.Errorf("%s: books after %v, counted %v", c.name, after, c.counted)
		}
	}
	if _, _, err := SplitDifference(system, Count{"N100": -1}); !errors.Is(err, ErrNegativePieces) {
		t.Errorf("negative count: %v", err)
	}
}

func sameCount(a, b Count) bool {
	for _, d := range Denominations() {
		if a[d.Code] != b[d.Code] {
			return false
		}
	}
	return true
}
