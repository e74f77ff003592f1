package counter

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"branchdesk/domain/cash"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/seal"
	"branchdesk/domain/staff"
	"branchdesk/domain/voucher"
)

// Leave hand-over (第十三条: 柜员休假或调离，必须经有权人员授权批准并按规定办理
// 交接手续; 第七条二.3: the supervisor checks the box, the blank vouchers and
// the seals, and they hand over together). The leaving teller hands their
// box cash, blank vouchers, seals and keys to a receiving teller under a
// B's or an A's supervision; each is counted, and the three confirm with
// their passwords. The cash goes the way every teller's cash goes (第九条):
// from the leaving box into the vault and out to the receiving box, two
// movements posted at once and operated by the vault keeper; the blank
// vouchers go back from the leaving teller and are issued to the receiving
// one by the voucher keeper (第十条). See leaveKeeper.

// LeaveRequest is a leave hand-over as keyed at the leaving teller's
// terminal: who takes over, who supervises, what was counted, and the
// three passwords.
type LeaveRequest struct {
	Receiving  string
	Supervisor string
	Count      cash.Count       // the box cash, counted by denomination
	Amount     money.Amount     // what the count adds up to, as keyed
	Vouchers   map[string]int64 // blank vouchers counted, by type code
	Seals      int              // register items counted
	Keys       []string         // the keys handed over, as named

	Password, ReceivingPassword, SupervisorPassword string

	// The keepers, when the supervisor is not the one (see leaveKeeper):
	// the vault keeper, when there is cash, and the voucher keeper, when
	// there are blank vouchers, each with their own password.
	VaultKeeper, VaultKeeperPassword     string
	VoucherKeeper, VoucherKeeperPassword string
}

// LeaveHandOver is a completed leave hand-over, as the 交接清单 prints it.
type LeaveHandOver struct {
	ID                             int64
	Branch                         Branch
	BusinessDate                   string
	Leaving, Receiving, Supervisor staff.User
	Count                          cash.Count
	Amount                         money.Amount
	OutEntry, InEntry              int64    // the two cash movements' entries
	Vouchers                       []string // each range handed, in words
	Seals                          []string // each item handed, in words
	Keys                           []string
	// The keepers who operated the hand-over: the vault keeper who moved
	// the cash through the vault, the voucher keeper who took the blank
	// vouchers back and issued them; empty where nothing of theirs moved
	// (and on hand-overs recorded before they were kept).
	VaultKeeper, VoucherKeeper staff.User
	At                         time.Time
}

// LeaveRecord is a leave hand-over as stored: the people by id.
type LeaveRecord struct {
	ID                             int64
	Branch                         string
	BusinessDate                   string
	Leaving, Receiving, Supervisor string
	Count                          cash.Count
	Amount                         money.Amount
	OutEntry, InEntry              int64
	Vouchers, Seals, Keys          []string
	VaultKeeper, VoucherKeeper     string // "" where nothing of theirs moved
	At                             time.Time
}

// LeaveTx is the storage of leave hand-overs; rows are never changed.
type LeaveTx interface {
	// InsertLeave records a leave hand-over and its count; r.ID is set.
	InsertLeave(r *LeaveRecord) error
	// Leave reads one, or ErrNotFound.
	Leave(id int64) (LeaveRecord, error)
}

// Errors of the leave hand-over, each naming its rule.
var (
	ErrLeavePeople     = errors.New("离岗交接的交出柜员、接收柜员和监交人须为三个不同的人（第十三条）")
	ErrLeaveSupervisor = errors.New("离岗交接须由B级或A级柜员监交（第十三条：经有权人员授权批准）")
	ErrLeaveUnfinished = errors.New("交出柜员当天业务尚未处理完毕，不能办理离岗交接（第十三条）")
	ErrLeaveCount      = errors.New("交接实点与账面不符")
	ErrLeaveNotFound   = errors.New("离岗交接记录不存在")
	// ErrLeaveVaultKeeper and ErrLeaveVoucherKeeper refuse a hand-over
	// whose cash or blank vouchers no keeper of theirs operates.
	ErrLeaveVaultKeeper   = errors.New("离岗交接的现金出入库须由总库管库员经办（第九条）")
	ErrLeaveVoucherKeeper = errors.New("离岗交接的重要空白凭证须由凭证保管人发放（第十条）")
	ErrLeaveKeeperTeller  = errors.New("保管人不能是交出柜员或接收柜员本人")
)

const auditLeave = "leave_handover"

// leaveParty reads a user who takes part in the hand-over at branch b.
func leaveParty(tx Tx, b Branch, id, role string) (staff.User, error) {
	u, err := tx.User(id)
	if errors.Is(err, ErrNotFound) {
		return u, msg.Errorf("%s：%w：柜员 %s", role, err, id)
	}
	if err != nil {
		return u, err
	}
	if u.Branch != b.ID {
		return u, msg.Errorf("%s %s 不属于本网点", role, u.Label())
	}
	if err := u.Usable(); err != nil {
		return u, msg.Errorf("%s %s：%w", role, u.Label(), err)
	}
	return u, nil
}

// leaveKeeper is who operates what a leave hand-over moves through a
// keeper's hands: the vault keeper moves the box cash through the vault
// (第九条: every movement in or out of a teller box is operated by the vault
// keeper and confirmed by the teller), the voucher keeper issues the blank
// vouchers to the receiving teller (第十条: kept and issued by the designated
// B; 账证分管 — whoever keeps the voucher books does not). Approving the
// hand-over (第十三条) does not make the supervisor a keeper. At a branch the
// keeper comes to the counter for the hand-over as the supervisor does: the
// supervisor operates what they keep, and for the rest the keeper named in
// the request takes part with their own password. own tells that the keeper
// is the supervisor, whose password is asked already. A keeper is neither
// of the two tellers.
func leaveKeeper(tx Tx, b Branch, key, role, id string, sup staff.User, tellers [2]string, notKeeper error) (k staff.User, own bool, err error) {
	if id == "" || id == sup.ID {
		ok, err := isKeeper(tx, key, sup)
		switch {
		case err != nil:
			return sup, true, err
		case ok:
			return sup, true, nil
		case id == "":
			return sup, true, msg.Errorf("%w：监交人 %s 不是%s，须由%s到场输入柜员号和密码", notKeeper, sup.Label(), role, role)
		}
	}
	if id == tellers[0] || id == tellers[1] {
		return k, false, msg.Errorf("%w：%s %s", ErrLeaveKeeperTeller, role, id)
	}
	if k, err = leaveParty(tx, b, id, role); err != nil {
		return k, false, err
	}
	ok, err := isKeeper(tx, key, k)
	if err != nil {
		return k, false, err
	}
	if !ok {
		return k, false, msg.Errorf("%w：%s 不是%s", notKeeper, k.Label(), role)
	}
	return k, false, nil
}

// signer is one who confirms a hand-over with their password, in a role.
type signer struct {
	u    *staff.User
	pw   string
	role string
}

// keepers are who operate a leave hand-over's cash and its blank vouchers
// (the supervisor when nothing of the kind moves), and those of them who
// are not the supervisor, whose passwords are asked too.
type keepers struct {
	vault, vouchers staff.User
	ask             []signer
}

// leaveKeepers finds the keepers of a hand-over with cash when r.Amount is
// above zero and with blank vouchers when vouchers (see leaveKeeper).
func leaveKeepers(tx Tx, b Branch, r LeaveRequest, sup staff.User, tellers [2]string, vouchers bool) (*keepers, error) {
	k := &keepers{vault: sup, vouchers: sup}
	if r.Amount > 0 {
		u, own, err := leaveKeeper(tx, b, SettingVaultKeeper, "总库管库员", strings.TrimSpace(r.VaultKeeper), sup, tellers, ErrLeaveVaultKeeper)
		if err != nil {
			return k, err
		}
		if k.vault = u; !own {
			k.ask = append(k.ask, signer{&k.vault, r.VaultKeeperPassword, "总库管库员"})
		}
	}
	if vouchers {
		u, own, err := leaveKeeper(tx, b, SettingVoucherKeeper, "凭证保管人", strings.TrimSpace(r.VoucherKeeper), sup, tellers, ErrLeaveVoucherKeeper)
		if err != nil {
			return k, err
		}
		// The same B may keep both: their password is asked once.
		if k.vouchers = u; !own && !(r.Amount > 0 && u.ID == k.vault.ID) {
			k.ask = append(k.ask, signer{&k.vouchers, r.VoucherKeeperPassword, "凭证保管人"})
		}
	}
	return k, nil
}

// unfinished says what business of the leaving teller is still open on
// the day (第十三条: 当天业务处理完毕): hand-overs to or from them waiting
// for a confirmation, and their drafts queued for authorization.
func unfinished(tx Tx, b Branch, teller string, now time.Time) error {
	var open msg.List
	hs, err := tx.HandOvers(b.ID, HandOverPending)
	if err != nil {
		return err
	}
	for _, h := range hs {
		if h.Teller == teller || h.Keeper == teller {
			open = append(open, msg.Sprintf("待确认的现金或凭证交接 #%d", h.ID))
		}
	}
	qs, err := tx.QueuedOpen(b.ID)
	if err != nil {
		return err
	}
	for _, q := range qs {
		if q.Maker == teller && q.Withdrawn.IsZero() && q.Expires.After(now) {
			open = append(open, msg.Sprintf("待授权的业务 %s %s", q.Request.Kind.Title(), q.Request.Amount))
		}
	}
	if len(open) > 0 {
		return msg.Errorf("%w：%s", ErrLeaveUnfinished, open)
	}
	return nil
}

// blanks are the unused vouchers a teller holds of each type, as ranges.
func blanks(tx Tx, b Branch, teller string) (map[string][]voucher.Range, []voucher.Type, error) {
	types, err := tx.VoucherTypes()
	if err != nil {
		return nil, nil, err
	}
	out := map[string][]voucher.Range{}
	for _, t := range types {
		nums, err := tx.VoucherNumbers(b.ID, t.Code)
		if err != nil {
			return nil, nil, err
		}
		var mine []int64
		for _, n := range nums {
			if n.Teller == teller && n.State == voucher.Issued {
				mine = append(mine, n.Number)
			}
		}
		slices.Sort(mine)
		if len(mine) > 0 {
			out[t.Code] = compress(t.Code, mine)
		}
	}
	return out, types, nil
}

// checkLeaveCount compares what was counted with what the books hold: the
// box to the fen, each voucher type to the piece, the seals to the item.
func checkLeaveCount(r LeaveRequest, box money.Amount, held map[string][]voucher.Range, types []voucher.Type, seals int) error {
	if err := cash.CheckDeclared(r.Count, r.Amount); err != nil {
		return err
	}
	if r.Amount != box {
		return msg.Errorf("%w：钱箱实点 %s，账面余额 %s", ErrLeaveCount, r.Amount, box)
	}
	for _, t := range types {
		var book int64
		for _, rg := range held[t.Code] {
			book += rg.Count()
		}
		if got := r.Vouchers[t.Code]; got != book {
			return msg.Errorf("%w：%s 实点 %d %s，账面 %d %s", ErrLeaveCount, t.Name, got, t.Unit, book, t.Unit)
		}
	}
	if r.Seals != seals {
		return msg.Errorf("%w：印章、授权卡实点 %d 件，登记簿 %d 件", ErrLeaveCount, r.Seals, seals)
	}
	return nil
}

// handedSeals are the register items a leaving teller hands over: all they
// keep but their own name stamp, which no one else may keep.
func handedSeals(tx Tx, b Branch, teller string) ([]seal.Item, error) {
	items, err := tx.Seals(b.ID)
	var out []seal.Item
	for _, it := range items {
		if it.Keeper == teller && !(it.Kind == seal.Name && it.Owner == teller) {
			out = append(out, it)
		}
	}
	return out, err
}

// LeaveHandOver is the leaving teller (sess) handing everything over to
// the receiving teller under the supervisor, all three confirming with
// their passwords at the leaving teller's terminal. It is refused while
// the leaving teller has business open, and when a count differs from the
// books; nothing moves unless everything does.
func (s *Service) LeaveHandOver(ctx context.Context, sess *Session, r LeaveRequest) (LeaveHandOver, error) {
	if sess == nil {
		return LeaveHandOver{}, ErrNoSession
	}
	r.Receiving, r.Supervisor = strings.TrimSpace(r.Receiving), strings.TrimSpace(r.Supervisor)
	leaving := sess.user.ID
	if leaving == r.Receiving || leaving == r.Supervisor || r.Receiving == r.Supervisor {
		return LeaveHandOver{}, ErrLeavePeople
	}
	var keys []string
	for _, k := range r.Keys {
		if k = strings.TrimSpace(k); k != "" {
			keys = append(keys, k)
		}
	}
	var out LeaveHandOver
	var refusal error
	err := s.store.Tx(ctx, func(tx Tx) error {
		st, err := standing(tx, sess)
		if err != nil {
			return err
		}
		b := st.Branch
		to, err := leaveParty(tx, b, r.Receiving, "接收柜员")
		if err != nil {
			return err
		}
		if d, err := tx.Day(to.ID, b.BusinessDate); err != nil || d.State != DayOpen {
			return msg.Errorf("接收柜员 %s：%w", to.Label(), ErrDayNotOpen)
		}
		sup, err := leaveParty(tx, b, r.Supervisor, "监交人")
		if err != nil {
			return err
		}
		if sup.Level != staff.LevelB && sup.Level != staff.LevelA {
			return msg.Errorf("%w：%s 是%s级", ErrLeaveSupervisor, sup.Label(), sup.Level)
		}
		if err := unfinished(tx, b, leaving, s.clock.Now()); err != nil {
			return err
		}
		held, types, err := blanks(tx, b, leaving)
		if err != nil {
			return err
		}
		items, err := handedSeals(tx, b, leaving)
		if err != nil {
			return err
		}
		if err := checkLeaveCount(r, st.Box.Balance, held, types, len(items)); err != nil {
			return err
		}
		for _, it := range items {
			if _, err := mayKeep(tx, it, to.ID); err != nil {
				return msg.Errorf("%s 不能交给接收柜员：%w", it.Title(), err)
			}
		}
		from := st.User
		if r.Amount > 0 {
			in := MoveRequest{From: cash.Party{Kind: cash.Vault, ID: b.ID}, To: cash.Party{Kind: cash.TellerBox, ID: to.ID}, Count: r.Count, Amount: r.Amount}
			if err := boxRoom(tx, b.ID, in, 0); err != nil {
				return err
			}
		}
		k, err := leaveKeepers(tx, b, r, sup, [2]string{from.ID, to.ID}, len(held) > 0)
		if err != nil {
			return err
		}
		parties := append([]signer{{&from, r.Password, "交出柜员"}, {&to, r.ReceivingPassword, "接收柜员"}, {&sup, r.SupervisorPassword, "监交人"}}, k.ask...)
		for _, p := range parties {
			if refusal, err = s.authenticate(tx, p.u, p.pw, "离岗交接"+p.role+"密码错误"); err != nil || refusal != nil {
				refusal = sealRefusal(p.role, refusal)
				return err
			}
		}
		rec := LeaveRecord{Branch: b.ID, BusinessDate: b.BusinessDate, Leaving: from.ID, Receiving: to.ID, Supervisor: sup.ID,
			Count: r.Count, Amount: r.Amount, Keys: keys, At: s.clock.Now()}
		if r.Amount > 0 {
			rec.VaultKeeper = k.vault.ID
		}
		if len(held) > 0 {
			rec.VoucherKeeper = k.vouchers.ID
		}
		if r.Amount > 0 {
			if rec.OutEntry, rec.InEntry, err = s.passBox(tx, b, rec, k.vault.ID); err != nil {
				return err
			}
		}
		byType := map[string]voucher.Type{}
		for _, t := range types {
			byType[t.Code] = t
			for _, rg := range held[t.Code] {
				rec.Vouchers = append(rec.Vouchers, fmt.Sprintf("%s %s（%d %s）", t.Name, t.FormatRange(rg), rg.Count(), t.Unit))
			}
		}
		for _, it := range items {
			rec.Seals = append(rec.Seals, it.Title())
		}
		if err := tx.InsertLeave(&rec); err != nil {
			return err
		}
		for _, t := range types {
			for _, rg := range held[t.Code] {
				if err := s.passVouchers(tx, b, byType[t.Code], rg, rec, k.vouchers.ID); err != nil {
					return err
				}
			}
		}
		for _, it := range items {
			if err := s.passSeal(tx, b, it, from, to, rec.ID); err != nil {
				return err
			}
		}
		for _, u := range []*staff.User{&from, &to, &sup} {
			u.Hash = ""
		}
		vaultKeeper, voucherKeeper, err := leaveKeeperUsers(tx, rec)
		if err != nil {
			return err
		}
		also := ""
		if len(k.ask) > 0 {
			var keepers []string
			for _, p := range k.ask {
				keepers = append(keepers, p.role+" "+p.u.Label())
			}
			also = "；" + strings.Join(keepers, "、") + " 到场密码确认"
		}
		out = LeaveHandOver{ID: rec.ID, Branch: b, BusinessDate: b.BusinessDate, Leaving: from, Receiving: to, Supervisor: sup,
			Count: rec.Count, Amount: rec.Amount, OutEntry: rec.OutEntry, InEntry: rec.InEntry,
			Vouchers: rec.Vouchers, Seals: rec.Seals, Keys: rec.Keys, VaultKeeper: vaultKeeper, VoucherKeeper: voucherKeeper, At: rec.At}
		return s.appendAudit(tx, from.ID, auditLeave, fmt.Sprintf("离岗交接 #%d：%s 交 %s，监交 %s；现金 %s；凭证 %d 段；印章 %d 件；钥匙 %s；三方密码确认%s，终端 %s",
			rec.ID, from.Label(), to.Label(), sup.Label(), rec.Amount, len(rec.Vouchers), len(rec.Seals), orNone(strings.Join(keys, "、")), also, s.terminal))
	})
	if err == nil && refusal != nil {
		return LeaveHandOver{}, refusal
	}
	return out, err
}

// passBox moves the leaving teller's cash to the receiving teller's box
// through the vault, as two movements the vault keeper operates and each
// teller has confirmed.
func (s *Service) passBox(tx Tx, b Branch, rec LeaveRecord, keeper string) (out, in int64, err error) {
	vault := cash.Party{Kind: cash.Vault, ID: b.ID}
	legs := []struct{ from, to cash.Party }{
		{cash.Party{Kind: cash.TellerBox, ID: rec.Leaving}, vault},
		{vault, cash.Party{Kind: cash.TellerBox, ID: rec.Receiving}},
	}
	var ids []int64
	for _, l := range legs {
		teller, _ := tellerOf(l.from, l.to)
		mv := CashMove{Branch: b.ID, BusinessDate: b.BusinessDate, Kind: moveKind(l.from, l.to), From: l.from, To: l.to,
			Keeper: keeper, Teller: teller, Count: rec.Count, Amount: rec.Amount, At: s.clock.Now()}
		subject := fmt.Sprintf("%s %s → %s %s 管库员 %s 离岗交接 %s 交 %s，监交 %s", mv.Kind.Title(), partyAccount(l.from), partyAccount(l.to),
			rec.Amount, keeper, rec.Leaving, rec.Receiving, rec.Supervisor)
		if err := s.postMove(tx, &mv, nil, subject); err != nil {
			return 0, 0, err
		}
		ids = append(ids, mv.EntryID)
	}
	return ids[0], ids[1], nil
}

// passVouchers returns a range from the leaving teller and issues it to
// the receiving one, as the voucher keeper.
func (s *Service) passVouchers(tx Tx, b Branch, t voucher.Type, rg voucher.Range, rec LeaveRecord, keeper string) error {
	at := s.clock.Now()
	back := voucher.Event{Type: t.Code, State: voucher.Returned, Teller: rec.Leaving, By: keeper, At: at}
	if err := s.voucherEvents(tx, b, rg, back, rec.Leaving, fmt.Sprintf("离岗交接 #%d 交出柜员退回", rec.ID), t); err != nil {
		return err
	}
	issue := voucher.Event{Type: t.Code, State: voucher.Issued, Teller: rec.Receiving, By: keeper, At: at}
	return s.voucherEvents(tx, b, rg, issue, keeper, fmt.Sprintf("离岗交接 #%d 发给接收柜员 %s", rec.ID, rec.Receiving), t)
}

// LeaveHandOverRecord reads a leave hand-over of the branch, for the
// 交接清单.
func (s *Service) LeaveHandOverRecord(ctx context.Context, sess *Session, id int64) (LeaveHandOver, error) {
	if sess == nil {
		return LeaveHandOver{}, ErrNoSession
	}
	var out LeaveHandOver
	err := s.store.View(ctx, func(tx Tx) error {
		rec, err := tx.Leave(id)
		if errors.Is(err, ErrNotFound) || (err == nil && rec.Branch != sess.branch.ID) {
			return msg.Errorf("%w：#%d", ErrLeaveNotFound, id)
		}
		if err != nil {
			return err
		}
		b, err := tx.Branch(rec.Branch)
		if err != nil {
			return err
		}
		out = LeaveHandOver{ID: rec.ID, Branch: b, BusinessDate: rec.BusinessDate, Count: rec.Count, Amount: rec.Amount,
			OutEntry: rec.OutEntry, InEntry: rec.InEntry, Vouchers: rec.Vouchers, Seals: rec.Seals, Keys: rec.Keys, At: rec.At}
		if out.VaultKeeper, out.VoucherKeeper, err = leaveKeeperUsers(tx, rec); err != nil {
			return err
		}
		for _, p := range []struct {
			id string
			u  *staff.User
		}{{rec.Leaving, &out.Leaving}, {rec.Receiving, &out.Receiving}, {rec.Supervisor, &out.Supervisor}} {
			if *p.u, err = tx.User(p.id); err != nil {
				return err
			}
			p.u.Hash = ""
		}
		return nil
	})
	return out, err
}

// leaveKeeperUsers are the keepers rec names, the zero user where it
// names none.
func leaveKeeperUsers(tx Tx, rec LeaveRecord) (vault, vouchers staff.User, err error) {
	for _, p := range []struct {
		id string
		u  *staff.User
	}{{rec.VaultKeeper, &vault}, {rec.VoucherKeeper, &vouchers}} {
		if p.id == "" {
			continue
		}
		if *p.u, err = tx.User(p.id); err != nil {
			return vault, vouchers, err
		}
		p.u.Hash = ""
	}
	return vault, vouchers, nil
}

// LeaveInventory is what a leaving teller has to hand over, as the books
// hold it: the box, each type's blank vouchers, and the register items
// they keep but their own name stamp.
type LeaveInventory struct {
	Box      money.Amount
	Vouchers []HeldVouchers
	Seals    []seal.Item
}

// HeldVouchers are a teller's blank vouchers of one type.
type HeldVouchers struct {
	Type   voucher.Type
	Ranges []voucher.Range
	Count  int64
}

// LeaveInventory lists what the signed-in teller would hand over now.
func (s *Service) LeaveInventory(ctx context.Context, sess *Session) (LeaveInventory, error) {
	if sess == nil {
		return LeaveInventory{}, ErrNoSession
	}
	var out LeaveInventory
	err := s.store.View(ctx, func(tx Tx) error {
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		out, err = inventoryOf(tx, b, sess.user.ID)
		return err
	})
	return out, err
}

// inventoryOf is what teller holds: the cash in the box, blank vouchers
// and the register items handed to them.
func inventoryOf(tx Tx, b Branch, teller string) (LeaveInventory, error) {
	var out LeaveInventory
	var err error
	if out.Box, err = balanceOf(tx, ledger.CashAccountNo(teller)); err != nil {
		return out, err
	}
	held, types, err := blanks(tx, b, teller)
	if err != nil {
		return out, err
	}
	for _, t := range types {
		if rs := held[t.Code]; len(rs) > 0 {
			h := HeldVouchers{Type: t, Ranges: rs}
			for _, r := range rs {
				h.Count += r.Count()
			}
			out.Vouchers = append(out.Vouchers, h)
		}
	}
	out.Seals, err = handedSeals(tx, b, teller)
	return out, err
}

// Empty tells whether nothing is held.
func (inv LeaveInventory) Empty() bool {
	return inv.Box == 0 && len(inv.Vouchers) == 0 && len(inv.Seals) == 0
}
