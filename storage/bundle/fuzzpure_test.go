package bundle

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"testing"
	"time"

	"branchdesk/domain/sync"
)

// FuzzOpenBundle fuzzes the reader alone — decryption, tar, manifest,
// signature and record checks — with no store, so it runs fast.
func FuzzOpenBundle(f *testing.F) {
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	plain, _, err := Pack(sync.Manifest{Kind: sync.Up, Branch: "0101", Terminal: "T01", Seq: 1, Created: time.Unix(0, 0), Schema: 1},
		map[string][]byte{"entries.ndjson": []byte("{\"_rowid\":1,\"id\":1}\n{\"_rowid\":2}\nx\n"), "legs.ndjson": nil}, key)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(plain)
	f.Add(plain[:len(plain)/3])
	signed, err := Unpack(plain)
	if err != nil {
		f.Fatal(err)
	}
	pub := key.Public().(ed25519.PublicKey)
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Unpack(data)
		if err != nil {
			return
		}
		// Only the manifest that was signed can pass Verify: checking the
		// signature of any other would cost more than all the rest (the
		// fuzzer instruments Ed25519 too) and always fail.
		if !bytes.Equal(b.Raw, signed.Raw) {
			return
		}
		if err := b.Verify(pub); err != nil {
			return
		}
		files, body := parseUp(b, "0101")
		n := 0
		for _, f := range files {
			n += len(f.rids)
		}
		if int64(n) != body.Count() {
			t.Fatalf("%d records parsed, receipt counts %d", n, body.Count())
		}
	})
}
