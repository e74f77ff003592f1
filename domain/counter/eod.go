package counter

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/domain/cash"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
	"branchdesk/domain/voucher"
)

// VoucherPosition is what a teller holds of one voucher type at day end.
type VoucherPosition struct {
	Type                     voucher.Type
	OnHand                   int64 // issued to the teller and still blank
	Used, Sold, Voided       int64 // written off today
	UsedNumbers, VoidNumbers []int64
}

// Position is a teller's cash and vouchers as the system sees them.
type Position struct {
	Teller       string
	BusinessDate string
	Balance      cash.Balance
	Suspense     money.Amount // overage (+) or shortage (−) put in suspense today
	Expected     money.Amount
	Flows        []Flow
	Vouchers     []VoucherPosition
	LastCount    cash.Count     // the latest count, to start today's from
	Latest       *TellerBalance // today's latest balance, if any
}

// position works out a teller's position inside tx.
func position(tx Tx, b Branch, teller string) (Position, error) {
	p := Position{Teller: teller, BusinessDate: b.BusinessDate}
	opening, flows, err := tx.CashFlows(ledger.CashAccountNo(teller), b.BusinessDate)
	if err != nil {
		return p, err
	}
	p.Balance.Opening, p.Flows = opening, flows
	for _, f := range flows {
		amt := f.Amount
		switch {
		case f.Kind == ledger.VaultIssue && f.Side == ledger.Debit:
			p.Balance.FromVault += amt
		case f.Kind == ledger.VaultReceive && f.Side == ledger.Credit:
			p.Balance.ToVault += amt
		case f.Kind == ledger.CashOverage || f.Kind == ledger.CashShortage:
			p.Suspense += ledger.Effect(ledger.Cash, ledger.Leg{Side: f.Side, Amount: amt})
		case f.Side == ledger.Debit:
			p.Balance.CashIn += amt
		default:
			p.Balance.CashOut += amt
		}
	}
	p.Expected = p.Balance.Expected() + p.Suspense
	types, err := tx.VoucherTypes()
	if err != nil {
		return p, err
	}
	events, err := tx.VoucherEvents(b.ID, "", b.BusinessDate, b.BusinessDate)
	if err != nil {
		return p, err
	}
	for _, t := range types {
		h, err := holding(tx, b.ID, teller, t)
		if err != nil {
			return p, err
		}
		vp := VoucherPosition{Type: t}
		for _, r := range h.Ranges {
			for n := r.From; n <= r.To; n++ {
				if _, gone := h.WrittenOff[n]; !gone {
					vp.OnHand++
				}
			}
		}
		for _, e := range events {
			if e.Type != t.Code || e.Teller != teller {
				continue
			}
			switch e.State {
			case voucher.Used:
				vp.Used++
				vp.UsedNumbers = append(vp.UsedNumbers, e.Number)
			case voucher.Sold:
				vp.Sold++
				vp.UsedNumbers = append(vp.UsedNumbers, e.Number)
			case voucher.Voided:
				vp.Voided++
				vp.VoidNumbers = append(vp.VoidNumbers, e.Number)
			}
		}
		if vp.OnHand != 0 || vp.Used != 0 || vp.Sold != 0 || vp.Voided != 0 {
			p.Vouchers = append(p.Vouchers, vp)
		}
	}
	latest, err := tx.LatestTellerBalance(teller, b.BusinessDate)
	switch {
	case err == nil:
		p.Latest, p.LastCount = &latest, latest.Count
	case errors.Is(err, ErrNotFound):
		if prev, err := tx.LatestTellerBalance(teller, ""); err == nil {
			p.LastCount = prev.Count
		}
	default:
		return p, err
	}
	return p, nil
}

// Position is a teller's expected cash and vouchers now. A clerk sees
// their own; a B or A may look at any teller of the branch.
func (s *Service) Position(ctx context.Context, sess *Session, teller string) (Position, error) {
	if sess == nil {
		return Position{}, ErrNoSession
	}
	if teller == "" {
		teller = sess.user.ID
	}
	if teller != sess.user.ID && sess.user.Level == staff.LevelC {
		return Position{}, ErrNotPermitted
	}
	var p Position
	err := s.store.View(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		p, err = position(tx, b, teller)
		return err
	})
	return p, err
}

// BalanceInput is the teller's count at day end, and — when the count
// differs — the reason, the B who signs the difference off and the A who
// approves the suspense entry (挂账).
type BalanceInput struct {
	Count    cash.Count
	Vouchers map[string]int64 // type code → blank vouchers counted in hand
	Reason   string
	SignB    *Credential
	ApproveA *Credential
}

// DifferenceError is a count that differs from the system: it says by how
// much, and nothing is recorded until it is explained and signed.
type DifferenceError struct {
	Diff cash.Difference
	Err  error
}

func (e *DifferenceError) Error() string { return e.Message().String() }

// Message is the difference and the rule that stopped the balance.
func (e *DifferenceError) Message() msg.Text {
	return msg.Sprintf("钱箱%s：%v", e.Diff, e.Err)
}

// Unwrap gives the rule that stopped the balance.
func (e *DifferenceError) Unwrap() error { return e.Err }

// BalanceBox is the teller's day-end balance (轧账). A difference is never
// absorbed: it needs a reason, a B's sign-off and an A's approval, and
// goes to the suspense account by its own entry.
func (s *Service) BalanceBox(ctx context.Context, sess *Session, in BalanceInput) (TellerBalance, error) {
	if sess == nil {
		return TellerBalance{}, ErrNoSession
	}
	counted, err := in.Count.Total()
	if err != nil {
		return TellerBalance{}, err
	}
	var out TellerBalance
	var refusal error
	err = s.store.Tx(ctx, func(tx Tx) error {
		b, err := openDay(tx, sess)
		if err != nil {
			return err
		}
		teller := sess.user.ID
		p, err := position(tx, b, teller)
		if err != nil {
			return err
		}
		bal := TellerBalance{Branch: b.ID, Teller: teller, BusinessDate: b.BusinessDate, Expected: p.Expected,
			Counted: counted, Diff: counted - p.Expected, Count: in.Count, At: s.clock.Now()}
		for _, vp := range p.Vouchers {
			got := in.Vouchers[vp.Type.Code]
			if err := voucher.ThreeWay(vp.Type, vp.OnHand, got, vp.OnHand); err != nil {
				return err
			}
			bal.Vouchers = append(bal.Vouchers, VoucherCount{Type: vp.Type.Code, System: vp.OnHand, Physical: got, Register: vp.OnHand})
		}
		for code, n := range in.Vouchers {
			if n != 0 && !hasType(p.Vouchers, code) {
				t, _ := voucherType(tx, code)
				return voucher.ThreeWay(t, 0, n, 0)
			}
		}
		diff := cash.Difference{Amount: bal.Diff}
		if !diff.Balanced() {
			rec := cash.DifferenceRecord{Amount: bal.Diff, Teller: teller, Reason: in.Reason}
			sb, sa, ok := signers(in.SignB, in.ApproveA)
			if !ok || in.Reason == "" {
				if in.SignB != nil {
					rec.SignedOffB = in.SignB.UserID
				}
				if in.ApproveA != nil {
					rec.ApprovedA = in.ApproveA.UserID
				}
				refusal = &DifferenceError{Diff: diff, Err: rec.Check()}
				return nil
			}
			subject := fmt.Sprintf("柜员 %s 轧账%s 原因：%s", sess.user.Label(), diff.Title(), in.Reason)
			bApproval, aApproval, r, err := s.signOffBA(tx, signing{maker: teller, branch: b.ID, subject: subject},
				sb, sa, "teller_balance_refused", "轧账未记录")
			if err != nil || r != nil {
				refusal = r
				return err
			}
			rec.SignedOffB, rec.ApprovedA = bApproval.User.ID, aApproval.User.ID
			if err := cash.CanSignOut(diff, &rec); err != nil {
				return err
			}
			e := suspenseEntry(b, teller, bal.Diff, in.Reason, s.clock.Now())
			pv, err := tx.PolicyAt(b.BusinessDate)
			if err != nil {
				return err
			}
			e.PolicyVersion = pv.Version
			if err := s.writeEntry(tx, &e, []Approval{bApproval, aApproval}, subject, e.Kind.Title()); err != nil {
				return err
			}
			bal.Reason, bal.SignedB, bal.ApprovedA, bal.SuspenseEntry = in.Reason, rec.SignedOffB, rec.ApprovedA, e.ID
		}
		if bal.LastEntry, err = tx.LastEntryTouching(ledger.CashAccountNo(teller)); err != nil {
			return err
		}
		if bal.LastVoucher, err = tx.LastVoucherEvent(teller); err != nil {
			return err
		}
		if err := tx.InsertTellerBalance(&bal); err != nil {
			return err
		}
		out = bal
		return s.appendAudit(tx, teller, "teller_balance", audit.WithDigest(fmt.Sprintf("轧账 应有 %s 实点 %s %s", bal.Expected, bal.Counted, diff.Title()),
			RecordSubject(SubjectBalance, bal.ID), bal.Digest()))
	})
	if err != nil {
		return TellerBalance{}, err
	}
	if refusal != nil {
		return TellerBalance{}, refusal
	}
	return out, nil
}

func hasType(vs []VoucherPosition, code string) bool {
	for _, v := range vs {
		if v.Type.Code == code {
			return true
		}
	}
	return false
}

// suspenseEntry puts a cash difference in the branch's suspense account:
// a shortage takes the missing cash off the box, an overage adds the extra.
func suspenseEntry(b Branch, teller string, diff money.Amount, reason string, at time.Time) ledger.Entry {
	box, susp := ledger.CashAccountNo(teller), ledger.SuspenseAccountNo(b.ID)
	e := ledger.Entry{Branch: b.ID, BusinessDate: b.BusinessDate, Teller: teller, PostedAt: at, Reason: reason, Memo: "轧账差错挂账：" + reason}
	if diff < 0 {
		e.Kind, e.Amount, e.Account, e.Counterparty = ledger.CashShortage, -diff, box, susp
		e.Legs = []ledger.Leg{{Account: susp, Side: ledger.Debit, Amount: -diff}, {Account: box, Side: ledger.Credit, Amount: -diff}}
	} else {
		e.Kind, e.Amount, e.Account, e.Counterparty = ledger.CashOverage, diff, box, susp
		e.Legs = []ledger.Leg{{Account: box, Side: ledger.Debit, Amount: diff}, {Account: susp, Side: ledger.Credit, Amount: diff}}
	}
	return e
}

// Errors of the day end.
var (
	ErrNotBalanced   = errors.New("钱箱或凭证未轧账，或轧账后又有现金收付、凭证使用，不能正式签退")
	ErrBranchBlocked = errors.New("网点尚不能平账")
	ErrNotSupervisor = errors.New("此操作须由B级或A级柜员办理")
)

// balancedGate is the formal sign-out condition of 第十三条: the box and
// the blank vouchers are balanced and nothing went through either since.
// A teller who never held cash or vouchers has nothing to balance.
func balancedGate(tx Tx, teller, date string) error {
	held, err := heldToday(tx, teller, date)
	if err != nil || !held {
		return err
	}
	_, err = currentBalance(tx, teller, date)
	return err
}

// heldToday tells whether the teller's box held cash or their vouchers
// moved: what makes a balance needed.
func heldToday(tx Tx, teller, date string) (bool, error) {
	opening, flows, err := tx.CashFlows(ledger.CashAccountNo(teller), date)
	if err != nil {
		return false, err
	}
	lastVoucher, err := tx.LastVoucherEvent(teller)
	if err != nil {
		return false, err
	}
	return opening != 0 || len(flows) != 0 || lastVoucher != 0, nil
}

// currentBalance is the teller's latest balance of date, provided nothing
// went through the box or their vouchers since; else ErrNotBalanced.
func currentBalance(tx Tx, teller, date string) (TellerBalance, error) {
	bal, err := tx.LatestTellerBalance(teller, date)
	if errors.Is(err, ErrNotFound) {
		return bal, ErrNotBalanced
	}
	if err != nil {
		return bal, err
	}
	last, err := tx.LastEntryTouching(ledger.CashAccountNo(teller))
	if err != nil {
		return bal, err
	}
	lastVoucher, err := tx.LastVoucherEvent(teller)
	if err != nil {
		return bal, err
	}
	if last != bal.LastEntry || lastVoucher != bal.LastVoucher {
		return bal, ErrNotBalanced
	}
	return bal, nil
}

// CountVault records the keeper's count of the vault by denomination
// against the system (碰库). The count is kept even when it differs; the
// branch cannot close until a count agrees.
func (s *Service) CountVault(ctx context.Context, sess *Session, counted cash.Count) (VaultCount, []cash.Line, error) {
	if sess == nil {
		return VaultCount{}, nil, ErrNoSession
	}
	var out VaultCount
	var lines []cash.Line
	err := s.store.Tx(ctx, func(tx Tx) error {
		b, err := keeperOf(tx, sess, SettingVaultKeeper, ErrNotVaultKeeper)
		if err != nil {
			return err
		}
		if err := noCashPending(tx, b.ID); err != nil {
			return err
		}
		system, err := tx.VaultStock(b.ID)
		if err != nil {
			return err
		}
		if lines, err = cash.CompareByDenomination(system, counted); err != nil {
			return err
		}
		c := VaultCount{Branch: b.ID, BusinessDate: b.BusinessDate, Keeper: sess.user.ID, System: system, Physical: counted, At: s.clock.Now()}
		if c.Expected, err = system.Total(); err != nil {
			return err
		}
		if c.Counted, err = counted.Total(); err != nil {
			return err
		}
		c.Diff = c.Counted - c.Expected
		if c.LastMove, err = tx.LastCashMove(b.ID); err != nil {
			return err
		}
		if err := tx.InsertVaultCount(&c); err != nil {
			return err
		}
		out = c
		return s.appendAudit(tx, sess.user.ID, "vault_count", audit.WithDigest(fmt.Sprintf("碰库 账面 %s 实点 %s %s", c.Expected, c.Counted, cash.Difference{Amount: c.Diff}.Title()),
			RecordSubject(SubjectVault, c.ID), c.Digest()))
	})
	return out, lines, err
}

// closeCheck lists what still blocks the branch close, in words a
// supervisor acts on ("柜员 1001 张三 未正式签退", "现金支票 短 1 张").
func closeCheck(tx Tx, b Branch, physical map[string]int64) ([]msg.Text, []VoucherCount, error) {
	var blockers []msg.Text
	days, err := tx.Days(b.ID, b.BusinessDate)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range days {
		if d.State == DayClosed {
			continue
		}
		name := d.Teller
		if u, err := tx.User(d.Teller); err == nil {
			name = u.Label()
		}
		blockers = append(blockers, msg.Sprintf("柜员 %s %s，未正式签退", name, d.State.Title()))
	}
	pending, err := tx.HandOvers(b.ID, HandOverPending)
	if err != nil {
		return nil, nil, err
	}
	for _, h := range pending {
		blockers = append(blockers, msg.Sprintf("交接 #%d（%s → 柜员 %s）待确认：请对方确认、拒绝，或由%s撤销", h.ID, h.Keeper, h.Teller, h.Keeper))
	}
	unsent, err := unsentPayments(tx, b.ID)
	if err != nil {
		return nil, nil, err
	}
	blockers = append(blockers, unsent...)
	reviews, err := reviewBlockers(tx, b)
	if err != nil {
		return nil, nil, err
	}
	blockers = append(blockers, reviews...)
	vc, err := tx.LatestVaultCount(b.ID, b.BusinessDate)
	last, err2 := tx.LastCashMove(b.ID)
	switch {
	case errors.Is(err, ErrNotFound):
		stock, err := tx.VaultStock(b.ID)
		if err != nil {
			return nil, nil, err
		}
		if total, _ := stock.Total(); total != 0 || last != 0 {
			blockers = append(blockers, msg.Sprintf("总库今日未碰库"))
		}
	case err != nil:
		return nil, nil, err
	case err2 != nil:
		return nil, nil, err2
	case vc.LastMove != last:
		blockers = append(blockers, msg.Sprintf("总库碰库后又有现金调拨，须重新碰库"))
	case vc.Diff != 0:
		blockers = append(blockers, msg.Sprintf("总库碰库不符：%s，须重新清点，或登记差错（B级签字、A级审批后挂账）并重新碰库", cash.Difference{Amount: vc.Diff}))
	default:
		// The total agrees, but the books keep the vault by denomination
		// (RULES §3): a note too many of one and too few of another is
		// a difference too, never absorbed into a matching total.
		if off := denominationsOff(vc); len(off) > 0 {
			blockers = append(blockers, msg.Sprintf("总库碰库券别不符（合计相符）：%s，须重新清点，或登记差错（B级签字、A级审批后挂账）并重新碰库", msg.Join(off...)))
		}
	}
	types, err := tx.VoucherTypes()
	if err != nil {
		return nil, nil, err
	}
	var counts []VoucherCount
	for _, t := range types {
		nums, err := tx.VoucherNumbers(b.ID, t.Code)
		if err != nil {
			return nil, nil, err
		}
		events, err := tx.VoucherEvents(b.ID, t.Code, "0000-01-01", "9999-12-31")
		if err != nil {
			return nil, nil, err
		}
		var system, register int64
		for _, n := range nums {
			if n.State == voucher.Received || n.State == voucher.Issued || n.State == voucher.Returned {
				system++
			}
		}
		for _, e := range events {
			switch e.State {
			case voucher.Received:
				register++
			case voucher.Used, voucher.Sold, voucher.Voided:
				register--
			}
		}
		if system == 0 && register == 0 && physical[t.Code] == 0 {
			continue
		}
		got, counted := physical[t.Code]
		c := VoucherCount{Type: t.Code, System: system, Physical: got, Register: register}
		counts = append(counts, c)
		if !counted {
			blockers = append(blockers, msg.Sprintf("%s 未盘点实物（账面 %d %s）", t.Name, system, t.Unit))
			continue
		}
		if err := voucher.ThreeWay(t, system, got, register); err != nil {
			blockers = append(blockers, msg.Sprintf("%v", err))
		}
	}
	return blockers, counts, nil
}

// denominationsOff are the denominations of a vault count whose counted
// pieces differ from the books'.
func denominationsOff(vc VaultCount) []msg.Text {
	lines, err := cash.CompareByDenomination(vc.System, vc.Physical)
	if err != nil {
		return []msg.Text{msg.Sprintf("%v", err)}
	}
	var off []msg.Text
	for _, l := range lines {
		if l.Diff != 0 {
			off = append(off, msg.Sprintf("%s 账面 %d 实点 %d", l.Denomination.Name, l.Expected, l.Counted))
		}
	}
	return off
}

// CloseChecklist is what still blocks the branch close, in Chinese.
func (s *Service) CloseChecklist(ctx context.Context, sess *Session, physical map[string]int64) ([]string, []VoucherCount, error) {
	blockers, counts, err := s.CloseCheck(ctx, sess, physical)
	return texts(blockers), counts, err
}

// CloseCheck is what still blocks the branch close, each with its
// figures apart for a screen in another language.
func (s *Service) CloseCheck(ctx context.Context, sess *Session, physical map[string]int64) ([]msg.Text, []VoucherCount, error) {
	if sess == nil {
		return nil, nil, ErrNoSession
	}
	var blockers []msg.Text
	var counts []VoucherCount
	err := s.store.View(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		blockers, counts, err = closeCheck(tx, b, physical)
		return err
	})
	return blockers, counts, err
}

// BlockedError lists what stops the branch close.
type BlockedError struct {
	Blockers []string   // in Chinese
	Why      []msg.Text // the Blockers with their figures apart, for a screen in another language
}

func (e *BlockedError) Error() string {
	return ErrBranchBlocked.Error() + "：" + strings.Join(e.Blockers, "；")
}

// texts are the messages in Chinese.
func texts(ms []msg.Text) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.String()
	}
	return out
}

// Unwrap is ErrBranchBlocked.
func (e *BlockedError) Unwrap() error { return ErrBranchBlocked }

// CloseBranch is the branch's day end (平账): a B or A confirms that every
// teller signed out balanced, the vault is counted and every voucher type
// passes the three-way check, whose physical counts are an A's (a B
// closes with the counts an A kept); then the business date moves on.
func (s *Service) CloseBranch(ctx context.Context, sess *Session, physical map[string]int64) (BranchClose, error) {
	if sess == nil {
		return BranchClose{}, ErrNoSession
	}
	if sess.user.Level == staff.LevelC {
		return BranchClose{}, ErrNotSupervisor
	}
	var out BranchClose
	err := s.store.Tx(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		if sess.user.Level != staff.LevelA {
			if err := countedByManager(tx, b, physical); err != nil {
				return err
			}
		}
		blockers, counts, err := closeCheck(tx, b, physical)
		if err != nil {
			return err
		}
		if len(blockers) > 0 {
			return &BlockedError{Blockers: texts(blockers), Why: blockers}
		}
		d, err := time.Parse(time.DateOnly, b.BusinessDate)
		if err != nil {
			return err
		}
		c := BranchClose{Branch: b.ID, BusinessDate: b.BusinessDate, By: sess.user.ID,
			NextDate: d.AddDate(0, 0, 1).Format(time.DateOnly), Vouchers: counts, At: s.clock.Now()}
		if err := tx.InsertBranchClose(&c); err != nil {
			return err
		}
		b.BusinessDate = c.NextDate
		if err := tx.PutBranch(b); err != nil {
			return err
		}
		out = c
		return s.appendAudit(tx, sess.user.ID, "branch_close", audit.WithDigest(fmt.Sprintf("网点平账 营业日 %s → %s", c.BusinessDate, c.NextDate),
			RecordSubject(SubjectClose, c.ID), c.Digest()))
	})
	if err == nil {
		sess.branch.BusinessDate = out.NextDate
	}
	return out, err
}
