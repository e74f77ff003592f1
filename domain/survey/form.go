package survey

import (
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// Value is the answer to field f in s as stored text: text and dates as
// typed, a choice's key, amounts in fen and integers in decimal, "true"
// for a ticked box, the keys of a multichoice joined by ","; "" when it is
// not answered (a zero figure, an unticked box).
func Value(s Survey, f FieldDef) string {
	if _, bound := boundField(f.Key); !bound {
		return s.Extra[f.Key]
	}
	fv := reflect.ValueOf(s).FieldByName(f.Key)
	switch f.Type {
	case TypeAmount, TypeInteger:
		if fv.Int() == 0 {
			return ""
		}
		return strconv.FormatInt(fv.Int(), 10)
	case TypeBool:
		if fv.Bool() {
			return "true"
		}
		return ""
	case TypeMultiChoice:
		keys := make([]string, fv.Len())
		for i := range fv.Len() {
			keys[i] = fv.Index(i).String()
		}
		return strings.Join(keys, ",")
	}
	return fv.String()
}

// Text is the answer to field f in s as a reader sees it: a choice's
// title, several joined by "；", an amount in yuan ("¥1,500,000.00"), 是 or
// 否 for a tick box, text and dates as they are; "" when not answered.
func Text(s Survey, f FieldDef) string {
	v := Value(s, f)
	switch f.Type {
	case TypeBool:
		if v == "true" {
			return "是"
		}
		return "否"
	case TypeAmount:
		if v == "" {
			return ""
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		return money.Amount(n).String()
	case TypeChoice:
		return f.Title(v)
	case TypeMultiChoice:
		keys := splitKeys(v)
		for i, k := range keys {
			keys[i] = f.Title(k)
		}
		return strings.Join(keys, "；")
	}
	return v
}

// SetValue stores v, written as Value writes it, as the answer to field f;
// "" clears it. A figure that is not one, a box neither "true" nor "", or
// an answer that is not among the choices is refused.
func SetValue(s *Survey, f FieldDef, v string) error {
	if err := fits(f, v); err != nil {
		return err
	}
	if _, bound := boundField(f.Key); !bound {
		if v == "" {
			delete(s.Extra, f.Key)
			return nil
		}
		if s.Extra == nil {
			s.Extra = map[string]string{}
		}
		s.Extra[f.Key] = v
		return nil
	}
	fv := reflect.ValueOf(s).Elem().FieldByName(f.Key)
	switch f.Type {
	case TypeAmount, TypeInteger:
		n, _ := strconv.ParseInt(v, 10, 64)
		fv.SetInt(n)
	case TypeBool:
		fv.SetBool(v == "true")
	case TypeMultiChoice:
		var cs []Collateral
		for _, k := range splitKeys(v) {
			cs = append(cs, Collateral(k))
		}
		fv.Set(reflect.ValueOf(cs))
	default:
		fv.SetString(v)
	}
	return nil
}

func splitKeys(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// fits refuses a stored value that field f's type cannot hold.
func fits(f FieldDef, v string) error {
	if v == "" {
		return nil
	}
	has := func(k string) bool { return slices.ContainsFunc(f.Choices, func(c Choice) bool { return c.Key == k }) }
	switch f.Type {
	case TypeAmount, TypeInteger:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return msg.Errorf("%s应为整数", f.Label)
		}
	case TypeBool:
		if v != "true" {
			return msg.Errorf("%s只能勾选或不勾选", f.Label)
		}
	case TypeChoice:
		if !has(v) {
			return msg.Errorf("请选择%s", f.Label)
		}
	case TypeMultiChoice:
		keys := splitKeys(v)
		for i, k := range keys {
			if !has(k) || slices.Contains(keys[:i], k) {
				return msg.Errorf("%s含有未知或重复的选项", f.Label)
			}
		}
	}
	return nil
}

// Relevant reports for each field of d whether it is asked of s: its
// group's condition and its own hold, a field not asked counting as
// empty. d must have passed Check.
func (d Definition) Relevant(s Survey) map[string]bool {
	conds, _ := d.conditions()
	fields := map[string]FieldDef{}
	for _, f := range d.Fields() {
		fields[f.Key] = f
	}
	rel := map[string]bool{}
	var asked func(key string) bool
	asked = func(key string) bool {
		if r, ok := rel[key]; ok {
			return r
		}
		rel[key] = true // Check has refused cycles; this only stops one
		value := func(k string) string {
			if !asked(k) {
				return ""
			}
			return Value(s, fields[k])
		}
		r := !slices.ContainsFunc(conds[key], func(c *condition) bool { return !c.holds(value) })
		rel[key] = r
		return r
	}
	for k := range fields {
		asked(k)
	}
	return rel
}

// GroupRelevant reports whether any field of group g is asked of s.
func (d Definition) GroupRelevant(g GroupDef, rel map[string]bool) bool {
	return len(g.Fields) == 0 || slices.ContainsFunc(g.Fields, func(f FieldDef) bool { return rel[f.Key] })
}

// Clear returns s with the answers to the fields d does not ask of it
// removed, as a draft is saved.
func (d Definition) Clear(s Survey) Survey {
	rel := d.Relevant(s)
	s.Extra = maps.Clone(s.Extra)
	s.Collateral = slices.Clone(s.Collateral)
	for _, f := range d.Fields() {
		if !rel[f.Key] {
			_ = SetValue(&s, f, "") // clearing always fits
		}
	}
	return s
}

// CheckForm checks s, after Normalize, by definition d: a field not asked
// is skipped, a field asked gets its type, Required and named checks,
// and a field bound to Survey the rules of its struct tag (the same rules
// as Check), except "required" when d does not require it. A field d
// leaves out is not checked. Nil when there is nothing to say.
func (v *Validator) CheckForm(d Definition, s Survey) FieldErrors {
	return v.formMessages(d, s).Chinese()
}

// formMessages is CheckForm with the messages' figures apart.
func (v *Validator) formMessages(d Definition, s Survey) Messages {
	s = Normalize(s)
	fails := v.failures(s)
	rel := d.Relevant(s)
	m := Messages{}
	for _, f := range d.Fields() {
		if !rel[f.Key] {
			continue
		}
		val := Value(s, f)
		var text msg.Text
		said := false
		sf, bound := boundField(f.Key)
		// A required tag gives way to the definition; "required" reported by
		// a rule across two fields does not.
		if e, failed := fails[f.Key]; bound && failed && (f.Required || e.Tag() != "required" || !slices.Contains(tagRules(sf), "required")) {
			text, said = v.message(e), true
		}
		if !bound && !said {
			text, said = v.typeMessage(f, val)
		}
		if !said && f.Required && val == "" {
			text, said = v.say("required", f.Label, reflect.String, ""), true
		}
		for _, c := range f.Checks {
			if said || val == "" || bound && slices.Contains(tagRules(sf), c) {
				continue
			}
			text, said = v.named(c, f.Label, val)
		}
		if said {
			m[f.Key] = text
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// typeMessage says what is wrong with an extra answer's stored text;
// false when nothing is.
func (v *Validator) typeMessage(f FieldDef, val string) (msg.Text, bool) {
	if err := fits(f, val); err != nil {
		return msg.Sprintf("%v", err), true
	}
	switch {
	case val == "":
	case f.Type == TypeAmount && strings.HasPrefix(val, "-"):
		return v.say("amount", f.Label, reflect.String, ""), true
	case f.Type == TypeDate:
		return v.named("ymd", f.Label, val)
	}
	return msg.Text{}, false
}

// Migrate moves a survey started on form from to form to: every answer
// whose field to still has, with the same type and an answer it accepts,
// is carried over; the others, and then the answers to fields to does not
// ask of the survey (its conditions), are removed and their labels
// returned, in from's order then to's.
func Migrate(s Survey, from, to Definition) (Survey, []string) {
	s.Extra = maps.Clone(s.Extra)
	s.Collateral = slices.Clone(s.Collateral)
	var dropped []string
	for _, f := range from.Fields() {
		val := Value(s, f)
		if val == "" {
			continue
		}
		if t, ok := to.Field(f.Key); ok && t.Type == f.Type && fits(t, val) == nil {
			continue
		}
		dropped = append(dropped, f.Label)
		_ = SetValue(&s, f, "")
	}
	// What to does not ask of the survey goes too, as the next save would
	// clear it: named now rather than lost without a word.
	rel := to.Relevant(s)
	for _, f := range to.Fields() {
		if !rel[f.Key] && Value(s, f) != "" {
			dropped = append(dropped, f.Label)
			_ = SetValue(&s, f, "")
		}
	}
	s.FormVersion = to.Version
	return s, dropped
}

// MaskExtra hides the answers form d adds, as the survey's own are hidden
// from a viewer who does not own it: with band, each amount is reduced to
// its range's floor (as Record.Band does); with hide, an ID or mobile
// number (a field checked as residentid or mobile) is masked.
func MaskExtra(s Survey, d Definition, band, hide bool) Survey {
	if len(s.Extra) == 0 {
		return s
	}
	s.Extra = maps.Clone(s.Extra)
	for _, f := range d.Fields() {
		v, extra := s.Extra[f.Key]
		if _, bound := boundField(f.Key); bound || !extra {
			continue
		}
		switch {
		case band && f.Type == TypeAmount:
			n, _ := strconv.ParseInt(v, 10, 64)
			s.Extra[f.Key] = strconv.FormatInt(int64(enterprise.BandFloor(money.Amount(n))), 10)
		case hide && slices.Contains(f.Checks, "residentid"):
			s.Extra[f.Key] = enterprise.MaskID(v)
		case hide && slices.Contains(f.Checks, "mobile"):
			s.Extra[f.Key] = enterprise.MaskMobile(v)
		}
	}
	return s
}
