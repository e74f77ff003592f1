package survey

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
)

// today is the clock of every test: 15 June 2025, mid-morning in Beijing.
var today = time.Date(2025, 6, 15, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func newValidator(t testing.TB) *Validator {
	t.Helper()
	v, err := NewValidator(WithClock(func() time.Time { return today }))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// valid returns a complete, correct survey. The credit code is the worked
// example of RULES §7; the ID number is the example of GB 11643-1999.
func valid() Survey {
	return Survey{
		Name:          "虎林市兴农农机销售有限公司",
		CreditCode:    "91350100M000100Y43",
		RegisteredOn:  "2016-04-08",
		LegalRep:      "张三",
		LegalRepID:    "11010519491231002X",
		Address:       "虎林市虎林镇民主街88号",
		Section:       "F",
		Division:      "52",
		MainBusiness:  "农机销售及维修",
		Ownership:     OwnershipPrivate,
		Employees:     50,
		Revenue:       500 * 1_000_000, // 500万元
		Assets:        300 * 1_000_000,
		Liabilities:   120 * 1_000_000,
		TaxGrade:      TaxB,
		AmountSought:  200 * 1_000_000,
		Purpose:       PurposeWorkingCapital,
		TermMonths:    12,
		Urgency:       UrgencyMedium,
		Collateral:    []Collateral{CollateralProperty, CollateralGuarantee},
		Contact:       "李四",
		ContactMobile: "13812345678",
		Consent:       true,
		OfficerID:     "2001",
		SurveyDate:    "2025-06-15",
	}
}

func TestValidSurveyPasses(t *testing.T) {
	if fe := newValidator(t).Check(valid()); fe != nil {
		t.Fatalf("Check(valid) = %v", fe)
	}
}

// Each case breaks one rule; the survey must then fail on exactly that
// field, with exactly that Chinese message.
func TestCheckMessages(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Survey)
		field  string
		want   string // "" means the change is accepted
	}{
		// Required fields (validator/v10 zh translation, labelled).
		{"name missing", func(s *Survey) { s.Name = "" }, "Name", "企业名称为必填字段"},
		{"name blank", func(s *Survey) { s.Name = " \u3000 " }, "Name", "企业名称为必填字段"},
		{"address missing", func(s *Survey) { s.Address = "" }, "Address", "经营地址为必填字段"},
		{"officer missing", func(s *Survey) { s.OfficerID = "" }, "OfficerID", "调查人为必填字段"},
		{"contact missing", func(s *Survey) { s.Contact = "" }, "Contact", "联系人为必填字段"},

		// RULES §7: unified social credit code.
		{"code missing", func(s *Survey) { s.CreditCode = "" }, "CreditCode", "统一社会信用代码为必填字段"},
		{"code short", func(s *Survey) { s.CreditCode = "91350100M000100Y4" }, "CreditCode",
			"统一社会信用代码应为18位（现为17位）"},
		{"code letter O", func(s *Survey) { s.CreditCode = "91350100MO00100Y43" }, "CreditCode",
			"统一社会信用代码含有无效字符（不使用I、O、Z、S、V）：第10位“O”"},
		{"code check char", func(s *Survey) { s.CreditCode = "91350100M000100Y44" }, "CreditCode",
			"统一社会信用代码校验位不符，请与营业执照核对；确认无误的，请填写校验位存疑说明"},
		{"code check char, blank reason", func(s *Survey) {
			s.CreditCode, s.CodeOverrideReason = "91350100M000100Y44", "  "
		}, "CreditCode", "统一社会信用代码校验位不符，请与营业执照核对；确认无误的，请填写校验位存疑说明"},
		// RULES §7: "a failure … an officer can override with a reason".
		{"code check char, overridden", func(s *Survey) {
			s.CreditCode, s.CodeOverrideReason = "91350100M000100Y44", "已核对营业执照原件，系早期试点代码"
		}, "CreditCode", ""},
		// Only the check character may be overridden.
		{"reason does not excuse length", func(s *Survey) {
			s.CreditCode, s.CodeOverrideReason = "91350100M000100Y", "已核对"
		}, "CreditCode", "统一社会信用代码应为18位（现为16位）"},
		{"code typed full-width lower case", func(s *Survey) { s.CreditCode = " ９１３５０１００ｍ０００１００ｙ４３ " }, "CreditCode", ""},

		// RULES §7: resident ID number, check character and birth date.
		{"ID check char", func(s *Survey) { s.LegalRepID = "110105194912310021" }, "LegalRepID",
			"身份证号码校验位不符，请核对"},
		{"ID birth date not a date", func(s *Survey) { s.LegalRepID = "110105194913310025" }, "LegalRepID",
			"身份证号码中的出生日期无效（19491331）"},
		{"ID born tomorrow", func(s *Survey) { s.LegalRepID = "110105202506160011" }, "LegalRepID",
			"身份证号码中的出生日期无效（2025-06-16晚于今天）"},
		{"ID 15 digits", func(s *Survey) { s.LegalRepID = "110105491231002" }, "LegalRepID",
			"身份证号码应为18位（现为15位）"},
		{"ID lower-case x", func(s *Survey) { s.LegalRepID = "11010519491231002x" }, "LegalRepID", ""},

		// RULES §7: mobile.
		{"mobile second digit 2", func(s *Survey) { s.ContactMobile = "12812345678" }, "ContactMobile",
			"联系人手机号码应为11位手机号码，以1开头、第二位为3至9，可带+86或0086"},
		{"mobile 10 digits", func(s *Survey) { s.ContactMobile = "1381234567" }, "ContactMobile",
			"联系人手机号码应为11位手机号码，以1开头、第二位为3至9，可带+86或0086"},
		{"mobile with +86", func(s *Survey) { s.ContactMobile = "+86 138-1234-5678" }, "ContactMobile", ""},

		// Dates.
		{"date 30 February", func(s *Survey) { s.RegisteredOn = "2024-02-30" }, "RegisteredOn",
			"成立日期应为有效日期，格式如2024-03-15"},
		{"date with slashes", func(s *Survey) { s.RegisteredOn = "2024/03/15" }, "RegisteredOn",
			"成立日期应为有效日期，格式如2024-03-15"},
		{"date tomorrow", func(s *Survey) { s.RegisteredOn = "2025-06-16" }, "RegisteredOn", "成立日期不能晚于今天"},
		{"date today", func(s *Survey) { s.RegisteredOn = "2025-06-15" }, "RegisteredOn", ""},
		{"survey date tomorrow", func(s *Survey) { s.SurveyDate = "2025-06-16" }, "SurveyDate", "调查日期不能晚于今天"},
		{"survey date missing", func(s *Survey) { s.SurveyDate = "" }, "SurveyDate", "调查日期为必填字段"},

		// Counts and amounts are not negative.
		{"employees -1", func(s *Survey) { s.Employees = -1 }, "Employees", "从业人员不能为负数"},
		{"employees 0", func(s *Survey) { s.Employees = 0 }, "Employees", ""},
		{"revenue -1 fen", func(s *Survey) { s.Revenue = -1 }, "Revenue", "上年营业收入不能为负数"},
		{"assets -1 fen", func(s *Survey) { s.Assets = -1 }, "Assets", "资产总额不能为负数"},
		{"liabilities -1 fen", func(s *Survey) { s.Liabilities = -1 }, "Liabilities", "负债总额不能为负数"},
		{"amount sought 0", func(s *Survey) { s.AmountSought = 0 }, "AmountSought", "拟融资金额为必填字段"},
		{"amount sought -1 fen", func(s *Survey) { s.AmountSought = -1 }, "AmountSought", "拟融资金额不能为负数"},
		{"amount sought 1 fen", func(s *Survey) { s.AmountSought = 1 }, "AmountSought", ""},

		// Industry.
		{"section missing", func(s *Survey) { s.Section, s.Division = "", "" }, "Section", "行业门类为必填字段"},
		{"section Z", func(s *Survey) { s.Section, s.Division = "Z", "" }, "Section", "请选择行业门类（A至T）"},
		{"retail needs a division", func(s *Survey) { s.Division = "" }, "Division",
			"行业代码与行业门类不符或不够具体：F、G、I门类须填两位大类代码，K门类须填三位中类代码"},
		{"division outside section", func(s *Survey) { s.Division = "53" }, "Division",
			"行业代码与行业门类不符或不够具体：F、G、I门类须填两位大类代码，K门类须填三位中类代码"},
		{"real estate needs a group", func(s *Survey) { s.Section, s.Division = "K", "70" }, "Division",
			"行业代码与行业门类不符或不够具体：F、G、I门类须填两位大类代码，K门类须填三位中类代码"},
		{"manufacturing needs no division", func(s *Survey) { s.Section, s.Division = "C", "" }, "Division", ""},
		{"section and code in lower case", func(s *Survey) { s.Section, s.Division = "f", "f51" }, "Division", ""},

		// Choices.
		{"ownership missing", func(s *Survey) { s.Ownership = "" }, "Ownership", "企业性质为必填字段"},
		{"ownership unknown", func(s *Survey) { s.Ownership = "民营" }, "Ownership", "请选择企业性质"},
		{"tax grade E", func(s *Survey) { s.TaxGrade = "E" }, "TaxGrade", "纳税信用等级必须是[A B C D M]中的一个"},
		{"tax grade m", func(s *Survey) { s.TaxGrade = "m" }, "TaxGrade", ""},
		{"purpose unknown", func(s *Survey) { s.Purpose = "housing" }, "Purpose", "请选择融资用途"},
		{"purpose other unexplained", func(s *Survey) { s.Purpose = PurposeOther }, "PurposeNote", "用途说明为必填字段"},
		{"purpose other explained", func(s *Survey) { s.Purpose, s.PurposeNote = PurposeOther, "技术改造" }, "PurposeNote", ""},
		{"urgency missing", func(s *Survey) { s.Urgency = "" }, "Urgency", "紧急程度为必填字段"},
		{"term 0", func(s *Survey) { s.TermMonths = 0 }, "TermMonths", "融资期限（月）为必填字段"},
		{"term 361", func(s *Survey) { s.TermMonths = 361 }, "TermMonths", "融资期限（月）必须小于或等于360"},

		// Existing loans: an amount with each ticked box.
		{"loans with us, no amount", func(s *Survey) { s.LoansWithUs = true }, "LoansWithUsAmount", "在我行贷款余额为必填字段"},
		{"loans elsewhere, no amount", func(s *Survey) { s.LoansElsewhere = true }, "LoansElsewhereAmount", "在他行贷款余额为必填字段"},
		{"loans elsewhere with amount", func(s *Survey) { s.LoansElsewhere, s.LoansElsewhereAmount = true, 1 }, "LoansElsewhereAmount", ""},

		// Collateral.
		{"collateral none", func(s *Survey) { s.Collateral = nil }, "Collateral", "担保方式为必填字段"},
		{"collateral empty", func(s *Survey) { s.Collateral = []Collateral{} }, "Collateral", "担保方式必须至少包含1项"},
		{"collateral twice", func(s *Survey) { s.Collateral = []Collateral{CollateralIP, CollateralIP} }, "Collateral", "担保方式含有未知或重复的选项"},
		{"collateral unknown", func(s *Survey) { s.Collateral = []Collateral{"gold"} }, "Collateral", "担保方式含有未知或重复的选项"},
		{"collateral other undescribed", func(s *Survey) { s.Collateral = []Collateral{CollateralOther} }, "CollateralNote", "其他担保方式说明为必填字段"},
		{"collateral other described", func(s *Survey) {
			s.Collateral, s.CollateralNote = []Collateral{CollateralOther}, "林权抵押"
		}, "CollateralNote", ""},

		// Consent is required to finalize.
		{"no consent", func(s *Survey) { s.Consent = false }, "Consent", "须经企业同意信息使用授权后方可定稿"},
	}
	v := newValidator(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := valid()
			c.change(&s)
			fe := v.Check(s)
			if c.want == "" {
				if len(fe) != 0 {
					t.Fatalf("Check = %v, want no error", fe)
				}
				return
			}
			if len(fe) != 1 || fe[c.field] != c.want {
				t.Fatalf("Check = %#v\nwant only %s: %q", fe, c.field, c.want)
			}
			if got := v.CheckField(s, c.field); got != c.want {
				t.Errorf("CheckField(%s) = %q, want %q", c.field, got, c.want)
			}
		})
	}
}

func TestCodeOverridden(t *testing.T) {
	s := valid()
	s.CodeOverrideReason = "已核对"
	if CodeOverridden(s) {
		t.Error("a correct code counts as overridden")
	}
	s.CreditCode = "91350100M000100Y44"
	if !CodeOverridden(s) {
		t.Error("a failing check character with a reason is not overridden")
	}
	s.CodeOverrideReason = " "
	if CodeOverridden(s) {
		t.Error("a blank reason overrides")
	}
}

func TestCheckFieldOthersQuiet(t *testing.T) {
	v := newValidator(t)
	// A blank form, as a new draft starts: every field asks for itself, and
	// a field that is fine says nothing while others are still missing.
	s := Survey{Name: "虎林市兴农农机销售有限公司"}
	if got := v.CheckField(s, "Name"); got != "" {
		t.Errorf("CheckField(Name) = %q on a filled name", got)
	}
	if got, want := v.CheckField(s, "CreditCode"), "统一社会信用代码为必填字段"; got != want {
		t.Errorf("CheckField(CreditCode) = %q, want %q", got, want)
	}
	if got := v.CheckField(s, "NoSuchField"); got != "" {
		t.Errorf("CheckField(NoSuchField) = %q", got)
	}
}

func TestFieldErrorsInFormOrder(t *testing.T) {
	v := newValidator(t)
	s := valid()
	s.SurveyDate, s.Name, s.Employees = "", "", -3
	fe := v.Check(s)
	if got, want := fe.Fields(), []string{"Name", "Employees", "SurveyDate"}; !slices.Equal(got, want) {
		t.Errorf("Fields() = %v, want %v", got, want)
	}
	if got, want := fe.Error(), "企业名称为必填字段；从业人员不能为负数；调查日期为必填字段"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestGroupsCoverEveryFieldOnce(t *testing.T) {
	gs := Groups()
	var names []string
	for _, g := range gs {
		names = append(names, g.Name)
	}
	want := []string{"企业基本信息", "经营规模", "现有融资", "融资需求", "担保方式", "联系人及授权", "调查信息"}
	if !slices.Equal(names, want) {
		t.Fatalf("groups = %v, want %v", names, want)
	}
	seen := map[string]string{}
	for _, g := range gs {
		for _, f := range g.Fields {
			if prev, dup := seen[f.Name]; dup {
				t.Errorf("%s in %s and %s", f.Name, prev, g.Name)
			}
			seen[f.Name] = g.Name
			if f.Label == "" {
				t.Errorf("%s has no label", f.Name)
			}
			if GroupOf(f.Name) != g.Name {
				t.Errorf("GroupOf(%s) = %q, want %q", f.Name, GroupOf(f.Name), g.Name)
			}
		}
	}
	st := reflect.TypeFor[Survey]()
	formFields := 0
	for i := range st.NumField() {
		f := st.Field(i)
		if f.Tag.Get("form") == "-" {
			continue // the form's version and extra answers are no field of it
		}
		formFields++
		if seen[f.Name] == "" {
			t.Errorf("field %s is in no group", f.Name)
		}
	}
	if len(seen) != formFields {
		t.Errorf("groups name %d fields, Survey has %d", len(seen), formFields)
	}
	if g := Groups()[0]; g.Fields[0] != (Field{"Name", "企业名称"}) {
		t.Errorf("first field = %+v", g.Fields[0])
	}
}

func TestNormalize(t *testing.T) {
	s := valid()
	s.Name = "  虎林市兴农农机销售有限公司\t"
	s.CreditCode = "９１３５０１００ｍ０００１００ｙ４３"
	s.LegalRepID = " 11010519491231002x"
	s.ContactMobile = "0086 138 1234 5678"
	s.Section, s.Division = "f", "ｆ52"
	n := Normalize(s)
	want := valid()
	if !reflect.DeepEqual(n, want) {
		t.Errorf("Normalize = %+v\nwant %+v", n, want)
	}
	n.Collateral[0] = CollateralIP
	if s.Collateral[0] != CollateralProperty {
		t.Error("Normalize shares the collateral slice")
	}
}

func TestSize(t *testing.T) {
	// RULES §7, retail (F52): medium needs X ≥ 50 and Y ≥ 500万元; small
	// X ≥ 10 and Y ≥ 100万元.
	const wan = money.Amount(1_000_000)
	cases := []struct {
		employees int
		revenue   money.Amount
		want      string
	}{
		{50, 500 * wan, "中型"},
		{50, 500*wan - 1, "小型"},
		{49, 500 * wan, "小型"},
		{10, 100 * wan, "小型"},
		{9, 100 * wan, "微型"},
		{300, 20000 * wan, "大型"},
	}
	for _, c := range cases {
		s := valid()
		s.Employees, s.Revenue = c.employees, c.revenue
		got, err := Size(s, enterprise.Default())
		if err != nil || got.Title() != c.want {
			t.Errorf("Size(%d人, %v) = %s, %v; want %s", c.employees, c.revenue, got.Title(), err, c.want)
		}
	}
	s := valid()
	s.Division = ""
	if _, err := Size(s, enterprise.Default()); !errors.Is(err, enterprise.ErrSizeIndustry) {
		t.Errorf("Size without division: err = %v, want ErrSizeIndustry", err)
	}
}

// FuzzCheck feeds arbitrary text to the fields checked by this package's
// own rules: Check must not panic and must name only Survey fields.
func FuzzCheck(f *testing.F) {
	f.Add("91350100M000100Y44", "11010519491231002X", "+86 138 1234 5678", "2025-06-15", "F", "52", "reason")
	f.Add("", "", "", "", "", "", "")
	f.Add("９１３５０１００Ｍ", "x\xff", "0086", "2024-02-30", "k", "k701", " ")
	v := newValidator(f)
	f.Fuzz(func(t *testing.T, code, id, mobile, date, section, division, reason string) {
		s := valid()
		s.CreditCode, s.LegalRepID, s.ContactMobile = code, id, mobile
		s.RegisteredOn, s.Section, s.Division, s.CodeOverrideReason = date, section, division, reason
		for field, msg := range v.Check(s) {
			if Label(field) == "" || msg == "" || !strings.ContainsFunc(msg, func(r rune) bool { return r >= 0x4e00 }) {
				t.Fatalf("field %q message %q", field, msg)
			}
		}
		_, _ = Size(s, enterprise.Default())
	})
}
