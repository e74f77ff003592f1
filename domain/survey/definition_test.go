package survey

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// v2 is V1 with 主营业务 removed, 紧急程度 without 不急, and a group
// 抵押物情况 asked only when 房产、土地抵押 is ticked: its value (an extra
// amount, required) and, when that is over ¥1,000,000.00, the valuer.
func v2() Definition {
	d := V1()
	d.Version = 2
	for gi := range d.Groups {
		g := &d.Groups[gi]
		g.Fields = slices.DeleteFunc(g.Fields, func(f FieldDef) bool { return f.Key == "MainBusiness" })
		for fi := range g.Fields {
			if f := &g.Fields[fi]; f.Key == "Urgency" {
				f.Choices = f.Choices[:2]
			}
		}
	}
	d.Groups = slices.Insert(d.Groups, 5, GroupDef{Name: "抵押物情况", Relevant: "Collateral has property", Fields: []FieldDef{
		{Key: "PledgeValue", Label: "抵押物评估价值", Type: TypeAmount, Required: true},
		{Key: "PledgeValuer", Label: "评估机构", Type: TypeText, Required: true, Relevant: "PledgeValue > 1000000"},
		{Key: "PledgeOwnerID", Label: "抵押人身份证号码", Type: TypeText, Checks: []string{"residentid"}},
	}})
	return d
}

func TestFormDefinitionV1IsTodaysForm(t *testing.T) {
	d := V1()
	if err := d.Check(); err != nil {
		t.Fatalf("V1().Check() = %v", err)
	}
	gs := Groups()
	if len(d.Groups) != len(gs) {
		t.Fatalf("V1 has %d groups, today's form %d", len(d.Groups), len(gs))
	}
	st := reflect.TypeFor[Survey]()
	for i, g := range gs {
		dg := d.Groups[i]
		if dg.Name != g.Name || dg.Relevant != "" || len(dg.Fields) != len(g.Fields) {
			t.Fatalf("group %d = %s (%d fields), want %s (%d)", i, dg.Name, len(dg.Fields), g.Name, len(g.Fields))
		}
		for j, f := range g.Fields {
			df := dg.Fields[j]
			if df.Key != f.Name || df.Label != f.Label || df.Relevant != "" {
				t.Errorf("%s field %d = %s %s, want %s %s", g.Name, j, df.Key, df.Label, f.Name, f.Label)
			}
			sf, _ := st.FieldByName(f.Name)
			tag := sf.Tag.Get("validate")
			if df.Required != slices.Contains(strings.Split(tag, ","), "required") {
				t.Errorf("%s required = %v, tag %q", f.Name, df.Required, tag)
			}
			for _, c := range df.Checks {
				if !strings.Contains(tag, c) {
					t.Errorf("%s check %s not in tag %q", f.Name, c, tag)
				}
			}
		}
	}
	byKey := func(k string) FieldDef { f, _ := d.Field(k); return f }
	if f := byKey("CreditCode"); !slices.Equal(f.Checks, []string{"creditcode"}) || f.Type != TypeText {
		t.Errorf("CreditCode = %+v", f)
	}
	if f := byKey("RegisteredOn"); !slices.Equal(f.Checks, []string{"ymd", "notfuture"}) || f.Type != TypeDate {
		t.Errorf("RegisteredOn = %+v", f)
	}
	if f := byKey("Collateral"); f.Type != TypeMultiChoice || len(f.Choices) != len(Collaterals()) || f.Choices[0] != (Choice{"property", "房产、土地抵押"}) {
		t.Errorf("Collateral = %+v", f)
	}
	if f := byKey("TaxGrade"); f.Type != TypeChoice || f.Choices[4] != (Choice{"M", "M级（新设立，未评级）"}) {
		t.Errorf("TaxGrade = %+v", f)
	}
	if f := byKey("Revenue"); f.Type != TypeAmount || !slices.Equal(f.Checks, []string{"amount"}) || f.Hint != "元" {
		t.Errorf("Revenue = %+v", f)
	}

	// As data, V1 reads back the same.
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseDefinition(data)
	if err != nil || !reflect.DeepEqual(back, d) {
		t.Fatalf("ParseDefinition(V1 JSON) = %v", err)
	}

	// V1 judges a survey exactly as today's checks do.
	v := newValidator(t)
	for _, change := range []func(*Survey){
		func(*Survey) {},
		func(s *Survey) { s.Name, s.CreditCode = "", "91350100M000100Y44" },
		func(s *Survey) { s.LoansWithUs, s.Purpose = true, PurposeOther },
		func(s *Survey) {
			s.Collateral, s.Consent, s.RegisteredOn = []Collateral{CollateralOther}, false, "2025-06-16"
		},
		func(s *Survey) { *s = Survey{} },
	} {
		s := valid()
		change(&s)
		if got, want := v.CheckForm(d, s), v.Check(s); !reflect.DeepEqual(got, want) {
			t.Errorf("CheckForm(V1) = %v\nCheck = %v", got, want)
		}
	}
}

func TestFormDefinitionRefused(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Definition)
		want   string
	}{
		{"no version", func(d *Definition) { d.Version = 0 }, "版本号须为正整数"},
		{"unknown type", func(d *Definition) { d.Groups[5].Fields[0].Type = "photo" }, "字段 抵押物评估价值 的类型“photo”未知"},
		{"duplicate key", func(d *Definition) { d.Groups[5].Fields[1].Key = "PledgeValue" }, "字段 PledgeValue 重复"},
		{"duplicate of a bound key", func(d *Definition) { d.Groups[5].Fields[1].Key = "Name" }, "字段 Name 重复"},
		{"condition names a missing field", func(d *Definition) { d.Groups[5].Relevant = "Pledge has property" },
			"分组 抵押物情况 的条件“Pledge has property”：字段 Pledge 不存在"},
		{"condition names a dropped field", func(d *Definition) { d.Groups[5].Fields[1].Relevant = "MainBusiness = 农机" },
			"字段 评估机构 的条件“MainBusiness = 农机”：字段 MainBusiness 不存在"},
		{"condition with no choice", func(d *Definition) { d.Groups[5].Relevant = "Collateral has 抵押" },
			"担保方式 没有选项“抵押”"},
		{"condition incomplete", func(d *Definition) { d.Groups[5].Relevant = "TermMonths>12" }, "不完整"},
		{"cycle", func(d *Definition) {
			d.Groups[5].Fields[0].Relevant = "PledgeValuer = 某评估所"
		}, "显示条件循环：PledgeValue → PledgeValuer → PledgeValue"},
		{"group on its own field", func(d *Definition) { d.Groups[5].Relevant = "PledgeValue > 0" },
			"显示条件循环：PledgeValue → PledgeValue"},
		{"choice without choices", func(d *Definition) {
			d.Groups[5].Fields[1].Type = TypeChoice
		}, "选择字段 评估机构 没有选项"},
		{"unknown check", func(d *Definition) { d.Groups[5].Fields[2].Checks = []string{"passport"} },
			"字段 抵押人身份证号码 的检查“passport”不存在"},
		{"check that does not fit", func(d *Definition) { d.Groups[5].Fields[0].Checks = []string{"mobile"} },
			"字段 抵押物评估价值 不能使用检查“mobile”"},
		{"core field dropped", func(d *Definition) {
			d.Groups[0].Fields = slices.DeleteFunc(d.Groups[0].Fields, func(f FieldDef) bool { return f.Key == "CreditCode" })
		}, "缺少本行规则所需的字段 CreditCode（统一社会信用代码）"},
		{"core field asked under a condition", func(d *Definition) { d.Groups[3].Fields[0].Relevant = "LoansWithUs = true" },
			"字段 拟融资金额 为本行规则所需，须始终填写，不能设显示条件"},
		{"core field in a conditional group", func(d *Definition) { d.Groups[1].Relevant = "LoansWithUs = true" },
			"字段 从业人员 为本行规则所需，须始终填写，不能设显示条件"},
		{"core field no longer required", func(d *Definition) { d.Groups[0].Fields[0].Required = false },
			"字段 企业名称 为本行规则所需，须为必填"},
		{"bound field retyped", func(d *Definition) { d.Groups[1].Fields[0].Type = TypeText }, "字段 从业人员 的类型应为 integer"},
		{"bound choice outside the bank's", func(d *Definition) {
			d.Groups[3].Fields[4].Choices = append(d.Groups[3].Fields[4].Choices, Choice{"never", "永不"})
		}, "字段 紧急程度 的选项 never 不是本行认可的选项"},
		{"reserved key", func(d *Definition) { d.Groups[5].Fields[0].Key = "Extra" }, "字段键 Extra 为系统保留"},
		{"two answers with one title", func(d *Definition) {
			d.Groups[5].Fields = append(d.Groups[5].Fields, FieldDef{Key: "Kind", Label: "类别", Type: TypeChoice,
				Choices: []Choice{{Key: "a", Title: "其他"}, {Key: "b", Title: "其他"}}})
		}, "字段 类别 有两个选项都叫“其他”"},
		{"translation in a language the screens do not speak", func(d *Definition) {
			d.Translations = map[string]map[string]string{"fr": {"评估机构": "Évaluateur"}}
		}, "译文的语言“fr”不支持，只能为 en"},
		{"translation of a word the form does not have", func(d *Definition) {
			d.Translations = map[string]map[string]string{"en": {"评估机构": "Valuer", "评估机关": "Valuer"}}
		}, "译文（en）中的“评估机关”不是本表单的文字"},
		{"empty translation", func(d *Definition) {
			d.Translations = map[string]map[string]string{"en": {"评估机构": " "}}
		}, "“评估机构”的译文（en）为空"},
	}
	if err := v2().Check(); err != nil {
		t.Fatalf("v2().Check() = %v", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := v2()
			c.change(&d)
			err := d.Check()
			if !errors.Is(err, ErrDefinition) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Check() = %v, want %q", err, c.want)
			}
			data, _ := json.Marshal(d)
			if _, err := ParseDefinition(data); !errors.Is(err, ErrDefinition) {
				t.Fatalf("ParseDefinition = %v", err)
			}
		})
	}
	if _, err := ParseDefinition([]byte(`{"version":2,"groups":[],"colour":"red"}`)); !errors.Is(err, ErrDefinition) {
		t.Errorf("unknown key: %v", err)
	}
}

// A group asked only when a collateral is ticked, and a field inside it
// only above ¥1,000,000.00: exactly at, one fen below and one fen above.
func TestFormDefinitionRelevance(t *testing.T) {
	d := v2()
	v := newValidator(t)
	s := valid()
	s.FormVersion = 2
	s.Collateral = []Collateral{CollateralGuarantee}
	rel := d.Relevant(s)
	if rel["PledgeValue"] || rel["PledgeValuer"] || !rel["Name"] {
		t.Fatalf("relevance without property = %v", rel)
	}
	if fe := v.CheckForm(d, s); fe != nil {
		t.Fatalf("CheckForm with the group skipped = %v", fe)
	}

	s.Collateral = []Collateral{CollateralGuarantee, CollateralProperty}
	if fe := v.CheckForm(d, s); len(fe) != 1 || fe["PledgeValue"] != "抵押物评估价值为必填字段" {
		t.Fatalf("CheckForm with the group asked = %v", fe)
	}
	for _, c := range []struct {
		value string
		asked bool
	}{{"100000000", false}, {"99999999", false}, {"100000001", true}} {
		if err := SetValue(&s, FieldDef{Key: "PledgeValue", Label: "抵押物评估价值", Type: TypeAmount}, c.value); err != nil {
			t.Fatal(err)
		}
		fe := v.CheckForm(d, s)
		if got := d.Relevant(s)["PledgeValuer"]; got != c.asked {
			t.Errorf("PledgeValue %s fen: valuer asked = %v, want %v", c.value, got, c.asked)
		}
		if c.asked != (fe["PledgeValuer"] == "评估机构为必填字段") || len(fe) != map[bool]int{true: 1}[c.asked] {
			t.Errorf("PledgeValue %s fen: CheckForm = %v", c.value, fe)
		}
	}

	// A named check on an extra field.
	s.Extra["PledgeValuer"] = "湖北某资产评估有限公司"
	s.Extra["PledgeOwnerID"] = "110105194912310021"
	if fe := v.CheckForm(d, s); len(fe) != 1 || fe["PledgeOwnerID"] != "身份证号码校验位不符，请核对" {
		t.Errorf("CheckForm with a bad ID = %v", fe)
	}
	s.Extra["PledgeOwnerID"] = "11010519491231002X"
	if fe := v.CheckForm(d, s); fe != nil {
		t.Errorf("CheckForm complete = %v", fe)
	}
	// Through WithForms, Check follows the survey's version.
	vf, err := NewValidator(WithClock(newValidator(t).now), WithForms(func(n int) (Definition, bool) { return d, n == 2 }))
	if err != nil {
		t.Fatal(err)
	}
	delete(s.Extra, "PledgeValue")
	if fe := vf.Check(s); fe["PledgeValue"] != "抵押物评估价值为必填字段" {
		t.Errorf("Check(v2 survey) = %v", fe)
	}

	// Unticking the collateral hides the group again; saving clears it.
	s.Extra["PledgeValue"] = "150000000"
	s.Collateral = []Collateral{CollateralGuarantee}
	cleared := d.Clear(s)
	if len(cleared.Extra) != 0 || len(s.Extra) != 3 {
		t.Errorf("Clear = %v (was %v)", cleared.Extra, s.Extra)
	}
	// A dropped field is not required any more.
	s.MainBusiness = ""
	if fe := v.CheckForm(d, cleared); fe != nil {
		t.Errorf("CheckForm without 主营业务 = %v", fe)
	}

	// Term above twelve months: 12 no, 13 yes.
	d.Groups[5].Relevant = "TermMonths > 12 or LoansWithUs = true"
	for _, c := range []struct {
		term  int
		loans bool
		asked bool
	}{{12, false, false}, {13, false, true}, {11, true, true}} {
		s.TermMonths, s.LoansWithUs = c.term, c.loans
		if got := d.Relevant(s)["PledgeValue"]; got != c.asked {
			t.Errorf("term %d loans %v: asked = %v", c.term, c.loans, got)
		}
	}

	// The same words in Chinese: 包含 (has), 且 (and), 或 (or), 是/否.
	d.Groups[5].Relevant = "Collateral 包含 房产、土地抵押 且 LoansWithUs = 否 或 TermMonths >= 360"
	if err := d.Check(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		collateral []Collateral
		loans      bool
		term       int
		asked      bool
	}{
		{[]Collateral{CollateralProperty}, false, 12, true},
		{[]Collateral{CollateralProperty}, true, 12, false},
		{[]Collateral{CollateralIP}, true, 359, false},
		{[]Collateral{CollateralIP}, true, 360, true},
	} {
		s.Collateral, s.LoansWithUs, s.TermMonths = c.collateral, c.loans, c.term
		if got := d.Relevant(s)["PledgeValue"]; got != c.asked {
			t.Errorf("%v loans %v term %d: asked = %v", c.collateral, c.loans, c.term, got)
		}
	}
}

func TestFormDefinitionMigrateV1ToV2(t *testing.T) {
	s := valid()
	s.Urgency = UrgencyLow
	s.PurposeNote = "技术改造"
	out, dropped := Migrate(s, V1(), v2())
	if !slices.Equal(dropped, []string{"主营业务", "紧急程度"}) {
		t.Fatalf("dropped = %v", dropped)
	}
	if out.FormVersion != 2 || out.MainBusiness != "" || out.Urgency != "" {
		t.Fatalf("migrated = %+v", out)
	}
	if out.Name != s.Name || out.PurposeNote != "技术改造" || out.Revenue != s.Revenue || !slices.Equal(out.Collateral, s.Collateral) {
		t.Fatalf("carried = %+v", out)
	}
	if s.MainBusiness == "" {
		t.Fatal("Migrate changed its argument")
	}
	// Back to V1 the extra answers do not fit and are dropped.
	out.Extra = map[string]string{"PledgeValue": "150000000"}
	back, dropped := Migrate(out, v2(), V1())
	if !slices.Equal(dropped, []string{"抵押物评估价值"}) || len(back.Extra) != 0 || back.FormVersion != 1 {
		t.Fatalf("v2→v1 = %v, %+v", dropped, back)
	}
}

func TestFormDefinitionValues(t *testing.T) {
	d := V1()
	s := valid()
	for key, want := range map[string]string{
		"Name": s.Name, "Revenue": "500000000", "Employees": "50", "LoansWithUs": "",
		"Consent": "true", "Collateral": "property,guarantee", "Ownership": "private",
	} {
		f, _ := d.Field(key)
		if got := Value(s, f); got != want {
			t.Errorf("Value(%s) = %q, want %q", key, got, want)
		}
		var back Survey
		if err := SetValue(&back, f, want); err != nil || Value(back, f) != want {
			t.Errorf("SetValue(%s, %q) = %v, reads %q", key, want, err, Value(back, f))
		}
	}
	for key, want := range map[string]string{
		"Revenue": "¥5,000,000.00", "Liabilities": "¥1,200,000.00", "LoansWithUsAmount": "", "Consent": "是", "LoansWithUs": "否",
		"Collateral": "房产、土地抵押；保证担保", "Ownership": "民营", "TaxGrade": "B级", "Employees": "50",
	} {
		f, _ := d.Field(key)
		if got := Text(s, f); got != want {
			t.Errorf("Text(%s) = %q, want %q", key, got, want)
		}
	}
	own, _ := d.Field("Ownership")
	if err := SetValue(&s, own, "民营"); err == nil || err.Error() != "请选择企业性质" {
		t.Errorf("SetValue(unknown choice) = %v", err)
	}
	rev, _ := d.Field("Revenue")
	if err := SetValue(&s, rev, "12.5"); err == nil || s.Revenue != 500*1_000_000 {
		t.Errorf("SetValue(not fen) = %v, revenue %d", err, s.Revenue)
	}
}

// FuzzParseDefinition: a definition from outside never panics the parser,
// and one it accepts can be evaluated on any survey.
func FuzzParseDefinition(f *testing.F) {
	for _, d := range []Definition{V1(), v2()} {
		data, _ := json.Marshal(d)
		f.Add(data)
	}
	f.Add([]byte(`{"version":2,"groups":[{"name":"甲","relevant":"Name = 1 或","fields":[]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseDefinition(data)
		if err != nil {
			return
		}
		s := valid()
		rel := d.Relevant(s)
		_ = d.Clear(s)
		for _, fd := range d.Fields() {
			if _, ok := rel[fd.Key]; !ok {
				t.Fatalf("no relevance for %s", fd.Key)
			}
		}
	})
}

// FuzzCondition: any text as a condition is refused or evaluates.
func FuzzCondition(f *testing.F) {
	for _, s := range []string{"Collateral has property", "LoansWithUs = 是 且 TermMonths > 12", "Revenue >= 1,000.01 or Section = F", "Name", "or or or"} {
		f.Add(s)
	}
	fields := map[string]FieldDef{}
	for _, fd := range V1().Fields() {
		fields[fd.Key] = fd
	}
	s := valid()
	f.Fuzz(func(t *testing.T, expr string) {
		c, err := parseCondition(expr, fields)
		if err != nil {
			return
		}
		c.holds(func(k string) string { return Value(s, fields[k]) })
	})
}

// An ordered comparison with an empty answer is false: a field that is not
// asked, or not answered, is neither below nor above a figure or a date.
// 低值说明 is asked when 抵押物评估价值 (asked only with 房产、土地抵押) is
// under ¥500,000.00: empty, one fen below, exactly at and one fen above.
func TestFormDefinitionOrderedConditionOnEmpty(t *testing.T) {
	d := v2()
	d.Groups = append(d.Groups, GroupDef{Name: "低值说明", Fields: []FieldDef{
		{Key: "LowNote", Label: "低值原因", Type: TypeText, Required: true, Relevant: "PledgeValue < 500000"},
		{Key: "VisitDate", Label: "回访日期", Type: TypeDate},
		{Key: "Why", Label: "早期原因", Type: TypeText, Required: true, Relevant: "VisitDate < 2020-01-01"},
	}})
	if err := d.Check(); err != nil {
		t.Fatal(err)
	}
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	noPledge := valid()
	noPledge.FormVersion = 2
	noPledge.Collateral = []Collateral{CollateralGuarantee}
	noPledge.MainBusiness = ""
	rel := d.Relevant(noPledge)
	if rel["PledgeValue"] || rel["LowNote"] || rel["Why"] {
		t.Fatalf("asked with the figures empty: PledgeValue %v LowNote %v Why %v", rel["PledgeValue"], rel["LowNote"], rel["Why"])
	}
	if fe := v.CheckForm(d, noPledge); fe["LowNote"] != "" || fe["Why"] != "" {
		t.Errorf("CheckForm demands what is not asked: %v", fe)
	}
	for _, c := range []struct {
		fen  string
		want bool
	}{{"", false}, {"49999999", true}, {"50000000", false}, {"50000001", false}} {
		s := noPledge
		s.Collateral = []Collateral{CollateralProperty}
		s.Extra = map[string]string{}
		if c.fen != "" {
			s.Extra["PledgeValue"] = c.fen
		}
		if got := d.Relevant(s)["LowNote"]; got != c.want {
			t.Errorf("PledgeValue %q: LowNote asked = %v, want %v", c.fen, got, c.want)
		}
	}
	for date, want := range map[string]bool{"": false, "2019-12-31": true, "2020-01-01": false, "2020-01-02": false} {
		s := noPledge
		s.Extra = map[string]string{}
		if date != "" {
			s.Extra["VisitDate"] = date
		}
		if got := d.Relevant(s)["Why"]; got != want {
			t.Errorf("VisitDate %q: Why asked = %v, want %v", date, got, want)
		}
	}
}

// A figure head office adds is answered 0 as well as any other figure:
// only "" is no answer. V1's own figures keep reading 0 as none.
func TestFormDefinitionExtraZeroAnswers(t *testing.T) {
	d := v2()
	d.Groups[2].Fields = append(d.Groups[2].Fields, FieldDef{Key: "OverdueTimes", Label: "近两年逾期次数", Type: TypeInteger, Required: true})
	if err := d.Check(); err != nil {
		t.Fatal(err)
	}
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	s := valid()
	s.FormVersion = 2
	s.MainBusiness = ""
	s.Collateral = []Collateral{CollateralGuarantee}
	if fe := v.CheckForm(d, s); fe["OverdueTimes"] == "" {
		t.Errorf("no answer accepted for a required count: %v", fe)
	}
	fd, _ := d.Field("OverdueTimes")
	if err := SetValue(&s, fd, "0"); err != nil {
		t.Fatal(err)
	}
	if Value(s, fd) != "0" || Text(s, fd) != "0" {
		t.Fatalf("answer 0 stored as %q, read as %q", Value(s, fd), Text(s, fd))
	}
	if fe := v.CheckForm(d, s); fe != nil {
		t.Errorf("answer 0 to a required count refused: %v", fe)
	}
	if fd.Bound() {
		t.Error("an added field reported bound")
	}
	if emp, _ := d.Field("Employees"); !emp.Bound() {
		t.Error("Employees not bound")
	}
}

// Moving a draft to a form that no longer asks one of its answers drops
// it then and names it, rather than keeping it until the next save clears
// it without a word.
func TestFormDefinitionUpgradeDropsUnasked(t *testing.T) {
	to := V1()
	to.Version = 2
	for gi := range to.Groups {
		for fi := range to.Groups[gi].Fields {
			if f := &to.Groups[gi].Fields[fi]; f.Key == "LoansWithUsAmount" {
				f.Relevant = "LoansWithUs = 是"
			}
		}
	}
	if err := to.Check(); err != nil {
		t.Fatal(err)
	}
	rec := Record{Status: Draft, Survey: Survey{Name: "甲公司", LoansWithUsAmount: 100}}
	out, dropped, err := Upgrade(rec, V1(), to)
	if err != nil {
		t.Fatal(err)
	}
	if out.Survey.LoansWithUsAmount != 0 || !slices.Equal(dropped, []string{"在我行贷款余额"}) {
		t.Errorf("upgraded: balance %d, dropped %v", out.Survey.LoansWithUsAmount, dropped)
	}
	if out.Survey.Name != "甲公司" || out.Survey.FormVersion != 2 {
		t.Errorf("carried over: %+v", out.Survey)
	}
	// Asked still when the box is ticked: carried over.
	rec.Survey.LoansWithUs = true
	if out, dropped, _ := Upgrade(rec, V1(), to); out.Survey.LoansWithUsAmount != 100 || len(dropped) != 0 {
		t.Errorf("ticked: balance %d, dropped %v", out.Survey.LoansWithUsAmount, dropped)
	}
}

// A version issued once is the same ever after, wherever it is issued.
func TestFormDefinitionSameIssue(t *testing.T) {
	if err := SameIssue(v2(), v2()); err != nil {
		t.Errorf("same content refused: %v", err)
	}
	other := v2()
	other.Groups[0].Name = "企业基本情况（新）"
	err := SameIssue(v2(), other)
	if err == nil || !strings.Contains(err.Error(), "调查表单 v2 已下发过且内容不同") {
		t.Errorf("other content: %v", err)
	}
}

// Conditions that parse never hold an empty conjunction, and evaluate on
// empty answers without failing.
func FuzzFormDefinitionCondition(f *testing.F) {
	for _, s := range []string{"Collateral has property", "TermMonths > 12 and Revenue >= 1.5 or Consent = 是", "SurveyDate < 2024-01-01", "a", "Name = x 且", "Name = 无 or"} {
		f.Add(s)
	}
	fields := map[string]FieldDef{}
	for _, fd := range V1().Fields() {
		fields[fd.Key] = fd
	}
	f.Fuzz(func(t *testing.T, expr string) {
		c, err := parseCondition(expr, fields)
		if err != nil || len(strings.Fields(expr)) == 0 {
			return
		}
		for _, all := range c.any {
			if len(all) == 0 {
				t.Fatalf("empty conjunction accepted: %q", expr)
			}
		}
		c.holds(func(string) string { return "" })
	})
}

// Head office's form carries its own words in English: each is found by
// the Chinese as written, what the form does not translate has none, and
// a form without translations is written as before (no key), so versions
// issued before read the same.
func TestFormDefinitionTranslations(t *testing.T) {
	d := v2()
	d.Translations = map[string]map[string]string{"en": {
		"抵押物情况": "Pledged property", "抵押物评估价值": "Appraised value", "评估机构": "Appraiser",
	}}
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseDefinition(data)
	if err != nil {
		t.Fatalf("ParseDefinition = %v", err)
	}
	for s, want := range map[string]string{"抵押物情况": "Pledged property", "评估机构": "Appraiser"} {
		if got, ok := back.Say("en", s); !ok || got != want {
			t.Errorf("Say(en, %s) = %q, %v; want %q", s, got, ok, want)
		}
	}
	if got, ok := back.Say("en", "抵押人身份证号码"); ok {
		t.Errorf("Say of a word without a translation = %q, true", got)
	}
	if got, ok := back.Say("zh-Hans", "评估机构"); ok {
		t.Errorf("Say in Chinese = %q, true; Chinese is the word itself", got)
	}
	plain, _ := json.Marshal(v2())
	if strings.Contains(string(plain), "translations") {
		t.Errorf("a form without translations writes the key: %s", plain)
	}
	texts := v2().Texts()
	for _, w := range []string{"抵押物情况", "抵押物评估价值", "企业名称", "紧急", "用途为“其他”时必填"} {
		if !slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, w) }) {
			t.Errorf("Texts() lacks %s", w)
		}
	}
	if err := SameIssue(v2(), back); err == nil {
		t.Error("a version issued before, sent again with translations: accepted; a new version is needed")
	}
}
