// Package sqlite keeps BranchDesk's data in one SQLite file: the schema and
// its migrations, and the queries behind domain/counter.Store.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sync"

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

	mu      sync.Mutex
	stmts   map[string]*sql.Stmt // prepared once, reused by every transaction
	missing map[string]bool      // seen inside a transaction, to prepare after it
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
	// One connection: SQLite has one writer anyway, and prepared
	// statements stay valid on the connection that prepared them.
	db.SetMaxOpenConns(1)
	d := &DB{sql: db, stmts: map[string]*sql.Stmt{}, missing: map[string]bool{}}
	if err := d.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

// Close closes the database.
func (d *DB) Close() error {
	d.mu.Lock()
	for _, s := range d.stmts {
		s.Close()
	}
	d.stmts = map[string]*sql.Stmt{}
	d.mu.Unlock()
	return d.sql.Close()
}

// prepared returns the statement for q, or nil the first time q is seen:
// the one connection is busy with the transaction then, so q is prepared
// after it ends.
func (d *DB) prepared(q string) *sql.Stmt {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.stmts[q]
	if !ok {
		d.missing[q] = true
	}
	return s
}

// prepareMissing prepares the statements first seen in the last transaction.
func (d *DB) prepareMissing(ctx context.Context) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for q := range d.missing {
		if s, err := d.sql.PrepareContext(ctx, q); err == nil {
			d.stmts[q] = s
		}
		delete(d.missing, q)
	}
}

// SQL is the underlying handle, for tools and tests that inspect the file.
func (d *DB) SQL() *sql.DB { return d.sql }

// Tx runs fn in one immediate transaction.
func (d *DB) Tx(ctx context.Context, fn func(counter.Tx) error) error {
	return d.run(ctx, nil, fn)
}

// View runs fn in a deferred, read-only transaction.
func (d *DB) View(ctx context.Context, fn func(counter.Tx) error) error {
	return d.run(ctx, &sql.TxOptions{ReadOnly: true}, fn)
}

func (d *DB) run(ctx context.Context, opts *sql.TxOptions, fn func(counter.Tx) error) error {
	tx, err := d.sql.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("store: unable to begin: %w", err)
	}
	defer d.prepareMissing(ctx)
	if err := fn(&Tx{db: d, tx: tx, ctx: ctx}); err != nil {
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
	db  *DB
	tx  *sql.Tx
	ctx context.Context
}

// runner is what runs a statement: the cached one bound to this
// transaction, or the transaction itself.
type runner interface {
	ExecContext(ctx context.Context, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, args ...any) *sql.Row
}

// direct runs q on the transaction without a cached statement.
type direct struct {
	tx *sql.Tx
	q  string
}

func (d direct) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return d.tx.ExecContext(ctx, d.q, args...)
}
func (d direct) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	return d.tx.QueryContext(ctx, d.q, args...)
}
func (d direct) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return d.tx.QueryRowContext(ctx, d.q, args...)
}

// stmt is q prepared once on the database and bound to this transaction.
func (t *Tx) stmt(q string) (runner, error) {
	if s := t.db.prepared(q); s != nil {
		return t.tx.StmtContext(t.ctx, s), nil
	}
	return direct{t.tx, q}, nil
}

func (t *Tx) execResult(q string, args ...any) (sql.Result, error) {
	s, err := t.stmt(q)
	if err != nil {
		return nil, err
	}
	res, err := s.ExecContext(t.ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return res, nil
}

func (t *Tx) exec(q string, args ...any) error {
	_, err := t.execResult(q, args...)
	return err
}

// rowScanner is a single row, or the error of preparing its query.
type rowScanner struct {
	row *sql.Row
	err error
}

func (r rowScanner) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	return r.row.Scan(dest...)
}

func (t *Tx) row(q string, args ...any) rowScanner {
	s, err := t.stmt(q)
	if err != nil {
		return rowScanner{err: err}
	}
	return rowScanner{row: s.QueryRowContext(t.ctx, args...)}
}

func (t *Tx) query(q string, args ...any) (*sql.Rows, error) {
	s, err := t.stmt(q)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(t.ctx, args...)
}

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
