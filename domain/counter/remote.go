package counter

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"branchdesk/domain/authz"
	"branchdesk/domain/ledger"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// Settings of remote authorization (远程授权).
const (
	// SettingRemoteAuth lets a teller send an over-limit draft to a queue
	// that a B or A answers at their own PC; default off, so authorizers
	// sign at the teller's terminal (现场授权).
	SettingRemoteAuth = "remote_authorization"
	// SettingRemoteMinutes is how long a queued draft waits; default 10.
	SettingRemoteMinutes = "remote_authorization_minutes"
	// DefaultRemoteMinutes is the wait when SettingRemoteMinutes is unset.
	DefaultRemoteMinutes = 10
)

const auditQueue = "auth_queue"

// Errors of remote authorization.
var (
	ErrQueuePayment   = errors.New("人民银行支付业务须在本终端当场授权，不送远程授权")
	ErrRemoteOff      = errors.New("本网点未开启远程授权，请在本终端现场授权")
	ErrQueueUnknown   = errors.New("远程授权请求不存在")
	ErrQueueExpired   = errors.New("远程授权请求已过期，请重新提交业务")
	ErrQueueMoved     = errors.New("该笔业务的授权已由他人办理，请刷新列表")
	ErrQueueNotMaker  = errors.New("只有经办人本人可以为远程授权的业务记账")
	ErrQueueReversal  = errors.New("冲正须在本终端由A级现场审批")
	ErrQueueSigned    = errors.New("该笔业务已开始现场授权，不能再提交远程授权")
	ErrDraftQueued    = errors.New("该笔业务已提交远程授权，请等待授权结果")
	ErrWrongAuthorize = errors.New("远程授权须由登录本机的授权人本人办理")
	// ErrQueueWithdrawn is a draft its maker took back from the queue:
	// an authorizer who opens it, or a post, is refused.
	ErrQueueWithdrawn = errors.New("经办柜员已撤回该笔业务的远程授权请求，不能再授权或记账")
	// ErrWithdrawNotMaker keeps a draft in the queue against anyone but
	// the teller who queued it.
	ErrWithdrawNotMaker = errors.New("只有提交该笔远程授权的经办柜员本人可以撤回")
	// ErrWithdrawTooLate is a draft no longer waiting: approved (the
	// maker's screen posts it), refused, expired or posted.
	ErrWithdrawTooLate = errors.New("该笔业务已授权，不能撤回")
)

// QueueState is where a queued draft stands.
type QueueState string

// A queued draft waits for its signatures until it expires; it ends
// approved (and then posted) or refused.
const (
	QueueWaiting  QueueState = "waiting"
	QueueApproved QueueState = "approved"
	QueueRefused  QueueState = "refused"
	QueueExpired  QueueState = "expired"
	QueuePosted   QueueState = "posted"
	// QueueWithdrawn is a draft its maker took back while it waited.
	QueueWithdrawn QueueState = "withdrawn"
)

// Title is the state as the teller's screen shows it.
func (s QueueState) Title() string {
	switch s {
	case QueueWaiting:
		return "等待授权…"
	case QueueApproved:
		return "已授权"
	case QueueRefused:
		return "已拒绝"
	case QueueExpired:
		return "已过期"
	case QueuePosted:
		return "已记账"
	case QueueWithdrawn:
		return "已撤回"
	}
	return string(s)
}

// Queued is a draft in the remote authorization queue: what the teller
// keyed, who must sign, and the signatures and answer so far.
type Queued struct {
	Key          string // random, unique: the draft's idempotency key
	Branch       string
	BusinessDate string
	Maker        string
	Terminal     string // where the maker keyed it
	Request      Request
	Holder       string
	CpHolder     string
	Requirement  authz.Requirement
	Blind        bool
	Warning      string
	AuthB        string
	AuthBAt      time.Time
	AuthA        string
	AuthAAt      time.Time
	RefusedBy    string
	RefuseReason string
	Created      time.Time
	Expires      time.Time
	Withdrawn    time.Time // when the maker took it back, or zero
	EntryID      int64     // the posted entry, or 0

	State       QueueState // as of the reading, set by the service
	SummaryLine msg.Line   // the business in words, in parts a screen translates; without the amount when blind
}

// Summary is the business in words, in Chinese: SummaryLine.
func (q Queued) Summary() string { return q.SummaryLine.String() }

// RemoteTx is the storage of the remote authorization queue.
type RemoteTx interface {
	InsertQueued(q Queued) error
	// Queued reads one queued draft, or ErrNotFound.
	Queued(key string) (Queued, error)
	// QueuedOpen lists a branch's drafts neither refused nor posted.
	QueuedOpen(branch string) ([]Queued, error)
	// UpdateQueued stores a queued draft's signatures and refusal.
	UpdateQueued(q Queued) error
	// MarkQueuedPosted links the draft to its entry if it has none yet,
	// and reports whether it did.
	MarkQueuedPosted(key string, entry int64) (bool, error)
	// WithdrawQueued marks q withdrawn at q.Withdrawn if it is still
	// neither posted, refused nor withdrawn and its signatures are still
	// q's, and reports whether it did.
	WithdrawQueued(q Queued) (bool, error)
}

// signers are the authorizers who signed, in stage order.
func (q Queued) signers() []string {
	var out []string
	for _, st := range q.Requirement.Need.Stages() {
		if id := q.signer(st); id != "" {
			out = append(out, id)
		}
	}
	return out
}

func (q Queued) signer(st authz.Stage) string {
	if st == authz.StageA {
		return q.AuthA
	}
	return q.AuthB
}

// NextStage is the signature still missing, if any.
func (q Queued) NextStage() (authz.Stage, bool) {
	st := q.Requirement.Need.Stages()
	n := len(q.signers())
	if n >= len(st) {
		return "", false
	}
	return st[n], true
}

// stateAt is the draft's state at now.
func (q Queued) stateAt(now time.Time) QueueState {
	_, missing := q.NextStage()
	switch {
	case q.EntryID != 0:
		return QueuePosted
	case q.RefusedBy != "":
		return QueueRefused
	case !q.Withdrawn.IsZero():
		return QueueWithdrawn
	case !now.Before(q.Expires):
		return QueueExpired
	case !missing:
		return QueueApproved
	}
	return QueueWaiting
}

// refusal is why a queued draft in state st cannot be signed or posted.
func (st QueueState) refusal() error {
	switch st {
	case QueuePosted:
		return ErrDraftPosted
	case QueueRefused:
		return ErrDraftRefused
	case QueueExpired:
		return ErrQueueExpired
	case QueueWithdrawn:
		return ErrQueueWithdrawn
	case QueueWaiting:
		return authz.ErrAuthorizationMissing
	}
	return nil
}

// summary is the business in one line; hide leaves the amount out, for
// authorizers who re-key it blind.
func (q Queued) summary(maker staff.User, hide bool) msg.Line {
	d := Draft{sess: &Session{user: maker}, req: q.Request, holder: q.Holder, cpHolder: q.CpHolder}
	if !hide {
		return d.SummaryLine()
	}
	return d.summaryLine(msg.Sprintf("******（请盲输复核）"))
}

// RemoteAuthorization reports whether the branch sends over-limit drafts
// to the remote authorization queue.
func (s *Service) RemoteAuthorization(ctx context.Context) bool {
	on := false
	_ = s.store.View(ctx, func(tx Tx) (err error) {
		on, err = boolSetting(tx, SettingRemoteAuth, false)
		return err
	})
	return on
}

func remoteMinutes(tx Tx) (int, error) {
	v, err := tx.Setting(SettingRemoteMinutes)
	if errors.Is(err, ErrNotFound) {
		return DefaultRemoteMinutes, nil
	}
	if err != nil {
		return 0, err
	}
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return n, nil
	}
	return DefaultRemoteMinutes, nil
}

func newQueueKey() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("counter: unable to make a queue key: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// Queue sends a prepared draft that needs authorization to the branch's
// remote authorization queue and gives its key. From then on the draft
// is signed and posted only through the queue.
func (s *Service) Queue(ctx context.Context, d *Draft) (string, error) {
	if d == nil || d.sess == nil || d.st == nil {
		return "", ErrNoSession
	}
	if d.original != nil {
		return "", ErrQueueReversal
	}
	if d.req.toTransit {
		// The order it records goes with the draft, not the queue.
		return "", ErrQueuePayment
	}
	if d.requirement.Need == authz.NeedNone {
		return "", authz.ErrNotRequired
	}
	d.st.mu.Lock()
	defer d.st.mu.Unlock()
	switch {
	case d.st.refused:
		return "", ErrDraftRefused
	case d.st.posted:
		return "", ErrDraftPosted
	case d.st.queued:
		return "", ErrDraftQueued
	case len(d.st.approvals) > 0:
		return "", ErrQueueSigned
	}
	key, err := newQueueKey()
	if err != nil {
		return "", err
	}
	err = s.store.Tx(ctx, func(tx Tx) error {
		on, err := boolSetting(tx, SettingRemoteAuth, false)
		if err != nil {
			return err
		}
		if !on {
			return ErrRemoteOff
		}
		b, err := openDay(tx, d.sess)
		if err != nil {
			return err
		}
		minutes, err := remoteMinutes(tx)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		q := Queued{
			Key: key, Branch: b.ID, BusinessDate: b.BusinessDate, Maker: d.sess.user.ID, Terminal: s.terminal,
			Request: d.req, Holder: d.holder, CpHolder: d.cpHolder, Requirement: d.requirement,
			Blind: d.blind, Warning: d.warning, Created: now, Expires: now.Add(time.Duration(minutes) * time.Minute),
		}
		if err := tx.InsertQueued(q); err != nil {
			return fmt.Errorf("counter: unable to queue: %w", err)
		}
		return s.appendAudit(tx, q.Maker, auditQueue, fmt.Sprintf("提交远程授权 %s｜%s｜%s", key, d.Summary(), d.requirement.Reason))
	})
	if err != nil {
		return "", err
	}
	d.st.queued = true
	return key, nil
}

// QueuedState is the maker's view of a queued draft, for the poll of the
// teller's screen.
func (s *Service) QueuedState(ctx context.Context, sess *Session, key string) (Queued, error) {
	if sess == nil {
		return Queued{}, ErrNoSession
	}
	var q Queued
	err := s.store.View(ctx, func(tx Tx) (err error) {
		q, err = s.readQueued(tx, sess, key, false)
		if err != nil {
			return err
		}
		if q.Maker != sess.user.ID {
			return ErrQueueNotMaker
		}
		return nil
	})
	return q, err
}

// readQueued reads a draft of the session's branch with its state and
// summary.
func (s *Service) readQueued(tx Tx, sess *Session, key string, hide bool) (Queued, error) {
	q, err := tx.Queued(key)
	if errors.Is(err, ErrNotFound) || (err == nil && q.Branch != sess.branch.ID) {
		return Queued{}, ErrQueueUnknown
	}
	if err != nil {
		return Queued{}, err
	}
	maker, err := tx.User(q.Maker)
	if err != nil {
		return Queued{}, err
	}
	q.State = q.stateAt(s.clock.Now())
	q.SummaryLine = q.summary(maker, hide && q.Blind)
	if hide && q.Blind {
		q.Request.Amount = 0
	}
	q.Requirement.Amount = q.Request.Amount // kept once, with the request
	return q, nil
}

// Pending lists the queued drafts the signed-in user may sign now: of
// their branch, waiting, and passing separation of duties for the next
// stage (not their own, the A only after the B and not the same person).
// When the draft asks for a blind re-key the amount is left out.
func (s *Service) Pending(ctx context.Context, sess *Session) ([]Queued, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	var out []Queued
	err := s.store.View(ctx, func(tx Tx) error {
		u, err := tx.User(sess.user.ID)
		if err != nil {
			return err
		}
		open, err := tx.QueuedOpen(sess.branch.ID)
		if err != nil {
			return err
		}
		for _, q := range open {
			st, ok := q.NextStage()
			if !ok || q.stateAt(s.clock.Now()) != QueueWaiting {
				continue
			}
			if authz.CheckAuthorizer(st, u, q.Maker, q.Branch, q.signers()) != nil {
				continue
			}
			q, err := s.readQueued(tx, sess, q.Key, true)
			if err != nil {
				return err
			}
			out = append(out, q)
		}
		return nil
	})
	return out, err
}

// Decide is an authorizer's answer, at their own PC, to the stage of a
// queued draft they were shown: they key their password again (and the
// amount when blind), and the same checks as at the teller's terminal
// apply. It returns the rule that refused the signature, if any; the
// authorizer's own refusal (Approve false, with a reason) ends the draft.
func (s *Service) Decide(ctx context.Context, sess *Session, key string, stage authz.Stage, c Credential) error {
	if sess == nil {
		return ErrNoSession
	}
	if c.UserID == "" {
		c.UserID = sess.user.ID
	}
	if c.UserID != sess.user.ID {
		return ErrWrongAuthorize
	}
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		q, err := s.readQueued(tx, sess, key, false)
		if err != nil {
			return err
		}
		if q.State != QueueWaiting {
			if q.State == QueueApproved {
				return ErrQueueMoved
			}
			return q.State.refusal()
		}
		next, _ := q.NextStage()
		if stage != "" && stage != next {
			return ErrQueueMoved
		}
		sg := signing{
			stage: next, maker: q.Maker, branch: q.Branch, prior: q.signers(),
			blind: q.Blind, amount: q.Request.Amount, subject: "远程授权 " + key + " " + q.Summary(),
		}
		a, r, err := s.verify(tx, sg, c)
		if err != nil {
			return err
		}
		refusal = r
		switch {
		case r == nil && next == authz.StageA:
			q.AuthA, q.AuthAAt = a.User.ID, a.At
		case r == nil:
			q.AuthB, q.AuthBAt = a.User.ID, a.At
		case errors.Is(r, authz.ErrRefused):
			q.RefusedBy, q.RefuseReason = c.UserID, c.Reason
		default:
			return nil
		}
		return tx.UpdateQueued(q)
	})
	if err != nil {
		return err
	}
	return refusal
}

// PostQueued posts a fully authorized queued draft for its maker, with
// every check of Post. The entry and the draft's link to it are written
// in one transaction, and the link is made only once: however often it
// is retried, from however many places, the draft is posted at most once.
func (s *Service) PostQueued(ctx context.Context, sess *Session, key string) (ledger.Entry, error) {
	if sess == nil {
		return ledger.Entry{}, ErrNoSession
	}
	var d *Draft
	err := s.store.View(ctx, func(tx Tx) error {
		q, err := s.readQueued(tx, sess, key, false)
		if err != nil {
			return err
		}
		if q.Maker != sess.user.ID {
			return ErrQueueNotMaker
		}
		if err := q.State.refusal(); err != nil {
			return err
		}
		d = s.newDraft(Draft{
			sess: sess, req: q.Request, holder: q.Holder, cpHolder: q.CpHolder,
			requirement: q.Requirement, blind: q.Blind, warning: q.Warning,
		})
		for _, st := range q.Requirement.Need.Stages() {
			u, err := tx.User(q.signer(st))
			if err != nil {
				return err
			}
			at := q.AuthBAt
			if st == authz.StageA {
				at = q.AuthAAt
			}
			d.st.approvals = append(d.st.approvals, Approval{Stage: st, User: u, At: at})
		}
		signed := q.signers()
		d.written = func(tx Tx, e *ledger.Entry) error {
			// Read again under the write lock: refused, expired or posted
			// since, the entry is rolled back.
			now, err := s.readQueued(tx, sess, key, false)
			if err != nil {
				return err
			}
			if err := now.State.refusal(); err != nil {
				return err
			}
			if !slices.Equal(now.signers(), signed) {
				return ErrQueueMoved
			}
			ok, err := tx.MarkQueuedPosted(key, e.ID)
			if err != nil {
				return err
			}
			if !ok {
				return ErrDraftPosted
			}
			return s.appendAudit(tx, sess.user.ID, auditQueue, fmt.Sprintf("远程授权 %s 已记账 #%d", key, e.ID))
		}
		return nil
	})
	if err != nil {
		return ledger.Entry{}, err
	}
	return s.Post(ctx, d)
}

// Withdraw takes a queued draft back from the queue for the teller who
// queued it (the customer left, or it was keyed wrong), while it still
// waits for a signature; audited. From then on no authorizer can sign it
// and it is never posted. Run under the writer lock, a withdrawal and an
// approval racing from two PCs end in exactly one of them.
func (s *Service) Withdraw(ctx context.Context, sess *Session, key string) error {
	if sess == nil {
		return ErrNoSession
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		q, err := s.readQueued(tx, sess, key, false)
		if err != nil {
			return err
		}
		if q.Maker != sess.user.ID {
			return ErrWithdrawNotMaker
		}
		switch q.State {
		case QueueWaiting:
		case QueueApproved:
			return ErrWithdrawTooLate
		default:
			return q.State.refusal()
		}
		q.Withdrawn = s.clock.Now()
		ok, err := tx.WithdrawQueued(q)
		if err != nil {
			return err
		}
		if !ok {
			return ErrQueueMoved
		}
		return s.appendAudit(tx, sess.user.ID, auditQueue, fmt.Sprintf("撤回远程授权 %s｜%s", key, q.Summary()))
	})
}
