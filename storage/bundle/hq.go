package bundle

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"filippo.io/age"

	"branchdesk/domain/sync"
	"branchdesk/storage/sqlite"
	"branchdesk/storage/sqlstore"
)

// ErrHQExists refuses to initialise a directory that has a store already.
var ErrHQExists = errors.New("该目录已初始化过总行密钥和数据库")

// HQ is head office's store: enrolled terminals, every record imported,
// held bundles, receipts and config versions. One bundle is imported in
// one transaction.
type HQ struct {
	db        *sql.DB
	dir       string
	sign      ed25519.PrivateKey
	age       *age.X25519Identity
	clock     Clock
	maxSchema int

	afterRecord func(n int) // test hook: called after each record is written
}

// hqMigrations are head office's schema steps, in order; each runs once,
// in its own transaction.
var hqMigrations = [][]string{
	hqTables,
	// Keep each signed config bundle, to send it again to a terminal
	// enrolled after it was issued (versions are applied in order).
	{`ALTER TABLE configs ADD COLUMN bundle BLOB`},
	// Every key ever revoked, so none is enrolled again; and bundles head
	// office set aside (kept, not imported) when a terminal was restored
	// from a backup and wrote other bundles under their numbers.
	{
		`CREATE TABLE revoked_keys (pub BLOB PRIMARY KEY, terminal TEXT NOT NULL, revoked_at TEXT NOT NULL)`,
		`INSERT OR IGNORE INTO revoked_keys SELECT pub, id, revoked_at FROM terminals WHERE revoked_at <> ''`,
		`CREATE TABLE set_aside (terminal TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL, bundle BLOB NOT NULL,
			received_at TEXT NOT NULL, set_aside_at TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (terminal, hash))`,
	},
	// Each record is counted for the branch its terminal is enrolled in,
	// whatever the record says. A record's older version, replaced by a
	// later bundle, is kept for a rollback; bundles rolled back (a stolen
	// key's) are kept with the records they brought.
	{
		`ALTER TABLE records ADD COLUMN branch TEXT NOT NULL DEFAULT ''`,
		`UPDATE records SET branch = (SELECT branch_id FROM terminals WHERE id = records.terminal)`,
		// The key that signed each bundle; NULL for those imported before
		// v4, whose replaced versions were not kept either.
		`ALTER TABLE bundles ADD COLUMN signer BLOB`,
		`CREATE TABLE record_versions (terminal TEXT NOT NULL, type TEXT NOT NULL, rid INTEGER NOT NULL, seq INTEGER NOT NULL,
			data TEXT NOT NULL, PRIMARY KEY (terminal, type, rid, seq)) WITHOUT ROWID`,
		`CREATE TABLE rolled_back (terminal TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL, prev TEXT NOT NULL,
			created TEXT NOT NULL, imported_at TEXT NOT NULL, records INTEGER NOT NULL, rejected INTEGER NOT NULL, receipt BLOB,
			rolled_back_at TEXT NOT NULL, reason TEXT NOT NULL)`, // a bundle of the terminal's own may be rolled back twice
		`CREATE TABLE rolled_back_records (terminal TEXT NOT NULL, type TEXT NOT NULL, rid INTEGER NOT NULL, seq INTEGER NOT NULL,
			data TEXT NOT NULL, rolled_back_at TEXT NOT NULL)`,
		// Bundles held when their terminal was rolled back: a forged one
		// must not stand in the way of the terminal's own; the terminal's
		// own come again from the terminal.
		`CREATE TABLE rolled_back_held (terminal TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL, bundle BLOB NOT NULL,
			received_at TEXT NOT NULL, rolled_back_at TEXT NOT NULL, reason TEXT NOT NULL)`,
	},
	// Head office's decisions on the branches' suspense items.
	hqSuspenseTables,
}

var hqSchema = len(hqMigrations)

var hqTables = []string{
	`CREATE TABLE terminals (id TEXT PRIMARY KEY, branch_id TEXT NOT NULL, pub BLOB NOT NULL,
		enrolled_at TEXT NOT NULL, revoked_at TEXT NOT NULL DEFAULT '',
		last_seq INTEGER NOT NULL DEFAULT 0, last_hash TEXT NOT NULL DEFAULT '', last_import TEXT NOT NULL DEFAULT '')`,
	`CREATE TABLE bundles (terminal TEXT NOT NULL REFERENCES terminals(id), seq INTEGER NOT NULL, hash TEXT NOT NULL UNIQUE,
		prev TEXT NOT NULL, created TEXT NOT NULL, imported_at TEXT NOT NULL, records INTEGER NOT NULL,
		rejected INTEGER NOT NULL, PRIMARY KEY (terminal, seq))`,
	// One row per record per terminal; a later version of a row replaces it.
	`CREATE TABLE records (terminal TEXT NOT NULL, type TEXT NOT NULL, rid INTEGER NOT NULL, seq INTEGER NOT NULL,
		data TEXT NOT NULL, PRIMARY KEY (terminal, type, rid)) WITHOUT ROWID`,
	`CREATE TABLE held (terminal TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL, bundle BLOB NOT NULL,
		received_at TEXT NOT NULL, PRIMARY KEY (terminal, seq))`,
	`CREATE TABLE skipped (terminal TEXT NOT NULL, seq INTEGER NOT NULL, accepted_at TEXT NOT NULL, PRIMARY KEY (terminal, seq))`,
	`CREATE TABLE receipts (terminal TEXT NOT NULL, seq INTEGER NOT NULL, receipt BLOB NOT NULL, PRIMARY KEY (terminal, seq))`,
	`CREATE TABLE configs (branch_id TEXT NOT NULL, version INTEGER NOT NULL, created TEXT NOT NULL, PRIMARY KEY (branch_id, version))`,
}

// InitHQ creates head office's keys (mode 0600) and store in dir, and a
// public hq.pub for reference.
func InitHQ(ctx context.Context, dir string, clock Clock) (sync.HQKeys, error) {
	if clock == nil {
		clock = systemClock{}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return sync.HQKeys{}, fmt.Errorf("bundle: %w", err)
	}
	for _, f := range []string{HQStore, HQSignFile, HQAgeFile} {
		// An empty store is no store: SQLite would take it for a new one.
		if st, err := os.Stat(filepath.Join(dir, f)); err == nil && (f != HQStore || st.Size() > 0) {
			return sync.HQKeys{}, fmt.Errorf("%w：%s", ErrHQExists, filepath.Join(dir, f))
		}
	}
	if err := createHQKeys(dir, clock.Now()); err != nil {
		return sync.HQKeys{}, err
	}
	h, err := openHQ(ctx, dir, clock, true)
	if err != nil {
		return sync.HQKeys{}, err
	}
	defer h.Close()
	keys := h.PublicKeys()
	pub, _ := json.MarshalIndent(keys, "", "  ")
	return keys, os.WriteFile(filepath.Join(dir, "hq.pub"), append(pub, '\n'), 0o644)
}

// OpenHQ opens head office's store in dir. A missing or empty store is
// sqlite.ErrNoDatabase: only InitHQ makes one.
func OpenHQ(ctx context.Context, dir string, clock Clock) (*HQ, error) {
	return openHQ(ctx, dir, clock, false)
}

func openHQ(ctx context.Context, dir string, clock Clock, create bool) (*HQ, error) {
	if clock == nil {
		clock = systemClock{}
	}
	sign, id, err := loadHQKeys(dir)
	if err != nil {
		return nil, err
	}
	if !create {
		if err := sqlite.CheckExists(filepath.Join(dir, HQStore)); err != nil {
			return nil, err
		}
	}
	db, err := sql.Open("sqlite", sqlite.DSN(filepath.Join(dir, HQStore)))
	if err != nil {
		return nil, fmt.Errorf("bundle: unable to open store: %w", err)
	}
	db.SetMaxOpenConns(1)
	h := &HQ{db: db, dir: dir, sign: sign, age: id, clock: clock, maxSchema: sqlstore.SchemaVersion()}
	if err := h.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return h, nil
}

func (h *HQ) migrate(ctx context.Context) error {
	var v int
	if err := h.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return fmt.Errorf("bundle: unable to open store: %w", err)
	}
	if v > hqSchema {
		return sqlstore.ErrNewerSchema
	}
	for ; v < hqSchema; v++ {
		if err := h.migrateTo(ctx, v+1); err != nil {
			return err
		}
	}
	return nil
}

func (h *HQ) migrateTo(ctx context.Context, v int) error {
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	defer tx.Rollback()
	for _, s := range append(hqMigrations[v-1], fmt.Sprintf(`PRAGMA user_version = %d`, v)) {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("bundle: unable to update store to v%d: %w", v, err)
		}
	}
	return tx.Commit()
}

// Close closes the store.
func (h *HQ) Close() error { return h.db.Close() }

// DB is the store's handle, for reports and tests.
func (h *HQ) DB() *sql.DB { return h.db }

// PublicKeys are head office's public keys, as config bundles carry them.
func (h *HQ) PublicKeys() sync.HQKeys {
	return sync.HQKeys{Sign: h.sign.Public().(ed25519.PublicKey), Age: h.age.Recipient().String()}
}

func (h *HQ) now() string { return h.clock.Now().UTC().Format(time.RFC3339Nano) }

// Now is head office's clock: what it stamps on what it issues, and the
// "now" of its reports.
func (h *HQ) Now() time.Time { return h.clock.Now() }

// Enroll records a terminal from its enrollment file. Enrolling the same
// key again changes nothing; a revoked terminal may enroll a new key, and
// a key once revoked is never enrolled again.
func (h *HQ) Enroll(ctx context.Context, data []byte) (Enrollment, error) {
	e, err := ParseEnrollment(data)
	if err != nil {
		return e, err
	}
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return e, fmt.Errorf("bundle: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM revoked_keys WHERE pub = ?`, e.Key).Scan(&n); err != nil {
		return e, fmt.Errorf("bundle: %w", err)
	}
	if n > 0 {
		return e, fmt.Errorf("%w：终端 %s 的这把密钥已吊销，不能再登记；请在终端更换密钥后重新生成登记文件", sync.ErrRevoked, e.Terminal)
	}
	var other string
	err = tx.QueryRowContext(ctx, `SELECT id FROM terminals WHERE pub = ? AND id <> ? LIMIT 1`, e.Key, e.Terminal).Scan(&other)
	if err == nil {
		return e, fmt.Errorf("这把密钥已登记给终端 %s，不能再登记给终端 %s：每台终端须有自己的密钥（密钥文件可能被复制）", other, e.Terminal)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("bundle: %w", err)
	}
	var branch, revoked string
	var pub []byte
	err = tx.QueryRowContext(ctx, `SELECT branch_id, pub, revoked_at FROM terminals WHERE id = ?`, e.Terminal).Scan(&branch, &pub, &revoked)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.ExecContext(ctx, `INSERT INTO terminals (id, branch_id, pub, enrolled_at) VALUES (?,?,?,?)`, e.Terminal, e.Branch, e.Key, h.now())
	case err != nil:
	case branch != e.Branch:
		return e, fmt.Errorf("%w：终端 %s 已登记在网点 %s", sync.ErrOtherBranch, e.Terminal, branch)
	case bytes.Equal(pub, e.Key) && revoked == "":
		return e, nil
	case revoked == "":
		return e, fmt.Errorf("终端 %s 已登记另一把密钥；须先吊销旧密钥再重新登记", e.Terminal)
	default:
		_, err = tx.ExecContext(ctx, `UPDATE terminals SET pub = ?, revoked_at = '', enrolled_at = ? WHERE id = ?`, e.Key, h.now(), e.Terminal)
	}
	if err != nil {
		return e, fmt.Errorf("bundle: %w", err)
	}
	return e, tx.Commit()
}

// Revoke refuses every later bundle signed by a terminal's key, and the
// key itself for good.
func (h *HQ) Revoke(ctx context.Context, terminal string) error {
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	defer tx.Rollback()
	t, err := loadTerminal(ctx, tx, terminal)
	if err != nil {
		return err
	}
	if t.Revoked {
		return fmt.Errorf("终端 %s 的密钥已吊销过，无需再吊销", terminal)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE terminals SET revoked_at = ? WHERE id = ?`, h.now(), terminal); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO revoked_keys SELECT pub, id, revoked_at FROM terminals WHERE id = ?`, terminal); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	return tx.Commit()
}

// Result is one bundle imported.
type Result struct {
	Terminal, Branch string
	Seq              int64
	Records          int64 // accepted
	Rejected         int
	Late             bool // filled a gap head office had accepted
}

// Import decrypts, verifies and imports one up bundle in one transaction,
// then any held bundles that now follow it. A refusal changes nothing,
// except that a bundle after a gap is held (the error is a *sync.GapError).
func (h *HQ) Import(ctx context.Context, data []byte) ([]Result, error) {
	plain, err := Unseal(data, h.age)
	if err != nil {
		return nil, err
	}
	r, err := h.importPlain(ctx, plain, false)
	if err != nil {
		return nil, err
	}
	more, err := h.release(ctx, r.Terminal)
	return append([]Result{r}, more...), err
}

// AcceptGap is head office's word that the bundles missing before a
// terminal's first held one are lost: the held ones are imported. A
// missing bundle that turns up later is still imported.
func (h *HQ) AcceptGap(ctx context.Context, terminal string) ([]Result, error) {
	var plain []byte
	var seq int64
	err := h.db.QueryRowContext(ctx, `SELECT seq, bundle FROM held WHERE terminal = ? ORDER BY seq LIMIT 1`, terminal).Scan(&seq, &plain)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("终端 %s 没有暂存的数据包", terminal)
	}
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	r, err := h.importPlain(ctx, plain, true)
	if err != nil {
		return nil, heldError(terminal, seq, err)
	}
	more, err := h.release(ctx, terminal)
	return append([]Result{r}, more...), err
}

// release imports held bundles while the next one is there.
func (h *HQ) release(ctx context.Context, terminal string) ([]Result, error) {
	var out []Result
	for {
		var plain []byte
		err := h.db.QueryRowContext(ctx, `SELECT h.bundle FROM held h JOIN terminals t ON t.id = h.terminal
			WHERE h.terminal = ? AND h.seq = t.last_seq + 1`, terminal).Scan(&plain)
		if errors.Is(err, sql.ErrNoRows) {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("bundle: %w", err)
		}
		r, err := h.importPlain(ctx, plain, false)
		if err != nil {
			var seq int64
			_ = h.db.QueryRowContext(ctx, `SELECT last_seq + 1 FROM terminals WHERE id = ?`, terminal).Scan(&seq)
			return out, heldError(terminal, seq, err)
		}
		out = append(out, r)
	}
}

// HeldError is a held bundle that could not be released after the
// bundles before it arrived: what was imported stays imported, the held
// one stays held (head office may set it aside).
type HeldError struct {
	Terminal string
	Seq      int64
	Err      error
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("终端 %s 暂存的第 %d 号数据包未能放行（仍在暂存）：%v", e.Terminal, e.Seq, e.Err)
}

// Unwrap returns why it could not be released.
func (e *HeldError) Unwrap() error { return e.Err }

// heldError says why held bundle seq stays held. One whose signature no
// longer verifies was most likely held before the terminal took a new
// key: the terminal writes it again, signed by the new one.
func heldError(terminal string, seq int64, err error) error {
	if errors.Is(err, sync.ErrSignature) {
		err = &refusal{errors.New("签名与终端现用密钥不符（是终端更换密钥前暂存的）：若是终端自己的包，请终端点“重新导出未确认”（bdctl sync pending）以新密钥重写后再导入；" +
			"若是被盗密钥签发的，请用 bdhq set-aside 另存"), err}
	}
	return &HeldError{Terminal: terminal, Seq: seq, Err: err}
}

// SetAside moves a held bundle out of the way, kept but never imported:
// for a terminal restored from a backup that wrote other bundles under
// the same numbers. Head office keeps it to recover what only it holds.
func (h *HQ) SetAside(ctx context.Context, terminal string, seq int64, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return errors.New("另存暂存包须注明原因")
	}
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	defer tx.Rollback()
	var held int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM held WHERE terminal = ? AND seq = ?`, terminal, seq).Scan(&held); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	if held == 0 {
		var aside int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM set_aside WHERE terminal = ? AND seq = ?`, terminal, seq).Scan(&aside); err != nil {
			return fmt.Errorf("bundle: %w", err)
		}
		if aside > 0 {
			return nil // set aside already: nothing to do
		}
		return fmt.Errorf("终端 %s 没有暂存的第 %d 号数据包", terminal, seq)
	}
	// The same bundle may be set aside already (held again by an older
	// release): it is kept once.
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO set_aside SELECT terminal, seq, hash, bundle, received_at, ?, ? FROM held WHERE terminal = ? AND seq = ?`,
		h.now(), strings.TrimSpace(reason), terminal, seq); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM held WHERE terminal = ? AND seq = ?`, terminal, seq); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	return tx.Commit()
}

// RolledBack is what a rollback took out of the store.
type RolledBack struct {
	Bundles  []int64 // sequence numbers rolled back
	Records  int64   // records taken out (kept in rolled_back_records)
	Restored int64   // older versions of records put back
	Held     int64   // held bundles taken out with them (kept in rolled_back_held)
	Last     int64   // the terminal's last sequence number now
}

// Rollback takes every bundle of a terminal imported from sequence number
// from on out of the store, with the records they brought, and puts back
// the versions of records they had replaced: for bundles signed with a
// stolen key before head office revoked it, which otherwise keep the
// terminal's own bundles under those numbers out for good.
//
// Only bundles signed by a revoked key are rolled back (for those imported
// before store v4, whose signer is not known: imported before the
// terminal's last revocation); that key never verifies again. The bundles,
// their receipts and records are kept (rolled_back, rolled_back_records),
// and so are the bundles held for the terminal (rolled_back_held): a
// forged one would stand in the way of the terminal's own, which come
// again when the terminal writes what waits for a receipt again, signed by
// its new key (bdctl sync pending). A rollback that would lose a record's
// acknowledged version (replaced before store v4 without being kept) is
// refused.
//
// A bundle whose receipt the terminal has taken is not sent again: if it
// was the terminal's own, its records stay only in rolled_back_records.
// RollbackPreview shows what a rollback would take out, to check against
// the terminal's list of bundles still waiting for a receipt first.
func (h *HQ) Rollback(ctx context.Context, terminal string, from int64, reason string) (RolledBack, error) {
	return h.rollback(ctx, terminal, from, reason, true)
}

// RollbackPreview is what Rollback would do, changing nothing.
func (h *HQ) RollbackPreview(ctx context.Context, terminal string, from int64) (RolledBack, error) {
	return h.rollback(ctx, terminal, from, "预览", false)
}

func (h *HQ) rollback(ctx context.Context, terminal string, from int64, reason string, commit bool) (RolledBack, error) {
	var out RolledBack
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return out, errors.New("回退须注明原因")
	case from < 1:
		return out, fmt.Errorf("回退的起始序号须为正整数：%d", from)
	}
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return out, fmt.Errorf("bundle: %w", err)
	}
	defer tx.Rollback()
	t, err := loadTerminal(ctx, tx, terminal)
	if err != nil {
		return out, err
	}
	// Only bundles signed by a key of the terminal since revoked: those
	// signed by the key it has now are its own.
	var revokedAt string
	if err := tx.QueryRowContext(ctx, `SELECT IFNULL(MAX(revoked_at), '') FROM revoked_keys WHERE terminal = ?`, t.ID).Scan(&revokedAt); err != nil {
		return out, fmt.Errorf("bundle: %w", err)
	}
	if revokedAt == "" {
		return out, fmt.Errorf("回退只用于密钥被盗后签发的数据包：请先用 bdhq revoke %s 吊销该终端的密钥", t.ID)
	}
	// A bundle's signer is known from store v4 on; before, the time it
	// was imported tells.
	rows, err := tx.QueryContext(ctx, `SELECT seq, imported_at, signer IS NULL,
		EXISTS (SELECT 1 FROM revoked_keys k WHERE k.pub = bundles.signer)
		FROM bundles WHERE terminal = ? AND seq >= ? ORDER BY seq`, t.ID, from)
	if err != nil {
		return out, fmt.Errorf("bundle: %w", err)
	}
	var after []int64
	for rows.Next() {
		var seq int64
		var at string
		var unknown, revoked bool
		if err := rows.Scan(&seq, &at, &unknown, &revoked); err != nil {
			rows.Close()
			return out, fmt.Errorf("bundle: %w", err)
		}
		out.Bundles = append(out.Bundles, seq)
		if unknown {
			revoked = before(at, revokedAt)
		}
		if !revoked {
			after = append(after, seq)
		}
	}
	rows.Close()
	switch {
	case len(out.Bundles) == 0:
		return out, fmt.Errorf("终端 %s 没有第 %d 号及以后已导入的数据包，无需回退", t.ID, from)
	case len(after) > 0:
		return out, fmt.Errorf("终端 %s 第 %v 号数据包由该终端现用（未吊销）的密钥签名，是它自己的包，不能回退；请核对起始序号", t.ID, after)
	}
	// Before store v4 a replaced version was not kept: a record such a
	// bundle replaced may have no version to put back.
	var pre int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bundles WHERE terminal = ? AND signer IS NULL`, t.ID).Scan(&pre); err != nil {
		return out, fmt.Errorf("bundle: %w", err)
	}
	if pre > 0 {
		n, err := h.unrecoverable(ctx, tx, t.ID, from)
		if err != nil {
			return out, err
		}
		if n > 0 {
			return out, fmt.Errorf("终端 %s 有 %d 条记录此前已收妥的版本未保存（导入于总行库保存记录旧版本之前），回退会使其丢失："+
				"未作任何改动，请联系技术支持", t.ID, n)
		}
	}
	now := h.now()
	var n sql.Result
	steps := []struct {
		q    string
		args []any
		into *int64
	}{
		{`INSERT INTO rolled_back SELECT b.terminal, b.seq, b.hash, b.prev, b.created, b.imported_at, b.records, b.rejected, r.receipt, ?, ?
			FROM bundles b LEFT JOIN receipts r ON r.terminal = b.terminal AND r.seq = b.seq WHERE b.terminal = ? AND b.seq >= ?`,
			[]any{now, reason, t.ID, from}, nil},
		{`INSERT INTO rolled_back_records SELECT terminal, type, rid, seq, data, ? FROM records WHERE terminal = ? AND seq >= ?`,
			[]any{now, t.ID, from}, &out.Records},
		{`INSERT INTO rolled_back_records SELECT terminal, type, rid, seq, data, ? FROM record_versions WHERE terminal = ? AND seq >= ?`,
			[]any{now, t.ID, from}, nil},
		{`DELETE FROM records WHERE terminal = ? AND seq >= ?`, []any{t.ID, from}, nil},
		{`DELETE FROM record_versions WHERE terminal = ? AND seq >= ?`, []any{t.ID, from}, nil},
		// The newest older version of each record taken out is current again.
		{`INSERT INTO records (terminal, type, rid, seq, data, branch)
			SELECT v.terminal, v.type, v.rid, v.seq, v.data, ? FROM record_versions v
			WHERE v.terminal = ? AND NOT EXISTS (SELECT 1 FROM records r WHERE r.terminal = v.terminal AND r.type = v.type AND r.rid = v.rid)
			AND v.seq = (SELECT MAX(w.seq) FROM record_versions w WHERE w.terminal = v.terminal AND w.type = v.type AND w.rid = v.rid)`,
			[]any{t.Branch, t.ID}, &out.Restored},
		{`DELETE FROM record_versions WHERE terminal = ? AND EXISTS (SELECT 1 FROM records r
			WHERE r.terminal = record_versions.terminal AND r.type = record_versions.type AND r.rid = record_versions.rid AND r.seq = record_versions.seq)`,
			[]any{t.ID}, nil},
		{`DELETE FROM receipts WHERE terminal = ? AND seq >= ?`, []any{t.ID, from}, nil},
		{`DELETE FROM bundles WHERE terminal = ? AND seq >= ?`, []any{t.ID, from}, nil},
		// Held bundles all come after the last one imported, so after from.
		{`INSERT INTO rolled_back_held SELECT terminal, seq, hash, bundle, received_at, ?, ? FROM held WHERE terminal = ?`,
			[]any{now, reason, t.ID}, &out.Held},
		{`DELETE FROM held WHERE terminal = ?`, []any{t.ID}, nil},
		{`UPDATE terminals SET last_seq = IFNULL((SELECT MAX(seq) FROM bundles WHERE terminal = ?1), 0),
			last_hash = IFNULL((SELECT hash FROM bundles WHERE terminal = ?1 ORDER BY seq DESC LIMIT 1), '') WHERE id = ?1`,
			[]any{t.ID}, nil},
		// A number given up for lost after the new last one is simply missing again.
		{`DELETE FROM skipped WHERE terminal = ?1 AND seq > (SELECT last_seq FROM terminals WHERE id = ?1)`, []any{t.ID}, nil},
	}
	for _, st := range steps {
		if n, err = tx.ExecContext(ctx, st.q, st.args...); err != nil {
			return out, fmt.Errorf("bundle: rollback: %w", err)
		}
		if st.into != nil {
			*st.into, _ = n.RowsAffected()
		}
	}
	if err := tx.QueryRowContext(ctx, `SELECT last_seq FROM terminals WHERE id = ?`, t.ID).Scan(&out.Last); err != nil {
		return out, fmt.Errorf("bundle: %w", err)
	}
	if !commit {
		return out, nil // the deferred Rollback undoes it all
	}
	return out, tx.Commit()
}

// before compares two of the store's RFC 3339 times.
func before(a, b string) bool {
	ta, errA := time.Parse(time.RFC3339Nano, a)
	tb, errB := time.Parse(time.RFC3339Nano, b)
	if errA != nil || errB != nil {
		return a < b
	}
	return ta.Before(tb)
}

// unrecoverable counts the records a rollback from sequence number from
// would take out (their kept row comes from a bundle at or after from)
// whose version head office acknowledged last before from — the newest
// receipt below from that accepted it — was not kept: bundles imported
// before store v4 replaced rows without keeping the old version.
func (h *HQ) unrecoverable(ctx context.Context, tx *sql.Tx, terminal string, from int64) (int64, error) {
	type answered struct {
		seq      int64
		accepted map[string][]sync.Range
	}
	var receipts []answered // newest first
	rows, err := tx.QueryContext(ctx, `SELECT seq, receipt FROM receipts WHERE terminal = ? AND seq < ? ORDER BY seq DESC`, terminal, from)
	if err != nil {
		return 0, fmt.Errorf("bundle: %w", err)
	}
	for rows.Next() {
		var a answered
		var data []byte
		if err := rows.Scan(&a.seq, &data); err != nil {
			rows.Close()
			return 0, fmt.Errorf("bundle: %w", err)
		}
		var body sync.ReceiptBody
		b, err := Unpack(data)
		if err == nil {
			err = json.Unmarshal(b.Files[ReceiptFile], &body)
		}
		if err != nil {
			rows.Close()
			return 0, &refusal{errors.New("总行库中的回执无法读取，不能核对回退的影响"), err}
		}
		a.accepted = body.Accepted
		receipts = append(receipts, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("bundle: %w", err)
	}
	type version struct {
		typ      string
		rid, seq int64
	}
	kept := map[version]bool{}
	rows, err = tx.QueryContext(ctx, `SELECT type, rid, seq FROM record_versions WHERE terminal = ? AND seq < ?`, terminal, from)
	if err != nil {
		return 0, fmt.Errorf("bundle: %w", err)
	}
	for rows.Next() {
		var v version
		if err := rows.Scan(&v.typ, &v.rid, &v.seq); err != nil {
			rows.Close()
			return 0, fmt.Errorf("bundle: %w", err)
		}
		kept[v] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("bundle: %w", err)
	}
	rows, err = tx.QueryContext(ctx, `SELECT type, rid FROM records WHERE terminal = ? AND seq >= ?`, terminal, from)
	if err != nil {
		return 0, fmt.Errorf("bundle: %w", err)
	}
	defer rows.Close()
	var n int64
	for rows.Next() {
		var typ string
		var rid int64
		if err := rows.Scan(&typ, &rid); err != nil {
			return 0, fmt.Errorf("bundle: %w", err)
		}
		for _, a := range receipts {
			if inRanges(a.accepted[typ], rid) {
				if !kept[version{typ, rid, a.seq}] {
					n++
				}
				break
			}
		}
	}
	return n, rows.Err()
}

func inRanges(rs []sync.Range, id int64) bool {
	for _, r := range rs {
		if id >= r[0] && id <= r[1] {
			return true
		}
	}
	return false
}

type terminalRow struct {
	sync.Terminal
	pub ed25519.PublicKey
}

type querier interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func loadTerminal(ctx context.Context, q querier, id string) (terminalRow, error) {
	var t terminalRow
	// A key on the revoked list is revoked whatever the terminal's row
	// says (one revoked before store v3 and enrolled again).
	err := q.QueryRowContext(ctx, `SELECT id, branch_id, pub, revoked_at <> '' OR EXISTS (SELECT 1 FROM revoked_keys k WHERE k.pub = terminals.pub),
		last_seq, last_hash FROM terminals WHERE id = ?`, id).
		Scan(&t.ID, &t.Branch, &t.pub, &t.Revoked, &t.Last, &t.LastHash)
	if errors.Is(err, sql.ErrNoRows) {
		return t, fmt.Errorf("%w：%q", sync.ErrUnknownTerminal, id)
	}
	if err != nil {
		return t, fmt.Errorf("bundle: %w", err)
	}
	return t, nil
}

// history answers sync.History from the store inside a transaction.
type history struct {
	ctx      context.Context
	tx       *sql.Tx
	terminal string
}

func (x history) Imported(seq int64) (sync.Seen, bool) {
	var s sync.Seen
	err := x.tx.QueryRowContext(x.ctx, `SELECT hash, prev FROM bundles WHERE terminal = ? AND seq = ?`, x.terminal, seq).Scan(&s.Hash, &s.Prev)
	return s, err == nil
}

func (x history) Held(seq int64) (string, bool) {
	var h string
	err := x.tx.QueryRowContext(x.ctx, `SELECT hash FROM held WHERE terminal = ? AND seq = ?`, x.terminal, seq).Scan(&h)
	return h, err == nil
}

func (x history) SetAside(hash string) bool {
	var n int
	_ = x.tx.QueryRowContext(x.ctx, `SELECT COUNT(*) FROM set_aside WHERE terminal = ? AND hash = ?`, x.terminal, hash).Scan(&n)
	return n > 0
}

func (x history) Skipped(seq int64) bool {
	var n int
	_ = x.tx.QueryRowContext(x.ctx, `SELECT COUNT(*) FROM skipped WHERE terminal = ? AND seq = ?`, x.terminal, seq).Scan(&n)
	return n > 0
}

// upFile is one record type's lines from a verified bundle.
type upFile struct {
	typ  string
	rids []int64
	recs [][]byte
}

// parseUp splits a verified bundle into records, rejecting the ones that
// are not well-formed: they are listed in the receipt with the reason.
func parseUp(b *Bundle, branch string) ([]upFile, sync.ReceiptBody) {
	body := sync.ReceiptBody{Accepted: map[string][]sync.Range{}}
	names := make([]string, 0, len(b.Files))
	for n := range b.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []upFile
	for _, n := range names {
		typ, ok := strings.CutSuffix(n, ".ndjson")
		if !ok || !sync.IsUpRecord(typ) {
			body.Rejected = append(body.Rejected, sync.RejectFile(n, "未知记录类型，整个文件未收"))
			continue
		}
		f := upFile{typ: typ}
		data := b.Files[n]
		var last int64
		for line := 1; len(data) > 0; line++ {
			i := bytes.IndexByte(data, '\n')
			rec := data[:i] // CheckFiles made sure the file ends with '\n'
			data = data[i+1:]
			id, err := sync.ParseRecord(rec)
			if err != nil {
				body.Rejected = append(body.Rejected, sync.RejectLine(typ, line, err.Error()))
				continue
			}
			if id <= last {
				body.Rejected = append(body.Rejected, sync.RejectRecord(typ, id, "行号重复或未按顺序"))
				continue
			}
			if err := sync.CheckRecordBranch(typ, rec, branch); err != nil {
				body.Rejected = append(body.Rejected, sync.RejectRecord(typ, id, err.Error()))
				last = id
				continue
			}
			last = id
			f.rids = append(f.rids, id)
			f.recs = append(f.recs, rec)
		}
		if len(f.rids) > 0 {
			body.Accepted[typ] = sync.Ranges(f.rids)
			out = append(out, f)
		}
	}
	return out, body
}

// importPlain verifies a decrypted bundle and imports it in one transaction.
func (h *HQ) importPlain(ctx context.Context, plain []byte, acceptGap bool) (Result, error) {
	b, err := Unpack(plain)
	if err != nil {
		return Result{}, err
	}
	m := b.Manifest
	t, err := loadTerminal(ctx, h.db, m.Terminal)
	if err != nil {
		return Result{}, err
	}
	if t.Revoked {
		return Result{}, fmt.Errorf("%w：%s", sync.ErrRevoked, t.ID)
	}
	if err := b.Verify(t.pub); err != nil {
		return Result{}, err
	}
	files, body := parseUp(b, t.Branch)
	sent := slices.Clone(auditRecords(files))
	files = h.checkAuditChain(ctx, t.ID, files, &body)
	files = h.checkEntries(ctx, t.ID, files, &body)
	files = h.checkRecords(ctx, t.ID, files, sent, &body)
	res := Result{Terminal: t.ID, Branch: t.Branch, Seq: m.Seq, Records: body.Count(), Rejected: len(body.Rejected)}

	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("bundle: %w", err)
	}
	defer tx.Rollback()
	// Read again under the write lock: another import may have run.
	t, err = loadTerminal(ctx, tx, m.Terminal)
	if err != nil {
		return res, err
	}
	next, err := sync.CheckUp(m, b.Hash, t.Terminal, history{ctx, tx, t.ID}, h.maxSchema, acceptGap)
	if next == sync.Hold {
		// The same bundle again replaces the held copy: it may come signed
		// by the terminal's new key, which the old copy's signature is not.
		if _, err := tx.ExecContext(ctx, `INSERT INTO held VALUES (?,?,?,?,?) ON CONFLICT DO UPDATE SET bundle = excluded.bundle`, t.ID, m.Seq, b.Hash, plain, h.now()); err != nil {
			return res, fmt.Errorf("bundle: %w", err)
		}
		if err := tx.Commit(); err != nil {
			return res, fmt.Errorf("bundle: %w", err)
		}
	}
	if err != nil {
		return res, err
	}
	if err := h.write(ctx, tx, t, m, b.Hash, files, body, acceptGap); err != nil {
		return res, err
	}
	res.Late = m.Seq <= t.Last
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("bundle: unable to commit import: %w", err)
	}
	return res, nil
}

func (h *HQ) write(ctx context.Context, tx *sql.Tx, t terminalRow, m sync.Manifest, hash string, files []upFile, body sync.ReceiptBody, acceptGap bool) error {
	// A row saved over at the branch (a survey draft, a complaint) comes
	// again in a later bundle and replaces the one kept, whose version is
	// kept in record_versions for a rollback; a late bundle must not
	// bring back an older version. Most rows are new: one statement each.
	ins, err := tx.PrepareContext(ctx, `INSERT INTO records (terminal, type, rid, seq, data, branch) VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	defer ins.Close()
	replace := func(typ string, rid int64, rec []byte) error {
		var kept int64
		if err := tx.QueryRowContext(ctx, `SELECT seq FROM records WHERE terminal = ? AND type = ? AND rid = ?`, t.ID, typ, rid).Scan(&kept); err != nil {
			return err
		}
		if kept > m.Seq {
			// A late bundle: its version is older than the one kept, and
			// is the one to put back if the newer bundle is rolled back.
			_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO record_versions VALUES (?,?,?,?,?)`, t.ID, typ, rid, m.Seq, rec)
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO record_versions SELECT terminal, type, rid, seq, data FROM records
			WHERE terminal = ? AND type = ? AND rid = ?`, t.ID, typ, rid); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE records SET seq = ?, data = ? WHERE terminal = ? AND type = ? AND rid = ?`, m.Seq, rec, t.ID, typ, rid)
		return err
	}
	n := 0
	for _, f := range files {
		for i, rec := range f.recs {
			res, err := ins.ExecContext(ctx, t.ID, f.typ, f.rids[i], m.Seq, rec, t.Branch)
			if err == nil {
				if added, _ := res.RowsAffected(); added == 0 {
					err = replace(f.typ, f.rids[i], rec)
				}
			}
			if err != nil {
				return fmt.Errorf("bundle: unable to import %s:%d: %w", f.typ, f.rids[i], err)
			}
			n++
			if h.afterRecord != nil {
				h.afterRecord(n)
			}
		}
	}
	now := h.now()
	exec := func(q string, args ...any) error {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("bundle: %w", err)
		}
		return nil
	}
	if acceptGap {
		for s := t.Last + 1; s < m.Seq; s++ {
			if err := exec(`INSERT OR IGNORE INTO skipped VALUES (?,?,?)`, t.ID, s, now); err != nil {
				return err
			}
		}
	}
	body.AuditHead = lastAudit(ctx, tx, t.ID)
	receipt, err := h.receipt(m, hash, body)
	if err != nil {
		return err
	}
	return errorsJoin(
		exec(`INSERT INTO bundles VALUES (?,?,?,?,?,?,?,?,?)`, t.ID, m.Seq, hash, m.Prev, m.Created.UTC().Format(time.RFC3339Nano), now, body.Count(), len(body.Rejected), []byte(t.pub)),
		exec(`UPDATE terminals SET last_seq = MAX(last_seq, ?), last_hash = CASE WHEN ? > last_seq THEN ? ELSE last_hash END, last_import = ? WHERE id = ?`,
			m.Seq, m.Seq, hash, now, t.ID),
		exec(`DELETE FROM held WHERE terminal = ? AND seq = ?`, t.ID, m.Seq),
		exec(`DELETE FROM skipped WHERE terminal = ? AND seq = ?`, t.ID, m.Seq),
		exec(`INSERT INTO receipts VALUES (?,?,?)`, t.ID, m.Seq, receipt),
	)
}

// errorsJoin returns the first error: the statements run in order and a
// failed one aborts the transaction anyway.
func errorsJoin(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// receipt signs what head office took from a bundle.
func (h *HQ) receipt(m sync.Manifest, hash string, body sync.ReceiptBody) ([]byte, error) {
	data, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	rm := sync.Manifest{Kind: sync.Receipt, Branch: m.Branch, Terminal: m.Terminal, Seq: m.Seq, Bundle: hash,
		Created: h.clock.Now().UTC(), Schema: h.maxSchema}
	plain, _, err := Pack(rm, map[string][]byte{ReceiptFile: append(data, '\n')}, h.sign)
	return plain, err
}

// ReceiptName is how a receipt is named on the stick.
func ReceiptName(branch, terminal string, seq int64) string {
	return fmt.Sprintf("%s-%s-%06d.bdreceipt", branch, terminal, seq)
}

// WriteReceipts writes the receipts of every bundle imported (of one
// terminal, if terminal is not "") into dir. A terminal ignores a receipt
// it has applied already.
func (h *HQ) WriteReceipts(ctx context.Context, dir, terminal string) ([]string, error) {
	rows, err := h.db.QueryContext(ctx, `SELECT t.branch_id, r.terminal, r.seq, r.receipt FROM receipts r JOIN terminals t ON t.id = r.terminal
		WHERE ? = '' OR r.terminal = ? ORDER BY r.terminal, r.seq`, terminal, terminal)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var branch, term string
		var seq int64
		var data []byte
		if err := rows.Scan(&branch, &term, &seq, &data); err != nil {
			return out, fmt.Errorf("bundle: %w", err)
		}
		path := filepath.Join(dir, ReceiptName(branch, term, seq))
		if err := WriteFile(path, data); err != nil {
			return out, err
		}
		out = append(out, path)
	}
	return out, rows.Err()
}

// Receipt is the signed receipt of one imported bundle.
func (h *HQ) Receipt(ctx context.Context, terminal string, seq int64) ([]byte, error) {
	var data []byte
	err := h.db.QueryRowContext(ctx, `SELECT receipt FROM receipts WHERE terminal = ? AND seq = ?`, terminal, seq).Scan(&data)
	if err != nil {
		return nil, fmt.Errorf("bundle: receipt %s #%d: %w", terminal, seq, err)
	}
	return data, nil
}

// TerminalStatus is where one terminal's bundles stand at head office.
type TerminalStatus struct {
	ID, Branch string
	Revoked    bool
	Last       int64  // highest sequence number imported
	LastImport string // when the last bundle was imported
	LastClose  string // the last business date the branch closed, as this terminal reported it
	Bundles    int64  // bundles imported
	Records    int64  // records held now
	Held       []int64
	Missing    []sync.Range // gaps before held bundles
	Skipped    []int64      // accepted as lost
	SetAside   []int64      // held bundles set aside, kept but not imported
	RolledBack []int64      // imported bundles taken out again (a stolen key's)
}

// Status lists every terminal.
func (h *HQ) Status(ctx context.Context) ([]TerminalStatus, error) {
	rows, err := h.db.QueryContext(ctx, `SELECT id, branch_id, revoked_at, last_seq, last_import,
		(SELECT COUNT(*) FROM bundles WHERE terminal = id), (SELECT COUNT(*) FROM records WHERE terminal = id),
		(SELECT IFNULL(MAX(json_extract(data, '$.business_date')), '') FROM records WHERE terminal = id AND type = 'branch_closes')
		FROM terminals ORDER BY branch_id, id`)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	var out []TerminalStatus
	for rows.Next() {
		var s TerminalStatus
		var revoked string
		if err := rows.Scan(&s.ID, &s.Branch, &revoked, &s.Last, &s.LastImport, &s.Bundles, &s.Records, &s.LastClose); err != nil {
			rows.Close()
			return nil, fmt.Errorf("bundle: %w", err)
		}
		s.Revoked = revoked != ""
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	for i := range out {
		s := &out[i]
		var err error
		if s.Held, err = h.seqs(ctx, `SELECT seq FROM held WHERE terminal = ? ORDER BY seq`, s.ID); err != nil {
			return nil, err
		}
		if s.Skipped, err = h.seqs(ctx, `SELECT seq FROM skipped WHERE terminal = ? ORDER BY seq`, s.ID); err != nil {
			return nil, err
		}
		if s.SetAside, err = h.seqs(ctx, `SELECT seq FROM set_aside WHERE terminal = ? ORDER BY seq`, s.ID); err != nil {
			return nil, err
		}
		if s.RolledBack, err = h.seqs(ctx, `SELECT seq FROM rolled_back WHERE terminal = ? ORDER BY seq`, s.ID); err != nil {
			return nil, err
		}
		next := s.Last + 1
		for _, seq := range s.Held {
			if seq > next {
				s.Missing = append(s.Missing, sync.Range{next, seq - 1})
			}
			next = seq + 1
		}
	}
	return out, nil
}

func (h *HQ) seqs(ctx context.Context, q, terminal string) ([]int64, error) {
	rows, err := h.db.QueryContext(ctx, q, terminal)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var s int64
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ExportConfig signs the next config version for a branch and encrypts it
// to every enrolled, unrevoked terminal of the branch. Head office's
// public keys go with it, and its decisions on the branch's suspense
// items that no version carried yet (whatever set.Decisions holds).
func (h *HQ) ExportConfig(ctx context.Context, branch string, set sync.ConfigSet) ([]byte, int64, error) {
	set.Keys = h.PublicKeys()
	if err := h.sameForms(ctx, set.Forms); err != nil {
		return nil, 0, err
	}
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("bundle: %w", err)
	}
	defer tx.Rollback()
	if set.Decisions, err = unsentDecisions(ctx, tx, branch); err != nil {
		return nil, 0, err
	}
	if err := set.Validate(branch); err != nil {
		return nil, 0, err
	}
	files, err := encodeConfig(set)
	if err != nil {
		return nil, 0, err
	}
	var version int64
	if err := tx.QueryRowContext(ctx, `SELECT IFNULL(MAX(version), 0) + 1 FROM configs WHERE branch_id = ?`, branch).Scan(&version); err != nil {
		return nil, 0, fmt.Errorf("bundle: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT pub FROM terminals WHERE branch_id = ? AND revoked_at = '' ORDER BY id`, branch)
	if err != nil {
		return nil, 0, fmt.Errorf("bundle: %w", err)
	}
	var to []age.Recipient
	for rows.Next() {
		var pub []byte
		if err := rows.Scan(&pub); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("bundle: %w", err)
		}
		r, err := terminalRecipient(pub)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		to = append(to, r)
	}
	rows.Close()
	if len(to) == 0 {
		return nil, 0, fmt.Errorf("网点 %s 没有已登记的终端，无法加密配置包", branch)
	}
	now := h.clock.Now().UTC()
	m := sync.Manifest{Kind: sync.Config, Branch: branch, Version: version, Created: now, Schema: h.maxSchema}
	plain, _, err := Pack(m, files, h.sign)
	if err != nil {
		return nil, 0, err
	}
	data, err := Seal(plain, to...)
	if err != nil {
		return nil, 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO configs (branch_id, version, created, bundle) VALUES (?,?,?,?)`,
		branch, version, now.Format(time.RFC3339Nano), plain); err != nil {
		return nil, 0, fmt.Errorf("bundle: %w", err)
	}
	for _, d := range set.Decisions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO suspense_decisions_sent (branch_id, item, approved, config_version) VALUES (?,?,?,?)`,
			branch, d.Item, d.Approved, version); err != nil {
			return nil, 0, fmt.Errorf("bundle: %w", err)
		}
	}
	return data, version, tx.Commit()
}

// ResendConfig seals every config version issued to a branch, oldest
// first, again to one of its terminals (one enrolled after they were
// issued, or one that lost them): a terminal applies versions in order
// from the first. The content is the signed bundle as issued.
func (h *HQ) ResendConfig(ctx context.Context, terminal string) (map[int64][]byte, error) {
	t, err := loadTerminal(ctx, h.db, terminal)
	if err != nil {
		return nil, err
	}
	if t.Revoked {
		return nil, fmt.Errorf("%w：%s", sync.ErrRevoked, t.ID)
	}
	to, err := terminalRecipient(t.pub)
	if err != nil {
		return nil, err
	}
	rows, err := h.db.QueryContext(ctx, `SELECT version, bundle FROM configs WHERE branch_id = ? ORDER BY version`, t.Branch)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	defer rows.Close()
	out := map[int64][]byte{}
	for rows.Next() {
		var v int64
		var plain []byte
		if err := rows.Scan(&v, &plain); err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		if plain == nil {
			return nil, fmt.Errorf("网点 %s 第 %d 版配置包签发于旧版程序，未保存，无法补发", t.Branch, v)
		}
		if out[v], err = Seal(plain, to); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("网点 %s 尚未签发过配置包", t.Branch)
	}
	return out, nil
}

// ConfigName is how a config bundle is named on the stick.
func ConfigName(branch string, version int64) string {
	return fmt.Sprintf("%s-config-%06d.bdconfig", branch, version)
}
