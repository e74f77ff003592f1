package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// Digest is SHA-256 over everything posted in the entry and each of its
// legs, each field length-prefixed so no two entries encode alike. The
// audit row of the posting carries it, so an entry changed behind the
// application's back no longer matches the chain. ReversedBy is left out:
// it is read from the reversal, which has its own digest.
func (e Entry) Digest() string {
	h := sha256.New()
	field := func(s string) { fmt.Fprintf(h, "%d:%s|", len(s), s) }
	for _, s := range []string{
		strconv.FormatInt(e.ID, 10), e.Branch, e.BusinessDate, e.Teller, strconv.Itoa(e.Seq),
		string(e.Kind), strconv.FormatInt(int64(e.Amount), 10), e.Account, e.Counterparty, e.Memo,
		strconv.Itoa(e.PolicyVersion), e.AuthB, e.AuthA, strconv.FormatInt(e.Reverses, 10), e.Reason,
		e.PostedAt.UTC().Format(time.RFC3339Nano), strconv.Itoa(len(e.Legs)),
	} {
		field(s)
	}
	for _, l := range e.Legs {
		field(l.Account)
		field(string(l.Side))
		field(strconv.FormatInt(int64(l.Amount), 10))
	}
	// Fields added later are sealed only when set, so the digests of
	// entries posted before them stay what their audit rows hold.
	if e.Settles != 0 || e.Responsible != "" {
		field("settles")
		field(strconv.FormatInt(e.Settles, 10))
		field(e.Responsible)
	}
	if !e.Presenter.Empty() {
		p := e.Presenter
		field("presenter")
		for _, s := range []string{string(p.Customer.Type), p.Customer.No, p.Agent.Name, string(p.Agent.Doc.Type), p.Agent.Doc.No} {
			field(s)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// CheckPosted verifies an entry as read back from the books: its legs
// balance and their debits come to its amount.
func CheckPosted(e Entry) error {
	if err := CheckBalanced(e.Legs); err != nil {
		return err
	}
	var d money.Amount
	for _, l := range e.Legs {
		if l.Side == Debit {
			d += l.Amount
		}
	}
	if d != e.Amount {
		return msg.Errorf("%w：分录金额 %s，借方合计 %s", ErrUnbalanced, e.Amount, d)
	}
	return nil
}
