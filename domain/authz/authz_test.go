package authz

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/staff"
)

// 第十五条: 以内不包括本数，以上包括本数. Cash business: a C alone below
// 5万, a B from 5万 to below 20万, B then A from 20万. Transfers: a C
// alone below 10万, a B from 10万 to below 20万, B then A from 20万.
func TestRequireAtEveryThreshold(t *testing.T) {
	p := Default()
	limits := map[ledger.Kind][2]money.Amount{
		ledger.SavingsCashDeposit:      {50_000_00, 200_000_00},
		ledger.SavingsCashWithdrawal:   {50_000_00, 200_000_00},
		ledger.CorporateCashDeposit:    {50_000_00, 200_000_00},
		ledger.CorporateCashWithdrawal: {50_000_00, 200_000_00},
		ledger.SavingsTransfer:         {100_000_00, 200_000_00},
		ledger.CorporateTransfer:       {100_000_00, 200_000_00},
	}
	if len(limits) != len(ledger.Kinds) {
		t.Fatal("every business kind must be covered")
	}
	for kind, l := range limits {
		c, b := l[0], l[1]
		cases := []struct {
			amount money.Amount
			want   Need
		}{
			{1, NeedNone},
			{c - 1, NeedNone}, // one fen below the C limit
			{c, NeedB},        // the exact limit: 以上包括本数
			{c + 1, NeedB},
			{b - 1, NeedB},
			{b, NeedBA},
			{b + 1, NeedBA},
			{money.DefaultCeiling, NeedBA},
		}
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s/%s", kind.Title(), tc.amount), func(t *testing.T) {
				r, err := p.Require(kind, tc.amount)
				if err != nil {
					t.Fatal(err)
				}
				if r.Need != tc.want {
					t.Fatalf("Require(%s, %s) = %v, want %v", kind.Title(), tc.amount, r.Need, tc.want)
				}
				if r.Policy != p.Version {
					t.Fatalf("policy version %d, want %d", r.Policy, p.Version)
				}
			})
		}
	}
}

func TestRequireReasonNamesAmountAndThreshold(t *testing.T) {
	r, err := Default().Require(ledger.SavingsCashDeposit, 80_000_00)
	if err != nil {
		t.Fatal(err)
	}
	if want := "金额 ¥80,000.00 ≥ ¥50,000.00：需B级授权"; r.Reason != want {
		t.Fatalf("reason %q, want %q", r.Reason, want)
	}
	r, _ = Default().Require(ledger.CorporateTransfer, 200_000_00)
	if !strings.Contains(r.Reason, "≥ ¥200,000.00：需B级、A级二次授权") {
		t.Fatalf("reason %q", r.Reason)
	}
}

func TestPolicyValidate(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("default policy: %v", err)
	}
	p := Default()
	delete(p.Limits, ledger.CorporateTransfer)
	if err := p.Validate(); !errors.Is(err, ErrPolicyIncomplete) {
		t.Fatalf("missing kind: %v", err)
	}
	p = Default()
	p.Limits[ledger.SavingsTransfer] = Limit{ledger.SavingsTransfer, 300_000_00, 200_000_00}
	if err := p.Validate(); !errors.Is(err, ErrPolicyIncomplete) {
		t.Fatalf("C above B: %v", err)
	}
	p = Default()
	p.Effective = "someday"
	if err := p.Validate(); !errors.Is(err, ErrPolicyIncomplete) {
		t.Fatalf("bad date: %v", err)
	}
}

// 第八条: maker, B and A are three different people; a clerk never authorizes.
func TestCheckAuthorizerSeparationOfDuties(t *testing.T) {
	u := func(id string, l staff.Level) staff.User {
		return staff.User{ID: id, Level: l, Branch: "0101", Active: true}
	}
	locked := u("2009", staff.LevelB)
	locked.Locked = true
	inactive := u("2008", staff.LevelB)
	inactive.Active = false
	foreign := u("2007", staff.LevelB)
	foreign.Branch = "0202"
	cases := []struct {
		name  string
		stage Stage
		who   staff.User
		prior []string
		want  error
	}{
		{"B signs B stage", StageB, u("2001", staff.LevelB), nil, nil},
		{"A may sign the B stage", StageB, u("3001", staff.LevelA), nil, nil},
		{"A signs after B", StageA, u("3001", staff.LevelA), []string{"2001"}, nil},
		{"clerk", StageB, u("1002", staff.LevelC), nil, ErrClerkCannotAuthorize},
		{"maker authorizes own business", StageB, u("1001", staff.LevelB), nil, ErrSelfAuthorization},
		{"maker who is an A (顶岗)", StageA, u("1001", staff.LevelA), []string{"2001"}, ErrSelfAuthorization},
		{"same person as B and A", StageA, u("3001", staff.LevelA), []string{"3001"}, ErrSameAuthorizer},
		{"B at the A stage", StageA, u("2002", staff.LevelB), []string{"2001"}, ErrNeedLevelA},
		{"locked", StageB, locked, nil, ErrAuthorizerLocked},
		{"inactive", StageB, inactive, nil, ErrAuthorizerInactive},
		{"other branch", StageB, foreign, nil, ErrOtherBranch},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckAuthorizer(tc.stage, tc.who, "1001", "0101", tc.prior)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestStages(t *testing.T) {
	if s := NeedBA.Stages(); len(s) != 2 || s[0] != StageB || s[1] != StageA {
		t.Fatalf("B then A: %v", s)
	}
	if s := NeedNone.Stages(); len(s) != 0 {
		t.Fatalf("none: %v", s)
	}
}
