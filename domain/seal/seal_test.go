package seal

import (
	"errors"
	"testing"

	"branchdesk/domain/staff"
)

func user(id string, l staff.Level) staff.User {
	return staff.User{ID: id, Name: "某" + id, Level: l, Branch: "0101", Active: true}
}

// 第十二条、第十一条: who may keep each kind of item.
func TestSealKeeperRules(t *testing.T) {
	clerk, b, a := user("1001", staff.LevelC), user("2001", staff.LevelB), user("3001", staff.LevelA)
	off := user("1002", staff.LevelC)
	off.Active = false
	other := user("1003", staff.LevelC)
	other.Branch = "0102"
	item := func(k Kind) Item { return Item{Branch: "0101", Kind: k, No: "01"} }
	stamp := Item{Branch: "0101", Kind: Name, No: "张三", Owner: "1001"}
	cardB := Item{Branch: "0101", Kind: Card, No: "K-B1", Level: staff.LevelB}
	cardA := Item{Branch: "0101", Kind: Card, No: "K-A1", Level: staff.LevelA}
	tests := []struct {
		name          string
		it            Item
		u             staff.User
		voucherKeeper bool
		want          error
	}{
		{"业务专用章 由非凭证保管人保管", item(Business), b, false, nil},
		{"业务专用章 由凭证保管人保管", item(Business), b, true, ErrVoucherKeeper},
		{"现金讫章 凭证保管人也可保管", item(CashPaid), b, true, nil},
		{"转讫章 由C级保管", item(Transfer), clerk, false, nil},
		{"名章 本人", stamp, clerk, false, nil},
		{"名章 他人", stamp, b, false, ErrNameStamp},
		{"B级授权卡 B级", cardB, b, false, nil},
		{"B级授权卡 A级", cardB, a, false, ErrCardHolder},
		{"B级授权卡 C级", cardB, clerk, false, ErrCardHolder},
		{"A级授权卡 A级", cardA, a, false, nil},
		{"A级授权卡 B级", cardA, b, false, ErrCardHolder},
		{"停用的柜员", item(CashPaid), off, false, ErrKeeperOff},
		{"他行柜员", item(CashPaid), other, false, ErrOtherBranch},
	}
	for _, tc := range tests {
		err := CheckKeeper(tc.it, tc.u, tc.voucherKeeper)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}

// A refusal names the rule and the people in Chinese.
func TestSealKeeperMessage(t *testing.T) {
	err := CheckKeeper(Item{Branch: "0101", Kind: Card, No: "K-A1", Level: staff.LevelA}, user("2001", staff.LevelB), false)
	want := "授权卡只能由与卡同级的柜员保管（第十二条 权限卡）：A级授权卡不能由B级柜员 2001 某2001 保管"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

func TestSealRegistration(t *testing.T) {
	tests := []struct {
		it   Item
		want error
	}{
		{Item{Kind: Business, No: "YW-01"}, nil},
		{Item{Kind: "stamp", No: "YW-01"}, ErrKind},
		{Item{Kind: CashPaid, No: "  "}, ErrNo},
		{Item{Kind: Name, No: "张三"}, ErrNoOwner},
		{Item{Kind: Name, No: "张三", Owner: "1001"}, nil},
		{Item{Kind: Card, No: "K1"}, ErrCardLevel},
		{Item{Kind: Card, No: "K1", Level: staff.LevelC}, ErrCardLevel},
		{Item{Kind: Card, No: "K1", Level: staff.LevelB}, nil},
		{Item{Kind: Card, No: "K1", Level: staff.LevelA}, nil},
	}
	for _, tc := range tests {
		if err := tc.it.Validate(); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%+v: got %v, want %v", tc.it, err, tc.want)
		}
	}
}

// 第七条二.3: a B or an A, not the keeper, confirms the daily check.
func TestSealCheckConfirmer(t *testing.T) {
	it := Item{Branch: "0101", Kind: CashPaid, No: "XJ-01", Keeper: "2001"}
	tests := []struct {
		u    staff.User
		want error
	}{
		{user("2002", staff.LevelB), nil},
		{user("3001", staff.LevelA), nil},
		{user("1001", staff.LevelC), ErrConfirmer},
		{user("2001", staff.LevelB), ErrSelfConfirmed},
	}
	for _, tc := range tests {
		if err := CheckConfirmer(it, tc.u); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: got %v, want %v", tc.u.Label(), err, tc.want)
		}
	}
}
