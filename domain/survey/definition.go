package survey

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// FieldType is how a field of a form definition is answered.
type FieldType string

// The field types a definition may use.
const (
	TypeText        FieldType = "text"
	TypeDate        FieldType = "date"        // YYYY-MM-DD
	TypeAmount      FieldType = "amount"      // fen
	TypeInteger     FieldType = "integer"     // a whole number
	TypeBool        FieldType = "bool"        // a tick box
	TypeChoice      FieldType = "choice"      // one of Choices
	TypeMultiChoice FieldType = "multichoice" // several of Choices
)

// FieldTypes lists every field type.
func FieldTypes() []FieldType {
	return []FieldType{TypeText, TypeDate, TypeAmount, TypeInteger, TypeBool, TypeChoice, TypeMultiChoice}
}

// Choice is one answer of a choice field: Key is stored, Title shown.
type Choice struct {
	Key   string `json:"key"`
	Title string `json:"title"`
}

// FieldDef is one field of a form definition. A Key that names a Survey
// field binds to it; any other key is kept in Survey.Extra.
type FieldDef struct {
	Key      string    `json:"key"`
	Label    string    `json:"label"`
	Type     FieldType `json:"type"`
	Required bool      `json:"required,omitempty"`
	Choices  []Choice  `json:"choices,omitempty"`
	// Checks are named checks (Validator), e.g. "creditcode", "mobile".
	Checks []string `json:"checks,omitempty"`
	// Relevant is the condition under which the field is asked; "" always.
	Relevant string `json:"relevant,omitempty"`
	// Hint is an entry's placeholder, or a tick box's text.
	Hint string `json:"hint,omitempty"`
}

// GroupDef is a section of a form definition.
type GroupDef struct {
	Name     string     `json:"name"`
	Relevant string     `json:"relevant,omitempty"`
	Fields   []FieldDef `json:"fields"`
}

// Definition is a version of the survey form as head office defines it:
// its groups and fields in order, their types, checks and the conditions
// under which they are asked. V1 is the form officers have always had.
type Definition struct {
	Version int        `json:"version"`
	Groups  []GroupDef `json:"groups"`
	// Translations gives the form's own words (group names, labels,
	// hints, choice titles: Texts) in another language of the screens,
	// keyed by the language ("en") and then by the Chinese as written:
	// head office sends them with a form whose words the program's
	// catalogs do not have. What is stored, printed and sent stays
	// Chinese; a word without one is shown as written.
	Translations map[string]map[string]string `json:"translations,omitempty"`
}

// TranslationLanguages are the languages a definition may carry its words
// in: the screens' languages but Chinese, whose words are the keys.
func TranslationLanguages() []string { return []string{"en"} }

// Texts are the words of the form an officer reads, each once, in order:
// group names, labels, hints and choice titles.
func (d Definition) Texts() []string {
	var out []string
	add := func(s string) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, g := range d.Groups {
		add(g.Name)
		for _, f := range g.Fields {
			add(f.Label)
			add(f.Hint)
			for _, c := range f.Choices {
				add(c.Title)
			}
		}
	}
	return out
}

// Say is the form's word s in language lang, as its Translations give
// it; false when they give none.
func (d Definition) Say(lang, s string) (string, bool) {
	t, ok := d.Translations[lang][s]
	return t, ok
}

// SameIssue refuses d as form version d.Version when that version was
// issued before as issued with other content: a form version, once sent
// down, never changes; a new form takes a new version number.
func SameIssue(issued, d Definition) error {
	a, errA := json.Marshal(issued)
	b, errB := json.Marshal(d)
	if errA != nil || errB != nil || !bytes.Equal(a, b) {
		return msg.Errorf("调查表单 v%d 已下发过且内容不同：已下发的表单版本不能更改，请另定新版本号", d.Version)
	}
	return nil
}

// ErrDefinition refuses a form definition that cannot be used; the
// wrapping error names the reason.
var ErrDefinition = errors.New("表单定义无效")

// CoreFields are the Survey fields every definition must ask always:
// matching, assessment, the size class and the demand pipeline read them.
func CoreFields() []string {
	return []string{"Name", "CreditCode", "Section", "Division", "Employees", "Revenue",
		"Assets", "AmountSought", "Purpose", "TermMonths", "Collateral", "Consent", "OfficerID", "SurveyDate"}
}

// stringChecks are the named checks that read one text alone, so any text
// or date field may name them.
var stringChecks = []string{"creditcode", "residentid", "mobile", "ymd", "notfuture"}

// checkNames are every named check the Validator registers (tested).
var checkNames = []string{"creditcode", "residentid", "mobile", "ymd", "notfuture", "amount", "notneg",
	"section", "division", "ownership", "purpose", "urgency", "overdue", "operating", "collateral", "consent"}

// surveyHints are V1's entry placeholders and tick-box texts.
var surveyHints = map[string]string{
	"CreditCode":           "18位，如 91350100M000100Y43",
	"CodeOverrideReason":   "仅在校验位不符、已核对营业执照原件时填写",
	"RegisteredOn":         "如 2016-04-08",
	"LegalRepID":           "18位身份证号码",
	"Division":             "两位大类或三位中类代码，如 52",
	"Employees":            "人",
	"Revenue":              "元",
	"Assets":               "元",
	"Liabilities":          "元",
	"LoansWithUsAmount":    "元",
	"LoansElsewhereAmount": "元",
	"AmountSought":         "元",
	"PurposeNote":          "用途为“其他”时必填",
	"TermMonths":           "月，1至360",
	"CollateralNote":       "勾选“其他”时必填",
	"ContactMobile":        "11位手机号码",
	"SurveyDate":           "如 2025-06-15",
	"LoansWithUs":          "有",
	"LoansElsewhere":       "有",
	"Consent":              "企业已同意将所填信息用于融资服务",
}

// boundChoices are the answers of V1's choice fields.
func boundChoices(name string) []Choice {
	var cs []Choice
	add := func(k, t string) { cs = append(cs, Choice{k, t}) }
	switch name {
	case "Ownership":
		for _, o := range Ownerships() {
			add(string(o), o.Title())
		}
	case "TaxGrade":
		for _, g := range TaxGrades() {
			t := string(g) + "级"
			if g == TaxM {
				t = "M级（新设立，未评级）"
			}
			add(string(g), t)
		}
	case "Purpose":
		for _, p := range Purposes() {
			add(string(p), p.Title())
		}
	case "Urgency":
		for _, u := range Urgencies() {
			add(string(u), u.Title())
		}
	case "Overdue":
		for _, o := range Overdues() {
			add(string(o), o.Title())
		}
	case "Operating":
		for _, o := range Operatings() {
			add(string(o), o.Title())
		}
	case "Section":
		for _, s := range enterprise.Sections() {
			add(s.Code, s.Code+" "+s.Name)
		}
	case "Collateral":
		for _, c := range Collaterals() {
			add(string(c), c.Title())
		}
	}
	return cs
}

// The Go types of Survey fields and the field type each binds as.
var (
	amountGo     = reflect.TypeFor[money.Amount]()
	intGo        = reflect.TypeFor[int]()
	boolGo       = reflect.TypeFor[bool]()
	collateralGo = reflect.TypeFor[[]Collateral]()
)

// boundField returns the Survey field named key, if it is one a form may
// bind (not FormVersion or Extra).
func boundField(key string) (reflect.StructField, bool) {
	f, ok := reflect.TypeFor[Survey]().FieldByName(key)
	if !ok || f.Tag.Get("form") == "-" {
		return f, false
	}
	return f, true
}

// Bound reports whether the field is a Survey field of its own (V1's);
// any other is an extra answer head office's form adds, kept in
// Survey.Extra, where a figure 0 is an answer and only "" is none.
func (f FieldDef) Bound() bool {
	_, ok := boundField(f.Key)
	return ok
}

// boundType is the field type the Survey field f binds as.
func boundType(f reflect.StructField) FieldType {
	switch {
	case f.Type == amountGo:
		return TypeAmount
	case f.Type == intGo:
		return TypeInteger
	case f.Type == boolGo:
		return TypeBool
	case f.Type == collateralGo:
		return TypeMultiChoice
	case boundChoices(f.Name) != nil:
		return TypeChoice
	case slices.Contains(tagRules(f), "ymd"):
		return TypeDate
	}
	return TypeText
}

// tagRules are the rule names of a Survey field's validate tag.
func tagRules(f reflect.StructField) []string {
	var rs []string
	for r := range strings.SplitSeq(f.Tag.Get("validate"), ",") {
		name, _, _ := strings.Cut(r, "=")
		rs = append(rs, name)
	}
	return rs
}

// V1 is the form officers have always had (Groups): its groups, fields,
// labels and checks, with every field always asked.
func V1() Definition {
	d := Definition{Version: 1}
	for _, g := range form {
		gd := GroupDef{Name: g.name}
		for _, name := range g.fields {
			f, _ := boundField(name)
			fd := FieldDef{Key: name, Label: Label(name), Type: boundType(f), Choices: boundChoices(name), Hint: surveyHints[name]}
			for _, r := range tagRules(f) {
				switch {
				case r == "required":
					fd.Required = true
				case slices.Contains(checkNames, r):
					fd.Checks = append(fd.Checks, r)
				}
			}
			gd.Fields = append(gd.Fields, fd)
		}
		d.Groups = append(d.Groups, gd)
	}
	return d
}

// ParseDefinition reads a definition from JSON (unknown keys refused) and
// checks it.
func ParseDefinition(data []byte) (Definition, error) {
	var d Definition
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return d, msg.Errorf("%w：无法读取（%v）", ErrDefinition, err)
	}
	return d, d.Check()
}

// Fields returns every field of the definition in order.
func (d Definition) Fields() []FieldDef {
	var fs []FieldDef
	for _, g := range d.Groups {
		fs = append(fs, g.Fields...)
	}
	return fs
}

// Field returns the field with key, if the definition has it.
func (d Definition) Field(key string) (FieldDef, bool) {
	for _, f := range d.Fields() {
		if f.Key == key {
			return f, true
		}
	}
	return FieldDef{}, false
}

// Title is the choice's title for key, or key itself if it has none.
func (f FieldDef) Title(key string) string {
	for _, c := range f.Choices {
		if c.Key == key {
			return c.Title
		}
	}
	return key
}

// Check refuses, with the reason in Chinese, a definition that cannot be
// used: no version, an unknown type, a duplicate or missing key, a choice
// field without choices, a named check that does not exist or does not
// fit, a condition that does not parse or names a missing field, a cycle
// of conditions, or a core field (CoreFields) left out, asked under a
// condition or no longer required.
func (d Definition) Check() error {
	if err := d.check(); err != nil {
		return msg.Errorf("%w：%w", ErrDefinition, err)
	}
	return nil
}

func (d Definition) check() error {
	if d.Version < 1 {
		return errors.New("版本号须为正整数")
	}
	if len(d.Groups) == 0 {
		return errors.New("没有分组")
	}
	seen := map[string]bool{}
	for _, g := range d.Groups {
		if strings.TrimSpace(g.Name) == "" {
			return errors.New("分组缺少名称")
		}
		for _, f := range g.Fields {
			if err := checkField(f); err != nil {
				return err
			}
			if seen[f.Key] {
				return msg.Errorf("字段 %s 重复", f.Key)
			}
			seen[f.Key] = true
		}
	}
	if err := d.checkCore(seen); err != nil {
		return err
	}
	if err := d.checkTranslations(); err != nil {
		return err
	}
	if _, err := d.conditions(); err != nil {
		return err
	}
	return d.checkCycles()
}

// checkCore refuses a definition that leaves out a core field, asks one
// only under a condition, or no longer requires one V1 requires: the
// bank's rules read them from every survey.
func (d Definition) checkCore(seen map[string]bool) error {
	core := CoreFields()
	for _, k := range core {
		if !seen[k] {
			return msg.Errorf("缺少本行规则所需的字段 %s（%s）", k, Label(k))
		}
	}
	v1 := V1()
	for _, g := range d.Groups {
		for _, f := range g.Fields {
			if !slices.Contains(core, f.Key) {
				continue
			}
			if f.Relevant != "" || g.Relevant != "" {
				return msg.Errorf("字段 %s 为本行规则所需，须始终填写，不能设显示条件", f.Label)
			}
			if was, _ := v1.Field(f.Key); was.Required && !f.Required {
				return msg.Errorf("字段 %s 为本行规则所需，须为必填", f.Label)
			}
		}
	}
	return nil
}

// checkTranslations refuses words in a language the screens do not speak,
// a translation of a word the form does not have (a typo head office
// would otherwise never see) and an empty one.
func (d Definition) checkTranslations() error {
	texts := d.Texts()
	for _, lang := range slices.Sorted(maps.Keys(d.Translations)) {
		if !slices.Contains(TranslationLanguages(), lang) {
			return msg.Errorf("译文的语言“%s”不支持，只能为 %s", lang, strings.Join(TranslationLanguages(), "、"))
		}
		words := d.Translations[lang]
		for _, w := range slices.Sorted(maps.Keys(words)) {
			switch {
			case !slices.Contains(texts, w):
				return msg.Errorf("译文（%s）中的“%s”不是本表单的文字", lang, w)
			case strings.TrimSpace(words[w]) == "":
				return msg.Errorf("“%s”的译文（%s）为空", w, lang)
			}
		}
	}
	return nil
}

func checkField(f FieldDef) error {
	if f.Key == "" || strings.ContainsFunc(f.Key, func(r rune) bool { return r <= ' ' }) {
		return msg.Errorf("字段键“%s”无效：不能为空或含空格", f.Key)
	}
	if strings.TrimSpace(f.Label) == "" {
		return msg.Errorf("字段 %s 缺少名称", f.Key)
	}
	if !slices.Contains(FieldTypes(), f.Type) {
		return msg.Errorf("字段 %s 的类型“%s”未知", f.Label, f.Type)
	}
	choice := f.Type == TypeChoice || f.Type == TypeMultiChoice
	if choice && len(f.Choices) == 0 {
		return msg.Errorf("选择字段 %s 没有选项", f.Label)
	}
	if !choice && len(f.Choices) > 0 {
		return msg.Errorf("字段 %s 不是选择字段，不能有选项", f.Label)
	}
	for i, c := range f.Choices {
		if c.Key == "" || strings.Contains(c.Key, ",") || c.Title == "" {
			return msg.Errorf("字段 %s 的选项“%s”须有键和名称，键中不能有逗号", f.Label, c.Key)
		}
		if slices.ContainsFunc(f.Choices[:i], func(o Choice) bool { return o.Key == c.Key }) {
			return msg.Errorf("字段 %s 的选项 %s 重复", f.Label, c.Key)
		}
		if slices.ContainsFunc(f.Choices[:i], func(o Choice) bool { return o.Title == c.Title }) {
			return msg.Errorf("字段 %s 有两个选项都叫“%s”，办事员无法区分", f.Label, c.Title)
		}
	}
	sf, bound := boundField(f.Key)
	if !bound && f.Key != "" {
		if _, own := reflect.TypeFor[Survey]().FieldByName(f.Key); own {
			return msg.Errorf("字段键 %s 为系统保留", f.Key)
		}
	}
	if bound {
		if want := boundType(sf); f.Type != want {
			return msg.Errorf("字段 %s 的类型应为 %s", f.Label, want)
		}
		if allowed := boundChoices(f.Key); choice {
			for _, c := range f.Choices {
				if !slices.ContainsFunc(allowed, func(o Choice) bool { return o.Key == c.Key }) {
					return msg.Errorf("字段 %s 的选项 %s 不是本行认可的选项", f.Label, c.Key)
				}
			}
		}
	}
	for _, c := range f.Checks {
		if !slices.Contains(checkNames, c) {
			return msg.Errorf("字段 %s 的检查“%s”不存在", f.Label, c)
		}
		fits := (f.Type == TypeText || f.Type == TypeDate) && slices.Contains(stringChecks, c)
		if bound && slices.Contains(tagRules(sf), c) {
			fits = true
		}
		if !fits {
			return msg.Errorf("字段 %s 不能使用检查“%s”", f.Label, c)
		}
	}
	return nil
}

// checkCycles refuses conditions that depend on themselves: a field asked
// when another is asked when the first is.
func (d Definition) checkCycles() error {
	deps, _ := d.conditions()
	const (
		visiting = 1
		done     = 2
	)
	state := map[string]int{}
	var path []string
	var visit func(k string) error
	visit = func(k string) error {
		switch state[k] {
		case visiting:
			i := slices.Index(path, k)
			cyc := append(slices.Clone(path[i:]), k)
			return msg.Errorf("显示条件循环：%s", strings.Join(cyc, " → "))
		case done:
			return nil
		}
		state[k] = visiting
		path = append(path, k)
		for _, c := range deps[k] {
			for _, r := range c.refs() {
				if err := visit(r); err != nil {
					return err
				}
			}
		}
		path = path[:len(path)-1]
		state[k] = done
		return nil
	}
	for _, f := range d.Fields() {
		if err := visit(f.Key); err != nil {
			return err
		}
	}
	return nil
}
