package bundle

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"branchdesk/domain/sync"
)

// An import killed half-way (SIGKILL: no deferred rollback runs) leaves
// head office's store as it was, and running it again completes.
func TestImportKilledHalfway(t *testing.T) {
	if dir := os.Getenv("BDHQ_CRASH_DIR"); dir != "" {
		crashChild(t, dir, os.Getenv("BDHQ_CRASH_FILE"))
		return
	}
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	file := filepath.Join(r.out, "b1.bdsync")
	if err := os.WriteFile(file, r.export(), 0o600); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, r.hq.DB())
	r.hq.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestImportKilledHalfway$")
	cmd.Env = append(os.Environ(), "BDHQ_CRASH_DIR="+filepath.Join(r.dir, "hq"), "BDHQ_CRASH_FILE="+file)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed: %v\n%s", err, out)
	}

	hq, err := OpenHQ(ctx, filepath.Join(r.dir, "hq"), r.clock)
	if err != nil {
		t.Fatal(err)
	}
	r.hq = hq
	t.Cleanup(func() { hq.Close() })
	var check string
	if err := hq.DB().QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity: %s %v", check, err)
	}
	if after := snapshot(t, hq.DB()); after != before {
		t.Fatalf("a killed import left rows behind:\n%s", strings.TrimPrefix(after, before))
	}
	data, _ := os.ReadFile(file)
	rs := r.importOK(data)
	if got := count(t, hq.DB(), `SELECT COUNT(*) FROM records`); got != rs[0].Records || got < 100 {
		t.Fatalf("re-run imported %d records, result %+v", got, rs)
	}
	if _, err := hq.Import(ctx, data); err == nil || !strings.Contains(err.Error(), sync.ErrAlreadyImported.Error()) {
		t.Fatalf("third run: %v", err)
	}
}

// crashChild imports file and kills itself after the 50th record.
func crashChild(t *testing.T, dir, file string) {
	hq, err := OpenHQ(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	hq.afterRecord = func(n int) {
		if n == 50 {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {}
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	_, err = hq.Import(context.Background(), data)
	t.Fatalf("import was not killed: %v", err)
}
