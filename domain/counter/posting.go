package counter

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// Request is a business the teller keyed in.
type Request struct {
	Kind         ledger.Kind
	Account      string
	Counterparty string // transfers only
	Amount       money.Amount
	Memo         string
	Voucher      *VoucherUse // the blank voucher the business writes off, if any
	// toTransit marks a payment order's debit (第十一条): its credit goes
	// to the branch's 待清算往来 account, never to a customer's.
	toTransit bool
	// Presenter is who brought or took the cash: required at or above
	// ledger.IDThreshold, kept with the entry.
	Presenter ledger.Presenter
}

// Draft is a business waiting for its authorizations. Only Prepare and
// PrepareReversal make one, and only Authorize adds a signature, so the
// caller cannot post what the rules did not approve. Its signatures and
// outcome live behind one shared, locked pointer: a copy of a Draft is the
// same draft, and a signature is used by one posting only.
type Draft struct {
	sess        *Session
	req         Request
	holder      string
	cpHolder    string
	original    *ledger.Entry // set for a reversal
	reason      string
	requirement authz.Requirement
	blind       bool
	confirm     bool // the teller takes a last look before it posts
	warning     string
	key         string // idempotency key, see Key
	st          *draftState
	written     func(tx Tx, e *ledger.Entry) error // runs in Post's transaction, if set
}

// draftState is what changes on a draft, shared by its copies.
type draftState struct {
	mu        sync.Mutex
	approvals []Approval
	refused   bool
	posted    bool
	queued    bool // sent to the remote authorization queue
	tried     bool // a Post reached the store: a retry asks the journal by the key first
}

// Request is the business as keyed.
func (d *Draft) Request() Request { return d.req }

// Holder is the account holder's name.
func (d *Draft) Holder() string { return d.holder }

// CounterpartyHolder is the transfer counterparty's name.
func (d *Draft) CounterpartyHolder() string { return d.cpHolder }

// Maker is the person who keyed the business.
func (d *Draft) Maker() staff.User { return d.sess.user }

// Requirement is the authorization the business needs, and why.
func (d *Draft) Requirement() authz.Requirement { return d.requirement }

// Original is the entry a reversal draft undoes, or nil.
func (d *Draft) Original() *ledger.Entry { return d.original }

// Reason is a reversal's reason.
func (d *Draft) Reason() string { return d.reason }

// Approvals are the signatures given so far.
func (d *Draft) Approvals() []Approval {
	d.st.mu.Lock()
	defer d.st.mu.Unlock()
	return append([]Approval(nil), d.st.approvals...)
}

// NextStage is the signature still missing, if any.
func (d *Draft) NextStage() (authz.Stage, bool) {
	d.st.mu.Lock()
	defer d.st.mu.Unlock()
	return d.nextStage()
}

// nextStage is NextStage with the state locked.
func (d *Draft) nextStage() (authz.Stage, bool) {
	st := d.requirement.Need.Stages()
	if len(d.st.approvals) >= len(st) {
		return "", false
	}
	return st[len(d.st.approvals)], true
}

// Warning is what the teller should know but that does not stop the
// business, e.g. the cash box going over its limit.
func (d *Draft) Warning() string { return d.warning }

// Blind reports whether authorizers must re-key the amount without seeing it.
func (d *Draft) Blind() bool { return d.blind }

// Refused reports whether an authorizer refused the business.
func (d *Draft) Refused() bool {
	d.st.mu.Lock()
	defer d.st.mu.Unlock()
	return d.st.refused
}

// Summary is the business in one line, for authorizers and the trail.
func (d *Draft) Summary() string { return d.SummaryLine().String() }

// SummaryLine is Summary in parts, which a screen translates one by one.
func (d *Draft) SummaryLine() msg.Line { return d.summaryLine(d.req.Amount) }

// BlindLine is SummaryLine without the amount, for a draft whose
// authorizers re-key it blind.
func (d *Draft) BlindLine() msg.Line { return d.summaryLine(msg.Sprintf("******（不显示）")) }

// summaryLine is the business in parts, amount saying what it says of the
// amount: the figure, or why it is not shown.
func (d *Draft) summaryLine(amount any) msg.Line {
	var l msg.Line
	if d.original != nil {
		l = append(l, msg.Sprintf("冲正 #%d", d.original.ID))
	}
	l = append(l, msg.Sprintf("%s 账号 %s（%s）", d.req.Kind.Title(), d.req.Account, d.holder))
	if d.req.Kind.IsTransfer() {
		l = append(l, msg.Sprintf("→ %s（%s）", d.req.Counterparty, d.cpHolder))
	}
	l = append(l, msg.Sprintf("金额 %s 经办 %s", amount, d.sess.user.Label()))
	if p := d.req.Presenter; !p.Customer.Empty() {
		l = append(l, msg.Sprintf("客户证件 %s", p.Customer.Message()))
	}
	if p := d.req.Presenter; !p.Agent.Empty() {
		l = append(l, msg.Sprintf("代办人 %s %s", p.Agent.Name, p.Agent.Doc.Message()))
	}
	return l
}

// Errors of posting.
var (
	ErrDayNotOpen    = errors.New("柜员未签到或已临时签退，不能办理业务")
	ErrDraftRefused  = errors.New("该笔业务已被拒绝授权，不能记账")
	ErrDraftPosted   = errors.New("该笔业务已记账")
	ErrNotCustomer   = errors.New("对方账户须为储蓄或对公客户账户")
	ErrPolicyChanged = errors.New("授权策略已变更，请重新提交业务")
	ErrOtherBranch   = errors.New("账户不属于本网点")
)

// Settings that shape authorization.
const (
	SettingBlindB     = "blind_rekey_b"  // B re-keys the amount blind; default off
	SettingBlindBA    = "blind_rekey_ba" // B and A re-key blind for 二次授权; default on
	SettingIdleMinute = "idle_minutes"   // terminal locks after this idle time; default 5
	SettingCeiling    = "amount_ceiling" // largest amount in fen a teller may key
	// SettingConfirmSmallDeposits off spares a cash deposit within the C
	// limit the last look before posting; default on.
	SettingConfirmSmallDeposits = "confirm_small_deposits"
)

func boolSetting(tx Tx, key string, def bool) (bool, error) {
	v, err := tx.Setting(key)
	if errors.Is(err, ErrNotFound) || (err == nil && v == "") {
		return def, nil
	}
	if err != nil {
		return false, err
	}
	return v == "1" || v == "true" || v == "on", nil
}

// requirementFor is who must sign a business: the policy in force on the
// business date, and a B when cash comes into the teller's box (as
// standing read it) already over its limit (第九条).
func requirementFor(tx Tx, b Branch, box CashBox, r Request) (authz.Requirement, string, error) {
	v, kindLimit, err := tx.LimitAt(b.BusinessDate, r.Kind)
	if err != nil {
		return authz.Requirement{}, "", fmt.Errorf("counter: no authorization policy for %s %s: %w", b.BusinessDate, r.Kind.Title(), err)
	}
	p := authz.Policy{Version: v, Limits: map[ledger.Kind]authz.Limit{r.Kind: kindLimit}}
	req, err := p.Require(r.Kind, r.Amount)
	if err != nil || r.Kind.IsTransfer() {
		return req, "", err
	}
	bal := box.Balance
	if !r.Kind.CashIn() {
		// A teller pays out only cash that is in their box.
		if bal < r.Amount {
			return req, "", msg.Errorf("%w：钱箱现金 %s，请先从总库领取现金", ErrBoxShort, bal)
		}
		return req, "", nil
	}
	limit, err := boxLimit(tx, box)
	if err != nil {
		return req, "", err
	}
	warning, err := cash.CheckCashIn(bal, r.Amount, limit, req.Need != authz.NeedNone)
	switch {
	case errors.Is(err, cash.ErrOverBoxLimit):
		req.Need = authz.NeedB
		why := msg.Sprintf("%s：需B级授权后方可收款", err)
		req.Reason, req.Why = why.String(), &why
		return req, "", nil
	case err != nil:
		return req, "", err
	}
	return req, warning, nil
}

// checkRequest validates the business against the accounts as they stand.
func checkRequest(tx Tx, branch string, r Request, ceiling money.Amount) (holder, cpHolder string, err error) {
	if r.Amount <= 0 {
		return "", "", money.ErrZero
	}
	if r.Amount > ceiling {
		return "", "", msg.Errorf("%w（上限 %s）", money.ErrTooLarge, ceiling)
	}
	acct, err := tx.Account(r.Account)
	if errors.Is(err, ErrNotFound) {
		return "", "", msg.Errorf("%w：%s", ledger.ErrNoAccount, r.Account)
	}
	if err != nil {
		return "", "", err
	}
	if acct.Type != r.Kind.AccountType() {
		return "", "", msg.Errorf("%w：%s 是%s账户", ledger.ErrWrongAccount, acct.No, acct.Type.Title())
	}
	if acct.Branch != branch {
		return "", "", ErrOtherBranch
	}
	if !r.Kind.CashIn() && acct.Available() < r.Amount {
		return "", "", overdraft(acct)
	}
	if r.Kind.IsTransfer() {
		if r.Counterparty == r.Account {
			return "", "", ledger.ErrSameAccount
		}
		if r.toTransit {
			if r.Counterparty != ledger.PaymentsInTransitNo(branch) {
				return "", "", ErrNotCustomer
			}
			return acct.Holder, ledger.PaymentsInTransitTitle, nil
		}
		cp, err := tx.Account(r.Counterparty)
		if errors.Is(err, ErrNotFound) {
			return "", "", msg.Errorf("%w：%s", ledger.ErrNoAccount, r.Counterparty)
		}
		if err != nil {
			return "", "", err
		}
		if cp.Type != ledger.Savings && cp.Type != ledger.Corporate {
			return "", "", ErrNotCustomer
		}
		cpHolder = cp.Holder
	}
	return acct.Holder, cpHolder, nil
}

func ceilingOf(tx Tx) (money.Amount, error) {
	v, err := tx.Setting(SettingCeiling)
	if errors.Is(err, ErrNotFound) || (err == nil && v == "") {
		return money.DefaultCeiling, nil
	}
	if err != nil {
		return 0, err
	}
	var c int64
	if _, err := fmt.Sscan(v, &c); err != nil || c <= 0 {
		return money.DefaultCeiling, nil
	}
	return money.Amount(c), nil
}

func openDay(tx Tx, sess *Session) (Branch, error) {
	st, err := standing(tx, sess)
	return st.Branch, err
}

// standing is openDay giving all it read, the teller's cash box too.
func standing(tx Tx, sess *Session) (Standing, error) {
	// The user as they stand now: a session does not outlive a disabled
	// or locked account, nor keep a level taken away. One read brings
	// the user, the branch, the day, the terminal and the box.
	st, err := tx.Standing(sess.user.ID, sess.branch.ID)
	if err != nil {
		return Standing{}, err
	}
	if err := st.User.Usable(); err != nil {
		return Standing{}, err
	}
	sess.user = st.User
	if st.Day.State != DayOpen {
		return st, ErrDayNotOpen
	}
	// The day is the teller's, not the terminal's: business is done only
	// at the terminal they signed in at.
	return st, signedInAt(st.User.ID, st.Terminal, sess.terminal)
}

// cashQualified refuses cash business (a reversal of it too) to a teller
// without an anti-counterfeit certificate valid on the business date
// (第五条); transfers need none.
func (st Standing) cashQualified(k ledger.Kind) error {
	if !k.IsCash() {
		return nil
	}
	return st.Certificate.CashAllowed(st.Branch.BusinessDate)
}

// foresight is what checking the business reads after the standing.
func (r Request) foresight() Foresight {
	return Foresight{Accounts: []string{r.Account, r.Counterparty}, Kind: r.Kind}
}

// Prepare checks a business and works out who must authorize it under
// the policy in force on the business date (第十五条).
func (s *Service) Prepare(ctx context.Context, sess *Session, r Request) (*Draft, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	r.Account, r.Counterparty = strings.TrimSpace(r.Account), strings.TrimSpace(r.Counterparty)
	if !r.Kind.IsTransfer() {
		r.Counterparty = ""
	}
	d := s.newDraft(Draft{sess: sess, req: r})
	err := s.store.View(ctx, func(tx Tx) error {
		tx.Foresee(r.foresight())
		st, err := standing(tx, sess)
		if err != nil {
			return err
		}
		b := st.Branch
		ceiling, err := ceilingOf(tx)
		if err != nil {
			return err
		}
		if d.holder, d.cpHolder, err = checkRequest(tx, b.ID, r, ceiling); err != nil {
			return err
		}
		if d.req.Presenter, err = ledger.CheckPresenter(r.Kind, r.Amount, r.Presenter, dayOf(b, s.clock)); err != nil {
			return err
		}
		if err := st.cashQualified(r.Kind); err != nil {
			return err
		}
		if d.requirement, d.warning, err = requirementFor(tx, b, st.Box, r); err != nil {
			return err
		}
		if r.Voucher != nil {
			if _, err := s.useVoucher(tx, b, sess.user.ID, r.Voucher, 0); err != nil {
				return err
			}
		}
		switch d.requirement.Need {
		case authz.NeedB:
			d.blind, err = boolSetting(tx, SettingBlindB, false)
		case authz.NeedBA:
			d.blind, err = boolSetting(tx, SettingBlindBA, true)
		}
		if err != nil {
			return err
		}
		d.confirm = true
		if r.Kind.CashIn() && d.requirement.Need == authz.NeedNone {
			d.confirm, err = boolSetting(tx, SettingConfirmSmallDeposits, true)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Confirm reports whether the teller takes a last look at the business
// (kind, accounts, names, amount and 大写) before it posts or goes for
// authorization: always, but for a cash deposit within the C limit when
// the branch turns confirm_small_deposits off.
func (d *Draft) Confirm() bool { return d.confirm }

// Authorize takes the next signature on a draft from an authorizer at this
// terminal. It returns the rule that refused the signature, if any; an
// authorizer's own refusal (Approve false) ends the draft.
func (s *Service) Authorize(ctx context.Context, d *Draft, c Credential) error {
	if d == nil || d.sess == nil || d.st == nil {
		return ErrNoSession
	}
	d.st.mu.Lock()
	defer d.st.mu.Unlock()
	if d.st.refused {
		return ErrDraftRefused
	}
	if d.st.posted {
		return ErrDraftPosted
	}
	if d.st.queued {
		return ErrDraftQueued
	}
	stage, ok := d.nextStage()
	if !ok {
		return authz.ErrNotRequired
	}
	sg := signing{
		stage: stage, maker: d.sess.user.ID, branch: d.sess.branch.ID,
		blind: d.blind, amount: d.req.Amount, subject: d.Summary(),
	}
	if d.original != nil {
		sg.needA = ErrReversalNeedsA
	}
	for _, a := range d.st.approvals {
		sg.prior = append(sg.prior, a.User.ID)
	}
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		a, r, err := s.verify(tx, sg, c)
		if err != nil {
			return err
		}
		refusal = r
		if r == nil {
			d.st.approvals = append(d.st.approvals, a)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if errors.Is(refusal, authz.ErrRefused) {
		d.st.refused = true
	}
	return refusal
}

// Post writes the business to the journal in one transaction: the entry,
// its balanced legs, the teller's sequence number, the balances and the
// audit row. It re-checks everything: the day, the accounts, the policy
// and the signatures.
func (s *Service) Post(ctx context.Context, d *Draft) (ledger.Entry, error) {
	if d == nil || d.sess == nil || d.st == nil {
		return ledger.Entry{}, ErrNoSession
	}
	// Held for the whole posting: a second Post of this draft, or of a
	// copy, waits and then finds it posted.
	d.st.mu.Lock()
	defer d.st.mu.Unlock()
	if d.st.refused {
		return ledger.Entry{}, ErrDraftRefused
	}
	if d.st.posted {
		return ledger.Entry{}, ErrDraftPosted
	}
	if d.st.queued {
		return ledger.Entry{}, ErrDraftQueued
	}
	if _, missing := d.nextStage(); missing {
		return ledger.Entry{}, authz.ErrAuthorizationMissing
	}
	var e ledger.Entry
	retry := d.st.tried
	d.st.tried = true
	err := s.store.Tx(ctx, func(tx Tx) error {
		// Posted already, by an attempt whose answer was lost: that entry
		// is this posting. A draft's first attempt has no earlier one to
		// find, and the journal's unique key refuses a second entry anyway.
		if retry {
			if prior, found, err := postedByKey(tx, d.key); err != nil || found {
				e = prior
				return err
			}
		}
		f := d.req.foresight()
		f.Entry = true
		tx.Foresee(f)
		st, err := standing(tx, d.sess)
		if err != nil {
			return err
		}
		b := st.Branch
		// Checked again: a certificate may have lapsed or been struck off
		// since the draft was keyed (a queued draft waits minutes).
		if err := st.cashQualified(d.req.Kind); err != nil {
			return err
		}
		if d.original != nil {
			return s.postReversal(tx, b, d, &e)
		}
		ceiling, err := ceilingOf(tx)
		if err != nil {
			return err
		}
		if _, _, err := checkRequest(tx, b.ID, d.req, ceiling); err != nil {
			return err
		}
		presenter, err := ledger.CheckPresenter(d.req.Kind, d.req.Amount, d.req.Presenter, dayOf(b, s.clock))
		if err != nil {
			return err
		}
		req, _, err := requirementFor(tx, b, st.Box, d.req)
		if err != nil {
			return err
		}
		if req.Need != d.requirement.Need || req.Policy != d.requirement.Policy {
			return ErrPolicyChanged
		}
		legs, err := ledger.Legs(d.req.Kind, d.req.Amount, d.req.Account, d.req.Counterparty, d.sess.user.ID)
		if err != nil {
			return err
		}
		e = ledger.Entry{
			Branch: b.ID, BusinessDate: b.BusinessDate, Teller: d.sess.user.ID,
			Kind: d.req.Kind, Amount: d.req.Amount, Account: d.req.Account,
			Counterparty: d.req.Counterparty, Memo: d.req.Memo, PolicyVersion: req.Policy,
			PostedAt: s.clock.Now(), Legs: legs, DraftKey: d.key, Presenter: presenter,
		}
		var also []recordWriter
		if d.req.Voucher != nil {
			// The voucher written off goes in the posting's audit row.
			also = append(also, func(e *ledger.Entry) ([]audit.Sealed, error) {
				return s.useVoucher(tx, b, d.sess.user.ID, d.req.Voucher, e.ID)
			})
		}
		return s.write(tx, d, &e, audit.Post, also...)
	})
	if errors.Is(err, ErrOutcomeUnknown) {
		e, err = s.settle(ctx, d, err)
	}
	if err != nil && !retry && d.key != "" {
		// A first attempt skips the key's lookup; if the journal's unique
		// key refused it, another attempt (another PC's, for a queued
		// draft) posted this draft: say so, not the database's words.
		var found bool
		if verr := s.store.View(ctx, func(tx Tx) (verr error) {
			_, found, verr = postedByKey(tx, d.key)
			return verr
		}); verr == nil && found {
			d.st.posted = true
			return ledger.Entry{}, ErrDraftPosted
		}
	}
	if err != nil {
		return ledger.Entry{}, err
	}
	d.st.posted = true
	return e, nil
}

// write stores a prepared entry: signatures, sequence, legs, balances, trail.
func (s *Service) write(tx Tx, d *Draft, e *ledger.Entry, action string, also ...recordWriter) error {
	detail := d.Summary()
	if d.original != nil {
		detail += " 原因：" + d.reason
	}
	if err := s.writeEntry(tx, e, d.st.approvals, detail, action, also...); err != nil || d.written == nil {
		return err
	}
	return d.written(tx, e)
}

// recordWriter stores a record that goes with an entry (a cash movement's
// count, a voucher written off) once the entry has its id, and gives the
// record's digest for the entry's audit row.
type recordWriter func(e *ledger.Entry) ([]audit.Sealed, error)

// writeEntry stores an entry with its signatures, the records that go
// with it, and one audit row that seals them all.
func (s *Service) writeEntry(tx Tx, e *ledger.Entry, approvals []Approval, detail, action string, also ...recordWriter) error {
	for _, a := range approvals {
		switch a.Stage {
		case authz.StageB:
			e.AuthB = a.User.ID
		case authz.StageA:
			e.AuthA = a.User.ID
		}
	}
	if err := ledger.CheckBalanced(e.Legs); err != nil {
		return err
	}
	e.Seq = 0 // the store gives the next, under the write lock
	if err := tx.InsertEntry(e); err != nil {
		return fmt.Errorf("counter: unable to post: %w", err)
	}
	for _, l := range e.Legs {
		if ledger.IsInternal(l.Account) {
			continue // cash boxes and the vault are derived from the journal
		}
		a, err := tx.Account(l.Account)
		if err != nil {
			return err
		}
		if err := tx.AddBalance(l.Account, ledger.Effect(a.Type, l)); err != nil {
			return err
		}
	}
	detail = fmt.Sprintf("#%d 流水 %d %s", e.ID, e.Seq, detail)
	if e.AuthB != "" || e.AuthA != "" {
		detail += fmt.Sprintf(" 授权 B:%s A:%s", e.AuthB, e.AuthA)
	}
	seals := []audit.Sealed{{Subject: audit.EntrySubject(e.ID), Digest: e.Digest()}}
	for _, w := range also {
		more, err := w(e)
		if err != nil {
			return err
		}
		seals = append(seals, more...)
	}
	return s.appendAudit(tx, e.Teller, action, audit.WithDigests(detail, seals...))
}

// dayOf is the branch's business date as a time, for checks that ask for
// today (a resident card's birth date); the clock's if it does not parse.
func dayOf(b Branch, c Clock) time.Time {
	if d, err := time.Parse(time.DateOnly, b.BusinessDate); err == nil {
		return d
	}
	return c.Now()
}
