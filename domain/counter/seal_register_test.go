package counter_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/audit"
	"branchdesk/domain/counter"
	"branchdesk/domain/seal"
	"branchdesk/domain/staff"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
)

// sealNamed finds a registered item by its number.
func sealNamed(t *testing.T, svc *counter.Service, sess *counter.Session, no string) seal.Item {
	t.Helper()
	items, err := svc.Seals(context.Background(), sess)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.No == no {
			return it
		}
	}
	t.Fatalf("seal %s not registered", no)
	return seal.Item{}
}

// auditTail is the last audit row's action and detail.
func auditTail(t *testing.T, db *sqlstore.DB) audit.Row {
	t.Helper()
	var last audit.Row
	if err := db.Tx(context.Background(), func(tx counter.Tx) error {
		return tx.AuditRows(func(r audit.Row) error { last = r; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	return last
}

func failures(t *testing.T, svc *counter.Service, id string) int {
	t.Helper()
	u, err := svc.User(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return u.Failures
}

// 第十二条: the demo branch's register holds its seals, cards and every
// user's name stamp, each with a keeper allowed to keep it.
func TestSealRegisterDemo(t *testing.T) {
	svc, _ := newCounter(t)
	sess := signedIn(t, svc, "1001")
	items, err := svc.Seals(context.Background(), sess)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(demo.Seals) + len(demo.Users); len(items) != want {
		t.Fatalf("%d items, want %d", len(items), want)
	}
	if items[0].Kind != seal.Business || items[0].Keeper != demo.VaultKeeper {
		t.Errorf("first item %+v, want the business seal with %s", items[0], demo.VaultKeeper)
	}
	for _, it := range items {
		if it.Kind == seal.Name && it.Keeper != it.Owner {
			t.Errorf("%s kept by %s", it.Title(), it.Keeper)
		}
		if it.LastCheck != "" {
			t.Errorf("%s checked before any check", it.Title())
		}
	}
}

// 第十二条: an A registers; a B may not; a wrong first keeper or a second
// item of the same number is refused and nothing is written.
func TestSealRegisterRules(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	a := signedIn(t, svc, "3001")
	if _, err := counter.AdminOf(signedIn(t, svc, "2002")); !errors.Is(err, counter.ErrNeedLevelA) {
		t.Fatalf("B registering: %v", err)
	}
	by, err := counter.AdminOf(a)
	if err != nil {
		t.Fatal(err)
	}
	before := len(mustSeals(t, svc, a))
	tail := auditTail(t, db)
	refused := []struct {
		it     seal.Item
		keeper string
		want   error
	}{
		{seal.Item{Branch: demo.Branch, Kind: seal.Business, No: "YW-0101-02"}, demo.VoucherKeeper, seal.ErrVoucherKeeper},
		{seal.Item{Branch: demo.Branch, Kind: seal.Card, No: "SQK-A-03", Level: staff.LevelA}, "2001", seal.ErrCardHolder},
		{seal.Item{Branch: demo.Branch, Kind: seal.Name, No: "张三-2", Owner: "1001"}, "1002", seal.ErrNameStamp},
		{seal.Item{Branch: demo.Branch, Kind: seal.CashPaid, No: "XJ-0101-01"}, "1002", counter.ErrSealExists},
		{seal.Item{Branch: demo.Branch, Kind: seal.Card, No: "SQK-C-01", Level: staff.LevelC}, "1001", seal.ErrCardLevel},
	}
	for _, r := range refused {
		if _, err := svc.RegisterSeal(ctx, by, r.it, r.keeper); !errors.Is(err, r.want) {
			t.Errorf("%s to %s: got %v, want %v", r.it.Title(), r.keeper, err, r.want)
		}
	}
	if n := len(mustSeals(t, svc, a)); n != before {
		t.Fatalf("refused registrations wrote items: %d, want %d", n, before)
	}
	if got := auditTail(t, db); got.ID != tail.ID {
		t.Fatalf("refused registrations audited: %+v", got)
	}
	it, err := svc.RegisterSeal(ctx, by, seal.Item{Branch: demo.Branch, Kind: seal.Business, No: "YW-0101-02"}, "3002")
	if err != nil {
		t.Fatal(err)
	}
	if it.Keeper != "3002" || it.RegisteredBy != "3001" {
		t.Fatalf("registered %+v", it)
	}
	if got := auditTail(t, db); got.Action != "seal_register" || !strings.Contains(got.Detail, "业务专用章 YW-0101-02，保管人 3002 刘洋") {
		t.Fatalf("audit %+v", got)
	}
}

func mustSeals(t *testing.T, svc *counter.Service, sess *counter.Session) []seal.Item {
	t.Helper()
	items, err := svc.Seals(context.Background(), sess)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// 第十二条 印章交接: the keeper hands an item over, both sign with their
// passwords; the hand-over is a new row, the first stays.
func TestSealHandOver(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	zhang := signedIn(t, svc, "1001")
	xj := sealNamed(t, svc, zhang, "XJ-0101-01")
	h := counter.SealHandOver{Seal: xj.ID, Password: "pass1001", To: "1002", ToPassword: "pass1002"}

	wrong := h
	wrong.ToPassword = "nope"
	if _, err := svc.HandOverSeal(ctx, zhang, wrong); !errors.Is(err, staff.ErrWrongPassword) || !strings.HasPrefix(err.Error(), "接收人") {
		t.Fatalf("wrong receiver password: %v", err)
	}
	if got := sealNamed(t, svc, zhang, "XJ-0101-01").Keeper; got != "1001" {
		t.Fatalf("refused hand-over moved the seal to %s", got)
	}
	got, err := svc.HandOverSeal(ctx, zhang, h)
	if err != nil {
		t.Fatal(err)
	}
	if got.Keeper != "1002" || sealNamed(t, svc, zhang, "XJ-0101-01").Keeper != "1002" {
		t.Fatalf("keeper after hand-over: %+v", got)
	}
	moves, err := svc.SealMoves(ctx, zhang, xj.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(moves) != 2 || moves[0].From != "" || moves[0].To != "1001" || moves[1].From != "1001" || moves[1].To != "1002" {
		t.Fatalf("moves %+v", moves)
	}
	if a := auditTail(t, db); a.Action != "seal_handover" || !strings.Contains(a.Detail, "现金讫章 XJ-0101-01：1001 张三 → 1002 王芳") {
		t.Fatalf("audit %+v", a)
	}
	// Only the keeper now hands it on.
	if _, err := svc.HandOverSeal(ctx, zhang, h); !errors.Is(err, counter.ErrSealNotKeeper) {
		t.Fatalf("former keeper: %v", err)
	}
	if _, err := db.Exec(ctx, `UPDATE seal_moves SET to_keeper = '1001'`); err == nil {
		t.Fatal("a hand-over row was rewritten")
	}
	if _, err := db.Exec(ctx, `DELETE FROM seals`); err == nil {
		t.Fatal("a registered seal was deleted")
	}
}

// 第十二条、第十一条: a hand-over to a keeper the rules forbid is refused,
// naming the rule, before any password is tried.
func TestSealHandOverWrongKeeper(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	li := signedIn(t, svc, "2001")
	cases := []struct {
		no, to string
		want   error
		msg    string
	}{
		{"YW-0101-01", demo.VoucherKeeper, seal.ErrVoucherKeeper, "重要空白凭证保管人不能保管业务专用章"},
		{"SQK-B-01", "3001", seal.ErrCardHolder, "B级授权卡不能由A级柜员 3001 王五 保管"},
		{"SQK-B-01", "1001", seal.ErrCardHolder, "B级授权卡不能由C级柜员 1001 张三 保管"},
		{"李四", "2002", seal.ErrNameStamp, "名章只能由本人保管"},
		{"SQK-B-01", "2001", seal.ErrSameKeeper, "无需交接"},
	}
	for _, c := range cases {
		it := sealNamed(t, svc, li, c.no)
		_, err := svc.HandOverSeal(ctx, li, counter.SealHandOver{Seal: it.ID, Password: "pass2001", To: c.to, ToPassword: "pass" + c.to})
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s to %s: got %v, want %s", c.no, c.to, err, c.msg)
		}
		if k := sealNamed(t, svc, li, c.no).Keeper; k != "2001" {
			t.Errorf("%s moved to %s", c.no, k)
		}
	}
	if n := failures(t, svc, "2001"); n != 0 {
		t.Fatalf("refused hand-overs counted %d password failures", n)
	}
	// Someone else's item.
	it := sealNamed(t, svc, li, "XJ-0101-01")
	if _, err := svc.HandOverSeal(ctx, li, counter.SealHandOver{Seal: it.ID, Password: "pass2001", To: "1002", ToPassword: "pass1002"}); !errors.Is(err, counter.ErrSealNotKeeper) {
		t.Fatalf("not the keeper: %v", err)
	}
}

// 第七条二.3: each item is checked every business day by its keeper and
// confirmed by a B or an A who is not the keeper; once a day; the close
// lists what is not checked.
func TestSealDailyCheck(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	zhang := signedIn(t, svc, "1001")
	xj := sealNamed(t, svc, zhang, "XJ-0101-01")
	all := len(mustSeals(t, svc, zhang))
	refused := []struct {
		by   counter.Credential
		want error
	}{
		{counter.Credential{UserID: "1002", Password: "pass1002"}, seal.ErrConfirmer},
		{counter.Credential{UserID: "1001", Password: "pass1001"}, seal.ErrSelfConfirmed},
		{counter.Credential{UserID: "9999", Password: "x"}, counter.ErrNotFound},
		{counter.Credential{UserID: "2001", Password: "nope"}, staff.ErrWrongPassword},
	}
	for _, r := range refused {
		if _, err := svc.CheckSeal(ctx, zhang, xj.ID, r.by); !errors.Is(err, r.want) {
			t.Errorf("confirmed by %s: got %v, want %v", r.by.UserID, err, r.want)
		}
	}
	c, err := svc.CheckSeal(ctx, zhang, xj.ID, counter.Credential{UserID: "2001", Password: "pass2001"})
	if err != nil {
		t.Fatal(err)
	}
	if c.BusinessDate != today || c.Keeper != "1001" || c.ConfirmedBy != "2001" {
		t.Fatalf("check %+v", c)
	}
	if a := auditTail(t, db); a.Action != "seal_check" || !strings.Contains(a.Detail, "现金讫章 XJ-0101-01 营业日 2026-11-23：保管人 1001 张三，2001 李四 确认") {
		t.Fatalf("audit %+v", a)
	}
	if got := sealNamed(t, svc, zhang, "XJ-0101-01").LastCheck; got != today {
		t.Fatalf("last check %q", got)
	}
	if _, err := svc.CheckSeal(ctx, zhang, xj.ID, counter.Credential{UserID: "3001", Password: "pass3001"}); !errors.Is(err, seal.ErrChecked) {
		t.Fatalf("second check the same day: %v", err)
	}
	// A keeper checks only what they keep.
	zz := sealNamed(t, svc, zhang, "ZZ-0101-02")
	if _, err := svc.CheckSeal(ctx, zhang, zz.ID, counter.Credential{UserID: "2001", Password: "pass2001"}); !errors.Is(err, counter.ErrSealNotKeeper) {
		t.Fatalf("not the keeper: %v", err)
	}
	left, err := svc.SealsUnchecked(ctx, zhang)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != all-1 {
		t.Fatalf("%d unchecked, want %d", len(left), all-1)
	}
	for _, it := range left {
		if it.ID == xj.ID {
			t.Fatal("a checked seal listed as unchecked")
		}
	}
	if _, err := db.Exec(ctx, `UPDATE seal_checks SET confirmed_by = '3001'`); err == nil {
		t.Fatal("a check was rewritten")
	}
}
