package survey

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	zhlocale "github.com/go-playground/locales/zh"
	ut "github.com/go-playground/universal-translator"
	"github.com/go-playground/validator/v10"
	zhtrans "github.com/go-playground/validator/v10/translations/zh"

	"branchdesk/domain/enterprise"
)

// FieldErrors maps the Go name of each Survey field that fails a check to
// the Chinese message to show next to it, e.g. "Name" → "企业名称为必填字段".
// A field has at most one message: the first rule it breaks. An empty map
// means the survey is complete and correct.
//
// FieldErrors is an error so that Finalize can wrap it; errors.As gets it
// back.
type FieldErrors map[string]string

// Error joins the messages in the form's order with "；".
func (fe FieldErrors) Error() string {
	msgs := make([]string, 0, len(fe))
	for _, f := range fe.Fields() {
		msgs = append(msgs, fe[f])
	}
	return strings.Join(msgs, "；")
}

// Fields returns the names of the failing fields in the form's order; a
// name the form does not know comes last.
func (fe FieldErrors) Fields() []string {
	order := formOrder()
	fs := make([]string, 0, len(fe))
	for f := range fe {
		fs = append(fs, f)
	}
	slices.SortFunc(fs, func(a, b string) int {
		oa, ka := order[a]
		ob, kb := order[b]
		switch {
		case ka && kb:
			return oa - ob
		case ka != kb:
			if ka {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return fs
}

// Validator checks surveys with go-playground/validator, its Chinese
// translations, and this package's own rules:
//
//	creditcode  unified social credit code (RULES §7); a failing check
//	            character passes here and is judged with the override
//	            reason at struct level (tag creditcheck)
//	residentid  resident ID number: check character and birth date, which
//	            may not be after today
//	mobile      mainland mobile number, +86/0086 allowed
//	ymd         a real date written YYYY-MM-DD
//	notfuture   a date not after today
//	amount      an amount in fen, not negative
//	notneg      a count, not negative
//	section     a GB/T 4754-2017 section letter A–T
//	division    an industry code that agrees with the section and is
//	            precise enough to classify the size
//	ownership, purpose, urgency, collateral   one of the form's choices
//	consent     the enterprise has agreed (must be ticked)
//
// ymd and notfuture pass an empty string: "required" says it is missing.
// Build one with NewValidator and share it; it is safe for concurrent use.
type Validator struct {
	validate *validator.Validate
	trans    ut.Translator
	now      func() time.Time
	// why gives, for the rules that have one, the precise reason a value
	// fails.
	why map[string]func(string) error
	// forms finds the definition of a form version, for Check.
	forms func(version int) (Definition, bool)
}

// Option configures a Validator.
type Option func(*Validator)

// WithClock makes the Validator read today's date from now, for birth
// dates in ID numbers and dates that may not be in the future. The default
// is time.Now.
func WithClock(now func() time.Time) Option {
	return func(v *Validator) {
		if now != nil {
			v.now = now
		}
	}
}

// WithForms makes Check judge a survey by the definition of the form
// version it was started on, as forms finds it; a version forms does not
// know is judged as V1.
func WithForms(forms func(version int) (Definition, bool)) Option {
	return func(v *Validator) { v.forms = forms }
}

// NewValidator builds a Validator with the Chinese translations and the
// package's rules registered. It fails only if the validator library
// refuses a registration, which is a programming error.
func NewValidator(opts ...Option) (*Validator, error) {
	zh := zhlocale.New()
	trans, _ := ut.New(zh, zh).GetTranslator("zh")
	v := &Validator{validate: validator.New(), trans: trans, now: time.Now, why: map[string]func(string) error{}}
	for _, o := range opts {
		o(v)
	}
	v.validate.RegisterTagNameFunc(func(f reflect.StructField) string {
		if l := f.Tag.Get("label"); l != "" {
			return l
		}
		return f.Name
	})
	if err := zhtrans.RegisterDefaultTranslations(v.validate, trans); err != nil {
		return nil, fmt.Errorf("survey: unable to register Chinese translations: %w", err)
	}
	v.validate.RegisterStructValidation(v.crossFields, Survey{})

	str := func(fl validator.FieldLevel) string { return fl.Field().String() }
	rules := []struct {
		tag  string
		fn   validator.Func
		text string
		// why, if set, gives the precise reason for the field's value.
		why func(value string) error
	}{
		{"creditcode", func(fl validator.FieldLevel) bool {
			err := enterprise.CheckCreditCode(str(fl))
			return err == nil || enterprise.IsOverridable(err)
		}, "{0}不正确", func(s string) error { return enterprise.CheckCreditCode(s) }},
		{"creditcheck", nil,
			"统一社会信用代码校验位不符，请与营业执照核对；确认无误的，请填写" + Label("CodeOverrideReason"), nil},
		{"residentid", func(fl validator.FieldLevel) bool {
			return enterprise.CheckResidentID(str(fl), v.now()) == nil
		}, "{0}不正确", func(s string) error { return enterprise.CheckResidentID(s, v.now()) }},
		{"mobile", func(fl validator.FieldLevel) bool {
			_, err := enterprise.NormalizeMobile(str(fl))
			return err == nil
		}, "{0}应为11位手机号码，以1开头、第二位为3至9，可带+86或0086", nil},
		{"ymd", func(fl validator.FieldLevel) bool {
			_, err := time.Parse(time.DateOnly, str(fl))
			return str(fl) == "" || err == nil
		}, "{0}应为有效日期，格式如2024-03-15", nil},
		{"notfuture", func(fl validator.FieldLevel) bool {
			_, err := time.Parse(time.DateOnly, str(fl))
			return err != nil || str(fl) <= v.now().Format(time.DateOnly)
		}, "{0}不能晚于今天", nil},
		{"amount", nonNegative, "{0}不能为负数", nil},
		{"notneg", nonNegative, "{0}不能为负数", nil},
		{"section", func(fl validator.FieldLevel) bool { return isSection(str(fl)) },
			"请选择{0}（A至T）", nil},
		{"division", func(fl validator.FieldLevel) bool {
			section := fl.Parent().FieldByName("Section").String()
			if !isSection(section) {
				return true // the section's own message comes first
			}
			return enterprise.IndustryFor(section, str(fl)) != enterprise.Unspecified
		}, "{0}与行业门类不符或不够具体：F、G、I门类须填两位大类代码，K门类须填三位中类代码", nil},
		{"ownership", oneOf(Ownerships()), "请选择{0}", nil},
		{"purpose", oneOf(Purposes()), "请选择{0}", nil},
		{"urgency", oneOf(Urgencies()), "请选择{0}", nil},
		{"overdue", oneOf(Overdues()), "请选择{0}", nil},
		{"operating", oneOf(Operatings()), "请选择{0}", nil},
		{"collateral", func(fl validator.FieldLevel) bool {
			cs, ok := fl.Field().Interface().([]Collateral)
			if !ok {
				return false
			}
			for i, c := range cs {
				if !slices.Contains(Collaterals(), c) || slices.Contains(cs[:i], c) {
					return false
				}
			}
			return true
		}, "{0}含有未知或重复的选项", nil},
		{"consent", func(fl validator.FieldLevel) bool {
			return fl.Field().Kind() == reflect.Bool && fl.Field().Bool()
		}, "须经企业同意{0}后方可定稿", nil},
	}
	for _, r := range rules {
		if r.why != nil {
			v.why[r.tag] = r.why
		}
		if r.fn != nil {
			if err := v.validate.RegisterValidation(r.tag, r.fn); err != nil {
				return nil, fmt.Errorf("survey: unable to register rule %s: %w", r.tag, err)
			}
		}
		if err := v.validate.RegisterTranslation(r.tag, trans,
			func(t ut.Translator) error { return t.Add(r.tag, r.text, true) },
			func(t ut.Translator, fe validator.FieldError) string {
				if s, ok := fe.Value().(string); ok && r.why != nil {
					if err := r.why(s); err != nil {
						return err.Error()
					}
				}
				msg, err := t.T(r.tag, fe.Field())
				if err != nil {
					return fe.Error()
				}
				return msg
			}); err != nil {
			return nil, fmt.Errorf("survey: unable to register message for %s: %w", r.tag, err)
		}
	}
	return v, nil
}

// nonNegative accepts an integer (a count, or fen) that is zero or more.
func nonNegative(fl validator.FieldLevel) bool {
	switch fl.Field().Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return fl.Field().Int() >= 0
	}
	return false
}

// isSection reports whether s is a section letter of GB/T 4754-2017.
func isSection(s string) bool {
	return slices.ContainsFunc(enterprise.Sections(), func(sec enterprise.Section) bool {
		return sec.Code == s
	})
}

// oneOf accepts one of choices.
func oneOf[T ~string](choices []T) validator.Func {
	return func(fl validator.FieldLevel) bool {
		return slices.Contains(choices, T(fl.Field().String()))
	}
}

// crossFields holds the rules that need two fields at once.
func (v *Validator) crossFields(sl validator.StructLevel) {
	s, ok := sl.Current().Interface().(Survey)
	if !ok {
		return
	}
	// RULES §7: a failing check character is a warning that an officer may
	// override with a reason; any other failure is the field's own error.
	if err := enterprise.CheckCreditCode(s.CreditCode); enterprise.IsOverridable(err) && s.CodeOverrideReason == "" {
		sl.ReportError(s.CreditCode, Label("CreditCode"), "CreditCode", "creditcheck", "")
	}
	if s.Has(CollateralOther) && s.CollateralNote == "" {
		sl.ReportError(s.CollateralNote, Label("CollateralNote"), "CollateralNote", "required", "")
	}
}

// Check checks the whole survey, after Normalize, against the form it was
// started on (V1 unless a definition is given with WithForms) and returns
// a message for each field that breaks a rule; nil when there is none.
// Consent counts: a survey without it cannot be finalized.
func (v *Validator) Check(s Survey) FieldErrors {
	if s.FormVersion > 1 && v.forms != nil {
		if d, ok := v.forms(s.FormVersion); ok {
			return v.CheckForm(d, s)
		}
	}
	return v.checkStruct(Normalize(s))
}

// checkStruct runs the struct's rules on a normalized survey.
func (v *Validator) checkStruct(s Survey) FieldErrors {
	fe := FieldErrors{}
	for f, e := range v.failures(s) {
		fe[f] = e.Translate(v.trans)
	}
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// failures are the first rule each field of s breaks, by Go name.
func (v *Validator) failures(s Survey) map[string]validator.FieldError {
	err := v.validate.Struct(s)
	out := map[string]validator.FieldError{}
	var ves validator.ValidationErrors
	if errors.As(err, &ves) {
		for _, e := range ves {
			if _, dup := out[e.StructField()]; !dup {
				out[e.StructField()] = e
			}
		}
	}
	return out
}

// named returns the message of the named check tag for value in a field
// labelled label; "" when it passes.
func (v *Validator) named(tag, label, value string) string {
	if v.validate.Var(value, tag) == nil {
		return ""
	}
	if why := v.why[tag]; why != nil {
		if err := why(value); err != nil {
			return err.Error()
		}
	}
	msg, err := v.trans.T(tag, label)
	if err != nil {
		return label + "不正确"
	}
	return msg
}

// CheckField returns the message for one field, by its Go name, as it is
// typed; "" when the field is correct or unknown. Rules that involve two
// fields (the override reason, loans and their amounts, "other") use the
// rest of s, so the whole survey is passed.
func (v *Validator) CheckField(s Survey, field string) string {
	return v.Check(s)[field]
}
