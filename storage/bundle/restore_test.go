package bundle

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/sync"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlite"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/storetest"
)

func counterService(db *sqlstore.DB, c Clock) *counter.Service { return counter.New(db, c, "0101-T01") }

// A revoked key is never enrolled again. The terminal takes a new key;
// what waited for a receipt goes up again signed by it, and bundles
// head office held under the old key are released once they come again.
func TestRekeyAfterRevocation(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	r.heldAfterGap()
	if err := r.hq.Revoke(ctx, "T01"); err != nil {
		t.Fatal(err)
	}
	if err := r.hq.Revoke(ctx, "T01"); err == nil {
		t.Fatal("revoked twice")
	}
	old := mustEnrollment(t, r.term)
	if _, err := r.hq.Enroll(ctx, old); !errors.Is(err, sync.ErrRevoked) {
		t.Fatalf("the revoked key enrolled again: %v", err)
	}
	if err := r.term.Rekey(ctx); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(filepath.Join(r.dir, "T01.key")); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("new key file: %v %v", info, err)
	}
	r.enroll(r.term)
	if _, err := r.hq.Enroll(ctx, old); !errors.Is(err, sync.ErrRevoked) {
		t.Fatalf("the old key came back after a new one: %v", err)
	}
	// Head office gives number 2 up for lost: number 3, held under the
	// old key, stays held and head office is told why.
	before := snapshot(t, r.hq.DB())
	_, err := r.hq.AcceptGap(ctx, "T01")
	var held *HeldError
	if !errors.As(err, &held) || held.Seq != 3 || !errors.Is(err, sync.ErrSignature) ||
		!strings.Contains(err.Error(), "仍在暂存") || strings.Contains(err.Error(), "已拒收") {
		t.Fatalf("accept-gap over a bundle held under the old key: %v", err)
	}
	if snapshot(t, r.hq.DB()) != before {
		t.Fatal("a failed accept-gap changed the store")
	}
	paths, err := r.term.ExportPending(ctx, r.out)
	if err != nil || len(paths) != 3 {
		t.Fatalf("pending %v %v", paths, err)
	}
	for i, p := range paths {
		data, _ := os.ReadFile(p)
		_, err := r.hq.Import(ctx, data)
		var held *HeldError
		switch {
		case i == 1:
			// Number 2 goes in, then number 3, held under the old key,
			// cannot be released: head office is told why.
			if !errors.As(err, &held) || held.Seq != 3 || !errors.Is(err, sync.ErrSignature) || !strings.Contains(err.Error(), "重新导出未确认") {
				t.Fatalf("%s: %v", filepath.Base(p), err)
			}
		case err != nil && !errors.Is(err, sync.ErrAlreadyImported):
			t.Fatalf("%s: %v", filepath.Base(p), err)
		}
	}
	st, _ := r.hq.Status(ctx)
	if st[0].Last != 3 || len(st[0].Held) != 0 || st[0].Revoked {
		t.Fatalf("status %+v", st[0])
	}
	var n int64
	if err := r.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit WHERE action = ?`, sync.AuditRekey).Scan(&n); err != nil || n != 1 {
		t.Fatalf("rekey audited %d times (%v)", n, err)
	}
}

// A terminal reports for its own branch only: a record naming another
// branch is refused, with the reason in the receipt, even when the
// terminal's key signed it.
func TestRecordOfAnotherBranch(t *testing.T) {
	r := newRig(t)
	day(t, r.svc)
	good := r.export()
	bad := r.forge(good, r.term.key, func(fs map[string][]byte) {
		fs["entries.ndjson"] = []byte(strings.Replace(string(fs["entries.ndjson"]), `"branch_id":"0101"`, `"branch_id":"0999"`, 1))
	}, nil)
	rs := r.importOK(bad)
	if rs[0].Rejected != 1 {
		t.Fatalf("rejected %d", rs[0].Rejected)
	}
	if n := count(t, r.hq.DB(), `SELECT COUNT(*) FROM records WHERE json_extract(data, '$.branch_id') = '0999'`); n != 0 {
		t.Fatalf("%d records of another branch taken", n)
	}
	receipt, err := r.hq.Receipt(context.Background(), "T01", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(receipt), sync.ErrRecordBranch.Error()) {
		t.Fatal("the receipt does not say why")
	}
}

// A terminal restored from a backup writes other bundles under numbers
// head office has seen: nothing is dropped silently. The held bundle it
// conflicts with is refused to replace, until head office sets it aside
// (kept, not imported); then the restored terminal's bundles go in.
func TestRestoredTerminal(t *testing.T) {
	if storetest.Engine() == sqlstore.Postgres {
		t.Skip("a terminal's file restored from a copy: SQLite only (a branch server is restored with pg_restore)")
	}
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	b1 := r.export()
	backup := filepath.Join(r.dir, "backup.db")
	if _, err := r.db.Exec(context.Background(), `VACUUM INTO ?`, backup); err != nil {
		t.Fatal(err)
	}
	signedIn(t, r.svc, "1002")
	r.export() // bundle 2, lost on the way
	signedIn(t, r.svc, "2002")
	b3 := r.export()
	r.importOK(b1)
	if _, err := r.hq.Import(ctx, b3); !errors.Is(err, sync.ErrGap) {
		t.Fatal(err)
	}

	// The terminal's disk dies; its database comes back from the backup.
	db, err := sqlite.Open(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	term, err := OpenTerminal(ctx, db, "0101", "T01", "", r.clock)
	if err != nil {
		t.Fatal(err)
	}
	r.term, r.db = term, db
	signedIn(t, counterService(db, r.clock), "3002")
	b2x := r.export()
	rs, err := r.hq.Import(ctx, b2x)
	var held *HeldError
	if len(rs) != 1 || rs[0].Seq != 2 || !errors.As(err, &held) || held.Seq != 3 || !errors.Is(err, sync.ErrChain) {
		t.Fatalf("restored bundle 2: %+v %v", rs, err)
	}
	signedIn(t, counterService(db, r.clock), "3001")
	b3x := r.export()
	r.refused(t, b3x, sync.ErrHeldConflict)
	if err := r.hq.SetAside(ctx, "T01", 3, ""); err == nil {
		t.Fatal("set aside without a reason")
	}
	if err := r.hq.SetAside(ctx, "T01", 3, "终端从备份恢复，原第3号包另存待查"); err != nil {
		t.Fatal(err)
	}
	if err := r.hq.SetAside(ctx, "T01", 3, "再次另存"); err != nil {
		t.Fatalf("set aside twice: %v", err)
	}
	// An older release held a set-aside bundle again when it came again:
	// setting it aside now takes it out of the way without a second copy.
	if _, err := r.hq.DB().Exec(`INSERT INTO held SELECT terminal, seq, hash, bundle, received_at FROM set_aside`); err != nil {
		t.Fatal(err)
	}
	if err := r.hq.SetAside(ctx, "T01", 3, "再次另存"); err != nil {
		t.Fatalf("set aside a bundle held again: %v", err)
	}
	if n := count(t, r.hq.DB(), `SELECT (SELECT COUNT(*) FROM held) * 10 + (SELECT COUNT(*) FROM set_aside)`); n != 1 {
		t.Fatalf("held×10 + set aside = %d, want 1", n)
	}
	// The bundle set aside is not held again when it comes again.
	r.refused(t, b3, sync.ErrSetAside)
	r.importOK(b3x)
	r.refused(t, b3, sync.ErrSetAside)
	st, _ := r.hq.Status(ctx)
	if st[0].Last != 3 || len(st[0].Held) != 0 || len(st[0].SetAside) != 1 || st[0].SetAside[0] != 3 {
		t.Fatalf("status %+v", st[0])
	}
	if n := count(t, r.hq.DB(), `SELECT COUNT(*) FROM set_aside WHERE hash = ?`, r.plainOf(b3).Hash); n != 1 {
		t.Fatal("the original bundle 3 is not kept")
	}
}

// A bundle that cannot be written to the stick is kept and says how to
// write it again, in Chinese.
func TestExportToMissingFolder(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	_, err := r.term.Export(ctx, filepath.Join(r.dir, "no-such-stick"))
	if err == nil || !strings.Contains(err.Error(), "第 1 号数据包已生成并保存在本机") || !strings.Contains(err.Error(), "重新导出未确认") {
		t.Fatalf("export to a missing folder: %v", err)
	}
	if strings.Contains(err.Error(), "no such file") || strings.Contains(err.Error(), "unable") {
		t.Fatalf("the system's English in the message: %v", err)
	}
	paths, err := r.term.ExportPending(ctx, r.out)
	if err != nil || len(paths) != 1 || !strings.HasSuffix(paths[0], "-000001.bdsync") {
		t.Fatalf("pending %v %v", paths, err)
	}
	data, _ := os.ReadFile(paths[0])
	r.importOK(data)
}

// After a new key, what the terminal cannot read or write says what to
// do, in Chinese: a config sealed to the old key points to config resend;
// a stick that cannot be written names the stick, not the system's error.
func TestMessagesAfterRekey(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	r.export()
	if err := r.term.Rekey(ctx); err != nil {
		t.Fatal(err)
	}
	old, _, err := r.hq.ExportConfig(ctx, "0101", sync.ConfigSet{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.term.ApplyConfig(ctx, old, "")
	if !errors.Is(err, sync.ErrWrongRecipient) || !strings.Contains(err.Error(), "bdhq config resend -terminal T01") {
		t.Fatalf("config sealed to the old key: %v", err)
	}
	_, err = r.term.ExportPending(ctx, filepath.Join(r.dir, "no-such-stick"))
	if err == nil || !strings.Contains(err.Error(), "请检查U盘") || strings.Contains(err.Error(), "unable") || strings.Contains(err.Error(), "no such") {
		t.Fatalf("pending to a missing folder: %v", err)
	}
	if _, err := ReadFile(filepath.Join(r.dir, "none.bdreceipt")); err == nil || !strings.Contains(err.Error(), "不存在") || strings.Contains(err.Error(), "no such") {
		t.Fatalf("reading a missing file: %v", err)
	}
}

// The terminal's key file is found wherever the program starts: its path
// is kept absolute, and a relative one an older release kept is replaced
// by the caller's; no second key is ever made beside the first.
func TestKeyPathKeptAbsolute(t *testing.T) {
	ctx := context.Background()
	home, elsewhere := t.TempDir(), t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(home, "bd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := demo.Seed(ctx, counter.New(db, nil, "0101-T01"), today); err != nil {
		t.Fatal(err)
	}
	t.Chdir(home)
	first, err := OpenTerminal(ctx, db, demo.Branch, "T01", "bd.db.terminal.key", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(home, "bd.db.terminal.key")
	if st, _ := db.SyncState(ctx); st.KeyPath != want {
		t.Fatalf("key path kept as %q, want %q", st.KeyPath, want)
	}
	t.Chdir(elsewhere)
	again, err := OpenTerminal(ctx, db, demo.Branch, "T01", "bd.db.terminal.key", nil)
	if err != nil || !again.PublicKey().Equal(first.PublicKey()) {
		t.Fatalf("opened from elsewhere: %v, same key %v", err, err == nil && again.PublicKey().Equal(first.PublicKey()))
	}
	// As an older release left it: relative to where it ran.
	if _, err := db.Exec(context.Background(), `UPDATE sync_state SET key_path = 'bd.db.terminal.key'`); err != nil {
		t.Fatal(err)
	}
	legacy, err := OpenTerminal(ctx, db, demo.Branch, "T01", want, nil)
	if err != nil || !legacy.PublicKey().Equal(first.PublicKey()) {
		t.Fatalf("relative path kept: %v", err)
	}
	if st, _ := db.SyncState(ctx); st.KeyPath != want {
		t.Fatalf("key path now %q, want %q", st.KeyPath, want)
	}
	if _, err := os.Stat(filepath.Join(elsewhere, "bd.db.terminal.key")); err == nil {
		t.Fatal("a second key was made where the program started")
	}
}
