package counter_test

import (
	"branchdesk/storage/demo"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"branchdesk/domain/audit"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/storetest"
)

func run(t *testing.T, db *sqlstore.DB, qs ...string) {
	t.Helper()
	for _, q := range qs {
		if _, err := db.Exec(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// booked posts a deposit and a withdrawal and returns the deposit.
func booked(t *testing.T) (*counter.Service, *sqlstore.DB, ledger.Entry) {
	t.Helper()
	svc, db := newCounter(t)
	ctx := context.Background()
	sess := signedIn(t, svc, "1001")
	var first ledger.Entry
	for i, k := range []ledger.Kind{ledger.SavingsCashDeposit, ledger.SavingsCashWithdrawal} {
		d, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: k, Account: "6217000000000001", Amount: 1_00})
		if err != nil {
			t.Fatal(err)
		}
		e, err := svc.Post(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = e
		}
	}
	if err := svc.Logout(ctx, sess); err != nil {
		t.Fatal(err)
	}
	c, err := svc.CheckBooks(ctx, nil)
	if err != nil || len(c.Findings) != 0 || len(c.Legacy) != 0 || c.Entries < 2 {
		t.Fatalf("before tampering: %+v, %v", c, err)
	}
	return svc, db, first
}

// findings runs both checks: the chain must still hold (the attack left
// it alone), and the books must name what was done.
func findings(t *testing.T, svc *counter.Service) string {
	t.Helper()
	ctx := context.Background()
	if _, brk, err := svc.VerifyAudit(ctx); err != nil || brk != nil {
		t.Fatalf("chain: %v %v", brk, err)
	}
	c, err := svc.CheckBooks(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, f := range c.Findings {
		msgs = append(msgs, f.Msg)
	}
	return strings.Join(msgs, "\n")
}

// Issue #11: an entry changed behind the application's back, the audit
// tail cut and the head reset, the whole trail emptied: the chain alone
// holds for each, the books do not.
func TestCheckBooksCatchesTheIssueAttacks(t *testing.T) {
	t.Run("amount changed", func(t *testing.T) {
		svc, db, e := booked(t)
		storetest.Unguard(t, db, "entries")
		run(t, db, `UPDATE entries SET amount = 99999900 WHERE id = `+itoa(e.ID))
		got := findings(t, svc)
		for _, want := range []string{"第 " + itoa(e.ID) + " 笔分录被改动", "第 " + itoa(e.ID) + " 笔分录借贷不平"} {
			if !strings.Contains(got, want) {
				t.Errorf("want %q in:\n%s", want, got)
			}
		}
	})
	t.Run("tail cut and head reset", func(t *testing.T) {
		svc, db, e := booked(t)
		var at int64
		if err := db.QueryRow(context.Background(), `SELECT MIN(id) FROM audit WHERE detail LIKE ?`, "#"+itoa(e.ID)+" %").Scan(&at); err != nil {
			t.Fatal(err)
		}
		storetest.Unguard(t, db, "audit")
		keep := itoa(at - 1)
		run(t, db, `DELETE FROM audit WHERE id > `+keep,
			`UPDATE audit_head SET id = `+keep+`, hash = (SELECT hash FROM audit WHERE id = `+keep+`)`)
		if got := findings(t, svc); !strings.Contains(got, "第 "+itoa(e.ID)+" 笔分录没有审计记录") {
			t.Errorf("got:\n%s", got)
		}
	})
	t.Run("trail emptied", func(t *testing.T) {
		svc, db, e := booked(t)
		storetest.Unguard(t, db, "audit")
		run(t, db, `DELETE FROM audit`, `UPDATE audit_head SET id = 0, hash = ''`)
		if got := findings(t, svc); !strings.Contains(got, "第 "+itoa(e.ID)+" 笔分录没有审计记录") {
			t.Errorf("got:\n%s", got)
		}
	})
	t.Run("entry deleted", func(t *testing.T) {
		svc, db, e := booked(t)
		storetest.Unguard(t, db, "entries", "legs")
		if db.Engine() == sqlstore.SQLite {
			run(t, db, `PRAGMA foreign_keys = OFF`)
		}
		run(t, db, `DELETE FROM legs WHERE entry_id = `+itoa(e.ID), `DELETE FROM entries WHERE id = `+itoa(e.ID))
		if got := findings(t, svc); !strings.Contains(got, "笔分录不存在（分录被删除）") {
			t.Errorf("got:\n%s", got)
		}
	})
	t.Run("box balance changed", func(t *testing.T) {
		svc, db, e := booked(t)
		storetest.Unguard(t, db, "legs")
		run(t, db, `UPDATE legs SET net_debit = net_debit + 100000 WHERE entry_id = `+itoa(e.ID)+` AND account = '`+ledger.CashAccountNo("1001")+`'`)
		if got := findings(t, svc); !strings.Contains(got, "账户 "+ledger.CashAccountNo("1001")+" 的余额与流水不符") {
			t.Errorf("got:\n%s", got)
		}
	})
}

// A database written before audit rows carried a digest: its postings are
// reported as 无摘要（旧版本）, not as tampering.
func TestCheckBooksLegacyRows(t *testing.T) {
	svc, db, e := booked(t)
	storetest.Unguard(t, db, "audit")
	ctx := context.Background()
	reseal(t, db, func(r *audit.Row) {
		if i := strings.Index(r.Detail, " 〔摘要 "); i >= 0 {
			r.Detail = r.Detail[:i]
		}
	})
	if got := findings(t, svc); got != "" {
		t.Fatalf("old rows taken for tampering:\n%s", got)
	}
	c, _ := svc.CheckBooks(ctx, nil)
	if len(c.Legacy) != c.Entries || !slices.Contains(c.Legacy, e.ID) {
		t.Fatalf("legacy %v", c.Legacy)
	}
	// The demo's cash movement, voucher receipts and accounts too.
	if c.Records != 0 || c.Older < 5 {
		t.Fatalf("older records %d, sealed %d", c.Older, c.Records)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// reseal rewrites every audit row with edit and recomputes the chain and
// its head, as someone with the file and the (public) algorithm can.
func reseal(t *testing.T, db *sqlstore.DB, edit func(*audit.Row)) {
	t.Helper()
	ctx := context.Background()
	var rows []audit.Row
	if err := db.Tx(ctx, func(tx counter.Tx) error {
		return tx.AuditRows(func(r audit.Row) error { rows = append(rows, r); return nil })
	}); err != nil {
		t.Fatal(err)
	}
	prev := ""
	for _, r := range rows {
		edit(&r)
		r.Prev = prev
		r.Hash = audit.Seal(r)
		prev = r.Hash
		if _, err := db.Exec(ctx, `UPDATE audit SET detail = ?, prev = ?, hash = ? WHERE id = ?`, r.Detail, r.Prev, r.Hash, r.ID); err != nil {
			t.Fatal(err)
		}
	}
	run(t, db, `UPDATE audit_head SET hash = '`+prev+`'`)
}

// Issue #11 item 2: once head office acknowledged a head, cutting the
// trail behind it, or rewriting and resealing it, is seen.
func TestCheckBooksHoldsAcknowledgedHead(t *testing.T) {
	ack := func(t *testing.T, db *sqlstore.DB) int64 {
		var id int64
		var hash string
		if err := db.QueryRow(context.Background(), `SELECT id, hash FROM audit_head`).Scan(&id, &hash); err != nil {
			t.Fatal(err)
		}
		run(t, db, `INSERT INTO audit_acks VALUES (1, `+itoa(id)+`, '`+hash+`')`)
		return id
	}
	t.Run("tail cut", func(t *testing.T) {
		svc, db, _ := booked(t)
		id := ack(t, db)
		storetest.Unguard(t, db, "audit")
		keep := itoa(id - 2)
		run(t, db, `DELETE FROM audit WHERE id > `+keep,
			`UPDATE audit_head SET id = `+keep+`, hash = (SELECT hash FROM audit WHERE id = `+keep+`)`)
		want := "审计记录比总行已收到的少：总行已收到第 " + itoa(id) + " 条，本地只到第 " + keep + " 条"
		if got := findings(t, svc); !strings.Contains(got, want) {
			t.Errorf("want %q in:\n%s", want, got)
		}
	})
	t.Run("resealed", func(t *testing.T) {
		svc, db, _ := booked(t)
		id := ack(t, db)
		storetest.Unguard(t, db, "audit")
		reseal(t, db, func(r *audit.Row) {
			if r.ID == 3 {
				r.Detail += " "
			}
		})
		want := "审计链被改写：第 " + itoa(id) + " 条记录与总行已收到的不同"
		if got := findings(t, svc); !strings.Contains(got, want) {
			t.Errorf("want %q in:\n%s", want, got)
		}
	})
}
