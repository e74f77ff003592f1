package voucher

import (
	"errors"
	"testing"

	"branchdesk/domain/staff"
)

func stock(t testing.TB) Stock {
	return Stock{
		Type:       mustType(t, CashCheque),
		Keeper:     staff.User{ID: "2001", Name: "李主办", Level: staff.LevelB, Branch: "0101", Active: true},
		Bookkeeper: "2002",
		Ranges:     []Range{{CashCheque, 1, 100}, {CashCheque, 101, 200}, {CashCheque, 401, 500}},
	}
}

// 第十条: 重要空白凭证应指定专人保管和领发，做到账证分管; B级柜员负责重空的领取和下发.
func TestCheckIssue(t *testing.T) {
	tests := []struct {
		name   string
		mut    func(*Stock)
		r      Range
		teller string
		err    error
	}{
		{"a book from stock", nil, Range{CashCheque, 1, 25}, "1001", nil},
		{"across two lots", nil, Range{CashCheque, 90, 110}, "1001", nil},
		{"the last number in stock", nil, Range{CashCheque, 500, 500}, "1001", nil},
		{"one past the stock", nil, Range{CashCheque, 500, 501}, "1001", ErrNotInStock},
		{"over a gap", nil, Range{CashCheque, 190, 410}, "1001", ErrNotInStock},
		{"another type", nil, Range{TransferCheque, 1, 25}, "1001", ErrTypeMismatch},
		{"wider than 8 digits", nil, Range{CashCheque, 1, 100_000_000}, "1001", ErrTooLargeRange},
		{"reversed range", nil, Range{CashCheque, 25, 1}, "1001", ErrRange},
		{"no teller", nil, Range{CashCheque, 1, 25}, "", ErrNoTeller},
		{"keeper is a C", func(s *Stock) { s.Keeper.Level = staff.LevelC }, Range{CashCheque, 1, 25}, "1001", ErrKeeperLevel},
		{"keeper is an A", func(s *Stock) { s.Keeper.Level = staff.LevelA }, Range{CashCheque, 1, 25}, "1001", ErrKeeperLevel},
		// 账证分管
		{"keeper keeps the books", func(s *Stock) { s.Bookkeeper = "2001" }, Range{CashCheque, 1, 25}, "1001", ErrSameKeeper},
		{"no bookkeeper", func(s *Stock) { s.Bookkeeper = "" }, Range{CashCheque, 1, 25}, "1001", ErrNoBookkeeper},
		{"keeper locked", func(s *Stock) { s.Keeper.Locked = true }, Range{CashCheque, 1, 25}, "1001", staff.ErrLocked},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := stock(t)
			if tc.mut != nil {
				tc.mut(&s)
			}
			err := CheckIssue(s, tc.r, tc.teller)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("CheckIssue = %v, want %v", err, tc.err)
			}
		})
	}
}
