package bundle

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"branchdesk/domain/sync"
)

// FuzzReadBundle feeds head office arbitrary files, encrypted or not: it
// never panics, and a refused file writes nothing (a bundle held after a
// gap writes only its held copy).
func FuzzReadBundle(f *testing.F) {
	r := newRig(f)
	day(f, r.svc)
	good := r.export()
	plain, err := Unseal(good, r.hq.age)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(plain)
	f.Add(plain[:len(plain)/2])
	f.Add(good[:len(good)-1])
	f.Add([]byte("age-encryption.org/v1\n"))
	f.Add([]byte{})
	ctx := context.Background()
	counts := func(t *testing.T) [3]int64 {
		return [3]int64{
			count(t, r.hq.DB(), `SELECT COUNT(*) FROM records`),
			count(t, r.hq.DB(), `SELECT COUNT(*) FROM bundles`),
			count(t, r.hq.DB(), `SELECT COUNT(*) FROM receipts`),
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		before := counts(t)
		var err error
		if strings.HasPrefix(string(data), "age-encryption.org/v1\n") {
			_, err = r.hq.Import(ctx, data)
		} else {
			_, err = r.hq.importPlain(ctx, data, false)
		}
		if err != nil && counts(t) != before {
			t.Fatalf("refused (%v) but wrote", err)
		}
		if err == nil && counts(t) == before {
			t.Fatal("accepted but wrote nothing")
		}
		if err != nil && !errors.Is(err, sync.ErrAlreadyImported) && err.Error() == "" {
			t.Fatal("refusal without a message")
		}
	})
}

// Head office can inspect a bundle with standard tools:
// age -d -i hq-age.key FILE | tar t.
func TestAgeCLIListsBundle(t *testing.T) {
	for _, tool := range []string{"age", "tar", "sh"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s 命令未安装，跳过用标准工具解包的测试（%v）", tool, err)
		}
	}
	r := newRig(t)
	day(t, r.svc)
	path, err := r.term.Export(context.Background(), r.out)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("sh", "-c", `age -d -i "$1" "$2" | tar t`, "sh", filepath.Join(r.dir, "hq", HQAgeFile), path).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	names := strings.Fields(string(out))
	if len(names) < 4 || names[0] != sync.ManifestName || names[len(names)-1] != sync.SignatureName || !strings.Contains(string(out), "entries.ndjson") {
		t.Fatalf("tar t lists %q", names)
	}
	manifest, err := exec.Command("sh", "-c", `age -d -i "$1" "$2" | tar xO manifest.json`, "sh", filepath.Join(r.dir, "hq", HQAgeFile), path).Output()
	if err != nil || !strings.Contains(string(manifest), `"kind": "up"`) {
		t.Fatalf("manifest: %v\n%s", err, manifest)
	}
}

// Private keys are files only their owner may read, and a looser file is refused.
func TestKeyFilesArePrivate(t *testing.T) {
	r := newRig(t)
	for _, p := range []string{filepath.Join(r.dir, "T01.key"), filepath.Join(r.dir, "hq", HQSignFile), filepath.Join(r.dir, "hq", HQAgeFile)} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v", p, st.Mode().Perm())
		}
	}
	p := filepath.Join(r.dir, "T01.key")
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreateKey(p); !errors.Is(err, ErrKeyMode) {
		t.Fatalf("loose key file: %v", err)
	}
	e, _ := r.term.Enrollment()
	if strings.Contains(string(e), "PRIVATE") || len(e) > 600 {
		t.Fatalf("enrollment carries more than the public key: %s", e)
	}
}
