package bundle

import (
	"context"
	"database/sql"
	"strconv"

	"branchdesk/domain/audit"
	"branchdesk/domain/sync"
)

// checkEntries refuses the journal entries of an up bundle whose legs do
// not balance or whose digest is not the one their audit record sealed
// (in this bundle or an earlier one of the terminal), with their legs.
func (h *HQ) checkEntries(ctx context.Context, terminal string, files []upFile, body *sync.ReceiptBody) []upFile {
	byType := map[string]*upFile{}
	for i := range files {
		byType[files[i].typ] = &files[i]
	}
	entries := byType["entries"]
	if entries == nil {
		return files
	}
	var legs, audits [][]byte
	if f := byType["legs"]; f != nil {
		legs = f.recs
	}
	if f := byType["audit"]; f != nil {
		audits = f.recs
	}
	earlier := heldRecords{ctx, h.db, terminal}
	check := sync.NewEntryCheck(legs, audits)
	refused := map[int64]bool{}
	keep := upFile{typ: entries.typ}
	for i, rec := range entries.recs {
		if id, err := check.Check(rec, earlier); err != nil {
			refused[id] = true
			body.Rejected = append(body.Rejected, sync.RejectRecord("entries", entries.rids[i], err.Error()+"，未收"))
			continue
		}
		keep.rids, keep.recs = append(keep.rids, entries.rids[i]), append(keep.recs, rec)
	}
	if len(refused) == 0 {
		return files
	}
	*entries = keep
	if f := byType["legs"]; f != nil {
		kept := upFile{typ: f.typ}
		for i, rec := range f.recs {
			if id := sync.LegEntry(rec); refused[id] {
				body.Rejected = append(body.Rejected, sync.RejectRecord("legs", f.rids[i], "所属第 "+strconv.FormatInt(id, 10)+" 笔分录未收"))
				continue
			}
			kept.rids, kept.recs = append(kept.rids, f.rids[i]), append(kept.recs, rec)
		}
		*f = kept
	}
	out := files[:0]
	for _, f := range files {
		delete(body.Accepted, f.typ)
		if len(f.rids) > 0 {
			body.Accepted[f.typ] = sync.Ranges(f.rids)
			out = append(out, f)
		}
	}
	return out
}

// checkRecords refuses the cash movements, voucher register events and
// day-end results whose digest is not the one their audit record sealed,
// with their lines; sent are the bundle's audit records as they came,
// before a fork was refused.
func (h *HQ) checkRecords(ctx context.Context, terminal string, files []upFile, sent [][]byte, body *sync.ReceiptBody) []upFile {
	byType := map[string][][]byte{}
	for _, f := range files {
		byType[f.typ] = f.recs
	}
	held := heldRecords{ctx, h.db, terminal}
	refused := sync.CheckRecords(byType, byType["audit"], sent, held.SealedBefore)
	refused = append(refused, sync.CheckRemovals(byType, refused, held.Attachment)...)
	if len(refused) == 0 {
		return files
	}
	drop := map[string]map[int]string{}
	for _, r := range refused {
		if drop[r.Type] == nil {
			drop[r.Type] = map[int]string{}
		}
		drop[r.Type][r.Index] = r.Reason
	}
	out := files[:0]
	for _, f := range files {
		if d := drop[f.typ]; d != nil {
			kept := upFile{typ: f.typ}
			for i, rec := range f.recs {
				if reason, ok := d[i]; ok {
					body.Rejected = append(body.Rejected, sync.RejectRecord(f.typ, f.rids[i], reason))
					continue
				}
				kept.rids, kept.recs = append(kept.rids, f.rids[i]), append(kept.recs, rec)
			}
			f = kept
		}
		delete(body.Accepted, f.typ)
		if len(f.rids) > 0 {
			body.Accepted[f.typ] = sync.Ranges(f.rids)
			out = append(out, f)
		}
	}
	return out
}

// auditRecords are the bundle's audit records as they stand.
func auditRecords(files []upFile) [][]byte {
	for _, f := range files {
		if f.typ == "audit" {
			return f.recs
		}
	}
	return nil
}

// auditHash is the hash of a terminal's audit row head office holds.
func auditHash(ctx context.Context, q querier, terminal string, id int64) (string, bool) {
	var data []byte
	if err := q.QueryRowContext(ctx, `SELECT data FROM records WHERE terminal = ? AND type = 'audit' AND rid = ?`, terminal, id).Scan(&data); err != nil {
		return "", false
	}
	r, err := sync.AuditRow(data)
	return r.Hash, err == nil
}

// checkAuditChain refuses, from the first that does not continue the
// chain head office holds of the terminal, the bundle's audit records: a
// fork, reported in the receipt.
func (h *HQ) checkAuditChain(ctx context.Context, terminal string, files []upFile, body *sync.ReceiptBody) []upFile {
	for i := range files {
		f := &files[i]
		if f.typ != "audit" {
			continue
		}
		rows := make([]audit.Row, 0, len(f.recs))
		for _, rec := range f.recs {
			r, err := sync.AuditRow(rec)
			if err != nil {
				break
			}
			rows = append(rows, r)
		}
		n, err := sync.ContinueChain(rows, func(id int64) (string, bool) { return auditHash(ctx, h.db, terminal, id) })
		if err == nil {
			return files
		}
		for j, rid := range f.rids[n:] {
			reason := err.Error()
			if j > 0 {
				reason = "接在分叉之后"
			}
			body.Rejected = append(body.Rejected, sync.RejectRecord("audit", rid, reason+"，未收"))
		}
		f.rids, f.recs = f.rids[:n], f.recs[:n]
		if n == 0 {
			delete(body.Accepted, "audit")
			return append(files[:i], files[i+1:]...)
		}
		body.Accepted["audit"] = sync.Ranges(f.rids)
	}
	return files
}

// lastAudit is the last audit row head office holds of the terminal.
func lastAudit(ctx context.Context, q querier, terminal string) *audit.Head {
	var data []byte
	if err := q.QueryRowContext(ctx, `SELECT data FROM records WHERE terminal = ? AND type = 'audit' ORDER BY rid DESC LIMIT 1`, terminal).Scan(&data); err != nil {
		return nil
	}
	r, err := sync.AuditRow(data)
	if err != nil {
		return nil
	}
	return &audit.Head{ID: r.ID, Hash: r.Hash}
}

// heldRecords finds what head office holds of a terminal from earlier bundles.
type heldRecords struct {
	ctx      context.Context
	db       *sql.DB
	terminal string
}

// PostingDetail is the detail of the audit record of an entry's posting.
func (x heldRecords) PostingDetail(entry int64) (string, bool) {
	id := strconv.FormatInt(entry, 10)
	for _, data := range x.records(`type = 'audit' AND (instr(data, ?) > 0 OR instr(data, ?) > 0)`, "〔摘要 entry:"+id+" ", `"#`+id+` 流水 `) {
		if d := sync.AuditDetail(data); d != "" {
			return d, true
		}
	}
	return "", false
}

// Legs are an entry's legs.
func (x heldRecords) Legs(entry int64) [][]byte {
	return x.records(`type = 'legs' AND json_extract(data, '$.entry_id') = ?`, entry)
}

func (x heldRecords) records(where string, args ...any) [][]byte {
	rows, err := x.db.QueryContext(x.ctx, `SELECT data FROM records WHERE terminal = ? AND `+where+` ORDER BY rid`, append([]any{x.terminal}, args...)...)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var data []byte
		if rows.Scan(&data) == nil {
			out = append(out, data)
		}
	}
	return out
}

// Attachment says whether head office took the terminal's file id before.
func (x heldRecords) Attachment(id int64) bool {
	var n int
	err := x.db.QueryRowContext(x.ctx, `SELECT COUNT(*) FROM records WHERE terminal = ? AND type = 'attachments' AND rid = ?`, x.terminal, id).Scan(&n)
	return err == nil && n > 0
}

// SealedBefore is the digest an audit row head office took from the
// terminal before sealed for subject, "" when none did.
func (x heldRecords) SealedBefore(subject string) string {
	for _, data := range x.records(`type = 'audit' AND instr(data, ?) > 0`, " "+subject+" ") {
		if ss, ok := audit.Digests(sync.AuditDetail(data)); ok {
			for _, s := range ss {
				if s.Subject == subject {
					return s.Digest
				}
			}
		}
	}
	return ""
}
