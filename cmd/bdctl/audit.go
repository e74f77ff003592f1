package main

import (
	"context"
	"fmt"
	"strings"

	"branchdesk/domain/audit"
	"branchdesk/domain/counter"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/store"
)

// cmdAuditVerify walks the whole chain; a break is an error, so the exit
// status tells a script whether the trail holds.
func cmdAuditVerify(a *app, args []string) error {
	fs := a.flags("audit verify", "audit verify")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	return a.withService(func(ctx context.Context, db *sqlstore.DB, svc *counter.Service) error {
		n, brk, err := svc.VerifyAudit(ctx)
		if err != nil {
			return err
		}
		if brk != nil {
			return brk
		}
		keys, keyPath, err := store.HeadKeys(ctx, db, a.dbPath)
		if err != nil {
			return err
		}
		c, err := svc.CheckBooks(ctx, keys)
		if err != nil {
			return err
		}
		if len(c.Findings) > 0 {
			msgs := make([]string, len(c.Findings))
			for i, f := range c.Findings {
				msgs[i] = f.Msg
			}
			return fmt.Errorf("审计链本身完整（%d 条记录），但账务与审计记录不符 (the books do not match the trail)：\n%s", n, strings.Join(msgs, "\n"))
		}
		fmt.Fprintf(a.stdout, "审计链完整：%d 条记录 OK (audit chain intact: %d rows)\n", n, n)
		fmt.Fprintf(a.stdout, "分录与审计记录相符：%d 笔 OK (journal matches the trail: %d entries)\n", c.Entries, c.Entries)
		fmt.Fprintf(a.stdout, "现金、凭证、日终与账户余额相符：%d 项 OK (cash, vouchers, day ends and balances: %d records)\n", c.Records, c.Records)
		if len(c.Legacy) > 0 {
			fmt.Fprintf(a.stdout, "其中 %d 笔分录无摘要（旧版本），只核对了借贷平衡与余额 (%d entries predate digests)\n", len(c.Legacy), len(c.Legacy))
		}
		if c.Older > 0 {
			fmt.Fprintf(a.stdout, "另有 %d 项记录无摘要（旧版本），未核对其内容 (%d records predate digests)\n", c.Older, c.Older)
		}
		switch {
		case c.Seals.NoKey:
			fmt.Fprintf(a.stdout, "未核对终端签名：本机没有签名密钥 %s（本机未写过该数据库，或密钥文件不在）；有数据库文件的人可改写审计链而不被发现 (head signature not checked: no key on this PC)\n", keyPath)
		case c.Seals.Covered > 0:
			fmt.Fprintf(a.stdout, "终端签名有效：审计链至第 %d 条由本机密钥签名 OK (signed head verified up to row %d)\n", c.Seals.Covered, c.Seals.Covered)
		}
		if len(c.Seals.Unchecked) > 0 {
			fmt.Fprintf(a.stdout, "本机没有其公钥、未能核对的签名 (signatures not checked, key not on this PC)：%s\n", strings.Join(c.Seals.Unchecked, "；"))
			if c.Seals.Covered < int64(n) {
				fmt.Fprintf(a.stdout, "第 %d 条之后的记录只能在持有上列密钥的电脑上核对签名\n", c.Seals.Covered)
			}
		}
		return nil
	})
}

func cmdAuditList(a *app, args []string) error {
	fs := a.flags("audit list", "audit list [--limit N]")
	limit := fs.Int("limit", 20, "显示最近 N 条，0 为全部 (show the last N rows; 0 for all)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *limit < 0 {
		return usagef("--limit 不能为负数 (--limit must not be negative)")
	}
	return a.withService(func(ctx context.Context, db *sqlstore.DB, _ *counter.Service) error {
		var rows []audit.Row
		if err := db.View(ctx, func(tx counter.Tx) error {
			return tx.AuditRows(func(r audit.Row) error {
				rows = append(rows, r)
				if *limit > 0 && len(rows) > *limit {
					rows = rows[1:]
				}
				return nil
			})
		}); err != nil {
			return err
		}
		t := &table{}
		t.add("编号", "时间", "操作人", "动作", "内容")
		for _, r := range rows {
			t.add(fmt.Sprint(r.ID), r.At.Local().Format("2006-01-02 15:04:05"), r.Actor, r.Action, r.Detail)
		}
		if err := t.write(a.stdout); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "显示 %d 条 (%d rows shown)；校验请用 bdctl audit verify\n", len(rows), len(rows))
		return nil
	})
}
