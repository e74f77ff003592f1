package bundle

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
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
