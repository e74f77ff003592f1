// Package sqlite keeps BranchDesk's data in one SQLite file: the schema and
// its migrations, and the queries behind domain/counter.Store.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver

	"branchdesk/domain/counter"
)

// Pragmas every pooled connection gets. synchronous=FULL so a posted
// transaction survives a power cut; _txlock=immediate so a unit of work
// takes the write lock at BEGIN and never fails half-way on a busy lock.
const Pragmas = "_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_txlock=immediate"

// DSN is the connection string for a database file with Pragmas.
func DSN(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + Pragmas
}

// ErrNewerSchema refuses a database written by a newer BranchDesk.
var ErrNewerSchema = errors.New("数据库版本高于本程序，请升级 BranchDesk 后再打开")

// DB is an open BranchDesk database.
type DB struct {
	sql *sql.DB
}

// Open opens (creating if needed) and migrates the database at path.
func Open(ctx context.Context, path string) (*DB, error) {
	db, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	d := &DB{sql: db}
	if err := d.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

// Close closes the database.
func (d *DB) Close() error { return d.sql.Close() }

// SQL is the underlying handle, for tools and tests that inspect the file.
func (d *DB) SQL() *sql.DB { return d.sql }

// Tx runs fn in one immediate transaction.
func (d *DB) Tx(ctx context.Context, fn func(counter.Tx) error) error {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to begin: %w", err)
	}
	if err := fn(&Tx{tx: tx, ctx: ctx}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: unable to commit: %w", err)
	}
	return nil
}

// Tx implements counter.Tx on one SQL transaction.
type Tx struct {
	tx  *sql.Tx
	ctx context.Context
}

func (t *Tx) exec(q string, args ...any) error {
	_, err := t.tx.ExecContext(t.ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

func (t *Tx) row(q string, args ...any) *sql.Row { return t.tx.QueryRowContext(t.ctx, q, args...) }

// notFound maps sql.ErrNoRows to counter.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return counter.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

var (
	_ counter.Store = (*DB)(nil)
	_ counter.Tx    = (*Tx)(nil)
)
