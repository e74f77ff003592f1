package counter_test

import (
	"context"
	"errors"
	"testing"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/demo"
)

// TestCashIDRequiredFromFiftyThousand: cash business of ¥50,000.00 and
// above records the customer's ID document; ¥49,999.99 does not need it.
// A resident card's number is checked (GB 11643); someone acting for the
// holder (代办) gives a name and a document too. What is recorded stays
// with the entry and shows on its receipt.
func TestCashIDRequiredFromFiftyThousand(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	teller := signedIn(t, svc, "1001")
	fundBox(t, svc, "1001", 2000)
	card := func(no string) ledger.Presenter {
		return ledger.Presenter{Customer: ledger.IDDoc{Type: ledger.ResidentCard, No: no}}
	}
	agent := demo.Presenter
	agent.Agent = ledger.Agent{Name: "李明", Doc: ledger.IDDoc{Type: ledger.ResidentCard, No: "11010519491231002x"}}
	for _, c := range []struct {
		name string
		kind ledger.Kind
		amt  money.Amount
		p    ledger.Presenter
		want error
	}{
		{"one fen below, no ID", ledger.SavingsCashDeposit, 49_999_99, ledger.Presenter{}, nil},
		{"exactly ¥50,000.00, no ID", ledger.SavingsCashDeposit, 50_000_00, ledger.Presenter{}, ledger.ErrIDRequired},
		{"one fen above, no ID", ledger.SavingsCashWithdrawal, 50_000_01, ledger.Presenter{}, ledger.ErrIDRequired},
		{"corporate cash, no ID", ledger.CorporateCashWithdrawal, 50_000_00, ledger.Presenter{}, ledger.ErrIDRequired},
		{"transfer, no ID", ledger.SavingsTransfer, 150_000_00, ledger.Presenter{}, nil},
		{"exactly ¥50,000.00 with a card", ledger.SavingsCashDeposit, 50_000_00, demo.Presenter, nil},
		{"wrong check digit", ledger.SavingsCashDeposit, 50_000_00, card("420102198503120017"), enterprise.ErrIDCheck},
		{"17 digits", ledger.SavingsCashDeposit, 50_000_00, card("42010219850312001"), enterprise.ErrIDLength},
		{"no type", ledger.SavingsCashDeposit, 50_000_00, ledger.Presenter{Customer: ledger.IDDoc{No: "420102198503120016"}}, ledger.ErrIDType},
		{"passport too short", ledger.SavingsCashDeposit, 50_000_00, ledger.Presenter{Customer: ledger.IDDoc{Type: ledger.Passport, No: "E12"}}, ledger.ErrIDNo},
		{"agent without a document", ledger.SavingsCashDeposit, 50_000_00, ledger.Presenter{Customer: demo.Presenter.Customer, Agent: ledger.Agent{Name: "李明"}}, ledger.ErrAgentIncomplete},
		{"agent's card mistyped", ledger.SavingsCashDeposit, 50_000_00, ledger.Presenter{Customer: demo.Presenter.Customer,
			Agent: ledger.Agent{Name: "李明", Doc: ledger.IDDoc{Type: ledger.ResidentCard, No: "110105194912310021"}}}, enterprise.ErrIDCheck},
		{"agent with a card", ledger.SavingsCashWithdrawal, 50_000_00, agent, nil},
	} {
		r := counter.Request{Kind: c.kind, Account: "6217000000000001", Amount: c.amt, Presenter: c.p}
		if c.kind.IsTransfer() {
			r.Counterparty = "6217000000000002"
		}
		if c.kind.AccountType() == ledger.Corporate {
			r.Account = "4100000000000001"
		}
		d, err := svc.Prepare(ctx, teller, r)
		if !errors.Is(err, c.want) {
			t.Fatalf("%s: %v, want %v", c.name, err, c.want)
		}
		if c.want != nil || c.amt != 50_000_00 || c.kind != ledger.SavingsCashWithdrawal {
			continue
		}
		// The agent's withdrawal: authorized by a B, posted, kept.
		if err := svc.Authorize(ctx, d, approve("2001")); err != nil {
			t.Fatal(err)
		}
		e, err := svc.Post(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := svc.Receipt(ctx, teller, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		p := rc.Entry.Presenter
		if p.Customer != demo.Presenter.Customer || p.Agent.Name != "李明" || p.Agent.Doc.No != "11010519491231002X" || p.Agent.Doc.Type != ledger.ResidentCard {
			t.Fatalf("kept %+v", p)
		}
	}
	if c, err := svc.CheckBooks(ctx, nil); err != nil || len(c.Findings) != 0 {
		t.Fatalf("books: %+v %v", c.Findings, err)
	}
}

// TestFindAccountsByHolderID: the teller finds a savings account by its
// holder's whole resident ID number; part of it finds nothing.
func TestFindAccountsByHolderID(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	teller := signedIn(t, svc, "1001")
	for q, want := range map[string]string{
		"420106199007180028": "6217000000000002",
		"４２０１０６１９９００７１８００２８": "6217000000000002",
		"42010619900718":     "",
		"420106199007180029": "",
	} {
		got, err := svc.FindAccounts(ctx, teller, q)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if (want == "" && len(got) != 0) || (want != "" && (len(got) != 1 || got[0].No != want || got[0].HolderID != "420106199007180028")) {
			t.Errorf("%q found %+v, want %q", q, got, want)
		}
	}
}

// TestCashIDKeptWhileQueued: a large cash deposit sent for remote
// authorization keeps the customer's and the agent's documents in the
// queue; the entry posted from it carries them.
func TestCashIDKeptWhileQueued(t *testing.T) {
	pcs, _ := remoteBranch(t, 2)
	ctx := context.Background()
	teller := signedIn(t, pcs[0], "1001")
	p := ledger.Presenter{Customer: demo.Presenter.Customer,
		Agent: ledger.Agent{Name: "李明", Doc: ledger.IDDoc{Type: ledger.Passport, No: "e12345678"}}}
	d, err := pcs[0].Prepare(ctx, teller, counter.Request{Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 60_000_00, Presenter: p})
	if err != nil {
		t.Fatal(err)
	}
	key, err := pcs[0].Queue(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	b := login(t, pcs[1], "2001")
	if err := pcs[1].Decide(ctx, b, key, authz.StageB, approve("2001")); err != nil {
		t.Fatal(err)
	}
	e, err := pcs[0].PostQueued(ctx, teller, key)
	if err != nil {
		t.Fatal(err)
	}
	if e.Presenter.Customer != demo.Presenter.Customer || e.Presenter.Agent.Name != "李明" || e.Presenter.Agent.Doc.No != "E12345678" {
		t.Fatalf("posted from the queue: %+v", e.Presenter)
	}
}
