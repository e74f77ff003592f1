package wholefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// leftovers lists what is in dir besides want.
func leftovers(t *testing.T, dir string, want ...string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	keep := map[string]bool{}
	for _, w := range want {
		keep[w] = true
	}
	var out []string
	for _, e := range ents {
		if !keep[e.Name()] {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestWriteWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.bdsync")
	if err := Write(path, 0o640, func(w io.Writer) error { _, err := io.WriteString(w, "ok"); return err }); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	st, _ := os.Stat(path)
	if err != nil || string(data) != "ok" || st.Mode().Perm() != 0o640 {
		t.Fatalf("wrote %q %v (%v)", data, st.Mode(), err)
	}
	if l := leftovers(t, dir, "a.bdsync"); len(l) > 0 {
		t.Fatalf("left %v", l)
	}
}

// A write that fails half-way (a full stick: the writer errs) leaves the
// old file as it was and no temporary file.
func TestFailedWriteLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.bdreceipt")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	full := errors.New("no space left on device")
	err := Write(path, 0o600, func(w io.Writer) error {
		if _, err := w.Write(make([]byte, 3<<20)); err != nil {
			return err
		}
		return full
	})
	if !errors.Is(err, full) {
		t.Fatalf("error %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "old" {
		t.Fatalf("old file now %d bytes", len(data))
	}
	if l := leftovers(t, dir, "a.bdreceipt"); len(l) > 0 {
		t.Fatalf("left %v", l)
	}
}

// A rename that fails (a directory where the file goes: root cannot
// rename over it either) leaves no temporary file.
func TestFailedRenameLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.pdf")
	if err := os.MkdirAll(filepath.Join(path, "inside"), 0o700); err != nil {
		t.Fatal(err)
	}
	err := Write(path, 0o600, func(w io.Writer) error { _, err := io.WriteString(w, "pdf"); return err })
	if err == nil {
		t.Fatal("wrote over a directory")
	}
	if l := leftovers(t, dir, "a.pdf"); len(l) > 0 {
		t.Fatalf("left %v", l)
	}
}
