package main

import (
	"fmt"
	"strings"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/storage/demo"
	"branchdesk/storage/store"
)

// cmdInit creates or migrates the database and records a branch, or seeds
// the demo data.
func cmdInit(a *app, args []string) error {
	fs := a.flags("init", "init --branch 网点号 --name 网点名称 [--date YYYY-MM-DD] [--demo]")
	branch := fs.String("branch", "", "网点号，如 0101 (branch ID)")
	name := fs.String("name", "", "网点名称 (branch name)")
	date := fs.String("date", a.now().Format(time.DateOnly), "营业日期 (business date)")
	withDemo := fs.Bool("demo", false, "载入演示数据：网点 "+demo.Branch+"、演示柜员和账户 (seed the demo branch, users and accounts)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if _, err := time.Parse(time.DateOnly, *date); err != nil {
		return usagef("营业日期须为 YYYY-MM-DD：%q (bad --date)", *date)
	}
	if !*withDemo {
		if err := required("branch", *branch, "name", *name); err != nil {
			return err
		}
	} else if strings.TrimSpace(*branch) != "" {
		if err := required("name", *name); err != nil {
			return err
		}
	}
	db, svc, err := a.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(a.stdout, "数据库 (database): %s\n", store.Describe(a.dbPath))
	if *withDemo {
		seeded, err := demo.SeedIfEmpty(a.ctx, svc, *date)
		if err != nil {
			return err
		}
		if seeded {
			// The demo's LPR table, as the app seeds it, for 扶持政策.
			if err := db.SeedRates(a.ctx, demo.Rates); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "已载入演示数据：网点 %s，%d 名柜员，%d 个账户，营业日 %s (demo data seeded)\n",
				demo.Branch, len(demo.Users), len(demo.Accounts), *date)
		} else {
			fmt.Fprintln(a.stdout, "演示数据已存在，未改动 (demo data already present; unchanged)")
		}
	}
	if strings.TrimSpace(*branch) == "" {
		return nil
	}
	b := counter.Branch{ID: strings.TrimSpace(*branch), Name: strings.TrimSpace(*name), BusinessDate: *date}
	if err := svc.AddBranch(a.ctx, counter.CommandLine(), b); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "已登记网点 %s %s，营业日 %s (branch recorded)\n", b.ID, b.Name, b.BusinessDate)
	return nil
}
