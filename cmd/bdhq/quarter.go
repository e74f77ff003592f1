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

const quarterUsage = "用法: bdhq report quarter -year YYYY -q 1-4 -out 文件.pdf|文件.csv [-weights F.json]"

// quarterReport writes the quarterly evaluation across branches (名单制
// 第十四条, 排队通报): every officer ranked together, then each branch's
// line ranked among branches, then the weights. The weights are -weights
// if given, else the last head office sent down, else the defaults.
func quarterReport(ctx context.Context, hq *bundle.HQ, args []string, out, stderr io.Writer) error {
	fs := flag.NewFlagSet("report quarter", flag.ContinueOnError)
	fs.SetOutput(stderr)
	year := fs.Int("year", 0, "年度")
	q := fs.Int("q", 0, "季度：1 至 4")
	path := fs.String("out", "", "输出文件：.pdf 或 .csv")
	weights := fs.String("weights", "", "季度考核权重 JSON（不填则用最近下发的权重）")
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
	if w == nil {
		if w, err = hq.SentWeights(ctx); err != nil {
			return err
		}
	}
	if w == nil {
		w = appraisal.DefaultWeights()
	}
	res, err := hq.QuarterReport(ctx, quarter, w, time.Now())
	if err != nil {
		return err
	}
	t := quarterTable(res, w)
	first, last := quarter.Days()
	period := fmt.Sprintf("考核季度：%s（%s 至 %s）", quarter, first, last)
	if err := writeReport(*path, format, t, period); err != nil {
		return err
	}
	fmt.Fprintf(out, "已生成%s（%s，服务官 %d 人、网点 %d 个）→ %s\n", t.title, quarter, len(res.Officers), len(res.Branches), *path)
	return nil
}

// quarterTable lays the evaluation out: officers, branches, weights.
func quarterTable(res bundle.QuarterResult, w appraisal.Weights) table {
	t := table{
		title:   "名单制营销及信用融资服务官季度考核排名表（各网点）",
		headers: []string{"排名", "网点", "服务官"},
		widths:  []float64{0.6, 0.7, 0.9},
	}
	for _, m := range appraisal.Measures() {
		t.headers = append(t.headers, m.Title())
		t.widths = append(t.widths, 1.45)
	}
	t.headers = append(t.headers, "得分")
	t.widths = append(t.widths, 0.8)
	for _, r := range res.Officers {
		t.rows = append(t.rows, quarterCells(r, r.Officer))
	}
	for _, b := range res.Branches {
		t.rows = append(t.rows, quarterCells(b.Total, "网点合计"))
	}
	weights := []string{"", "", "权重"}
	for _, m := range appraisal.Measures() {
		weights = append(weights, strconv.Itoa(w[m]))
	}
	t.rows = append(t.rows, append(weights, "100"))
	t.totals = len(res.Branches) + 1
	return t
}

// quarterCells is one row: the rank, the branch, who, the measures and
// the score.
func quarterCells(r appraisal.Row, who string) []string {
	cells := r.Cells(who)
	return append([]string{cells[0], r.Branch}, cells[1:]...)
}
