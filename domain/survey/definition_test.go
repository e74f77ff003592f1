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
