package bundle

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"

	"branchdesk/domain/sync"
)

// Every way of spelling another branch, or none, into a record is
// refused with the reason in the receipt; every record taken names the
// terminal's branch as head office's store reads it.
func TestRecordBranchSpellings(t *testing.T) {
	r := newRig(t)
	day(t, r.svc)
	good := r.export()
	variants := []string{
		`"branch_id" : "0999"`,
		`"branch\u005fid":"0999"`,
		`"branch_id":"0101","branch_id":"0999"`,
		`"branch_id":"0999","branch_id":"0101"`,
		`"branch_id":null`,
		`"no_branch":"0101"`,
	}
	var lines int
	bad := r.forge(good, r.term.key, func(fs map[string][]byte) {
		ls := bytes.SplitAfter(fs["entries.ndjson"], []byte("\n"))
		lines = len(ls) - 1
		if lines < len(variants) {
			t.Fatalf("only %d entries", lines)
		}
		for i, v := range variants {
			ls[i] = bytes.Replace(ls[i], []byte(`"branch_id":"0101"`), []byte(v), 1)
		}
		fs["entries.ndjson"] = bytes.Join(ls, nil)
	}, nil)
	rs := r.importOK(bad)
	if rs[0].Rejected != len(variants) {
		t.Fatalf("rejected %d of %d", rs[0].Rejected, len(variants))
	}
	if n := count(t, r.hq.DB(), `SELECT COUNT(*) FROM records WHERE type = 'entries'`); n != int64(lines-len(variants)) {
		t.Fatalf("%d entries taken, want %d", n, lines-len(variants))
	}
	if n := count(t, r.hq.DB(), `SELECT COUNT(*) FROM records WHERE type IN ('entries', 'cash_moves', 'voucher_events')
		AND (json_extract(data, '$.branch_id') IS NOT '0101' OR branch <> '0101')`); n != 0 {
		t.Fatalf("%d records taken that do not read as branch 0101", n)
	}
	receipt, err := r.hq.Receipt(context.Background(), "T01", 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(receipt), sync.ErrRecordBranch.Error()); got != len(variants) {
		t.Fatalf("the receipt gives the reason %d times", got)
	}
}

// Whatever record CheckRecordBranch takes reads, in head office's store,
// as the terminal's branch.
func FuzzRecordBranch(f *testing.F) {
	for _, s := range []string{
		`{"_rowid":1,"branch_id":"0101"}`, `{"_rowid":1,"branch_id" : "0202"}`, `{"_rowid":1,"branch\u005fid":"0202"}`,
		`{"_rowid":1,"branch_id":"0101","branch_id":"0202"}`, `{"_rowid":1,"BRANCH_ID":"0202","branch_id":"0101"}`,
		`{"_rowid":1,"branch_id":"0101","Branch_Id":"0202"}`, `{"_rowid":1,"note":"branch_id","branch_id":"0101"}`,
		`{"_rowid":1,"branch_id":"\u0030101"}`, `{"_rowid":1,"x":{"branch_id":"0101"}}`,
	} {
		f.Add(s)
	}
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	f.Fuzz(func(t *testing.T, line string) {
		if _, err := sync.ParseRecord([]byte(line)); err != nil {
			return
		}
		if sync.CheckRecordBranch("entries", []byte(line), "0101") != nil {
			return
		}
		var got sql.NullString
		// The store keeps records as BLOBs.
		if err := db.QueryRow(`SELECT json_extract(?, '$.branch_id')`, []byte(line)).Scan(&got); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if got.String != "0101" {
			t.Fatalf("%s taken, but reads as branch %q", line, got.String)
		}
	})
}
