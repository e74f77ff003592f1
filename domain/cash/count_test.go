package cash

import (
	"errors"
	"math"
	"testing"

	"branchdesk/domain/money"
)

func TestCountTotal(t *testing.T) {
	tests := []struct {
		name  string
		count Count
		want  money.Amount
		err   error
	}{
		{"empty", Count{}, 0, nil},
		{"nil", nil, 0, nil},
		{"every line", Count{"N100": 1, "N50": 1, "N20": 1, "N10": 1, "N5": 1, "N1": 1, "C1": 1,
			"N5J": 1, "C5J": 1, "N1J": 1, "C1J": 1, "C5F": 1, "C2F": 1, "C1F": 1}, 188_28, nil},
		{"bundle of 100 notes", Count{"N100": 100}, 10_000_00, nil},
		{"zero pieces", Count{"N100": 0}, 0, nil},
		{"unknown code", Count{"N2": 1}, 0, ErrUnknownDenomination},
		{"negative pieces", Count{"N100": 10, "N50": -1}, 0, ErrNegativePieces},
		{"overflow", Count{"N100": math.MaxInt64/100_00 + 1}, 0, ErrCountTooLarge},
		{"largest bundle that fits", Count{"N100": math.MaxInt64 / 100_00}, math.MaxInt64 / 100_00 * 100_00, nil},
		{"largest that fits", Count{"C1F": math.MaxInt64}, math.MaxInt64, nil},
		{"one fen past int64", Count{"C1F": math.MaxInt64, "C2F": 1}, 0, ErrCountTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.count.Total()
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("Total() error %v, want %v", err, tc.err)
			}
			if got != tc.want {
				t.Fatalf("Total() = %s, want %s", got, tc.want)
			}
		})
	}
}

// 第九条 (count by denomination): the pieces must add up to the amount on
// the voucher, to the fen.
func TestCheckDeclared(t *testing.T) {
	count := Count{"N100": 9, "N50": 1, "N20": 2, "N10": 1} // ¥1,000.00
	tests := []struct {
		declared money.Amount
		err      error
	}{
		{1_000_00, nil},
		{1_000_00 - 1, ErrCountMismatch}, // one fen below
		{1_000_00 + 1, ErrCountMismatch}, // one fen above
		{0, ErrCountMismatch},
	}
	for _, tc := range tests {
		err := CheckDeclared(count, tc.declared)
		if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
			t.Errorf("CheckDeclared(%s) = %v, want %v", tc.declared, err, tc.err)
		}
	}
	err := CheckDeclared(Count{"N100": 9}, 1_000_00)
	var m *MismatchError
	if !errors.As(err, &m) || m.Counted != 900_00 || m.Declared != 1_000_00 {
		t.Fatalf("error %v does not carry both sums", err)
	}
	if want := "券别明细合计 ¥900.00 与金额 ¥1,000.00 不符"; err.Error() != want {
		t.Fatalf("message %q, want %q", err.Error(), want)
	}
	if err := CheckDeclared(Count{"N3": 1}, 3_00); !errors.Is(err, ErrUnknownDenomination) {
		t.Fatalf("unknown code: %v", err)
	}
}

func TestCountAddSub(t *testing.T) {
	box := Count{"N100": 10, "N50": 2}
	in := Count{"N100": 5, "C1": 3}
	sum, err := box.Add(in)
	if err != nil {
		t.Fatal(err)
	}
	if sum["N100"] != 15 || sum["N50"] != 2 || sum["C1"] != 3 || len(sum) != 3 {
		t.Fatalf("Add = %v", sum)
	}
	if box["N100"] != 10 || len(box) != 2 {
		t.Fatalf("Add changed its receiver: %v", box)
	}
	back, err := sum.Sub(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 2 || back["N100"] != 10 || back["N50"] != 2 {
		t.Fatalf("Sub = %v, want %v (zero lines dropped)", back, box)
	}

	tests := []struct {
		name string
		take Count
		err  error
	}{
		{"every piece of a line", Count{"N50": 2}, nil},
		{"one piece more than the line holds", Count{"N50": 3}, ErrNotEnough},
		// ¥20 < ¥1,100 held, but not in 20s: no line goes below zero.
		{"line the box lacks", Count{"N20": 1}, ErrNotEnough},
		{"unknown code", Count{"N7": 1}, ErrUnknownDenomination},
		{"negative pieces", Count{"N100": -1}, ErrNegativePieces},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := box.Sub(tc.take)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("Sub(%v) error %v, want %v", tc.take, err, tc.err)
			}
		})
	}
	if _, err := box.Add(Count{"N100": -1}); !errors.Is(err, ErrNegativePieces) {
		t.Fatalf("Add negative: %v", err)
	}
	if _, err := (Count{"C1F": math.MaxInt64}).Add(Count{"C1F": 1}); !errors.Is(err, ErrCountTooLarge) {
		t.Fatalf("Add overflow: %v", err)
	}
}
