package counter_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/storetest"
)

// branchPCs opens the same branch database n times, as n counter PCs do,
// each with its own store handle and counter service.
func branchPCs(t *testing.T, n int) ([]*counter.Service, string) {
	t.Helper()
	target := storetest.Target(t)
	clock := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)}
	pcs := make([]*counter.Service, n)
	for i := range pcs {
		pcs[i] = counter.New(storetest.OpenTarget(t, target), clock, fmt.Sprintf("0101-T%02d", i+1))
	}
	if err := demo.Seed(context.Background(), pcs[0], today); err != nil {
		t.Fatal(err)
	}
	return pcs, target
}

// together runs fn on every PC at the same moment and collects the errors.
func together(n int, fn func(pc int) error) []error {
	errs := make([]error, n)
	var start, done sync.WaitGroup
	start.Add(1)
	for i := 0; i < n; i++ {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			errs[i] = fn(i)
		}()
	}
	start.Done()
	done.Wait()
	return errs
}

// Four tellers at four PCs post into one account at once: every teller's
// sequence numbers (柜员流水号) run 1…n without a gap, the account holds
// every deposit, every leg's running total agrees with the legs, and the
// audit chain is one whole chain.
func TestConcurrentPostingsKeepSequenceLegsAndChain(t *testing.T) {
	tellers := []string{"1001", "1002", "2002", "3002"}
	pcs, target := branchPCs(t, len(tellers))
	ctx := context.Background()
	sessions := make([]*counter.Session, len(tellers))
	for i, id := range tellers {
		sessions[i] = signedIn(t, pcs[i], id)
	}
	const each = 12
	const acct = "6217000000000003"
	errs := together(len(tellers), func(pc int) error {
		for k := 0; k < each; k++ {
			d, err := pcs[pc].Prepare(ctx, sessions[pc], counter_req(ledger.SavingsCashDeposit, acct, money.Amount(100_00+pc)))
			if err != nil {
				return err
			}
			if _, err := pcs[pc].Post(ctx, d); err != nil {
				return fmt.Errorf("teller %s posting %d: %w", tellers[pc], k+1, err)
			}
		}
		return nil
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	journal, err := pcs[0].Journal(ctx, sessions[3], today)
	if err != nil {
		t.Fatal(err)
	}
	seqs := map[string][]int{}
	for _, e := range journal {
		seqs[e.Teller] = append(seqs[e.Teller], e.Seq)
	}
	for _, id := range tellers {
		got := seqs[id]
		if len(got) != each {
			t.Fatalf("teller %s has %d entries, want %d", id, len(got), each)
		}
		for k, s := range got {
			if s != k+1 {
				t.Fatalf("teller %s sequence %v: a gap or a repeat", id, got)
			}
		}
	}
	var want money.Amount
	for pc := range tellers {
		want += each * money.Amount(100_00+pc)
	}
	if a, err := pcs[1].Account(ctx, acct); err != nil || a.Balance != want {
		t.Fatalf("account %s holds %s, want %s: %v", acct, a.Balance, want, err)
	}
	assertBooksWhole(t, pcs[2], storetest.OpenTarget(t, target))
}

// Two PCs move the same money out of one account at the same moment: one
// transfer posts, the other is refused as 余额不足, and the balance never
// goes below zero.
func TestConcurrentTransfersNeverOverdraw(t *testing.T) {
	pcs, _ := branchPCs(t, 2)
	ctx := context.Background()
	sessions := []*counter.Session{signedIn(t, pcs[0], "1001"), signedIn(t, pcs[1], "1002")}
	const from = "6217000000000002" // ¥80,000.00
	drafts := make([]*counter.Draft, 2)
	for i := range drafts {
		d, err := pcs[i].Prepare(ctx, sessions[i], counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsTransfer,
			Account: from, Counterparty: "6217000000000003", Amount: 50_000_00})
		if err != nil {
			t.Fatal(err)
		}
		drafts[i] = d
	}
	errs := together(2, func(pc int) error {
		_, err := pcs[pc].Post(ctx, drafts[pc])
		return err
	})
	posted, refused := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			posted++
		case errors.Is(err, ledger.ErrOverdraft):
			refused++
		default:
			t.Fatalf("unexpected refusal: %v", err)
		}
	}
	if posted != 1 || refused != 1 {
		t.Fatalf("%d posted, %d refused; want one of each", posted, refused)
	}
	if a, _ := pcs[0].Account(ctx, from); a.Balance != 30_000_00 {
		t.Fatalf("balance %s, want ¥30,000.00", a.Balance)
	}
	assertBooksWhole(t, pcs[0], nil)
}

// assertBooksWhole checks the audit chain and the legs' running totals.
func assertBooksWhole(t *testing.T, svc *counter.Service, db *sqlstore.DB) {
	t.Helper()
	n, brk, err := svc.VerifyAudit(context.Background())
	if err != nil || brk != nil {
		t.Fatalf("audit chain after concurrent postings (%d rows): %+v %v", n, brk, err)
	}
	if db == nil {
		return
	}
	var wrong, unbalanced int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM (SELECT account,
		SUM(CASE side WHEN 'D' THEN amount ELSE -amount END) AS total,
		(SELECT net_debit FROM legs l2 WHERE l2.account = l.account ORDER BY entry_id DESC, line DESC LIMIT 1) AS running
		FROM legs l GROUP BY account) AS t WHERE total <> running`).Scan(&wrong); err != nil || wrong != 0 {
		t.Fatalf("%d accounts whose running total is off: %v", wrong, err)
	}
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM entries e WHERE e.amount * 2 <>
		(SELECT SUM(amount) FROM legs WHERE entry_id = e.id)
		OR (SELECT SUM(CASE side WHEN 'D' THEN amount ELSE -amount END) FROM legs WHERE entry_id = e.id) <> 0`).Scan(&unbalanced); err != nil || unbalanced != 0 {
		t.Fatalf("%d entries whose legs do not balance: %v", unbalanced, err)
	}
}
