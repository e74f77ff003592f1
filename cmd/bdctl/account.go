package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/sqlstore"
)

func cmdAccountOpen(a *app, args []string) error {
	fs := a.flags("account open", "account open --no 账号 --type savings|corporate --holder 户名 --branch 网点号 [--balance 12,345.67] [--id 户主身份证号码]")
	no := fs.String("no", "", "账号 (account number)")
	typ := fs.String("type", "", "类型：savings 储蓄、corporate 对公 (account type)")
	holder := fs.String("holder", "", "户名 (account holder)")
	branch := fs.String("branch", "", "开户网点号；库中只有一个网点时可省略 (branch ID; optional if there is only one)")
	balance := fs.String("balance", "", "核心系统结转的余额，单位元，如 12,345.67；默认 0 (opening balance in yuan)")
	idNo := fs.String("id", "", "户主居民身份证号码，柜面可按此查找账户；可省略 (holder's resident ID number)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("no", *no, "type", *typ, "holder", *holder); err != nil {
		return err
	}
	t, err := parseAccountType(*typ)
	if err != nil {
		return err
	}
	var bal money.Amount
	if strings.TrimSpace(*balance) != "" {
		bal, err = money.Parse(*balance)
		if errors.Is(err, money.ErrZero) {
			bal, err = 0, nil
		}
		if err != nil {
			return fmt.Errorf("余额 (balance) %q: %w", *balance, err)
		}
	}
	return a.withService(func(ctx context.Context, db *sqlstore.DB, svc *counter.Service) error {
		b, err := branchOr(ctx, db, *branch)
		if err != nil {
			return err
		}
		acct := ledger.Account{No: strings.TrimSpace(*no), Type: t, Holder: strings.TrimSpace(*holder), Branch: b, Balance: bal, HolderID: strings.TrimSpace(*idNo)}
		if err := svc.OpenAccount(ctx, counter.CommandLine(), acct); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "已登记%s账户 %s %s，网点 %s，余额 %s (account recorded)\n", t.Title(), acct.No, acct.Holder, b, bal)
		return nil
	})
}

func parseAccountType(s string) (ledger.AccountType, error) {
	for _, t := range []ledger.AccountType{ledger.Savings, ledger.Corporate} {
		if s == string(t) || s == t.Title() {
			return t, nil
		}
	}
	return "", usagef("账户类型只能是 savings（储蓄）或 corporate（对公）：%q (bad --type)", s)
}

func cmdAccountList(a *app, args []string) error {
	fs := a.flags("account list", "account list [--branch 网点号]")
	branch := fs.String("branch", "", "网点号；库中只有一个网点时可省略 (branch ID; optional if there is only one)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	return a.withService(func(ctx context.Context, db *sqlstore.DB, _ *counter.Service) error {
		b, err := branchOr(ctx, db, *branch)
		if err != nil {
			return err
		}
		var accts []ledger.Account
		if err := db.View(ctx, func(tx counter.Tx) (err error) {
			accts, err = tx.Accounts(b)
			return err
		}); err != nil {
			return err
		}
		t := &table{}
		t.add("账号", "类型", "户名", "余额")
		for _, ac := range accts {
			t.add(ac.No, ac.Type.Title(), ac.Holder, ac.Balance.String())
		}
		if err := t.write(a.stdout); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "网点 %s 共 %d 个账户 (%d accounts)\n", b, len(accts), len(accts))
		return nil
	})
}
