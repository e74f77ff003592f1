package ledger

import (
	"errors"
	"testing"
)

// Cash legs go against the teller's cash account; every entry balances.
func TestLegs(t *testing.T) {
	cases := []struct {
		kind        Kind
		debit, cred string
	}{
		{SavingsCashDeposit, "CASH-1001", "S1"},
		{CorporateCashDeposit, "CASH-1001", "S1"},
		{SavingsCashWithdrawal, "S1", "CASH-1001"},
		{CorporateCashWithdrawal, "S1", "CASH-1001"},
		{SavingsTransfer, "S1", "S2"},
		{CorporateTransfer, "S1", "S2"},
	}
	for _, tc := range cases {
		legs, err := Legs(tc.kind, 100, "S1", "S2", "1001")
		if err != nil {
			t.Fatal(err)
		}
		if legs[0].Account != tc.debit || legs[0].Side != Debit || legs[1].Account != tc.cred || legs[1].Side != Credit {
			t.Errorf("%s: %+v", tc.kind.Title(), legs)
		}
		if err := CheckBalanced(legs); err != nil {
			t.Errorf("%s: %v", tc.kind.Title(), err)
		}
		if err := CheckBalanced(Reversed(legs)); err != nil || Reversed(legs)[0].Side != Credit {
			t.Errorf("%s reversed: %v", tc.kind.Title(), err)
		}
	}
	if _, err := Legs(SavingsTransfer, 100, "S1", "S1", "1001"); !errors.Is(err, ErrSameAccount) {
		t.Fatalf("same account: %v", err)
	}
	if _, err := Legs(SavingsCashDeposit, 0, "S1", "", "1001"); !errors.Is(err, ErrNonPositive) {
		t.Fatalf("zero: %v", err)
	}
}

func TestCheckBalanced(t *testing.T) {
	if err := CheckBalanced([]Leg{{"A", Debit, 100}, {"B", Credit, 99}}); !errors.Is(err, ErrUnbalanced) {
		t.Fatalf("one fen off: %v", err)
	}
	if err := CheckBalanced([]Leg{{"A", Debit, 100}}); !errors.Is(err, ErrUnbalanced) {
		t.Fatalf("one leg: %v", err)
	}
	if err := CheckBalanced([]Leg{{"A", Debit, 100}, {"B", Credit, 60}, {"C", Credit, 40}}); err != nil {
		t.Fatalf("split: %v", err)
	}
}

func TestEffect(t *testing.T) {
	if Effect(Savings, Leg{"S", Credit, 5}) != 5 || Effect(Savings, Leg{"S", Debit, 5}) != -5 {
		t.Fatal("a deposit is a liability: credit raises it")
	}
	if Effect(Cash, Leg{"C", Debit, 5}) != 5 {
		t.Fatal("cash is an asset: debit raises it")
	}
}

func TestParseKind(t *testing.T) {
	for _, k := range Kinds {
		if got, err := ParseKind(k.Title()); err != nil || got != k {
			t.Fatalf("%s: %v", k.Title(), err)
		}
	}
	if _, err := ParseKind("外汇"); !errors.Is(err, ErrUnknownKind) {
		t.Fatal(err)
	}
}
