package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"branchdesk/storage/sqlstore"
)

func TestOpenMigratesAndRefusesNewer(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bd.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var v int
	_ = db.SQL().QueryRow(`PRAGMA user_version`).Scan(&v)
	if v != SchemaVersion() {
		t.Fatalf("version %d, want %d", v, SchemaVersion())
	}
	// Every pooled connection has the durable pragmas.
	for _, c := range []struct{ pragma, want string }{
		{"journal_mode", "wal"}, {"synchronous", "2"}, {"foreign_keys", "1"}, {"busy_timeout", "5000"},
	} {
		var got string
		if err := db.SQL().QueryRow("PRAGMA " + c.pragma).Scan(&got); err != nil || got != c.want {
			t.Errorf("PRAGMA %s = %q, want %q (%v)", c.pragma, got, c.want, err)
		}
	}
	db.Close()
	// Reopening is a no-op.
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	var n int
	_ = db.SQL().QueryRow(`SELECT COUNT(*) FROM policies`).Scan(&n)
	if n != 1 {
		t.Fatalf("%d policies after reopening, want the one default", n)
	}
	if _, err := db.SQL().Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(ctx, path); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("newer schema: %v", err)
	}
}

// A database of version 0 with no tables (an empty file) is migrated;
// one that holds another program's tables is refused, and nothing in it
// changes.
func TestOpenMigratesEmptyRefusesForeign(t *testing.T) {
	ctx := context.Background()
	empty := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, empty)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM policy_limits`).Scan(&n); err != nil || n != 6 {
		t.Fatalf("policy limits %d: %v", n, err)
	}
	db.Close()

	path := filepath.Join(t.TempDir(), "other.db")
	raw, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE TABLE legacy (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, path); !errors.Is(err, sqlstore.ErrForeign) {
		t.Fatalf("another program's database opened: %v", err)
	}
	var v int
	if err := raw.QueryRow(`SELECT (SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'), user_version FROM pragma_user_version`).Scan(&n, &v); err != nil || n != 1 || v != 0 {
		t.Fatalf("foreign database changed: %d tables, version %d, %v", n, v, err)
	}
}
