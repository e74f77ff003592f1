package support

import (
	"errors"
	"testing"

	"branchdesk/domain/enterprise"
)

func TestAssessEveryScheme(t *testing.T) {
	a := Assess(eligible())
	if len(a.Results) != len(Schemes()) {
		t.Fatalf("%d results", len(a.Results))
	}
	for _, r := range a.Results {
		if !r.Eligible() {
			t.Fatalf("%s: %v", r.Scheme.Title(), r.Err)
		}
	}
	if a.Base.RateBP != 300 || a.BaseErr != nil || a.Startup.Amount != 100_000_00 || a.GuaranteeSubsidy != 500_00 ||
		a.Subsidy.Total != 3_000_00 || a.Vouchers.Total != 3000_00 {
		// ¥100,000 at half of 3.00% is ¥1,500 a year, for two years.
		t.Fatalf("assessment %+v", a)
	}

	// Nothing answered: nothing qualifies, and nothing is made up.
	c := eligible()
	c.Answers, c.Rates, c.Size, c.SizeErr = Answers{}, nil, 0, enterprise.ErrSizeIndustry
	a = Assess(c)
	for _, r := range a.Results {
		if r.Eligible() || len(Reasons(r.Err)) == 0 {
			t.Fatalf("%s qualifies unanswered", r.Scheme.Title())
		}
	}
	if !errors.Is(a.BaseErr, ErrNoRateTable) || !errors.Is(a.Results[2].Err, ErrNoRateTable) || !errors.Is(a.Results[1].Err, enterprise.ErrSizeIndustry) {
		t.Fatalf("assessment %+v", a)
	}
}
