package bundle

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/sync"
	"branchdesk/storage/sqlstore"
)

// A real day goes up whole: every record of every type arrives once with
// the values the branch has, the receipt acknowledges it, and the next
// bundle carries only what is new.
func TestRoundTripOfADay(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	rs := r.importOK(r.export())
	if len(rs) != 1 || rs[0].Seq != 1 || rs[0].Rejected != 0 {
		t.Fatalf("results %+v", rs)
	}
	branch, hq := branchRows{r.db}, r.hq.DB()
	var total int64
	for _, tbl := range sync.UpRecords() {
		// The export's own audit row was written after the bundle was sealed.
		want := count(t, branch, markedRows(r.db, tbl))
		got := count(t, hq, `SELECT COUNT(*) FROM records WHERE terminal = 'T01' AND type = ?`, tbl)
		if got != want {
			t.Errorf("%s: head office has %d, branch exported %d", tbl, got, want)
		}
		total += got
	}
	if total != rs[0].Records || count(t, branch, `SELECT COUNT(*) FROM entries WHERE reverses IS NOT NULL`) != 1 {
		t.Fatalf("total %d, result %d", total, rs[0].Records)
	}
	// Values survive: the reversal and its authorizations, column by column.
	var want struct {
		ID                   int64
		Amount               int64
		AuthB, AuthA, Reason string
		Reverses             int64
	}
	if err := branch.QueryRow(`SELECT id, amount, auth_b, auth_a, reason, reverses FROM entries WHERE reverses IS NOT NULL`).
		Scan(&want.ID, &want.Amount, &want.AuthB, &want.AuthA, &want.Reason, &want.Reverses); err != nil {
		t.Fatal(err)
	}
	var data string
	if err := hq.QueryRow(`SELECT data FROM records WHERE type = 'entries' AND rid = ?`, want.ID).Scan(&data); err != nil {
		t.Fatal(err)
	}
	var got struct {
		ID       int64  `json:"id"`
		Amount   int64  `json:"amount"`
		AuthB    string `json:"auth_b"`
		AuthA    string `json:"auth_a"`
		Reason   string `json:"reason"`
		Reverses int64  `json:"reverses"`
	}
	if err := json.Unmarshal([]byte(data), &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != want.ID || got.Amount != want.Amount || got.AuthA != want.AuthA || got.AuthA == "" || got.Reason != want.Reason || got.Reverses != want.Reverses {
		t.Fatalf("reversal at head office %+v, branch %+v", got, want)
	}

	// Not acknowledged yet: it is kept and can be exported again.
	if ps, _ := r.db.PendingUp(ctx); len(ps) != 1 {
		t.Fatalf("%d pending before the receipt", len(ps))
	}
	receipts, err := r.hq.WriteReceipts(ctx, r.out, "")
	if err != nil || len(receipts) != 1 {
		t.Fatalf("receipts %v %v", receipts, err)
	}
	data2, _ := os.ReadFile(receipts[0])
	m, body, err := r.term.ImportReceipt(ctx, data2)
	if err != nil || m.Seq != 1 || body.Count() != total {
		t.Fatalf("receipt %+v %d: %v", m, body.Count(), err)
	}
	if _, _, err := r.term.ImportReceipt(ctx, data2); !errors.Is(err, sync.ErrAlreadyImported) {
		t.Fatalf("second receipt: %v", err)
	}
	if ps, _ := r.db.PendingUp(ctx); len(ps) != 0 {
		t.Fatalf("%d pending after the receipt", len(ps))
	}
	marks, _ := r.db.SyncMarks(ctx)
	if mk := marks["entries"]; mk.Acked == 0 || mk.Acked != mk.Exported {
		t.Fatalf("entries marks %+v", mk)
	}

	// The next day's bundle holds only what is new.
	sess := signedIn(t, r.svc, "1002")
	if err := r.svc.Logout(ctx, sess); err != nil {
		t.Fatal(err)
	}
	rs = r.importOK(r.export())
	if rs[0].Seq != 2 || rs[0].Records > 10 || count(t, hq, `SELECT COUNT(*) FROM records`) != total+rs[0].Records {
		t.Fatalf("second bundle %+v", rs)
	}
}

// What the terminal exported stays until acknowledged and can be written
// again; head office takes the copy as the same bundle.
func TestExportPendingAgain(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	first := r.export()
	paths, err := r.term.ExportPending(ctx, filepath.Join(r.dir))
	if err != nil || len(paths) != 1 {
		t.Fatalf("pending %v %v", paths, err)
	}
	again, _ := os.ReadFile(paths[0])
	if string(again) == string(first) {
		t.Fatal("re-export is not freshly encrypted")
	}
	r.importOK(again)
	before := snapshot(t, r.hq.DB())
	if _, err := r.hq.Import(ctx, first); !errors.Is(err, sync.ErrAlreadyImported) {
		t.Fatalf("first copy after the second: %v", err)
	}
	if snapshot(t, r.hq.DB()) != before {
		t.Fatal("importing the same bundle twice changed the store")
	}
}

// A survey draft or complaint saved over goes up again in the next bundle.
func TestChangedRowsGoUpAgain(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if err := r.svc.AddBranch(ctx, counter.CommandLine(), counter.Branch{ID: "0102", Name: "x", BusinessDate: today}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.db.Exec(context.Background(), `INSERT INTO complaints VALUES ('C1', '0101', '{"step":1}')`); err != nil {
		t.Fatal(err)
	}
	r.importOK(r.export())
	if _, err := r.db.Exec(context.Background(), `INSERT INTO complaints VALUES ('C1', '0101', '{"step":2}') ON CONFLICT(id) DO UPDATE SET data = excluded.data`); err != nil {
		t.Fatal(err)
	}
	r.importOK(r.export())
	var data string
	if err := r.hq.DB().QueryRow(`SELECT data FROM records WHERE type = 'complaints'`).Scan(&data); err != nil {
		t.Fatal(err)
	}
	if !json.Valid([]byte(data)) || count(t, r.hq.DB(), `SELECT COUNT(*) FROM records WHERE type = 'complaints'`) != 1 ||
		count(t, r.hq.DB(), `SELECT COUNT(*) FROM records WHERE type = 'complaints' AND json_extract(data, '$.data') = '{"step":2}'`) != 1 {
		t.Fatalf("complaint at head office: %s", data)
	}
}

// markedRows counts the rows of tbl the first bundle's marks cover, in the
// store's dialect: SQLite's rowid, or PostgreSQL's rowid or id column.
func markedRows(db *sqlstore.DB, tbl string) string {
	if db.Engine() == sqlstore.SQLite {
		return `SELECT COUNT(*) FROM ` + tbl + ` WHERE rowid <= (SELECT IFNULL(json_extract(marks, '$.` + tbl + `'), 0) FROM sync_exports WHERE seq = 1)`
	}
	key := "id"
	var n int
	_ = db.QueryRow(context.Background(), `SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'rowid'`, tbl).Scan(&n)
	if n == 1 {
		key = "rowid"
	}
	return `SELECT COUNT(*) FROM ` + tbl + ` WHERE ` + key + ` <= (SELECT COALESCE((marks::json ->> '` + tbl + `')::bigint, 0) FROM sync_exports WHERE seq = 1)`
}
