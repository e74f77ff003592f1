package survey

import (
	"errors"
	"fmt"
	"iter"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/msg"
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
func (fe FieldErrors) Fields() []string { return inFormOrder(maps.Keys(fe)) }

// Messages are FieldErrors with their figures apart: each failing field's
// message is a format and its figures, the field's label one of them, so
// that a screen in another language translates the format and the label.
// Chinese is what they read as, the FieldErrors of the same check.
//
// Messages is an error, reading as its FieldErrors, which it wraps.
type Messages map[string]msg.Text

// Chinese is each field's message in Chinese; nil when there is none.
func (m Messages) Chinese() FieldErrors {
	if len(m) == 0 {
		return nil
	}
	fe := make(FieldErrors, len(m))
	for f, t := range m {
		fe[f] = t.String()
	}
	return fe
}

// Fields returns the names of the failing fields in the form's order.
func (m Messages) Fields() []string { return inFormOrder(maps.Keys(m)) }

// Error is the messages in Chinese, in the form's order.
func (m Messages) Error() string { return m.Chinese().Error() }

// Unwrap is the FieldErrors, for errors.As.
func (m Messages) Unwrap() error {
	if len(m) == 0 {
		return nil
	}
	return m.Chinese()
}

// Message is the messages in the form's order, shown together.
func (m Messages) Message() msg.Text {
	l := make(msg.List, 0, len(m))
	for _, f := range m.Fields() {
		l = append(l, m[f])
	}
	return msg.Sprintf("%s", l)
}

// inFormOrder sorts field names in the form's order; a name the form does
// not know comes last.
func inFormOrder(names iter.Seq[string]) []string {
	order := formOrder()
	fs := slices.Collect(names)
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

// Validator checks surveys with go-playground/validator and this
// package's own rules, each with its message (say):
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
	now      func() time.Time
	// says gives the message of each of the package's own rules, for a
	// field labelled label.
	says map[string]func(label string) msg.Text
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

// NewValidator builds a Validator with the package's rules and their
// messages registered. It fails only if the validator library refuses a
// registration, which is a programming error.
func NewValidator(opts ...Option) (*Validator, error) {
	v := &Validator{validate: validator.New(), now: time.Now, why: map[string]func(string) error{},
		says: map[string]func(string) msg.Text{}}
	for _, o := range opts {
		o(v)
	}
	v.validate.RegisterTagNameFunc(func(f reflect.StructField) string {
		if l := f.Tag.Get("label"); l != "" {
			return l
		}
		return f.Name
	})
	v.validate.RegisterStructValidation(v.crossFields, Survey{})

	str := func(fl validator.FieldLevel) string { return fl.Field().String() }
	wrong := func(l string) msg.Text { return msg.Sprintf("%s不正确", l) }
	negative := func(l string) msg.Text { return msg.Sprintf("%s不能为负数", l) }
	choose := func(l string) msg.Text { return msg.Sprintf("请选择%s", l) }
	rules := []struct {
		tag string
		fn  validator.Func
		say func(label string) msg.Text
		// why, if set, gives the precise reason for the field's value.
		why func(value string) error
	}{
		{"creditcode", func(fl validator.FieldLevel) bool {
			err := enterprise.CheckCreditCode(str(fl))
			return err == nil || enterprise.IsOverridable(err)
		}, wrong, func(s string) error { return enterprise.CheckCreditCode(s) }},
		{"creditcheck", nil, func(string) msg.Text {
			return msg.Sprintf("统一社会信用代码校验位不符，请与营业执照核对；确认无误的，请填写%s", Label("CodeOverrideReason"))
		}, nil},
		{"residentid", func(fl validator.FieldLevel) bool {
			return enterprise.CheckResidentID(str(fl), v.now()) == nil
		}, wrong, func(s string) error { return enterprise.CheckResidentID(s, v.now()) }},
		{"mobile", func(fl validator.FieldLevel) bool {
			_, err := enterprise.NormalizeMobile(str(fl))
			return err == nil
		}, func(l string) msg.Text {
			return msg.Sprintf("%s应为11位手机号码，以1开头、第二位为3至9，可带+86或0086", l)
		}, nil},
		{"ymd", func(fl validator.FieldLevel) bool {
			_, err := time.Parse(time.DateOnly, str(fl))
			return str(fl) == "" || err == nil
		}, func(l string) msg.Text { return msg.Sprintf("%s应为有效日期，格式如2024-03-15", l) }, nil},
		{"notfuture", func(fl validator.FieldLevel) bool {
			_, err := time.Parse(time.DateOnly, str(fl))
			return err != nil || str(fl) <= v.now().Format(time.DateOnly)
		}, func(l string) msg.Text { return msg.Sprintf("%s不能晚于今天", l) }, nil},
		{"amount", nonNegative, negative, nil},
		{"notneg", nonNegative, negative, nil},
		{"section", func(fl validator.FieldLevel) bool { return isSection(str(fl)) },
			func(l string) msg.Text { return msg.Sprintf("请选择%s（A至T）", l) }, nil},
		{"division", func(fl validator.FieldLevel) bool {
			section := fl.Parent().FieldByName("Section").String()
			if !isSection(section) {
				return true // the section's own message comes first
			}
			return enterprise.IndustryFor(section, str(fl)) != enterprise.Unspecified
		}, func(l string) msg.Text {
			return msg.Sprintf("%s与行业门类不符或不够具体：F、G、I门类须填两位大类代码，K门类须填三位中类代码", l)
		}, nil},
		{"ownership", oneOf(Ownerships()), choose, nil},
		{"purpose", oneOf(Purposes()), choose, nil},
		{"urgency", oneOf(Urgencies()), choose, nil},
		{"overdue", oneOf(Overdues()), choose, nil},
		{"operating", oneOf(Operatings()), choose, nil},
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
		}, func(l string) msg.Text { return msg.Sprintf("%s含有未知或重复的选项", l) }, nil},
		{"consent", func(fl validator.FieldLevel) bool {
			return fl.Field().Kind() == reflect.Bool && fl.Field().Bool()
		}, func(l string) msg.Text { return msg.Sprintf("须经企业同意%s后方可定稿", l) }, nil},
	}
	for _, r := range rules {
		v.says[r.tag] = r.say
		if r.why != nil {
			v.why[r.tag] = r.why
		}
		if r.fn != nil {
			if err := v.validate.RegisterValidation(r.tag, r.fn); err != nil {
				return nil, fmt.Errorf("survey: unable to register rule %s: %w", r.tag, err)
			}
		}
	}
	return v, nil
}

// builtinRules are the validator library's rules the Survey's struct tags
// use, which say (by the field's kind and the rule's parameter) words
// the way the library's Chinese translations do.
var builtinRules = []string{"required", "required_if", "min", "max", "oneof", "omitempty"}

// say is the message of rule tag broken by a field labelled label of the
// given kind, param the rule's parameter (the 360 of max=360).
func (v *Validator) say(tag, label string, kind reflect.Kind, param string) msg.Text {
	if say := v.says[tag]; say != nil {
		return say(label)
	}
	p := msg.Verbatim(param)
	switch tag {
	case "required", "required_if":
		return msg.Sprintf("%s为必填字段", label)
	case "oneof":
		return msg.Sprintf("%s必须是[%s]中的一个", label, p)
	case "min":
		return bySize(kind, msg.Sprintf("%s长度必须至少为%s个字符", label, p),
			msg.Sprintf("%s必须至少包含%s项", label, p), msg.Sprintf("%s最小只能为%s", label, p))
	case "max":
		return bySize(kind, msg.Sprintf("%s长度不能超过%s个字符", label, p),
			msg.Sprintf("%s最多只能包含%s项", label, p), msg.Sprintf("%s必须小于或等于%s", label, p))
	}
	return msg.Sprintf("%s不正确", label)
}

// bySize is the message of a size rule (min, max) for a field of kind: a
// text's length, a list's items or a figure's value.
func bySize(kind reflect.Kind, text, items, figure msg.Text) msg.Text {
	switch kind {
	case reflect.String:
		return text
	case reflect.Slice, reflect.Map, reflect.Array:
		return items
	}
	return figure
}

// message is what the failure e says: the precise reason for its value
// when its rule has one, else its rule's message.
func (v *Validator) message(e validator.FieldError) msg.Text {
	if s, ok := e.Value().(string); ok {
		if t, ok := v.whyNot(e.Tag(), s); ok {
			return t
		}
	}
	return v.say(e.Tag(), e.Field(), e.Kind(), e.Param())
}

// whyNot is the precise reason value fails rule tag, if the rule gives one.
func (v *Validator) whyNot(tag, value string) (msg.Text, bool) {
	if why := v.why[tag]; why != nil {
		if err := why(value); err != nil {
			return msg.Sprintf("%v", err), true
		}
	}
	return msg.Text{}, false
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
func (v *Validator) Check(s Survey) FieldErrors { return v.Messages(s).Chinese() }

// Messages is Check with the messages' figures apart, for a screen in
// another language; nil when there is nothing to say.
func (v *Validator) Messages(s Survey) Messages {
	if s.FormVersion > 1 && v.forms != nil {
		if d, ok := v.forms(s.FormVersion); ok {
			return v.formMessages(d, s)
		}
	}
	return v.structMessages(Normalize(s))
}

// structMessages runs the struct's rules on a normalized survey.
func (v *Validator) structMessages(s Survey) Messages {
	m := Messages{}
	for f, e := range v.failures(s) {
		m[f] = v.message(e)
	}
	if len(m) == 0 {
		return nil
	}
	return m
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
// labelled label; false when it passes.
func (v *Validator) named(tag, label, value string) (msg.Text, bool) {
	if v.validate.Var(value, tag) == nil {
		return msg.Text{}, false
	}
	if t, ok := v.whyNot(tag, value); ok {
		return t, true
	}
	return v.say(tag, label, reflect.String, ""), true
}

// CheckField returns the message for one field, by its Go name, as it is
// typed; "" when the field is correct or unknown. Rules that involve two
// fields (the override reason, loans and their amounts, "other") use the
// rest of s, so the whole survey is passed.
func (v *Validator) CheckField(s Survey, field string) string {
	return v.Check(s)[field]
}
