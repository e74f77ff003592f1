package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/staff"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/store"
)

// Two programs on one PC make their first writes at once: one makes the
// key, the other reads it; both sign with it, and verify checks with it.
func TestSignersShareTheKeyTheyMake(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bd.db")
	var svcs []*counter.Service
	var first *sqlstore.DB
	for _, name := range []string{"0101-T01", "bdctl@pc"} {
		db, err := store.Open(ctx, path, true)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := store.Sign(ctx, db, path, name); err != nil {
			t.Fatal(err)
		}
		svcs = append(svcs, counter.New(db, nil, name))
		first = db
	}
	if keys, _, err := store.HeadKeys(ctx, first, path); err != nil || len(keys) != 0 {
		t.Fatalf("a key before any write: %v %v", keys, err)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(svcs))
	for i, svc := range svcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// An unknown teller: refused, and written to the trail.
			_, errs[i] = svc.Login(ctx, "1001", "wrong")
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if !errors.Is(err, staff.ErrUnknownUser) {
			t.Fatalf("login: %v", err)
		}
	}
	keys, _, err := store.HeadKeys(ctx, first, path)
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys %v %v", keys, err)
	}
	c, err := svcs[1].CheckBooks(ctx, keys)
	if err != nil || len(c.Findings) != 0 || c.Seals.NoKey || len(c.Seals.Unchecked) != 0 || c.Seals.Covered == 0 {
		t.Fatalf("books %+v %v", c, err)
	}
}
