package counter

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"branchdesk/domain/audit"
	"branchdesk/domain/cash"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/voucher"
)

// Finding is one place where the books and the audit trail disagree.
type Finding struct {
	Entry  int64  // the journal entry concerned, or 0
	Audit  int64  // the audit row concerned, or 0
	Record string // the other record concerned (cash:3, account:6217…), or ""
	Msg    string
}

// Error is the finding in Chinese.
func (f Finding) Error() string { return f.Msg }

// BookCheck is what CheckBooks found.
type BookCheck struct {
	Entries  int     // journal entries checked
	Records  int     // other sealed records checked: cash, vouchers, day ends, accounts
	Legacy   []int64 // entries posted before audit rows carried a digest: 无摘要（旧版本）
	Older    int     // other records written before their rows carried a digest
	Seals    audit.SealCheck
	Findings []Finding // tampering, in entry order
}

// sealedRow is the digest an audit row sealed for a record.
type sealedRow struct {
	row    int64
	digest string
}

// CheckBooks holds the journal and the other books against the audit
// trail, and the trail against the terminals' signatures over its head,
// made with keys (this PC's, read from outside the database): every
// record's digest, recomputed from its rows as they are now, must match
// the one its audit row sealed; every entry has its audit row and every
// posting row its entry; each entry's legs balance and come to its
// amount; the running balance kept on the legs, from which cash boxes
// are shown, is the sum of the legs before it; the vault's notes add up
// to its account; and each customer account's balance is its opening
// balance plus its legs.
func (s *Service) CheckBooks(ctx context.Context, keys audit.Keys) (BookCheck, error) {
	var c BookCheck
	err := s.store.View(ctx, func(tx Tx) error {
		sealed := map[string]sealedRow{} // record subject → its audit row and digest
		legacy := map[int64]bool{}
		acks, err := tx.AuditAcks()
		if err != nil {
			return err
		}
		seals, err := tx.AuditSeals()
		if err != nil {
			return err
		}
		held := map[int64]string{} // acknowledged or signed id → its hash now
		for _, a := range acks {
			held[a.ID] = ""
		}
		for _, s := range seals {
			held[s.Head.ID] = ""
		}
		older := map[string]int{} // record kind → rows that wrote one before rows carried its digest
		var last int64
		if err := tx.AuditRows(func(r audit.Row) error {
			if _, ok := held[r.ID]; ok {
				held[r.ID] = r.Hash
			}
			last = r.ID
			ss, ok := audit.Digests(r.Detail)
			if ok {
				for _, s := range ss {
					sealed[s.Subject] = sealedRow{r.ID, s.Digest}
				}
			} else if id, _ := audit.PostedEntry(r.Detail); id != 0 {
				legacy[id] = true
			}
			if kind, writes := recordActions[r.Action]; writes && !slices.ContainsFunc(ss, func(s audit.Sealed) bool {
				return strings.HasPrefix(s.Subject, kind+":")
			}) {
				older[kind]++
			}
			return nil
		}); err != nil {
			return err
		}
		said := map[string]bool{}
		for _, a := range slices.Backward(acks) {
			if err := audit.CheckAcked(a, held[a.ID], last); err != nil && !said[err.Error()] {
				said[err.Error()] = true
				c.Findings = append(c.Findings, Finding{Audit: a.ID, Msg: err.Error()})
			}
		}
		c.Seals = audit.CheckSeals(seals, func(id int64) string { return held[id] }, last, keys)
		for _, msg := range c.Seals.Findings {
			c.Findings = append(c.Findings, Finding{Audit: last, Msg: msg})
		}
		j, err := c.checkJournal(tx, sealed, legacy)
		if err != nil {
			return err
		}
		return c.checkRecords(tx, sealed, older, j)
	})
	slices.SortStableFunc(c.Findings, func(a, b Finding) int { return cmp.Compare(a.Entry, b.Entry) })
	return c, err
}

// journal is what the walk of the journal leaves for the other checks.
type journal struct {
	net     map[string]money.Amount // every account's debits minus credits
	amounts map[int64]money.Amount  // entry → amount
}

func (c *BookCheck) add(f Finding) { c.Findings = append(c.Findings, f) }

func (c *BookCheck) checkJournal(tx Tx, sealed map[string]sealedRow, legacy map[int64]bool) (journal, error) {
	j := journal{net: map[string]money.Amount{}, amounts: map[int64]money.Amount{}}
	legs := map[int64][]ledger.Leg{}
	badNet := map[string]bool{}
	if err := tx.EachLeg(func(id int64, l ledger.Leg, kept money.Amount) error {
		legs[id] = append(legs[id], l)
		if l.Side == ledger.Debit {
			j.net[l.Account] += l.Amount
		} else {
			j.net[l.Account] -= l.Amount
		}
		if kept != j.net[l.Account] && !badNet[l.Account] {
			badNet[l.Account] = true
			c.add(Finding{Entry: id, Msg: fmt.Sprintf(
				"账户 %s 的余额与流水不符：第 %d 笔分录后应为借方净额 %s，记录的是 %s", l.Account, id, j.net[l.Account], kept)})
		}
		return nil
	}); err != nil {
		return j, err
	}
	if err := tx.EachEntry(func(e ledger.Entry) error {
		c.Entries++
		e.Legs = legs[e.ID]
		j.amounts[e.ID] = e.Amount
		delete(legs, e.ID)
		subj := audit.EntrySubject(e.ID)
		r, ok := sealed[subj]
		delete(sealed, subj)
		switch {
		case ok && r.digest != e.Digest():
			c.add(Finding{Entry: e.ID, Audit: r.row, Msg: fmt.Sprintf("第 %d 笔分录被改动（与审计第 %d 条记录的摘要不符）", e.ID, r.row)})
		case !ok && legacy[e.ID]:
			c.Legacy = append(c.Legacy, e.ID)
		case !ok:
			c.add(Finding{Entry: e.ID, Msg: fmt.Sprintf("第 %d 笔分录没有审计记录", e.ID)})
		}
		if err := ledger.CheckPosted(e); err != nil {
			c.add(Finding{Entry: e.ID, Msg: fmt.Sprintf("第 %d 笔分录%v", e.ID, err)})
		}
		return nil
	}); err != nil {
		return j, err
	}
	for id := range legs {
		c.add(Finding{Entry: id, Msg: fmt.Sprintf("有第 %d 笔分录的借贷行，但该分录不存在", id)})
	}
	for subj, r := range sealed {
		if id := audit.EntryOf(subj); id != 0 {
			delete(sealed, subj)
			c.add(Finding{Entry: id, Audit: r.row, Msg: fmt.Sprintf("审计第 %d 条记录的第 %d 笔分录不存在（分录被删除）", r.row, id)})
		}
	}
	return j, nil
}

// recordKinds names each kind of sealed record in Chinese.
var recordKinds = map[string]string{
	SubjectCash: "现金调拨", SubjectBalance: "柜员轧账", SubjectVault: "碰库", SubjectClose: "网点平账",
	SubjectVouchers: "凭证登记", SubjectAccount: "开户", SubjectBoxSeal: "查库封箱",
}

// recordActions are the audit actions that write a record of a kind,
// one record a row (vouchers: a range of events a row).
var recordActions = map[string]string{
	auditCashMove: SubjectCash, "teller_balance": SubjectBalance, "vault_count": SubjectVault,
	"branch_close": SubjectClose, auditVoucher: SubjectVouchers, "account_open": SubjectAccount,
	auditBoxSeal: SubjectBoxSeal,
}

// recordCheck holds one kind of record against the digests sealed for it.
type recordCheck struct {
	c      *BookCheck
	sealed map[string]sealedRow
	kind   string
	older  int // rows of the kind without its digest: as many unsealed records, the first, predate digests
}

func (c *BookCheck) records(sealed map[string]sealedRow, older map[string]int, kind string) *recordCheck {
	return &recordCheck{c: c, sealed: sealed, kind: kind, older: older[kind]}
}

// check holds record id, whose digest is now digest, against its seal.
func (rc *recordCheck) check(id int64, digest string) {
	subj := RecordSubject(rc.kind, id)
	r, ok := rc.sealed[subj]
	delete(rc.sealed, subj)
	name := fmt.Sprintf("%s第 %d 笔", recordKinds[rc.kind], id)
	switch {
	case ok && r.digest != digest:
		rc.c.add(Finding{Audit: r.row, Record: subj, Msg: fmt.Sprintf("%s被改动（与审计第 %d 条记录的摘要不符）", name, r.row)})
	case ok:
		rc.c.Records++
	case rc.older > 0:
		// Written by an older version, whose row carried no digest; a
		// record slipped in beyond those rows has no row at all.
		rc.older--
		rc.c.Older++
	default:
		rc.c.add(Finding{Record: subj, Msg: name + "没有审计记录"})
	}
}

// gone reports the records of the kind a row sealed that are not there.
func (rc *recordCheck) gone() {
	for subj, r := range rc.sealed {
		if k, id, _ := strings.Cut(subj, ":"); k == rc.kind {
			delete(rc.sealed, subj)
			rc.c.add(Finding{Audit: r.row, Record: subj, Msg: fmt.Sprintf("审计第 %d 条记录的%s第 %s 笔不存在（被删除）", r.row, recordKinds[rc.kind], id)})
		}
	}
}

func (c *BookCheck) checkRecords(tx Tx, sealed map[string]sealedRow, older map[string]int, j journal) error {
	moves, err := tx.AllCashMoves()
	if err != nil {
		return err
	}
	rc := c.records(sealed, older, SubjectCash)
	vaults := map[string]cash.Count{} // vault account → notes from the movements
	for _, m := range moves {
		rc.check(m.ID, m.Digest())
		total, err := m.Count.Total()
		if err != nil || total != j.amounts[m.EntryID] {
			c.add(Finding{Entry: m.EntryID, Record: RecordSubject(SubjectCash, m.ID), Msg: fmt.Sprintf(
				"现金调拨第 %d 笔的券别合计 %s 与第 %d 笔分录的金额 %s 不符", m.ID, total, m.EntryID, j.amounts[m.EntryID])})
		}
		for _, p := range []cash.Party{m.From, m.To} {
			if p.Kind != cash.Vault {
				continue
			}
			acct := ledger.VaultAccountNo(p.ID)
			if vaults[acct] == nil {
				vaults[acct] = cash.Count{}
			}
			for code, n := range m.Count {
				if p == m.To {
					vaults[acct][code] += n
				} else {
					vaults[acct][code] -= n
				}
			}
		}
	}
	rc.gone()
	for _, acct := range slices.Sorted(maps.Keys(vaults)) {
		if total, err := vaults[acct].Total(); err != nil || total != j.net[acct] {
			c.add(Finding{Record: acct, Msg: fmt.Sprintf("总库 %s 的券别合计 %s 与账面（流水）%s 不符", acct, total, j.net[acct])})
		}
	}
	if err := c.checkVoucherEvents(tx, sealed, older[SubjectVouchers] > 0); err != nil {
		return err
	}
	bals, err := tx.AllTellerBalances()
	if err != nil {
		return err
	}
	rc = c.records(sealed, older, SubjectBalance)
	for _, b := range bals {
		rc.check(b.ID, b.Digest())
	}
	rc.gone()
	counts, err := tx.AllVaultCounts()
	if err != nil {
		return err
	}
	rc = c.records(sealed, older, SubjectVault)
	for _, v := range counts {
		rc.check(v.ID, v.Digest())
	}
	rc.gone()
	closes, err := tx.AllBranchCloses()
	if err != nil {
		return err
	}
	rc = c.records(sealed, older, SubjectClose)
	for _, cl := range closes {
		rc.check(cl.ID, cl.Digest())
	}
	rc.gone()
	seals, err := tx.AllBoxSeals()
	if err != nil {
		return err
	}
	rc = c.records(sealed, older, SubjectBoxSeal)
	for _, bs := range seals {
		rc.check(bs.ID, bs.Digest())
	}
	rc.gone()
	return c.checkAccounts(tx, sealed, older[SubjectAccount], j)
}

// checkVoucherEvents holds the register against the digests of the events
// each unit of work wrote (first…last in one audit row). Events before the
// first sealed ones predate digests when rows without one wrote some.
func (c *BookCheck) checkVoucherEvents(tx Tx, sealed map[string]sealedRow, older bool) error {
	type group struct {
		first, last int64
		seal        sealedRow
		branch      string
		date        string
		events      []voucher.Event
	}
	var groups []*group
	for subj, r := range sealed {
		k, span, _ := strings.Cut(subj, ":")
		if k != SubjectVouchers {
			continue
		}
		a, b, _ := strings.Cut(span, "-")
		first, err1 := strconv.ParseInt(a, 10, 64)
		last, err2 := strconv.ParseInt(b, 10, 64)
		if err1 != nil || err2 != nil || first > last {
			continue
		}
		delete(sealed, subj)
		groups = append(groups, &group{first: first, last: last, seal: r})
	}
	slices.SortFunc(groups, func(a, b *group) int { return cmp.Compare(a.first, b.first) })
	i := 0
	if err := tx.AllVoucherEvents(func(branch, date string, e voucher.Event) error {
		for i < len(groups) && groups[i].last < e.ID {
			i++
		}
		if i < len(groups) && groups[i].first <= e.ID {
			g := groups[i]
			g.branch, g.date = branch, date
			g.events = append(g.events, e)
			return nil
		}
		if older && (len(groups) == 0 || e.ID < groups[0].first) {
			c.Older++
			return nil
		}
		c.add(Finding{Record: RecordSubject(SubjectVouchers, e.ID), Msg: fmt.Sprintf("凭证登记第 %d 条没有审计记录", e.ID)})
		return nil
	}); err != nil {
		return err
	}
	for _, g := range groups {
		name := fmt.Sprintf("凭证登记第 %d 至 %d 条", g.first, g.last)
		subj := VouchersSubject(g.first, g.last)
		switch {
		case len(g.events) == 0:
			c.add(Finding{Audit: g.seal.row, Record: subj, Msg: fmt.Sprintf("审计第 %d 条记录的%s不存在（被删除）", g.seal.row, name)})
		case VoucherEventsDigest(g.branch, g.date, g.events) != g.seal.digest:
			c.add(Finding{Audit: g.seal.row, Record: subj, Msg: fmt.Sprintf("%s被改动（与审计第 %d 条记录的摘要不符）", name, g.seal.row)})
		default:
			c.Records++
		}
	}
	return nil
}

// checkAccounts re-derives each customer account's balance from its
// opening balance, which its opening row sealed, and the journal's legs.
func (c *BookCheck) checkAccounts(tx Tx, sealed map[string]sealedRow, older int, j journal) error {
	if err := tx.EachAccount(func(a ledger.Account, opening money.Amount) error {
		subj := SubjectAccount + ":" + a.No
		r, ok := sealed[subj]
		delete(sealed, subj)
		switch {
		case ok && r.digest != accountDigest(a, opening):
			c.add(Finding{Audit: r.row, Record: subj, Msg: fmt.Sprintf("账户 %s 的开户记录被改动（与审计第 %d 条记录的摘要不符）", a.No, r.row)})
		case ok:
			c.Records++
		case older > 0:
			older--
			c.Older++
		default:
			c.add(Finding{Record: subj, Msg: fmt.Sprintf("账户 %s 没有开户的审计记录", a.No)})
		}
		// The journal keeps debits minus credits; a customer account
		// grows by its credits.
		want := opening + ledger.Effect(a.Type, ledger.Leg{Side: ledger.Debit, Amount: j.net[a.No]})
		if want != a.Balance {
			c.add(Finding{Record: subj, Msg: fmt.Sprintf("账户 %s 的余额与流水不符：开户余额 %s 加流水应为 %s，记录的是 %s", a.No, opening, want, a.Balance)})
		}
		return nil
	}); err != nil {
		return err
	}
	for subj, r := range sealed {
		if no, ok := strings.CutPrefix(subj, SubjectAccount+":"); ok {
			c.add(Finding{Audit: r.row, Record: subj, Msg: fmt.Sprintf("审计第 %d 条记录开立的账户 %s 不存在（被删除）", r.row, no)})
		}
	}
	return nil
}
