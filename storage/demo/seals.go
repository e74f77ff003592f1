package demo

import (
	"context"
	"fmt"

	"branchdesk/domain/counter"
	"branchdesk/domain/seal"
	"branchdesk/domain/staff"
)

// Seals are the demo branch's register (第十二条): the business seal with
// 李四 (the vault keeper; 赵敏 keeps the blank vouchers and may not hold
// it), each clerk's 现金讫章 and 转讫章, everyone's name stamp, and the B
// and A authority cards with their holders. Keeper is a user id.
var Seals = []struct {
	Item   seal.Item
	Keeper string
}{
	{seal.Item{Kind: seal.Business, No: "YW-0101-01"}, VaultKeeper},
	{seal.Item{Kind: seal.CashPaid, No: "XJ-0101-01"}, "1001"},
	{seal.Item{Kind: seal.CashPaid, No: "XJ-0101-02"}, "1002"},
	{seal.Item{Kind: seal.Transfer, No: "ZZ-0101-01"}, "1001"},
	{seal.Item{Kind: seal.Transfer, No: "ZZ-0101-02"}, "1002"},
	{seal.Item{Kind: seal.Card, No: "SQK-B-01", Level: staff.LevelB}, "2001"},
	{seal.Item{Kind: seal.Card, No: "SQK-B-02", Level: staff.LevelB}, "2002"},
	{seal.Item{Kind: seal.Card, No: "SQK-A-01", Level: staff.LevelA}, "3001"},
	{seal.Item{Kind: seal.Card, No: "SQK-A-02", Level: staff.LevelA}, "3002"},
}

// seedSeals registers Seals and a name stamp for every demo user.
func seedSeals(ctx context.Context, svc *counter.Service, admin counter.Admin) error {
	for _, s := range Seals {
		s.Item.Branch = Branch
		if _, err := svc.RegisterSeal(ctx, admin, s.Item, s.Keeper); err != nil {
			return fmt.Errorf("demo: seal %s: %w", s.Item.Title(), err)
		}
	}
	for _, u := range Users {
		it := seal.Item{Branch: Branch, Kind: seal.Name, No: u.Name, Owner: u.ID}
		if _, err := svc.RegisterSeal(ctx, admin, it, u.ID); err != nil {
			return fmt.Errorf("demo: name stamp of %s: %w", u.ID, err)
		}
	}
	return nil
}
