package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/staff"
	"branchdesk/domain/sync"
	"branchdesk/domain/voucher"
)

// migrateSync adds the terminal's side of head-office sync: its identity,
// what it exported and what head office acknowledged. Rows that may be
// saved over (survey drafts, complaints) log their updates so the next
// bundle carries them again.
func migrateSync(m migration) error {
	stmts := []string{
		`CREATE TABLE sync_state (one INTEGER PRIMARY KEY CHECK (one = 1),
			branch_id TEXT NOT NULL, terminal TEXT NOT NULL, key_path TEXT NOT NULL,
			hq_sign BLOB, hq_age TEXT NOT NULL, config_version INTEGER NOT NULL,
			last_seq INTEGER NOT NULL, last_hash TEXT NOT NULL, update_mark INTEGER NOT NULL)`,
		`INSERT INTO sync_state VALUES (1, '', '', '', NULL, '', 0, 0, '', 0)`,
		`CREATE TABLE sync_marks (tbl TEXT PRIMARY KEY, exported INTEGER NOT NULL, acked INTEGER NOT NULL)`,
		// bundle is the signed plaintext tar, kept until a receipt says it arrived.
		`CREATE TABLE sync_exports (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, marks TEXT NOT NULL,
			records INTEGER NOT NULL, bundle BLOB, exported_at TEXT NOT NULL, acked_at TEXT NOT NULL DEFAULT '')`,
		`CREATE TABLE sync_rejects (seq INTEGER NOT NULL REFERENCES sync_exports(seq), record TEXT NOT NULL, reason TEXT NOT NULL)`,
		`CREATE TABLE sync_updates (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, rid INTEGER NOT NULL)`,
		// Blank-voucher ranges head office allocated to the branch, and the
		// base-rate table (RULES.md §8), each row with the config version
		// that brought it. term is "1Y", "5Y+" or a number of months.
		`CREATE TABLE voucher_allocations (config_version INTEGER NOT NULL, type TEXT NOT NULL,
			from_no INTEGER NOT NULL, to_no INTEGER NOT NULL, CHECK (0 < from_no AND from_no <= to_no))`,
		`CREATE INDEX voucher_allocations_type ON voucher_allocations (type, from_no)`,
		`CREATE TABLE rates (config_version INTEGER NOT NULL, term TEXT NOT NULL, rate_bp INTEGER NOT NULL CHECK (rate_bp > 0),
			effective TEXT NOT NULL, PRIMARY KEY (config_version, term, effective))`,
	}
	for _, t := range []string{"surveys", "complaints"} {
		stmts = append(stmts, m.e.logUpdates(t)...)
	}
	return m.exec(stmts...)
}

// ErrSyncNotSet is returned before the terminal has a sync identity.
var ErrSyncNotSet = errors.New("本终端尚未设置同步身份（网点、终端号、密钥）")

// SyncState is the terminal's side of head-office sync.
type SyncState struct {
	Branch, Terminal string
	KeyPath          string      // the terminal's Ed25519 key file
	HQ               sync.HQKeys // empty until the first config bundle
	ConfigVersion    int64
	LastSeq          int64 // the last bundle exported
	LastHash         string
}

func (t *Tx) syncState() (SyncState, error) {
	var s SyncState
	err := t.rawRow(`SELECT branch_id, terminal, key_path, hq_sign, hq_age, config_version, last_seq, last_hash
		FROM sync_state`).Scan(&s.Branch, &s.Terminal, &s.KeyPath, &s.HQ.Sign, &s.HQ.Age, &s.ConfigVersion, &s.LastSeq, &s.LastHash)
	if err != nil {
		return s, fmt.Errorf("store: unable to read sync state: %w", err)
	}
	return s, nil
}

// SyncState reads the terminal's sync state.
func (d *DB) SyncState(ctx context.Context) (SyncState, error) {
	var s SyncState
	err := d.View(ctx, func(tx counter.Tx) (err error) {
		s, err = tx.(*Tx).syncState()
		return err
	})
	return s, err
}

// InitSync gives the terminal its sync identity, once. Calling it again
// with the same identity only records keyPath, if it moved; another
// identity is refused.
func (d *DB) InitSync(ctx context.Context, branch, terminal, keyPath string) error {
	if branch == "" || terminal == "" || keyPath == "" {
		return ErrSyncNotSet
	}
	return d.Tx(ctx, func(tx counter.Tx) error {
		t := tx.(*Tx)
		s, err := t.syncState()
		if err != nil {
			return err
		}
		if s.Terminal != "" {
			if s.Branch != branch || s.Terminal != terminal {
				return fmt.Errorf("store: 本终端已设为网点 %s 终端 %s", s.Branch, s.Terminal)
			}
			if s.KeyPath != keyPath { // a relative path an older release kept
				return t.exec(`UPDATE sync_state SET key_path = ?`, keyPath)
			}
			return nil
		}
		if _, err := t.Branch(branch); err != nil {
			return fmt.Errorf("store: 网点 %s：%w", branch, err)
		}
		return t.exec(`UPDATE sync_state SET branch_id = ?, terminal = ?, key_path = ?`, branch, terminal, keyPath)
	})
}

// UpBatch is the next up bundle's content, handed to seal.
type UpBatch struct {
	Seq     int64
	Prev    string            // hash of the bundle before
	Files   map[string][]byte // "<table>.ndjson" → rows
	Records int
	Marks   map[string]int64 // table → highest rowid included
}

// ExportUp collects every row of tables added (or, for survey drafts and
// complaints, changed) since the last export, lets seal sign it, and
// keeps the sealed bundle with the advanced high-water marks — all in
// one transaction, so a failed seal exports nothing. It returns
// sync.ErrNothingNew when there is nothing to send.
func (d *DB) ExportUp(ctx context.Context, at time.Time, tables []string, seal func(UpBatch) (bundle []byte, hash string, err error)) (UpBatch, error) {
	var b UpBatch
	err := d.Tx(ctx, func(tx counter.Tx) error {
		t := tx.(*Tx)
		s, err := t.syncState()
		if err != nil {
			return err
		}
		if s.Terminal == "" {
			return ErrSyncNotSet
		}
		var updFrom, updTo int64
		if err := t.rawRow(`SELECT update_mark, (SELECT COALESCE(MAX(id), 0) FROM sync_updates) FROM sync_state`).Scan(&updFrom, &updTo); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		b = UpBatch{Seq: s.LastSeq + 1, Prev: s.LastHash, Files: map[string][]byte{}, Marks: map[string]int64{}}
		// The files cut is taken once: the removals stop before it too.
		fileMark, err := t.exportMark("attachments")
		if err != nil {
			return err
		}
		files, err := t.fileCut(fileMark, d.upFileBudget())
		if err != nil {
			return err
		}
		for _, tbl := range tables {
			if !sync.IsUpRecord(tbl) {
				return fmt.Errorf("store: %s is not a record type", tbl)
			}
			mark, err := t.exportMark(tbl)
			if err != nil {
				return err
			}
			var buf lines
			n, top, err := t.exportRows(&buf, tbl, mark, updFrom, updTo, files)
			if err != nil {
				return err
			}
			if n == 0 {
				continue
			}
			b.Files[tbl+".ndjson"] = buf.Bytes()
			b.Records += n
			if top > mark {
				b.Marks[tbl] = top
			}
		}
		if b.Records == 0 {
			return sync.ErrNothingNew
		}
		bundle, hash, err := seal(b)
		if err != nil {
			return err
		}
		marks, err := json.Marshal(b.Marks)
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		if err := t.exec(`INSERT INTO sync_exports (seq, hash, marks, records, bundle, exported_at) VALUES (?,?,?,?,?,?)`,
			b.Seq, hash, string(marks), b.Records, bundle, at.UTC().Format(time.RFC3339Nano)); err != nil {
			return err
		}
		for tbl, m := range b.Marks {
			if err := t.exec(`INSERT INTO sync_marks VALUES (?, ?, 0) ON CONFLICT(tbl) DO UPDATE SET exported = excluded.exported`, tbl, m); err != nil {
				return err
			}
		}
		if err := t.exec(`UPDATE sync_state SET last_seq = ?, last_hash = ?, update_mark = ?`, b.Seq, hash, updTo); err != nil {
			return err
		}
		return counter.AppendAudit(t, at, sync.Operator(ctx), sync.AuditExport, fmt.Sprintf("导出上报包第 %d 号，%d 条记录", b.Seq, b.Records))
	})
	return b, err
}

// UpFileBudget is how many bytes of attached files one up bundle
// carries: a bundle is kept whole in sync_exports.bundle, and past about
// 1 GB neither SQLite nor PostgreSQL keeps it, so the files beyond it wait
// for the next bundle (cash entries and audit rows go up meanwhile). A
// bundle always carries at least one waiting file, however large, so
// every file goes up in the end.
const UpFileBudget = 64 << 20

// SetUpFileBudget sets how many bytes of attached files one up bundle
// carries (UpFileBudget when n ≤ 0); tests make it small.
func (d *DB) SetUpFileBudget(n int64) { d.fileBudget = n }

func (d *DB) upFileBudget() int64 {
	if d.fileBudget <= 0 {
		return UpFileBudget
	}
	return d.fileBudget
}

// attachmentExport are the attachments columns an up bundle carries: not
// the thumbnail, which head office makes again when it wants one.
const attachmentExport = `id, branch_id, record_kind, record_id, name, kind, content_type, size, sha256, added_by, added_at, pages, data`

// exportMark is the highest rowid of tbl gone up so far.
func (t *Tx) exportMark(tbl string) (int64, error) {
	var mark int64
	err := t.rawRow(`SELECT exported FROM sync_marks WHERE tbl = ?`, tbl).Scan(&mark)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("store: %w", err)
	}
	return mark, nil
}

// fileCut is the last attachment above mark that fits in budget bytes
// of files, always at least the first one.
func (t *Tx) fileCut(mark, budget int64) (int64, error) {
	rows, err := t.rawQuery(`SELECT id, size FROM attachments WHERE id > ? ORDER BY id`, mark)
	if err != nil {
		return 0, fmt.Errorf("store: unable to export: %w", err)
	}
	defer rows.Close()
	cut, sum := mark, int64(0)
	for rows.Next() {
		var id, size int64
		if err := rows.Scan(&id, &size); err != nil {
			return 0, fmt.Errorf("store: %w", err)
		}
		if sum+size > budget && cut > mark {
			break
		}
		cut, sum = id, sum+size
	}
	return cut, rows.Err()
}

// exportRows writes one table's rows as NDJSON objects, column → value,
// ordered by rowid: those changed since updFrom and at or below mark,
// then those above mark — for attachments, only those up to files, the
// cut fileCut made; for removals, only those before the first whose file
// is beyond it (a removal goes up with its file or after it, never
// before: head office refuses a removal of a file it does not hold).
func (t *Tx) exportRows(buf *lines, tbl string, mark, updFrom, updTo, files int64) (n int, top int64, err error) {
	key, cols, err := t.exportShape(tbl)
	if err != nil {
		return 0, 0, fmt.Errorf("store: unable to export: %w", err)
	}
	above := ``
	switch tbl {
	case "attachments":
		cols = attachmentExport
		above = ` AND ` + key + ` <= ` + strconv.FormatInt(files, 10)
	case "attachment_removals":
		var waits sql.NullInt64
		if err := t.rawRow(`SELECT MIN(`+key+`) FROM attachment_removals WHERE `+key+` > ? AND attachment_id > ?`, mark, files).Scan(&waits); err != nil {
			return 0, 0, fmt.Errorf("store: unable to export: %w", err)
		}
		if waits.Valid {
			above = ` AND ` + key + ` < ` + strconv.FormatInt(waits.Int64, 10)
		}
	}
	q := `SELECT ` + key + ` AS _rowid, ` + cols + ` FROM "` + tbl + `" WHERE `
	// About how many rows come: the changed ones, then the new ones.
	if err := t.rawRow(`SELECT (SELECT COUNT(DISTINCT rid) FROM sync_updates WHERE tbl = ?1 AND id > ?2 AND id <= ?3 AND rid <= ?4)
		+ (SELECT COUNT(*) FROM "`+tbl+`" WHERE `+key+` > ?4`+above+`)`, tbl, updFrom, updTo, mark).Scan(&buf.expect); err != nil {
		return 0, 0, fmt.Errorf("store: unable to export: %w", err)
	}
	if updTo > updFrom {
		c, m, err := t.writeRows(buf, q+key+` <= ? AND `+key+` IN (SELECT rid FROM sync_updates WHERE tbl = ? AND id > ? AND id <= ?) ORDER BY `+key,
			mark, tbl, updFrom, updTo)
		if err != nil {
			return 0, 0, err
		}
		n, top = c, m
	}
	c, m, err := t.writeRows(buf, q+key+` > ?`+above+` ORDER BY `+key, mark)
	return n + c, max(top, m), err
}

func (t *Tx) writeRows(buf *lines, q string, args ...any) (n int, top int64, err error) {
	rows, err := t.rawQuery(q, args...)
	if err != nil {
		return 0, 0, fmt.Errorf("store: unable to export: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, 0, fmt.Errorf("store: %w", err)
	}
	keys := make([][]byte, len(cols))
	for i, c := range cols {
		keys[i] = appendJSONString(nil, c)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var line []byte
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, 0, fmt.Errorf("store: %w", err)
		}
		line = append(line[:0], '{')
		for i, v := range vals {
			if i > 0 {
				line = append(line, ',')
			}
			line = append(line, keys[i]...)
			line = append(line, ':')
			line = appendJSONValue(line, v)
		}
		line = append(line, '}', '\n')
		buf.Write(line)
		if id, ok := vals[0].(int64); ok {
			top = max(top, id)
		}
		n++
	}
	return n, top, rows.Err()
}

// lines collects a table's NDJSON lines. A table may be tens of
// megabytes: once a few lines show how long a row is, it makes room for
// every row expected, so the buffer is not copied over and over as it
// doubles.
type lines struct {
	buf    []byte
	n      int // lines written
	expect int // about how many lines will come
}

const sampleLines = 64

func (l *lines) Write(p []byte) {
	l.buf = append(l.buf, p...)
	l.n++
	if l.n == sampleLines && l.expect > 2*sampleLines {
		l.buf = slices.Grow(l.buf, len(l.buf)/sampleLines*(l.expect-l.n)*11/10)
	}
}

// Bytes is every line written.
func (l *lines) Bytes() []byte { return l.buf }

func appendJSONValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return append(b, "null"...)
		}
		return strconv.AppendFloat(b, v, 'g', -1, 64)
	case bool:
		return strconv.AppendBool(b, v)
	case string:
		return appendJSONString(b, v)
	case []byte:
		return appendJSONString(b, base64.StdEncoding.EncodeToString(v))
	case time.Time:
		return appendJSONString(b, v.UTC().Format(time.RFC3339Nano))
	}
	return appendJSONString(b, fmt.Sprint(v))
}

// appendJSONString quotes s as JSON; invalid UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// PendingUp is an exported bundle head office has not acknowledged.
type PendingUp struct {
	Seq    int64
	Hash   string
	Bundle []byte // signed plaintext tar
}

// PendingUp lists the bundles exported and not yet acknowledged, oldest first.
func (d *DB) PendingUp(ctx context.Context) ([]PendingUp, error) {
	var out []PendingUp
	err := d.View(ctx, func(tx counter.Tx) error {
		t := tx.(*Tx)
		rows, err := t.rawQuery(`SELECT seq, hash, bundle FROM sync_exports WHERE acked_at = '' ORDER BY seq`)
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var p PendingUp
			if err := rows.Scan(&p.Seq, &p.Hash, &p.Bundle); err != nil {
				return fmt.Errorf("store: %w", err)
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}

// AuditSync appends a sync step to the audit trail, as the operator
// sync.WithOperator named.
func (d *DB) AuditSync(ctx context.Context, at time.Time, action, detail string) error {
	return d.Tx(ctx, func(tx counter.Tx) error {
		return counter.AppendAudit(tx, at, sync.Operator(ctx), action, detail)
	})
}

// KeptUp is exported bundle seq while it waits for its receipt; ok is
// false once acknowledged or when it was never exported.
func (d *DB) KeptUp(ctx context.Context, seq int64) (p PendingUp, ok bool, err error) {
	err = d.View(ctx, func(tx counter.Tx) error {
		t := tx.(*Tx)
		err := t.rawRow(`SELECT seq, hash, bundle FROM sync_exports WHERE seq = ? AND acked_at = ''`, seq).Scan(&p.Seq, &p.Hash, &p.Bundle)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		ok = true
		return nil
	})
	return p, ok, err
}

// SyncExport is one exported bundle as the terminal's status shows it.
type SyncExport struct {
	Seq        int64
	Hash       string
	Records    int
	ExportedAt string
	AckedAt    string // "" while unacknowledged
	Rejected   []sync.Rejection
}

// SyncExports lists every exported bundle, oldest first.
func (d *DB) SyncExports(ctx context.Context) ([]SyncExport, error) {
	var out []SyncExport
	err := d.View(ctx, func(tx counter.Tx) error {
		t := tx.(*Tx)
		rows, err := t.rawQuery(`SELECT seq, hash, records, exported_at, acked_at FROM sync_exports ORDER BY seq`)
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		for rows.Next() {
			var e SyncExport
			if err := rows.Scan(&e.Seq, &e.Hash, &e.Records, &e.ExportedAt, &e.AckedAt); err != nil {
				rows.Close()
				return fmt.Errorf("store: %w", err)
			}
			out = append(out, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		for i := range out {
			rs, err := t.rawQuery(`SELECT record, reason FROM sync_rejects WHERE seq = ? ORDER BY rowid`, out[i].Seq)
			if err != nil {
				return fmt.Errorf("store: %w", err)
			}
			for rs.Next() {
				var r sync.Rejection
				if err := rs.Scan(&r.Record, &r.Reason); err != nil {
					rs.Close()
					return fmt.Errorf("store: %w", err)
				}
				out[i].Rejected = append(out[i].Rejected, r)
			}
			rs.Close()
		}
		return nil
	})
	return out, err
}

// SyncMarks are a table's high-water marks: the highest rowid exported
// and the highest acknowledged by head office.
type SyncMarks struct{ Exported, Acked int64 }

// SyncMarks reads every table's marks.
func (d *DB) SyncMarks(ctx context.Context) (map[string]SyncMarks, error) {
	out := map[string]SyncMarks{}
	err := d.View(ctx, func(tx counter.Tx) error {
		t := tx.(*Tx)
		rows, err := t.rawQuery(`SELECT tbl, exported, acked FROM sync_marks`)
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var tbl string
			var m SyncMarks
			if err := rows.Scan(&tbl, &m.Exported, &m.Acked); err != nil {
				return fmt.Errorf("store: %w", err)
			}
			out[tbl] = m
		}
		return rows.Err()
	})
	return out, err
}

// AckUp applies a receipt head office signed (the caller checked the
// signature): the bundle it answers is acknowledged, its kept copy
// dropped, the acknowledged marks advanced and rejections recorded.
func (d *DB) AckUp(ctx context.Context, at time.Time, m sync.Manifest, body sync.ReceiptBody) error {
	return d.Tx(ctx, func(tx counter.Tx) error {
		t := tx.(*Tx)
		s, err := t.syncState()
		if err != nil {
			return err
		}
		var e sync.Exported
		var acked, marks string
		err = t.rawRow(`SELECT seq, hash, acked_at, marks FROM sync_exports WHERE seq = ?`, m.Seq).Scan(&e.Seq, &e.Hash, &acked, &marks)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: %w", err)
		}
		e.Acked = acked != ""
		if err := sync.CheckReceipt(m, s.Branch, s.Terminal, e, err == nil); err != nil {
			return err
		}
		var mk map[string]int64
		if err := json.Unmarshal([]byte(marks), &mk); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		if err := t.exec(`UPDATE sync_exports SET acked_at = ?, bundle = NULL WHERE seq = ?`, at.UTC().Format(time.RFC3339Nano), m.Seq); err != nil {
			return err
		}
		for tbl, v := range mk {
			if err := t.exec(`INSERT INTO sync_marks VALUES (?, ?, ?) ON CONFLICT(tbl) DO UPDATE SET acked = CASE WHEN excluded.acked > sync_marks.acked THEN excluded.acked ELSE sync_marks.acked END`, tbl, v, v); err != nil {
				return err
			}
		}
		for _, r := range body.Rejected {
			if err := t.exec(`INSERT INTO sync_rejects VALUES (?, ?, ?)`, m.Seq, r.Record, r.Reason); err != nil {
				return err
			}
		}
		if h := body.AuditHead; h != nil {
			if err := t.exec(`INSERT INTO audit_acks VALUES (?, ?, ?) ON CONFLICT(seq) DO NOTHING`, m.Seq, h.ID, h.Hash); err != nil {
				return err
			}
		}
		return counter.AppendAudit(t, at, sync.Operator(ctx), sync.AuditReceipt,
			fmt.Sprintf("总行回执：第 %d 号包收妥 %d 条，拒收 %d 条", m.Seq, body.Count(), len(body.Rejected)))
	})
}

// ApplyConfig applies a config bundle head office signed (the caller
// checked the signature) in one transaction: head office's keys, users
// and their levels and password resets, policy versions, products,
// targets, voucher stock allocations, the base-rate table, survey form
// definitions and the upper level's decisions on suspense items (a
// decision on an item the branch does not have is not taken, and the
// bundle's audit line says so). A bad record
// anywhere applies nothing; an allocation overlapping one an earlier
// config brought is refused too (a voucher number is allocated once).
func (d *DB) ApplyConfig(ctx context.Context, at time.Time, m sync.Manifest, c sync.ConfigSet) error {
	return d.Tx(ctx, func(tx counter.Tx) error {
		t := tx.(*Tx)
		s, err := t.syncState()
		if err != nil {
			return err
		}
		if s.Terminal == "" {
			return ErrSyncNotSet
		}
		if err := sync.CheckConfig(m, s.Branch, s.ConfigVersion, SchemaVersion()); err != nil {
			return err
		}
		if err := c.Validate(s.Branch); err != nil {
			return err
		}
		// What the bundle asks that the branch's books forbid is not
		// taken, and the audit trail's line for the bundle says so.
		var conflicts []string
		for _, u := range c.Users {
			note, err := t.applyUser(s.Branch, u, at)
			if err != nil {
				return err
			}
			if note != "" {
				conflicts = append(conflicts, note)
			}
		}
		have, err := t.Policies()
		if err != nil {
			return err
		}
		known := map[int]authz.Policy{}
		for _, p := range have {
			known[p.Version] = p
		}
		// A version the branch has is kept as it is (postings name it);
		// one the branch holds with other terms (its own, added with
		// bdctl before head office issued the same number) is not taken,
		// and the audit trail says so rather than keeping quiet.
		for _, p := range c.Policies {
			if k, ok := known[p.Version]; ok {
				if err := k.SameIssue(p); err != nil {
					conflicts = append(conflicts, err.Error())
				}
				continue // a policy version never changes once issued
			}
			if p.CreatedAt.IsZero() {
				p.CreatedAt = at
			}
			if p.CreatedBy == "" {
				p.CreatedBy = fmt.Sprintf("总行配置 v%d", m.Version)
			}
			if err := t.InsertPolicy(p); err != nil {
				return err
			}
		}
		for _, p := range c.Products {
			if err := t.PutProduct(p); err != nil {
				return err
			}
		}
		// The rows sent are listed the branch's business day, as the A's
		// imports are.
		listed := at.In(appraisal.BankZone).Format(time.DateOnly)
		if b, err := t.Branch(s.Branch); err == nil && b.BusinessDate != "" {
			listed = b.BusinessDate
		}
		for _, tg := range c.Targets {
			if _, err := t.User(tg.Officer); err != nil {
				return fmt.Errorf("名单企业 %s：责任人 %s：%w", tg.Name, tg.Officer, err)
			}
			tg.Listed = listed
			if err := t.PutTarget(s.Branch, tg); err != nil {
				return err
			}
		}
		earlier, err := t.voucherAllocations()
		if err != nil {
			return err
		}
		if err := sync.CheckAllocations(c.Allocations, earlier); err != nil {
			return err
		}
		for _, a := range c.Allocations {
			if err := t.exec(`INSERT INTO voucher_allocations (config_version, type, from_no, to_no) VALUES (?,?,?,?)`,
				m.Version, a.Type, a.From, a.To); err != nil {
				return err
			}
		}
		for _, r := range c.Rates {
			if err := t.exec(`INSERT INTO rates (config_version, term, rate_bp, effective) VALUES (?,?,?,?)`,
				m.Version, string(r.Term), r.RateBP, r.Effective); err != nil {
				return err
			}
		}
		if err := t.putForms(m.Version, at.UTC().Format(time.RFC3339Nano), c.Forms); err != nil {
			return err
		}
		if c.BankName != "" {
			if err := t.PutSetting(counter.SettingBankName, c.BankName); err != nil {
				return err
			}
		}
		if c.Weights != nil {
			if err := t.insertQuarterWeights(m.Version, m.Created, c.Weights); err != nil {
				return err
			}
		}
		if c.MaxBorrowingPct != 0 {
			if err := t.PutSetting(finance.SettingBorrowingPct, strconv.Itoa(c.MaxBorrowingPct)); err != nil {
				return err
			}
		}
		var decided []string
		for _, d := range c.Decisions {
			had, err := t.SuspenseDecision(d.Item)
			if err != nil {
				return err
			}
			note, err := counter.RecordDecision(t, s.Branch, s.Terminal, m.Version, at, d)
			if err != nil {
				return err
			}
			if note != "" {
				conflicts = append(conflicts, note)
			} else if had == nil || !had.Same(d) {
				decided = append(decided, fmt.Sprintf("#%d %s", d.Item, d.Message()))
			}
		}
		if err := t.exec(`UPDATE sync_state SET hq_sign = ?, hq_age = ?, config_version = ?`, c.Keys.Sign, c.Keys.Age, m.Version); err != nil {
			return err
		}
		detail := fmt.Sprintf("应用总行配置 v%d：柜员 %d、授权策略 %d、产品 %d、名单 %d、凭证调拨 %d 段、基准利率 %d 条",
			m.Version, len(c.Users), len(c.Policies), len(c.Products), len(c.Targets), len(c.Allocations), len(c.Rates))
		if c.BankName != "" {
			detail += "、银行名称 " + c.BankName
		}
		if len(c.Forms) > 0 {
			detail += fmt.Sprintf("、调查表单 %d 版", len(c.Forms))
		}
		if c.MaxBorrowingPct != 0 {
			detail += fmt.Sprintf("、融资后贷款合计不超过上年营业收入的 %d%%", c.MaxBorrowingPct)
		}
		if c.Weights != nil {
			detail += "、季度考核权重 " + appraisal.WeightsText(c.Weights)
		}
		if len(decided) > 0 {
			detail += fmt.Sprintf("、上级挂账批复 %d 笔（%s）", len(decided), strings.Join(decided, "；"))
		}
		for _, cf := range conflicts {
			detail += "；未采用：" + cf
		}
		return counter.AppendAudit(t, at, sync.Operator(ctx), sync.AuditConfig, detail)
	})
}

// voucherAllocations lists every range head office has allocated.
func (t *Tx) voucherAllocations() ([]voucher.Range, error) {
	rows, err := t.rawQuery(`SELECT type, from_no, to_no FROM voucher_allocations ORDER BY rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []voucher.Range
	for rows.Next() {
		var r voucher.Range
		if err := rows.Scan(&r.Type, &r.From, &r.To); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (t *Tx) applyUser(branch string, u sync.User, at time.Time) (note string, err error) {
	cur, err := t.User(u.ID)
	if errors.Is(err, counter.ErrNotFound) {
		if u.ResetHash == "" {
			return "", fmt.Errorf("柜员 %s：新柜员须带初始密码", u.ID)
		}
		return "", t.InsertUser(staff.User{ID: u.ID, Name: u.Name, Level: u.Level, Branch: branch, Active: u.Active,
			Officer: u.Officer, MustChange: true, Hash: u.ResetHash, CreatedAt: at})
	}
	if err != nil {
		return "", err
	}
	if cur.Branch != branch {
		return "", fmt.Errorf("柜员 %s：%w", u.ID, counter.ErrOtherBranch)
	}
	active := u.Active
	if cur.Active && !active {
		// Disabled only after a hand-over, as at a terminal: the rest of
		// the user's record is taken, the user stays enabled.
		if err := counter.MayDisable(t, cur); err != nil {
			if !errors.Is(err, counter.ErrDisableHolding) && !errors.Is(err, counter.ErrDisableKeeper) {
				return "", err
			}
			active, note = true, "停用柜员 "+cur.Label()+"："+err.Error()
		}
	}
	cur.Name, cur.Level, cur.Active, cur.Officer = u.Name, u.Level, active, u.Officer
	if u.ResetHash != "" {
		cur.Hash, cur.MustChange, cur.Locked, cur.Failures = u.ResetHash, true, false, 0
	}
	return note, t.UpdateUser(cur)
}
