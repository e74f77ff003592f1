package support

import (
	"errors"
	"testing"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/sync"
)

// lpr is the LPR as announced: 3.10%/3.60% from 2024-10-21, 3.00%/3.50%
// from 2025-05-20.
func lpr() []sync.Rate {
	return []sync.Rate{
		{Term: sync.Term1Y, RateBP: 310, Effective: "2024-10-21"},
		{Term: sync.Term5Y, RateBP: 360, Effective: "2024-10-21"},
		{Term: sync.Term1Y, RateBP: 300, Effective: "2025-05-20"},
		{Term: sync.Term5Y, RateBP: 350, Effective: "2025-05-20"},
	}
}

// eligible is a micro enterprise that qualifies for every scheme.
func eligible() Case {
	return Case{
		Size: enterprise.Micro, Amount: 100_000_00, Months: 24, On: "2026-11-23", Rates: lpr(),
		Answers: Answers{
			Applicant:   Applicant{Local: Yes, Fraud: No},
			Encouraged:  Yes,
			LegalPerson: Yes,
			Founding: Founding{Staff: Give(12), Investment: Give[money.Amount](100_000_00),
				Licence: Yes, Founder: Graduate},
			Guarantee:        Guarantee{New: Yes, FeeBP: Give(150)},
			InterestPaid:     Give[money.Amount](3_000_00),
			VouchersThisYear: No,
			Contracts:        []Contract{{Item: Financing, Amount: 5000_00}},
		},
	}
}

// wantReasons fails unless err is an *Unmet of scheme whose reasons match
// want one for one, in order (errors.Is).
func wantReasons(t *testing.T, err error, scheme Scheme, want ...error) {
	t.Helper()
	var u *Unmet
	if !errors.As(err, &u) {
		t.Fatalf("err = %v, want an *Unmet", err)
	}
	if u.Scheme != scheme {
		t.Fatalf("scheme %s, want %s", u.Scheme.Title(), scheme.Title())
	}
	if len(u.Reasons) != len(want) {
		t.Fatalf("%d reasons %q, want %d", len(u.Reasons), u.Error(), len(want))
	}
	for i, w := range want {
		if !errors.Is(u.Reasons[i], w) {
			t.Fatalf("reason %d = %q, want %q", i, u.Reasons[i], w)
		}
	}
}
