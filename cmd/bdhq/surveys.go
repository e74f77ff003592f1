package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"branchdesk/domain/attach"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/survey"
	"branchdesk/storage/bundle"
	"branchdesk/storage/pdf"
	"branchdesk/storage/wholefile"
)

// formOf is the definition a survey was filled on, from those head office
// issued.
func formOf(forms map[int]survey.Definition, s survey.Survey) (survey.Definition, error) {
	d, ok := forms[max(1, s.FormVersion)]
	if !ok {
		return d, fmt.Errorf("总行库中没有第%d版调查表单的定义（未由本总行签发）", s.FormVersion)
	}
	return d, nil
}

// surveyTable lists the surveys on one form version (0: the newest issued)
// whose survey date falls in the period: a column for each field of that
// form, in its order and under its labels, the fields it adds included; a
// field the answers did not ask is blank.
func surveyTable(ctx context.Context, hq *bundle.HQ, from, to string, version int) (table, error) {
	forms, err := hq.Forms(ctx)
	if err != nil {
		return table{}, err
	}
	if version == 0 {
		for v := range forms {
			version = max(version, v)
		}
	}
	def, ok := forms[version]
	if !ok {
		return table{}, fmt.Errorf("总行库中没有第%d版调查表单的定义", version)
	}
	rows, err := hq.Surveys(ctx)
	if err != nil {
		return table{}, err
	}
	t := table{title: fmt.Sprintf("调查表明细（第%d版表单）", version), headers: []string{"网点", "编号", "版本", "状态"}}
	for _, f := range def.Fields() {
		t.headers = append(t.headers, f.Label)
	}
	for _, r := range rows {
		s := r.Record.Survey
		if max(1, s.FormVersion) != version || s.SurveyDate < from || s.SurveyDate > to {
			continue
		}
		asked := def.Relevant(s)
		row := []string{r.Branch, r.Record.ID, strconv.Itoa(r.Record.Version), r.Record.Status.Title()}
		for _, f := range def.Fields() {
			cell := ""
			if asked[f.Key] {
				cell = survey.Text(s, f)
			}
			row = append(row, cell)
		}
		t.rows = append(t.rows, row)
	}
	return t, nil
}

// surveyPDF writes one survey's latest version as the paper form it was
// filled on.
func surveyPDF(ctx context.Context, hq *bundle.HQ, args []string, out, stderr io.Writer) error {
	fs := flag.NewFlagSet("survey", flag.ContinueOnError)
	fs.SetOutput(stderr)
	id := fs.String("id", "", "调查表编号")
	branch := fs.String("branch", "", "网点号（编号在多个网点重复时须指定）")
	path := fs.String("out", "", "输出文件 .pdf")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *id == "" || !strings.HasSuffix(strings.ToLower(*path), ".pdf") || fs.NArg() > 0 {
		return errors.New("用法: bdhq survey -id 调查表编号 [-branch 网点] -out 文件.pdf")
	}
	rows, err := hq.Surveys(ctx)
	if err != nil {
		return err
	}
	rows = slices.DeleteFunc(rows, func(r bundle.SurveyRow) bool {
		return r.Record.ID != *id || *branch != "" && r.Branch != *branch
	})
	switch {
	case len(rows) == 0:
		return fmt.Errorf("总行库中没有调查表 %s", *id)
	case len(rows) > 1:
		return fmt.Errorf("调查表编号 %s 在 %d 个网点都有，请用 -branch 指定网点", *id, len(rows))
	}
	rec := rows[0].Record
	forms, err := hq.Forms(ctx)
	if err != nil {
		return err
	}
	def, err := formOf(forms, rec.Survey)
	if err != nil {
		return err
	}
	size := ""
	if sz, err := survey.Size(rec.Survey, enterprise.Default()); err == nil {
		size = sz.Title()
	}
	held, err := hq.Attachments(ctx, rows[0].Branch, attach.OnSurvey, rec.ID)
	if err != nil {
		return err
	}
	files := make([]attach.Attachment, len(held))
	for i, a := range held {
		files[i] = a.Attachment()
	}
	if err := wholefile.Write(*path, 0o644, func(w io.Writer) error { return pdf.WriteSurveyForm(w, rec, def, size, files) }); err != nil {
		return err
	}
	fmt.Fprintf(out, "已生成 网点 %s 调查表 %s 第 %d 版（第%d版表单）→ %s\n", rows[0].Branch, rec.ID, rec.Version, def.Version, *path)
	return nil
}
