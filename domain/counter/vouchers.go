package counter

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"branchdesk/domain/audit"
	"branchdesk/domain/authz"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
	"branchdesk/domain/voucher"
)

// Errors of blank vouchers.
var (
	ErrNotVoucherKeeper = errors.New("只有指定的重要空白凭证保管人（B级）可以办理凭证入库、发放")
	ErrVoucherExists    = errors.New("该号码段已有凭证入库，不能重复入库")
	ErrKeeperSelfIssue  = errors.New("凭证保管人不能向自己发放凭证")
	ErrNotAllocated     = errors.New("该号码段不在总行调拨给本网点的凭证范围内")
)

// VoucherUse is the blank voucher a business consumes, e.g. the cash
// cheque of a corporate withdrawal.
type VoucherUse struct {
	Type   string
	Number int64
}

const auditVoucher = "voucher"

func voucherType(tx Tx, code string) (voucher.Type, error) {
	types, err := tx.VoucherTypes()
	if err != nil {
		return voucher.Type{}, err
	}
	for _, t := range types {
		if t.Code == code {
			return t, nil
		}
	}
	return voucher.Type{}, msg.Errorf("%w：%s", voucher.ErrUnknownType, code)
}

// VoucherTypes lists the blank voucher types.
func (s *Service) VoucherTypes(ctx context.Context) ([]voucher.Type, error) {
	var out []voucher.Type
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.VoucherTypes()
		return err
	})
	return out, err
}

// compress turns sorted numbers into ranges of consecutive numbers.
func compress(typ string, nums []int64) []voucher.Range {
	var out []voucher.Range
	for _, n := range nums {
		if k := len(out) - 1; k >= 0 && out[k].To+1 == n {
			out[k].To = n
			continue
		}
		out = append(out, voucher.Range{Type: typ, From: n, To: n})
	}
	return out
}

// holding is what a teller holds of a type: every number issued to them
// and not returned, with those already written off.
func holding(tx Tx, branch, teller string, t voucher.Type) (voucher.Holding, error) {
	nums, err := tx.VoucherNumbers(branch, t.Code)
	if err != nil {
		return voucher.Holding{}, err
	}
	h := voucher.Holding{Teller: teller, Type: t, WrittenOff: map[int64]voucher.State{}}
	var mine []int64
	for _, n := range nums {
		if n.Teller != teller {
			continue
		}
		switch n.State {
		case voucher.Issued:
			mine = append(mine, n.Number)
		case voucher.Used, voucher.Sold, voucher.Voided:
			mine = append(mine, n.Number)
			h.WrittenOff[n.Number] = n.State
		}
	}
	h.Ranges = compress(t.Code, mine)
	return h, nil
}

// stock is what the keeper holds of a type: received or returned numbers.
func stock(tx Tx, branch string, t voucher.Type, keeper Session) (voucher.Stock, error) {
	nums, err := tx.VoucherNumbers(branch, t.Code)
	if err != nil {
		return voucher.Stock{}, err
	}
	books, err := settingOr(tx, SettingVoucherBooks, "")
	if err != nil {
		return voucher.Stock{}, err
	}
	var in []int64
	for _, n := range nums {
		if n.State == voucher.Received || n.State == voucher.Returned {
			in = append(in, n.Number)
		}
	}
	return voucher.Stock{Type: t, Keeper: keeper.user, Bookkeeper: books, Ranges: compress(t.Code, in)}, nil
}

// heldVouchers opens the teller's day and what they hold of a type.
func heldVouchers(tx Tx, sess *Session, typ string) (Branch, voucher.Type, voucher.Holding, error) {
	b, err := openDay(tx, sess)
	if err != nil {
		return b, voucher.Type{}, voucher.Holding{}, err
	}
	t, err := voucherType(tx, typ)
	if err != nil {
		return b, t, voucher.Holding{}, err
	}
	h, err := holding(tx, b.ID, sess.user.ID, t)
	return b, t, h, err
}

// keeperOf checks that sess keeps what key names (refusing with notKeeper)
// and has a business day open.
func keeperOf(tx Tx, sess *Session, key string, notKeeper error) (Branch, error) {
	b, err := openDay(tx, sess)
	if err != nil {
		return b, err
	}
	ok, err := isKeeper(tx, key, sess.user)
	if err != nil {
		return b, err
	}
	if !ok {
		return b, notKeeper
	}
	return b, nil
}

func (s *Service) voucherEvents(tx Tx, b Branch, r voucher.Range, e voucher.Event, actor, what string, t voucher.Type) error {
	w := eventWriter{branch: b.ID, date: b.BusinessDate}
	for n := r.From; n <= r.To; n++ {
		e.Number = n
		if err := w.insert(tx, e); err != nil {
			return err
		}
	}
	return s.appendAudit(tx, actor, auditVoucher, audit.WithDigests(fmt.Sprintf("%s %s %s（%d%s）", what, t.Name, t.FormatRange(r), r.Count(), t.Unit), w.seal()...))
}

// ReceiveVouchers takes a number range from the sub-branch into the
// keeper's stock (第十条).
func (s *Service) ReceiveVouchers(ctx context.Context, sess *Session, r voucher.Range) error {
	if sess == nil {
		return ErrNoSession
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		b, err := keeperOf(tx, sess, SettingVoucherKeeper, ErrNotVoucherKeeper)
		if err != nil {
			return err
		}
		t, err := voucherType(tx, r.Type)
		if err != nil {
			return err
		}
		if err := t.CheckRange(r); err != nil {
			return err
		}
		st, err := stock(tx, b.ID, t, *sess)
		if err != nil {
			return err
		}
		if err := voucher.CheckKeeper(st); err != nil {
			return err
		}
		// Once head office allocates stock by config bundle, only what it
		// allocated may be received.
		allocs, err := tx.VoucherAllocations(t.Code)
		if err != nil {
			return err
		}
		if len(allocs) > 0 && !voucher.Covers(allocs, r) {
			return msg.Errorf("%w：%s %s", ErrNotAllocated, t.Name, t.FormatRange(r))
		}
		nums, err := tx.VoucherNumbers(b.ID, t.Code)
		if err != nil {
			return err
		}
		for _, n := range nums {
			if r.Contains(n.Number) {
				return msg.Errorf("%w：%s %s", ErrVoucherExists, t.Name, t.Format(n.Number))
			}
		}
		e := voucher.Event{Type: t.Code, State: voucher.Received, By: sess.user.ID, At: s.clock.Now()}
		return s.voucherEvents(tx, b, r, e, sess.user.ID, "凭证入库", t)
	})
}

// IssueVouchers hands a range from the keeper's stock to a teller.
func (s *Service) IssueVouchers(ctx context.Context, sess *Session, r voucher.Range, teller string) error {
	if sess == nil {
		return ErrNoSession
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		b, t, who, err := issuable(tx, sess, r, teller)
		if err != nil {
			return err
		}
		e := voucher.Event{Type: t.Code, State: voucher.Issued, Teller: teller, By: sess.user.ID, At: s.clock.Now()}
		return s.voucherEvents(tx, b, r, e, sess.user.ID, "发放给柜员 "+who, t)
	})
}

// issuable checks that the voucher keeper sess may issue r to teller now,
// besides what pending hand-overs have promised.
func issuable(tx Tx, sess *Session, r voucher.Range, teller string) (Branch, voucher.Type, string, error) {
	b, err := keeperOf(tx, sess, SettingVoucherKeeper, ErrNotVoucherKeeper)
	if err != nil {
		return b, voucher.Type{}, "", err
	}
	who, err := receiver(tx, b, sess.user.ID, teller, ErrKeeperSelfIssue)
	if err != nil {
		return b, voucher.Type{}, "", err
	}
	t, err := voucherType(tx, r.Type)
	if err != nil {
		return b, t, "", err
	}
	st, err := stock(tx, b.ID, t, *sess)
	if err != nil {
		return b, t, "", err
	}
	if st, err = unpromised(tx, b.ID, st, 0); err != nil {
		return b, t, "", err
	}
	return b, t, who, voucher.CheckIssue(st, r, teller)
}

// ReturnVouchers gives unused numbers back to the keeper's stock. The
// voucher keeper takes them in hand and confirms with their password at
// the teller's terminal (第十条: the keeper receives and issues, so the
// stock changes hands only when both are there); the event names the
// keeper who received them. The keeper who finds the count wrong refuses
// instead (keeper.Approve unset), with a reason: the teller keeps them.
func (s *Service) ReturnVouchers(ctx context.Context, sess *Session, r voucher.Range, keeper Credential) error {
	if sess == nil {
		return ErrNoSession
	}
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		b, t, h, err := heldVouchers(tx, sess, r.Type)
		if err != nil {
			return err
		}
		if err := voucher.CheckReturn(h, r); err != nil {
			return err
		}
		k, err := receivingKeeper(tx, sess, keeper)
		if err != nil {
			return err
		}
		// The password first: who keeps vouchers, or whether they may,
		// is told only to the person themselves.
		if refusal, err = s.authenticate(tx, k, keeper.Password, "凭证退回确认密码错误"); err != nil || refusal != nil {
			return err
		}
		if err := mayReceive(tx, b, k); err != nil {
			return err
		}
		if !keeper.Approve {
			subject := fmt.Sprintf("柜员 %s 退回 %s %s", sess.user.Label(), t.Name, t.FormatRange(r))
			refusal, err = s.refuse(tx, signing{subject: subject, refused: ErrReturnRefused}, *k, keeper.Reason)
			return err
		}
		e := voucher.Event{Type: t.Code, State: voucher.Returned, Teller: sess.user.ID, By: k.ID, At: s.clock.Now()}
		return s.voucherEvents(tx, b, r, e, sess.user.ID, "柜员退回（凭证保管人 "+k.Label()+" 确认收回）", t)
	})
	if err != nil {
		return err
	}
	return refusal
}

// Errors of returning vouchers.
var (
	ErrReturnNeedsKeeper = errors.New("退回凭证须由凭证保管人在本终端输入柜员号和密码确认收回")
	ErrReturnToSelf      = errors.New("凭证保管人不能自己确认收回自己退回的凭证")
	// ErrReturnRefused is the keeper, counting the vouchers in hand,
	// refusing to take them back: the teller keeps them.
	ErrReturnRefused error = refusedAs("凭证保管人拒绝收回退回的凭证")
)

// receivingKeeper is the user c names to take vouchers back from sess's
// teller, or why not before any password is checked.
func receivingKeeper(tx Tx, sess *Session, c Credential) (*staff.User, error) {
	id := strings.TrimSpace(c.UserID)
	switch {
	case id == "" || c.Password == "":
		return nil, ErrReturnNeedsKeeper
	case id == sess.user.ID:
		return nil, ErrReturnToSelf
	}
	u, err := tx.User(id)
	if errors.Is(err, ErrNotFound) {
		return nil, msg.Errorf("%w：%s", staff.ErrUnknownUser, id)
	}
	return &u, err
}

// mayReceive checks that u, whose password is checked, keeps branch b's
// blank vouchers and may act.
func mayReceive(tx Tx, b Branch, u *staff.User) error {
	if u.Branch != b.ID {
		return ErrOtherBranch
	}
	ok, err := isKeeper(tx, SettingVoucherKeeper, *u)
	if err != nil {
		return err
	}
	if !ok {
		return msg.Errorf("%w：%s", ErrNotVoucherKeeper, u.Label())
	}
	return u.Usable()
}

// NextVoucher is the number the teller must use next of a type.
func (s *Service) NextVoucher(ctx context.Context, sess *Session, typ string) (int64, string, error) {
	if sess == nil {
		return 0, "", ErrNoSession
	}
	var n int64
	var label string
	err := s.store.View(ctx, func(tx Tx) error {
		t, err := voucherType(tx, typ)
		if err != nil {
			return err
		}
		h, err := holding(tx, sess.branch.ID, sess.user.ID, t)
		if err != nil {
			return err
		}
		if n, err = voucher.NextNumber(h); err != nil {
			return err
		}
		label = t.Format(n)
		return nil
	})
	return n, label, err
}

// useVoucher writes off the voucher a business consumed, in its
// transaction, and gives the event's digest for the posting's audit row.
func (s *Service) useVoucher(tx Tx, b Branch, teller string, u *VoucherUse, entryID int64) ([]audit.Sealed, error) {
	t, err := voucherType(tx, u.Type)
	if err != nil {
		return nil, err
	}
	h, err := holding(tx, b.ID, teller, t)
	if err != nil {
		return nil, err
	}
	if err := voucher.CheckUse(h, u.Number); err != nil {
		return nil, err
	}
	if entryID == 0 {
		return nil, nil // checked only
	}
	w := eventWriter{branch: b.ID, date: b.BusinessDate}
	e := voucher.Event{Type: t.Code, Number: u.Number, State: voucher.Used, Teller: teller, By: teller, EntryID: entryID, At: s.clock.Now()}
	if err := w.insert(tx, e); err != nil {
		return nil, err
	}
	return w.seal(), nil
}

// SellVouchers sells blank vouchers (a cheque book) to a customer; who
// checked the customer's reserved seal (核对预留印鉴) is recorded.
func (s *Service) SellVouchers(ctx context.Context, sess *Session, r voucher.Range, sealCheckedBy string) error {
	if sess == nil {
		return ErrNoSession
	}
	return s.store.Tx(ctx, func(tx Tx) error {
		b, t, h, err := heldVouchers(tx, sess, r.Type)
		if err != nil {
			return err
		}
		if err := voucher.CheckSell(h, r, sealCheckedBy); err != nil {
			return err
		}
		if _, err := tx.User(sealCheckedBy); err != nil {
			return msg.Errorf("核对印鉴人 %s：%w", sealCheckedBy, err)
		}
		e := voucher.Event{Type: t.Code, State: voucher.Sold, Teller: sess.user.ID, By: sess.user.ID, SealCheckedBy: sealCheckedBy, At: s.clock.Now()}
		return s.voucherEvents(tx, b, r, e, sess.user.ID, "出售（印鉴核对人 "+sealCheckedBy+"）", t)
	})
}

// VoidVoucher marks a spoiled voucher 作废 with a reason; an A other than
// the teller authorizes it at this terminal (RULES §2: voids are the
// manager's to approve), or refuses it with their own reason
// (auth.Approve unset): nothing is voided.
func (s *Service) VoidVoucher(ctx context.Context, sess *Session, typ string, n int64, reason string, auth Credential) error {
	if sess == nil {
		return ErrNoSession
	}
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		b, t, h, err := heldVouchers(tx, sess, typ)
		if err != nil {
			return err
		}
		if err := voucher.CheckVoid(h, n, reason, auth.UserID); err != nil {
			return err
		}
		a, r, err := s.verify(tx, signing{stage: authz.StageA, maker: sess.user.ID, branch: b.ID,
			subject: fmt.Sprintf("作废 %s %s 原因：%s", t.Name, t.Format(n), reason)}, auth)
		if errors.Is(r, authz.ErrNeedLevelA) {
			r = voucher.ErrVoidNeedsAuth // says what a void needs, not a second authorization
		}
		if err != nil || r != nil {
			refusal = r
			return err
		}
		e := voucher.Event{Type: t.Code, Number: n, State: voucher.Voided, Teller: sess.user.ID, By: sess.user.ID,
			Reason: reason, Authorizer: a.User.ID, At: s.clock.Now()}
		w := eventWriter{branch: b.ID, date: b.BusinessDate}
		if err := w.insert(tx, e); err != nil {
			return err
		}
		return s.appendAudit(tx, sess.user.ID, auditVoucher, audit.WithDigests(fmt.Sprintf("作废 %s %s 原因：%s 授权 %s", t.Name, t.Format(n), reason, a.User.ID), w.seal()...))
	})
	if err != nil {
		return err
	}
	return refusal
}

// VoucherRegister is the register (登记簿) of a type ("" for all) between
// two business dates: every step of every number, in order.
func (s *Service) VoucherRegister(ctx context.Context, sess *Session, typ, from, to string) ([]voucher.Event, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	var out []voucher.Event
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.VoucherEvents(sess.branch.ID, typ, from, to)
		return err
	})
	return out, err
}

// VoucherHolding is what a teller holds of a type.
func (s *Service) VoucherHolding(ctx context.Context, sess *Session, teller, typ string) (voucher.Holding, error) {
	if sess == nil {
		return voucher.Holding{}, ErrNoSession
	}
	var h voucher.Holding
	err := s.store.View(ctx, func(tx Tx) error {
		t, err := voucherType(tx, typ)
		if err != nil {
			return err
		}
		h, err = holding(tx, sess.branch.ID, teller, t)
		return err
	})
	return h, err
}

// VoucherPlace is where blank vouchers of a type are: the keeper's stock
// (Teller "") or what one teller holds, as runs of numbers.
type VoucherPlace struct {
	Type   voucher.Type
	Teller string
	Ranges []voucher.Range
	Count  int64
}

// VoucherPlaces lists every blank voucher of the branch by type: first
// the keeper's stock (received or returned, not issued), then each
// teller's unused numbers, in teller order. Used, sold and voided
// numbers are in none.
func (s *Service) VoucherPlaces(ctx context.Context, sess *Session) ([]VoucherPlace, error) {
	if sess == nil {
		return nil, ErrNoSession
	}
	var out []VoucherPlace
	err := s.store.View(ctx, func(tx Tx) error {
		types, err := tx.VoucherTypes()
		if err != nil {
			return err
		}
		for _, t := range types {
			nums, err := tx.VoucherNumbers(sess.branch.ID, t.Code)
			if err != nil {
				return err
			}
			var kept []int64
			held := map[string][]int64{}
			for _, n := range nums {
				switch n.State {
				case voucher.Received, voucher.Returned:
					kept = append(kept, n.Number)
				case voucher.Issued:
					held[n.Teller] = append(held[n.Teller], n.Number)
				}
			}
			place := func(teller string, ns []int64) {
				if len(ns) > 0 {
					slices.Sort(ns)
					out = append(out, VoucherPlace{Type: t, Teller: teller, Ranges: compress(t.Code, ns), Count: int64(len(ns))})
				}
			}
			place("", kept)
			for _, teller := range slices.Sorted(maps.Keys(held)) {
				place(teller, held[teller])
			}
		}
		return nil
	})
	return out, err
}
