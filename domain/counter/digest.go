package counter

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/domain/cash"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/voucher"
)

// The records besides journal entries that the audit row of their unit of
// work seals with a digest (issue #11): cash movements with their count,
// voucher register events, teller balances, vault counts, branch closes
// and the opening of customer accounts. Each digest covers what the
// record's rows hold, so audit verify recomputes it from them.

// Subjects of the records' digests in audit rows.
const (
	SubjectCash     = "cash"
	SubjectVouchers = "vouchers"
	SubjectBalance  = "balance"
	SubjectVault    = "vault"
	SubjectClose    = "close"
	SubjectAccount  = "account"
	SubjectBoxSeal  = "boxseal"
)

// RecordSubject names record id of a kind in an audit row's digest.
func RecordSubject(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }

func i64(n int64) string        { return strconv.FormatInt(n, 10) }
func fen(a money.Amount) string { return strconv.FormatInt(int64(a), 10) }
func at(t time.Time) string     { return t.UTC().Format(time.RFC3339Nano) }

// countFields is a count as fields: its denominations in code order,
// leaving out those with no pieces.
func countFields(c cash.Count) []string {
	codes := make([]string, 0, len(c))
	for code, n := range c {
		if n != 0 {
			codes = append(codes, code)
		}
	}
	slices.Sort(codes)
	out := []string{strconv.Itoa(len(codes))}
	for _, code := range codes {
		out = append(out, code, i64(c[code]))
	}
	return out
}

func voucherCountFields(vs []VoucherCount, register bool) []string {
	vs = slices.Clone(vs)
	slices.SortFunc(vs, func(a, b VoucherCount) int { return strings.Compare(a.Type, b.Type) })
	out := []string{strconv.Itoa(len(vs))}
	for _, v := range vs {
		out = append(out, v.Type, i64(v.System), i64(v.Physical))
		if register {
			out = append(out, i64(v.Register))
		}
	}
	return out
}

func party(p cash.Party) string { return string(p.Kind) + ":" + p.ID }

// Digest covers a movement and its count by denomination (its amount is
// its entry's, which has its own digest).
func (m CashMove) Digest() string {
	f := []string{"cash_move", i64(m.ID), i64(m.EntryID), m.Branch, m.BusinessDate, string(m.Kind), party(m.From), party(m.To),
		m.Keeper, m.Teller, m.Approver, at(m.At)}
	return audit.DigestFields(append(f, countFields(m.Count)...)...)
}

// Digest covers a teller's balance, its count and its vouchers in hand.
func (b TellerBalance) Digest() string {
	f := []string{"teller_balance", i64(b.ID), b.Branch, b.Teller, b.BusinessDate, fen(b.Expected), fen(b.Counted), fen(b.Diff),
		b.Reason, b.SignedB, b.ApprovedA, i64(b.SuspenseEntry), i64(b.LastEntry), i64(b.LastVoucher), at(b.At)}
	f = append(f, countFields(b.Count)...)
	return audit.DigestFields(append(f, voucherCountFields(b.Vouchers, false)...)...)
}

// Digest covers a box seal and the seals it names.
func (b BoxSeal) Digest() string {
	f := []string{"box_seal", i64(b.ID), b.Branch, b.Teller, b.BusinessDate, i64(b.Balance), b.SealNo, b.Checker,
		i64(b.PostedVouchers), fen(b.Cash), at(b.At), strconv.Itoa(len(b.Seals))}
	return audit.DigestFields(append(f, b.Seals...)...)
}

// Digest covers a vault count, the system's and the counted notes.
func (c VaultCount) Digest() string {
	f := []string{"vault_count", i64(c.ID), c.Branch, c.BusinessDate, c.Keeper, fen(c.Expected), fen(c.Counted), fen(c.Diff),
		i64(c.LastMove), at(c.At)}
	f = append(f, countFields(c.System)...)
	return audit.DigestFields(append(f, countFields(c.Physical)...)...)
}

// Digest covers a branch close and its three-way voucher counts.
func (c BranchClose) Digest() string {
	f := []string{"branch_close", i64(c.ID), c.Branch, c.BusinessDate, c.By, c.NextDate, at(c.At)}
	return audit.DigestFields(append(f, voucherCountFields(c.Vouchers, true)...)...)
}

// VoucherEventsDigest covers register events one unit of work wrote, in id order.
func VoucherEventsDigest(branch, date string, es []voucher.Event) string {
	f := []string{"voucher_events", branch, date, strconv.Itoa(len(es))}
	for _, e := range es {
		f = append(f, i64(e.ID), e.Type, i64(e.Number), string(e.State), e.Teller, e.By, i64(e.EntryID), e.Reason,
			e.SealCheckedBy, e.Authorizer, at(e.At))
	}
	return audit.DigestFields(f...)
}

// VouchersSubject names register events first…last.
func VouchersSubject(first, last int64) string {
	return fmt.Sprintf("%s:%d-%d", SubjectVouchers, first, last)
}

// accountDigest covers a customer account as opened: the balance carried
// over from the core system, from which its balance now is re-derived.
func accountDigest(a ledger.Account, opening money.Amount) string {
	if a.HolderID != "" {
		// Sealed only when set: accounts opened before it keep their digest.
		return audit.DigestFields("account", a.No, string(a.Type), a.Holder, a.Branch, fen(opening), "holder_id", a.HolderID)
	}
	return audit.DigestFields("account", a.No, string(a.Type), a.Holder, a.Branch, fen(opening))
}

// eventWriter inserts a unit of work's register events and seals them.
type eventWriter struct {
	branch, date string
	events       []voucher.Event
}

func (w *eventWriter) insert(tx Tx, e voucher.Event) error {
	id, err := tx.InsertVoucherEvent(w.branch, w.date, e)
	if err != nil {
		return err
	}
	e.ID = id
	w.events = append(w.events, e)
	return nil
}

// seal is the digest of the events written, for their audit row.
func (w *eventWriter) seal() []audit.Sealed {
	if len(w.events) == 0 {
		return nil
	}
	return []audit.Sealed{{Subject: VouchersSubject(w.events[0].ID, w.events[len(w.events)-1].ID),
		Digest: VoucherEventsDigest(w.branch, w.date, w.events)}}
}
