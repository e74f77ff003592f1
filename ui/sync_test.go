package ui

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"branchdesk/domain/counter"
	dsync "branchdesk/domain/sync"
	"branchdesk/storage/bundle"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlite"
)

// The sync screen: enrollment, a refused export before head office's keys
// arrive, the config bundle, an export waiting for its receipt, and the
// receipt that acknowledges it; a tampered receipt is refused with a reason.
func TestSyncScreen(t *testing.T) {
	ctx := context.Background()
	s := newSyncBed(t)
	dir, db, svc, term := s.dir, s.db, s.svc, s.term
	a := New(test.NewTempApp(t), svc, Options{IdleCheck: -1})
	hqDir := filepath.Join(dir, "hq")
	if _, err := bundle.InitHQ(ctx, hqDir, nil); err != nil {
		t.Fatal(err)
	}
	hq, err := bundle.OpenHQ(ctx, hqDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer hq.Close()
	stick := filepath.Join(dir, "stick")
	_ = os.Mkdir(stick, 0o700)

	if a.sess, err = svc.Login(ctx, "3001", "pass3001"); err != nil {
		t.Fatal(err)
	}
	v := newSyncView(a, term)
	if !strings.Contains(v.status.Text, "终端 0101-T01") || !strings.Contains(v.status.Text, "未收到") {
		t.Fatalf("status %q", v.status.Text)
	}
	v.enrollTo(filepath.Join(stick, "enroll.json"))
	data, _ := os.ReadFile(filepath.Join(stick, "enroll.json"))
	if _, err := hq.Enroll(ctx, data); err != nil {
		t.Fatalf("enroll: %v (%s)", err, v.message.Text)
	}
	v.exportTo(stick)
	if !strings.HasPrefix(v.message.Text, "失败：") {
		t.Fatalf("export before head office's keys: %q", v.message.Text)
	}
	cfg, _, err := hq.ExportConfig(ctx, demo.Branch, dsync.ConfigSet{})
	if err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(stick, "config.bdcfg")
	_ = os.WriteFile(cfgPath, cfg, 0o600)
	// The first config bundle asks for head office's fingerprint and
	// applies nothing until it is typed right.
	v.applyConfig(cfgPath)
	if v.form == nil || a.win.Canvas().Overlays().Top() == nil {
		t.Fatal("the first config bundle asked for no fingerprint")
	}
	test.Tap(v.form.ok)
	if !strings.Contains(v.form.message.Text, "指纹") || !strings.Contains(v.status.Text, "未收到") {
		t.Fatalf("no fingerprint: %q / %q", v.form.message.Text, v.status.Text)
	}
	fp := dsync.Fingerprint(hq.PublicKeys().Sign)
	fpField := dialogField(a)
	test.Type(fpField, "0000 0000 0000 0000")
	test.Tap(v.form.ok)
	if !strings.Contains(v.form.message.Text, "不符") || !strings.Contains(v.status.Text, "未收到") {
		t.Fatalf("wrong fingerprint: %q / %q", v.form.message.Text, v.status.Text)
	}
	fpField.SetText("")
	test.Type(fpField, strings.ToUpper(fp))
	test.Tap(v.form.ok)
	if a.win.Canvas().Overlays().Top() != nil || !strings.Contains(v.message.Text, "配置包第 1 版已应用") || !strings.Contains(v.status.Text, "总行公钥 已收到，指纹 "+fp) {
		t.Fatalf("config: %q / %q", v.message.Text, v.status.Text)
	}
	var by string
	if err := db.SQL().QueryRow(`SELECT actor FROM audit WHERE action = ?`, dsync.AuditConfig).Scan(&by); err != nil || by != "3001" {
		t.Fatalf("the config bundle was applied by %q in the audit trail (%v)", by, err)
	}
	v.exportTo(stick)
	if !strings.HasPrefix(v.message.Text, "已导出 ") || len(v.exports) != 1 || cellText(v.table, 0, 3) != "待回执" {
		t.Fatalf("export: %q, %d bundles", v.message.Text, len(v.exports))
	}
	up, err := os.ReadFile(strings.TrimPrefix(v.message.Text, "已导出 "))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hq.Import(ctx, up); err != nil {
		t.Fatal(err)
	}
	receipts, err := hq.WriteReceipts(ctx, stick, "")
	if err != nil || len(receipts) != 1 {
		t.Fatalf("receipts %v %v", receipts, err)
	}
	// A flipped byte: refused, nothing acknowledged.
	good, _ := os.ReadFile(receipts[0])
	bad := append([]byte(nil), good...)
	bad[len(bad)/2] ^= 1
	badPath := filepath.Join(stick, "bad-receipt")
	_ = os.WriteFile(badPath, bad, 0o600)
	v.importReceipt(badPath)
	if !strings.HasPrefix(v.message.Text, "失败：") || cellText(v.table, 0, 3) != "待回执" {
		t.Fatalf("tampered receipt: %q", v.message.Text)
	}
	v.importReceipt(receipts[0])
	if !strings.Contains(v.message.Text, "已确认") || !strings.HasPrefix(cellText(v.table, 0, 3), "已确认") || !strings.Contains(v.status.Text, "待回执 0 个") {
		t.Fatalf("receipt: %q / %q", v.message.Text, cellText(v.table, 0, 3))
	}
	// Times as the desk shows them, not as the store keeps them.
	moment := regexp.MustCompile(`^(已确认 )?\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`)
	if !moment.MatchString(cellText(v.table, 0, 2)) || !moment.MatchString(cellText(v.table, 0, 3)) {
		t.Fatalf("times %q / %q", cellText(v.table, 0, 2), cellText(v.table, 0, 3))
	}

	// A new key is the supervisor's decision: a B has no button for it.
	a.sess, _ = svc.Login(ctx, "2001", "pass2001")
	if !newSyncView(a, term).rekey.Disabled() {
		t.Fatal("更换密钥 offered to a B")
	}
	a.sess, _ = svc.Login(ctx, "3001", "pass3001")
	// A new key, once head office has revoked the old one: only with 更换 typed.
	before := term.PublicKey()
	if v.rekey.Disabled() {
		t.Fatal("更换密钥 disabled for an A")
	}
	test.Tap(v.rekey)
	confirm := dialogField(a)
	test.Type(confirm, "好")
	test.Tap(v.form.ok)
	if !strings.Contains(v.form.message.Text, "请输入“更换”") || !term.PublicKey().Equal(before) {
		t.Fatalf("rekey without confirmation: %q", v.form.message.Text)
	}
	confirm.SetText("更换")
	test.Tap(v.form.ok)
	if !strings.Contains(v.message.Text, "已更换本终端密钥") || term.PublicKey().Equal(before) {
		t.Fatalf("rekey: %q", v.message.Text)
	}
}

// dialogField is the first text field of the dialog on top.
func dialogField(a *App) *field {
	for _, o := range test.LaidOutObjects(a.win.Canvas().Overlays().Top()) {
		if f, ok := o.(*field); ok {
			return f
		}
	}
	return nil
}

// syncBed is a seeded demo branch in a SQLite file with terminal T01's
// head-office sync identity, for the sync screen's tests.
type syncBed struct {
	dir  string
	db   *sqlite.DB
	svc  *counter.Service
	term *bundle.Terminal
}

func newSyncBed(t *testing.T) *syncBed {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "bd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := counter.New(db, &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local), tick: time.Second}, "0101-T01")
	if err := demo.Seed(ctx, svc, businessDate); err != nil {
		t.Fatal(err)
	}
	term, err := bundle.OpenTerminal(ctx, db, demo.Branch, "0101-T01", filepath.Join(dir, "terminal.key"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return &syncBed{dir: dir, db: db, svc: svc, term: term}
}
