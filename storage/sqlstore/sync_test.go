package sqlstore_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/sync"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/storetest"
)

func syncDB(t *testing.T) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	if err := demo.Seed(ctx, counter.New(db, nil, "0101-T01"), "2026-11-23"); err != nil {
		t.Fatal(err)
	}
	if err := db.InitSync(ctx, demo.Branch, "T01", "/nonexistent/key"); err != nil {
		t.Fatal(err)
	}
	return db
}

var at = time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)

func keep(b sqlstore.UpBatch) ([]byte, string, error) {
	return []byte("bundle"), "hash" + string(rune('0'+b.Seq)), nil
}

// Each export holds the rows after the last one's marks, in rowid order,
// as JSON objects that start with _rowid; a failed seal exports nothing.
func TestExportUpMarks(t *testing.T) {
	db := syncDB(t)
	ctx := context.Background()
	if _, err := db.ExportUp(ctx, at, sync.UpRecords(), func(sqlstore.UpBatch) ([]byte, string, error) {
		return nil, "", errors.New("stick pulled out")
	}); err == nil {
		t.Fatal("failed seal reported success")
	}
	if st, _ := db.SyncState(ctx); st.LastSeq != 0 {
		t.Fatalf("failed export advanced to %d", st.LastSeq)
	}
	b1, err := db.ExportUp(ctx, at, sync.UpRecords(), keep)
	if err != nil {
		t.Fatal(err)
	}
	audit := b1.Files["audit.ndjson"]
	if b1.Seq != 1 || b1.Prev != "" || !bytes.HasPrefix(audit, []byte(`{"_rowid":1,"id":1,`)) || bytes.Count(audit, []byte{'\n'}) < 10 {
		t.Fatalf("first batch %d %q %.80s", b1.Seq, b1.Prev, audit)
	}
	for line := range bytes.Lines(audit) {
		if _, err := sync.ParseRecord(bytes.TrimSuffix(line, []byte{'\n'})); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	// The export wrote one audit row itself; only it goes next.
	b2, err := db.ExportUp(ctx, at, sync.UpRecords(), keep)
	if err != nil {
		t.Fatal(err)
	}
	if b2.Seq != 2 || b2.Prev != "hash1" || b2.Records != 1 || len(b2.Files) != 1 {
		t.Fatalf("second batch %+v", b2)
	}
	ps, _ := db.PendingUp(ctx)
	if len(ps) != 2 || string(ps[0].Bundle) != "bundle" {
		t.Fatalf("pending %+v", ps)
	}
	if err := db.InitSync(ctx, demo.Branch, "T02", "/k"); err == nil {
		t.Fatal("terminal identity changed")
	}
}

// A receipt acknowledges its bundle once and advances the acked marks.
func TestAckUp(t *testing.T) {
	db := syncDB(t)
	ctx := context.Background()
	b1, err := db.ExportUp(ctx, at, sync.UpRecords(), keep)
	if err != nil {
		t.Fatal(err)
	}
	m := sync.Manifest{Kind: sync.Receipt, Branch: demo.Branch, Terminal: "T01", Seq: 1, Bundle: "hash1"}
	body := sync.ReceiptBody{Rejected: []sync.Rejection{{Record: "audit:3", Reason: "test"}}}
	if err := db.AckUp(ctx, at, m, body); err != nil {
		t.Fatal(err)
	}
	if err := db.AckUp(ctx, at, m, body); !errors.Is(err, sync.ErrAlreadyImported) {
		t.Fatalf("second ack: %v", err)
	}
	marks, _ := db.SyncMarks(ctx)
	if marks["audit"].Acked != b1.Marks["audit"] || marks["audit"].Exported != b1.Marks["audit"] {
		t.Fatalf("marks %+v batch %+v", marks["audit"], b1.Marks)
	}
	ex, _ := db.SyncExports(ctx)
	if len(ex) != 1 || ex[0].AckedAt == "" || len(ex[0].Rejected) != 1 {
		t.Fatalf("exports %+v", ex)
	}
	if ps, _ := db.PendingUp(ctx); len(ps) != 0 {
		t.Fatalf("still pending: %+v", ps)
	}
}

// Head office refuses a record that does not name the terminal's branch
// for exactly the up record types whose table has a branch_id column.
func TestBranchRecordsMatchSchema(t *testing.T) {
	db := syncDB(t)
	for _, typ := range sync.UpRecords() {
		var n int
		err := db.QueryRow(context.Background(), columnQuery(db), typ).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if got := sync.HasBranch(typ); got != (n == 1) {
			t.Errorf("%s: HasBranch %v, branch_id column %v", typ, got, n == 1)
		}
	}
}

// columnQuery counts a table's branch_id columns, in the store's dialect.
func columnQuery(db *sqlstore.DB) string {
	if db.Engine() == sqlstore.Postgres {
		return `SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'branch_id'`
	}
	return `SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = 'branch_id'`
}
