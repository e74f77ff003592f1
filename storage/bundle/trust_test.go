package bundle

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"branchdesk/domain/sync"
	"branchdesk/storage/demo"
)

// A terminal takes head office's keys from its first config bundle only
// with the fingerprint head office read out; a forger's bundle, signed by
// a key of its own and sealed to the terminal, is refused.
func TestFirstConfigNeedsFingerprint(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	db2, _, t2 := r.branch("T02")
	r.enroll(t2)
	// T02 enrolled after v1 was issued: head office sends it v1 again,
	// and v2 is sealed to both terminals.
	v2, _, err := r.hq.ExportConfig(ctx, demo.Branch, sync.ConfigSet{})
	if err != nil {
		t.Fatal(err)
	}
	resent, err := r.hq.ResendConfig(ctx, "T02")
	if err != nil || len(resent) != 2 {
		t.Fatalf("resend: %d bundles, %v", len(resent), err)
	}
	cfg := resent[1]
	if _, err := InitHQ(ctx, filepath.Join(r.dir, "forger"), r.clock); err != nil {
		t.Fatal(err)
	}
	forger, err := OpenHQ(ctx, filepath.Join(r.dir, "forger"), r.clock)
	if err != nil {
		t.Fatal(err)
	}
	defer forger.Close()
	e, _ := t2.Enrollment()
	if _, err := forger.Enroll(ctx, e); err != nil {
		t.Fatal(err)
	}
	forged, _, err := forger.ExportConfig(ctx, demo.Branch, sync.ConfigSet{})
	if err != nil {
		t.Fatal(err)
	}
	wrong := []byte(r.fingerprint())
	wrong[len(wrong)-1] ^= 1
	for _, tc := range []struct {
		name, typed string
		data        []byte
		want        error
	}{
		{"no fingerprint", "", cfg, sync.ErrNeedFingerprint},
		{"wrong fingerprint", string(wrong), cfg, sync.ErrFingerprint},
		{"forger's bundle, real fingerprint", r.fingerprint(), forged, sync.ErrFingerprint},
		{"forger's bundle, no fingerprint", "", forged, sync.ErrNeedFingerprint},
		{"v2 before v1", r.fingerprint(), v2, sync.ErrConfigGap},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := dbSnapshot(t, db2)
			if _, err := t2.ApplyConfig(ctx, tc.data, tc.typed); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if dbSnapshot(t, db2) != before {
				t.Fatal("a refused first config changed the branch")
			}
		})
	}
	if _, err := t2.ApplyConfig(ctx, cfg, r.fingerprint()); err != nil {
		t.Fatal(err)
	}
	if _, err := t2.ApplyConfig(ctx, v2, ""); err != nil {
		t.Fatal(err)
	}
	st, _ := t2.State(ctx)
	if sync.Fingerprint(st.HQ.Sign) != r.fingerprint() || st.ConfigVersion != 2 {
		t.Fatalf("state after the first config: %+v", st)
	}
	// From then on the kept key decides; the forger's next version is
	// refused whatever fingerprint is typed.
	forged, _, _ = forger.ExportConfig(ctx, demo.Branch, sync.ConfigSet{})
	forged, _, _ = forger.ExportConfig(ctx, demo.Branch, sync.ConfigSet{})
	if _, err := t2.ApplyConfig(ctx, forged, sync.Fingerprint(forger.PublicKeys().Sign)); !errors.Is(err, sync.ErrSignature) {
		t.Fatalf("forger after first contact: %v", err)
	}
}

// A receipt signed by head office that leaves a record neither accepted
// nor refused is not applied: the bundle stays waiting, to be sent again.
func TestReceiptMustAccountForEveryRecord(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	r.importOK(r.export())
	good, err := r.hq.Receipt(ctx, "T01", 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Unpack(good)
	var body sync.ReceiptBody
	if err := json.Unmarshal(b.Files[ReceiptFile], &body); err != nil {
		t.Fatal(err)
	}
	resign := func(edit func(*sync.ReceiptBody)) []byte {
		var c sync.ReceiptBody
		json.Unmarshal(b.Files[ReceiptFile], &c)
		edit(&c)
		data, _ := json.Marshal(c)
		p, _, err := Pack(b.Manifest, map[string][]byte{ReceiptFile: append(data, '\n')}, r.hq.sign)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name string
		edit func(*sync.ReceiptBody)
	}{
		{"one entry dropped", func(c *sync.ReceiptBody) { c.Accepted["entries"][0][1]-- }},
		{"a file left out", func(c *sync.ReceiptBody) { delete(c.Accepted, "audit") }},
		{"a record counted twice", func(c *sync.ReceiptBody) {
			c.Rejected = append(c.Rejected, sync.RejectRecord("entries", c.Accepted["entries"][0][0], "重复"))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := branchSnapshot(t, r)
			if _, _, err := r.term.ImportReceipt(ctx, resign(tc.edit)); !errors.Is(err, sync.ErrReceiptCount) {
				t.Fatalf("got %v", err)
			}
			if branchSnapshot(t, r) != before {
				t.Fatal("a receipt that loses records changed the branch")
			}
		})
	}
	// A record refused with a reason is accounted for.
	honest := resign(func(c *sync.ReceiptBody) {
		first := c.Accepted["entries"][0][0]
		c.Accepted["entries"][0][0]++
		c.Rejected = append(c.Rejected, sync.RejectRecord("entries", first, "测试：总行拒收"))
	})
	if _, _, err := r.term.ImportReceipt(ctx, honest); err != nil {
		t.Fatal(err)
	}
	ex, _ := r.term.Exports(ctx)
	if len(ex) != 1 || ex[0].AckedAt == "" || len(ex[0].Rejected) != 1 || ex[0].Rejected[0].Reason != "测试：总行拒收" {
		t.Fatalf("exports %+v", ex)
	}
}

// A terminal writes one bundle per number. Another bundle under the
// number of one held after a gap is refused, and the held one stays.
func TestHeldNumberTakenOnce(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	_, b2, b3 := r.heldAfterGap()
	other := r.forge(b3, r.term.key, func(fs map[string][]byte) { delete(fs, "audit.ndjson") }, nil)
	r.refused(t, other, sync.ErrHeldConflict)
	// The same bundle again is still just held.
	if _, err := r.hq.Import(ctx, b3); !errors.Is(err, sync.ErrGap) {
		t.Fatal(err)
	}
	rs := r.importOK(b2)
	if len(rs) != 2 || rs[1].Seq != 3 {
		t.Fatalf("filling the gap: %+v", rs)
	}
	h3 := r.plainOf(b3).Hash
	if got := count(t, r.hq.DB(), `SELECT COUNT(*) FROM bundles WHERE terminal = 'T01' AND seq = 3 AND hash = ?`, h3); got != 1 {
		t.Fatal("the held bundle was not the one imported")
	}
}

// A bundle given up for lost that turns up late must fit between its
// neighbours, and must not bring back an older version of a row that a
// later bundle already replaced.
func TestLateBundleKeepsNewerRows(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	b1 := r.export()
	if _, err := r.db.Exec(context.Background(), `INSERT INTO complaints VALUES ('C1', '0101', '{"step":1}')`); err != nil {
		t.Fatal(err)
	}
	b2 := r.export()
	if _, err := r.db.Exec(context.Background(), `UPDATE complaints SET data = '{"step":2}' WHERE id = 'C1'`); err != nil {
		t.Fatal(err)
	}
	b3 := r.export()
	r.importOK(b1)
	if _, err := r.hq.Import(ctx, b3); !errors.Is(err, sync.ErrGap) {
		t.Fatal(err)
	}
	if _, err := r.hq.AcceptGap(ctx, "T01"); err != nil {
		t.Fatal(err)
	}
	step := func() string {
		var s string
		if err := r.hq.DB().QueryRow(`SELECT json_extract(data, '$.data') FROM records WHERE type = 'complaints'`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if step() != `{"step":2}` {
		t.Fatalf("after bundle 3: %s", step())
	}
	// Signed by the terminal, numbered 2, after bundle 1 — but bundle 3
	// names another bundle as the one before it.
	other := r.forge(b2, r.term.key, func(fs map[string][]byte) { delete(fs, "audit.ndjson") }, nil)
	r.refused(t, other, sync.ErrChain)
	rs := r.importOK(b2)
	if len(rs) != 1 || !rs[0].Late {
		t.Fatalf("late bundle: %+v", rs)
	}
	if step() != `{"step":2}` {
		t.Fatalf("the late bundle brought back an older complaint: %s", step())
	}
}

// A store made by the first release (schema 1: config bundles not kept,
// revoked keys only on their terminal's row) is brought up to date when
// opened; what it did not keep cannot be
// sent again, and says so.
func TestHQStoreFromFirstRelease(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := InitHQ(ctx, dir, nil); err != nil {
		t.Fatal(err)
	}
	h, err := OpenHQ(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP TABLE suspense_decisions_sent`,
		`DROP TABLE suspense_decisions`,
		`DROP TABLE record_versions`,
		`DROP TABLE rolled_back`,
		`DROP TABLE rolled_back_records`,
		`DROP TABLE rolled_back_held`,
		`ALTER TABLE records DROP COLUMN branch`,
		`ALTER TABLE bundles DROP COLUMN signer`,
		`DROP TABLE revoked_keys`,
		`DROP TABLE set_aside`,
		`ALTER TABLE configs DROP COLUMN bundle`,
		`INSERT INTO configs VALUES ('0101', 1, '2026-11-01T00:00:00Z')`,
		`INSERT INTO terminals (id, branch_id, pub, enrolled_at) VALUES ('T01', '0101', zeroblob(32), '2026-11-01T00:00:00Z')`,
		`INSERT INTO terminals (id, branch_id, pub, enrolled_at, revoked_at) VALUES ('T02', '0101', x'01', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')`,
		// The same key enrolled twice, both revoked: schema 1 allowed it.
		`INSERT INTO terminals (id, branch_id, pub, enrolled_at, revoked_at) VALUES ('T03', '0101', x'01', '2026-11-01T00:00:00Z', '2026-11-03T00:00:00Z')`,
		// A record naming another branch than its terminal's.
		`INSERT INTO records VALUES ('T01', 'entries', 1, 1, '{"_rowid":1,"branch_id":"0999"}')`,
		`PRAGMA user_version = 1`,
	} {
		if _, err := h.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	h.Close()
	if h, err = OpenHQ(ctx, dir, nil); err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if v := count(t, h.DB(), `PRAGMA user_version`); v != int64(hqSchema) || hqSchema != 5 {
		t.Fatalf("schema %d after opening, want %d", v, hqSchema)
	}
	if n := count(t, h.DB(), `SELECT COUNT(*) FROM sqlite_master WHERE name IN ('suspense_decisions', 'suspense_decisions_sent')`); n != 2 {
		t.Fatal("the decisions' tables were not made")
	}
	// A key revoked before the update stays revoked for good.
	if n := count(t, h.DB(), `SELECT COUNT(*) FROM revoked_keys WHERE pub = x'01' AND terminal = 'T02'`); n != 1 {
		t.Fatal("a key revoked under schema 1 was not carried into revoked_keys")
	}
	// Records count for their terminal's branch, whatever they say.
	if n := count(t, h.DB(), `SELECT COUNT(*) FROM records WHERE terminal = 'T01' AND branch = '0101'`); n != 1 {
		t.Fatal("a record kept under schema 1 was not given its terminal's branch")
	}
	if _, err := h.ResendConfig(ctx, "T01"); err == nil || !strings.Contains(err.Error(), "第 1 版配置包签发于旧版程序") {
		t.Fatalf("resend of a version not kept: %v", err)
	}
	if _, err := h.ResendConfig(ctx, "T09"); !errors.Is(err, sync.ErrUnknownTerminal) {
		t.Fatalf("resend to an unknown terminal: %v", err)
	}
	if err := h.Revoke(ctx, "T01"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.ResendConfig(ctx, "T01"); !errors.Is(err, sync.ErrRevoked) {
		t.Fatalf("resend to a revoked terminal: %v", err)
	}
}

// Head office's store without one of its keys says which, in Chinese.
func TestHQKeyMissing(t *testing.T) {
	ctx := context.Background()
	for _, f := range []string{HQSignFile, HQAgeFile} {
		dir := t.TempDir()
		if _, err := InitHQ(ctx, dir, nil); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(dir, f))
		_, err := OpenHQ(ctx, dir, nil)
		if err == nil || !strings.Contains(err.Error(), "目录 "+dir+" 中没有总行") || strings.Contains(err.Error(), "no such") {
			t.Fatalf("without %s: %v", f, err)
		}
	}
}
