// Package demo seeds a database with a branch, users of every level and
// customer accounts, so the app can be tried at once. The README lists
// the users and their passwords.
package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/staff"
)

// Branch is the demo branch's id.
const Branch = "0101"

// User is a demo user and the password the README shows.
type User struct {
	ID, Name string
	Level    staff.Level
	Password string
}

// Users are the demo users: two of each level, so that B-then-A and
// separation of duties can be tried.
var Users = []User{
	{"1001", "张三", staff.LevelC, "pass1001"},
	{"1002", "王芳", staff.LevelC, "pass1002"},
	{"2001", "李四", staff.LevelB, "pass2001"},
	{"2002", "赵敏", staff.LevelB, "pass2002"},
	{"3001", "王五", staff.LevelA, "pass3001"},
	{"3002", "刘洋", staff.LevelA, "pass3002"},
}

// Accounts are the demo customer accounts.
var Accounts = []ledger.Account{
	{No: "6217000000000001", Type: ledger.Savings, Holder: "张伟", Balance: money.Amount(500_000_00), HolderID: "420102198503120016"},
	{No: "6217000000000002", Type: ledger.Savings, Holder: "李娜", Balance: money.Amount(80_000_00), HolderID: "420106199007180028"},
	{No: "6217000000000003", Type: ledger.Savings, Holder: "陈静", Balance: money.Amount(0), HolderID: "420111197811050031"},
	{No: "4100000000000001", Type: ledger.Corporate, Holder: "武汉示范商贸有限公司", Balance: money.Amount(5_000_000_00)},
	{No: "4100000000000002", Type: ledger.Corporate, Holder: "湖北示范科技有限公司", Balance: money.Amount(1_200_000_00)},
}

// Seed fills an empty database; it does nothing to one that has the demo branch.
func Seed(ctx context.Context, svc *counter.Service, businessDate string) error {
	admin := counter.CommandLine()
	if err := svc.AddBranch(ctx, admin, counter.Branch{ID: Branch, Name: "示范支行营业部", BusinessDate: businessDate}); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	for _, u := range Users {
		initial := "init" + u.Password
		if err := svc.AddUser(ctx, admin, staff.User{ID: u.ID, Name: u.Name, Level: u.Level, Branch: Branch, Officer: u.Level == staff.LevelB}, initial); err != nil {
			return fmt.Errorf("demo: user %s: %w", u.ID, err)
		}
		// The demo users have changed their first password already.
		if err := svc.ChangePassword(ctx, u.ID, initial, u.Password); err != nil {
			return fmt.Errorf("demo: user %s: %w", u.ID, err)
		}
	}
	if err := seedQualifications(ctx, svc, admin, businessDate); err != nil {
		return err
	}
	for _, a := range Accounts {
		a.Branch = Branch
		if err := svc.OpenAccount(ctx, admin, a); err != nil {
			return fmt.Errorf("demo: account %s: %w", a.No, err)
		}
	}
	if err := seedCashDesk(ctx, svc); err != nil {
		return err
	}
	return seedSeals(ctx, svc, admin)
}

// SeedIfEmpty seeds a database that has no demo branch users yet.
func SeedIfEmpty(ctx context.Context, svc *counter.Service, businessDate string) (seeded bool, err error) {
	_, err = svc.User(ctx, Users[0].ID)
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, counter.ErrNotFound) {
		return false, err
	}
	return true, Seed(ctx, svc, businessDate)
}

// seedQualifications gives every demo user their 第五条 record; 王芳's
// anti-counterfeit certificate ends 20 days after the business date, so
// the A sees it among those expiring.
func seedQualifications(ctx context.Context, svc *counter.Service, admin counter.Admin, businessDate string) error {
	day, err := time.Parse(time.DateOnly, businessDate)
	if err != nil {
		return fmt.Errorf("demo: business date: %w", err)
	}
	for i, u := range Users {
		q := staff.Qualification{User: u.ID, TrainedOn: "2020-03-15", CounterSince: "2019-07-01",
			CertNo: fmt.Sprintf("FJB-2024-%04d", i+1), CertExpires: "2028-12-31"}
		if u.ID == "1002" {
			q.CertExpires = day.AddDate(0, 0, 20).Format(time.DateOnly)
		}
		if err := svc.SetQualification(ctx, admin, q); err != nil {
			return fmt.Errorf("demo: qualification of %s: %w", u.ID, err)
		}
	}
	return nil
}

// Presenter is 张伟 at the counter with his resident card: what cash at or
// above ledger.IDThreshold records, for tests and tries by hand.
var Presenter = ledger.Presenter{Customer: ledger.IDDoc{Type: ledger.ResidentCard, No: Accounts[0].HolderID}}
