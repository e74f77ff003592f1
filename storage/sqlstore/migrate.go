package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"branchdesk/domain/authz"
	"branchdesk/domain/ledger"
)

// migrations are applied in order, each in its own transaction; the
// database keeps how many have been applied (SQLite's user_version,
// PostgreSQL's branchdesk_schema).
var migrations = []func(migration) error{
	migrateCounterCore,
	migrateCashAndVouchers,
	migrateFinance,
	migrateSync,
	migrateTellerTerminals,
	migrateAuditAcks,
	migrateDraftKeys,
	migrateHandOvers,
	migrateRemoteAuthorization,
	migrateQualifications,
	migrateBookSeals,
	migrateCloseCounts,
	migrateRemoteWithdraw,
	migrateServiceVouchers,
	migrateSeals,
	migrateLeaves,
	migrateListFirst,
	migratePayments,
	migrateReviews,
	migrateSettlementsAndPresenters,
	migrateWideColumns,
	migrateFreezes,
	migrateQuarterWeights,
	migrateForms,
	migrateAttachments,
	migrateTargetListings,
	migrateRemoteReasonMessage,
	migrateLeaveKeepers,
	migrateBoxSeals,
	migrateSuspenseDecisions,
}

// SchemaVersion is the schema this build writes.
func SchemaVersion() int { return len(migrations) }

// migration is one migration's transaction on an engine.
type migration struct {
	tx *sql.Tx
	e  Engine
}

// exec runs DDL and inserts written for SQLite, CREATE TABLE and ALTER
// TABLE … ADD COLUMN translated for the engine.
func (m migration) exec(stmts ...string) error {
	for _, s := range stmts {
		switch {
		case strings.HasPrefix(s, "CREATE TABLE"):
			s = m.e.table(s)
		case strings.HasPrefix(s, "ALTER TABLE") && strings.Contains(s, " ADD COLUMN "):
			s = m.e.column(s)
		}
		if _, err := m.tx.Exec(s); err != nil {
			return fmt.Errorf("%w in %.60s", err, s)
		}
	}
	return nil
}

// insert runs one INSERT with ? placeholders.
func (m migration) insert(q string, args ...any) error {
	_, err := m.tx.Exec(m.e.translate(q), toDriver(args)...)
	return err
}

func (d *DB) migrate(ctx context.Context) error {
	// Up to date, as nearly always: no write lock taken.
	if v, _, err := d.engine.schemaVersion(ctx, d.sql); err == nil && v == len(migrations) {
		return nil
	}
	for {
		done, err := d.migrateOne(ctx)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next migration, if any, in its own transaction.
// The version is read under the writer lock, so two PCs opening a new
// branch database at once apply each migration once.
func (d *DB) migrateOne(ctx context.Context) (done bool, err error) {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: unable to begin migration: %w", err)
	}
	defer func() {
		if err != nil || done {
			_ = tx.Rollback()
		}
	}()
	if err := d.engine.lock(ctx, tx); err != nil {
		return false, fmt.Errorf("store: unable to lock for migration: %w", err)
	}
	v, tables, err := d.engine.schemaVersion(ctx, tx)
	if err != nil {
		return false, fmt.Errorf("store: unable to read schema version: %w", err)
	}
	if v == 0 && tables > 0 {
		return false, fmt.Errorf("store: %w", ErrForeign)
	}
	if v > len(migrations) {
		return false, fmt.Errorf("store: %w（数据库 v%d，本程序 v%d）", ErrNewerSchema, v, len(migrations))
	}
	if v == len(migrations) {
		return true, nil
	}
	if err := migrations[v](migration{tx, d.engine}); err != nil {
		return false, fmt.Errorf("store: migration %d failed: %w", v+1, err)
	}
	if err := d.engine.setSchemaVersion(tx, v+1); err != nil {
		return false, fmt.Errorf("store: unable to record migration %d: %w", v+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("store: unable to commit migration %d: %w", v+1, err)
	}
	return false, nil
}

func migrateCounterCore(m migration) error {
	stmts := []string{
		`CREATE TABLE branches (
			id TEXT PRIMARY KEY, name TEXT NOT NULL, business_date TEXT NOT NULL)`,
		`CREATE TABLE users (
			id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL CHECK (level IN ('A','B','C')),
			branch_id TEXT NOT NULL REFERENCES branches(id), active INTEGER NOT NULL DEFAULT 1,
			officer INTEGER NOT NULL DEFAULT 0, locked INTEGER NOT NULL DEFAULT 0,
			failures INTEGER NOT NULL DEFAULT 0, must_change INTEGER NOT NULL DEFAULT 1,
			pw_hash TEXT NOT NULL, created_at TEXT NOT NULL)`,
		`CREATE TABLE accounts (
			no TEXT PRIMARY KEY, type TEXT NOT NULL, holder TEXT NOT NULL,
			branch_id TEXT NOT NULL REFERENCES branches(id), balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
			owner TEXT NOT NULL DEFAULT '')`,
		`CREATE TABLE policies (
			version INTEGER PRIMARY KEY, effective TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL)`,
		`CREATE TABLE policy_limits (
			version INTEGER NOT NULL REFERENCES policies(version), kind TEXT NOT NULL,
			c_limit INTEGER NOT NULL, b_limit INTEGER NOT NULL, PRIMARY KEY (version, kind))`,
		`CREATE TABLE entries (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL, business_date TEXT NOT NULL,
			teller TEXT NOT NULL REFERENCES users(id), seq INTEGER NOT NULL, kind TEXT NOT NULL,
			amount INTEGER NOT NULL CHECK (amount > 0), account TEXT NOT NULL, counterparty TEXT NOT NULL DEFAULT '',
			memo TEXT NOT NULL DEFAULT '', policy_version INTEGER NOT NULL REFERENCES policies(version),
			auth_b TEXT NOT NULL DEFAULT '', auth_a TEXT NOT NULL DEFAULT '',
			reverses INTEGER REFERENCES entries(id) UNIQUE, reason TEXT NOT NULL DEFAULT '',
			posted_at TEXT NOT NULL, UNIQUE (teller, business_date, seq))`,
		`CREATE INDEX entries_day ON entries (branch_id, business_date)`,
		// net_debit is the account's debits minus credits after this leg: a
		// running total kept in the journal itself, so a balance is one
		// index lookup however long the day.
		`CREATE TABLE legs (
			entry_id INTEGER NOT NULL REFERENCES entries(id), line INTEGER NOT NULL,
			account TEXT NOT NULL, side TEXT NOT NULL CHECK (side IN ('D','C')),
			amount INTEGER NOT NULL CHECK (amount > 0), net_debit INTEGER NOT NULL,
			PRIMARY KEY (entry_id, line))`,
		`CREATE INDEX legs_account ON legs (account, entry_id, line)`,
		`CREATE TABLE teller_days (
			teller TEXT NOT NULL REFERENCES users(id), business_date TEXT NOT NULL,
			branch_id TEXT NOT NULL, state TEXT NOT NULL, sign_ins INTEGER NOT NULL DEFAULT 1,
			PRIMARY KEY (teller, business_date))`,
		`CREATE TABLE audit (
			id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
			detail TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL)`,
		`CREATE TABLE audit_head (one INTEGER PRIMARY KEY CHECK (one = 1), id INTEGER NOT NULL, hash TEXT NOT NULL)`,
		`INSERT INTO audit_head VALUES (1, 0, '')`,
		`CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
	}
	if m.e == Postgres {
		stmts = append(slices.Clone(functions), stmts...)
	}
	for _, t := range []string{"entries", "legs", "audit"} {
		stmts = append(stmts, m.e.immutable(t)...)
	}
	if err := m.exec(stmts...); err != nil {
		return err
	}
	return seedDefaultPolicy(m)
}

// seedDefaultPolicy writes version 1 of the thresholds, 第十五条's defaults.
func seedDefaultPolicy(m migration) error {
	p := authz.Default()
	if err := m.insert(`INSERT INTO policies VALUES (?, ?, ?, ?)`, p.Version, p.Effective, "1970-01-01T00:00:00Z", "第十五条默认值"); err != nil {
		return err
	}
	for _, k := range ledger.Kinds {
		l := p.Limits[k]
		if err := m.insert(`INSERT INTO policy_limits VALUES (?, ?, ?, ?)`, p.Version, string(k), int64(l.CLimit), int64(l.BLimit)); err != nil {
			return err
		}
	}
	return nil
}

// migrateDraftKeys gives each entry the idempotency key of the draft it
// was posted from: a draft is posted at most once, whatever is retried.
// Entries from before, and those not posted from a draft, keep it empty.
func migrateDraftKeys(m migration) error {
	return m.exec(
		`ALTER TABLE entries ADD COLUMN draft_key TEXT NOT NULL DEFAULT ''`,
		`CREATE UNIQUE INDEX entries_draft_key ON entries (draft_key) WHERE draft_key <> ''`,
	)
}

// migrateWideColumns widens on PostgreSQL the two integer columns earlier
// migrations added with ALTER TABLE before exec translated it: an
// account's opening balance in fen (a 32-bit integer ends at
// ¥21,474,836.47) and the suspense entry a resolution settles. SQLite's
// integers are 64-bit already.
func migrateWideColumns(m migration) error {
	if m.e != Postgres {
		return nil
	}
	return m.exec(
		`ALTER TABLE accounts ALTER COLUMN opening TYPE BIGINT`,
		`ALTER TABLE entries ALTER COLUMN settles TYPE BIGINT`,
	)
}
