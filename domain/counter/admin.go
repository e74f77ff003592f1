package counter

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"branchdesk/domain/audit"
	"branchdesk/domain/authz"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/ledger"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// Admin is who changes users, accounts and policies: an A signed in at a
// terminal, or the branch's administrator at the command line.
type Admin struct {
	actor  string
	branch string // "" for the command line: any branch
}

// CommandLine is the administrator using bdctl on the database file.
func CommandLine() Admin { return Admin{actor: "bdctl"} }

// AdminOf lets an A administer their own branch.
func AdminOf(sess *Session) (Admin, error) {
	if sess == nil {
		return Admin{}, ErrNoSession
	}
	if sess.user.Level != staff.LevelA {
		return Admin{}, ErrNeedLevelA
	}
	return Admin{actor: sess.user.ID, branch: sess.branch.ID}, nil
}

// ErrUserExists is returned when adding a user whose id is taken.
var ErrUserExists = errors.New("柜员号已存在")

// mayTouch checks, inside tx, that the administrator may change a record of
// branch: the command line anywhere; an A at a terminal only at their own
// branch, and only while they are still an active, unlocked A.
func (a Admin) mayTouch(tx Tx, branch string) error {
	if a.actor == "" {
		return ErrNotPermitted
	}
	if a.branch == "" {
		return nil
	}
	if branch != a.branch {
		return ErrOtherBranch
	}
	u, err := tx.User(a.actor)
	if err != nil {
		return err
	}
	if err := u.Usable(); err != nil {
		return err
	}
	if u.Level != staff.LevelA {
		return ErrNeedLevelA
	}
	return nil
}

// ErrSupervisorAccounts refuses a terminal A's change to a B or A account:
// one A could otherwise make themselves a second authorizer (第八条).
var ErrSupervisorAccounts = errors.New("B级、A级柜员账户由总行下发或由管理员用 bdctl 办理，网点业务主管只能管理C级柜员")

// mayManage checks that by may create or change an account of level l.
func (a Admin) mayManage(l staff.Level) error {
	if a.branch != "" && l != staff.LevelC {
		return ErrSupervisorAccounts
	}
	return nil
}

// ErrHeadOffice refuses a terminal's change to what head office decides:
// the authorization policy and the terminal settings.
var ErrHeadOffice = errors.New("授权策略和系统参数由总行下发或由管理员用 bdctl 设置，网点终端不能修改")

// AddUser creates a user with an initial password that must be changed at
// first login.
func (s *Service) AddUser(ctx context.Context, by Admin, u staff.User, pw string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if err := staff.CheckNewPassword("", pw); err != nil {
		return err
	}
	if by.actor == "" {
		return ErrNotPermitted
	}
	if err := by.mayManage(u.Level); err != nil {
		return err
	}
	h, err := staff.HashPassword(pw)
	if err != nil {
		return err
	}
	u.Hash, u.MustChange, u.Active, u.Locked, u.Failures = h, true, true, false, 0
	u.CreatedAt = s.clock.Now()
	return s.store.Tx(ctx, func(tx Tx) error {
		if err := by.mayTouch(tx, u.Branch); err != nil {
			return err
		}
		if _, err := tx.User(u.ID); err == nil {
			return ErrUserExists
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		if _, err := tx.Branch(u.Branch); err != nil {
			return msg.Errorf("%w：网点 %s", err, u.Branch)
		}
		if err := tx.InsertUser(u); err != nil {
			return err
		}
		return s.appendAudit(tx, by.actor, audit.UserAdd,
			fmt.Sprintf("新增柜员 %s %s级 网点 %s 信贷服务官:%v", u.Label(), u.Level, u.Branch, u.Officer))
	})
}

// changeUser loads a user, applies fn and records the change.
func (s *Service) changeUser(ctx context.Context, by Admin, id, action string, fn func(*staff.User) (string, error)) error {
	return s.changeUserTx(ctx, by, id, action, func(_ Tx, u *staff.User) (string, error) { return fn(u) })
}

// changeUserTx is changeUser for a change that reads the books first.
func (s *Service) changeUserTx(ctx context.Context, by Admin, id, action string, fn func(Tx, *staff.User) (string, error)) error {
	return s.store.Tx(ctx, func(tx Tx) error {
		u, err := tx.User(id)
		if err != nil {
			return msg.Errorf("%w：柜员 %s", err, id)
		}
		if err := by.mayTouch(tx, u.Branch); err != nil {
			return err
		}
		detail, err := fn(tx, &u)
		if err != nil {
			return err
		}
		if err := tx.UpdateUser(u); err != nil {
			return err
		}
		return s.appendAudit(tx, by.actor, action, u.Label()+"："+detail)
	})
}

// UnlockUser clears a lock after five wrong passwords; only an A does it.
func (s *Service) UnlockUser(ctx context.Context, by Admin, id string) error {
	return s.changeUser(ctx, by, id, audit.Unlocked, func(u *staff.User) (string, error) {
		u.Locked, u.Failures = false, 0
		return "解锁", nil
	})
}

// ResetPassword sets a temporary password that must be changed at next login.
func (s *Service) ResetPassword(ctx context.Context, by Admin, id, pw string) error {
	if err := staff.CheckNewPassword("", pw); err != nil {
		return err
	}
	h, err := staff.HashPassword(pw)
	if err != nil {
		return err
	}
	return s.changeUser(ctx, by, id, audit.PasswordReset, func(u *staff.User) (string, error) {
		if err := by.mayManage(u.Level); err != nil {
			return "", err
		}
		u.Hash, u.MustChange, u.Locked, u.Failures = h, true, false, 0
		return "重置密码（须首次登录修改）", nil
	})
}

// ErrDisableHolding refuses to disable a user who still holds cash, blank
// vouchers or register items: leave or transfer is a hand-over first
// (第十三条), and a disabled user's box could never be emptied.
var ErrDisableHolding = errors.New("该柜员尚持有现金、重要空白凭证或印章等物品，须先办理离岗交接或交回，方可停用")

// ErrDisableKeeper refuses to disable the B the branch names as vault
// keeper or voucher keeper: the vault or the blank-voucher stock would be
// left with no one to open it.
var ErrDisableKeeper = errors.New("该柜员是本网点指定的保管人，须先指定接替的人员，方可停用")

// MayDisable refuses to disable u while they hold anything, or keep the
// vault or the voucher stock by the branch's settings, whoever disables
// them: an A at a terminal, bdctl, or head office's bundle.
func MayDisable(tx Tx, u staff.User) error {
	for _, k := range []struct{ key, what string }{{SettingVaultKeeper, "总库管库员"}, {SettingVoucherKeeper, "重要空白凭证保管人"}} {
		named, err := settingOr(tx, k.key, "")
		if err != nil {
			return err
		}
		if named == u.ID {
			return msg.Errorf("%w（%s）", ErrDisableKeeper, k.what)
		}
	}
	b, err := tx.Branch(u.Branch)
	if err != nil {
		return err
	}
	inv, err := inventoryOf(tx, b, u.ID)
	if err != nil {
		return err
	}
	if !inv.Empty() {
		return msg.Errorf("%w（现金 %s，凭证 %d 种，登记物品 %d 件）", ErrDisableHolding, inv.Box, len(inv.Vouchers), len(inv.Seals))
	}
	return nil
}

// SetActive enables or disables a user; one who holds anything is
// disabled only after a hand-over.
func (s *Service) SetActive(ctx context.Context, by Admin, id string, active bool) error {
	return s.changeUserTx(ctx, by, id, audit.UserChange, func(tx Tx, u *staff.User) (string, error) {
		if u.ID == by.actor && !active {
			return "", errors.New("不能停用自己的账户")
		}
		if !active && u.Active {
			if err := MayDisable(tx, *u); err != nil {
				return "", err
			}
		}
		u.Active = active
		return "启用状态 → " + strconv.FormatBool(active), nil
	})
}

// SetLevel changes a user's level.
func (s *Service) SetLevel(ctx context.Context, by Admin, id string, l staff.Level) error {
	if _, err := staff.ParseLevel(string(l)); err != nil {
		return err
	}
	return s.changeUser(ctx, by, id, audit.UserChange, func(u *staff.User) (string, error) {
		if err := by.mayManage(u.Level); err != nil {
			return "", err
		}
		if err := by.mayManage(l); err != nil {
			return "", err
		}
		old := u.Level
		u.Level = l
		return fmt.Sprintf("级别 %s → %s", old, l), nil
	})
}

// Users lists a branch's users; B and A may see them.
func (s *Service) Users(ctx context.Context, sess *Session) ([]staff.User, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	if sess.user.Level == staff.LevelC {
		return nil, ErrNotPermitted
	}
	var out []staff.User
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Users(sess.branch.ID)
		return err
	})
	return out, err
}

// AddPolicy records a new version of the authorization thresholds. Its
// version is the next number; it applies from its effective date on.
func (s *Service) AddPolicy(ctx context.Context, by Admin, p authz.Policy) (authz.Policy, error) {
	if by.actor == "" {
		return p, ErrNotPermitted
	}
	if by.branch != "" {
		return p, ErrHeadOffice
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	err := s.store.Tx(ctx, func(tx Tx) error {
		all, err := tx.Policies()
		if err != nil {
			return err
		}
		p.Version = 1
		for _, q := range all {
			if q.Version >= p.Version {
				p.Version = q.Version + 1
			}
		}
		p.CreatedAt, p.CreatedBy = s.clock.Now(), by.actor
		if err := tx.InsertPolicy(p); err != nil {
			return err
		}
		detail := fmt.Sprintf("授权策略 v%d 生效 %s", p.Version, p.Effective)
		for _, k := range ledger.Kinds {
			l := p.Limits[k]
			detail += fmt.Sprintf("；%s C<%s B<%s", k.Title(), l.CLimit, l.BLimit)
		}
		return s.appendAudit(tx, by.actor, audit.PolicyAdd, detail)
	})
	return p, err
}

// Policies lists every version of the authorization policy.
func (s *Service) Policies(ctx context.Context) ([]authz.Policy, error) {
	var out []authz.Policy
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Policies()
		return err
	})
	return out, err
}

// OpenAccount records a customer account, with the balance carried over
// from the bank's core system.
func (s *Service) OpenAccount(ctx context.Context, by Admin, a ledger.Account) error {
	if a.No == "" || a.Holder == "" || (a.Type != ledger.Savings && a.Type != ledger.Corporate) || a.Balance < 0 {
		return errors.New("账户信息不完整：须有账号、户名、类型（储蓄/对公）和非负余额")
	}
	if a.HolderID != "" {
		a.HolderID = enterprise.NormalizeResidentID(a.HolderID)
		if err := enterprise.CheckResidentID(a.HolderID, s.clock.Now()); err != nil {
			return msg.Errorf("户主身份证号码：%w", err)
		}
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		if err := by.mayTouch(tx, a.Branch); err != nil {
			return err
		}
		if err := tx.InsertAccount(a); err != nil {
			return err
		}
		return s.appendAudit(tx, by.actor, "account_open", audit.WithDigest(fmt.Sprintf("开户 %s %s %s 余额 %s", a.No, a.Type.Title(), a.Holder, a.Balance),
			SubjectAccount+":"+a.No, accountDigest(a, a.Balance)))
	})
}

// AddBranch records a branch and its first business date.
func (s *Service) AddBranch(ctx context.Context, by Admin, b Branch) error {
	if by.actor == "" || by.branch != "" {
		return ErrNotPermitted
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		if err := tx.PutBranch(b); err != nil {
			return err
		}
		return s.appendAudit(tx, by.actor, "branch_add", fmt.Sprintf("网点 %s %s 营业日 %s", b.ID, b.Name, b.BusinessDate))
	})
}

// SetSetting changes a terminal setting (idle minutes, blind re-key, ceiling).
func (s *Service) SetSetting(ctx context.Context, by Admin, key, value string) error {
	if by.actor == "" {
		return ErrNotPermitted
	}
	if by.branch != "" {
		return ErrHeadOffice
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		if err := tx.PutSetting(key, value); err != nil {
			return err
		}
		return s.appendAudit(tx, by.actor, audit.SettingChange, key+" = "+value)
	})
}

// IdleMinutes is how long the terminal waits before it locks itself.
func (s *Service) IdleMinutes(ctx context.Context) int {
	m := 5
	_ = s.store.View(ctx, func(tx Tx) error {
		v, err := tx.Setting(SettingIdleMinute)
		if err == nil {
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				m = n
			}
		}
		return nil
	})
	return m
}

// Account reads a customer account, for the business form.
func (s *Service) Account(ctx context.Context, no string) (ledger.Account, error) {
	var a ledger.Account
	err := s.store.View(ctx, func(tx Tx) (err error) {
		a, err = tx.Account(no)
		return err
	})
	return a, err
}

// ErrSearchShort asks for more of a name or number before searching.
var ErrSearchShort = errors.New("请输入至少 2 个字的户名，或账号的前 4 位以上")

// FindLimit is the most accounts FindAccounts returns.
const FindLimit = 50

// FindAccounts finds the branch's customer accounts by part of the
// holder's name (2 characters at least), the start of the number (4
// digits at least) or the holder's whole ID number, for the teller to
// choose from.
func (s *Service) FindAccounts(ctx context.Context, sess *Session, q string) ([]ledger.Account, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	q = strings.TrimSpace(q)
	n := utf8.RuneCountInString(q)
	if n < 2 || (isDigits(q) && n < 4) {
		return nil, ErrSearchShort
	}
	if n == 18 {
		// A holder's ID number is found as typed or with a small x.
		q = enterprise.NormalizeResidentID(q)
	}
	var out []ledger.Account
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.FindAccounts(sess.branch.ID, q, FindLimit)
		return err
	})
	return out, err
}

func isDigits(s string) bool {
	return strings.Trim(s, "0123456789") == ""
}

// User reads one user.
func (s *Service) User(ctx context.Context, id string) (staff.User, error) {
	var u staff.User
	err := s.store.View(ctx, func(tx Tx) (err error) {
		u, err = tx.User(id)
		return err
	})
	return u, err
}

// VerifyAudit walks the whole trail and reports the first break, or nil.
func (s *Service) VerifyAudit(ctx context.Context) (rows int, brk *audit.Break, err error) {
	err = s.store.View(ctx, func(tx Tx) error {
		id, hash, err := tx.AuditHead()
		if err != nil {
			return err
		}
		v := audit.NewVerifier(id, hash)
		if err := tx.AuditRows(func(r audit.Row) error {
			v.Next(r)
			return nil
		}); err != nil {
			return err
		}
		rows, brk = v.Rows(), v.End()
		return nil
	})
	return rows, brk, err
}
