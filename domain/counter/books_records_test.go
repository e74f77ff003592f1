package counter_test

import (
	"context"
	"strings"
	"testing"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/voucher"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/storetest"
)

// dayOfBooks runs a short day that writes a record of every kind the
// audit trail seals: cash out of the vault and back, vouchers issued,
// used by a withdrawal, voided and returned, the teller's balance and the
// seal of their box, a vault count and the branch close.
func dayOfBooks(t *testing.T) (*counter.Service, *sqlstore.DB) {
	t.Helper()
	svc, db := newCounter(t)
	ctx := context.Background()
	keeper, vkeeper, t1 := signedIn(t, svc, "2001"), signedIn(t, svc, "2002"), signedIn(t, svc, "1001")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := svc.MoveCash(ctx, keeper, move(vault, box("1001"), cash.Count{"N100": 10}), approve("1001"))
	must(err)
	must(svc.IssueVouchers(ctx, vkeeper, voucher.Range{Type: voucher.CashCheque, From: 1, To: 5}, "1001"))
	d, err := svc.Prepare(ctx, t1, counter.Request{Presenter: demo.Presenter, Kind: ledger.CorporateCashWithdrawal, Account: "4100000000000001", Amount: 100_00,
		Voucher: &counter.VoucherUse{Type: voucher.CashCheque, Number: 1}})
	must(err)
	_, err = svc.Post(ctx, d)
	must(err)
	must(svc.VoidVoucher(ctx, t1, voucher.CashCheque, 2, "填写错误", approve("3001")))
	must(svc.ReturnVouchers(ctx, t1, voucher.Range{Type: voucher.CashCheque, From: 3, To: 5}, approve("2002")))
	_, err = svc.MoveCash(ctx, keeper, move(box("1001"), vault, cash.Count{"N100": 9}), approve("1001"))
	must(err)
	_, err = svc.BalanceBox(ctx, t1, counter.BalanceInput{Count: cash.Count{}})
	must(err)
	sealed(t, svc, t1)
	must(svc.SignOut(ctx, t1))
	stock, _, err := svc.VaultStock(ctx, keeper)
	must(err)
	_, _, err = svc.CountVault(ctx, keeper, stock)
	must(err)
	must(svc.SignOut(ctx, keeper))
	must(svc.SignOut(ctx, vkeeper))
	mgr, err := svc.Login(ctx, "3001", "pass3001")
	must(err)
	reviewAll(t, svc)
	_, err = svc.CloseBranch(ctx, mgr, map[string]int64{voucher.CashCheque: 48, voucher.TransferCheque: 50, voucher.Passbook: 20})
	must(err)
	return svc, db
}

// idOf reads one number from the database.
func idOf(t *testing.T, db *sqlstore.DB, q string) string {
	t.Helper()
	var id int64
	if err := db.QueryRow(context.Background(), q).Scan(&id); err != nil || id == 0 {
		t.Fatalf("%s: %d %v", q, id, err)
	}
	return itoa(id)
}

// Issue #11 item 1: cash movements with their denominations, voucher
// register events, teller balances, vault counts, branch closes and
// customer balances are in the chain. Each is changed, added or removed
// with SQL by someone who switched the triggers off; audit verify names
// the record. A change of one fen is enough.
func TestCheckBooksCatchesChangedRecords(t *testing.T) {
	svc, db := dayOfBooks(t)
	c, got := checked(t, svc, nil)
	if got != "" || c.Records < 10 || c.Older != 0 {
		t.Fatalf("before tampering: %d records, %d older\n%s", c.Records, c.Older, got)
	}
	storetest.Unguard(t, db, "cash_moves", "cash_move_lines", "voucher_events", "teller_balances", "teller_balance_lines",
		"vault_counts", "vault_count_lines", "branch_closes", "branch_close_vouchers", "box_seals")
	move := idOf(t, db, `SELECT MIN(id) FROM cash_moves WHERE to_party = 'teller_box:1001'`)
	entry := idOf(t, db, `SELECT entry_id FROM cash_moves WHERE id = `+move)
	voided := idOf(t, db, `SELECT id FROM voucher_events WHERE state = 'voided'`)
	used := idOf(t, db, `SELECT id FROM voucher_events WHERE state = 'used'`)
	bal := idOf(t, db, `SELECT MAX(id) FROM teller_balances`)
	count := idOf(t, db, `SELECT MAX(id) FROM vault_counts`)
	closed := idOf(t, db, `SELECT MAX(id) FROM branch_closes`)
	boxSeal := idOf(t, db, `SELECT MAX(id) FROM box_seals`)
	vaultAcct := ledger.VaultAccountNo(demo.Branch)
	for _, tc := range []struct {
		name         string
		attack, undo []string
		want         []string
	}{
		{"a note added to a movement's count",
			[]string{`UPDATE cash_move_lines SET pieces = pieces + 1 WHERE move_id = ` + move},
			[]string{`UPDATE cash_move_lines SET pieces = pieces - 1 WHERE move_id = ` + move},
			[]string{"现金调拨第 " + move + " 笔被改动", "现金调拨第 " + move + " 笔的券别合计 ¥1,100.00 与第 " + entry + " 笔分录的金额 ¥1,000.00 不符",
				"总库 " + vaultAcct + " 的券别合计"}},
		{"a movement's approver",
			[]string{`UPDATE cash_moves SET approver = '3001' WHERE id = ` + move},
			[]string{`UPDATE cash_moves SET approver = '' WHERE id = ` + move},
			[]string{"现金调拨第 " + move + " 笔被改动"}},
		{"a void's reason",
			[]string{`UPDATE voucher_events SET reason = '客户要求' WHERE id = ` + voided},
			[]string{`UPDATE voucher_events SET reason = '填写错误' WHERE id = ` + voided},
			[]string{"凭证登记第 " + voided + " 至 " + voided + " 条被改动"}},
		{"the number a posting used",
			[]string{`UPDATE voucher_events SET number = 9 WHERE id = ` + used},
			[]string{`UPDATE voucher_events SET number = 1 WHERE id = ` + used},
			[]string{"凭证登记第 " + used + " 至 " + used + " 条被改动"}},
		{"a teller's count, one fen",
			[]string{`UPDATE teller_balances SET counted = counted + 1 WHERE id = ` + bal},
			[]string{`UPDATE teller_balances SET counted = counted - 1 WHERE id = ` + bal},
			[]string{"柜员轧账第 " + bal + " 笔被改动"}},
		{"a denomination of the vault count",
			[]string{`UPDATE vault_count_lines SET counted = counted + 1 WHERE count_id = ` + count + ` AND denom = 'N100'`},
			[]string{`UPDATE vault_count_lines SET counted = counted - 1 WHERE count_id = ` + count + ` AND denom = 'N100'`},
			[]string{"碰库第 " + count + " 笔被改动"}},
		{"the vault's book figure, one fen",
			[]string{`UPDATE vault_counts SET expected = expected - 1 WHERE id = ` + count},
			[]string{`UPDATE vault_counts SET expected = expected + 1 WHERE id = ` + count},
			[]string{"碰库第 " + count + " 笔被改动"}},
		{"a voucher count at the close",
			[]string{`UPDATE branch_close_vouchers SET physical = physical + 1 WHERE close_id = ` + closed + ` AND type = 'cash_cheque'`},
			[]string{`UPDATE branch_close_vouchers SET physical = physical - 1 WHERE close_id = ` + closed + ` AND type = 'cash_cheque'`},
			[]string{"网点平账第 " + closed + " 笔被改动"}},
		{"a box seal's seal number",
			[]string{`UPDATE box_seals SET seal_no = 'FQ9999' WHERE id = ` + boxSeal},
			[]string{`UPDATE box_seals SET seal_no = 'FQ1001' WHERE id = ` + boxSeal},
			[]string{"查库封箱第 " + boxSeal + " 笔被改动"}},
		{"a seal the box seal names",
			[]string{`UPDATE box_seals SET seals = REPLACE(seals, 'XJ-0101-01', 'XJ-0101-09') WHERE id = ` + boxSeal},
			[]string{`UPDATE box_seals SET seals = REPLACE(seals, 'XJ-0101-09', 'XJ-0101-01') WHERE id = ` + boxSeal},
			[]string{"查库封箱第 " + boxSeal + " 笔被改动"}},
		{"a box seal slipped in",
			[]string{`INSERT INTO box_seals (id, branch_id, teller, business_date, balance_id, seal_no, checker, posted_vouchers, cash, seals, at)
				VALUES (900, '0101', '1001', '` + today + `', ` + bal + `, 'FQ1', '2002', 1, 0, '', '2026-11-23T17:00:00Z')`},
			[]string{`DELETE FROM box_seals WHERE id = 900`},
			[]string{"查库封箱第 900 笔没有审计记录"}},
		{"a customer balance, one fen",
			[]string{`UPDATE accounts SET balance = balance + 1 WHERE no = '4100000000000001'`},
			[]string{`UPDATE accounts SET balance = balance - 1 WHERE no = '4100000000000001'`},
			[]string{"账户 4100000000000001 的余额与流水不符：开户余额 ¥5,000,000.00 加流水应为 ¥4,999,900.00，记录的是 ¥4,999,900.01"}},
		{"an opening balance and the balance with it",
			[]string{`UPDATE accounts SET balance = balance + 1, opening = opening + 1 WHERE no = '4100000000000001'`},
			[]string{`UPDATE accounts SET balance = balance - 1, opening = opening - 1 WHERE no = '4100000000000001'`},
			[]string{"账户 4100000000000001 的开户记录被改动"}},
		{"a balance slipped in",
			[]string{`INSERT INTO teller_balances (id, branch_id, teller, business_date, expected, counted, diff, last_entry, at)
				VALUES (900, '0101', '1002', '` + today + `', 0, 0, 0, 0, '2026-11-23T17:00:00Z')`},
			[]string{`DELETE FROM teller_balances WHERE id = 900`},
			[]string{"柜员轧账第 900 笔没有审计记录"}},
		{"a balance slipped in below the others",
			[]string{`INSERT INTO teller_balances (id, branch_id, teller, business_date, expected, counted, diff, last_entry, at)
				VALUES (0, '0101', '1002', '` + today + `', 0, 0, 0, 0, '2026-11-23T08:00:00Z')`},
			[]string{`DELETE FROM teller_balances WHERE id = 0`},
			[]string{"柜员轧账第 0 笔没有审计记录"}},
		{"an account slipped in",
			[]string{`INSERT INTO accounts (no, type, holder, branch_id, balance, owner, opening) VALUES ('6217000000000099', 'savings', '某人', '0101', 100, '', 100)`},
			[]string{`DELETE FROM accounts WHERE no = '6217000000000099'`},
			[]string{"账户 6217000000000099 没有开户的审计记录"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run(t, db, tc.attack...)
			_, got := checked(t, svc, nil)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("want %q in:\n%s", w, got)
				}
			}
			run(t, db, tc.undo...)
			if _, got := checked(t, svc, nil); got != "" {
				t.Fatalf("undone, still:\n%s", got)
			}
		})
	}
	t.Run("a movement deleted", func(t *testing.T) {
		run(t, db, `DELETE FROM cash_move_lines WHERE move_id = `+move, `DELETE FROM cash_moves WHERE id = `+move)
		_, got := checked(t, svc, nil)
		for _, w := range []string{"现金调拨第 " + move + " 笔不存在（被删除）", "总库 " + vaultAcct + " 的券别合计"} {
			if !strings.Contains(got, w) {
				t.Errorf("want %q in:\n%s", w, got)
			}
		}
	})
	t.Run("a box seal deleted", func(t *testing.T) {
		run(t, db, `DELETE FROM box_seals WHERE id = `+boxSeal)
		if _, got := checked(t, svc, nil); !strings.Contains(got, "查库封箱第 "+boxSeal+" 笔不存在（被删除）") {
			t.Errorf("got:\n%s", got)
		}
	})
	t.Run("register events deleted", func(t *testing.T) {
		run(t, db, `DELETE FROM voucher_events WHERE id = `+voided)
		if _, got := checked(t, svc, nil); !strings.Contains(got, "凭证登记第 "+voided+" 至 "+voided+" 条不存在（被删除）") {
			t.Errorf("got:\n%s", got)
		}
	})
}
