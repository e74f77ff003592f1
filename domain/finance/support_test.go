package finance_test

import (
	"context"
	"errors"
	"testing"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/finance"
	"branchdesk/domain/money"
	"branchdesk/domain/support"
	"branchdesk/domain/sync"
)

// The support assessment of a demand takes the size from its survey, the
// loan from the demand and the base rate from the table head office sent
// down; without a table it estimates no subsidy and says why.
func TestSupportOfADemand(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	off := d.login(t, "2001")
	sv := filled("2001")
	// Retail with 15 staff and ¥3,000,000 revenue is a small enterprise.
	sv.Employees, sv.Revenue = 15, 300*1_000_000
	sv.AmountSought, sv.TermMonths = 1_000_000_00, 12
	id := d.collect(t, off, sv)
	answers := support.Answers{
		Applicant: support.Applicant{Local: support.Yes, Fraud: support.No}, LegalPerson: support.Yes,
		Encouraged:   support.Yes,
		InterestPaid: support.Give[money.Amount](40_000_00),
	}

	a, err := d.fin.Support(ctx, off, id, answers)
	if err != nil {
		t.Fatal(err)
	}
	if a.Size != enterprise.Small || !errors.Is(a.BaseErr, support.ErrNoRateTable) || !errors.Is(a.Results[2].Err, support.ErrNoRateTable) {
		t.Fatalf("without rates: %+v", a)
	}

	if err := d.db.SeedRates(ctx, []sync.Rate{
		{Term: sync.Term1Y, RateBP: 310, Effective: "2024-10-21"}, {Term: sync.Term1Y, RateBP: 300, Effective: "2025-05-20"},
	}); err != nil {
		t.Fatal(err)
	}
	a, err = d.fin.Support(ctx, off, id, answers)
	if err != nil {
		t.Fatal(err)
	}
	// Half of 3.00% on ¥1,000,000 for a year.
	if r := a.Results[2]; !r.Eligible() || a.Subsidy.Total != 15_000_00 || a.Subsidy.Base.Effective != "2025-05-20" {
		t.Fatalf("with rates: %v %+v", r.Err, a.Subsidy)
	}

	if _, err := d.fin.Support(ctx, off, "D9999", answers); !errors.Is(err, finance.ErrNoSuchDemand) {
		t.Fatalf("unknown demand: %v", err)
	}
	if _, err := d.fin.Support(ctx, d.login(t, "1001"), id, answers); !errors.Is(err, finance.ErrNotOfficer) {
		t.Fatalf("a clerk: %v", err)
	}
}
