package bundle

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"branchdesk/domain/attach"
	"branchdesk/domain/sync"
)

// HQAttachment is a file a branch sent up with its survey or demand. Its
// ID at head office is the terminal that kept it and its row there,
// "T01/3".
type HQAttachment struct {
	Terminal string
	Branch   string
	RID      int64
	// Removed is the reason the branch took the file off its record, ""
	// while it is on it (the file is kept either way).
	Removed string
	sync.AttachmentRecord
}

// ID is the file's id as bdhq shows and takes it.
func (a HQAttachment) ID() string { return fmt.Sprintf("%s/%d", a.Terminal, a.RID) }

// Attachment is the file as the branch's screens and printed survey take
// it: a file the branch took off its record is removed with its reason.
func (a HQAttachment) Attachment() attach.Attachment {
	at, _ := time.Parse(time.RFC3339Nano, a.AddedAt)
	out := attach.Attachment{ID: a.RID, Record: attach.RecordKind(a.RecordKind), RecordID: a.RecordID, Name: a.Name,
		Kind: attach.Kind(a.Kind), ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256, AddedBy: a.AddedBy, AddedAt: at}
	if a.Removed != "" {
		out.Removed = &attach.Removal{Attachment: a.RID, Reason: a.Removed}
	}
	return out
}

// ErrAttachmentID refuses an id that names no file, or more than one.
var ErrAttachmentID = errors.New("附件编号不存在或不唯一，请用列表中的 终端/序号")

// ErrAttachmentSeal refuses to give a file whose SHA-256 is not the one
// the audit row that added it sealed.
var ErrAttachmentSeal = errors.New("附件未通过审计记录核对")

// Attachments lists the files head office holds, without their bytes:
// of one branch when branch is set, of one record when kind and id are.
func (h *HQ) Attachments(ctx context.Context, branch string, kind attach.RecordKind, id string) ([]HQAttachment, error) {
	var out []HQAttachment
	// The file's bytes are the record's last field, as the terminal
	// writes it: the list cuts them off (head) instead of parsing
	// megabytes of JSON for each file — when the cut leaves just the
	// base64 of size bytes after it — and parses any other record.
	err := h.scan(ctx, `SELECT terminal, branch, rid, head,
		IFNULL((SELECT json_extract(r.data, '$.reason') FROM records r WHERE r.type = 'attachment_removals'
			AND r.terminal = f.terminal AND json_extract(r.data, '$.attachment_id') = f.rid), '')
		FROM (SELECT terminal, branch, rid, CASE WHEN i > 0 AND length(data) = i + 10 + 4 * ((json_extract(cut, '$.size') + 2) / 3)
				THEN cut ELSE json_remove(data, '$.data') END AS head
			FROM (SELECT terminal, branch, rid, data, i, CAST(substr(data, 1, i - 1) AS TEXT) || '}' AS cut
				FROM (SELECT terminal, branch, rid, data, instr(substr(data, 1, 65536), CAST(',"data":' AS BLOB)) AS i
					FROM records WHERE type = 'attachments' AND (?1 = '' OR branch = ?1)))) f
		WHERE ?2 = '' OR (json_extract(head, '$.record_kind') = ?2 AND json_extract(head, '$.record_id') = ?3)
		ORDER BY branch, terminal, rid`, []any{branch, string(kind), id}, func(rs *sql.Rows) error {
		var a HQAttachment
		var data string
		if err := rs.Scan(&a.Terminal, &a.Branch, &a.RID, &data, &a.Removed); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(data), &a.AttachmentRecord); err != nil {
			return fmt.Errorf("附件 %s：%w", a.ID(), err)
		}
		out = append(out, a)
		return nil
	})
	return out, err
}

// AttachmentFile reads one file, id as Attachments shows it ("T01/3",
// or the row alone when only one terminal has it), and checks its bytes
// against the SHA-256 it came with, and that against the one the audit
// row adding it sealed, before giving them.
func (h *HQ) AttachmentFile(ctx context.Context, id string) (HQAttachment, []byte, error) {
	term, rid, ok := strings.Cut(id, "/")
	if !ok {
		term, rid = "", id
	}
	n, err := strconv.ParseInt(rid, 10, 64)
	if err != nil {
		return HQAttachment{}, nil, fmt.Errorf("%w：%q", ErrAttachmentID, id)
	}
	var found []HQAttachment
	var recs [][]byte
	err = h.scan(ctx, `SELECT terminal, branch, rid, data FROM records WHERE type = 'attachments' AND rid = ? AND (? = '' OR terminal = ?)`,
		[]any{n, term, term}, func(rs *sql.Rows) error {
			var a HQAttachment
			var data []byte
			if err := rs.Scan(&a.Terminal, &a.Branch, &a.RID, &data); err != nil {
				return err
			}
			found, recs = append(found, a), append(recs, data)
			return nil
		})
	if err != nil {
		return HQAttachment{}, nil, err
	}
	if len(found) != 1 {
		return HQAttachment{}, nil, fmt.Errorf("%w：%q", ErrAttachmentID, id)
	}
	a := found[0]
	rec, data, err := sync.ReadAttachment(recs[0])
	a.AttachmentRecord = rec
	if err != nil {
		return a, nil, err
	}
	// As on import: the hash is the one the audit row adding it sealed.
	switch want := (heldRecords{ctx, h.db, a.Terminal}).SealedBefore(attach.Subject(rec.ID)); {
	case want == "":
		return a, nil, fmt.Errorf("%w：附件 %s 缺少封存其 SHA-256 的审计记录", ErrAttachmentSeal, a.ID())
	case !strings.EqualFold(want, rec.SHA256):
		return a, nil, fmt.Errorf("%w：附件 %s 的 SHA-256 与其审计记录不符（被改动）", ErrAttachmentSeal, a.ID())
	}
	return a, data, nil
}
