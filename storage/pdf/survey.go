package pdf

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"

	"branchdesk/assets"
	"branchdesk/domain/attach"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/survey"

	"github.com/signintech/gopdf"
)

// Rows of the printed survey that are not fields of survey.Survey.
const (
	sizeRow      = "企业规模"
	finalizedRow = "定稿时间"
)

// surveyLayout places each section of V1 on the sheet, one or two fields
// to a row, as on the paper form. It is used for a group whose fields are
// V1's, in V1's order; any other group prints a field a row in the
// definition's order.
var surveyLayout = map[string][][]string{
	"企业基本信息": {{"Name"}, {"CreditCode", "RegisteredOn"}, {"CodeOverrideReason"},
		{"LegalRep", "LegalRepID"}, {"Address"}, {"Section", "Division"}, {"MainBusiness", "Ownership"}},
	"经营规模":   {{"Employees", sizeRow}, {"Revenue", "Assets"}, {"Liabilities", "Operating"}},
	"现有融资":   {{"TaxGrade", "Overdue"}, {"LoansWithUs", "LoansWithUsAmount"}, {"LoansElsewhere", "LoansElsewhereAmount"}},
	"融资需求":   {{"AmountSought", "Purpose"}, {"PurposeNote"}, {"TermMonths", "Urgency"}},
	"担保方式":   {{"Collateral"}, {"CollateralNote"}},
	"联系人及授权": {{"Contact", "ContactMobile"}, {"Consent"}},
	"调查信息":   {{"OfficerID", "SurveyDate"}},
}

// layoutOf is how group g prints: surveyLayout's rows when g holds V1's
// group of its name, field for field in order; otherwise a field a row,
// the size after the employees.
func layoutOf(g survey.GroupDef) [][]string {
	keys := func(fs []survey.FieldDef) []string {
		ks := make([]string, len(fs))
		for i, fd := range fs {
			ks[i] = fd.Key
		}
		return ks
	}
	for _, v1 := range survey.V1().Groups {
		if v1.Name == g.Name && slices.Equal(keys(v1.Fields), keys(g.Fields)) {
			return surveyLayout[g.Name]
		}
	}
	var rows [][]string
	for _, k := range keys(g.Fields) {
		rows = append(rows, []string{k})
		if k == "Employees" {
			rows = append(rows, []string{sizeRow})
		}
	}
	return rows
}

// formSection is one heading of the printed survey and the rows under it.
type formSection struct {
	heading string
	rows    [][]field
}

// WriteSurvey writes one version of a survey as the paper demand survey
// (小微企业融资需求调查表), A4 portrait: its id, version and status under the
// title, the reason for a correction, then the form's sections in order with
// every field, the enterprise size (size, e.g. "小型"; "" when it could not
// be classified), and lines for the officer's signature and the
// enterprise's seal. A draft is stamped 草稿.
//
// It prints what it is given: pass finance.Mask's result to print for
// someone who may not see the ID and mobile numbers. Long values wrap; a
// character the font lacks is an error wrapping ErrMissingGlyph.
func WriteSurvey(w io.Writer, r survey.Record, size string, files []attach.Attachment) error {
	return WriteSurveyForm(w, r, survey.V1(), size, files)
}

// WriteSurveyForm writes the survey as WriteSurvey does, laid out by the
// form definition it was filled on: its groups, labels and order, the
// fields it adds beyond the survey's own, and nothing of a group or field
// the answers did not ask.
//
// The last section, 附件, lists files, the survey's attachments as the
// viewer may see them (finance.Attachments' result): a row for each,
// one taken off the record marked 已撤下 with the reason, only how many
// of each kind for those masked (Hidden), 无附件 when there are none.
func WriteSurveyForm(w io.Writer, r survey.Record, def survey.Definition, size string, files []attach.Attachment) error {
	font, err := assets.LoadFont()
	if err != nil {
		return fmt.Errorf("pdf: survey: %w", err)
	}
	doc, err := newSizedDocument(font, a4Portrait)
	if err != nil {
		return fmt.Errorf("pdf: survey: %w", err)
	}
	if err := doc.header("小微企业融资需求调查表", surveySubtitle(r), false); err != nil {
		return fmt.Errorf("pdf: survey: %w", err)
	}
	if r.Status != survey.Final {
		if err := doc.stamp("草稿", doc.size.w-margin-60, margin); err != nil {
			return fmt.Errorf("pdf: survey: %w", err)
		}
	}
	for _, sec := range surveySections(r, def, size) {
		if sec.heading != "" {
			if err := doc.sectionHeading(sec.heading, sec.rows); err != nil {
				return fmt.Errorf("pdf: survey: %w", err)
			}
		}
		for _, row := range sec.rows {
			if err := doc.row(row); err != nil {
				return fmt.Errorf("pdf: survey: %w", err)
			}
		}
	}
	if err := doc.attachments(files); err != nil {
		return fmt.Errorf("pdf: survey: %w", err)
	}
	if err := doc.signatures("", "调查人", "企业（盖章）"); err != nil {
		return fmt.Errorf("pdf: survey: %w", err)
	}
	if err := doc.finish(w); err != nil {
		return fmt.Errorf("pdf: survey: %w", err)
	}
	return nil
}

// attachments draws the section 附件: a ruled table of the files the
// viewer may see, then what attach.HiddenText tells of the rest.
func (d *document) attachments(files []attach.Attachment) error {
	var rows [][]string
	for _, a := range files {
		if a.Hidden {
			continue
		}
		note := ""
		if a.Removed != nil {
			note = "已撤下：" + a.Removed.Reason
		}
		sum := a.SHA256
		if len(sum) > 16 {
			sum = sum[:16] + "…"
		}
		rows = append(rows, []string{string(a.Kind), a.Name, attach.SizeText(a.Size), a.AddedBy,
			a.AddedAt.Local().Format("2006-01-02 15:04"), sum, note})
	}
	var lines [][]field
	if hidden := attach.HiddenText(files); hidden != "" {
		lines = append(lines, []field{f("附件", hidden)})
	}
	if len(rows) == 0 && len(lines) == 0 {
		lines = append(lines, []field{f("附件", "无附件")})
	}
	if err := d.sectionHeading("附件", lines); err != nil {
		return err
	}
	for _, l := range lines {
		if err := d.row(l); err != nil {
			return err
		}
	}
	if len(rows) == 0 {
		return nil
	}
	d.closeTable()
	return d.table([]string{"类别", "文件名", "大小", "添加人", "添加时间", "SHA-256", "备注"},
		[]float64{1.3, 2.2, 1, 0.9, 2.1, 2.3, 1.9}, rows)
}

// surveySubtitle names the survey, its version, the version it corrects
// and its status.
func surveySubtitle(r survey.Record) string {
	status := r.Status.Title()
	if status == "" {
		status = string(r.Status)
	}
	version := fmt.Sprintf("第 %d 版", r.Version)
	if r.Supersedes > 0 {
		version += fmt.Sprintf("（更正第 %d 版）", r.Supersedes)
	}
	return fmt.Sprintf("编号 %s　%s　%s", r.ID, version, status)
}

// surveySections is the printed form top to bottom: a correction's reason,
// then the definition's groups the answers ask, with numbered headings.
func surveySections(r survey.Record, def survey.Definition, size string) []formSection {
	var secs []formSection
	if r.Version > 1 || r.Reason != "" {
		secs = append(secs, formSection{rows: [][]field{{f("更正原因", r.Reason)}}})
	}
	asked := def.Relevant(r.Survey)
	for i, g := range def.Groups {
		if !def.GroupRelevant(g, asked) {
			continue
		}
		in := map[string]survey.FieldDef{}
		for _, fd := range g.Fields {
			if asked[fd.Key] {
				in[fd.Key] = fd
			}
		}
		_, sized := in["Employees"]
		sec := formSection{heading: chineseOrdinal(i+1) + "、" + g.Name}
		for _, names := range layoutOf(g) {
			var row []field
			for _, name := range names {
				fd, ok := in[name]
				if ok || name == sizeRow && sized {
					row = append(row, surveyField(r, fd, size, name))
					delete(in, name)
				}
			}
			if len(row) > 0 {
				sec.rows = append(sec.rows, row)
			}
		}
		for _, fd := range g.Fields {
			if _, ok := in[fd.Key]; ok {
				sec.rows = append(sec.rows, []field{surveyField(r, fd, size, fd.Key)})
			}
		}
		secs = append(secs, sec)
	}
	// 定稿时间 closes the form, whatever the last group is called.
	if last := len(secs) - 1; last >= 0 {
		secs[last].rows = append(secs[last].rows, []field{surveyField(r, survey.FieldDef{}, size, finalizedRow)})
	}
	return secs
}

// surveyField is the caption and printed value of field fd of the survey,
// or of one of the rows sizeRow and finalizedRow.
func surveyField(r survey.Record, fd survey.FieldDef, size, name string) field {
	s := r.Survey
	switch name {
	case sizeRow:
		if size == "" {
			size = "未能划型"
		}
		return f(sizeRow, size)
	case finalizedRow:
		at := ""
		if !r.FinalizedAt.IsZero() {
			at = r.FinalizedAt.Format("2006-01-02 15:04")
		}
		return f(finalizedRow, at)
	}
	label := fd.Label
	if _, own := reflect.TypeFor[survey.Survey]().FieldByName(name); !own || fd.Type == survey.TypeChoice || fd.Type == survey.TypeMultiChoice {
		return f(label, survey.Text(s, fd)) // a choice by the definition's titles
	}
	switch name {
	case "Section":
		for _, sec := range enterprise.Sections() {
			if sec.Code == s.Section {
				return f(label, sec.Code+" "+sec.Name)
			}
		}
		return f(label, s.Section)
	case "Division":
		if ind := s.Industry(); s.Division != "" && ind != enterprise.Unspecified {
			return f(label, s.Division+"（"+ind.Title()+"）")
		}
		return f(label, s.Division)
	case "Employees":
		return f(label, fmt.Sprintf("%d 人", s.Employees))
	case "Consent":
		if s.Consent {
			return f(label, "已授权")
		}
		return f(label, "未授权")
	case "LoansWithUsAmount":
		return f(label, loanBalance(s.LoansWithUs, s.LoansWithUsAmount))
	case "LoansElsewhereAmount":
		return f(label, loanBalance(s.LoansElsewhere, s.LoansElsewhereAmount))
	}
	v := reflect.ValueOf(s).FieldByName(name)
	if !v.IsValid() {
		return f(label, "")
	}
	return f(label, surveyValue(v.Interface()))
}

// surveyValue formats a field by its type: codes by their Chinese titles,
// amounts in yuan, yes or no.
func surveyValue(v any) string {
	switch v := v.(type) {
	case interface{ Title() string }:
		return titleOr(v.Title(), fmt.Sprint(v))
	case money.Amount:
		return v.String()
	case bool:
		if v {
			return "是"
		}
		return "否"
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	}
	return fmt.Sprint(v)
}

// loanBalance leaves the balance of loans the enterprise does not have
// blank, as on paper.
func loanBalance(has bool, a money.Amount) string {
	if !has && a == 0 {
		return ""
	}
	return a.String()
}

// titleOr is a code's Chinese title, or the code itself when it has none,
// so an unknown code still prints.
func titleOr(title, code string) string {
	if title == "" {
		return code
	}
	return title
}

// chineseOrdinal numbers a section as the paper form does: 一 to 十九.
func chineseOrdinal(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 1 || n > 19:
		return strconv.Itoa(n)
	case n < 10:
		return digits[n]
	}
	return "十" + digits[n-10]
}

// sectionHeading draws a full-width band naming a section of the form,
// on a new page unless the section's rows fit under it: all of them if
// they fit on a page, else the first.
func (d *document) sectionHeading(title string, rows [][]field) error {
	h := bodySize*leading + 2*padY
	keep, first := 0.0, 0.0
	for i, row := range rows {
		rh, err := d.rowHeight(row)
		if err != nil {
			return err
		}
		if i == 0 {
			first = rh
		}
		keep += rh
	}
	if h+keep > d.bottom()-d.pageTop {
		keep = first
	}
	if d.y > d.pageTop && d.y+h+keep > d.bottom() {
		if err := d.newPage(); err != nil {
			return err
		}
	}
	d.gp.SetFillColor(inkR, inkG, inkB)
	d.gp.RectFromUpperLeftWithStyle(margin, d.y, d.contentW(), h, "F")
	if err := d.font(bodySize); err != nil {
		return err
	}
	d.gp.SetTextColor(255, 255, 255)
	if err := d.text(margin+padX, d.y, d.contentW()-2*padX, h, title, gopdf.Left); err != nil {
		return err
	}
	d.y += h
	d.fresh = false
	return nil
}

// rowHeight is how tall row draws fields on one page.
func (d *document) rowHeight(fields []field) (float64, error) {
	cols := d.columns(len(fields))
	n, size := 1, bodySize
	for i, fl := range fields {
		for j, s := range []string{fl.label, fl.value} {
			sz := bodySize
			if j == 1 && fl.size > 0 {
				sz = fl.size
			}
			if err := d.font(sz); err != nil {
				return 0, err
			}
			lines, err := d.wrap(s, cols[2*i+j].w-2*padX)
			if err != nil {
				return 0, err
			}
			n, size = max(n, len(lines)), max(size, sz)
		}
	}
	return float64(n)*size*leading + 2*padY, nil
}
