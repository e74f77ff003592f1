package bundle

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"branchdesk/storage/sqlite"
)

// BenchmarkExportImport exports 100,000 journal entries from a terminal
// and imports them at head office, and in the same run bulk-inserts the
// same rows into a bare SQLite table with the same pragmas. Target:
// export and import each ≤ 3× the bare insert.
func BenchmarkExportImport(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	var exportT, importT, bareT time.Duration
	runs := 0
	for b.Loop() {
		b.StopTimer()
		r := newRig(b)
		tx, err := r.db.SQL().Begin()
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			if _, err := tx.Exec(`INSERT INTO entries (branch_id, business_date, teller, seq, kind, amount, account, memo, policy_version, auth_b, posted_at)
				VALUES ('0101', '2026-11-23', '1001', ?, 'savings_cash_deposit', ?, '6217000000000001', '现金存款', 1, '2001', ?)`,
				i+1000, 100_00+i, time.Date(2026, 11, 23, 9, 0, 0, i, time.UTC).Format(time.RFC3339Nano)); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()

		t0 := time.Now()
		data := r.export()
		t1 := time.Now()
		rs, err := r.hq.Import(ctx, data)
		t2 := time.Now()
		if err != nil || rs[0].Records < n {
			b.Fatalf("import: %+v %v", rs, err)
		}

		// The same rows, as head office keeps them, inserted bare.
		b.StopTimer()
		plain, _ := Unseal(data, r.hq.age)
		bd, _ := Unpack(plain)
		lines := bytes.Split(bytes.TrimSuffix(bd.Files["entries.ndjson"], []byte{'\n'}), []byte{'\n'})
		bare, err := sql.Open("sqlite", sqlite.DSN(filepath.Join(b.TempDir(), "bare.db")))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := bare.Exec(`CREATE TABLE t (terminal TEXT, type TEXT, rid INTEGER, seq INTEGER, data TEXT)`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t3 := time.Now()
		btx, _ := bare.Begin()
		st, err := btx.Prepare(`INSERT INTO t VALUES (?,?,?,?,?)`)
		if err != nil {
			b.Fatal(err)
		}
		for i, l := range lines {
			if _, err := st.Exec("T01", "entries", i+1, 1, l); err != nil {
				b.Fatal(err)
			}
		}
		st.Close()
		if err := btx.Commit(); err != nil {
			b.Fatal(err)
		}
		t4 := time.Now()
		bare.Close()
		exportT += t1.Sub(t0)
		importT += t2.Sub(t1)
		bareT += t4.Sub(t3)
		runs++
		if len(lines) < n {
			b.Fatalf("%d lines", len(lines))
		}
	}
	per := func(d time.Duration) float64 { return float64(n*runs) / d.Seconds() }
	b.ReportMetric(per(exportT), "export-rec/s")
	b.ReportMetric(per(importT), "import-rec/s")
	b.ReportMetric(per(bareT), "bare-insert-rec/s")
	b.ReportMetric(float64(exportT)/float64(bareT), "export/bare(target≤3)")
	b.ReportMetric(float64(importT)/float64(bareT), "import/bare(target≤3)")
	fmt.Printf("%d records: export %.0f rec/s, import %.0f rec/s, bare insert %.0f rec/s; export %.2f×, import %.2f× bare\n",
		n, per(exportT), per(importT), per(bareT), float64(exportT)/float64(bareT), float64(importT)/float64(bareT))
}
