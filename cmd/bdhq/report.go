package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/voucher"
	"branchdesk/storage/bundle"
	"branchdesk/storage/pdf"
	"branchdesk/storage/wholefile"
)

const reportUsage = "用法: bdhq report daily|kpi|vouchers|service-vouchers|differences|proposals|surveys -from YYYY-MM-DD [-to YYYY-MM-DD] [-form 表单版本] -out 文件.pdf|文件.csv；" + quarterUsage

// table is one report, the same for PDF and CSV.
type table struct {
	title   string
	headers []string
	widths  []float64
	rows    [][]string
	totals  int // the last rows that are totals
}

// report writes one of head office's reports over a period of business
// dates, as PDF or as CSV (UTF-8 with a BOM, for Excel) by the output
// file's extension.
func report(ctx context.Context, hq *bundle.HQ, args []string, out, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return errors.New(reportUsage)
	}
	kind := args[0]
	if kind == "quarter" {
		return quarterReport(ctx, hq, args[1:], out, stderr)
	}
	fs := flag.NewFlagSet("report "+kind, flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "开始营业日期（含）")
	to := fs.String("to", "", "结束营业日期（含），缺省同开始日期")
	path := fs.String("out", "", "输出文件：.pdf 或 .csv")
	form := fs.Int("form", 0, "调查表明细：按第几版表单列出（缺省为最新版）")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 || *from == "" || *path == "" {
		return errors.New(reportUsage)
	}
	if *to == "" {
		*to = *from
	}
	if _, _, err := bundle.Period(*from, *to); err != nil {
		return err
	}
	format := strings.ToLower(filepath.Ext(*path))
	if format != ".pdf" && format != ".csv" {
		return fmt.Errorf("输出文件须为 .pdf 或 .csv：%s", *path)
	}
	var t table
	var err error
	switch kind {
	case "daily":
		t, err = dailyTable(ctx, hq, *from, *to)
	case "kpi":
		t, err = kpiTable(ctx, hq, *from, *to)
	case "vouchers":
		t, err = voucherTable(ctx, hq, *from, *to)
	case "service-vouchers":
		t, err = serviceVoucherTable(ctx, hq, *from, *to)
	case "differences":
		t, err = differenceTable(ctx, hq, *from, *to)
	case "proposals":
		t, err = proposalTable(ctx, hq, *from, *to)
	case "surveys":
		if format != ".csv" {
			return errors.New("调查表明细每个字段一列，只能导出 .csv")
		}
		t, err = surveyTable(ctx, hq, *from, *to, *form)
	default:
		return fmt.Errorf("未知报表 %q；%s", kind, reportUsage)
	}
	if err != nil {
		return err
	}
	if err := writeReport(*path, format, t, periodTitle(*from, *to)); err != nil {
		return err
	}
	fmt.Fprintf(out, "已生成%s（%s，%d 行）→ %s\n", t.title, periodTitle(*from, *to), len(t.rows)-t.totals, *path)
	return nil
}

func periodTitle(from, to string) string {
	if from == to {
		return "营业日期：" + from
	}
	return "营业日期：" + from + " 至 " + to
}

// writeReport writes the file whole, or leaves none.
func writeReport(path, format string, t table, period string) error {
	return wholefile.Write(path, 0o644, func(w io.Writer) error {
		if format == ".pdf" {
			return pdf.WriteTable(w, t.title, period, t.headers, t.widths, t.rows, t.totals)
		}
		return writeCSV(w, t)
	})
}

// writeCSV writes the table as CSV that Excel opens: UTF-8 with a
// byte-order mark, CRLF, the header row first; headers wrapped for the
// PDF are one line here.
func writeCSV(w io.Writer, t table) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	headers := make([]string, len(t.headers))
	for i, h := range t.headers {
		headers[i] = strings.ReplaceAll(h, "\n", "")
	}
	if err := cw.Write(headers); err != nil {
		return err
	}
	if err := cw.WriteAll(t.rows); err != nil {
		return err
	}
	return cw.Error()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func closedTitle(b bool) string {
	if b {
		return "已日终"
	}
	return "未日终"
}

// dailyTable is the branch daily summary: for each branch and business
// date, a row per business kind posted, the reversals, the cash the vault
// issued and took back, and whether the day was closed.
func dailyTable(ctx context.Context, hq *bundle.HQ, from, to string) (table, error) {
	days, err := hq.DailyReport(ctx, from, to)
	if err != nil {
		return table{}, err
	}
	t := table{
		title:   "网点营业日汇总表",
		headers: []string{"网点", "营业日期", "项目", "笔数", "金额", "日终"},
		widths:  []float64{0.8, 1.1, 2.2, 0.8, 1.6, 0.9},
	}
	var total int64
	var amount money.Amount
	for _, d := range days {
		add := func(item string, n int64, a money.Amount) {
			t.rows = append(t.rows, []string{d.Branch, d.Date, item, itoa(n), a.String(), closedTitle(d.Closed)})
		}
		for _, k := range d.Kinds {
			if k.Count > 0 {
				add(k.Kind.Title(), k.Count, k.Amount)
			}
		}
		if d.Reversals > 0 {
			add("冲正", d.Reversals, d.ReversedAmount)
		}
		if d.IssuedCount > 0 {
			add(ledger.VaultIssue.Title()+"（金库→柜员）", d.IssuedCount, d.Issued)
		}
		if d.ReceivedCount > 0 {
			add(ledger.VaultReceive.Title()+"（柜员→金库）", d.ReceivedCount, d.Received)
		}
		if n, _ := d.Postings(); n == 0 && d.Reversals == 0 && d.IssuedCount == 0 && d.ReceivedCount == 0 {
			add("无业务", 0, 0)
		}
		n, a := d.Postings()
		total += n
		amount += a
	}
	t.rows = append(t.rows, []string{"合计", "", "业务（不含冲正）", itoa(total), amount.String(), ""})
	t.totals = 1
	return t, nil
}

// kpiTable is the officers' KPIs across branches, as pipeline.Compute
// counts them.
func kpiTable(ctx context.Context, hq *bundle.HQ, from, to string) (table, error) {
	ks, err := hq.KPIReport(ctx, from, to)
	if err != nil {
		return table{}, err
	}
	t := table{
		title: "信用融资服务官 KPI 汇总表（各网点）",
		headers: []string{"网点", "服务官", "调查表", "匹配笔数", "匹配金额", "放款笔数", "放款金额",
			"促成率\n（笔数）", "促成率\n（金额）", "回访次数", "平均\n满意度", "解决\n问题数", "平均解决\n小时数",
			"投诉受理", "投诉办结"},
		widths: []float64{0.8, 1, 0.8, 0.9, 1.4, 0.9, 1.4, 1, 1, 0.9, 0.9, 0.9, 1.1, 0.9, 0.9},
	}
	for _, o := range ks {
		t.rows = append(t.rows, append([]string{o.Branch, o.Officer}, o.KPI.Cells()...))
	}
	return t, nil
}

// voucherTable counts voucher events by branch, type and state.
func voucherTable(ctx context.Context, hq *bundle.HQ, from, to string) (table, error) {
	us, err := hq.VoucherReport(ctx, from, to)
	if err != nil {
		return table{}, err
	}
	t := table{
		title:   "重要空白凭证使用表",
		headers: []string{"网点", "凭证种类", "状态", "笔数"},
		widths:  []float64{1, 2, 1.5, 1},
	}
	var total int64
	for _, u := range us {
		name := u.Type
		if vt, err := voucher.Lookup(u.Type); err == nil {
			name = vt.Name
		}
		t.rows = append(t.rows, []string{u.Branch, name, voucher.State(u.State).Title(), itoa(u.Count)})
		total += u.Count
	}
	t.rows = append(t.rows, []string{"合计", "", "", itoa(total)})
	t.totals = 1
	return t, nil
}

// serviceVoucherTable is each branch's year of service vouchers
// (服务补贴券) as it stood at the end of the period.
func serviceVoucherTable(ctx context.Context, hq *bundle.HQ, from, to string) (table, error) {
	rs, err := hq.ServiceVoucherReport(ctx, from, to)
	if err != nil {
		return table{}, err
	}
	t := table{
		title: "小微企业服务补贴券汇总表（各网点）",
		headers: []string{"网点", "年度", "年度额度", "已占用", "余额", "申请\n户数", "发放\n户数", "发放面值",
			"候补\n户数", "作废\n户数", "兑用\n笔数", "兑用金额", "已结算", "待结算"},
		widths: []float64{0.8, 0.7, 1.4, 1.3, 1.3, 0.7, 0.7, 1.3, 0.7, 0.7, 0.7, 1.3, 1.3, 1.3},
	}
	var sum bundle.ServiceVoucherRow
	for _, r := range rs {
		t.rows = append(t.rows, serviceVoucherCells(r.Branch, strconv.Itoa(r.Year), r))
		sum.Add(r.RegisterSummary)
	}
	t.rows = append(t.rows, serviceVoucherCells("合计", "", sum))
	t.totals = 1
	return t, nil
}

func serviceVoucherCells(branch, year string, r bundle.ServiceVoucherRow) []string {
	n := strconv.Itoa
	return []string{branch, year, r.Budget.String(), r.Used.String(), r.Remaining.String(), n(r.Applications),
		n(r.IssuedCount), r.Issued.String(), n(r.Waiting), n(r.CancelledCount), n(r.Redemptions),
		r.Redeemed.String(), r.Settled.String(), r.Unsettled.String()}
}

// differenceTable lists every teller box that did not balance, with who
// signed the difference off.
func differenceTable(ctx context.Context, hq *bundle.HQ, from, to string) (table, error) {
	ds, err := hq.DifferenceReport(ctx, from, to)
	if err != nil {
		return table{}, err
	}
	t := table{
		title:   "柜员现金长短款表",
		headers: []string{"网点", "营业日期", "柜员", "应有金额", "实点金额", "差额", "长短款", "原因", "复核（B）", "审批（A）"},
		widths:  []float64{0.7, 1.1, 0.7, 1.4, 1.4, 1.2, 0.8, 2.4, 0.9, 0.9},
	}
	var over, short money.Amount
	for _, d := range ds {
		what := "短款"
		if d.Overage() {
			what = "长款"
			over += d.Diff
		} else {
			short += d.Diff
		}
		t.rows = append(t.rows, []string{d.Branch, d.Date, d.Teller, d.Expected.String(), d.Counted.String(),
			d.Diff.String(), what, d.Reason, d.SignedB, d.ApproveA})
	}
	t.rows = append(t.rows,
		[]string{"长款合计", "", "", "", "", over.String(), "", "", "", ""},
		[]string{"短款合计", "", "", "", "", short.String(), "", "", "", ""})
	t.totals = 2
	return t, nil
}

// proposalTable lists the enterprises officers proposed for their
// branches' target lists (名单制第十二条).
func proposalTable(ctx context.Context, hq *bundle.HQ, from, to string) (table, error) {
	ps, err := hq.ProposalReport(ctx, from, to)
	if err != nil {
		return table{}, err
	}
	t := table{
		title:   "提请纳入目标客户名单表",
		headers: []string{"网点", "提请时间", "企业名称", "统一社会信用代码", "提请人", "理由", "需求编号"},
		widths:  []float64{0.7, 1.6, 2.2, 1.9, 0.8, 2.6, 1},
	}
	for _, p := range ps {
		t.rows = append(t.rows, []string{p.Branch, p.At.In(time.Local).Format("2006-01-02 15:04"), p.Name, p.CreditCode, p.Officer, p.Reason, p.Demand})
	}
	return t, nil
}
