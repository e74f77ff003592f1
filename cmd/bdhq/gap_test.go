package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A lost bundle: the one after it is held and status names the gap;
// accept-gap imports it; the lost one, found after all, still goes in.
// A revoked terminal's next bundle is refused.
func TestGapAndRevokeCommands(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	hq := filepath.Join(tmp, "hq")
	stick, aside := filepath.Join(tmp, "stick"), filepath.Join(tmp, "aside")
	os.Mkdir(stick, 0o755)
	os.Mkdir(aside, 0o755)
	if out, err := bdhq(t, hq, "init"); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	term := enrolledTerminal(t, seededDB(t), hq, stick)
	configured(t, term, hq, stick)
	for _, dir := range []string{stick, aside, stick} {
		if _, err := term.Export(ctx, dir); err != nil {
			t.Fatal(err)
		}
	}
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
