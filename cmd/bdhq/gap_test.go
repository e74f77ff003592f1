package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"branchdesk/domain/sync"
	"branchdesk/storage/bundle"
	"branchdesk/storage/demo"
)

// gapOnSticks is head office and a configured terminal T01 that exported
// three bundles: 1 and 3 on the stick, 2 put aside in another folder.
func gapOnSticks(t *testing.T) (hq, stick, aside string, term *bundle.Terminal) {
	t.Helper()
	tmp := t.TempDir()
	hq, stick, aside = filepath.Join(tmp, "hq"), filepath.Join(tmp, "stick"), filepath.Join(tmp, "aside")
	os.Mkdir(stick, 0o755)
	os.Mkdir(aside, 0o755)
	if out, err := bdhq(t, hq, "init"); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	term = enrolledTerminal(t, seededDB(t), hq, stick)
	configured(t, term, hq, stick)
	for _, dir := range []string{stick, aside, stick} {
		if _, err := term.Export(context.Background(), dir); err != nil {
			t.Fatal(err)
		}
	}
	return hq, stick, aside, term
}

// A lost bundle: the one after it is held and status names the gap;
// accept-gap imports it; the lost one, found after all, still goes in.
// A revoked terminal's next bundle is refused.
func TestGapAndRevokeCommands(t *testing.T) {
	ctx := context.Background()
	hq, stick, aside, term := gapOnSticks(t)
	tmp := filepath.Dir(stick)
	if out, err := bdhq(t, hq, "accept-gap", "T01"); err == nil || !strings.Contains(out+err.Error(), "没有暂存") {
		t.Fatalf("accept-gap with nothing held: %v\n%s", err, out)
	}
	out, err := bdhq(t, hq, "import", stick)
	if err != nil || !strings.Contains(out, "[1/2] ██████████░░░░░░░░░░  50%") || !strings.Contains(out, "缺第 2–2 号，第 3 号已暂存") {
		t.Fatalf("import with a gap: %v\n%s", err, out)
	}
	if out, _ := bdhq(t, hq, "status"); !strings.Contains(out, "缺 2–2") || !strings.Contains(out, "暂存 [3]") {
		t.Fatalf("status with a gap:\n%s", out)
	}
	if out, err := bdhq(t, hq, "accept-gap", "T01"); err != nil || !strings.Contains(out, "第 3 号") {
		t.Fatalf("accept-gap: %v\n%s", err, out)
	}
	if out, _ := bdhq(t, hq, "status"); !strings.Contains(out, "已确认丢失 [2]") || strings.Contains(out, "暂存 [") {
		t.Fatalf("status after accept-gap:\n%s", out)
	}
	if out, err := bdhq(t, hq, "import", aside); err != nil || !strings.Contains(out, "第 2 号") || !strings.Contains(out, "补到的缺号包") {
		t.Fatalf("late bundle: %v\n%s", err, out)
	}
	if out, _ := bdhq(t, hq, "status"); strings.Contains(out, "已确认丢失") {
		t.Fatalf("status after the late bundle:\n%s", out)
	}

	if out, err := bdhq(t, hq, "revoke", "T09"); err == nil {
		t.Fatalf("revoked an unknown terminal\n%s", out)
	}
	if out, err := bdhq(t, hq, "revoke", "T01"); err != nil || !strings.Contains(out, "已吊销") {
		t.Fatalf("revoke: %v\n%s", err, out)
	}
	if out, _ := bdhq(t, hq, "status"); !strings.Contains(out, "已吊销") {
		t.Fatalf("status after revoke:\n%s", out)
	}
	if out, err := bdhq(t, hq, "revoke", "T01"); err == nil {
		t.Fatalf("revoked twice\n%s", out)
	}
	next := filepath.Join(tmp, "next")
	os.Mkdir(next, 0o755)
	if _, err := term.Export(ctx, next); err != nil {
		t.Fatal(err)
	}
	if out, err := bdhq(t, hq, "import", next); err == nil || !strings.Contains(out, "拒收：终端密钥已吊销") {
		t.Fatalf("bundle after revoke: %v\n%s", err, out)
	}
	if out, _ := bdhq(t, hq, "status"); !strings.Contains(out, "     3 ") {
		t.Fatalf("a refused bundle moved the terminal on:\n%s", out)
	}
}

// A terminal enrolled after config versions were issued gets them again
// with config resend and applies them in order from v1.
func TestConfigResend(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	hq, stick, later := filepath.Join(tmp, "hq"), filepath.Join(tmp, "stick"), filepath.Join(tmp, "later")
	os.Mkdir(stick, 0o755)
	os.Mkdir(later, 0o755)
	if out, err := bdhq(t, hq, "init"); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	configured(t, enrolledTerminal(t, seededDB(t), hq, stick), hq, stick)
	// T02 of the same branch enrolls later.
	db2 := seededDB(t)
	t2, err := bundle.OpenTerminal(ctx, db2, demo.Branch, "T02", filepath.Join(tmp, "t02.key"), nil)
	if err != nil {
		t.Fatal(err)
	}
	enr, _ := t2.Enrollment()
	os.WriteFile(filepath.Join(later, "T02.enroll"), enr, 0o644)
	if out, err := bdhq(t, hq, "enroll", filepath.Join(later, "T02.enroll")); err != nil {
		t.Fatalf("enroll: %v\n%s", err, out)
	}
	if out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", later); err != nil {
		t.Fatalf("config v2: %v\n%s", err, out)
	}
	v2, _ := os.ReadFile(filepath.Join(later, bundle.ConfigName(demo.Branch, 2)))
	if _, err := t2.ApplyConfig(ctx, v2, fingerprint(t, hq)); !errors.Is(err, sync.ErrConfigGap) {
		t.Fatalf("v2 before v1: %v", err)
	}
	if out, err := bdhq(t, hq, "config", "resend", "-terminal", "T09", "-out", later); err == nil {
		t.Fatalf("resend to an unknown terminal\n%s", out)
	}
	out, err := bdhq(t, hq, "config", "resend", "-terminal", "T02", "-out", later)
	if err != nil || !strings.Contains(out, "补发配置包 v1–v2，共 2 个") {
		t.Fatalf("resend: %v\n%s", err, out)
	}
	for v := int64(1); v <= 2; v++ {
		data, err := os.ReadFile(filepath.Join(later, bundle.ConfigName(demo.Branch, v)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := t2.ApplyConfig(ctx, data, fingerprint(t, hq)); err != nil {
			t.Fatalf("v%d: %v", v, err)
		}
	}
	if st, _ := t2.State(ctx); st.ConfigVersion != 2 {
		t.Fatalf("T02 at config v%d", st.ConfigVersion)
	}
}

// set-aside keeps a held bundle out of the way, with a reason, and status
// lists it.
func TestSetAsideCommand(t *testing.T) {
	hq, stick, _, _ := gapOnSticks(t)
	if out, err := bdhq(t, hq, "import", stick); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"set-aside", "T01", "3"}, {"set-aside", "T01", "x", "原因"}, {"set-aside", "T01", "5", "原因"}} {
		if out, err := bdhq(t, hq, args...); err == nil {
			t.Fatalf("%v accepted\n%s", args, out)
		}
	}
	if out, err := bdhq(t, hq, "set-aside", "T01", "3", "终端从备份恢复"); err != nil || !strings.Contains(out, "已另存终端 T01 暂存的第 3 号数据包") {
		t.Fatalf("set-aside: %v\n%s", err, out)
	}
	if out, _ := bdhq(t, hq, "status"); !strings.Contains(out, "另存 [3]") || strings.Contains(out, "暂存 [") {
		t.Fatalf("status:\n%s", out)
	}
}

// rollback takes imported bundles out again, with a reason, and status
// lists them; the terminal's bundles under those numbers go in after.
func TestRollbackCommand(t *testing.T) {
	hq, stick, aside, _ := gapOnSticks(t)
	if out, err := bdhq(t, hq, "import", stick); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if out, err := bdhq(t, hq, "import", aside); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"rollback", "T01", "2"}, {"rollback", "T01", "x", "原因"}, {"rollback", "T01", "4", "原因"}, {"rollback", "T09", "2", "原因"}} {
		if out, err := bdhq(t, hq, args...); err == nil {
			t.Fatalf("%v accepted\n%s", args, out)
		}
	}
	if out, err := bdhq(t, hq, "rollback", "T01", "2", "密钥被盗后签发"); err == nil || !strings.Contains(err.Error(), "请先用 bdhq revoke T01") {
		t.Fatalf("rollback before revoke: %v\n%s", err, out)
	}
	if out, err := bdhq(t, hq, "revoke", "T01"); err != nil {
		t.Fatalf("revoke: %v\n%s", err, out)
	}
	// Without -confirm it only shows what would go.
	out, err := bdhq(t, hq, "rollback", "T01", "2", "密钥被盗后签发")
	if err != nil || !strings.Contains(out, "将回退终端 T01 的第 [2 3] 号数据包") || !strings.Contains(out, "-confirm") {
		t.Fatalf("preview: %v\n%s", err, out)
	}
	if out, _ := bdhq(t, hq, "status"); strings.Contains(out, "已回退") || !strings.Contains(out, "     3 ") {
		t.Fatalf("a preview changed the store:\n%s", out)
	}
	out, err = bdhq(t, hq, "rollback", "-confirm", "T01", "2", "密钥被盗后签发")
	if err != nil || !strings.Contains(out, "已回退终端 T01 的第 [2 3] 号数据包") || !strings.Contains(out, "最后序号现为 1") {
		t.Fatalf("rollback: %v\n%s", err, out)
	}
	if out, _ := bdhq(t, hq, "status"); !strings.Contains(out, "已回退 [2 3]") {
		t.Fatalf("status:\n%s", out)
	}
	// The same bundles, signed by the revoked key, stay out.
	if out, err := bdhq(t, hq, "import", aside); err == nil || !strings.Contains(out, "终端密钥已吊销") {
		t.Fatalf("a rolled-back bundle imported again: %v\n%s", err, out)
	}
}
