package ui

import (
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/survey"
)

// surveyForm is the paper survey on screen: a card per section of
// survey.Groups(), an entry, choice or tick box per field, the field's
// message right under it, and the enterprise size worked out as the
// figures are typed. It converts between its widgets and a survey.Survey;
// saving and the rules are the surveysView's and the domain's.
type surveyForm struct {
	a          *App
	entries    map[string]*field      // text, dates, counts and amounts
	selects    map[string]*formSelect // one of the form's choices
	checks     map[string]*formCheck  // yes/no
	collateral map[survey.Collateral]*formCheck
	officer    *widget.Label // OfficerID: set when the survey is started
	errs       map[string]*widget.Label
	capitals   map[string]*widget.Label // under each amount: grouped and in 大写
	size       *widget.Label
	order      []fyne.Focusable          // Enter moves through these
	inputs     map[string]fyne.Focusable // each field's input, to focus it

	officerID string
	parseErr  map[string]string // amounts and counts that do not parse
	touched   map[string]bool   // fields whose messages show
	loading   bool
	changed   func(field string)      // after the officer changes a field
	reveal    func(fyne.CanvasObject) // scrolls a focused widget into view

	content fyne.CanvasObject
}

// The field types the form edits with a choice list.
var (
	amountType     = reflect.TypeFor[money.Amount]()
	countType      = reflect.TypeFor[int]()
	boolType       = reflect.TypeFor[bool]()
	collateralType = reflect.TypeFor[[]survey.Collateral]()
)

// surveyChoices gives the keys stored and titles shown for a choice field;
// nil for a field that is not one.
func surveyChoices(name string) (keys, titles []string) {
	add := func(k, t string) { keys, titles = append(keys, k), append(titles, t) }
	switch name {
	case "Ownership":
		for _, o := range survey.Ownerships() {
			add(string(o), o.Title())
		}
	case "TaxGrade":
		for _, g := range survey.TaxGrades() {
			t := string(g) + "级"
			if g == survey.TaxM {
				t = "M级（新设立，未评级）"
			}
			add(string(g), t)
		}
	case "Purpose":
		for _, p := range survey.Purposes() {
			add(string(p), p.Title())
		}
	case "Urgency":
		for _, u := range survey.Urgencies() {
			add(string(u), u.Title())
		}
	case "Overdue":
		for _, o := range survey.Overdues() {
			add(string(o), o.Title())
		}
	case "Operating":
		for _, o := range survey.Operatings() {
			add(string(o), o.Title())
		}
	case "Section":
		for _, s := range enterprise.Sections() {
			add(s.Code, s.Code+" "+s.Name)
		}
	}
	return keys, titles
}

// surveyHints are the entries' placeholders.
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
}

// surveyTicks are the tick boxes' texts.
var surveyTicks = map[string]string{
	"LoansWithUs":    "有",
	"LoansElsewhere": "有",
	"Consent":        "企业已同意将所填信息用于融资服务",
}

func newSurveyForm(a *App) *surveyForm {
	f := &surveyForm{
		a: a, entries: map[string]*field{}, selects: map[string]*formSelect{},
		checks: map[string]*formCheck{}, collateral: map[survey.Collateral]*formCheck{},
		errs: map[string]*widget.Label{}, capitals: map[string]*widget.Label{}, inputs: map[string]fyne.Focusable{}, parseErr: map[string]string{}, touched: map[string]bool{},
		officer: widget.NewLabel(""), size: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
	}
	st := reflect.TypeFor[survey.Survey]()
	cards := container.NewVBox()
	for i, g := range survey.Groups() {
		form := widget.NewForm()
		for _, fd := range g.Fields {
			sf, _ := st.FieldByName(fd.Name)
			w := f.widgetFor(fd.Name, sf.Type)
			msg := errorLabel()
			msg.Hide()
			f.errs[fd.Name] = msg
			form.Append(fd.Label, container.NewVBox(w, msg))
		}
		if g.Name == "经营规模" {
			form.Append("企业规模", f.size)
		}
		cards.Add(widget.NewCard(chineseNumber(i+1)+"、"+g.Name, "", form))
	}
	f.content = cards
	return f
}

// chineseNumber is 一 to 十 for the sections' headings.
func chineseNumber(n int) string {
	ds := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n >= 1 && n < len(ds) {
		return ds[n]
	}
	return strconv.Itoa(n)
}

// widgetFor makes the widget editing field name of type t.
func (f *surveyForm) widgetFor(name string, t reflect.Type) fyne.CanvasObject {
	if keys, titles := surveyChoices(name); keys != nil {
		s := &formSelect{f: f}
		s.Options, s.PlaceHolder = titles, "请选择"
		s.OnChanged = func(string) { f.edited(name) }
		s.ExtendBaseWidget(s)
		f.selects[name] = s
		f.inputs[name] = s
		f.order = append(f.order, s)
		return s
	}
	switch {
	case name == "OfficerID":
		return f.officer
	case t == boolType:
		c := newFormCheck(f, surveyTicks[name], func(bool) { f.edited(name) })
		f.checks[name] = c
		f.inputs[name] = c
		f.order = append(f.order, c)
		return c
	case t == collateralType:
		grid := container.NewGridWithColumns(3)
		for _, c := range survey.Collaterals() {
			ch := newFormCheck(f, c.Title(), func(bool) { f.edited(name) })
			f.collateral[c] = ch
			f.order = append(f.order, ch)
			grid.Add(ch)
		}
		return grid
	}
	fe := &formEntry{field: field{a: f.a}, f: f}
	fe.PlaceHolder = surveyHints[name]
	fe.Wrapping = fyne.TextWrapOff
	fe.ExtendBaseWidget(fe)
	e := &fe.field
	e.OnChanged = func(string) { f.edited(name) }
	e.OnSubmitted = func(string) { f.focusAfter(fe) }
	f.entries[name] = e
	f.inputs[name] = fe
	f.order = append(f.order, fe)
	if t == amountType {
		c := widget.NewLabel("")
		c.Hide()
		f.capitals[name] = c
		return container.NewVBox(fe, c)
	}
	return fe
}

// showCapital shows an amount field's figure grouped and in 大写 under it,
// so that a slip of a zero is seen: "¥5,000,000.00 人民币伍佰万元整".
func (f *surveyForm) showCapital(name string) {
	c := f.capitals[name]
	if c == nil {
		return
	}
	v, err := parseYuan(f.entries[name].Text)
	if err != nil || v == 0 {
		c.Hide()
		return
	}
	c.SetText(v.String() + "　" + money.Capital(v))
	c.Show()
}

// The form's inputs scroll into view when they get the focus, so Tab and
// Enter can walk the whole form.
type (
	formEntry struct {
		field
		f *surveyForm
	}
	formSelect struct {
		widget.Select
		f *surveyForm
	}
	formCheck struct {
		widget.Check
		f *surveyForm
	}
)

func newFormCheck(f *surveyForm, text string, changed func(bool)) *formCheck {
	c := &formCheck{f: f}
	c.Text, c.OnChanged = text, changed
	c.ExtendBaseWidget(c)
	return c
}

// FocusGained scrolls the entry into view.
func (e *formEntry) FocusGained() {
	e.field.FocusGained()
	e.f.show(e)
}

// FocusGained scrolls the choice into view.
func (s *formSelect) FocusGained() {
	s.Select.FocusGained()
	s.f.show(s)
}

// FocusGained scrolls the tick box into view.
func (c *formCheck) FocusGained() {
	c.Check.FocusGained()
	c.f.show(c)
}

func (f *surveyForm) show(o fyne.CanvasObject) {
	if f.reveal != nil {
		f.reveal(o)
	}
}

// focusAfter moves the cursor to the next field, as Tab does.
func (f *surveyForm) focusAfter(o fyne.Focusable) {
	i := slices.Index(f.order, o)
	for j := i + 1; j > 0 && j < len(f.order); j++ {
		if d, ok := f.order[j].(fyne.Disableable); ok && d.Disabled() {
			continue
		}
		f.a.win.Canvas().Focus(f.order[j])
		return
	}
}

// edited runs when the officer changes a field.
func (f *surveyForm) edited(name string) {
	f.a.touch()
	f.showCapital(name)
	if f.loading {
		return
	}
	f.touch(name)
	if f.changed != nil {
		f.changed(name)
	}
}

// dependents are fields whose message depends on another's value.
var dependents = map[string][]string{
	"LoansWithUs":    {"LoansWithUsAmount"},
	"LoansElsewhere": {"LoansElsewhereAmount"},
	"Purpose":        {"PurposeNote"},
	"Collateral":     {"CollateralNote"},
}

// touch makes the field's message (and its dependents') show.
func (f *surveyForm) touch(name string) {
	f.touched[name] = true
	for _, d := range dependents[name] {
		f.touched[d] = true
	}
}

// read is the survey as the widgets hold it. An amount or count that does
// not parse is kept as zero, and its message stands in parseErr.
func (f *surveyForm) read() survey.Survey {
	var s survey.Survey
	rv := reflect.ValueOf(&s).Elem()
	clear(f.parseErr)
	for name, e := range f.entries {
		fv := rv.FieldByName(name)
		switch fv.Type() {
		case amountType:
			v, err := parseYuan(e.Text)
			if err != nil {
				f.parseErr[name] = survey.Label(name) + "：" + err.Error()
			}
			fv.SetInt(int64(v))
		case countType:
			v, err := parseCount(e.Text)
			if err != nil {
				f.parseErr[name] = survey.Label(name) + "应为整数"
			}
			fv.SetInt(int64(v))
		default:
			fv.SetString(e.Text)
		}
	}
	for name, sel := range f.selects {
		keys, _ := surveyChoices(name)
		if i := sel.SelectedIndex(); i >= 0 {
			rv.FieldByName(name).SetString(keys[i])
		}
	}
	for name, c := range f.checks {
		rv.FieldByName(name).SetBool(c.Checked)
	}
	for _, c := range survey.Collaterals() {
		if f.collateral[c].Checked {
			s.Collateral = append(s.Collateral, c)
		}
	}
	s.OfficerID = f.officerID
	return s
}

// load shows s without counting it as typed; officer is how the survey's
// officer is named. Fields already filled show their messages at once.
func (f *surveyForm) load(s survey.Survey, officer string) {
	f.loading = true
	defer func() { f.loading = false }()
	clear(f.touched)
	rv := reflect.ValueOf(s)
	for name, e := range f.entries {
		fv := rv.FieldByName(name)
		text := ""
		switch fv.Type() {
		case amountType:
			text = yuanText(money.Amount(fv.Int()))
		case countType:
			if fv.Int() != 0 {
				text = strconv.FormatInt(fv.Int(), 10)
			}
		default:
			text = fv.String()
		}
		e.SetText(text)
		if text != "" {
			f.touch(name)
		}
	}
	for name, sel := range f.selects {
		keys, titles := surveyChoices(name)
		v := rv.FieldByName(name).String()
		if i := slices.Index(keys, v); i >= 0 {
			sel.SetSelected(titles[i])
			f.touch(name)
		} else {
			sel.ClearSelected()
		}
	}
	for name, c := range f.checks {
		c.SetChecked(rv.FieldByName(name).Bool())
	}
	for _, c := range survey.Collaterals() {
		f.collateral[c].SetChecked(s.Has(c))
	}
	if len(s.Collateral) > 0 {
		f.touch("Collateral")
	}
	f.officerID = s.OfficerID
	f.officer.SetText(officer)
}

// setEditable enables or disables every input.
func (f *surveyForm) setEditable(on bool) {
	type toggler interface {
		Enable()
		Disable()
	}
	var all []toggler
	for _, e := range f.entries {
		all = append(all, e)
	}
	for _, s := range f.selects {
		all = append(all, s)
	}
	for _, c := range f.checks {
		all = append(all, c)
	}
	for _, c := range f.collateral {
		all = append(all, c)
	}
	for _, t := range all {
		if on {
			t.Enable()
		} else {
			t.Disable()
		}
	}
}

// showErrors puts each touched field's message under it (every field's
// when all is set); a figure that does not parse says so first.
func (f *surveyForm) showErrors(fe survey.FieldErrors, all bool) {
	for name, l := range f.errs {
		msg := f.parseErr[name]
		if msg == "" {
			msg = fe[name]
		}
		if !all && !f.touched[name] {
			msg = ""
		}
		if msg == l.Text && l.Visible() == (msg != "") {
			continue
		}
		l.SetText(msg)
		if msg == "" {
			l.Hide()
		} else {
			l.Show()
		}
	}
}

// showSize shows the enterprise size, or what it still needs.
func (f *surveyForm) showSize(size enterprise.Size, err error) {
	switch {
	case err != nil && errors.Is(err, enterprise.ErrSizeIndustry):
		f.size.Importance = widget.MediumImportance
		f.size.SetText("待定（请填写行业门类和行业代码）")
	case err != nil:
		f.size.Importance = widget.DangerImportance
		f.size.SetText(err.Error())
	default:
		f.size.Importance = widget.SuccessImportance
		f.size.SetText(size.Title())
	}
}

// parseYuan reads an amount in yuan; empty or zero is zero.
func parseYuan(s string) (money.Amount, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	v, err := money.Parse(s) // full-width figures too
	if errors.Is(err, money.ErrZero) {
		return 0, nil
	}
	return v, err
}

// parseCount reads a whole number; empty is zero.
func parseCount(s string) (int, error) {
	s = strings.TrimSpace(foldDigits(s))
	if s == "" {
		return 0, nil
	}
	return strconv.Atoi(s)
}

// foldDigits turns full-width figures (as a Chinese input method types
// them: １２，３４５．６７) into ASCII, as money.Parse does.
func foldDigits(s string) string { return width.Narrow.String(s) }

// yuanText shows an amount as it would be typed: "5000000", "12.50"; ""
// for zero.
func yuanText(a money.Amount) string {
	if a == 0 {
		return ""
	}
	return strings.TrimSuffix(a.Plain(), ".00")
}
