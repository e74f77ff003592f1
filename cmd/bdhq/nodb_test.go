package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"branchdesk/storage/bundle"
)

// Only bdhq init makes head office's store: with no store or an empty
// (0-byte) one, every other command refuses and names init; nothing is
// created.
func TestHQReadsNeverCreateTheStore(t *testing.T) {
	dir := t.TempDir()
	if _, err := bdhq(t, dir, "status"); err == nil || !strings.Contains(err.Error(), "bdhq init") {
		t.Fatalf("status in an empty directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, bundle.HQStore)); !os.IsNotExist(err) {
		t.Fatalf("status made the store: %v", err)
	}
	// An empty store left by an earlier mistake does not stop init.
	store := filepath.Join(dir, bundle.HQStore)
	if err := os.WriteFile(store, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := bdhq(t, dir, "init"); err != nil {
		t.Fatalf("init over an empty store: %v\n%s", err, out)
	}
	for _, empty := range []bool{false, true} {
		for _, f := range []string{store, store + "-wal", store + "-shm"} {
			if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
		if empty {
			if err := os.WriteFile(store, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		for _, args := range [][]string{{"status"}, {"keys"}, {"import", dir}} {
			_, err := bdhq(t, dir, args...)
			want := "总行数据库不存在或为空（" + store + "）：先运行 bdhq -dir " + dir + " init"
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("%v with empty=%v: %v; want %q", args, empty, err, want)
			}
			st, serr := os.Stat(store)
			if (!empty && !os.IsNotExist(serr)) || (empty && (serr != nil || st.Size() != 0)) {
				t.Fatalf("%v changed the store: %v %v", args, st, serr)
			}
		}
		if _, err := bundle.OpenHQ(context.Background(), dir, nil); err == nil {
			t.Fatal("OpenHQ opened a missing or empty store")
		}
	}
}
