package sync

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/voucher"
)

// Head office holds a bundle's cash movements, voucher register events
// and day-end results to the digests their audit records sealed, as the
// terminal's audit verify does. A record travels with the audit record of
// the unit of work that wrote it (one transaction, one export), so the
// digest is looked for in the same bundle.

// RecordRefusal is a record head office refuses: its type, its place in
// the bundle's file of that type, and why.
type RecordRefusal struct {
	Type   string
	Index  int
	Reason string
}

// sealIndex is what a bundle's audit records sealed, subject → digest.
type sealIndex map[string]string

func sealsOf(audits [][]byte) sealIndex {
	s := sealIndex{}
	for _, rec := range audits {
		if ss, ok := audit.Digests(AuditDetail(rec)); ok {
			for _, x := range ss {
				s[x.Subject] = x.Digest
			}
		}
	}
	return s
}

func stampOf(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func idOr0(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// child is a line of a record (a denomination, a voucher count), by the
// record it belongs to.
type child struct {
	typ    string
	parent string // the column naming the record
}

// recordKind is one kind of sealed record and the lines that go with it.
type recordKind struct {
	typ      string
	subject  string
	name     string
	children []child
	digest   func(rec []byte, lines map[string][][]byte) (id int64, digest string, err error)
}

func countOf(lines [][]byte, field string) cash.Count {
	c := cash.Count{}
	for _, l := range lines {
		var m map[string]any
		if json.Unmarshal(l, &m) != nil {
			continue
		}
		code, _ := m["denom"].(string)
		n, _ := m[field].(float64)
		c[code] += int64(n)
	}
	return c
}

func voucherCountsOf(lines [][]byte, register bool) []counter.VoucherCount {
	var out []counter.VoucherCount
	for _, l := range lines {
		var v struct {
			Type     string `json:"type"`
			System   int64  `json:"system"`
			Physical int64  `json:"physical"`
			Register int64  `json:"register"`
		}
		if json.Unmarshal(l, &v) == nil {
			vc := counter.VoucherCount{Type: v.Type, System: v.System, Physical: v.Physical, Register: v.Register}
			if !register {
				vc.Register = vc.System
			}
			out = append(out, vc)
		}
	}
	return out
}

var recordKinds = []recordKind{
	{typ: "cash_moves", subject: counter.SubjectCash, name: "现金调拨", children: []child{{"cash_move_lines", "move_id"}},
		digest: func(rec []byte, lines map[string][][]byte) (int64, string, error) {
			var r struct {
				ID       int64  `json:"id"`
				EntryID  int64  `json:"entry_id"`
				Branch   string `json:"branch_id"`
				Date     string `json:"business_date"`
				Kind     string `json:"kind"`
				From     string `json:"from_party"`
				To       string `json:"to_party"`
				Keeper   string `json:"keeper"`
				Teller   string `json:"teller"`
				Approver string `json:"approver"`
				At       string `json:"at"`
			}
			if err := json.Unmarshal(rec, &r); err != nil {
				return 0, "", err
			}
			m := counter.CashMove{ID: r.ID, EntryID: r.EntryID, Branch: r.Branch, BusinessDate: r.Date, Kind: ledger.Kind(r.Kind),
				From: party(r.From), To: party(r.To), Keeper: r.Keeper, Teller: r.Teller, Approver: r.Approver, At: stampOf(r.At),
				Count: countOf(lines["cash_move_lines"], "pieces")}
			return r.ID, m.Digest(), nil
		}},
	{typ: "teller_balances", subject: counter.SubjectBalance, name: "柜员轧账",
		children: []child{{"teller_balance_lines", "balance_id"}, {"teller_voucher_counts", "balance_id"}},
		digest: func(rec []byte, lines map[string][][]byte) (int64, string, error) {
			var r struct {
				ID          int64  `json:"id"`
				Branch      string `json:"branch_id"`
				Teller      string `json:"teller"`
				Date        string `json:"business_date"`
				Expected    int64  `json:"expected"`
				Counted     int64  `json:"counted"`
				Diff        int64  `json:"diff"`
				Reason      string `json:"reason"`
				SignedB     string `json:"signed_b"`
				ApprovedA   string `json:"approved_a"`
				Suspense    *int64 `json:"suspense_entry"`
				LastEntry   int64  `json:"last_entry"`
				LastVoucher int64  `json:"last_voucher"`
				At          string `json:"at"`
			}
			if err := json.Unmarshal(rec, &r); err != nil {
				return 0, "", err
			}
			b := counter.TellerBalance{ID: r.ID, Branch: r.Branch, Teller: r.Teller, BusinessDate: r.Date, Expected: money.Amount(r.Expected),
				Counted: money.Amount(r.Counted), Diff: money.Amount(r.Diff), Reason: r.Reason, SignedB: r.SignedB, ApprovedA: r.ApprovedA,
				SuspenseEntry: idOr0(r.Suspense), LastEntry: r.LastEntry, LastVoucher: r.LastVoucher, At: stampOf(r.At),
				Count: countOf(lines["teller_balance_lines"], "pieces"), Vouchers: voucherCountsOf(lines["teller_voucher_counts"], false)}
			return r.ID, b.Digest(), nil
		}},
	{typ: "box_seals", subject: counter.SubjectBoxSeal, name: "查库封箱",
		digest: func(rec []byte, _ map[string][][]byte) (int64, string, error) {
			var r struct {
				ID             int64  `json:"id"`
				Branch         string `json:"branch_id"`
				Teller         string `json:"teller"`
				Date           string `json:"business_date"`
				Balance        int64  `json:"balance_id"`
				SealNo         string `json:"seal_no"`
				Checker        string `json:"checker"`
				PostedVouchers int64  `json:"posted_vouchers"`
				Cash           int64  `json:"cash"`
				Seals          string `json:"seals"`
				At             string `json:"at"`
			}
			if err := json.Unmarshal(rec, &r); err != nil {
				return 0, "", err
			}
			b := counter.BoxSeal{ID: r.ID, Branch: r.Branch, Teller: r.Teller, BusinessDate: r.Date, Balance: r.Balance, SealNo: r.SealNo,
				Checker: r.Checker, PostedVouchers: r.PostedVouchers, Cash: money.Amount(r.Cash), At: stampOf(r.At)}
			if r.Seals != "" {
				b.Seals = strings.Split(r.Seals, "\n")
			}
			return r.ID, b.Digest(), nil
		}},
	{typ: "vault_counts", subject: counter.SubjectVault, name: "碰库", children: []child{{"vault_count_lines", "count_id"}},
		digest: func(rec []byte, lines map[string][][]byte) (int64, string, error) {
			var r struct {
				ID       int64  `json:"id"`
				Branch   string `json:"branch_id"`
				Date     string `json:"business_date"`
				Keeper   string `json:"keeper"`
				Expected int64  `json:"expected"`
				Counted  int64  `json:"counted"`
				Diff     int64  `json:"diff"`
				LastMove int64  `json:"last_move"`
				At       string `json:"at"`
			}
			if err := json.Unmarshal(rec, &r); err != nil {
				return 0, "", err
			}
			c := counter.VaultCount{ID: r.ID, Branch: r.Branch, BusinessDate: r.Date, Keeper: r.Keeper, Expected: money.Amount(r.Expected),
				Counted: money.Amount(r.Counted), Diff: money.Amount(r.Diff), LastMove: r.LastMove, At: stampOf(r.At),
				System: countOf(lines["vault_count_lines"], "system"), Physical: countOf(lines["vault_count_lines"], "counted")}
			return r.ID, c.Digest(), nil
		}},
	{typ: "branch_closes", subject: counter.SubjectClose, name: "网点平账", children: []child{{"branch_close_vouchers", "close_id"}},
		digest: func(rec []byte, lines map[string][][]byte) (int64, string, error) {
			var r struct {
				ID     int64  `json:"id"`
				Branch string `json:"branch_id"`
				Date   string `json:"business_date"`
				By     string `json:"by_user"`
				Next   string `json:"next_date"`
				At     string `json:"at"`
			}
			if err := json.Unmarshal(rec, &r); err != nil {
				return 0, "", err
			}
			c := counter.BranchClose{ID: r.ID, Branch: r.Branch, BusinessDate: r.Date, By: r.By, NextDate: r.Next, At: stampOf(r.At),
				Vouchers: voucherCountsOf(lines["branch_close_vouchers"], true)}
			return r.ID, c.Digest(), nil
		}},
}

// party reads a cash party as the terminal's table keeps it, kind:id.
func party(s string) cash.Party {
	k, id, _ := strings.Cut(s, ":")
	return cash.Party{Kind: cash.PartyKind(k), ID: id}
}

// parentOf is the record a line belongs to.
func parentOf(rec []byte, field string) int64 {
	var m map[string]any
	_ = json.Unmarshal(rec, &m)
	n, _ := m[field].(float64)
	return int64(n)
}

// CheckRecords finds, in a bundle's files (type → records), the cash
// movements, voucher register events and day-end results whose digest,
// recomputed from the records with their lines, is not the one sealed
// by their audit record among audits (the bundle's audit records head
// office takes). Those of a unit of work whose audit record it refused
// (among sent, all the bundle's audit records) go with it. Records
// written before audit rows carried a digest have none and are taken.
// An attachment whose bytes are not the size and SHA-256 its record
// names is refused (ReadAttachment), and one no audit row sealed, in the
// bundle or before it (earlier), is refused too.
func CheckRecords(files map[string][][]byte, audits, sent [][]byte, earlier EarlierSeal) []RecordRefusal {
	taken, all := sealsOf(audits), sealsOf(sent)
	var out []RecordRefusal
	for _, k := range recordKinds {
		byParent := map[string]map[int64][]int{} // child type → parent id → indexes
		lines := map[string]map[int64][][]byte{}
		for _, c := range k.children {
			byParent[c.typ], lines[c.typ] = map[int64][]int{}, map[int64][][]byte{}
			for i, rec := range files[c.typ] {
				p := parentOf(rec, c.parent)
				byParent[c.typ][p] = append(byParent[c.typ][p], i)
				lines[c.typ][p] = append(lines[c.typ][p], rec)
			}
		}
		for i, rec := range files[k.typ] {
			mine := map[string][][]byte{}
			id := parentOf(rec, "id")
			for _, c := range k.children {
				mine[c.typ] = lines[c.typ][id]
			}
			id, digest, err := k.digest(rec, mine)
			subj := counter.RecordSubject(k.subject, id)
			want, sealed := taken[subj]
			var reason string
			switch {
			case err != nil:
				reason = fmt.Sprintf("%s记录无法读取", k.name)
			case sealed && want != digest:
				reason = fmt.Sprintf("%s第 %d 笔与其审计记录的摘要不符（被改动）", k.name, id)
			case !sealed && all[subj] != "":
				reason = fmt.Sprintf("%s第 %d 笔的审计记录未收", k.name, id)
			default:
				continue
			}
			out = append(out, RecordRefusal{k.typ, i, reason + "，未收"})
			for _, c := range k.children {
				for _, j := range byParent[c.typ][id] {
					out = append(out, RecordRefusal{c.typ, j, fmt.Sprintf("所属%s第 %d 笔未收", k.name, id)})
				}
			}
		}
	}
	out = append(out, checkVoucherEvents(files["voucher_events"], taken, all)...)
	out = append(out, checkAttachments(files["attachments"], taken, all, earlier)...)
	// In file order, so a receipt reads the same however it is made.
	slices.SortFunc(out, func(a, b RecordRefusal) int {
		return cmp.Or(strings.Compare(a.Type, b.Type), cmp.Compare(a.Index, b.Index))
	})
	return out
}

// checkVoucherEvents holds register events to the digest over each unit
// of work's events (vouchers:first-last).
func checkVoucherEvents(recs [][]byte, taken, all sealIndex) []RecordRefusal {
	type ev struct {
		ID       int64  `json:"id"`
		Branch   string `json:"branch_id"`
		Date     string `json:"business_date"`
		Type     string `json:"type"`
		Number   int64  `json:"number"`
		State    string `json:"state"`
		Teller   string `json:"teller"`
		By       string `json:"by_user"`
		Entry    *int64 `json:"entry_id"`
		Reason   string `json:"reason"`
		SealedBy string `json:"seal_checked_by"`
		Auth     string `json:"authorizer"`
		At       string `json:"at"`
	}
	events := make([]ev, len(recs))
	for i, rec := range recs {
		_ = json.Unmarshal(rec, &events[i])
	}
	var out []RecordRefusal
	for subj := range all {
		var first, last int64
		if n, _ := fmt.Sscanf(subj, counter.SubjectVouchers+":%d-%d", &first, &last); n != 2 || first > last {
			continue
		}
		var group []voucher.Event
		var idx []int
		var branch, date string
		for i, e := range events {
			if e.ID >= first && e.ID <= last {
				branch, date = e.Branch, e.Date
				group = append(group, voucher.Event{ID: e.ID, Type: e.Type, Number: e.Number, State: voucher.State(e.State), Teller: e.Teller,
					By: e.By, EntryID: idOr0(e.Entry), Reason: e.Reason, SealCheckedBy: e.SealedBy, Authorizer: e.Auth, At: stampOf(e.At)})
				idx = append(idx, i)
			}
		}
		if len(group) == 0 {
			continue
		}
		want, ok := taken[subj]
		var reason string
		switch {
		case !ok:
			reason = fmt.Sprintf("凭证登记第 %d 至 %d 条的审计记录未收，未收", first, last)
		case want != counter.VoucherEventsDigest(branch, date, group):
			reason = fmt.Sprintf("凭证登记第 %d 至 %d 条与其审计记录的摘要不符（被改动），未收", first, last)
		default:
			continue
		}
		for _, i := range idx {
			out = append(out, RecordRefusal{"voucher_events", i, reason})
		}
	}
	return out
}
