package sqlstore_test

import (
	"context"
	"testing"

	"branchdesk/storage/sqlstore"
	"branchdesk/storage/storetest"
)

// Every integer column of the schema (but the schema's own version number)
// is 64-bit on PostgreSQL, as all of
// SQLite's are: amounts in fen pass ¥21,474,836.47, ids pass 2^31. An
// account opened with ¥30,000,000.00 keeps it to the fen.
func TestIntegerColumnsAreWide(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	if db.Engine() == sqlstore.Postgres {
		rows, err := db.SQL().QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND data_type IN ('integer', 'smallint')
			AND table_name <> 'branchdesk_schema'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var tbl, col string
			if err := rows.Scan(&tbl, &col); err != nil {
				t.Fatal(err)
			}
			t.Errorf("%s.%s is a 32-bit integer", tbl, col)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(ctx, `INSERT INTO branches (id, name, business_date) VALUES ('0101', '示范支行营业部', '2026-11-23')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO accounts (no, type, holder, branch_id, balance, opening) VALUES ('6217000000000099', 'savings', '测试', '0101', 3000000000, 3000000000)`); err != nil {
		t.Fatal(err)
	}
	var opening int64
	if err := db.QueryRow(ctx, `SELECT opening FROM accounts WHERE no = '6217000000000099'`).Scan(&opening); err != nil || opening != 3_000_000_000 {
		t.Fatalf("opening %d, %v", opening, err)
	}
}
