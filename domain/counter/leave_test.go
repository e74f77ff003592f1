package counter_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/money"
	"branchdesk/domain/seal"
	"branchdesk/domain/staff"
	"branchdesk/domain/voucher"
	"branchdesk/storage/sqlstore"
)

// leaveDesk is a demo branch where teller 1001 holds ¥10,000 in hundreds,
// cash cheques 2-10 (1 voided) and their 现金讫章 and 转讫章, and 1002 has
// signed in to take over.
type leaveDesk struct {
	svc                *counter.Service
	db                 *sqlstore.DB
	leaving, receiving *counter.Session
	keeper             *counter.Session // the vault keeper 2001
}

func newLeaveDesk(t *testing.T) leaveDesk {
	t.Helper()
	svc, db := newCounter(t)
	ctx := context.Background()
	d := leaveDesk{svc: svc, db: db, keeper: signedIn(t, svc, "2001")}
	vkeeper := signedIn(t, svc, "2002")
	d.leaving, d.receiving = signedIn(t, svc, "1001"), signedIn(t, svc, "1002")
	if _, err := svc.MoveCash(ctx, d.keeper, move(vault, box("1001"), cash.Count{"N100": 100}), approve("1001")); err != nil {
		t.Fatal(err)
	}
	if err := svc.IssueVouchers(ctx, vkeeper, voucher.Range{Type: voucher.CashCheque, From: 1, To: 10}, "1001"); err != nil {
		t.Fatal(err)
	}
	if err := svc.VoidVoucher(ctx, d.leaving, voucher.CashCheque, 1, "填写错误", approve("3001")); err != nil {
		t.Fatal(err)
	}
	return d
}

// request is the hand-over as counted right, with the three passwords,
// supervised by the vault keeper 2001, and the voucher keeper 2002's.
func (d leaveDesk) request() counter.LeaveRequest {
	return counter.LeaveRequest{Receiving: "1002", Supervisor: "2001",
		Count: cash.Count{"N100": 100}, Amount: 10_000_00, Vouchers: map[string]int64{voucher.CashCheque: 9}, Seals: 2,
		Keys:     []string{"钱箱钥匙 01号", " "},
		Password: "pass1001", ReceivingPassword: "pass1002", SupervisorPassword: "pass2001",
		VoucherKeeper: "2002", VoucherKeeperPassword: "pass2002"}
}

func (d leaveDesk) boxOf(t *testing.T, teller string) money.Amount {
	t.Helper()
	bal, err := d.svc.BoxBalance(context.Background(), d.keeper, teller)
	if err != nil {
		t.Fatal(err)
	}
	return bal
}

func (d leaveDesk) blanksOf(t *testing.T, teller string) int64 {
	t.Helper()
	h, err := d.svc.VoucherHolding(context.Background(), d.keeper, teller, voucher.CashCheque)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, r := range h.Ranges {
		for i := r.From; i <= r.To; i++ {
			if _, gone := h.WrittenOff[i]; !gone || h.WrittenOff[i] == voucher.Issued {
				n++
			}
		}
	}
	return n
}

// unmoved checks that a refused hand-over left everything where it was.
func (d leaveDesk) unmoved(t *testing.T) {
	t.Helper()
	if a, b := d.boxOf(t, "1001"), d.boxOf(t, "1002"); a != 10_000_00 || b != 0 {
		t.Fatalf("boxes after a refusal: 1001 %s, 1002 %s", a, b)
	}
	if n := d.blanksOf(t, "1001"); n != 9 {
		t.Fatalf("1001 holds %d blanks after a refusal", n)
	}
	if k := sealNamed(t, d.svc, d.leaving, "XJ-0101-01").Keeper; k != "1001" {
		t.Fatalf("现金讫章 with %s after a refusal", k)
	}
}

// 第十三条: the leaving teller's cash, blank vouchers, seals and keys go to
// the receiving teller under a B; the leaving box ends empty and the
// record reads back whole.
func TestHandoverLeave(t *testing.T) {
	d := newLeaveDesk(t)
	ctx := context.Background()
	inv, err := d.svc.LeaveInventory(ctx, d.leaving)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Box != 10_000_00 || len(inv.Vouchers) != 1 || inv.Vouchers[0].Count != 9 || len(inv.Seals) != 2 {
		t.Fatalf("inventory before: %+v", inv)
	}
	l, err := d.svc.LeaveHandOver(ctx, d.leaving, d.request())
	if err != nil {
		t.Fatal(err)
	}
	if inv, err = d.svc.LeaveInventory(ctx, d.leaving); err != nil || inv.Box != 0 || len(inv.Vouchers) != 0 || len(inv.Seals) != 0 {
		t.Fatalf("inventory after: %+v %v", inv, err)
	}
	if a, b := d.boxOf(t, "1001"), d.boxOf(t, "1002"); a != 0 || b != 10_000_00 {
		t.Fatalf("boxes: 1001 %s, 1002 %s", a, b)
	}
	if a, b := d.blanksOf(t, "1001"), d.blanksOf(t, "1002"); a != 0 || b != 9 {
		t.Fatalf("blanks: 1001 %d, 1002 %d", a, b)
	}
	for _, no := range []string{"XJ-0101-01", "ZZ-0101-01"} {
		if k := sealNamed(t, d.svc, d.leaving, no).Keeper; k != "1002" {
			t.Errorf("%s kept by %s", no, k)
		}
	}
	if k := sealNamed(t, d.svc, d.leaving, "张三").Keeper; k != "1001" {
		t.Errorf("the leaving teller's name stamp went to %s", k)
	}
	moves, err := d.svc.SealMoves(ctx, d.leaving, sealNamed(t, d.svc, d.leaving, "XJ-0101-01").ID)
	if err != nil || moves[len(moves)-1].Leave != l.ID {
		t.Fatalf("seal move %+v not tied to leave #%d: %v", moves, l.ID, err)
	}
	// The cash went through the vault, as all teller cash does (第九条).
	mv, err := d.svc.CashMoves(ctx, d.keeper, today, today)
	if err != nil {
		t.Fatal(err)
	}
	last := mv[len(mv)-2:]
	if last[0].From != box("1001") || last[0].To != vault || last[1].From != vault || last[1].To != box("1002") ||
		last[0].Keeper != "2001" || last[1].Teller != "1002" || last[0].EntryID != l.OutEntry || last[1].EntryID != l.InEntry {
		t.Fatalf("cash moves %+v", last)
	}
	got, err := d.svc.LeaveHandOverRecord(ctx, d.receiving, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Leaving.ID != "1001" || got.Receiving.ID != "1002" || got.Supervisor.ID != "2001" || got.Amount != 10_000_00 ||
		got.Count["N100"] != 100 || got.Branch.Name == "" ||
		strings.Join(got.Vouchers, "|") != "现金支票 00000002–00000010（9 张）" ||
		strings.Join(got.Seals, "|") != "现金讫章 XJ-0101-01|转讫章 ZZ-0101-01" || strings.Join(got.Keys, "|") != "钱箱钥匙 01号" ||
		got.VaultKeeper.ID != "2001" || got.VoucherKeeper.ID != "2002" || got.VoucherKeeper.Hash != "" ||
		l.VaultKeeper.ID != "2001" || l.VoucherKeeper.Name != got.VoucherKeeper.Name {
		t.Fatalf("record %+v", got)
	}
	a := auditTail(t, d.db)
	if a.Action != "leave_handover" || !strings.Contains(a.Detail, "1001 张三 交 1002 王芳，监交 2001 李四；现金 ¥10,000.00；凭证 1 段；印章 2 件；钥匙 钱箱钥匙 01号；三方密码确认") {
		t.Fatalf("audit %+v", a)
	}
	if _, err := d.db.Exec(ctx, `UPDATE leave_handovers SET amount = 0`); err == nil {
		t.Fatal("a leave hand-over was rewritten")
	}
	if _, err := d.db.Exec(ctx, `DELETE FROM leave_lines`); err == nil {
		t.Fatal("a leave count was deleted")
	}
}

// 第十三条、第八条: the leaving teller, the receiving teller and the
// supervisor are three people, and the supervisor is a B or an A.
func TestHandoverLeavePeople(t *testing.T) {
	d := newLeaveDesk(t)
	ctx := context.Background()
	cases := []struct {
		receiving, supervisor string
		want                  error
	}{
		{"1001", "2001", counter.ErrLeavePeople},
		{"1002", "1001", counter.ErrLeavePeople},
		{"1002", "1002", counter.ErrLeavePeople},
		{"2002", "1002", counter.ErrLeaveSupervisor},
		{"1002", "9999", counter.ErrNotFound},
	}
	for _, c := range cases {
		r := d.request()
		r.Receiving, r.Supervisor = c.receiving, c.supervisor
		r.ReceivingPassword, r.SupervisorPassword = "pass"+c.receiving, "pass"+c.supervisor
		if _, err := d.svc.LeaveHandOver(ctx, d.leaving, r); !errors.Is(err, c.want) {
			t.Errorf("receiving %s, supervisor %s: got %v, want %v", c.receiving, c.supervisor, err, c.want)
		}
	}
	d.unmoved(t)
}

// Each item is counted: the box to the fen (one fen short or over is
// refused), each voucher type to the piece, the seals to the item.
func TestHandoverLeaveCount(t *testing.T) {
	d := newLeaveDesk(t)
	ctx := context.Background()
	short := cash.Count{"N100": 99, "N1": 99, "N1J": 9, "C1F": 9}
	over := cash.Count{"N100": 100, "C1F": 1}
	cases := []struct {
		edit func(*counter.LeaveRequest)
		msg  string
	}{
		{func(r *counter.LeaveRequest) { r.Count, r.Amount = short, 9_999_99 }, "钱箱实点 ¥9,999.99，账面余额 ¥10,000.00"},
		{func(r *counter.LeaveRequest) { r.Count, r.Amount = over, 10_000_01 }, "钱箱实点 ¥10,000.01，账面余额 ¥10,000.00"},
		{func(r *counter.LeaveRequest) { r.Vouchers[voucher.CashCheque] = 8 }, "现金支票 实点 8 张，账面 9 张"},
		{func(r *counter.LeaveRequest) { r.Vouchers[voucher.CashCheque] = 10 }, "现金支票 实点 10 张，账面 9 张"},
		{func(r *counter.LeaveRequest) { r.Seals = 1 }, "印章、授权卡实点 1 件，登记簿 2 件"},
		{func(r *counter.LeaveRequest) { r.Seals = 3 }, "印章、授权卡实点 3 件，登记簿 2 件"},
	}
	for _, c := range cases {
		r := d.request()
		c.edit(&r)
		_, err := d.svc.LeaveHandOver(ctx, d.leaving, r)
		if !errors.Is(err, counter.ErrLeaveCount) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("got %v, want %s", err, c.msg)
		}
	}
	// A count that does not add up to the amount keyed.
	r := d.request()
	r.Amount = 9_999_99
	if _, err := d.svc.LeaveHandOver(ctx, d.leaving, r); !errors.Is(err, cash.ErrCountMismatch) {
		t.Errorf("count against amount: %v", err)
	}
	d.unmoved(t)
	if _, err := d.svc.LeaveHandOver(ctx, d.leaving, d.request()); err != nil {
		t.Fatalf("exact count: %v", err)
	}
}

// 第十三条 当天业务处理完毕: a hand-over waiting for the leaving teller's
// confirmation, or a draft of theirs waiting for authorization, stops
// the leave hand-over, and says which.
func TestHandoverLeaveUnfinished(t *testing.T) {
	d := newLeaveDesk(t)
	ctx := context.Background()
	h, err := d.svc.OfferCash(ctx, d.keeper, move(vault, box("1001"), cash.Count{"N100": 1}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.svc.LeaveHandOver(ctx, d.leaving, d.request())
	if !errors.Is(err, counter.ErrLeaveUnfinished) || !strings.Contains(err.Error(), "待确认的现金或凭证交接 #") {
		t.Fatalf("with hand-over #%d pending: %v", h.ID, err)
	}
	d.unmoved(t)
	if err := d.svc.CancelHandOver(ctx, d.keeper, h.ID, "改为离岗交接"); err != nil {
		t.Fatal(err)
	}
	// A draft of theirs waiting for a remote authorization.
	if err := d.svc.SetSetting(ctx, counter.CommandLine(), counter.SettingRemoteAuth, "on"); err != nil {
		t.Fatal(err)
	}
	_, key := queueTransfer(t, d.svc, d.leaving, 150_000_00)
	_, err = d.svc.LeaveHandOver(ctx, d.leaving, d.request())
	if !errors.Is(err, counter.ErrLeaveUnfinished) || !strings.Contains(err.Error(), "待授权的业务 储蓄转账 ¥150,000.00") {
		t.Fatalf("with a queued draft: %v", err)
	}
	d.unmoved(t)
	if err := d.svc.Withdraw(ctx, d.leaving, key); err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.LeaveHandOver(ctx, d.leaving, d.request()); err != nil {
		t.Fatalf("after the cancel and the withdrawal: %v", err)
	}
}

// Each of the three confirms with their own password; a wrong one stops
// everything and says whose it was.
func TestHandoverLeavePasswords(t *testing.T) {
	d := newLeaveDesk(t)
	ctx := context.Background()
	for _, who := range []string{"交出柜员", "接收柜员", "监交人"} {
		r := d.request()
		switch who {
		case "交出柜员":
			r.Password = "nope"
		case "接收柜员":
			r.ReceivingPassword = "nope"
		default:
			r.SupervisorPassword = "nope"
		}
		_, err := d.svc.LeaveHandOver(ctx, d.leaving, r)
		if !errors.Is(err, staff.ErrWrongPassword) || !strings.HasPrefix(err.Error(), who+"：") {
			t.Errorf("%s's password wrong: %v", who, err)
		}
	}
	d.unmoved(t)
	if n := failures(t, d.svc, "2001"); n != 1 {
		t.Fatalf("supervisor's failures %d, want 1", n)
	}
}

// The receiving teller takes over at the counter: signed in, and allowed
// to keep every seal handed over.
func TestHandoverLeaveReceiver(t *testing.T) {
	d := newLeaveDesk(t)
	ctx := context.Background()
	r := d.request()
	r.Receiving, r.ReceivingPassword = "3002", "pass3002"
	if _, err := d.svc.LeaveHandOver(ctx, d.leaving, r); !errors.Is(err, counter.ErrDayNotOpen) {
		t.Fatalf("receiver not signed in: %v", err)
	}
	// 2002 keeps the blank vouchers: they may take a 现金讫章, so sign them
	// in and hand 1001 the business seal first, which 2002 may not keep.
	li := signedIn(t, d.svc, "2001")
	yw := sealNamed(t, d.svc, li, "YW-0101-01")
	if _, err := d.svc.HandOverSeal(ctx, li, counter.SealHandOver{Seal: yw.ID, Password: "pass2001", To: "1001", ToPassword: "pass1001"}); err != nil {
		t.Fatal(err)
	}
	r = d.request()
	r.Receiving, r.ReceivingPassword, r.Supervisor, r.SupervisorPassword, r.Seals = "2002", "pass2002", "3001", "pass3001", 3
	if _, err := d.svc.LeaveHandOver(ctx, d.leaving, r); !errors.Is(err, seal.ErrVoucherKeeper) || !strings.Contains(err.Error(), "业务专用章 YW-0101-01 不能交给接收柜员") {
		t.Fatalf("business seal to the voucher keeper: %v", err)
	}
	d.unmoved(t)
}

// leaveMoves are the two vault movements a leave hand-over posted.
func (d leaveDesk) leaveMoves(t *testing.T, l counter.LeaveHandOver) []counter.CashMove {
	t.Helper()
	moves, err := d.svc.CashMoves(context.Background(), d.keeper, today, today)
	if err != nil {
		t.Fatal(err)
	}
	var out []counter.CashMove
	for _, m := range moves {
		if m.EntryID == l.OutEntry || m.EntryID == l.InEntry {
			out = append(out, m)
		}
	}
	if len(out) != 2 {
		t.Fatalf("leave #%d posted %d vault movements", l.ID, len(out))
	}
	return out
}

// issuedBy is who issued the receiving teller 1002 the cash cheques today.
func (d leaveDesk) issuedBy(t *testing.T) map[string]int {
	t.Helper()
	events, err := d.svc.VoucherRegister(context.Background(), d.leaving, voucher.CashCheque, today, today)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]int{}
	for _, e := range events {
		if e.State == voucher.Issued && e.Teller == "1002" {
			by[e.By]++
		}
	}
	return by
}

// keeperCase is a keeper keyed for a leave hand-over and how it is refused.
type keeperCase struct {
	keeper, password string
	want             error
	text             string
}

// refusedKeepers tries each case's keeper, set into base by set: each is
// refused as the case says, and nothing moves.
func (d leaveDesk) refusedKeepers(t *testing.T, base counter.LeaveRequest, set func(r *counter.LeaveRequest, id, pw string), cases []keeperCase) {
	t.Helper()
	for _, c := range cases {
		r := base
		set(&r, c.keeper, c.password)
		_, err := d.svc.LeaveHandOver(context.Background(), d.leaving, r)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.text) {
			t.Errorf("keeper %q: got %v, want %v (%s)", c.keeper, err, c.want, c.text)
		}
	}
	d.unmoved(t)
}

func setVaultKeeper(r *counter.LeaveRequest, id, pw string) {
	r.VaultKeeper, r.VaultKeeperPassword = id, pw
}

func setVoucherKeeper(r *counter.LeaveRequest, id, pw string) {
	r.VoucherKeeper, r.VoucherKeeperPassword = id, pw
}

// 第九条 (RULES §3): every movement in or out of a teller box goes through
// the vault, operated by the vault keeper (2001). A supervisor who does not
// keep the vault (2002, who keeps the blank vouchers) approves the leave
// hand-over (第十三条) but does not operate the vault: the vault keeper comes
// and gives their password, and both vault movements are theirs.
func TestHandoverLeaveCashByVaultKeeper(t *testing.T) {
	d := newLeaveDesk(t)
	ctx := context.Background()
	base := d.request()
	base.Supervisor, base.SupervisorPassword = "2002", "pass2002"
	base.VoucherKeeper, base.VoucherKeeperPassword = "", ""
	d.refusedKeepers(t, base, setVaultKeeper, []keeperCase{
		{"", "", counter.ErrLeaveVaultKeeper, "监交人 2002 赵敏 不是总库管库员"},
		{"3001", "pass3001", counter.ErrLeaveVaultKeeper, "不是总库管库员"},
		{"2002", "pass2002", counter.ErrLeaveVaultKeeper, "2002 赵敏 不是总库管库员"},
		{"1002", "pass1002", counter.ErrLeaveKeeperTeller, "总库管库员 1002"},
		{"2001", "nope", staff.ErrWrongPassword, "总库管库员："},
	})
	r := base
	setVaultKeeper(&r, "2001", "pass2001")
	l, err := d.svc.LeaveHandOver(ctx, d.leaving, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range d.leaveMoves(t, l) {
		if m.Keeper != "2001" {
			t.Errorf("vault movement #%d %s→%s operated by %s, not the vault keeper 2001", m.EntryID, m.From.ID, m.To.ID, m.Keeper)
		}
	}
	if by := d.issuedBy(t); len(by) != 1 || by["2002"] != 9 {
		t.Errorf("cash cheques issued to 1002 by %v, want the voucher keeper 2002 (the supervisor)", by)
	}
	if a := auditTail(t, d.db); !strings.Contains(a.Detail, "监交 2002 赵敏") || !strings.Contains(a.Detail, "总库管库员 2001 李四 到场密码确认") {
		t.Errorf("audit %q", a.Detail)
	}
}

// 第十条 and 账证分管 (RULES §4): blank vouchers are issued by the voucher
// keeper (2002), never by the one who keeps their books (3001), even when
// 3001, an A, supervises the hand-over.
func TestHandoverLeaveVouchersByVoucherKeeper(t *testing.T) {
	d := newLeaveDesk(t)
	ctx := context.Background()
	base := d.request()
	base.Supervisor, base.SupervisorPassword = "3001", "pass3001"
	base.VaultKeeper, base.VaultKeeperPassword = "2001", "pass2001"
	d.refusedKeepers(t, base, setVoucherKeeper, []keeperCase{
		{"", "", counter.ErrLeaveVoucherKeeper, "监交人 3001"},
		{"3001", "pass3001", counter.ErrLeaveVoucherKeeper, "不是凭证保管人"},
		{"2001", "pass2001", counter.ErrLeaveVoucherKeeper, "2001 李四 不是凭证保管人"},
		{"1001", "pass1001", counter.ErrLeaveKeeperTeller, "凭证保管人 1001"},
		{"2002", "nope", staff.ErrWrongPassword, "凭证保管人："},
	})
	if n := failures(t, d.svc, "2002"); n != 1 {
		t.Fatalf("voucher keeper's failures %d, want 1", n)
	}

	r := base
	setVoucherKeeper(&r, "2002", "pass2002")
	l, err := d.svc.LeaveHandOver(ctx, d.leaving, r)
	if err != nil {
		t.Fatal(err)
	}
	if by := d.issuedBy(t); len(by) != 1 || by["2002"] != 9 {
		t.Errorf("cash cheques issued to 1002 by %v, want the voucher keeper 2002 only", by)
	}
	for _, m := range d.leaveMoves(t, l) {
		if m.Keeper != "2001" {
			t.Errorf("vault movement #%d operated by %s, not the vault keeper 2001", m.EntryID, m.Keeper)
		}
	}
}

// The receiving box takes the leaving box's cash from the vault, so it too
// stays within its maximum (第九条): exactly at it is allowed, one fen over
// refused.
func TestHandoverLeaveReceivingBoxLimit(t *testing.T) {
	d := newLeaveDesk(t)
	ctx := context.Background()
	if err := d.svc.SetBoxLimit(ctx, counter.CommandLine(), "1002", 9_999_99); err != nil {
		t.Fatal(err)
	}
	_, err := d.svc.LeaveHandOver(ctx, d.leaving, d.request())
	if !errors.Is(err, counter.ErrBoxLimit) || !strings.Contains(err.Error(), "最高限额 ¥9,999.99，本次 ¥10,000.00") {
		t.Fatalf("receiving box one fen too small: %v", err)
	}
	d.unmoved(t)
	if err := d.svc.SetBoxLimit(ctx, counter.CommandLine(), "1002", 10_000_00); err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.LeaveHandOver(ctx, d.leaving, d.request()); err != nil {
		t.Fatalf("receiving box exactly at its maximum: %v", err)
	}
}

// When the branch names no keepers, any B keeps both the vault and the
// blank vouchers: one B, keyed as both keepers of a hand-over an A
// supervises, gives their password once and operates both.
func TestHandoverLeaveOneKeeperOfBoth(t *testing.T) {
	d := newLeaveDesk(t)
	ctx := context.Background()
	for _, key := range []string{counter.SettingVaultKeeper, counter.SettingVoucherKeeper} {
		if err := d.svc.SetSetting(ctx, counter.CommandLine(), key, ""); err != nil {
			t.Fatal(err)
		}
	}
	r := d.request()
	r.Supervisor, r.SupervisorPassword = "3001", "pass3001"
	setVaultKeeper(&r, "2001", "pass2001")
	setVoucherKeeper(&r, "2001", "")
	l, err := d.svc.LeaveHandOver(ctx, d.leaving, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range d.leaveMoves(t, l) {
		if m.Keeper != "2001" {
			t.Errorf("vault movement #%d operated by %s, not 2001", m.EntryID, m.Keeper)
		}
	}
	if by := d.issuedBy(t); len(by) != 1 || by["2001"] != 9 {
		t.Errorf("cash cheques issued to 1002 by %v, want 2001", by)
	}
}
