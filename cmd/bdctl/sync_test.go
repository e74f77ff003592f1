package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"branchdesk/domain/sync"
	"branchdesk/storage/bundle"
	"branchdesk/storage/sqlite"
)

// A branch's bundle goes to head office on a "stick" and comes back as a
// receipt and a config bundle, all through bdctl at the branch.
func TestSyncThroughHeadOffice(t *testing.T) {
	ctx := context.Background()
	db := demoDB(t)
	dir := t.TempDir()
	stick := filepath.Join(dir, "stick")
	if err := os.Mkdir(stick, 0o700); err != nil {
		t.Fatal(err)
	}
	hqDir := filepath.Join(dir, "hq")
	if _, err := bundle.InitHQ(ctx, hqDir, nil); err != nil {
		t.Fatal(err)
	}
	hq, err := bundle.OpenHQ(ctx, hqDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer hq.Close()

	enroll := filepath.Join(stick, "enroll.json")
	ok(t, db, "sync", "enroll", "--out", enroll)
	if info, err := os.Stat(db + ".terminal.key"); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("terminal key: %v %v", info, err)
	}
	data, _ := os.ReadFile(enroll)
	if _, err := hq.Enroll(ctx, data); err != nil {
		t.Fatal(err)
	}
	// Before the first config bundle the terminal has no head-office key.
	fails(t, db, "", "sync", "export", "--dir", stick)
	cfg, version, err := hq.ExportConfig(ctx, "0101", sync.ConfigSet{})
	if err != nil {
		t.Fatal(err)
	}
	cfgFile := filepath.Join(stick, "config.bdcfg")
	_ = os.WriteFile(cfgFile, cfg, 0o600)
	// The first config bundle needs head office's fingerprint, as read out
	// on the phone; without it, or with a wrong one, nothing is applied.
	fp := sync.Fingerprint(hq.PublicKeys().Sign)
	fails(t, db, "指纹", "sync", "config", cfgFile)
	fails(t, db, "不符", "sync", "config", "--fingerprint", "0000 0000 0000 0000", cfgFile)
	if out := ok(t, db, "sync", "status"); !strings.Contains(out, "未收到") {
		t.Fatalf("status after refusals: %s", out)
	}
	if out := ok(t, db, "sync", "config", "--fingerprint", fp, cfgFile); !strings.Contains(out, "已应用") || version != 1 {
		t.Fatalf("config: %s (version %d)", out, version)
	}
	fails(t, db, "", "sync", "config", cfgFile) // already applied

	out := ok(t, db, "sync", "export", "--dir", stick)
	path := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(out, "已导出 "), " (bundle written)\n"))
	up, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%q: %v", out, err)
	}
	res, err := hq.Import(ctx, up)
	if err != nil || len(res) != 1 || res[0].Records == 0 {
		t.Fatalf("import %+v %v", res, err)
	}
	acknowledge(t, db, hq, stick, "0101-T01")
	// Head office revokes the key (say the machine was stolen): the
	// terminal takes a new one and head office enrolls it.
	if err := hq.Revoke(ctx, "0101-T01"); err != nil {
		t.Fatal(err)
	}
	// The stick is pulled: the key is changed all the same, and the
	// message says so and how to write the enrollment again.
	fails(t, db, "本终端密钥已更换", "sync", "rekey", "--out", filepath.Join(stick, "pulled", "new-enroll.json"))
	fresh := filepath.Join(stick, "new-enroll.json")
	if out := ok(t, db, "sync", "enroll", "--out", fresh); !strings.Contains(out, "已写出登记文件") {
		t.Fatalf("enroll after rekey: %s", out)
	}
	data, _ = os.ReadFile(fresh)
	if _, err := hq.Enroll(ctx, data); err != nil {
		t.Fatalf("enroll the new key: %v", err)
	}
	data, _ = os.ReadFile(enroll)
	if _, err := hq.Enroll(ctx, data); err == nil {
		t.Fatal("the old key enrolled again")
	}

	// Each sync step is in the audit trail as bdctl's.
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	// init --demo gave the branch the demo's LPR table, as version 0.
	var demoRates int
	if err := store.SQL().QueryRow(`SELECT COUNT(*) FROM rates WHERE config_version = 0`).Scan(&demoRates); err != nil || demoRates != 4 {
		t.Fatalf("demo rates %d (%v)", demoRates, err)
	}
	var actors string
	if err := store.SQL().QueryRow(`SELECT group_concat(DISTINCT actor) FROM audit WHERE action IN (?, ?, ?, ?)`,
		sync.AuditConfig, sync.AuditExport, sync.AuditReceipt, sync.AuditRekey).Scan(&actors); err != nil || actors != "bdctl" {
		t.Fatalf("sync steps audited as %q (%v)", actors, err)
	}
	if out := ok(t, db, "sync", "status"); !strings.Contains(out, "0101-T01") || !strings.Contains(out, "已收到，指纹 "+fp) {
		t.Fatalf("status: %s", out)
	}
}

// A terminal enrolled under another id than 网点号-T01 keeps it: every
// later sync command works without naming it again.
func TestSyncKeepsEnrolledTerminalID(t *testing.T) {
	ctx := context.Background()
	db := demoDB(t)
	stick := t.TempDir()
	hq := newHQ(t)
	enroll := filepath.Join(stick, "enroll.json")
	ok(t, db, "sync", "enroll", "--terminal", "0101-T02", "--out", enroll)
	data, _ := os.ReadFile(enroll)
	if e, err := hq.Enroll(ctx, data); err != nil || e.Terminal != "0101-T02" {
		t.Fatalf("enrolled %+v %v", e, err)
	}
	cfg, _, err := hq.ExportConfig(ctx, "0101", sync.ConfigSet{})
	if err != nil {
		t.Fatal(err)
	}
	cfgFile := filepath.Join(stick, bundle.ConfigName("0101", 1))
	if err := os.WriteFile(cfgFile, cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	ok(t, db, "sync", "config", "--fingerprint", sync.Fingerprint(hq.PublicKeys().Sign), cfgFile)
	out := ok(t, db, "sync", "export", "--dir", stick)
	want := filepath.Join(stick, bundle.FileName("0101", "0101-T02", 1))
	if !strings.Contains(out, want) {
		t.Fatalf("export: %s, want %s", out, want)
	}
	up, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := hq.Import(ctx, up); err != nil || res[0].Terminal != "0101-T02" {
		t.Fatalf("import %+v %v", res, err)
	}
	acknowledge(t, db, hq, stick, "0101-T02")
	if out := ok(t, db, "sync", "status"); !strings.Contains(out, "终端 0101-T02") {
		t.Fatalf("status: %s", out)
	}
}

// newHQ is head office, set up in a directory of its own.
func newHQ(t *testing.T) *bundle.HQ {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "hq")
	if _, err := bundle.InitHQ(ctx, dir, nil); err != nil {
		t.Fatal(err)
	}
	hq, err := bundle.OpenHQ(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hq.Close() })
	return hq
}

// acknowledge has head office write terminal's receipt onto the stick
// and bdctl apply it: the one bundle pending before is not after.
func acknowledge(t *testing.T, db string, hq *bundle.HQ, stick, terminal string) {
	t.Helper()
	if out := ok(t, db, "sync", "pending", "--dir", stick); !strings.Contains(out, "待确认数据包 1 个") {
		t.Fatalf("pending before the receipt: %s", out)
	}
	receipts, err := hq.WriteReceipts(context.Background(), stick, terminal)
	if err != nil || len(receipts) != 1 {
		t.Fatalf("receipts %v %v", receipts, err)
	}
	ok(t, db, "sync", "receipt", receipts[0])
	if out := ok(t, db, "sync", "pending", "--dir", stick); !strings.Contains(out, "待确认数据包 0 个") {
		t.Fatalf("pending after the receipt: %s", out)
	}
}
