package voucher

import (
	"errors"
	"math"
	"slices"
	"testing"
)

func TestRangeBasics(t *testing.T) {
	r := Range{CashCheque, 1, 25}
	tests := []struct {
		r     Range
		err   error
		count int64
	}{
		{r, nil, 25},
		{Range{CashCheque, 7, 7}, nil, 1},
		{Range{CashCheque, 1, math.MaxInt64}, nil, math.MaxInt64},
		{Range{CashCheque, 8, 7}, ErrRange, 0},
		{Range{CashCheque, 0, 7}, ErrRange, 0},
		{Range{CashCheque, -3, 7}, ErrRange, 0},
		{Range{"", 1, 7}, ErrRangeType, 7},
	}
	for _, tc := range tests {
		if err := tc.r.Validate(); !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
			t.Errorf("%+v Validate = %v, want %v", tc.r, err, tc.err)
		}
		if got := tc.r.Count(); got != tc.count {
			t.Errorf("%+v Count = %d, want %d", tc.r, got, tc.count)
		}
	}
	for n, want := range map[int64]bool{0: false, 1: true, 25: true, 26: false} {
		if r.Contains(n) != want {
			t.Errorf("Contains(%d) = %v", n, !want)
		}
	}
	overlaps := []struct {
		o    Range
		want bool
	}{
		{Range{CashCheque, 25, 30}, true}, // shares the last number
		{Range{CashCheque, 26, 30}, false},
		{Range{CashCheque, 0, 1}, false}, // empty: From 0
		{Range{CashCheque, 5, 6}, true},
		{Range{TransferCheque, 1, 25}, false},
	}
	for _, tc := range overlaps {
		if r.Overlaps(tc.o) != tc.want || (tc.o.Count() > 0 && tc.o.Overlaps(r) != tc.want) {
			t.Errorf("Overlaps(%+v) = %v, want %v", tc.o, !tc.want, tc.want)
		}
	}
}

func TestRangeSplit(t *testing.T) {
	box := Range{CashCheque, 101, 200}
	tests := []struct {
		n           int64
		first, rest Range
		err         error
	}{
		{25, Range{CashCheque, 101, 125}, Range{CashCheque, 126, 200}, nil},
		{1, Range{CashCheque, 101, 101}, Range{CashCheque, 102, 200}, nil},
		{99, Range{CashCheque, 101, 199}, Range{CashCheque, 200, 200}, nil},
		{100, box, Range{Type: CashCheque}, nil},
		{101, Range{}, Range{}, ErrRangeSplit},
		{0, Range{}, Range{}, ErrRangeSplit},
		{-1, Range{}, Range{}, ErrRangeSplit},
	}
	for _, tc := range tests {
		first, rest, err := box.Split(tc.n)
		if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) || first != tc.first || rest != tc.rest {
			t.Errorf("Split(%d) = %+v, %+v, %v", tc.n, first, rest, err)
		}
		if err == nil && first.Count()+rest.Count() != box.Count() {
			t.Errorf("Split(%d) lost numbers", tc.n)
		}
	}
}

func TestRangeMinusAndCovers(t *testing.T) {
	r := Range{CashCheque, 1, 100}
	minus := []struct {
		o    Range
		want []Range
	}{
		{Range{CashCheque, 1, 25}, []Range{{CashCheque, 26, 100}}},
		{Range{CashCheque, 76, 100}, []Range{{CashCheque, 1, 75}}},
		{Range{CashCheque, 26, 50}, []Range{{CashCheque, 1, 25}, {CashCheque, 51, 100}}},
		{Range{CashCheque, 1, 100}, nil},
		{Range{CashCheque, 101, 150}, []Range{r}},
		{Range{TransferCheque, 1, 25}, []Range{r}},
	}
	for _, tc := range minus {
		if got := r.Minus(tc.o); !slices.Equal(got, tc.want) {
			t.Errorf("Minus(%+v) = %v, want %v", tc.o, got, tc.want)
		}
	}

	stock := []Range{{CashCheque, 51, 100}, {CashCheque, 1, 50}, {CashCheque, 201, 300}, {TransferCheque, 101, 200}}
	covers := []struct {
		r    Range
		want bool
	}{
		{Range{CashCheque, 1, 100}, true}, // two lots that touch
		{Range{CashCheque, 40, 60}, true},
		{Range{CashCheque, 100, 100}, true},
		{Range{CashCheque, 100, 101}, false}, // one past the end
		{Range{CashCheque, 0, 10}, false},
		{Range{CashCheque, 150, 210}, false},
		{Range{CashCheque, 201, 300}, true},
		{Range{CashCheque, 101, 200}, false}, // transfer cheques are another type
		{Range{CashCheque, 1, 300}, false},   // the gap 101–200
	}
	for _, tc := range covers {
		if got := Covers(stock, tc.r); got != tc.want {
			t.Errorf("Covers(%+v) = %v, want %v", tc.r, got, tc.want)
		}
	}
	if !Covers([]Range{{CashCheque, 1, math.MaxInt64}}, Range{CashCheque, math.MaxInt64, math.MaxInt64}) {
		t.Error("top of int64")
	}
}
