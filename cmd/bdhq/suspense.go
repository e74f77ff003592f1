package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"

	"branchdesk/domain/ledger"
	"branchdesk/storage/bundle"
)

const suspenseUsage = "用法: bdhq suspense list [-branch 网点] | bdhq suspense approve -branch 网点 -item 挂账编号 -by 批准人 -ref 批复文号 | bdhq suspense refuse -branch 网点 -item 挂账编号 -reason 原因 [-by 经办人]"

// suspense lists the branches' suspense items with head office's decision
// on each (第十四条: 报上级业务管理部门批准), or approves or refuses one;
// a decision goes down in the branch's next config bundle.
func suspense(ctx context.Context, hq *bundle.HQ, args []string, out, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(suspenseUsage)
	}
	fs := flag.NewFlagSet("suspense "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	branch := fs.String("branch", "", "网点")
	switch args[0] {
	case "list":
		if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 0 {
			return errors.New(suspenseUsage)
		}
		items, err := hq.SuspenseItems(ctx, *branch)
		if err != nil {
			return err
		}
		listSuspense(out, items)
		return nil
	case "approve", "refuse":
		item := fs.Int64("item", 0, "挂账编号（网点记账编号）")
		by := fs.String("by", "", "总行批准人（经办人）姓名")
		ref := fs.String("ref", "", "批复文号")
		reason := fs.String("reason", "", "不予批准的原因")
		if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 0 {
			return errors.New(suspenseUsage)
		}
		if *branch == "" || *item <= 0 {
			return fmt.Errorf("须指定 -branch 网点和 -item 挂账编号（正整数）\n%s", suspenseUsage)
		}
		d := ledger.Decision{Item: *item, Approved: args[0] == "approve", By: *by}
		if d.Approved {
			if *reason != "" {
				return errors.New("批准不填 -reason；不予批准请用 bdhq suspense refuse")
			}
			d.Ref = *ref
		} else {
			if *ref != "" {
				return errors.New("不予批准不填 -ref 批复文号")
			}
			d.Reason = *reason
		}
		i, err := hq.DecideSuspense(ctx, *branch, d)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "网点 %s 挂账 #%d %s %s（%s）：%s\n将随该网点下一版配置包下发：bdhq config export -branch %s -out 目录\n",
			i.Branch, i.Item, i.Kind.Title(), i.Amount, i.BusinessDate, i.Decision.Message(), i.Branch)
		return nil
	}
	return errors.New(suspenseUsage)
}

// listSuspense writes the items as a table, one line each.
func listSuspense(out io.Writer, items []bundle.HQSuspenseItem) {
	if len(items) == 0 {
		fmt.Fprintln(out, "总行尚未收到挂账")
		return
	}
	widths := []int{6, 10, -8, 10, 8, 8, -14, -14, 8, 0}
	row := func(cells ...string) {
		for i, c := range cells {
			if i > 0 {
				io.WriteString(out, "  ")
			}
			io.WriteString(out, pad(c, widths[i]))
		}
		io.WriteString(out, "\n")
	}
	row("网点", "终端", "挂账编号", "挂账日", "柜员", "种类", "挂账金额", "未处理", "下发", "上级批准")
	pending := 0
	for _, i := range items {
		sent := "—"
		switch {
		case i.SentIn > 0:
			sent = "v" + strconv.FormatInt(i.SentIn, 10)
		case i.Decision != nil:
			sent = "待下发"
		default:
			pending++
		}
		row(i.Branch, i.Terminal, "#"+strconv.FormatInt(i.Item, 10), i.BusinessDate, i.Teller, i.Kind.Title(),
			i.Amount.String(), i.Open().String(), sent, i.Decision.Message().String())
	}
	fmt.Fprintf(out, "共 %d 笔，待上级批准 %d 笔\n", len(items), pending)
}
