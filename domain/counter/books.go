package counter

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"branchdesk/domain/audit"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
)

// Finding is one place where the books and the audit trail disagree.
type Finding struct {
	Entry int64 // the journal entry concerned, or 0
	Audit int64 // the audit row concerned, or 0
	Msg   string
}

// Error is the finding in Chinese.
func (f Finding) Error() string { return f.Msg }

// BookCheck is what CheckBooks found.
type BookCheck struct {
	Entries  int       // journal entries checked
	Legacy   []int64   // entries posted before audit rows carried a digest: 无摘要（旧版本）
	Findings []Finding // tampering, in entry order
}

// CheckBooks holds the journal against the audit trail: every entry's
// digest, recomputed from its rows as they are now, must match the one its
// audit row sealed; every entry has its audit row and every posting row its
// entry; each entry's legs balance and come to its amount; and the running
// balance kept on the legs, from which cash boxes and the vault are shown,
// is the sum of the legs before it.
func (s *Service) CheckBooks(ctx context.Context) (BookCheck, error) {
	var c BookCheck
	err := s.store.View(ctx, func(tx Tx) error {
		sealed := map[int64]audit.Row{} // entry → its audit row with a digest
		legacy := map[int64]bool{}
		acks, err := tx.AuditAcks()
		if err != nil {
			return err
		}
		held := map[int64]string{} // acknowledged id → its hash now
		for _, a := range acks {
			held[a.ID] = ""
		}
		var last int64
		if err := tx.AuditRows(func(r audit.Row) error {
			if _, ok := held[r.ID]; ok {
				held[r.ID] = r.Hash
			}
			last = r.ID
			switch id, digest := audit.PostedEntry(r.Detail); {
			case id != 0 && digest != "":
				sealed[id] = r
			case id != 0:
				legacy[id] = true
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
		legs := map[int64][]ledger.Leg{}
		net := map[string]money.Amount{}
		badNet := map[string]bool{}
		if err := tx.EachLeg(func(id int64, l ledger.Leg, kept money.Amount) error {
			legs[id] = append(legs[id], l)
			if l.Side == ledger.Debit {
				net[l.Account] += l.Amount
			} else {
				net[l.Account] -= l.Amount
			}
			if kept != net[l.Account] && !badNet[l.Account] {
				badNet[l.Account] = true
				c.Findings = append(c.Findings, Finding{Entry: id, Msg: fmt.Sprintf(
					"账户 %s 的余额与流水不符：第 %d 笔分录后应为借方净额 %s，记录的是 %s", l.Account, id, net[l.Account], kept)})
			}
			return nil
		}); err != nil {
			return err
		}
		if err := tx.EachEntry(func(e ledger.Entry) error {
			c.Entries++
			e.Legs = legs[e.ID]
			delete(legs, e.ID)
			r, ok := sealed[e.ID]
			delete(sealed, e.ID)
			switch _, digest, _ := audit.DigestOf(r.Detail); {
			case ok && digest != e.Digest():
				c.Findings = append(c.Findings, Finding{Entry: e.ID, Audit: r.ID,
					Msg: fmt.Sprintf("第 %d 笔分录被改动（与审计第 %d 条记录的摘要不符）", e.ID, r.ID)})
			case !ok && legacy[e.ID]:
				c.Legacy = append(c.Legacy, e.ID)
			case !ok:
				c.Findings = append(c.Findings, Finding{Entry: e.ID, Msg: fmt.Sprintf("第 %d 笔分录没有审计记录", e.ID)})
			}
			if err := ledger.CheckPosted(e); err != nil {
				c.Findings = append(c.Findings, Finding{Entry: e.ID, Msg: fmt.Sprintf("第 %d 笔分录%v", e.ID, err)})
			}
			return nil
		}); err != nil {
			return err
		}
		for id := range legs {
			c.Findings = append(c.Findings, Finding{Entry: id, Msg: fmt.Sprintf("有第 %d 笔分录的借贷行，但该分录不存在", id)})
		}
		for id, r := range sealed {
			c.Findings = append(c.Findings, Finding{Entry: id, Audit: r.ID,
				Msg: fmt.Sprintf("审计第 %d 条记录的第 %d 笔分录不存在（分录被删除）", r.ID, id)})
		}
		return nil
	})
	slices.SortStableFunc(c.Findings, func(a, b Finding) int { return cmp.Compare(a.Entry, b.Entry) })
	return c, err
}
