package counter

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// Settings of the cash and voucher keepers.
const (
	SettingVaultKeeper   = "vault_keeper"       // the B who keeps the vault (总库)
	SettingVoucherKeeper = "voucher_keeper"     // the B who keeps blank vouchers (重空)
	SettingVoucherBooks  = "voucher_bookkeeper" // who keeps the voucher books (账证分管)
	SettingBoxLimit      = "box_limit"          // default cash-box limit in fen
	DefaultBoxLimit      = money.Amount(300_000_00)
	auditCashMove        = "cash_move"
	auditBoxLimit        = "box_limit"
)

// Errors of cash movements.
var (
	ErrNotVaultKeeper = errors.New("只有总库管库员（B级）可以办理现金出入库和调拨")
	ErrBoxShort       = errors.New("柜员钱箱余额不足")
	ErrWrongConfirmer = errors.New("须由收付款柜员本人输入密码确认")
	ErrKeeperOwnBox   = errors.New("管库员不能为自己的钱箱办理出入库")
	ErrNeedApproval   = errors.New("与支行调拨现金须A级柜员（业务主管）审批")
	ErrOtherVault     = errors.New("只能调拨本网点总库的现金")
	// ErrBoxLimit refuses cash from the vault that would take a teller's
	// box past its maximum (第九条: cash above it goes up to the vault, so
	// the vault never sends it down).
	ErrBoxLimit = errors.New("总库出库后柜员钱箱将超过最高限额")
	// ErrCashRefused is the teller, counting the cash at the keeper's
	// terminal, refusing to confirm it: nothing moves.
	ErrCashRefused error = refusedAs("柜员拒绝确认该笔现金出入库")
)

// MoveRequest is a cash movement as the vault keeper keys it: from where,
// to where, how many of each note and coin, and the amount they add up to.
type MoveRequest struct {
	From, To cash.Party
	Count    cash.Count
	Amount   money.Amount
}

func moveKind(from, to cash.Party) ledger.Kind {
	switch {
	case from.Kind == cash.Vault && to.Kind == cash.TellerBox:
		return ledger.VaultIssue
	case from.Kind == cash.TellerBox && to.Kind == cash.Vault:
		return ledger.VaultReceive
	case from.Kind == cash.SubBranch:
		return ledger.TransferIn
	}
	return ledger.TransferOut
}

func partyAccount(p cash.Party) string {
	switch p.Kind {
	case cash.Vault:
		return ledger.VaultAccountNo(p.ID)
	case cash.TellerBox:
		return ledger.CashAccountNo(p.ID)
	case cash.Suspense:
		return ledger.SuspenseAccountNo(p.ID)
	}
	return ledger.SubBranchAccountNo(p.ID)
}

// settingOr reads a setting, or def when it is not set.
func settingOr(tx Tx, key, def string) (string, error) {
	v, err := tx.Setting(key)
	if errors.Is(err, ErrNotFound) || (err == nil && v == "") {
		return def, nil
	}
	return v, err
}

// isKeeper checks that u keeps what key names: the user the setting names,
// or, when none is named, any B.
func isKeeper(tx Tx, key string, u staff.User) (bool, error) {
	v, err := settingOr(tx, key, "")
	if err != nil {
		return false, err
	}
	// Keepers are B (第十条、RULES §2), whoever the setting names.
	if u.Level != staff.LevelB {
		return false, nil
	}
	return v == "" || v == u.ID, nil
}

// balanceOf is an internal asset account's balance now: its debits minus
// credits, which the journal keeps as a running total.
func balanceOf(tx Tx, account string) (money.Amount, error) {
	return tx.NetDebit(account)
}

// BoxBalance is a teller's cash-box balance, derived from the journal.
func (s *Service) BoxBalance(ctx context.Context, sess *Session, teller string) (money.Amount, error) {
	if sess == nil {
		return 0, ErrNoSession
	}
	var bal money.Amount
	err := s.store.View(ctx, func(tx Tx) (err error) {
		bal, err = balanceOf(tx, ledger.CashAccountNo(teller))
		return err
	})
	return bal, err
}

// KeepsVault reports whether sess may move the vault's cash (the keeper the
// branch names, a B), and if not, who may: the screens offer the movement
// form only to the keeper and name them to everyone else.
func (s *Service) KeepsVault(ctx context.Context, sess *Session) (bool, string, error) {
	if sess == nil {
		return false, "", ErrNoSession
	}
	var ok bool
	var who string
	err := s.store.View(ctx, func(tx Tx) (err error) {
		if ok, err = isKeeper(tx, SettingVaultKeeper, sess.user); err != nil || ok {
			return err
		}
		id, err := settingOr(tx, SettingVaultKeeper, "")
		if err != nil || id == "" {
			who = "本网点任一B级柜员（业务主办）"
			return err
		}
		who = id
		if u, err := tx.User(id); err == nil {
			who = u.Label()
		}
		return nil
	})
	return ok, who, err
}

// VaultStock is the vault's notes and coins, derived from every movement.
func (s *Service) VaultStock(ctx context.Context, sess *Session) (cash.Count, money.Amount, error) {
	if sess == nil {
		return nil, 0, ErrNoSession
	}
	var c cash.Count
	var total money.Amount
	err := s.store.View(ctx, func(tx Tx) (err error) {
		if c, err = tx.VaultStock(sess.branch.ID); err != nil {
			return err
		}
		total, err = c.Total()
		return err
	})
	return c, total, err
}

// boxLimit is a teller's cash-box limit: their own, or the branch default.
func boxLimit(tx Tx, box CashBox) (cash.BoxLimit, error) {
	if box.OwnLimit {
		return cash.BoxLimit{Max: box.Limit}, nil
	}
	v, err := settingOr(tx, SettingBoxLimit, strconv.FormatInt(int64(DefaultBoxLimit), 10))
	if err != nil {
		return cash.BoxLimit{}, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return cash.BoxLimit{Max: DefaultBoxLimit}, nil
	}
	return cash.BoxLimit{Max: money.Amount(n)}, nil
}

// SetBoxLimit sets one teller's cash-box limit (最高限额).
func (s *Service) SetBoxLimit(ctx context.Context, by Admin, teller string, max money.Amount) error {
	if err := (cash.BoxLimit{Max: max}).Validate(); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		u, err := tx.User(teller)
		if err != nil {
			return msg.Errorf("%w：柜员 %s", err, teller)
		}
		if err := by.mayTouch(tx, u.Branch); err != nil {
			return err
		}
		if err := tx.PutBoxLimit(teller, max); err != nil {
			return err
		}
		return s.appendAudit(tx, by.actor, auditBoxLimit, fmt.Sprintf("柜员 %s 钱箱最高限额 %s", u.Label(), max))
	})
}

// MoveCash moves counted cash between the vault and a teller box (the
// teller confirms with their password) or a sub-branch (an A approves).
// The teller or the A may refuse instead (confirm.Approve unset), with a
// reason: nothing moves. Tellers never move cash between each other (第九条).
func (s *Service) MoveCash(ctx context.Context, sess *Session, m MoveRequest, confirm Credential) (CashMove, error) {
	if sess == nil {
		return CashMove{}, ErrNoSession
	}
	if err := m.check(); err != nil {
		return CashMove{}, err
	}
	var out CashMove
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		b, err := vaultKeeperFor(tx, sess, m)
		if err != nil {
			return err
		}
		if err := vaultCovers(tx, b.ID, m, 0); err != nil {
			return err
		}
		mv := CashMove{Branch: b.ID, BusinessDate: b.BusinessDate, Kind: moveKind(m.From, m.To),
			From: m.From, To: m.To, Keeper: sess.user.ID, Count: m.Count, Amount: m.Amount, At: s.clock.Now()}
		subject := fmt.Sprintf("%s %s → %s %s 管库员 %s", mv.Kind.Title(), partyAccount(m.From), partyAccount(m.To), m.Amount, sess.user.Label())
		var approvals []Approval
		if box, ok := tellerOf(m.From, m.To); ok {
			if box == sess.user.ID {
				return ErrKeeperOwnBox
			}
			if confirm.UserID != box {
				return ErrWrongConfirmer
			}
			u, err := tx.User(box)
			if err != nil {
				return msg.Errorf("%w：柜员 %s", err, box)
			}
			if u.Branch != b.ID {
				return ErrOtherBranch
			}
			if d, err := tx.Day(box, b.BusinessDate); err != nil || d.State != DayOpen {
				return msg.Errorf("柜员 %s：%w", box, ErrDayNotOpen)
			}
			if err := boxCovers(tx, b.ID, m, 0); err != nil {
				return err
			}
			if err := boxRoom(tx, b.ID, m, 0); err != nil {
				return err
			}
			if err := u.Usable(); err != nil {
				refusal = err
				return nil
			}
			if refusal, err = s.authenticate(tx, &u, confirm.Password, "现金出入库确认密码错误"); err != nil || refusal != nil {
				return err
			}
			if !confirm.Approve {
				refusal, err = s.refuse(tx, signing{subject: subject, refused: ErrCashRefused}, u, confirm.Reason)
				return err
			}
			mv.Teller = box
		} else if cash.NeedsA(m.From, m.To) {
			if confirm.UserID == "" {
				return ErrNeedApproval
			}
			a, r, err := s.verify(tx, signing{stage: authz.StageA, maker: sess.user.ID, branch: b.ID, subject: subject}, confirm)
			if err != nil || r != nil {
				refusal = r
				return err
			}
			mv.Approver = a.User.ID
			approvals = append(approvals, a)
		}
		if mv.Teller != "" {
			subject += " 柜员确认 " + mv.Teller
		}
		if err := s.postMove(tx, &mv, approvals, subject); err != nil {
			return err
		}
		out = mv
		return nil
	})
	if err != nil {
		return CashMove{}, err
	}
	if refusal != nil {
		return CashMove{}, refusal
	}
	return out, nil
}

// check verifies a movement as keyed: its two sides, and the count
// against the amount.
func (m MoveRequest) check() error {
	if err := cash.CheckMovement(m.From, m.To); err != nil {
		return err
	}
	if err := cash.CheckDeclared(m.Count, m.Amount); err != nil {
		return err
	}
	if m.Amount <= 0 {
		return money.ErrZero
	}
	return nil
}

// vaultKeeperFor checks that sess keeps the vault m moves cash through.
func vaultKeeperFor(tx Tx, sess *Session, m MoveRequest) (Branch, error) {
	b, err := keeperOf(tx, sess, SettingVaultKeeper, ErrNotVaultKeeper)
	if err != nil {
		return b, err
	}
	for _, p := range []cash.Party{m.From, m.To} {
		if p.Kind == cash.Vault && p.ID != b.ID {
			return b, ErrOtherVault
		}
	}
	return b, nil
}

// vaultCovers checks that the vault holds what m takes out of it, by
// denomination, besides what pending hand-overs other than skip have
// promised (第九条: the vault never goes below zero).
func vaultCovers(tx Tx, branch string, m MoveRequest, skip int64) error {
	if m.From.Kind != cash.Vault {
		return nil
	}
	stock, err := tx.VaultStock(branch)
	if err != nil {
		return err
	}
	p, err := pendingOf(tx, branch, skip)
	if err != nil {
		return err
	}
	if stock, err = stock.Sub(p.vault); err != nil {
		return msg.Errorf("总库%w", err)
	}
	if _, err := stock.Sub(m.Count); err != nil {
		if len(p.vault) > 0 {
			return msg.Errorf("总库%w（已扣除待确认交接）", err)
		}
		return msg.Errorf("总库%w", err)
	}
	return nil
}

// boxCovers checks that a teller's box holds what m hands to the vault,
// besides what pending hand-overs other than skip have promised from it.
func boxCovers(tx Tx, branch string, m MoveRequest, skip int64) error {
	if m.From.Kind != cash.TellerBox {
		return nil
	}
	box := m.From.ID
	bal, err := balanceOf(tx, ledger.CashAccountNo(box))
	if err != nil {
		return err
	}
	p, err := pendingOf(tx, branch, skip)
	if err != nil {
		return err
	}
	if free := bal - p.boxes[box]; free < m.Amount {
		if p.boxes[box] > 0 {
			return msg.Errorf("%w：柜员 %s 钱箱余额 %s，其中待确认交接 %s", ErrBoxShort, box, bal, p.boxes[box])
		}
		return msg.Errorf("%w：柜员 %s 钱箱余额 %s", ErrBoxShort, box, bal)
	}
	return nil
}

// boxRoom checks that a teller's box has room, under its maximum
// (最高限额), for the cash m brings it from the vault, besides what pending
// hand-overs other than skip have promised it (第九条). Cash going up to
// the vault is never limited.
func boxRoom(tx Tx, branch string, m MoveRequest, skip int64) error {
	if m.To.Kind != cash.TellerBox {
		return nil
	}
	teller := m.To.ID
	st, err := tx.Standing(teller, branch)
	if err != nil {
		return msg.Errorf("%w：柜员 %s", err, teller)
	}
	limit, err := boxLimit(tx, st.Box)
	if err != nil {
		return err
	}
	p, err := pendingOf(tx, branch, skip)
	if err != nil {
		return err
	}
	bal, promised := st.Box.Balance, p.toBoxes[teller]
	if bal+promised+m.Amount <= limit.Max {
		return nil
	}
	if promised > 0 {
		return msg.Errorf("%w：柜员 %s 钱箱余额 %s，待确认交接 %s，最高限额 %s，本次 %s", ErrBoxLimit, teller, bal, promised, limit.Max, m.Amount)
	}
	return msg.Errorf("%w：柜员 %s 钱箱余额 %s，最高限额 %s，本次 %s", ErrBoxLimit, teller, bal, limit.Max, m.Amount)
}

// postMove posts a movement's journal entry, as the keeper's, and
// records it by denomination.
func (s *Service) postMove(tx Tx, mv *CashMove, approvals []Approval, subject string) error {
	return s.postMoveAs(tx, mv, approvals, subject, "", "")
}

func tellerOf(from, to cash.Party) (string, bool) {
	if from.Kind == cash.TellerBox {
		return from.ID, true
	}
	if to.Kind == cash.TellerBox {
		return to.ID, true
	}
	return "", false
}

// describeCount is a count in words: "100元纸币×500 50元纸币×10".
func describeCount(c cash.Count) string {
	var out string
	for _, d := range cash.Denominations() {
		if n := c[d.Code]; n != 0 {
			if out != "" {
				out += " "
			}
			out += fmt.Sprintf("%s×%d", d.Name, n)
		}
	}
	return out
}

// CashMoves lists the branch's cash movements between two business dates.
func (s *Service) CashMoves(ctx context.Context, sess *Session, from, to string) ([]CashMove, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	var out []CashMove
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.CashMoves(sess.branch.ID, from, to)
		return err
	})
	return out, err
}
