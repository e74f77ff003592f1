package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"branchdesk/domain/finance"
	"branchdesk/domain/sync"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
)

func readRates(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	var out []sync.Rate
	err := sqlstore.Finance(db).View(context.Background(), func(tx finance.Tx) (err error) {
		out, err = tx.Rates()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(out)
}

// The finance desk reads the table the config bundles brought: a later
// version corrects a term and day an earlier one brought, a version
// without rates keeps the table, and the demo seed stores its table as
// version 0, which any head-office config overrides.
func TestRatesAsConfigsBringThem(t *testing.T) {
	db := syncDB(t)
	ctx := context.Background()
	if got := readRates(t, db); got != "[]" {
		t.Fatalf("before any config: %s", got)
	}
	if err := db.SeedRates(ctx, []sync.Rate{{Term: sync.Term1Y, RateBP: 310, Effective: "2024-10-21"}}); err != nil {
		t.Fatal(err)
	}
	manifest := func(v int64) sync.Manifest {
		return sync.Manifest{Format: sync.Format, Kind: sync.Config, Branch: demo.Branch, Version: v, Schema: 1}
	}
	keys := sync.HQKeys{Sign: make([]byte, 32), Age: "age1test"}
	for v, rs := range [][]sync.Rate{
		{{Term: sync.Term1Y, RateBP: 300, Effective: "2025-05-20"}, {Term: "36", RateBP: 320, Effective: "2025-05-20"}},
		{{Term: sync.Term1Y, RateBP: 305, Effective: "2025-05-20"}, {Term: sync.Term5Y, RateBP: 350, Effective: "2025-05-20"}},
		nil,
	} {
		if err := db.ApplyConfig(ctx, at, manifest(int64(v+1)), sync.ConfigSet{Keys: keys, Rates: rs}); err != nil {
			t.Fatal(err)
		}
	}
	want := "[{1Y 310 2024-10-21} {1Y 305 2025-05-20} {36个月 320 2025-05-20} {5Y+ 350 2025-05-20}]"
	if got := readRates(t, db); got != want {
		t.Fatalf("rates %s, want %s", got, want)
	}
	// Seeding a table that has rows does nothing; a bad one is refused.
	if err := db.SeedRates(ctx, []sync.Rate{{Term: sync.Term1Y, RateBP: 999, Effective: "2026-01-01"}}); err != nil {
		t.Fatal(err)
	}
	if got := readRates(t, db); got != want {
		t.Fatalf("a second seed changed the table: %s", got)
	}
	if err := db.SeedRates(ctx, []sync.Rate{{Term: "2Y", RateBP: 300, Effective: "2026-01-01"}}); !errors.Is(err, sync.ErrRateTerm) {
		t.Fatalf("bad seed: %v", err)
	}
}
