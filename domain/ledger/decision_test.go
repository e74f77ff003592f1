package ledger

import (
	"errors"
	"strings"
	"testing"
)

// TestDecisionValidate: 第十四条 — the upper level approves an item naming
// who (1 to 40 characters) and its 批复文号 (1 to 60), or refuses it with
// a reason (1 to 200); on an overage or shortage, with its amount and
// business date.
func TestDecisionValidate(t *testing.T) {
	ok := Decision{Item: 7, Kind: CashShortage, Amount: 100_00, BusinessDate: "2026-11-23", Approved: true, By: "刘明", Ref: "运管批〔2026〕12号"}
	refused := Decision{Item: 7, Kind: CashOverage, Amount: 1, BusinessDate: "2026-11-23", Reason: "原因未查清"}
	for _, c := range []struct {
		name string
		edit func(*Decision)
		base Decision
		want error
	}{
		{"an approval", func(*Decision) {}, ok, nil},
		{"by 40 characters", func(d *Decision) { d.By = strings.Repeat("刘", 40) }, ok, nil},
		{"by 41 characters", func(d *Decision) { d.By = strings.Repeat("刘", 41) }, ok, ErrDecisionBy},
		{"by no one", func(d *Decision) { d.By = "" }, ok, ErrDecisionBy},
		{"by a padded name", func(d *Decision) { d.By = " 刘明" }, ok, ErrDecisionBy},
		{"a reference of 60", func(d *Decision) { d.Ref = strings.Repeat("号", 60) }, ok, nil},
		{"a reference of 61", func(d *Decision) { d.Ref = strings.Repeat("号", 61) }, ok, ErrDecisionRef},
		{"no reference", func(d *Decision) { d.Ref = "" }, ok, ErrDecisionRef},
		{"a reference over two lines", func(d *Decision) { d.Ref = "运管批\n12号" }, ok, ErrDecisionRef},
		{"an approval with a reason", func(d *Decision) { d.Reason = "同意" }, ok, ErrDecisionReason},
		{"a refusal", func(*Decision) {}, refused, nil},
		{"a refusal by someone", func(d *Decision) { d.By = "刘明" }, refused, nil},
		{"a reason of 200", func(d *Decision) { d.Reason = strings.Repeat("因", 200) }, refused, nil},
		{"a reason of 201", func(d *Decision) { d.Reason = strings.Repeat("因", 201) }, refused, ErrDecisionReason},
		{"no reason", func(d *Decision) { d.Reason = "" }, refused, ErrDecisionReason},
		{"a refusal with a reference", func(d *Decision) { d.Ref = "运管批12号" }, refused, ErrDecisionRef},
		{"no item", func(d *Decision) { d.Item = 0 }, ok, ErrDecisionItem},
		{"no suspense kind", func(d *Decision) { d.Kind = SavingsCashDeposit }, ok, ErrDecisionItem},
		{"no amount", func(d *Decision) { d.Amount = 0 }, ok, ErrDecisionItem},
		{"no date", func(d *Decision) { d.BusinessDate = "2026-13-01" }, ok, ErrDecisionItem},
	} {
		d := c.base
		c.edit(&d)
		if err := d.Validate(); !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	var none *Decision
	if none.Status() != DecisionPending || ok.Message().String() != "已批准（刘明，批复文号 运管批〔2026〕12号）" ||
		refused.Message().String() != "不予批准：原因未查清" || none.Message().String() != "待上级批准" {
		t.Fatalf("statuses: %q %q %q", none.Status(), ok.Message(), refused.Message())
	}
}
