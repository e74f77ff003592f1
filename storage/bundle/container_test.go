package bundle

import (
	"archive/tar"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/sync"
)

// Unpack hands out the files where they lie in the bundle: appending to
// one reaches neither the next file nor the bundle.
func TestUnpackFilesStayApart(t *testing.T) {
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	files := map[string][]byte{"audit.ndjson": []byte("{\"_rowid\":1}\n"), "entries.ndjson": []byte("{\"_rowid\":2}\n")}
	m := sync.Manifest{Kind: sync.Up, Branch: "0101", Terminal: "T01", Seq: 1, Created: time.Now(), Schema: 1}
	plain, _, err := Pack(m, files, key)
	if err != nil {
		t.Fatal(err)
	}
	before := bytes.Clone(plain)
	b, err := Unpack(plain)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		if !bytes.Equal(b.Files[name], want) {
			t.Fatalf("%s: %q", name, b.Files[name])
		}
	}
	_ = append(b.Files["audit.ndjson"], "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"...)
	_ = append(b.Raw, "XXXXXXXX"...)
	if !bytes.Equal(plain, before) || !bytes.Equal(b.Files["entries.ndjson"], files["entries.ndjson"]) {
		t.Fatal("appending to a file wrote into the bundle")
	}
	if err := b.Verify(pub); err != nil {
		t.Fatal(err)
	}
	if _, err := Unpack(plain[:len(plain)-1100]); err == nil {
		t.Fatal("a truncated bundle unpacked")
	}
}

// A bundle head office can read with GNU tar is one it can import: the
// same files under tar's other formats and blocking factors unpack and
// verify.
func TestUnpackGNUTar(t *testing.T) {
	if _, err := exec.LookPath("tar"); err != nil {
		t.Skip("tar is not installed")
	}
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	files := map[string][]byte{"audit.ndjson": []byte("{\"_rowid\":1}\n"), "entries.ndjson": []byte(strings.Repeat("{\"_rowid\":2}\n", 700))}
	m := sync.Manifest{Kind: sync.Up, Branch: "0101", Terminal: "T01", Seq: 1, Created: time.Now(), Schema: 1}
	plain, _, err := Pack(m, files, key)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Unpack(plain)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, sync.ManifestName), b.Raw, 0o644)
	os.WriteFile(filepath.Join(dir, sync.SignatureName), b.Sig, 0o644)
	for n, d := range b.Files {
		os.WriteFile(filepath.Join(dir, n), d, 0o644)
	}
	for _, args := range [][]string{{"--format=gnu", "-b20"}, {"--format=pax", "-b20"}, {"--format=ustar", "-b20"}, {"--format=pax", "-b1"}, {"--format=gnu", "-b3"}} {
		out := filepath.Join(t.TempDir(), "x.tar")
		a := append([]string{"-C", dir, "-cf", out}, args...)
		a = append(a, sync.ManifestName, "audit.ndjson", "entries.ndjson", sync.SignatureName)
		if o, err := exec.Command("tar", a...).CombinedOutput(); err != nil {
			t.Fatal(err, string(o))
		}
		data, _ := os.ReadFile(out)
		b2, err := Unpack(data)
		if err == nil {
			err = b2.Verify(pub)
		}
		if err != nil {
			t.Errorf("tar %v: %v", args, err)
		}
	}
}

// A sparse entry (PAX GNU.sparse.*) reads, through a tar reader, as other
// bytes than lie after its header: it is refused, so what head office
// imports is what "age -d | tar x" shows.
func TestUnpackSparseRefused(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	stored := []byte("{\"_rowid\":1}\n")
	hidden := []byte("{\"_rowid\":1}\n{\"_rowid\":2}\n") // the stored bytes and the padding after them
	m := sync.Manifest{Kind: sync.Up, Branch: "0101", Terminal: "T01", Seq: 1, Created: time.Unix(0, 0).UTC(), Schema: 1, Format: sync.Format}
	m.Files = sync.Describe([]string{"entries.ndjson"}, map[string][]byte{"entries.ndjson": hidden})
	raw, _ := json.MarshalIndent(m, "", "  ")
	raw = append(raw, '\n')
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tw.WriteHeader(&tar.Header{Name: sync.ManifestName, Size: int64(len(raw)), Mode: 0o644, Typeflag: tar.TypeReg, Format: tar.FormatPAX})
	tw.Write(raw)
	tw.Flush()
	pax := paxRecord("GNU.sparse.major", "0") + paxRecord("GNU.sparse.minor", "1") + paxRecord("GNU.sparse.numblocks", "1") +
		paxRecord("GNU.sparse.map", "13,13") + paxRecord("GNU.sparse.size", "26") + paxRecord("GNU.sparse.name", "entries.ndjson")
	buf.Write(ustarHeader("PaxHeaders/entries.ndjson", int64(len(pax)), 'x'))
	buf.Write(blockPad([]byte(pax)))
	buf.Write(ustarHeader("entries.ndjson", int64(len(stored)), '0'))
	buf.Write(blockPad(append(append([]byte{}, stored...), "{\"_rowid\":2}\n"...)))
	tw = tar.NewWriter(&buf)
	sig := ed25519.Sign(key, raw)
	tw.WriteHeader(&tar.Header{Name: sync.SignatureName, Size: int64(len(sig)), Mode: 0o644, Typeflag: tar.TypeReg, Format: tar.FormatPAX})
	tw.Write(sig)
	tw.Close()
	if _, err := Unpack(buf.Bytes()); !errors.Is(err, sync.ErrCorrupt) {
		t.Fatalf("a sparse entry: %v", err)
	}
}

func ustarHeader(name string, size int64, flag byte) []byte {
	b := make([]byte, 512)
	copy(b[0:], name)
	copy(b[100:], "0000644\x00")
	copy(b[108:], "0000000\x00")
	copy(b[116:], "0000000\x00")
	copy(b[124:], fmt.Sprintf("%011o\x00", size))
	copy(b[136:], fmt.Sprintf("%011o\x00", 0))
	b[156] = flag
	copy(b[257:], "ustar\x0000")
	copy(b[148:], "        ")
	sum := 0
	for _, c := range b {
		sum += int(c)
	}
	copy(b[148:], fmt.Sprintf("%06o\x00 ", sum))
	return b
}

func paxRecord(k, v string) string {
	s := " " + k + "=" + v + "\n"
	n := len(s) + 1
	for len(fmt.Sprint(n))+len(s) != n {
		n++
	}
	return fmt.Sprint(n) + s
}

func blockPad(b []byte) []byte { return append(b, make([]byte, (512-len(b)%512)%512)...) }
