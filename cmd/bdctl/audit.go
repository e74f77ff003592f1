package main

import (
	"context"
	"fmt"
	"strings"

	"branchdesk/domain/audit"
	"branchdesk/domain/counter"
	"branchdesk/storage/sqlstore"
)

// cmdAuditVerify walks the whole chain; a break is an error, so the exit
// status tells a script whether the trail holds.
func cmdAuditVerify(a *app, args []string) error {
	fs := a.flags("audit verify", "audit verify")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	return a.withService(func(ctx context.Context, _ *sqlstore.DB, svc *counter.Service) error {
		n, brk, err := svc.VerifyAudit(ctx)
		if err != nil {
			return err
		}
		if brk != nil {
			return brk
		}
		c, err := svc.CheckBooks(ctx)
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
		if len(c.Legacy) > 0 {
			fmt.Fprintf(a.stdout, "其中 %d 笔分录无摘要（旧版本），只核对了借贷平衡与余额 (%d entries predate digests)\n", len(c.Legacy), len(c.Legacy))
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
