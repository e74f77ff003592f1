package finance_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/survey"
)

// At the desk the matching reads the enterprise from its survey and head
// office's share from the branch's settings: ¥2,000,000.00 sought with no
// loans against ¥5,000,000.00 of revenue is exactly 40%; at 39% it warns.
// An enterprise with a loan overdue now is offered nothing, and a match
// sent anyway is refused with nothing recorded.
func TestMatchEnterpriseAtTheDesk(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	mgr, off := d.login(t, "3001"), d.login(t, "2001")
	p := pipeline.Product{Code: "P01", Name: "小微快贷", Institution: "示范支行", MinAmount: 100_000_00, MaxAmount: 3_000_000_00,
		TermMonths: 36, Collateral: []survey.Collateral{survey.CollateralProperty}, RateBP: 385}
	if err := d.fin.AddProduct(ctx, mgr, p); err != nil {
		t.Fatal(err)
	}
	sv := filled("2001")
	sv.Overdue, sv.Operating = survey.OverdueNone, survey.OperatingNormal
	sound := d.collect(t, off, sv)
	over := func() bool {
		t.Helper()
		a, err := d.fin.Assess(ctx, off, sound)
		if err != nil || len(a.Fits) != 1 || a.Refused != nil {
			t.Fatalf("assess: %+v, %v", a, err)
		}
		return strings.Contains(a.Warnings.String(), "过度授信")
	}
	for pct, warn := range map[string]bool{"40": false, "39": true} {
		if err := d.svc.SetSetting(ctx, counter.CommandLine(), finance.SettingBorrowingPct, pct); err != nil {
			t.Fatal(err)
		}
		if over() != warn {
			t.Errorf("at %s%%: warned %v", pct, !warn)
		}
	}
	if _, err := d.fin.Advance(ctx, off, pipeline.Event{DemandID: sound, Stage: pipeline.Matched, Product: &p, Plan: "抵押"}); err != nil {
		t.Fatalf("a warning stopped the match: %v", err)
	}

	sv.Name, sv.Overdue = "虎林市逾期商贸有限公司", survey.OverdueCurrent
	overdue := d.collect(t, off, sv)
	a, err := d.fin.Assess(ctx, off, overdue)
	if err != nil || a.Refused == nil || !strings.Contains(a.Refused.String(), "当前有逾期贷款未还") || a.Fits != nil {
		t.Fatalf("overdue now: %+v, %v", a, err)
	}
	_, err = d.fin.Advance(ctx, off, pipeline.Event{DemandID: overdue, Stage: pipeline.Matched, Product: &p, Plan: "抵押"})
	if !errors.Is(err, finance.ErrMatchRefused) || !strings.Contains(err.Error(), "逾期") {
		t.Fatalf("matched an enterprise with a loan overdue: %v", err)
	}
	st, err := d.fin.Demand(ctx, off, overdue)
	if err != nil || st.Stage != pipeline.Collected {
		t.Fatalf("after the refusal the demand is %v, %v", st.Stage, err)
	}
	if _, err := d.fin.Assess(ctx, d.login(t, "2002"), sound); !errors.Is(err, finance.ErrNotYourDemand) {
		t.Fatalf("another officer reads the assessment and its figures: %v", err)
	}
	if _, err := d.fin.Assess(ctx, mgr, sound); err != nil {
		t.Fatalf("the A reads the assessment: %v", err)
	}
	if _, err := d.fin.Assess(ctx, off, "D-none"); !errors.Is(err, finance.ErrNoSuchDemand) {
		t.Fatalf("an unknown demand: %v", err)
	}
}
