package ui

import (
	"context"
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/ledger"
)

// TestCashIDAskedFromFiftyThousand: the counter asks for the customer's
// ID document when cash reaches ¥50,000.00 (not at ¥49,999.99), refuses a
// mistyped resident card number, and shows what was recorded on the
// result, the receipt and the journal's detail, with the agent (代办).
func TestCashIDAskedFromFiftyThousand(t *testing.T) {
	tm := newTerminal(t)
	ws := tm.signedIn("1001")
	b := ws.business
	b.kind.SetSelected(ledger.SavingsCashDeposit.Title())
	tm.key(savings1, "49999.99")
	if b.id.box.Visible() {
		t.Fatal("the ID form shows at ¥49,999.99")
	}
	retype(b.amount, "50000")
	if !b.id.box.Visible() {
		t.Fatal("the ID form is hidden at ¥50,000.00")
	}
	press(b.amount, fyne.KeyReturn)
	if b.message.Text != ledger.ErrIDRequired.Error() || tm.a.win.Canvas().Focused() != b.id.cno {
		t.Fatalf("no ID: %q, focus %v", b.message.Text, tm.a.win.Canvas().Focused())
	}
	retype(b.id.cno, "420102198503120017")
	press(b.id.cno, fyne.KeyReturn)
	if tm.a.win.Canvas().Focused() != b.id.agentName {
		t.Fatal("Enter in the ID number did not move to the agent")
	}
	press(b.id.agentName, fyne.KeyReturn)
	wantContains(t, "mistyped card", b.message.Text, enterprise.ErrIDCheck.Error())
	retype(b.id.cno, "420102198503120016")
	retype(b.id.agentName, "李明")
	retype(b.id.ano, "11010519491231002x")
	press(b.id.ano, fyne.KeyReturn)
	confirmed(t, b)
	tm.authorize("2001", "pass2001", "")
	if b.last == nil {
		t.Fatalf("not posted: %q", b.message.Text)
	}
	wantContains(t, "result", b.result.Text, "客户证件：居民身份证 420102198503120016")
	wantContains(t, "result", b.result.Text, "代 办 人：李明　居民身份证 11010519491231002X")
	r, err := tm.a.receiptOf(*b.last)
	// The printed receipt and the audit trail (which goes to head office)
	// show the numbers masked; the entry keeps them whole.
	if err != nil || r.CustomerID != "居民身份证 420102********0016" || r.Agent != "李明 居民身份证 110105********002X" {
		t.Fatalf("receipt %q %q %v", r.CustomerID, r.Agent, err)
	}
	var whole int
	if err := tm.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit WHERE detail LIKE '%420102198503120016%' OR detail LIKE '%11010519491231002X%'`).Scan(&whole); err != nil || whole != 0 {
		t.Fatalf("%d audit rows hold a whole ID number: %v", whole, err)
	}
	var named int
	if err := tm.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit WHERE detail LIKE '%客户证件 居民身份证 420102********0016%'`).Scan(&named); err != nil || named == 0 {
		t.Fatalf("no audit row names the document: %v", err)
	}
	retype(b.amount, "100")
	if b.id.box.Visible() || b.id.cno.Text != "" {
		t.Fatal("the ID form stays, filled, for ¥100.00")
	}

	ws.tabs.Select(ws.journalTab)
	j := ws.journal
	at := row(j.table, len(j.entries), 0, fmt.Sprintf("#%d", b.last.ID))
	if at < 0 {
		t.Fatal("the entry is not in the journal")
	}
	j.table.Select(widget.TableCellID{Row: at, Col: 0})
	wantContains(t, "journal detail", j.chosen.Text, "客户证件：居民身份证 420102198503120016")
}
