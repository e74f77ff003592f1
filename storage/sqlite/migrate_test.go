package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
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

// An older database (here: version 0, an empty file from before the first
// migration) is brought up to date when opened.
func TestOpenMigratesOlder(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE legacy (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM policy_limits`).Scan(&n); err != nil || n != 6 {
		t.Fatalf("policy limits %d: %v", n, err)
	}
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM legacy`).Scan(&n); err != nil {
		t.Fatalf("existing data lost: %v", err)
	}
}
