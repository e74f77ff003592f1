package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"strings"
	"time"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/sqlstore"
)

func cmdPolicyList(a *app, args []string) error {
	fs := a.flags("policy list", "policy list")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	return a.withService(func(ctx context.Context, _ *sqlstore.DB, svc *counter.Service) error {
		ps, err := svc.Policies(ctx)
		if err != nil {
			return err
		}
		today := a.now().Format(time.DateOnly)
		current := 0
		for _, p := range ps {
			if p.Effective <= today && p.Version > current {
				current = p.Version
			}
		}
		for i, p := range ps {
			if i > 0 {
				fmt.Fprintln(a.stdout)
			}
			if err := writePolicy(a.stdout, p, p.Version == current); err != nil {
				return err
			}
		}
		fmt.Fprintln(a.stdout, "\n金额低于C级限额由C级柜员独立办理；达到C级限额须B级授权；达到B级限额须B级、A级二次授权（第十五条）。")
		fmt.Fprintln(a.stdout, "(Below the C limit a clerk posts alone; from the C limit a B authorizes; from the B limit a B and then an A.)")
		return nil
	})
}

// writePolicy prints one version with its limits.
func writePolicy(w io.Writer, p authz.Policy, current bool) error {
	head := fmt.Sprintf("第 %d 版 (version %d)  生效日期 %s", p.Version, p.Version, p.Effective)
	if p.CreatedBy != "" {
		head += "  制定 " + p.CreatedBy
	}
	if p.CreatedAt.Year() > 1970 {
		head += " " + p.CreatedAt.Local().Format("2006-01-02 15:04")
	}
	if current {
		head += "  【今日生效 in force today】"
	}
	fmt.Fprintln(w, head)
	t := &table{}
	t.add("  业务种类", "代码 (kind)", "C级限额 (C limit)", "B级限额 (B limit)")
	for _, k := range ledger.Kinds {
		l, ok := p.Limits[k]
		if !ok {
			t.add("  "+k.Title(), string(k), "—", "—")
			continue
		}
		t.add("  "+k.Title(), string(k), l.CLimit.String(), l.BLimit.String())
	}
	return t.write(w)
}

// limitFlags collects --kind K --c X --b Y groups in the order given: each
// --c and --b applies to the --kind before it.
type limitFlags struct {
	order   []ledger.Kind
	changes map[ledger.Kind]*limitChange
	last    ledger.Kind
}

type limitChange struct{ c, b *money.Amount }

type limitFlag struct {
	lf   *limitFlags
	part string // "kind", "c" or "b"
}

func (f limitFlag) String() string { return "" }

func (f limitFlag) Set(s string) error {
	lf := f.lf
	if f.part == "kind" {
		k, err := ledger.ParseKind(strings.TrimSpace(s))
		if err != nil {
			return errors.New("未知的业务种类，可用：" + kindCodes())
		}
		if lf.changes[k] == nil {
			lf.changes[k] = &limitChange{}
			lf.order = append(lf.order, k)
		}
		lf.last = k
		return nil
	}
	if lf.last == "" {
		return fmt.Errorf("--%s 须跟在 --kind 之后 (--%s must follow --kind)", f.part, f.part)
	}
	amt, err := money.Parse(s)
	if err != nil {
		return err
	}
	if f.part == "c" {
		lf.changes[lf.last].c = &amt
	} else {
		lf.changes[lf.last].b = &amt
	}
	return nil
}

func kindCodes() string {
	var s []string
	for _, k := range ledger.Kinds {
		s = append(s, string(k)+" "+k.Title())
	}
	return strings.Join(s, "、")
}

func cmdPolicyAdd(a *app, args []string) error {
	fs := a.flags("policy add", "policy add --effective YYYY-MM-DD --kind 业务种类 [--c 金额] [--b 金额] [--kind …]")
	effective := fs.String("effective", "", "生效营业日 (first business date it applies to)")
	lf := &limitFlags{changes: map[ledger.Kind]*limitChange{}}
	fs.Var(limitFlag{lf, "kind"}, "kind", "业务种类代码或中文名，可重复；未列出的种类沿用最新版 (kind; repeatable; kinds not named keep the latest limits): "+kindCodes())
	fs.Var(limitFlag{lf, "c"}, "c", "前一个 --kind 的C级限额，单位元，如 50000 (C limit in yuan for the --kind before)")
	fs.Var(limitFlag{lf, "b"}, "b", "前一个 --kind 的B级限额，单位元，如 200000 (B limit in yuan for the --kind before)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("effective", *effective); err != nil {
		return err
	}
	if _, err := time.Parse(time.DateOnly, *effective); err != nil {
		return usagef("生效日期须为 YYYY-MM-DD：%q (bad --effective)", *effective)
	}
	for _, k := range lf.order {
		if ch := lf.changes[k]; ch.c == nil && ch.b == nil {
			return usagef("--kind %s 后须有 --c 或 --b (give --c or --b after --kind)", k)
		}
	}
	return a.withService(func(ctx context.Context, _ *sqlstore.DB, svc *counter.Service) error {
		ps, err := svc.Policies(ctx)
		if err != nil {
			return err
		}
		latest := authz.Default()
		for _, p := range ps {
			if p.Version >= latest.Version {
				latest = p
			}
		}
		p := authz.Policy{Effective: *effective, Limits: maps.Clone(latest.Limits)}
		for _, k := range lf.order {
			l, ch := p.Limits[k], lf.changes[k]
			l.Kind = k
			if ch.c != nil {
				l.CLimit = *ch.c
			}
			if ch.b != nil {
				l.BLimit = *ch.b
			}
			p.Limits[k] = l
		}
		if p, err = svc.AddPolicy(ctx, counter.CommandLine(), p); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "已新增授权策略第 %d 版，以第 %d 版为基础，%s 起生效 (policy version %d added)\n",
			p.Version, latest.Version, p.Effective, p.Version)
		return writePolicy(a.stdout, p, false)
	})
}
