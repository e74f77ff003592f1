package bundle

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"branchdesk/domain/sync"
)

// A thief with a copy of the terminal's key got a bundle of their own in
// under number 2 before head office revoked the key. The terminal's own
// number 2 is then a replay and every later one breaks the chain, until
// head office rolls the forged bundle back: its records go (kept aside),
// the versions it replaced come back, and the terminal's own bundles go
// in under the new key. The forged bundle never comes in again.
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

	if err := r.hq.Revoke(ctx, "T01"); err != nil {
		t.Fatal(err)
	}
	if err := r.term.Rekey(ctx); err != nil {
		t.Fatal(err)
	}
	r.enroll(r.term)
	paths, err := r.term.ExportPending(ctx, r.out)
	if err != nil || len(paths) != 3 {
		t.Fatalf("pending %v %v", paths, err)
	}
	own2, _ := os.ReadFile(paths[1])
	own3, _ := os.ReadFile(paths[2])
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
	rb, err := r.hq.Rollback(ctx, "T01", 2, "密钥被盗，第2号包系伪造")
	if err != nil {
		t.Fatal(err)
	}
	if len(rb.Bundles) != 1 || rb.Bundles[0] != 2 || rb.Restored != 1 || rb.Last != 1 || rb.Records == 0 {
		t.Fatalf("rolled back %+v", rb)
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

	// The forged bundle, even signed by a key head office trusts, stays out.
	again := r.forge(forged, r.term.key, nil, nil)
	if r.plainOf(again).Hash != r.plainOf(forged).Hash {
		t.Fatal("re-signing changed the hash; the test proves nothing")
	}
	r.refused(t, again, sync.ErrSetAside)
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
func TestRollbackAfterAcceptedGap(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	_, b2, b3 := r.heldAfterGap()
	if _, err := r.hq.AcceptGap(ctx, "T01"); err != nil {
		t.Fatal(err)
	}
	rb, err := r.hq.Rollback(ctx, "T01", 3, "核查第3号包")
	if err != nil || rb.Last != 1 || rb.Restored != 0 {
		t.Fatalf("rollback %+v %v", rb, err)
	}
	st, _ := r.hq.Status(ctx)
	if st[0].Last != 1 || len(st[0].Skipped) != 0 || len(st[0].RolledBack) != 1 {
		t.Fatalf("status %+v", st[0])
	}
	if rs := r.importOK(b2); rs[0].Late {
		t.Fatal("bundle 2 taken as a late one")
	}
	r.refused(t, b3, sync.ErrSetAside)
}
