package counter

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/domain/authz"
	"branchdesk/domain/money"
	"branchdesk/domain/seal"
)

// 第七条二.3 查库封箱: after the teller balances, a B or an A who is not
// the teller checks the cash box, the blank vouchers, the day's posted
// vouchers and the business seals the teller keeps, and they seal the box
// together, as a hand-over. The formal sign-out (第十三条) waits for it.

// BoxSealTx is the storage of box seals; its rows are append-only.
type BoxSealTx interface {
	// InsertBoxSeal records a seal; b.ID is set.
	InsertBoxSeal(b *BoxSeal) error
	// LatestBoxSeal is the teller's newest seal on date, or ErrNotFound.
	LatestBoxSeal(teller, date string) (BoxSeal, error)
	// AllBoxSeals lists every seal, by id, for CheckBooks.
	AllBoxSeals() ([]BoxSeal, error)
}

// BoxSeal records a teller's box checked and sealed with a B or an A.
type BoxSeal struct {
	ID             int64
	Branch         string
	Teller         string
	BusinessDate   string
	Balance        int64 // the teller balance (轧账) it seals
	SealNo         string
	Checker        string // the B or A who checked
	PostedVouchers int64  // 会计凭证张数 the checker counted
	Cash           money.Amount
	Seals          []string // the seals the teller keeps, as the register names them
	At             time.Time
}

// BoxSealInput is what the checker keys in at the teller's terminal.
type BoxSealInput struct {
	Checker        Credential
	SealNo         string // 封签号
	PostedVouchers int64  // 会计凭证张数, counted blind
}

// BoxCheck is what a seal of the teller's box covers now.
type BoxCheck struct {
	Needed  bool           // the teller held cash or vouchers today, and the box holds something
	Balance *TellerBalance // the latest balance, if it is still current
	Seals   []seal.Item    // the seals the teller keeps
	Sealed  *BoxSeal       // the seal of that balance, if made
}

// Errors of the box seal.
var (
	ErrBoxNotSealed     = errors.New("钱箱未经B级或A级柜员检查并共同封箱，不能正式签退")
	ErrBoxSealed        = errors.New("本次轧账后的钱箱已经封箱")
	ErrSealNeedsBalance = errors.New("今日尚未轧账，或轧账后又有现金收付、凭证使用：须先轧账，再查库封箱")
	ErrSealNo           = errors.New("封签号须为1至20位字母或数字")
	ErrPostedVouchers   = errors.New("会计凭证张数与本柜员今日记账笔数不符，请重新清点")
	ErrSelfCheck        = errors.New("柜员不能检查、封存自己的钱箱")
	ErrCheckerLevel     = errors.New("查库封箱须由B级或A级柜员检查（第七条二.3）")
	// ErrSealRefused is the checker finding the box wrong (现金不符, a
	// seal missing) and refusing to seal it: nothing is sealed.
	ErrSealRefused error = refusedAs("检查人拒绝封箱")
)

const auditBoxSeal = "box_seal"

// checkSealNo refuses a seal number that is not 1–20 letters or digits.
func checkSealNo(no string) error {
	if no == "" || len(no) > 20 {
		return ErrSealNo
	}
	for _, r := range no {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return ErrSealNo
		}
	}
	return nil
}

// postedVouchers are the teller's accounting vouchers of date: every entry
// they made that day — business, its reversals (红字冲正) and a difference
// put in suspense — each printed and kept as one voucher. Cash hand-overs
// with the vault are the keeper's entries, on the keeper's vouchers.
func postedVouchers(tx Tx, branch, teller, date string) (int64, error) {
	es, err := tx.Journal(JournalFilter{Branch: branch, BusinessDate: date, Teller: teller})
	return int64(len(es)), err
}

// keptSeals are the seals the teller keeps in the register; authority
// cards are not seals of the box's business.
func keptSeals(tx Tx, branch, teller string) ([]seal.Item, error) {
	items, err := tx.Seals(branch)
	if err != nil {
		return nil, err
	}
	var out []seal.Item
	for _, it := range items {
		if it.Keeper == teller && it.Kind != seal.Card {
			out = append(out, it)
		}
	}
	return out, nil
}

// boxCheck reads what a seal of teller's box covers on date.
func boxCheck(tx Tx, branch, teller, date string) (BoxCheck, error) {
	var c BoxCheck
	var err error
	if c.Needed, err = heldToday(tx, teller, date); err != nil {
		return c, err
	}
	if c.Seals, err = keptSeals(tx, branch, teller); err != nil {
		return c, err
	}
	bal, err := currentBalance(tx, teller, date)
	if errors.Is(err, ErrNotBalanced) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	c.Balance = &bal
	if empty(bal, c.Seals, teller) {
		c.Needed = false
	}
	n, err := postedVouchers(tx, branch, teller, date)
	if err != nil {
		return c, err
	}
	bs, err := tx.LatestBoxSeal(teller, date)
	switch {
	case err == nil && bs.Balance == bal.ID && bs.PostedVouchers == n && slices.Equal(bs.Seals, titles(c.Seals)):
		c.Sealed = &bs
	case err != nil && !errors.Is(err, ErrNotFound):
		return c, err
	}
	// A seal whose balance, accounting vouchers (a transfer posted since
	// moves no cash) or seals (one handed on since) are no longer the
	// day's is no seal: the box is checked and sealed again.
	return c, nil
}

// empty tells a box with nothing to seal: no cash counted, no blank
// vouchers in hand, no seal kept but the teller's own name stamp (a
// teller who handed everything over at a leave hand-over, 第十三条).
func empty(bal TellerBalance, kept []seal.Item, teller string) bool {
	if bal.Counted != 0 {
		return false
	}
	for _, v := range bal.Vouchers {
		if v.Physical != 0 {
			return false
		}
	}
	for _, it := range kept {
		if !(it.Kind == seal.Name && it.Owner == teller) {
			return false
		}
	}
	return true
}

// titles are the seals as a box seal names them.
func titles(items []seal.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Title())
	}
	return out
}

// BoxToSeal is what a seal of the signed-in teller's box covers now: the
// latest balance, if still current, the seals they keep, and the seal
// already made for that balance.
func (s *Service) BoxToSeal(ctx context.Context, sess *Session) (BoxCheck, error) {
	if sess == nil {
		return BoxCheck{}, ErrNoSession
	}
	var c BoxCheck
	err := s.store.View(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		c, err = boxCheck(tx, b.ID, sess.user.ID, b.BusinessDate)
		return err
	})
	return c, err
}

// SealBox is 查库封箱 (第七条二.3): a B or an A, not the teller, checks the
// teller's box at the teller's terminal with their number and password,
// counts the day's accounting vouchers blind, and seals the box with the
// teller under a seal number. It seals the latest balance, which must
// still be current, once. The checker may refuse instead
// (in.Checker.Approve unset), with a reason and no seal number: nothing
// is sealed.
func (s *Service) SealBox(ctx context.Context, sess *Session, in BoxSealInput) (BoxSeal, error) {
	if sess == nil {
		return BoxSeal{}, ErrNoSession
	}
	in.SealNo = strings.TrimSpace(in.SealNo)
	if err := checkSealNo(in.SealNo); err != nil && in.Checker.Approve {
		return BoxSeal{}, err // a checker who refuses seals nothing
	}
	var out BoxSeal
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		b, err := openDay(tx, sess)
		if err != nil {
			return err
		}
		teller := sess.user.ID
		c, err := boxCheck(tx, b.ID, teller, b.BusinessDate)
		switch {
		case err != nil:
			return err
		case c.Balance == nil:
			return ErrSealNeedsBalance
		case c.Sealed != nil:
			return ErrBoxSealed
		}
		subject := fmt.Sprintf("柜员 %s 查库封箱 轧账第 %d 笔 实点 %s", sess.user.Label(), c.Balance.ID, c.Balance.Counted)
		if in.Checker.Approve {
			subject += " 封签号 " + in.SealNo
		}
		approval, r, err := s.verify(tx, signing{stage: authz.StageB, maker: teller, branch: b.ID, subject: subject, refused: ErrSealRefused}, in.Checker)
		if err != nil || r != nil {
			switch {
			case errors.Is(r, authz.ErrSelfAuthorization):
				r = ErrSelfCheck
			case errors.Is(r, authz.ErrClerkCannotAuthorize):
				r = ErrCheckerLevel
			}
			refusal = r
			return err
		}
		// A blind check: the checker is told the figures differ, never
		// the system's.
		n, err := postedVouchers(tx, b.ID, teller, b.BusinessDate)
		if err != nil {
			return err
		}
		if in.PostedVouchers != n {
			refusal = ErrPostedVouchers
			return s.appendAudit(tx, approval.User.ID, "box_seal_refused",
				fmt.Sprintf("%s｜检查人 %s 清点会计凭证 %d 张，与记账笔数不符，未封箱", subject, approval.User.Label(), in.PostedVouchers))
		}
		bs := BoxSeal{Branch: b.ID, Teller: teller, BusinessDate: b.BusinessDate, Balance: c.Balance.ID, SealNo: in.SealNo,
			Checker: approval.User.ID, PostedVouchers: n, Cash: c.Balance.Counted, At: s.clock.Now()}
		bs.Seals = titles(c.Seals)
		if err := tx.InsertBoxSeal(&bs); err != nil {
			return err
		}
		out = bs
		return s.appendAudit(tx, teller, auditBoxSeal, audit.WithDigest(
			fmt.Sprintf("查库封箱 轧账第 %d 笔 实点 %s 会计凭证 %d 张 封签号 %s 检查人 %s", bs.Balance, bs.Cash, bs.PostedVouchers, bs.SealNo, approval.User.Label()),
			RecordSubject(SubjectBoxSeal, bs.ID), bs.Digest()))
	})
	if err != nil {
		return BoxSeal{}, err
	}
	if refusal != nil {
		return BoxSeal{}, refusal
	}
	return out, nil
}

// sealedGate is the formal sign-out condition of 第七条二.3 with 第十三条:
// a teller who held cash or vouchers today signs out only once a B or an
// A has sealed the box as their latest balance left it.
func sealedGate(tx Tx, teller, date string) error {
	u, err := tx.User(teller)
	if err != nil {
		return err
	}
	c, err := boxCheck(tx, u.Branch, teller, date)
	switch {
	case err != nil || !c.Needed:
		return err
	case c.Balance == nil:
		return ErrNotBalanced
	case c.Sealed == nil:
		return ErrBoxNotSealed
	}
	return nil
}
