// Package sqlite keeps a branch's books in one SQLite file on this PC: for
// a one-counter outlet, an officer's laptop offline in the field, and the
// demo. It opens the file; the queries are storage/sqlstore's.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver

	"branchdesk/storage/sqlstore"
)

// Pragmas every pooled connection gets. synchronous=FULL so a posted
// transaction survives a power cut; _txlock=immediate so a unit of work
// takes the write lock at BEGIN and never fails half-way on a busy lock.
const Pragmas = "_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_txlock=immediate"

// DSN is the connection string for a database file with Pragmas.
func DSN(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + Pragmas
}

// readDSN is DSN for read-only units of work: a deferred transaction takes
// no write lock, and WAL lets it read while a posting writes.
func readDSN(path string) string {
	return strings.Replace(DSN(path), "_txlock=immediate", "_txlock=deferred", 1) + "&_pragma=query_only(1)"
}

// DB is an open BranchDesk database.
type DB = sqlstore.DB

// ErrNewerSchema refuses a database written by a newer BranchDesk.
var ErrNewerSchema = sqlstore.ErrNewerSchema

// SchemaVersion is the schema this build writes.
func SchemaVersion() int { return sqlstore.SchemaVersion() }

// Open opens (creating if needed) and migrates the database at path.
func Open(ctx context.Context, path string) (*DB, error) {
	w, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	// One writing connection: SQLite has one writer anyway, and prepared
	// statements stay valid on the connection that prepared them.
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", readDSN(path))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	return sqlstore.New(ctx, w, r, sqlstore.SQLite)
}
