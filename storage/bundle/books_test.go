package bundle

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/storage/storetest"
)

// Issue #11: a journal entry changed at the branch behind the
// application's back goes up with the audit record that sealed it as it
// was posted; head office refuses the entry and its legs, and says why.
func TestHQRefusesChangedEntry(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	var id int64
	if err := r.db.QueryRow(ctx, `SELECT MAX(id) FROM entries WHERE kind = 'savings_cash_deposit'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	storetest.Unguard(t, r.db, "entries")
	if _, err := r.db.Exec(ctx, `UPDATE entries SET amount = 99999900 WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	rs := r.importOK(r.export())
	if rs[0].Rejected != 3 { // the entry and its two legs
		t.Fatalf("rejected %d records, want 3", rs[0].Rejected)
	}
	db := r.hq.DB()
	if n := count(t, db, `SELECT COUNT(*) FROM records WHERE type = 'entries' AND rid = ?`, id); n != 0 {
		t.Fatal("the changed entry was taken")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM records WHERE type = 'legs' AND json_extract(data, '$.entry_id') = ?`, id); n != 0 {
		t.Fatal("the changed entry's legs were taken")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM records WHERE type = 'entries'`); n == 0 {
		t.Fatal("the untouched entries were refused too")
	}
	receipt, err := r.hq.Receipt(ctx, "T01", 1)
	if err != nil {
		t.Fatal(err)
	}
	_, body, err := r.term.ImportReceipt(ctx, receipt)
	if err != nil {
		t.Fatal(err)
	}
	want := "第 " + strconv.FormatInt(id, 10) + " 笔分录与其审计记录的摘要不符（分录被改动）"
	if len(body.Rejected) != 3 || body.Rejected[0].Record != "entries:"+strconv.FormatInt(id, 10) || !strings.Contains(body.Rejected[0].Reason, want) {
		t.Fatalf("receipt says %+v, want %q", body.Rejected, want)
	}
}

// Issue #11 item 2: the receipt carries the last audit row head office
// holds, which the terminal's audit verify then holds its trail to; a
// trail rewritten after a bundle left is refused at head office as a fork.
func TestAuditHeadAcknowledgedAndForkRefused(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	r.importOK(r.export())
	receipt, err := r.hq.Receipt(ctx, "T01", 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, body, err := r.term.ImportReceipt(ctx, receipt); err != nil || body.AuditHead == nil || body.AuditHead.ID == 0 {
		t.Fatalf("receipt audit head %+v: %v", body.AuditHead, err)
	}
	// The last row that went up is rewritten and the chain resealed.
	var last int64
	if err := r.hq.DB().QueryRow(`SELECT MAX(rid) FROM records WHERE type = 'audit'`).Scan(&last); err != nil {
		t.Fatal(err)
	}
	storetest.Unguard(t, r.db, "audit")
	var row audit.Row
	var at string
	if err := r.db.QueryRow(ctx, `SELECT id, at, actor, action, detail, prev FROM audit WHERE id = ?`, last).Scan(&row.ID, &at, &row.Actor, &row.Action, &row.Detail, &row.Prev); err != nil {
		t.Fatal(err)
	}
	row.At, _ = time.Parse(time.RFC3339Nano, at)
	row.Detail += "（改）"
	row.Hash = audit.Seal(row)
	for _, q := range []string{`DELETE FROM audit WHERE id > ?`, `UPDATE audit SET detail = ?, hash = ? WHERE id = ?`, `UPDATE audit_head SET id = ?, hash = ?`} {
		var args []any
		switch {
		case strings.HasPrefix(q, "DELETE"):
			args = []any{last}
		case strings.HasPrefix(q, "UPDATE audit SET"):
			args = []any{row.Detail, row.Hash, last}
		default:
			args = []any{last, row.Hash}
		}
		if _, err := r.db.Exec(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	if _, brk, err := r.svc.VerifyAudit(ctx); brk != nil || err != nil {
		t.Fatalf("the resealed chain should hold on its own: %v %v", brk, err)
	}
	c, err := r.svc.CheckBooks(ctx, nil)
	if err != nil || len(c.Findings) == 0 || !strings.Contains(c.Findings[0].Msg, "与总行已收到的不同") {
		t.Fatalf("audit verify after the rewrite: %+v %v", c.Findings, err)
	}
	signedIn(t, r.svc, "1002")
	rs := r.importOK(r.export())
	receipt, err = r.hq.Receipt(ctx, "T01", 2)
	if err != nil {
		t.Fatal(err)
	}
	_, body, err := r.term.ImportReceipt(ctx, receipt)
	if err != nil || rs[0].Rejected == 0 || !strings.Contains(body.Rejected[0].Reason, "审计链分叉") {
		t.Fatalf("fork not refused: %+v %v", body.Rejected, err)
	}
}

// Issue #11 item 1: cash movements with their counts and voucher register
// events changed at the branch go up with the audit records that sealed
// them as written; head office refuses them with their lines, says why,
// and takes the rest.
func TestHQRefusesChangedRecords(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	var move, first, last int64
	if err := r.db.QueryRow(ctx, `SELECT MAX(id) FROM cash_moves WHERE to_party = 'teller_box:1001'`).Scan(&move); err != nil {
		t.Fatal(err)
	}
	if err := r.db.QueryRow(ctx, `SELECT MIN(id), MAX(id) FROM voucher_events WHERE type = 'cash_cheque'`).Scan(&first, &last); err != nil {
		t.Fatal(err)
	}
	storetest.Unguard(t, r.db, "cash_move_lines", "voucher_events")
	for _, q := range []string{
		`UPDATE cash_move_lines SET pieces = pieces + 1 WHERE move_id = ` + strconv.FormatInt(move, 10),
		`UPDATE voucher_events SET by_user = '2001' WHERE id = ` + strconv.FormatInt(first, 10),
	} {
		if _, err := r.db.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	events := last - first + 1
	rs := r.importOK(r.export())
	if want := 2 + int(events); rs[0].Rejected != want { // the move, its line, the cheques' events
		t.Fatalf("rejected %d records, want %d", rs[0].Rejected, want)
	}
	db := r.hq.DB()
	if n := count(t, db, `SELECT COUNT(*) FROM records WHERE type = 'cash_moves' AND rid = ?`, move); n != 0 {
		t.Fatal("the changed movement was taken")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM records WHERE type = 'cash_moves'`); n == 0 {
		t.Fatal("the untouched movements were refused too")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM records WHERE type = 'voucher_events' AND json_extract(data, '$.type') = 'cash_cheque'`); n != 0 {
		t.Fatal("the changed register events were taken")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM records WHERE type = 'voucher_events'`); n == 0 {
		t.Fatal("the untouched register events were refused too")
	}
	receipt, err := r.hq.Receipt(ctx, "T01", 1)
	if err != nil {
		t.Fatal(err)
	}
	_, body, err := r.term.ImportReceipt(ctx, receipt)
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, rj := range body.Rejected {
		reasons = append(reasons, rj.Record+" "+rj.Reason)
	}
	got := strings.Join(reasons, "\n")
	for _, want := range []string{
		"cash_moves:" + strconv.FormatInt(move, 10) + " 现金调拨第 " + strconv.FormatInt(move, 10) + " 笔与其审计记录的摘要不符（被改动），未收",
		"所属现金调拨第 " + strconv.FormatInt(move, 10) + " 笔未收",
		"凭证登记第 " + strconv.FormatInt(first, 10) + " 至 " + strconv.FormatInt(last, 10) + " 条与其审计记录的摘要不符（被改动），未收",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("receipt lacks %q:\n%s", want, got)
		}
	}
}

// Day-end results changed at the branch, one fen or one note, are refused
// at head office with their lines; the day's other records are taken.
func TestHQRefusesChangedDayEnd(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	closeDay(t, r.svc)
	storetest.Unguard(t, r.db, "teller_balance_lines", "vault_counts", "branch_close_vouchers", "box_seals")
	for _, q := range []string{
		`UPDATE teller_balance_lines SET pieces = pieces - 1 WHERE denom = 'N100'`,
		`UPDATE box_seals SET seal_no = 'X' || seal_no`,
		`UPDATE vault_counts SET counted = counted + 1`,
		`UPDATE branch_close_vouchers SET physical = physical + 1 WHERE type = 'cash_cheque'`,
	} {
		if _, err := r.db.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	r.importOK(r.export())
	db := r.hq.DB()
	for _, typ := range []string{"teller_balances", "teller_balance_lines", "teller_voucher_counts", "box_seals", "vault_counts", "vault_count_lines", "branch_closes", "branch_close_vouchers"} {
		if n := count(t, db, `SELECT COUNT(*) FROM records WHERE type = ?`, typ); n != 0 {
			t.Errorf("%d changed %s taken", n, typ)
		}
	}
	if n := count(t, db, `SELECT COUNT(*) FROM records WHERE type = 'cash_moves'`); n == 0 {
		t.Fatal("the day's movements were refused too")
	}
	receipt, err := r.hq.Receipt(ctx, "T01", 1)
	if err != nil {
		t.Fatal(err)
	}
	_, body, err := r.term.ImportReceipt(ctx, receipt)
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, rj := range body.Rejected {
		reasons = append(reasons, rj.Reason)
	}
	got := strings.Join(reasons, "\n")
	for _, want := range []string{"柜员轧账第 1 笔与其审计记录的摘要不符（被改动），未收", "查库封箱第 1 笔与其审计记录的摘要不符（被改动），未收",
		"碰库第 1 笔与其审计记录的摘要不符（被改动），未收",
		"网点平账第 1 笔与其审计记录的摘要不符（被改动），未收", "所属柜员轧账第 1 笔未收", "所属网点平账第 1 笔未收"} {
		if !strings.Contains(got, want) {
			t.Errorf("receipt lacks %q:\n%s", want, got)
		}
	}
}
