package bundle

import (
	"context"
	"testing"
)

// A day's end-of-day results go up: each teller's balance, the vault
// count and the branch close; status shows the last business date closed.
func TestDayEndGoesUp(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	c := closeDay(t, r.svc)
	r.importOK(r.export())
	db := r.hq.DB()
	if n := count(t, db, `SELECT COUNT(*) FROM records WHERE type = 'branch_closes' AND json_extract(data, '$.business_date') = ?`, today); n != 1 {
		t.Fatalf("branch closes at head office: %d", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM records WHERE type = 'teller_balances' AND json_extract(data, '$.teller') = '1001'`); n != 1 {
		t.Fatalf("teller balances at head office: %d", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM records WHERE type = 'box_seals' AND json_extract(data, '$.teller') = '1001'`); n != 1 {
		t.Fatalf("box seals at head office: %d", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM records WHERE type = 'vault_counts'`); n != 1 {
		t.Fatalf("vault counts at head office: %d", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM records WHERE type = 'branch_close_vouchers'`); n == 0 {
		t.Fatal("the close's voucher counts did not go up")
	}
	st, err := r.hq.Status(ctx)
	if err != nil || len(st) != 1 || st[0].LastClose != today || c.NextDate <= today {
		t.Fatalf("status %+v (%v), close %+v", st, err, c)
	}
}
