// Package sqlstore holds the SQL behind domain/counter.Store and
// domain/finance.Store, written once for the two databases a branch may
// keep its books in: a SQLite file (storage/sqlite) and the branch server's
// PostgreSQL (storage/postgres). Each of those opens its database and hands
// it here with its Engine; what differs between the two SQL dialects is in
// dialect.go, and nothing here holds a rule of the bank.
package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"sync"

	"branchdesk/domain/audit"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/msg"
)

// ErrNewerSchema refuses a database written by a newer BranchDesk.
var ErrNewerSchema = errors.New("数据库版本高于本程序，请升级 BranchDesk 后再打开")

// ErrForeign refuses a database that holds another program's tables.
var ErrForeign = errors.New("这不是 BranchDesk 的数据库（其中有别的程序的表），未做任何改动")

// DB is an open BranchDesk database.
type DB struct {
	sql    *sql.DB // units of work that write
	read   *sql.DB // read-only units of work; may be sql itself
	engine Engine
	faults func(error) error // puts a lost server in the domain's words; nil for none

	writes, reads *stmtCache // SQLite's statements, one cache per pool
	queries       sync.Map   // query as written → query in the engine's dialect
	signer        signer     // signs the audit head at each commit; nil for none
	pipeline      Pipeline   // sends a unit of work's writes in one trip; nil for none
	fileBudget    int64      // attachment bytes one up bundle carries; 0 for UpFileBudget
}

// stmtCache holds a pool's statements, prepared once and reused by every
// transaction on it.
type stmtCache struct {
	pool    *sql.DB
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	missing map[string]bool // seen inside a transaction, to prepare after it
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}, missing: map[string]bool{}}
}

// New takes an open database (and a pool for reads, or nil to read through
// the first), migrates it and returns the store. It closes both on error.
func New(ctx context.Context, write, read *sql.DB, e Engine) (*DB, error) {
	if read == nil {
		read = write
	}
	d := &DB{sql: write, read: read, engine: e, writes: newStmtCache(write), reads: newStmtCache(read)}
	if err := d.migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// SetFaults has every error of a unit of work, and of Ping, pass through
// f: storage/postgres marks a lost connection with counter.ErrUnreachable.
func (d *DB) SetFaults(f func(error) error) { d.faults = f }

// explain is err passed through the faults function.
func (d *DB) explain(err error) error {
	if err == nil || d.faults == nil {
		return err
	}
	return d.faults(err)
}

// Ping checks that the database answers: the counter's status bar asks
// every few seconds.
func (d *DB) Ping(ctx context.Context) error {
	return d.explain(d.sql.PingContext(ctx))
}

// Engine is the database the store runs on.
func (d *DB) Engine() Engine { return d.engine }

// Close closes the database.
func (d *DB) Close() error {
	d.writes.close()
	d.reads.close()
	if d.read != d.sql {
		d.read.Close()
	}
	return d.sql.Close()
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.stmts {
		s.Close()
	}
	c.stmts = map[string]*sql.Stmt{}
}

// prepared returns the statement for q, or nil the first time q is seen:
// SQLite's one writing connection is busy with the transaction then, so q
// is prepared after it ends. PostgreSQL's driver caches statements itself.
func (c *stmtCache) prepared(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.stmts[q]
	if !ok {
		c.missing[q] = true
	}
	return s
}

// prepareMissing prepares the statements first seen in the last
// transaction. The lock is not held while preparing: that waits for a
// connection, which another unit of work may hold while it asks for a
// statement.
func (c *stmtCache) prepareMissing(ctx context.Context) {
	c.mu.Lock()
	qs := make([]string, 0, len(c.missing))
	for q := range c.missing {
		qs = append(qs, q)
		delete(c.missing, q)
	}
	c.mu.Unlock()
	for _, q := range qs {
		s, err := c.pool.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if _, ok := c.stmts[q]; ok {
			s.Close()
		} else {
			c.stmts[q] = s
		}
		c.mu.Unlock()
	}
}

// query is q in the engine's dialect, translated once.
func (d *DB) query(q string) string {
	if d.engine == SQLite {
		return q
	}
	if s, ok := d.queries.Load(q); ok {
		return s.(string)
	}
	s := d.engine.translate(q)
	d.queries.Store(q, s)
	return s
}

// SQL is the underlying handle, for tools and tests that inspect the
// database. Queries on it are in the engine's own dialect.
func (d *DB) SQL() *sql.DB { return d.sql }

// Exec runs one statement written with ? placeholders outside any unit of
// work, for tools and tests.
func (d *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return d.sql.ExecContext(ctx, d.query(q), args...)
}

// QueryRow reads one row with a query written with ? placeholders, for
// tools and tests.
func (d *DB) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return d.read.QueryRowContext(ctx, d.query(q), args...)
}

// Tx runs fn in one write transaction: on SQLite it takes the write lock
// at BEGIN; on PostgreSQL it takes the branch database's writer lock
// (see Engine.lock), so writes run one after another, as on SQLite.
func (d *DB) Tx(ctx context.Context, fn func(counter.Tx) error) error {
	return d.explain(d.run(ctx, false, fn))
}

// View runs fn in a read-only transaction that takes no write lock and
// sees one consistent snapshot.
func (d *DB) View(ctx context.Context, fn func(counter.Tx) error) error {
	return d.explain(d.run(ctx, true, fn))
}

func (d *DB) run(ctx context.Context, readOnly bool, fn func(counter.Tx) error) error {
	if d.pipeline != nil {
		return d.runHeld(ctx, readOnly, fn)
	}
	pool, opts := d.sql, (*sql.TxOptions)(nil)
	if readOnly {
		pool, opts = d.read, d.engine.readOptions()
	}
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("store: unable to begin: %w", err)
	}
	if !readOnly {
		if err := d.engine.lock(ctx, tx); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("store: unable to lock: %w", err)
		}
	}
	cache := d.writes
	if readOnly {
		cache = d.reads
	}
	if d.engine != SQLite {
		cache = nil
	}
	if cache != nil {
		defer cache.prepareMissing(ctx)
	}
	t := &Tx{db: d, tx: tx, on: tx, ctx: ctx, cache: cache}
	if err := fn(t); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := t.sealHead(); err != nil {
		_ = tx.Rollback()
		return msg.Errorf(SealFailed, err)
	}
	if err := tx.Commit(); err != nil {
		return &commitError{err}
	}
	return nil
}

// runHeld is run on a server with a pipeline (PostgreSQL): the unit of
// work holds one connection and begins its transaction itself. BEGIN
// (and, for a write, the writer lock) goes to the server with the first
// statement: with the first read, in one round trip, when that read is
// the unit of work's Standing (Tx.first). The writes whose answers
// nothing waits for (Tx.later) go with the next statement or with the
// COMMIT, in one round trip.
func (d *DB) runHeld(ctx context.Context, readOnly bool, fn func(counter.Tx) error) error {
	t := &Tx{db: d, ctx: ctx, readOnly: readOnly, opening: opening(readOnly)}
	if err := t.connect(); err != nil {
		return fmt.Errorf("store: unable to begin: %w", err)
	}
	// The connection goes back to the pool only when it is known to be
	// out of any transaction. Otherwise (fn panicked, a ROLLBACK failed, a
	// COMMIT's outcome is unknown) it is closed: the server then rolls
	// back whatever it has not kept, and releases the writer lock, which
	// an idle pooled connection would otherwise hold for every terminal.
	clean := false
	defer func() {
		if !clean {
			t.discard()
		}
		t.conn.Close()
	}()
	rollback := func(err error) error {
		clean = true
		if t.opening == nil { // BEGIN was sent
			if _, rerr := t.conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`); rerr != nil {
				clean = false
			}
		}
		if t.failed != nil {
			return t.failed // the write that failed, not what it made fail after it
		}
		return err
	}
	if err := fn(t); err != nil {
		return rollback(err)
	}
	if err := t.sealHead(); err != nil {
		return rollback(msg.Errorf(SealFailed, err))
	}
	if t.failed != nil {
		return rollback(t.failed)
	}
	if t.opening != nil && len(t.pending) == 0 {
		clean = true
		return nil // nothing was sent: nothing to commit
	}
	if err := t.send(true); err != nil {
		var refused *Refused
		if errors.As(err, &refused) {
			return rollback(fmt.Errorf("store: %w", refused.Err))
		}
		return &commitError{err}
	}
	clean = true
	return nil
}

// discard closes the held connection instead of giving it back to the
// pool (database/sql drops a connection whose Raw says ErrBadConn).
func (t *Tx) discard() {
	_ = t.conn.Raw(func(any) error { return driver.ErrBadConn })
}

// opening is what begins a unit of work's transaction: a read-only one
// that sees one snapshot, or a write that holds the writer lock
// (Engine.lock).
func opening(readOnly bool) []Statement {
	if readOnly {
		return []Statement{{Query: `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`}}
	}
	// READ COMMITTED said, not left to the server's default: each
	// statement after the lock then sees every commit before it (under
	// repeatable read the snapshot would be the lock statement's, taken
	// before the lock was granted).
	return []Statement{{Query: `BEGIN ISOLATION LEVEL READ COMMITTED`}, {Query: `SELECT pg_advisory_xact_lock($1)`, Args: []any{int64(writerLock)}}}
}

// connect takes a connection from the pool for the unit of work.
func (t *Tx) connect() error {
	pool := t.db.sql
	if t.readOnly {
		pool = t.db.read
	}
	c, err := pool.Conn(t.ctx)
	if err != nil {
		return err
	}
	t.conn, t.on = c, c
	return nil
}

// opened runs f, the unit of work's first trip to the server; a pooled
// connection found dead before anything was sent is replaced, as
// database/sql's BeginTx does.
func (t *Tx) opened(f func() error) error {
	if t.opening == nil {
		return f()
	}
	for try := 1; ; try++ {
		err := f()
		if err == nil || !errors.Is(err, driver.ErrBadConn) || try == 3 {
			t.opening = nil
			return err
		}
		t.conn.Close()
		if err := t.connect(); err != nil {
			return err
		}
	}
}

// send sends BEGIN if not sent yet and the pending writes, then COMMIT
// if commit is set, in one round trip.
func (t *Tx) send(commit bool) error {
	stmts := append(t.opening, t.pending...)
	t.pending = nil
	return t.opened(func() error { return t.db.pipeline.Send(t.ctx, t.conn, stmts, commit) })
}

// first reads one row into dest with q, the unit of work's first
// statement when it is held (runHeld): with BEGIN in one round trip.
// Elsewhere it is row(q, a...).Scan(dest...).
func (t *Tx) first(q string, a []any, dest ...any) error {
	if t.conn == nil || t.opening == nil || len(t.pending) > 0 {
		return t.row(q, a...).Scan(dest...)
	}
	var vals []any
	err := t.opened(func() (err error) {
		vals, err = t.db.pipeline.Read(t.ctx, t.conn, t.opening, Statement{t.db.query(q), toDriver(a)})
		return err
	})
	if err != nil {
		return err
	}
	return scanValues(vals, dest)
}

// scanValues stores a row's values, as the driver decoded them, in dest
// as database/sql's Scan would for the types Standing reads.
func scanValues(vals, dest []any) error {
	if len(vals) != len(dest) {
		return fmt.Errorf("store: %d values for %d destinations", len(vals), len(dest))
	}
	for i, v := range vals {
		if sc, ok := dest[i].(sql.Scanner); ok {
			if err := sc.Scan(v); err != nil {
				return fmt.Errorf("store: column %d: %w", i, err)
			}
			continue
		}
		d := reflect.ValueOf(dest[i]).Elem()
		switch x := v.(type) {
		case int32: // an integer literal
			v = int64(x)
		case int16:
			v = int64(x)
		}
		switch x := v.(type) {
		case string:
			if d.Kind() == reflect.String {
				d.SetString(x)
				continue
			}
		case int64:
			switch d.Kind() {
			case reflect.Int, reflect.Int64, reflect.Int32:
				d.SetInt(x)
				continue
			case reflect.Bool:
				d.SetBool(x != 0)
				continue
			}
		case bool:
			if d.Kind() == reflect.Bool {
				d.SetBool(x)
				continue
			}
		}
		return fmt.Errorf("store: column %d: cannot store %T in %s", i, v, d.Type())
	}
	return nil
}

// Statement is a statement in the engine's dialect and its arguments.
type Statement struct {
	Query string
	Args  []any
}

// Pipeline sends statements to the server in one round trip, on the
// connection a unit of work holds (storage/postgres gives pgx's batches).
// An error the server gave for a statement (then nothing more runs, and
// nothing is committed) comes back as *Refused; a connection found dead
// before anything was sent as driver.ErrBadConn; any other error leaves a
// COMMIT's outcome unknown.
type Pipeline interface {
	// Send runs stmts in order, then COMMIT if commit is set.
	Send(ctx context.Context, conn *sql.Conn, stmts []Statement, commit bool) error
	// Read runs stmts, then q, and gives the values of q's one row
	// (sql.ErrNoRows for none).
	Read(ctx context.Context, conn *sql.Conn, stmts []Statement, q Statement) ([]any, error)
}

// Refused is a statement the server refused inside a pipeline.
type Refused struct{ Err error }

func (r *Refused) Error() string { return r.Err.Error() }
func (r *Refused) Unwrap() error { return r.Err }

// SetPipeline has units of work hold a connection and send their
// statements through p.
func (d *DB) SetPipeline(p Pipeline) { d.pipeline = p }

// commitError is a COMMIT that failed. Whether the transaction was kept
// is unknown (on a server, the answer may be lost on its way back), so
// it carries counter.ErrOutcomeUnknown: the domain asks the journal.
type commitError struct{ err error }

func (e *commitError) Error() string   { return "store: unable to commit: " + e.err.Error() }
func (e *commitError) Unwrap() []error { return []error{counter.ErrOutcomeUnknown, e.err} }

// Tx implements counter.Tx on one SQL transaction.
type Tx struct {
	db       *DB
	tx       *sql.Tx   // the transaction, where database/sql began it
	conn     *sql.Conn // the connection the transaction runs on, in runHeld
	on       sqlRunner // tx or conn
	pending  []Statement
	opening  []Statement // BEGIN, until it is sent with the first statement
	failed   error       // pending writes the server refused when sent
	readOnly bool
	ctx      context.Context
	cache    *stmtCache  // the statements of this transaction's pool, nil for none
	head     *audit.Head // the audit head this transaction moved to, if it did

	accounts  map[string]ledger.Account // read in this transaction, kept up to date by AddBalance
	noAccount map[string]bool           // accounts Standing found missing
	settings  map[string]string         // every setting, once Standing has read them
	foresight counter.Foresight         // what the next Standing brings too
	limits    map[string]limit          // kinds' limits Standing brought, by date and kind
	headRead  *audit.Head               // the audit head as Standing read it
	next      *nextEntry                // the next entry's numbers, as Standing read them
}

// nextEntry is the id and sequence number the next entry of a teller on
// a business date gets, read under the writer lock.
type nextEntry struct {
	teller, date string
	id, seq      int64
}

// runner is what runs a statement: the cached one bound to this
// transaction, or the transaction itself.
type runner interface {
	ExecContext(ctx context.Context, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, args ...any) *sql.Row
}

// sqlRunner is a transaction, or the connection a transaction runs on.
type sqlRunner interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// direct runs q on the transaction without a cached statement.
type direct struct {
	tx sqlRunner
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
func (t *Tx) stmt(q string) runner {
	t.flush()
	if t.cache == nil {
		return direct{t.on, t.db.query(q)}
	}
	if s := t.cache.prepared(q); s != nil {
		return t.tx.StmtContext(t.ctx, s)
	}
	return direct{t.on, t.db.query(q)}
}

// later runs a write whose answer nothing waits for: at once, or, in a
// unit of work with a pipeline, with the next statement or the COMMIT.
// A refusal by the server then fails the unit of work (see runHeld).
func (t *Tx) later(q string, a ...any) error {
	if t.conn == nil {
		return t.exec(q, a...)
	}
	t.pending = append(t.pending, Statement{t.db.query(q), toDriver(a)})
	return nil
}

// flush sends BEGIN, if not sent yet, and the pending writes before a
// statement that may read them.
func (t *Tx) flush() {
	if t.conn == nil || len(t.pending) == 0 && t.opening == nil || t.failed != nil {
		return
	}
	if err := t.send(false); err != nil {
		var refused *Refused
		if errors.As(err, &refused) {
			err = refused.Err
		}
		t.failed = fmt.Errorf("store: %w", err)
	}
}

// args turns Go booleans into 0 and 1: both databases keep flags in
// integer columns, and PostgreSQL's driver does not convert them.
func toDriver(in []any) []any {
	for i, a := range in {
		if b, ok := a.(bool); ok {
			v := int64(0)
			if b {
				v = 1
			}
			in[i] = v
		}
	}
	return in
}

func (t *Tx) exec(q string, a ...any) error {
	if _, err := t.stmt(q).ExecContext(t.ctx, toDriver(a)...); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// insert runs an INSERT … RETURNING id and gives the new row's id.
func (t *Tx) insert(q string, a ...any) (int64, error) {
	var id int64
	if err := t.stmt(q+` RETURNING id`).QueryRowContext(t.ctx, toDriver(a)...).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	return id, nil
}

func (t *Tx) row(q string, a ...any) *sql.Row {
	return t.stmt(q).QueryRowContext(t.ctx, toDriver(a)...)
}

func (t *Tx) query(q string, a ...any) (*sql.Rows, error) {
	return t.stmt(q).QueryContext(t.ctx, toDriver(a)...)
}

// rawRow and rawQuery run q without caching a statement: for queries run
// once in a while (sync, migrations), or built on the fly.
func (t *Tx) rawRow(q string, a ...any) *sql.Row {
	t.flush()
	return t.on.QueryRowContext(t.ctx, t.db.query(q), toDriver(a)...)
}

func (t *Tx) rawQuery(q string, a ...any) (*sql.Rows, error) {
	t.flush()
	return t.on.QueryContext(t.ctx, t.db.query(q), toDriver(a)...)
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
