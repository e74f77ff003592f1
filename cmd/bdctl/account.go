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

// cmdAccountFreeze freezes an amount of a customer account (冻结), with the
// reason and the document it rests on.
func cmdAccountFreeze(a *app, args []string) error {
	fs := a.flags("account freeze", "account freeze --no 账号 --amount 12,345.67 --reason 原因 --doc 依据文书")
	no := fs.String("no", "", "账号 (account number)")
	amount := fs.String("amount", "", "冻结金额，单位元 (amount in yuan)")
	reason := fs.String("reason", "", "原因，如 法院协助冻结 (reason)")
	doc := fs.String("doc", "", "依据文书，如 (2026)鄂0102执123号 (the document)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("no", *no, "amount", *amount); err != nil {
		return err
	}
	amt, err := money.Parse(*amount)
	if err != nil {
		return fmt.Errorf("冻结金额 (amount) %q: %w", *amount, err)
	}
	return a.withService(func(ctx context.Context, _ *sqlstore.DB, svc *counter.Service) error {
		f, err := svc.FreezeAccount(ctx, counter.CommandLine(), *no, amt, *reason, *doc)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "已冻结账户 %s %s，冻结编号 #%d (frozen)\n", f.Account, f.Amount, f.ID)
		return nil
	})
}

// cmdAccountRelease ends a freeze (解冻), with the reason and document.
func cmdAccountRelease(a *app, args []string) error {
	fs := a.flags("account release", "account release --no 账号 --freeze 冻结编号 --reason 原因 --doc 依据文书")
	no := fs.String("no", "", "账号 (account number)")
	id := fs.Int64("freeze", 0, "冻结编号，见 account freezes (the freeze's number)")
	reason := fs.String("reason", "", "原因 (reason)")
	doc := fs.String("doc", "", "依据文书 (the document)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("no", *no); err != nil {
		return err
	}
	return a.withService(func(ctx context.Context, _ *sqlstore.DB, svc *counter.Service) error {
		f, err := svc.ReleaseFreeze(ctx, counter.CommandLine(), *no, *id, *reason, *doc)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "已解冻账户 %s 冻结 #%d %s (released)\n", f.Account, f.Releases, f.Amount)
		return nil
	})
}

// cmdAccountFreezes lists an account's freezes and releases.
func cmdAccountFreezes(a *app, args []string) error {
	fs := a.flags("account freezes", "account freezes --no 账号")
	no := fs.String("no", "", "账号 (account number)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("no", *no); err != nil {
		return err
	}
	return a.withService(func(ctx context.Context, _ *sqlstore.DB, svc *counter.Service) error {
		acct, err := svc.Account(ctx, strings.TrimSpace(*no))
		if err != nil {
			return err
		}
		rows, err := svc.Freezes(ctx, acct.No)
		if err != nil {
			return err
		}
		t := &table{}
		t.add("编号", "时间", "操作", "金额", "原因", "依据", "经办")
		for _, f := range rows {
			what := "冻结"
			if f.Releases != 0 {
				what = fmt.Sprintf("解冻 #%d", f.Releases)
			}
			t.add(fmt.Sprint(f.ID), f.At.Local().Format("2006-01-02 15:04"), what, f.Amount.String(), f.Reason, f.Document, f.By)
		}
		if err := t.write(a.stdout); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "账户 %s %s：%s，可用余额 %s\n", acct.No, acct.Holder, acct.Status(), acct.Available())
		return nil
	})
}
