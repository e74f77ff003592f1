package bundle

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An export whose file cannot be written (here a directory stands where
// it goes: the rename fails, as root too) leaves no temporary file on the
// stick; the bundle is kept and sync pending writes it later.
func TestFailedExportLeavesNoTempFile(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	name := FileName(r.term.state.Branch, r.term.state.Terminal, 1)
	blocker := filepath.Join(r.out, name)
	if err := os.MkdirAll(filepath.Join(blocker, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := r.term.Export(ctx, r.out); err == nil || !strings.Contains(err.Error(), "sync pending") {
		t.Fatalf("export over a directory: %v", err)
	}
	if _, err := r.term.ExportPending(ctx, r.out); err == nil {
		t.Fatal("pending wrote over a directory")
	}
	ents, _ := os.ReadDir(r.out)
	if len(ents) != 1 || ents[0].Name() != name || !ents[0].IsDir() {
		t.Fatalf("the stick holds %v", ents)
	}
	if err := os.RemoveAll(blocker); err != nil {
		t.Fatal(err)
	}
	paths, err := r.term.ExportPending(ctx, r.out)
	if err != nil || len(paths) != 1 || filepath.Base(paths[0]) != name {
		t.Fatalf("pending after the stick is cleared: %v %v", paths, err)
	}
	if ents, _ := os.ReadDir(r.out); len(ents) != 1 {
		t.Fatalf("the stick holds %v", ents)
	}
}
