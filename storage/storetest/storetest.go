// Package storetest runs one test suite against both stores: a test opens
// its database with Open, and gets a SQLite file, or a fresh database on a
// throwaway PostgreSQL server when BRANCHDESK_TEST_STORE=postgres (make
// test runs the store suites both ways). A package that uses it calls Main
// from its TestMain, which starts the server once and removes it at the end.
package storetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"branchdesk/storage/postgres"
	"branchdesk/storage/postgres/pgtest"
	"branchdesk/storage/sqlite"
	"branchdesk/storage/sqlstore"
)

// Env names the store the suite runs on.
const Env = "BRANCHDESK_TEST_STORE"

// server is this test binary's PostgreSQL, started by Main.
var server *pgtest.Server

// Engine is the store the suite runs on.
func Engine() sqlstore.Engine {
	if os.Getenv(Env) == "postgres" {
		return sqlstore.Postgres
	}
	return sqlstore.SQLite
}

// Main runs the package's tests, with a throwaway PostgreSQL server when
// the suite runs on it. A missing server fails the run; it never skips.
func Main(m *testing.M) {
	if Engine() == sqlstore.Postgres {
		s, err := pgtest.Start(pgtest.Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, "storetest: cannot start PostgreSQL:", err)
			os.Exit(1)
		}
		server = s
	}
	code := m.Run()
	if server != nil {
		server.Stop()
	}
	os.Exit(code)
}

// Server is the throwaway PostgreSQL server, or nil on SQLite.
func Server() *pgtest.Server { return server }

// Target makes a new empty database and gives what opens it: a file path
// or a postgres:// URL.
func Target(t testing.TB) string {
	t.Helper()
	if Engine() == sqlstore.SQLite {
		return filepath.Join(t.TempDir(), "bd.db")
	}
	if server == nil {
		t.Fatal("storetest: PostgreSQL suite without storetest.Main in TestMain")
	}
	u, err := server.NewDB(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// OpenTarget opens the database at target, closed when the test ends:
// another PC on the same branch database when called again.
func OpenTarget(t testing.TB, target string) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	var db *sqlstore.DB
	var err error
	if postgres.IsURL(target) {
		db, err = postgres.Open(ctx, target, true)
	} else {
		db, err = sqlite.Open(ctx, target)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Open opens a new empty database.
func Open(t testing.TB) *sqlstore.DB {
	t.Helper()
	return OpenTarget(t, Target(t))
}

// Unguard switches off the triggers that keep posted rows of tables from
// being changed or deleted, as someone with the database's owner rights
// would before tampering.
func Unguard(t testing.TB, db *sqlstore.DB, tables ...string) {
	t.Helper()
	for _, tbl := range tables {
		qs := []string{`DROP TRIGGER ` + tbl + `_no_update`, `DROP TRIGGER ` + tbl + `_no_delete`}
		if db.Engine() == sqlstore.Postgres {
			qs = []string{`ALTER TABLE ` + tbl + ` DISABLE TRIGGER USER`}
		}
		for _, q := range qs {
			if _, err := db.Exec(context.Background(), q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}
}
