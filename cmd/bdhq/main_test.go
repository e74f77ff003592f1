package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/storage/bundle"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlite"
	"branchdesk/storage/sqlstore"
)

func bdhq(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	return bdhqAt(t, nil, dir, args...)
}

// bdhqAt is bdhq with head office's clock stopped at a moment (nil: the
// system's), for what depends on when head office issued it.
func bdhqAt(t *testing.T, clock bundle.Clock, dir string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := runAt(context.Background(), clock, append([]string{"-dir", dir}, args...), &out, &errOut)
	return out.String() + errOut.String(), err
}

// fixedClock is a clock stopped at one instant.
type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

// secondBranch opens branch 0102's database with a terminal T02 that head
// office has enrolled.
func secondBranch(t *testing.T, tmp, hq string) (*sqlstore.DB, *bundle.Terminal) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tmp, "b2.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := counter.New(db, nil, "0102-T01").AddBranch(ctx, counter.CommandLine(), counter.Branch{ID: "0102", Name: "示范支行二部", BusinessDate: "2026-11-23"}); err != nil {
		t.Fatal(err)
	}
	term, err := bundle.OpenTerminal(ctx, db, "0102", "T02", filepath.Join(tmp, "t02.key"), nil)
	if err != nil {
		t.Fatal(err)
	}
	enr, _ := term.Enrollment()
	if out, err := bdhq(t, hq, "enroll", inputFile(tmp, "T02.enroll", string(enr))); err != nil {
		t.Fatalf("enroll: %v\n%s", err, out)
	}
	return db, term
}

// fingerprint is what bdhq keys shows of head office's signing key: what
// head office reads out to a terminal taking its first config bundle.
func fingerprint(t *testing.T, dir string) string {
	t.Helper()
	out, err := bdhq(t, dir, "keys")
	fp, ok := strings.CutPrefix(strings.SplitN(out, "\n", 2)[0], "签名公钥指纹 ")
	if err != nil || !ok || len(fp) != 19 {
		t.Fatalf("keys: %v\n%s", err, out)
	}
	return fp
}

// freshHQ is a head office just initialised and an empty stick, under
// a temporary directory.
func freshHQ(t *testing.T) (tmp, hq, usb string) {
	t.Helper()
	tmp = t.TempDir()
	hq, usb = filepath.Join(tmp, "hq"), filepath.Join(tmp, "usb")
	os.Mkdir(usb, 0o755)
	if out, err := bdhq(t, hq, "init"); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	return tmp, hq, usb
}

// inputFile writes a file head office reads (a JSON list, an enrollment)
// into dir and gives its path.
func inputFile(dir, name, body string) string {
	p := filepath.Join(dir, name)
	os.WriteFile(p, []byte(body), 0o644)
	return p
}

// seededDB is a branch database with the demo data.
func seededDB(t *testing.T) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "bd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := demo.Seed(ctx, counter.New(db, nil, "0101-T01"), "2026-11-23"); err != nil {
		t.Fatal(err)
	}
	return db
}

// enrolledTerminal sets up terminal T01 on db and has head office enroll
// it from its enrollment file on the stick.
func enrolledTerminal(t *testing.T, db *sqlstore.DB, hq, usb string) *bundle.Terminal {
	t.Helper()
	term, err := bundle.OpenTerminal(context.Background(), db, demo.Branch, "T01", filepath.Join(t.TempDir(), "t01.key"), nil)
	if err != nil {
		t.Fatal(err)
	}
	enr, _ := term.Enrollment()
	os.WriteFile(filepath.Join(usb, "T01.enroll"), enr, 0o644)
	if out, err := bdhq(t, hq, "enroll", filepath.Join(usb, "T01.enroll")); err != nil {
		t.Fatalf("enroll: %v\n%s", err, out)
	}
	return term
}

// configured has head office export its first config bundle for the
// branch and the terminal apply it, fingerprint checked.
func configured(t *testing.T, term *bundle.Terminal, hq, usb string) {
	t.Helper()
	if out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", usb); err != nil {
		t.Fatalf("config: %v\n%s", err, out)
	}
	cfg, _ := os.ReadFile(filepath.Join(usb, bundle.ConfigName(demo.Branch, 1)))
	if _, err := term.ApplyConfig(context.Background(), cfg, fingerprint(t, hq)); err != nil {
		t.Fatal(err)
	}
}

// The head-office round: init, enroll a terminal, send it config, import
// its bundles with progress, write receipts, show status.
func TestCommandLine(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	hq, usb := filepath.Join(tmp, "hq"), filepath.Join(tmp, "usb")
	os.Mkdir(usb, 0o755)
	if out, err := bdhq(t, hq, "init"); err != nil || !strings.Contains(out, "指纹") {
		t.Fatalf("init: %v\n%s", err, out)
	}
	if _, err := bdhq(t, hq, "init"); err == nil {
		t.Fatal("init twice")
	}
	db := seededDB(t)
	term, err := bundle.OpenTerminal(ctx, db, demo.Branch, "T01", filepath.Join(tmp, "t01.key"), nil)
	if err != nil {
		t.Fatal(err)
	}
	enr, _ := term.Enrollment()
	os.WriteFile(filepath.Join(usb, "T01.enroll"), enr, 0o644)
	if out, err := bdhq(t, hq, "enroll", filepath.Join(usb, "T01.enroll")); err != nil {
		t.Fatalf("enroll: %v\n%s", err, out)
	}
	users := filepath.Join(tmp, "users.json")
	os.WriteFile(users, []byte(`[{"id":"1003","name":"孙丽","level":"C","active":true,"password":"first1003"}]`), 0o644)
	if out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", usb, "-users", users); err != nil {
		t.Fatalf("config: %v\n%s", err, out)
	}
	cfg, _ := os.ReadFile(filepath.Join(usb, bundle.ConfigName(demo.Branch, 1)))
	if _, err := term.ApplyConfig(ctx, cfg, fingerprint(t, hq)); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := term.Export(ctx, usb); err != nil {
			t.Fatal(err)
		}
	}
	out, err := bdhq(t, hq, "import", usb)
	if err != nil || !strings.Contains(out, "[3/3]") || strings.Count(out, "已导入") != 3 {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if out, err := bdhq(t, hq, "import", usb); err != nil || strings.Count(out, "已导入过") != 3 {
		t.Fatalf("import again: %v\n%s", err, out)
	}
	os.WriteFile(filepath.Join(usb, "zz.bdsync"), []byte("not a bundle"), 0o644)
	if out, err := bdhq(t, hq, "import", filepath.Join(usb, "zz.bdsync")); err == nil || !strings.Contains(out, "拒收") {
		t.Fatalf("junk: %v\n%s", err, out)
	}
	rdir := filepath.Join(tmp, "receipts")
	os.Mkdir(rdir, 0o755)
	if out, err := bdhq(t, hq, "receipts", rdir); err != nil || !strings.Contains(out, "共 3 份回执") {
		t.Fatalf("receipts: %v\n%s", err, out)
	}
	out, err = bdhq(t, hq, "status")
	if err != nil || !strings.Contains(out, "T01") {
		t.Fatalf("status: %v\n%s", err, out)
	}
	t.Log("\n" + out)
}
