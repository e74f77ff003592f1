package counter

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"branchdesk/domain/audit"
	"branchdesk/domain/cash"
	"branchdesk/domain/ledger"
)

// RULES §3: a difference (长款 / 短款) is never silently absorbed; it is
// recorded with a reason and a B sign-off, and 第十四条 puts what cannot be
// cleared in suspense with the approval of the level above. A teller's box
// does it at the day-end balance (BalanceBox); the vault does it here,
// against the keeper's count (碰库), by denomination: the notes and coins
// missing go from the vault to suspense, those found too many come from
// suspense into the vault, each by its own entry and movement, so the
// vault's books are the count and the next count agrees.

// VaultDifferenceInput explains the vault count that differs: which count,
// why, the B (not the keeper) who signs it off and the A who approves the
// suspense entry.
type VaultDifferenceInput struct {
	Count    int64 // the VaultCount's id: the latest of the day
	Reason   string
	SignB    *Credential
	ApproveA *Credential
}

// VaultDifference is what recording a vault difference posted: the
// shortage and the overage, each a movement with its suspense entry, and
// either may be absent.
type VaultDifference struct {
	Count    VaultCount
	Shortage *CashMove // vault → suspense: the pieces missing
	Overage  *CashMove // suspense → vault: the pieces too many
}

// Errors of recording a vault difference.
var (
	ErrVaultCountNotLatest = errors.New("只能为今日最近一次碰库登记差错")
	ErrVaultCountStale     = errors.New("碰库后又有现金调拨，须重新碰库后再登记差错")
	ErrVaultNoDifference   = errors.New("碰库相符（券别亦相符），没有差错可登记")
	ErrVaultSignOff        = errors.New("总库差错须由管库员以外的B级柜员签字确认、A级柜员（业务主管）审批")
	ErrVaultCountByOther   = errors.New("只能由清点该次碰库的管库员本人登记差错，请重新碰库")
	// ErrVaultCashPending refuses a vault count, or its difference, while
	// cash offered to or from a box waits for its confirmation: the notes
	// have left one side physically but not yet in the books.
	ErrVaultCashPending = errors.New("有待确认的现金交接：请对方确认、拒绝或由管库员撤销后再碰库")
)

// noCashPending refuses while a cash hand-over of the branch is pending.
func noCashPending(tx Tx, branch string) error {
	p, err := pendingOf(tx, branch, 0)
	if err != nil {
		return err
	}
	if len(p.vault) > 0 || len(p.boxes) > 0 || len(p.toBoxes) > 0 {
		return ErrVaultCashPending
	}
	return nil
}

// vaultSuspense is the branch's suspense account as a party of a cash
// movement.
func vaultSuspense(branch string) cash.Party { return cash.Party{Kind: cash.Suspense, ID: branch} }

// RecordVaultDifference puts the difference of the day's latest vault
// count in suspense, by denomination, once a B other than the keeper has
// signed it off and an A has approved it. Nothing is recorded until both
// have; a count that agrees, an older count, or one with a movement since
// is refused. After it the keeper counts again, and the count agrees.
func (s *Service) RecordVaultDifference(ctx context.Context, sess *Session, in VaultDifferenceInput) (VaultDifference, error) {
	if sess == nil {
		return VaultDifference{}, ErrNoSession
	}
	in.Reason = strings.TrimSpace(in.Reason)
	var out VaultDifference
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		b, err := keeperOf(tx, sess, SettingVaultKeeper, ErrNotVaultKeeper)
		if err != nil {
			return err
		}
		vc, err := tx.LatestVaultCount(b.ID, b.BusinessDate)
		if errors.Is(err, ErrNotFound) || (err == nil && vc.ID != in.Count) {
			return ErrVaultCountNotLatest
		}
		if err != nil {
			return err
		}
		last, err := tx.LastCashMove(b.ID)
		if err != nil {
			return err
		}
		if vc.LastMove != last {
			return ErrVaultCountStale
		}
		if vc.Keeper != sess.user.ID {
			return ErrVaultCountByOther
		}
		if err := noCashPending(tx, b.ID); err != nil {
			return err
		}
		short, over, err := cash.SplitDifference(vc.System, vc.Physical)
		if err != nil {
			return err
		}
		if len(short) == 0 && len(over) == 0 {
			return ErrVaultNoDifference
		}
		if in.Reason == "" {
			return cash.ErrDifferenceReason
		}
		sb, sa, ok := signers(in.SignB, in.ApproveA)
		if !ok {
			return ErrVaultSignOff
		}
		keeper := sess.user.ID
		subject := fmt.Sprintf("总库碰库差错 #%d（账面 %s 实点 %s%s）管库员 %s 原因：%s",
			vc.ID, vc.Expected, vc.Counted, offLine(short, over), sess.user.Label(), in.Reason)
		bApproval, aApproval, r, err := s.signOffBA(tx, signing{maker: keeper, branch: b.ID, subject: subject},
			sb, sa, "vault_difference_refused", "差错未记录")
		if err != nil || r != nil {
			refusal = r
			return err
		}
		approvals := []Approval{bApproval, aApproval}
		vault, susp := cash.Party{Kind: cash.Vault, ID: b.ID}, vaultSuspense(b.ID)
		out.Count = vc
		for _, part := range []struct {
			count    cash.Count
			kind     ledger.Kind
			from, to cash.Party
			into     **CashMove
		}{
			{short, ledger.CashShortage, vault, susp, &out.Shortage},
			{over, ledger.CashOverage, susp, vault, &out.Overage},
		} {
			if len(part.count) == 0 {
				continue
			}
			amount, err := part.count.Total()
			if err != nil {
				return err
			}
			mv := CashMove{Branch: b.ID, BusinessDate: b.BusinessDate, Kind: part.kind, From: part.from, To: part.to,
				Keeper: keeper, Approver: aApproval.User.ID, Count: part.count, Amount: amount, At: s.clock.Now()}
			memo := fmt.Sprintf("总库碰库差错挂账（碰库 #%d）：%s；", vc.ID, in.Reason)
			if err := s.postMoveAs(tx, &mv, approvals, subject, memo, in.Reason); err != nil {
				return err
			}
			*part.into = &mv
		}
		return nil
	})
	if err != nil {
		return VaultDifference{}, err
	}
	if refusal != nil {
		return VaultDifference{}, refusal
	}
	return out, nil
}

// offLine is a vault difference in words: "，短 100元纸币×1，长 50元纸币×2".
func offLine(short, over cash.Count) string {
	var out string
	if len(short) > 0 {
		out += "，短 " + describeCount(short)
	}
	if len(over) > 0 {
		out += "，长 " + describeCount(over)
	}
	return out
}

// postMoveAs posts a movement's journal entry, as the keeper's, and
// records it by denomination; memo and reason, when given, say why (a
// difference put in suspense).
func (s *Service) postMoveAs(tx Tx, mv *CashMove, approvals []Approval, subject, memo, reason string) error {
	p, err := tx.PolicyAt(mv.BusinessDate)
	if err != nil {
		return err
	}
	acct, other := partyAccount(mv.From), partyAccount(mv.To)
	if mv.From.Kind == cash.Suspense {
		// A difference names the cash it is of, as a box's does (suspenseEntry).
		acct, other = other, acct
	}
	e := ledger.Entry{
		Branch: mv.Branch, BusinessDate: mv.BusinessDate, Teller: mv.Keeper, Kind: mv.Kind, Amount: mv.Amount,
		Account: acct, Counterparty: other, PolicyVersion: p.Version,
		Memo: memo + "券别：" + describeCount(mv.Count), Reason: reason, PostedAt: mv.At,
		Legs: []ledger.Leg{{Account: partyAccount(mv.To), Side: ledger.Debit, Amount: mv.Amount},
			{Account: partyAccount(mv.From), Side: ledger.Credit, Amount: mv.Amount}},
	}
	return s.writeEntry(tx, &e, approvals, subject, auditCashMove, func(e *ledger.Entry) ([]audit.Sealed, error) {
		mv.EntryID = e.ID
		if err := tx.InsertCashMove(mv); err != nil {
			return nil, err
		}
		return []audit.Sealed{{Subject: RecordSubject(SubjectCash, mv.ID), Digest: mv.Digest()}}, nil
	})
}
