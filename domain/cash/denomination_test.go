package cash

import (
	"errors"
	"testing"

	"branchdesk/domain/money"
)

// RULES §3: notes ¥100, 50, 20, 10, 5, 1, ¥0.5, ¥0.1; coins ¥1, ¥0.5, ¥0.1;
// 分 coins optional.
func TestDenominationsInCirculation(t *testing.T) {
	type key struct {
		kind string
		face money.Amount
	}
	want := map[key]bool{ // value: optional
		{KindNote, 100_00}: false, {KindNote, 50_00}: false, {KindNote, 20_00}: false,
		{KindNote, 10_00}: false, {KindNote, 5_00}: false, {KindNote, 1_00}: false,
		{KindNote, 50}: false, {KindNote, 10}: false,
		{KindCoin, 1_00}: false, {KindCoin, 50}: false, {KindCoin, 10}: false,
		{KindCoin, 5}: true, {KindCoin, 2}: true, {KindCoin, 1}: true,
	}
	ds := Denominations()
	if len(ds) != len(want) {
		t.Fatalf("%d denominations, want %d", len(ds), len(want))
	}
	codes := map[string]bool{}
	for i, d := range ds {
		opt, ok := want[key{d.Kind, d.Face}]
		if !ok {
			t.Errorf("unexpected %s %s", d.Kind, d.Face)
		}
		if d.Optional != opt {
			t.Errorf("%s optional = %v, want %v", d.Name, d.Optional, opt)
		}
		if codes[d.Code] || d.Code == "" || d.Name == "" {
			t.Errorf("code %q of %q duplicate or empty", d.Code, d.Name)
		}
		codes[d.Code] = true
		if i > 0 && d.Face > ds[i-1].Face {
			t.Errorf("%s after %s: largest first", d.Name, ds[i-1].Name)
		}
		if got, err := Lookup(d.Code); err != nil || got != d {
			t.Errorf("Lookup(%q) = %v, %v", d.Code, got, err)
		}
	}
	if _, err := Lookup("N2"); !errors.Is(err, ErrUnknownDenomination) {
		t.Fatalf("Lookup(N2): %v", err)
	}
	ds[0].Face = 1
	if Denominations()[0].Face != 100_00 {
		t.Fatal("Denominations must return a fresh slice")
	}
}
