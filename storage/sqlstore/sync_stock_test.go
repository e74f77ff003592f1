package sqlstore_test

import (
	"context"
	"errors"
	"testing"

	"branchdesk/domain/sync"
	"branchdesk/domain/voucher"
	"branchdesk/storage/demo"
)

// ApplyConfig stores allocations and rates with the rest of the config,
// in the same transaction: a bad allocation or rate, or one overlapping an
// earlier allocation, applies nothing at all.
func TestApplyConfigStockAndRates(t *testing.T) {
	db := syncDB(t)
	ctx := context.Background()
	keys := sync.HQKeys{Sign: make([]byte, 32), Age: "age1test"}
	manifest := func(v int64) sync.Manifest {
		return sync.Manifest{Format: sync.Format, Kind: sync.Config, Branch: demo.Branch, Version: v, Schema: 1}
	}
	state := func() (v, allocs, rates, audit int64) {
		db.QueryRow(context.Background(), `SELECT config_version, (SELECT COUNT(*) FROM voucher_allocations), (SELECT COUNT(*) FROM rates), (SELECT COUNT(*) FROM audit) FROM sync_state`).Scan(&v, &allocs, &rates, &audit)
		return
	}
	good := sync.ConfigSet{Keys: keys,
		Allocations: []sync.Allocation{{Type: voucher.CashCheque, From: 1, To: 100}, {Type: voucher.BankCard, From: 1, To: 5000}},
		Rates:       []sync.Rate{{Term: sync.Term1Y, RateBP: 300, Effective: "2026-11-20"}, {Term: "36", RateBP: 320, Effective: "2026-11-20"}},
	}
	if err := db.ApplyConfig(ctx, at, manifest(1), good); err != nil {
		t.Fatal(err)
	}
	if v, a, r, _ := state(); v != 1 || a != 2 || r != 2 {
		t.Fatalf("after v1: version %d, %d allocations, %d rates", v, a, r)
	}
	_, _, _, audit := state()
	for name, tc := range map[string]struct {
		set  sync.ConfigSet
		want error
	}{
		"overlap earlier": {sync.ConfigSet{Keys: keys, Allocations: []sync.Allocation{{Type: voucher.CashCheque, From: 100, To: 200}},
			Rates: []sync.Rate{{Term: sync.Term5Y, RateBP: 350, Effective: "2026-11-20"}}}, sync.ErrOverlap},
		"overlap within": {sync.ConfigSet{Keys: keys, Allocations: []sync.Allocation{
			{Type: voucher.Passbook, From: 1, To: 10}, {Type: voucher.Passbook, From: 5, To: 6}}}, sync.ErrOverlap},
		"negative rate": {sync.ConfigSet{Keys: keys, Allocations: []sync.Allocation{{Type: voucher.Passbook, From: 1, To: 10}},
			Rates: []sync.Rate{{Term: sync.Term5Y, RateBP: -1, Effective: "2026-11-20"}}}, sync.ErrRate},
	} {
		if err := db.ApplyConfig(ctx, at, manifest(2), tc.set); !errors.Is(err, tc.want) {
			t.Fatalf("%s: got %v, want %v", name, err, tc.want)
		}
		if v, a, r, au := state(); v != 1 || a != 2 || r != 2 || au != audit {
			t.Fatalf("%s changed the branch: version %d, %d allocations, %d rates, %d audit", name, v, a, r, au)
		}
	}
}
