package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/storage/sqlstore"
)

func cmdJournal(a *app, args []string) error {
	fs := a.flags("journal", "journal [--date YYYY-MM-DD|all] [--teller 柜员号] [--branch 网点号]")
	date := fs.String("date", "", "营业日期，默认网点当前营业日；all 为全部日期 (business date; default the branch's; all for every date)")
	teller := fs.String("teller", "", "只看该柜员的流水 (only this teller's entries)")
	branch := fs.String("branch", "", "网点号；库中只有一个网点时可省略 (branch ID; optional if there is only one)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *date != "" && *date != "all" {
		if _, err := time.Parse(time.DateOnly, *date); err != nil {
			return usagef("营业日期须为 YYYY-MM-DD 或 all：%q (bad --date)", *date)
		}
	}
	return a.withService(func(ctx context.Context, db *sqlstore.DB, _ *counter.Service) error {
		b, err := branchOr(ctx, db, *branch)
		if err != nil {
			return err
		}
		f := counter.JournalFilter{Branch: b, BusinessDate: *date, Teller: strings.TrimSpace(*teller)}
		var entries []ledger.Entry
		err = db.View(ctx, func(tx counter.Tx) error {
			br, err := tx.Branch(b)
			if err != nil {
				return fmt.Errorf("%w：网点 %s", err, b)
			}
			switch f.BusinessDate {
			case "":
				f.BusinessDate = br.BusinessDate
			case "all":
				f.BusinessDate = ""
			}
			entries, err = tx.Journal(f)
			return err
		})
		if err != nil {
			return err
		}
		day := f.BusinessDate
		if day == "" {
			day = "全部日期"
		}
		fmt.Fprintf(a.stdout, "网点 %s 营业日 %s 流水 (journal)\n", b, day)
		t := &table{}
		t.add("编号", "营业日", "流水号", "柜员", "业务种类", "账号", "金额", "B级授权", "A级授权", "冲正原交易")
		for _, e := range entries {
			rev := ""
			if e.IsReversal() {
				rev = fmt.Sprintf("#%d", e.Reverses)
			}
			t.add(fmt.Sprint(e.ID), e.BusinessDate, fmt.Sprintf("%06d", e.Seq), e.Teller, e.Title(),
				e.Account, e.Amount.String(), e.AuthB, e.AuthA, rev)
		}
		if err := t.write(a.stdout); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "共 %d 笔 (%d entries)\n", len(entries), len(entries))
		return nil
	})
}
