package bundle

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/sync"
)

// A thief with a copy of the terminal's key got a bundle of their own in
// under number 2 before head office revoked the key. The terminal's own
// number 2 is then a replay and every later one breaks the chain, until
// head office rolls the forged bundle back: its records go (kept aside),
// the versions it replaced come back, and the terminal's own bundles go
// in under the new key. The forged bundle, signed by a revoked key, never
// comes in again.
func TestRollbackStolenKey(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	b1, b2, _ := r.threeBundles()
	r.importOK(b1)
	first := string(bytes.SplitAfter(r.plainOf(b1).Files["entries.ndjson"], []byte("\n"))[0])
	stolen := r.term.key
	forged := r.forge(b2, stolen, func(fs map[string][]byte) {
		// The thief rewrites entry 1 (a later version replaces a row) and
		// brings rows of their own.
		fs["entries.ndjson"] = append([]byte(bytes.Replace([]byte(first), []byte(`"_rowid":1,`), []byte(`"_rowid":1,"forged":true,`), 1)),
			fs["entries.ndjson"]...)
	}, nil)
	r.importOK(forged)
	if got := entryOne(t, r); got == first {
		t.Fatal("the forged bundle did not replace entry 1; the test proves nothing")
	}
	before := snapshot(t, r.hq.DB())
	if _, err := r.hq.Rollback(ctx, "T01", 2, "密钥被盗"); err == nil || !strings.Contains(err.Error(), "请先用 bdhq revoke T01") {
		t.Fatalf("rollback before the key is revoked: %v", err)
	}
	if snapshot(t, r.hq.DB()) != before {
		t.Fatal("a refused rollback changed the store")
	}

	if err := r.hq.Revoke(ctx, "T01"); err != nil {
		t.Fatal(err)
	}
	if err := r.term.Rekey(ctx); err != nil {
		t.Fatal(err)
	}
	r.enroll(r.term)
	own := pendingAgain(t, r, 3)
	own2, own3 := own[1], own[2]
	r.refused(t, own2, sync.ErrReplay)
	r.refused(t, own3, sync.ErrChain)

	if _, err := r.hq.Rollback(ctx, "T01", 2, " "); err == nil {
		t.Fatal("rolled back without a reason")
	}
	if _, err := r.hq.Rollback(ctx, "T01", 3, "被盗密钥"); err == nil {
		t.Fatal("rolled back from a number never imported")
	}
	if _, err := r.hq.Rollback(ctx, "T09", 2, "被盗密钥"); !errors.Is(err, sync.ErrUnknownTerminal) {
		t.Fatalf("rollback of an unknown terminal: %v", err)
	}
	kept := snapshot(t, r.hq.DB())
	preview, err := r.hq.RollbackPreview(ctx, "T01", 2)
	if err != nil || snapshot(t, r.hq.DB()) != kept {
		t.Fatalf("preview %v, or it changed the store", err)
	}
	rb, err := r.hq.Rollback(ctx, "T01", 2, "密钥被盗，第2号包系伪造")
	if err != nil {
		t.Fatal(err)
	}
	if len(rb.Bundles) != 1 || rb.Bundles[0] != 2 || rb.Restored != 1 || rb.Last != 1 || rb.Records == 0 {
		t.Fatalf("rolled back %+v", rb)
	}
	if fmt.Sprint(preview) != fmt.Sprint(rb) {
		t.Fatalf("preview %+v, rollback %+v", preview, rb)
	}
	if got := entryOne(t, r); got != first {
		t.Fatalf("entry 1 not put back:\n%s\nwant\n%s", got, first)
	}
	if n := count(t, r.hq.DB(), `SELECT COUNT(*) FROM rolled_back WHERE terminal = 'T01' AND seq = 2 AND hash = ? AND receipt IS NOT NULL AND reason <> ''`,
		r.plainOf(forged).Hash); n != 1 {
		t.Fatal("the forged bundle is not kept")
	}
	if n := count(t, r.hq.DB(), `SELECT COUNT(*) FROM rolled_back_records WHERE terminal = 'T01' AND seq = 2 AND CAST(data AS TEXT) LIKE '%"forged":true%'`); n != 1 {
		t.Fatalf("the forged version of entry 1 kept aside %d times", n)
	}
	if n := count(t, r.hq.DB(), `SELECT COUNT(*) FROM rolled_back_records WHERE terminal = 'T01' AND seq = 2`); n != rb.Records {
		t.Fatalf("%d records kept aside, want %d", n, rb.Records)
	}
	if n := count(t, r.hq.DB(), `SELECT COUNT(*) FROM records WHERE terminal = 'T01' AND seq >= 2`); n != 0 {
		t.Fatalf("%d records of the forged bundle left", n)
	}

	// The terminal's own bundles go in, and its receipts are the real ones.
	r.importOK(own2)
	r.importOK(own3)
	st, _ := r.hq.Status(ctx)
	if st[0].Last != 3 || len(st[0].RolledBack) != 1 || st[0].RolledBack[0] != 2 {
		t.Fatalf("status %+v", st[0])
	}
	for seq := int64(1); seq <= 3; seq++ {
		rc, err := r.hq.Receipt(ctx, "T01", seq)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := r.term.ImportReceipt(ctx, rc); err != nil {
			t.Fatalf("receipt %d: %v", seq, err)
		}
	}
	if n := count(t, r.hq.DB(), `SELECT COUNT(*) FROM records WHERE CAST(data AS TEXT) LIKE '%forged%'`); n != 0 {
		t.Fatal("a forged row is back")
	}

	// The forged bundle stays out; the terminal's own bundles, imported
	// under its new key, cannot be rolled back.
	r.refused(t, forged, sync.ErrSignature, sync.ErrRevoked)
	if _, err := r.hq.Rollback(ctx, "T01", 3, "误操作"); err == nil || !strings.Contains(err.Error(), "现用（未吊销）的密钥签名") {
		t.Fatalf("rollback of the terminal's own bundle: %v", err)
	}
	if snapshot(t, r.hq.DB()) == before {
		t.Fatal("nothing changed")
	}
}

func entryOne(t *testing.T, r *rig) string {
	t.Helper()
	var data string
	if err := r.hq.DB().QueryRow(`SELECT data FROM records WHERE terminal = 'T01' AND type = 'entries' AND rid = 1`).Scan(&data); err != nil {
		t.Fatal(err)
	}
	return data + "\n"
}

// One key is one terminal's: a copied key file is not enrolled for a
// second terminal, and a key on the revoked list signs nothing.
func TestKeyOfAnotherTerminal(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	body, _ := json.Marshal(Enrollment{Format: sync.Format, Branch: "0101", Terminal: "T02", Key: r.term.PublicKey(), Created: time.Now().UTC()})
	data, _ := json.Marshal(enrollFile{Body: body, Sig: ed25519.Sign(r.term.key, body)})
	before := snapshot(t, r.hq.DB())
	if _, err := r.hq.Enroll(ctx, data); err == nil || !bytes.Contains([]byte(err.Error()), []byte("已登记给终端 T01")) {
		t.Fatalf("the key of T01 enrolled for T02: %v", err)
	}
	if snapshot(t, r.hq.DB()) != before {
		t.Fatal("a refused enrollment changed the store")
	}

	day(t, r.svc)
	b1 := r.export()
	if _, err := r.hq.DB().Exec(`INSERT INTO revoked_keys VALUES (?, 'T01', '2026-11-01T00:00:00Z')`, []byte(r.term.PublicKey())); err != nil {
		t.Fatal(err)
	}
	r.refused(t, b1, sync.ErrRevoked)
}

// A rollback to before a gap head office accepted makes the gap an open
// one again: the bundle given up for lost is simply the next one expected.
// A bundle of the terminal's own rolled back with the forged ones comes
// in again, signed by its new key.
func TestRollbackAfterAcceptedGap(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	_, _, b3 := r.heldAfterGap()
	if _, err := r.hq.AcceptGap(ctx, "T01"); err != nil {
		t.Fatal(err)
	}
	rekeyed(t, r)
	rb, err := r.hq.Rollback(ctx, "T01", 3, "密钥被盗，核查第3号包")
	if err != nil || rb.Last != 1 || rb.Restored != 0 {
		t.Fatalf("rollback %+v %v", rb, err)
	}
	st, _ := r.hq.Status(ctx)
	if st[0].Last != 1 || len(st[0].Skipped) != 0 || len(st[0].RolledBack) != 1 {
		t.Fatalf("status %+v", st[0])
	}
	r.refused(t, b3, sync.ErrSignature, sync.ErrRevoked)
	for i, data := range pendingAgain(t, r, 3)[1:] {
		if rs := r.importOK(data); rs[0].Seq != int64(i+2) || rs[0].Late {
			t.Fatalf("bundle %d: %+v", i+2, rs[0])
		}
	}
}

// pendingAgain has the terminal write again every bundle waiting for a
// receipt, want of them, and returns them.
func pendingAgain(t *testing.T, r *rig, want int) [][]byte {
	t.Helper()
	paths, err := r.term.ExportPending(context.Background(), r.out)
	if err != nil || len(paths) != want {
		t.Fatalf("pending %v %v, want %d", paths, err, want)
	}
	out := make([][]byte, len(paths))
	for i, p := range paths {
		if out[i], err = os.ReadFile(p); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// rekeyed revokes the terminal's key at head office and enrolls its new one.
func rekeyed(t *testing.T, r *rig) {
	t.Helper()
	if err := r.hq.Revoke(context.Background(), "T01"); err != nil {
		t.Fatal(err)
	}
	if err := r.term.Rekey(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.enroll(r.term)
}

// entryVersion is bundle b with entry 1 of b1 at version v, after b's own
// entries; prev, if not nil, is the bundle it names as the one before.
func entryVersion(r *rig, b, b1 []byte, v string, prev []byte) []byte {
	first := bytes.SplitAfter(r.plainOf(b1).Files["entries.ndjson"], []byte("\n"))[0]
	line := bytes.Replace(first, []byte(`"_rowid":1,`), []byte(`"_rowid":1,"v":"`+v+`",`), 1)
	return r.forge(b, r.term.key, func(fs map[string][]byte) {
		fs["entries.ndjson"] = append(line, fs["entries.ndjson"]...)
	}, func(m *sync.Manifest) {
		if prev != nil {
			m.Prev = r.plainOf(prev).Hash
		}
	})
}

// A late bundle's version of a record, older than the one kept, is the
// one a rollback of the newer bundle puts back.
func TestRollbackKeepsLateVersion(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	b1, b2, b3 := r.threeBundles()
	r.importOK(b1)
	b2x := entryVersion(r, b2, b1, "2", nil)
	b3x := entryVersion(r, b3, b1, "3", b2x)
	if _, err := r.hq.Import(ctx, b3x); !errors.Is(err, sync.ErrGap) {
		t.Fatal(err)
	}
	if _, err := r.hq.AcceptGap(ctx, "T01"); err != nil {
		t.Fatal(err)
	}
	if rs := r.importOK(b2x); !rs[0].Late {
		t.Fatalf("bundle 2 not late: %+v", rs[0])
	}
	if !strings.Contains(entryOne(t, r), `"v":"3"`) {
		t.Fatal("a late bundle brought back an older version")
	}
	rekeyed(t, r)
	if _, err := r.hq.Rollback(ctx, "T01", 3, "密钥被盗"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(entryOne(t, r), `"v":"2"`) {
		t.Fatalf("after rollback entry 1 is %s", entryOne(t, r))
	}
}

// A bundle imported before head office kept replaced versions (store v4)
// is rolled back only when no record it replaced would be lost.
func TestRollbackOfBundleFromBeforeV4(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	b1, b2, b3 := r.threeBundles()
	r.importOK(b1)
	b2x := entryVersion(r, b2, b1, "2", nil) // replaces entry 1
	r.importOK(b2x)
	r.importOK(r.forge(b3, r.term.key, nil, func(m *sync.Manifest) { m.Prev = r.plainOf(b2x).Hash }))
	// As a v3 store left them: no versions kept.
	for _, q := range []string{`UPDATE bundles SET signer = NULL`, `DELETE FROM record_versions`} {
		if _, err := r.hq.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	rekeyed(t, r)
	before := snapshot(t, r.hq.DB())
	if _, err := r.hq.Rollback(ctx, "T01", 2, "密钥被盗"); err == nil || !strings.Contains(err.Error(), "有 1 条记录此前已收妥的版本未保存") {
		t.Fatalf("rollback losing entry 1: %v", err)
	}
	if snapshot(t, r.hq.DB()) != before {
		t.Fatal("a refused rollback changed the store")
	}
	// Bundle 3 replaced nothing: it may go.
	if rb, err := r.hq.Rollback(ctx, "T01", 3, "密钥被盗"); err != nil || rb.Last != 2 {
		t.Fatalf("rollback of bundle 3: %+v %v", rb, err)
	}
}

// A bundle of the terminal's own, rolled back with forged ones and sent
// again under its new key, may be rolled back again after a second theft.
func TestRollbackTwice(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	b1, b2, _ := r.threeBundles()
	r.importOK(b1)
	r.importOK(b2)
	rekeyed(t, r)
	if _, err := r.hq.Rollback(ctx, "T01", 2, "密钥被盗"); err != nil {
		t.Fatal(err)
	}
	for _, data := range pendingAgain(t, r, 3)[1:] {
		r.importOK(data)
	}
	rekeyed(t, r)
	if _, err := r.hq.Rollback(ctx, "T01", 2, "再次被盗"); err != nil {
		t.Fatalf("second rollback: %v", err)
	}
	if n := count(t, r.hq.DB(), `SELECT COUNT(*) FROM rolled_back WHERE seq = 2 AND hash = ?`, r.plainOf(b2).Hash); n != 2 {
		t.Fatalf("bundle 2 kept %d times, want 2", n)
	}
}

// Which bundles may be rolled back is told by the key that signed them,
// not by head office's clock: set back after a revocation, it does not
// make the terminal's own acknowledged bundles look forged.
func TestRollbackByKeyNotClock(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	b1, _, _ := r.threeBundles()
	r.importOK(b1)
	rekeyed(t, r) // revoked at "now"
	r.clock.back(time.Hour)
	own := pendingAgain(t, r, 3)
	rc1, _ := r.hq.Receipt(ctx, "T01", 1)
	r.term.ImportReceipt(ctx, rc1)
	for _, data := range own[1:] {
		rs := r.importOK(data)
		rc, _ := r.hq.Receipt(ctx, "T01", rs[0].Seq)
		if _, _, err := r.term.ImportReceipt(ctx, rc); err != nil {
			t.Fatal(err)
		}
	}
	if rb, err := r.hq.Rollback(ctx, "T01", 2, "误操作"); err == nil {
		p, _ := r.term.ExportPending(ctx, r.out)
		t.Fatalf("rolled back the terminal's own new-key, acknowledged bundles %v; terminal has %d pending to send again", rb.Bundles, len(p))
	}
}

// A clock behind at the revocation does not keep a forged bundle from
// being rolled back.
func TestRollbackClockBehind(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	b1, b2, _ := r.threeBundles()
	r.importOK(b1)
	r.importOK(r.forge(b2, r.term.key, nil, nil))
	r.clock.back(time.Hour)
	rekeyed(t, r)
	if _, err := r.hq.Rollback(ctx, "T01", 2, "密钥被盗"); err != nil {
		t.Fatalf("forged bundle cannot be rolled back: %v", err)
	}
}

// A forged bundle held after a gap goes out with the rollback (kept): the
// terminal's own bundles under those numbers then all come in.
func TestRollbackTakesHeldOut(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	b1, b2, b3 := r.threeBundles()
	r.importOK(b1)
	stolen := r.term.key
	f2 := r.forge(b2, stolen, func(fs map[string][]byte) { delete(fs, "entries.ndjson") }, nil)
	r.importOK(f2)
	f4 := r.forge(b3, stolen, nil, func(m *sync.Manifest) { m.Seq = 4 })
	if _, err := r.hq.Import(ctx, f4); !errors.Is(err, sync.ErrGap) {
		t.Fatalf("forged 4 not held: %v", err)
	}
	rekeyed(t, r)
	rb, err := r.hq.Rollback(ctx, "T01", 2, "密钥被盗")
	if err != nil || rb.Held != 1 {
		t.Fatalf("rollback %+v %v", rb, err)
	}
	if n := count(t, r.hq.DB(), `SELECT COUNT(*) FROM rolled_back_held WHERE seq = 4 AND hash = ?`, r.plainOf(f4).Hash); n != 1 {
		t.Fatal("the held forged bundle is not kept")
	}
	signedIn(t, r.svc, "3002")
	r.export()
	for _, data := range pendingAgain(t, r, 4)[1:] {
		r.importOK(data)
	}
	if st, _ := r.hq.Status(ctx); st[0].Last != 4 || len(st[0].Held) != 0 {
		t.Fatalf("status %+v", st[0])
	}
	r.refused(t, f4, sync.ErrSignature, sync.ErrRevoked, sync.ErrAlreadyImported, sync.ErrReplay)
}
