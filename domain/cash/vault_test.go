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
