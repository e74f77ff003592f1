package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"branchdesk/storage/bundle"
	"branchdesk/storage/demo"
)

// config export carries -vouchers and -rates; bad ones are refused before
// anything is signed or written, and the terminal stores good ones.
func TestConfigExportStockAndRates(t *testing.T) {
	ctx := context.Background()
	tmp, hq, usb := freshHQ(t)
	db := seededDB(t)
	term := enrolledTerminal(t, db, hq, usb)
	file := func(name, body string) string { return inputFile(tmp, name, body) }
	goodV := file("vouchers.json", `[{"type":"cash_cheque","from":1,"to":100},{"type":"passbook","from":5001,"to":5500}]`)
	goodR := file("rates.json", `[{"term":"1Y","rate_bp":300,"effective":"2026-11-20"},{"term":"5Y+","rate_bp":350,"effective":"2026-11-20"},{"term":6,"rate_bp":290,"effective":"2026-11-20"}]`)
	for name, args := range map[string][]string{
		"overlap":       {"-vouchers", file("overlap.json", `[{"type":"cash_cheque","from":1,"to":100},{"type":"cash_cheque","from":100,"to":120}]`)},
		"unknown type":  {"-vouchers", file("unknown.json", `[{"type":"lottery","from":1,"to":10}]`)},
		"negative rate": {"-rates", file("neg.json", `[{"term":"1Y","rate_bp":-5,"effective":"2026-11-20"}]`)},
		"bad term":      {"-rates", file("term.json", `[{"term":"2Y","rate_bp":300,"effective":"2026-11-20"}]`)},
	} {
		out, err := bdhq(t, hq, append([]string{"config", "export", "-branch", demo.Branch, "-out", usb}, args...)...)
		if err == nil {
			t.Fatalf("%s: exported\n%s", name, out)
		}
		t.Logf("%s：%v", name, err)
		if m, _ := filepath.Glob(filepath.Join(usb, "*.bdconfig")); len(m) != 0 {
			t.Fatalf("%s: refused export wrote %v", name, m)
		}
	}
	out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", usb, "-vouchers", goodV, "-rates", goodR)
	if err != nil || !strings.Contains(out, "凭证调拨 2 段、基准利率 3 条") {
		t.Fatalf("config: %v\n%s", err, out)
	}
	cfg, err := os.ReadFile(filepath.Join(usb, bundle.ConfigName(demo.Branch, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := term.ApplyConfig(ctx, cfg, fingerprint(t, hq)); err != nil {
		t.Fatal(err)
	}
	var n, sum int64
	db.SQL().QueryRow(`SELECT COUNT(*), SUM(to_no - from_no + 1) FROM voucher_allocations WHERE config_version = 1`).Scan(&n, &sum)
	if n != 2 || sum != 600 {
		t.Fatalf("allocations %d rows, %d vouchers", n, sum)
	}
	var terms string
	db.SQL().QueryRow(`SELECT group_concat(term || '=' || rate_bp, ',') FROM (SELECT term, rate_bp FROM rates WHERE config_version = 1 ORDER BY rowid)`).Scan(&terms)
	if terms != "1Y=300,5Y+=350,6=290" {
		t.Fatalf("rates %q", terms)
	}
}
