package survey

import (
	"errors"
	"maps"
	"reflect"
	"slices"
	"testing"

	zhlocale "github.com/go-playground/locales/zh"
	ut "github.com/go-playground/universal-translator"
	"github.com/go-playground/validator/v10"
	zhtrans "github.com/go-playground/validator/v10/translations/zh"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/msg"
)

// TestFieldMessagesKeepTheLabelApart: each failing field's message is a
// format with the field's label (and a rule's parameter) a figure apart,
// reading as Check's Chinese; a precise reason keeps the domain's own
// error; Finalize's refusal carries them and still gives the FieldErrors.
func TestFieldMessagesKeepTheLabelApart(t *testing.T) {
	v := newValidator(t)
	s := valid()
	s.Name, s.RegisteredOn, s.ContactMobile, s.TermMonths, s.TaxGrade = "", "2024-02-30", "12812345678", 361, "E"
	s.CreditCode, s.Collateral = "91350100M000100Y4", []Collateral{}
	m := v.Messages(s)
	if !maps.Equal(m.Chinese(), v.Check(s)) {
		t.Fatalf("messages %v read otherwise than Check %v", m.Chinese(), v.Check(s))
	}
	want := map[string]msg.Text{
		"Name":          msg.Sprintf("%s为必填字段", "企业名称"),
		"RegisteredOn":  msg.Sprintf("%s应为有效日期，格式如2024-03-15", "成立日期"),
		"ContactMobile": msg.Sprintf("%s应为11位手机号码，以1开头、第二位为3至9，可带+86或0086", "联系人手机号码"),
		"TermMonths":    msg.Sprintf("%s必须小于或等于%s", "融资期限（月）", msg.Verbatim("360")),
		"TaxGrade":      msg.Sprintf("%s必须是[%s]中的一个", "纳税信用等级", msg.Verbatim("A B C D M")),
		"Collateral":    msg.Sprintf("%s必须至少包含%s项", "担保方式", msg.Verbatim("1")),
	}
	for f, w := range want {
		if !reflect.DeepEqual(m[f], w) {
			t.Errorf("%s: %#v, want %#v", f, m[f], w)
		}
	}
	code := m["CreditCode"]
	if err, ok := code.Args[0].(error); code.Format != "%v" || !ok || !errors.Is(err, enterprise.ErrCreditCodeLength) ||
		code.String() != "统一社会信用代码应为18位（现为17位）" {
		t.Errorf("credit code %#v", code)
	}
	if got, want := m.Fields(), v.Check(s).Fields(); !slices.Equal(got, want) {
		t.Errorf("fields %v, want %v", got, want)
	}

	rec, _ := New("s1", "2001", today)
	rec, _ = Edit(rec, s)
	_, err := Finalize(rec, v, today)
	var c msg.Carrier
	var fe FieldErrors
	if !errors.Is(err, ErrInvalid) || !errors.As(err, &fe) || !maps.Equal(fe, v.Check(s)) {
		t.Fatalf("Finalize = %v; FieldErrors %v", err, fe)
	}
	if !errors.As(err, &c) || c.Message().Args[1].(Messages).Message().String() != fe.Error() {
		t.Errorf("the refusal's messages %#v", c)
	}
}

// TestEveryRuleHasItsMessage: every rule of the survey's struct tags is
// one of the package's own, with its message, or one of the library's
// that say words; none falls to the bare "不正确".
func TestEveryRuleHasItsMessage(t *testing.T) {
	v := newValidator(t)
	st := reflect.TypeFor[Survey]()
	for i := range st.NumField() {
		for _, r := range tagRules(st.Field(i)) {
			if r == "" {
				continue
			}
			if _, own := v.says[r]; !own && !slices.Contains(builtinRules, r) {
				t.Errorf("%s: rule %q has no message", st.Field(i).Name, r)
			}
		}
	}
	for _, r := range builtinRules {
		if r != "omitempty" && v.say(r, "企业名称", reflect.Int, "1").Format == "%s不正确" {
			t.Errorf("rule %q says only 不正确", r)
		}
	}
}

// TestBuiltinMessagesAreTheLibrarysChinese: the messages of the validator
// library's own rules are its translations/zh texts, word for word, for a
// text, a list and a figure: the package writes them as formats (the
// label apart, for a screen in English), and this keeps them the
// library's Chinese.
func TestBuiltinMessagesAreTheLibrarysChinese(t *testing.T) {
	type probe struct {
		Text    string   `label:"企业名称" validate:"required,min=3"`
		Long    string   `label:"经营地址" validate:"max=2"`
		List    []string `label:"担保方式" validate:"min=1"`
		Many    []string `label:"附件" validate:"max=1"`
		Low     int      `label:"从业人员" validate:"min=1"`
		High    int      `label:"融资期限（月）" validate:"max=360"`
		Grade   string   `label:"纳税信用等级" validate:"oneof=A B C D M"`
		Flag    bool
		IfFlag  string `label:"在我行贷款余额" validate:"required_if=Flag true"`
		Shorter string `label:"主营业务" validate:"min=3"`
	}
	zh := zhlocale.New()
	trans, _ := ut.New(zh, zh).GetTranslator("zh")
	lib := validator.New()
	lib.RegisterTagNameFunc(func(f reflect.StructField) string { return f.Tag.Get("label") })
	if err := zhtrans.RegisterDefaultTranslations(lib, trans); err != nil {
		t.Fatal(err)
	}
	v := newValidator(t)
	cases := []probe{
		{Long: "一二三", Many: []string{"a", "b"}, Low: 0, High: 361, Grade: "E", Flag: true, Shorter: "一"},
		{Text: "一", Low: 1, High: 360, Grade: "A", List: []string{"a"}, Shorter: "一二三"},
	}
	seen := map[string]bool{}
	for _, p := range cases {
		var errs validator.ValidationErrors
		if !errors.As(lib.Struct(p), &errs) {
			t.Fatalf("%+v passes", p)
		}
		for _, e := range errs {
			seen[e.Tag()] = true
			want := e.Translate(trans)
			if got := v.say(e.Tag(), e.Field(), e.Kind(), e.Param()).String(); got != want {
				t.Errorf("%s %s: says %q, the library %q", e.Field(), e.Tag(), got, want)
			}
		}
	}
	for _, r := range builtinRules {
		if r != "omitempty" && !seen[r] {
			t.Errorf("rule %s not compared with the library", r)
		}
	}
}
