package counter_test

import (
	"branchdesk/storage/demo"
	"context"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/storage/sqlstore"
)

// The audit chain in a real database names the first row that was
// changed, deleted or inserted behind the application's back.
func TestAuditChainDetectsTampering(t *testing.T) {
	cases := []struct {
		name   string
		tamper []string
		id     int64
		what   string
	}{
		{"changed", []string{`UPDATE audit SET detail = '存款 ¥1.00' WHERE id = 5`}, 5, "修改"},
		{"deleted", []string{`DELETE FROM audit WHERE id = 5`}, 6, "删除"},
		{"deleted at the end", []string{`DELETE FROM audit WHERE id = (SELECT MAX(id) FROM audit)`}, 0, "末尾删除"},
		{"inserted", []string{`INSERT INTO audit SELECT MAX(id) + 1, MAX(at), '9999', 'post', '伪造', MAX(hash), 'abc' FROM audit`}, 0, "插入"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc, db := newCounter(t)
			ctx := context.Background()
			sess := signedIn(t, svc, "1001")
			d, _ := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 100_00})
			if _, err := svc.Post(ctx, d); err != nil {
				t.Fatal(err)
			}
			n, brk, err := svc.VerifyAudit(ctx)
			if err != nil || brk != nil || n < 10 {
				t.Fatalf("before tampering: %d rows, %v, %v", n, brk, err)
			}
			var last int64
			_ = db.QueryRow(context.Background(), `SELECT MAX(id) FROM audit`).Scan(&last)
			// Someone with the file drops the guards first.
			drop := []string{`DROP TRIGGER audit_no_update`, `DROP TRIGGER audit_no_delete`}
			if db.Engine() == sqlstore.Postgres {
				drop = []string{`ALTER TABLE audit DISABLE TRIGGER USER`}
			}
			for _, q := range append(drop, tc.tamper...) {
				if _, err := db.Exec(context.Background(), q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			_, brk, err = svc.VerifyAudit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.id
			if want == 0 && tc.what == "末尾删除" {
				want = last
			} else if want == 0 {
				want = last + 1
			}
			if brk == nil || brk.ID != want || brk.What != tc.what {
				t.Fatalf("got %+v, want row %d %s", brk, want, tc.what)
			}
		})
	}
}
