package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"branchdesk/domain/appraisal"
	"branchdesk/storage/bundle"
)

const quarterUsage = "用法: bdhq report quarter -year YYYY -q 1-4 -out 文件.pdf|文件.csv [-weights F.json] [-asof YYYY-MM-DD]"

// Grace is how long after a quarter's end head office waits by default
// for what the branches still have to report of it.
const Grace = 7 * 24 * time.Hour

// quarterReport writes the quarterly evaluation across branches (名单制
// 第十四条, 排队通报): every officer ranked together, then each branch's
// line ranked among branches, then the weights each branch was scored
// with, and when it was evaluated. The weights are -weights if given,
// else for each branch those head office issued it before the quarter's
// end, else the defaults. It is evaluated at the end of the -asof day, by
// default Grace after the quarter's end or now, whichever is earlier.
func quarterReport(ctx context.Context, hq *bundle.HQ, args []string, out, stderr io.Writer) error {
	fs := flag.NewFlagSet("report quarter", flag.ContinueOnError)
	fs.SetOutput(stderr)
	year := fs.Int("year", 0, "年度")
	q := fs.Int("q", 0, "季度：1 至 4")
	path := fs.String("out", "", "输出文件：.pdf 或 .csv")
	weights := fs.String("weights", "", "季度考核权重 JSON（不填则用季度末前下发各网点的权重）")
	asof := fs.String("asof", "", "评价日期 YYYY-MM-DD，按当日日终评价（不填则为季度末后 7 天与现在中较早者）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *path == "" || *year == 0 || *q == 0 {
		return errors.New(quarterUsage)
	}
	quarter, err := appraisal.NewQuarter(*year, *q)
	if err != nil {
		return err
	}
	format := strings.ToLower(filepath.Ext(*path))
	if format != ".pdf" && format != ".csv" {
		return fmt.Errorf("输出文件须为 .pdf 或 .csv：%s", *path)
	}
	var w appraisal.Weights
	if err := readJSON(*weights, &w); err != nil {
		return err
	}
	_, end := quarter.Bounds(appraisal.BankZone)
	at := end.Add(Grace)
	if now := hq.Now(); now.Before(at) {
		at = now
	}
	if *asof != "" {
		day, err := time.ParseInLocation(time.DateOnly, *asof, appraisal.BankZone)
		if err != nil {
			return fmt.Errorf("评价日期须为 YYYY-MM-DD：%q", *asof)
		}
		at = day.AddDate(0, 0, 1)
	}
	res, err := hq.QuarterReport(ctx, quarter, w, at)
	if err != nil {
		return err
	}
	names, err := hq.StaffNames(ctx)
	if err != nil {
		return err
	}
	t := quarterTable(res, names)
	if format == ".csv" {
		// The PDF says it in its heading.
		t.rows = append(t.rows, []string{asOfText(at)})
	}
	first, last := quarter.Days()
	period := fmt.Sprintf("考核季度：%s（%s 至 %s）；%s", quarter, first, last, asOfText(at))
	if err := writeReport(*path, format, t, period); err != nil {
		return err
	}
	fmt.Fprintf(out, "已生成%s（%s，服务官 %d 人、网点 %d 个）→ %s\n", t.title, quarter, len(res.Officers), len(res.Branches), *path)
	return nil
}

// asOfText says when the evaluation was made, in Beijing time.
func asOfText(at time.Time) string {
	return "评价时点：" + at.In(appraisal.BankZone).Format("2006-01-02 15:04") + "（北京时间）"
}

// quarterTable lays the evaluation out: officers (with the names head
// office gave them), branches, the weights of each branch.
func quarterTable(res bundle.QuarterResult, names map[string]map[string]string) table {
	t := table{
		title:   "名单制营销及信用融资服务官季度考核排名表（各网点）",
		headers: []string{"排名", "网点", "服务官"},
		widths:  []float64{0.6, 0.7, 1.2},
	}
	for _, m := range appraisal.Measures() {
		t.headers = append(t.headers, m.Title())
		t.widths = append(t.widths, 1.25)
	}
	t.headers = append(t.headers, "得分")
	t.widths = append(t.widths, 0.8)
	for _, r := range res.Officers {
		who := r.Officer
		if name := names[r.Branch][r.Officer]; name != "" {
			who += " " + name
		}
		t.rows = append(t.rows, quarterCells(r, who))
	}
	for _, b := range res.Branches {
		t.rows = append(t.rows, quarterCells(b.Total, "网点合计"))
	}
	for _, b := range res.Branches {
		title := "权重"
		if b.Default {
			title = "默认权重"
		}
		weights := []string{"", b.Total.Branch, title}
		for _, m := range appraisal.Measures() {
			weights = append(weights, strconv.Itoa(b.Weights[m]))
		}
		t.rows = append(t.rows, append(weights, "100"))
	}
	t.totals = 2 * len(res.Branches)
	return t
}

// quarterCells is one row: the rank, the branch, who, the measures and
// the score.
func quarterCells(r appraisal.Row, who string) []string {
	cells := r.Cells(who)
	return append([]string{cells[0], r.Branch}, cells[1:]...)
}
