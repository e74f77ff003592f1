package bundle

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"branchdesk/storage/demo"
	"branchdesk/storage/sqlite"
)

// A branch server (the suite's store: PostgreSQL under
// BRANCHDESK_TEST_STORE=postgres) and an officer's laptop on its own
// SQLite file are two terminals of one branch: head office's status shows
// both, each with exactly the records it sent, and sending everything
// again counts nothing twice.
func TestBranchServerAndLaptopSideBySide(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)

	laptop, err := sqlite.Open(ctx, filepath.Join(r.dir, "laptop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer laptop.Close()
	if err := demo.Seed(ctx, counterService(laptop, r.clock), today); err != nil {
		t.Fatal(err)
	}
	lt, err := OpenTerminal(ctx, laptop, demo.Branch, "T02", filepath.Join(r.dir, "laptop.key"), r.clock)
	if err != nil {
		t.Fatal(err)
	}
	r.enroll(lt)
	resent, err := r.hq.ResendConfig(ctx, "T02")
	if err != nil || len(resent) == 0 {
		t.Fatalf("resend: %d, %v", len(resent), err)
	}
	for _, c := range resent {
		if _, err := lt.ApplyConfig(ctx, c, r.fingerprint()); err != nil {
			t.Fatal(err)
		}
	}
	server := r.export()
	path, err := lt.Export(ctx, r.out)
	if err != nil {
		t.Fatal(err)
	}
	fromLaptop, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second time, everything is already there
		r.hq.Import(ctx, server)
		r.hq.Import(ctx, fromLaptop)
	}
	sent := map[string]int64{}
	for id, term := range map[string]*Terminal{"T01": r.term, "T02": lt} {
		exports, err := term.Exports(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range exports {
			sent[id] += int64(e.Records)
		}
	}
	st, err := r.hq.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, s := range st {
		got[s.ID] = s.Records
		if s.Branch != demo.Branch || s.Bundles != 1 {
			t.Errorf("%s: branch %s, %d bundles", s.ID, s.Branch, s.Bundles)
		}
	}
	if len(got) != 2 || got["T01"] != sent["T01"] || got["T02"] != sent["T02"] || sent["T01"] == 0 || sent["T02"] == 0 {
		t.Fatalf("head office holds %v, the terminals sent %v", got, sent)
	}
}
