package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"

	"branchdesk/domain/attach"
)

// migrateAttachments keeps the photos and documents on surveys and
// demands, bytes and all, append-only: a file is never changed or
// removed once kept.
func migrateAttachments(m migration) error {
	stmts := []string{
		`CREATE TABLE attachments (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL,
			record_kind TEXT NOT NULL CHECK (record_kind IN ('survey','demand')), record_id TEXT NOT NULL,
			name TEXT NOT NULL, kind TEXT NOT NULL, content_type TEXT NOT NULL,
			size INTEGER NOT NULL CHECK (size > 0), sha256 TEXT NOT NULL, added_by TEXT NOT NULL, added_at TEXT NOT NULL,
			pages INTEGER NOT NULL DEFAULT 0, thumb BLOB, data BLOB NOT NULL)`,
		`CREATE INDEX attachments_record ON attachments (branch_id, record_kind, record_id, id)`,
		// A file taken off its record: a later row pointing at it.
		`CREATE TABLE attachment_removals (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL, attachment_id INTEGER NOT NULL UNIQUE REFERENCES attachments(id),
			reason TEXT NOT NULL CHECK (reason <> ''), by_user TEXT NOT NULL, at TEXT NOT NULL)`,
	}
	stmts = append(stmts, m.e.immutable("attachments")...)
	stmts = append(stmts, m.e.immutable("attachment_removals")...)
	return m.exec(stmts...)
}

const attachmentColumns = `a.id, a.record_kind, a.record_id, a.name, a.kind, a.content_type, a.size, a.sha256, a.added_by, a.added_at,
	a.pages, a.thumb, COALESCE(r.reason, ''), COALESCE(r.by_user, ''), COALESCE(r.at, '')`

const attachmentFrom = ` FROM attachments a LEFT JOIN attachment_removals r ON r.attachment_id = a.id `

// InsertAttachment keeps a file and its bytes.
func (t *Tx) InsertAttachment(branch string, a *attach.Attachment, data []byte) error {
	var err error
	a.ID, err = t.insert(`INSERT INTO attachments (branch_id, record_kind, record_id, name, kind, content_type, size, sha256, added_by, added_at, pages, thumb, data)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`, branch, string(a.Record), a.RecordID, a.Name, string(a.Kind), a.ContentType, a.Size, a.SHA256,
		a.AddedBy, stamp(a.AddedAt), a.Pages, a.Thumb, data)
	return err
}

func scanAttachment(s interface{ Scan(...any) error }, extra ...any) (attach.Attachment, error) {
	var a attach.Attachment
	var rec, kind, at, reason, by, removed string
	err := s.Scan(append([]any{&a.ID, &rec, &a.RecordID, &a.Name, &kind, &a.ContentType, &a.Size, &a.SHA256, &a.AddedBy, &at,
		&a.Pages, &a.Thumb, &reason, &by, &removed}, extra...)...)
	a.Record, a.Kind, a.AddedAt = attach.RecordKind(rec), attach.Kind(kind), parseStamp(at)
	if removed != "" {
		a.Removed = &attach.Removal{Attachment: a.ID, Reason: reason, By: by, At: parseStamp(removed)}
	}
	return a, err
}

// Attachments lists a record's files, oldest first, without their bytes.
func (t *Tx) Attachments(branch string, rec attach.RecordKind, id string) ([]attach.Attachment, error) {
	rows, err := t.query(`SELECT `+attachmentColumns+attachmentFrom+`WHERE a.branch_id = ? AND a.record_kind = ? AND a.record_id = ? ORDER BY a.id`,
		branch, string(rec), id)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read attachments: %w", err)
	}
	defer rows.Close()
	var out []attach.Attachment
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AttachmentData reads one of the branch's files with its bytes.
func (t *Tx) AttachmentData(branch string, id int64) (attach.Attachment, []byte, error) {
	var data []byte
	a, err := scanAttachment(t.row(`SELECT `+attachmentColumns+`, a.data`+attachmentFrom+`WHERE a.branch_id = ? AND a.id = ?`, branch, id), &data)
	if errors.Is(err, sql.ErrNoRows) {
		return a, nil, fmt.Errorf("%w：%d", attach.ErrNoSuchFile, id)
	}
	if err != nil {
		return a, nil, fmt.Errorf("store: unable to read attachment: %w", err)
	}
	return a, data, nil
}

// InsertAttachmentRemoval takes a file off its record; the store refuses
// a second removal of one file.
func (t *Tx) InsertAttachmentRemoval(branch string, r attach.Removal) error {
	return t.exec(`INSERT INTO attachment_removals (branch_id, attachment_id, reason, by_user, at) VALUES (?,?,?,?,?)`,
		branch, r.Attachment, r.Reason, r.By, stamp(r.At))
}
