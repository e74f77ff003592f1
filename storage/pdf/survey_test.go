package pdf

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"branchdesk/assets"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/survey"
)

// finalSurvey is version 1 of a complete survey, finalized; the content is
// domain/survey's valid() fixture.
func finalSurvey() survey.Record {
	cst := time.FixedZone("CST", 8*3600)
	return survey.Record{
		ID:      "S-2025-0042",
		Version: 1,
		Status:  survey.Final,
		Survey: survey.Survey{
			Name:          "虎林市兴农农机销售有限公司",
			CreditCode:    "91350100M000100Y43",
			RegisteredOn:  "2016-04-08",
			LegalRep:      "张三",
			LegalRepID:    "11010519491231002X",
			Address:       "虎林市虎林镇民主街88号",
			Section:       "F",
			Division:      "52",
			MainBusiness:  "农机销售及维修",
			Ownership:     survey.OwnershipPrivate,
			Employees:     50,
			Revenue:       500 * 1_000_000, // 500万元
			Assets:        300 * 1_000_000,
			Liabilities:   120 * 1_000_000,
			TaxGrade:      survey.TaxB,
			AmountSought:  200 * 1_000_000,
			Purpose:       survey.PurposeWorkingCapital,
			TermMonths:    12,
			Urgency:       survey.UrgencyMedium,
			Collateral:    []survey.Collateral{survey.CollateralProperty, survey.CollateralGuarantee},
			Contact:       "李四",
			ContactMobile: "13812345678",
			Consent:       true,
			OfficerID:     "2001",
			SurveyDate:    "2025-06-15",
		},
		CreatedBy:   "2001",
		At:          time.Date(2025, 6, 15, 9, 30, 0, 0, cst),
		FinalizedAt: time.Date(2025, 6, 15, 11, 5, 0, 0, cst),
	}
}

// extractKept writes a PDF with write into $BRANCHDESK_PDF_OUT, if set, to be
// looked at; it returns the PDF's text.
func extractKept(t *testing.T, name string, write func(io.Writer) error) string {
	t.Helper()
	text := extract(t, write)
	if dir := os.Getenv("BRANCHDESK_PDF_OUT"); dir != "" {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".pdf"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return text
}

func TestSurveyText(t *testing.T) {
	r := finalSurvey()
	text := extractKept(t, "survey", func(w io.Writer) error { return WriteSurvey(w, r, enterprise.Small.Title(), nil) })
	mustContain(t, text, "小微企业融资需求调查表", "编号 S-2025-0042", "第 1 版", "已定稿",
		"一、企业基本信息", "二、经营规模", "三、现有融资", "四、融资需求", "五、担保方式", "六、联系人及授权", "七、调查信息",
		"企业名称 虎林市兴农农机销售有限公司", "91350100M000100Y43", "成立日期 2016-04-08",
		"法定代表人 张三", "11010519491231002X", "经营地址 虎林市虎林镇民主街88号",
		"行业门类 F 批发和零售业", "52（零售业）", "农机销售及维修", "企业性质 民营",
		"从业人员 50 人", "企业规模 小型",
		"上年营业收入 ¥5,000,000.00", "资产总额 ¥3,000,000.00", "负债总额 ¥1,200,000.00",
		"纳税信用等级 B", "在我行有贷款 否", "在他行有贷款 否",
		"拟融资金额 ¥2,000,000.00", "融资用途 流动资金", "紧急程度 较急（3个月内）",
		"担保方式 房产、土地抵押；保证担保", "联系人 李四", "13812345678", "信息使用授权 已授权",
		"调查人 2001", "调查日期 2025-06-15", "定稿时间 2025-06-15 11:05",
		"调查人：", "企业（盖章）：")
	for _, bad := range []string{"草稿", "更正原因", "第 1 页"} {
		if strings.Contains(text, bad) {
			t.Errorf("a final one-page version 1 shows %q", bad)
		}
	}
}

// A correction is a draft until finalized: it says so, which version it
// corrects and why; long texts wrap without losing a character.
func TestSurveyCorrectionDraft(t *testing.T) {
	r := finalSurvey()
	r.Version, r.Supersedes, r.Status, r.FinalizedAt = 2, 1, survey.Draft, time.Time{}
	r.Reason = longReason
	r.Survey.Name = "江苏省苏州市吴中区某某精密机械制造股份有限公司（原苏州市吴中区某某农机配件厂）"
	r.Survey.Address = "江苏省苏州市吴中区木渎镇金枫南路1888号某某科技创业园B区3幢2层201-205室，仓库在同镇凤凰山路东侧"
	r.Survey.Purpose, r.Survey.PurposeNote = survey.PurposeOther, "购置农机配件生产线两条并补充原材料采购所需流动资金，其中设备款约一百二十万元"
	r.Survey.LoansWithUs, r.Survey.LoansWithUsAmount = true, 50*1_000_000
	text := extractKept(t, "survey-correction", func(w io.Writer) error { return WriteSurvey(w, r, "", nil) })
	mustContain(t, text, "第 2 版（更正第 1 版）", "草稿", longReason, r.Survey.Name, r.Survey.Address,
		r.Survey.PurposeNote, "融资用途 其他", "在我行有贷款 是", "在我行贷款余额 ¥500,000.00", "企业规模 未能划型")
}

// The PDF prints what it is given: a masked record stays masked.
func TestSurveyPrintsMaskedRecord(t *testing.T) {
	r := finalSurvey()
	r.Survey.LegalRepID = enterprise.MaskID(r.Survey.LegalRepID)
	r.Survey.ContactMobile = enterprise.MaskMobile(r.Survey.ContactMobile)
	text := extract(t, func(w io.Writer) error { return WriteSurvey(w, r, "小型", nil) })
	mustContain(t, text, "110105********002X", "138****5678")
	if strings.Contains(text, "13812345678") || strings.Contains(text, "11010519491231002X") {
		t.Error("masked numbers printed in full")
	}
}

// A survey with many long texts runs onto a second page, numbered.
func TestSurveySpillsOverPages(t *testing.T) {
	r := finalSurvey()
	r.Survey.CodeOverrideReason = strings.Repeat(longReason, 4)
	r.Survey.CollateralNote = longReason
	text := extractKept(t, "survey-long", func(w io.Writer) error { return WriteSurvey(w, r, "小型", nil) })
	mustContain(t, text, "第 1 页 共 2 页", "第 2 页 共 2 页", "小微企业融资需求调查表（续）", "七、调查信息")
}

// Every field of the form is printed once, under its own section, with
// its label.
func TestSurveyLayoutHasEveryField(t *testing.T) {
	secs := surveySections(finalSurvey(), survey.V1(), "小型")
	groups := survey.Groups()
	if len(secs) != len(groups) {
		t.Fatalf("%d sections, want %d", len(secs), len(groups))
	}
	for i, g := range groups {
		if !strings.HasSuffix(secs[i].heading, "、"+g.Name) {
			t.Errorf("section %d is %q, want %q", i, secs[i].heading, g.Name)
		}
		seen := map[string]int{}
		for _, row := range secs[i].rows {
			for _, fd := range row {
				seen[fd.label]++
			}
		}
		for _, fd := range g.Fields {
			if seen[fd.Label] != 1 {
				t.Errorf("%s: %s printed %d times", g.Name, fd.Label, seen[fd.Label])
			}
		}
	}
}

func TestSurveyFieldValues(t *testing.T) {
	s := finalSurvey()
	cases := []struct {
		name   string
		change func(*survey.Survey)
		field  string
		want   string
	}{
		{"section name", nil, "Section", "F 批发和零售业"},
		{"unknown section as typed", func(s *survey.Survey) { s.Section = "Z" }, "Section", "Z"},
		{"division and size row", nil, "Division", "52（零售业）"},
		{"division outside section", func(s *survey.Survey) { s.Division = "70" }, "Division", "70"},
		{"no division", func(s *survey.Survey) { s.Division = "" }, "Division", ""},
		{"ownership title", nil, "Ownership", "民营"},
		{"unknown code as stored", func(s *survey.Survey) { s.Ownership = "coop" }, "Ownership", "coop"},
		{"empty code", func(s *survey.Survey) { s.Purpose = "" }, "Purpose", ""},
		{"tax grade as the form titles it", nil, "TaxGrade", "B级"},
		{"amount", nil, "AmountSought", "¥2,000,000.00"},
		{"no loans: balance blank", nil, "LoansElsewhereAmount", ""},
		{"loans: balance", func(s *survey.Survey) { s.LoansElsewhere = true; s.LoansElsewhereAmount = 1 }, "LoansElsewhereAmount", "¥0.01"},
		{"yes", func(s *survey.Survey) { s.LoansWithUs = true }, "LoansWithUs", "是"},
		{"no", nil, "LoansWithUs", "否"},
		{"term", nil, "TermMonths", "12"},
		{"consent", nil, "Consent", "已授权"},
		{"no consent", func(s *survey.Survey) { s.Consent = false }, "Consent", "未授权"},
		{"collateral in order given", func(s *survey.Survey) {
			s.Collateral = []survey.Collateral{survey.CollateralGuarantee, survey.CollateralIP, "pledge"}
		}, "Collateral", "保证担保；知识产权质押；pledge"},
		{"no collateral", func(s *survey.Survey) { s.Collateral = nil }, "Collateral", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := s
			r.Survey.Collateral = append([]survey.Collateral(nil), s.Survey.Collateral...)
			if c.change != nil {
				c.change(&r.Survey)
			}
			fd, _ := survey.V1().Field(c.field)
			got := surveyField(r, fd, "", c.field)
			if got.label != survey.Label(c.field) || got.value != c.want {
				t.Errorf("got %q %q, want %q %q", got.label, got.value, survey.Label(c.field), c.want)
			}
		})
	}
}

func TestChineseOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "一", 7: "七", 9: "九", 10: "十", 11: "十一", 19: "十九", 20: "20", 0: "0"} {
		if got := chineseOrdinal(n); got != want {
			t.Errorf("chineseOrdinal(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSurveyRefusesMissingGlyph(t *testing.T) {
	if _, err := assets.LoadFont(); err != nil {
		t.Skip(err)
	}
	r := finalSurvey()
	r.Survey.MainBusiness = "农机\U0001F69C销售"
	err := WriteSurvey(io.Discard, r, "小型", nil)
	var mg *MissingGlyphError
	if !errors.Is(err, ErrMissingGlyph) || !errors.As(err, &mg) || len(mg.Runes) != 1 || mg.Runes[0] != 0x1F69C {
		t.Fatalf("got %v", err)
	}
}

// TestFormDefinitionPDF prints a survey filled on a v2 form by that form:
// a relabelled field under its new label, 主营业务 (left out) not at all,
// the extra fields of an asked group with their values by type, and
// nothing of a group the answers did not ask.
func TestFormDefinitionPDF(t *testing.T) {
	d := survey.V1()
	d.Version = 2
	d.Groups[0].Fields = slices.DeleteFunc(d.Groups[0].Fields, func(f survey.FieldDef) bool { return f.Key == "MainBusiness" })
	d.Groups[0].Fields[0].Label = "企业全称"
	d.Groups = slices.Insert(d.Groups, 5,
		survey.GroupDef{Name: "抵押物情况", Relevant: "Collateral has property", Fields: []survey.FieldDef{
			{Key: "PledgeValue", Label: "抵押物评估价值", Type: survey.TypeAmount, Required: true},
			{Key: "PledgeKind", Label: "抵押物类别", Type: survey.TypeMultiChoice, Choices: []survey.Choice{{Key: "shop", Title: "商铺"}, {Key: "plant", Title: "厂房"}, {Key: "land", Title: "土地"}}},
			{Key: "PledgeInsured", Label: "已投保", Type: survey.TypeBool},
		}},
		survey.GroupDef{Name: "知识产权", Relevant: "Collateral has ip", Fields: []survey.FieldDef{
			{Key: "Patents", Label: "专利件数", Type: survey.TypeInteger},
		}})
	if err := d.Check(); err != nil {
		t.Fatal(err)
	}
	r := finalSurvey()
	r.Survey.FormVersion, r.Survey.MainBusiness = 2, ""
	r.Survey.Extra = map[string]string{"PledgeValue": "150000000", "PledgeKind": "plant,land", "PledgeInsured": "true", "Patents": "3"}
	text := extractKept(t, "survey-v2", func(w io.Writer) error { return WriteSurveyForm(w, r, d, "小型", nil) })
	mustContain(t, text, "一、企业基本信息", "企业全称 虎林市兴农农机销售有限公司", "企业性质 民营",
		"六、抵押物情况", "抵押物评估价值 ¥1,500,000.00", "抵押物类别 厂房；土地", "已投保 是",
		"八、联系人及授权", "九、调查信息", "企业规模 小型")
	for _, bad := range []string{"主营业务", "知识产权", "专利件数", "七、知识产权"} {
		if strings.Contains(text, bad) {
			t.Errorf("the v2 survey prints %q", bad)
		}
	}
}

// The printed form follows the definition: a group whose fields are not
// V1's in V1's order prints in the definition's order (V1's paper layout
// is for V1's groups only), 定稿时间 closes the form whatever the last
// group is called, and a built-in choice prints with the title the
// definition gives it.
func TestFormDefinitionPDFFollowsDefinition(t *testing.T) {
	d := survey.V1()
	d.Version = 2
	g := &d.Groups[0]
	i := slices.IndexFunc(g.Fields, func(f survey.FieldDef) bool { return f.Key == "Address" })
	addr := g.Fields[i]
	g.Fields = slices.Delete(g.Fields, i, i+1)
	g.Fields = slices.Insert(g.Fields, 0, addr, survey.FieldDef{Key: "Website", Label: "企业网址", Type: survey.TypeText})
	for fi := range d.Groups[3].Fields {
		if f := &d.Groups[3].Fields[fi]; f.Key == "Urgency" {
			for ci := range f.Choices {
				if f.Choices[ci].Key == string(survey.UrgencyMedium) {
					f.Choices[ci].Title = "三个月内要"
				}
			}
		}
	}
	last := &d.Groups[len(d.Groups)-1]
	last.Name = "调查人及日期"
	if err := d.Check(); err != nil {
		t.Fatal(err)
	}
	r := finalSurvey()
	r.Survey.FormVersion = 2
	r.Survey.Extra = map[string]string{"Website": "example.cn"}
	secs := surveySections(r, d, "小型")
	labels := func(heading string) []string {
		var out []string
		for _, s := range secs {
			for _, row := range s.rows {
				for _, fd := range row {
					if s.heading == heading {
						out = append(out, fd.label)
					}
				}
			}
		}
		return out
	}
	got := labels("一、" + g.Name)
	var want []string
	for _, fd := range g.Fields {
		want = append(want, fd.Label)
	}
	if !slices.Equal(got, want) {
		t.Errorf("group 1 printed as %v, want the definition's order %v", got, want)
	}
	if got := labels("二、经营规模"); !slices.Equal(got[:2], []string{"从业人员", sizeRow}) {
		t.Errorf("V1's group 2 no longer on V1's layout: %v", got)
	}
	if got := labels("七、" + last.Name); !slices.Equal(got, []string{"调查人", "调查日期", finalizedRow}) {
		t.Errorf("renamed last group prints %v", got)
	}
	text := extractKept(t, "survey-v2-order", func(w io.Writer) error { return WriteSurveyForm(w, r, d, "小型", nil) })
	mustContain(t, text, "七、调查人及日期", "定稿时间 2025-06-15 11:05", "紧急程度 三个月内要", "企业网址 example.cn")
	if strings.Index(text, addr.Label) > strings.Index(text, "企业名称") {
		t.Errorf("%s printed after 企业名称:\n%s", addr.Label, text)
	}
	if strings.Contains(text, "较急（3个月内）") {
		t.Error("the bank's own title printed, not the definition's")
	}
}
