package bundle

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/sync"
	"branchdesk/domain/voucher"
	"branchdesk/storage/demo"
)

// stockSnapshot adds the allocation and rate tables to branchSnapshot.
func stockSnapshot(t *testing.T, r *rig) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(branchSnapshot(t, r))
	for _, q := range []string{
		`SELECT config_version, type, from_no, to_no FROM voucher_allocations ORDER BY rowid`,
		`SELECT config_version, term, rate_bp, effective FROM rates ORDER BY rowid`,
	} {
		rows, err := r.db.SQL().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v [4]any
			rows.Scan(&v[0], &v[1], &v[2], &v[3])
			fmt.Fprintf(&b, "%v\n", v)
		}
		rows.Close()
	}
	return b.String()
}

func stockSet() sync.ConfigSet {
	return sync.ConfigSet{
		Allocations: []sync.Allocation{
			{Type: voucher.CashCheque, From: 1, To: 100},
			{Type: voucher.Passbook, From: 5001, To: 5500},
		},
		Rates: []sync.Rate{
			{Term: sync.Term1Y, RateBP: 300, Effective: "2026-11-20"},
			{Term: sync.Term5Y, RateBP: 350, Effective: "2026-11-20"},
			{Term: "6", RateBP: 290, Effective: "2026-11-20"},
		},
	}
}

// A config bundle brings voucher allocations and the rate table with the
// rest, stamped with its version.
func TestConfigStockAndRates(t *testing.T) {
	r := newRig(t)
	r.configure(stockSet())
	got := stockSnapshot(t, r)
	for _, want := range []string{
		"[2 cash_cheque 1 100]", "[2 passbook 5001 5500]",
		"[2 1Y 300 2026-11-20]", "[2 5Y+ 350 2026-11-20]", "[2 6 290 2026-11-20]",
	} {
		if !strings.Contains(got, want) {
			t.Fatalf("missing %s in\n%s", want, got)
		}
	}
	if n := count(t, branchRows{r.db}, `SELECT COUNT(*) FROM audit WHERE action = ? AND detail LIKE '%凭证调拨 2 段、基准利率 3 条%'`, sync.AuditConfig); n != 1 {
		t.Fatalf("audit lines %d", n)
	}
}

// Head office refuses to sign a bad allocation or rate (and uses no
// version number on it); the terminal refuses one that comes anyway,
// and one that allocates numbers an earlier config already allocated.
func TestConfigStockRefusals(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	r.configure(stockSet())
	overlap := sync.ConfigSet{Allocations: []sync.Allocation{
		{Type: voucher.TransferCheque, From: 1, To: 50}, {Type: voucher.TransferCheque, From: 50, To: 60}}}
	negative := sync.ConfigSet{Rates: []sync.Rate{{Term: sync.Term1Y, RateBP: -10, Effective: "2026-11-20"}}}
	unknown := sync.ConfigSet{Allocations: []sync.Allocation{{Type: "lottery", From: 1, To: 10}}}
	for _, set := range []sync.ConfigSet{overlap, negative, unknown} {
		if _, _, err := r.hq.ExportConfig(ctx, demo.Branch, set); err == nil {
			t.Fatalf("head office signed %+v", set)
		} else {
			t.Logf("总行拒签：%v", err)
		}
	}
	// A forged bundle (signed by head office's key, skipping its checks).
	to, _ := terminalRecipient(r.term.PublicKey())
	forge := func(set sync.ConfigSet) []byte {
		set.Keys = r.hq.PublicKeys()
		files, err := encodeConfig(set)
		if err != nil {
			t.Fatal(err)
		}
		m := sync.Manifest{Kind: sync.Config, Branch: demo.Branch, Version: 3, Created: time.Now(), Schema: 1}
		plain, _, err := Pack(m, files, r.hq.sign)
		if err != nil {
			t.Fatal(err)
		}
		data, err := Seal(plain, to)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	again := sync.ConfigSet{
		Allocations: []sync.Allocation{{Type: voucher.TransferCheque, From: 1, To: 10}, {Type: voucher.CashCheque, From: 90, To: 120}},
		Rates:       []sync.Rate{{Term: sync.Term1Y, RateBP: 295, Effective: "2026-12-20"}},
	}
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"overlapping allocation", forge(overlap), sync.ErrOverlap},
		{"negative rate", forge(negative), sync.ErrRate},
		{"unknown voucher type", forge(unknown), voucher.ErrUnknownType},
		{"too many digits", forge(sync.ConfigSet{Allocations: []sync.Allocation{{Type: voucher.CashCheque, From: 200, To: 1_000_000_000}}}), voucher.ErrTooLargeRange},
		{"allocated before", forge(again), sync.ErrOverlap},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := stockSnapshot(t, r)
			_, err := r.term.ApplyConfig(ctx, tc.data, r.fingerprint())
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if stockSnapshot(t, r) != before {
				t.Fatalf("refused config (%v) changed the branch", err)
			}
			t.Logf("拒收：%v", err)
		})
	}
	// The next good one still gets version 3 and applies.
	next := sync.ConfigSet{Allocations: []sync.Allocation{{Type: voucher.CashCheque, From: 101, To: 200}}}
	data, v, err := r.hq.ExportConfig(ctx, demo.Branch, next)
	if err != nil || v != 3 {
		t.Fatalf("next config v%d %v", v, err)
	}
	if _, err := r.term.ApplyConfig(ctx, data, r.fingerprint()); err != nil {
		t.Fatal(err)
	}
	if n := count(t, branchRows{r.db}, `SELECT COUNT(*) FROM voucher_allocations`); n != 3 {
		t.Fatalf("allocations %d", n)
	}
}
