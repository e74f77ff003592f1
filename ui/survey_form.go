package ui

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/survey"
)

// surveyForm is the survey form on screen as its definition lays it out:
// a card per group, an entry, choice or tick box per field by its type,
// the field's message right under it, and the enterprise size worked out
// as the figures are typed. A group or field asked only under a condition
// is hidden while the answers do not meet it, and emptied as it is hidden
// (what it held is not the survey's any more). It converts between its
// widgets and a survey.Survey; saving and the rules are the surveysView's
// and the domain's.
type surveyForm struct {
	a          *App
	def        survey.Definition
	fields     map[string]survey.FieldDef
	entries    map[string]*field      // text, dates, counts and amounts
	selects    map[string]*formSelect // one of the field's choices
	checks     map[string]*formCheck  // yes/no
	multi      map[string]map[string]*formCheck
	collateral map[survey.Collateral]*formCheck // multi["Collateral"] by its type
	officer    *widget.Label                    // OfficerID: set when the survey is started
	errs       map[string]*widget.Label
	capitals   map[string]*widget.Label // under each amount: grouped and in 大写
	size       *widget.Label
	order      []fyne.Focusable          // Enter moves through these
	inputs     map[string]fyne.Focusable // each field's input, to focus it
	keyOf      map[fyne.Focusable]string
	cards      []*widget.Card               // one a group, in order
	rows       map[string]fyne.CanvasObject // a conditional field's own row
	asked      map[string]bool              // the fields the answers ask, as last shown

	officerID   string
	formVersion int
	parseErr    map[string]string // amounts and counts that do not parse
	touched     map[string]bool   // fields whose messages show
	loading     bool
	changed     func(field string)      // after the officer changes a field
	reveal      func(fyne.CanvasObject) // scrolls a focused widget into view

	content fyne.CanvasObject
}

func newSurveyForm(a *App, def survey.Definition) *surveyForm {
	f := &surveyForm{
		a: a, def: def, fields: map[string]survey.FieldDef{}, entries: map[string]*field{}, selects: map[string]*formSelect{},
		checks: map[string]*formCheck{}, multi: map[string]map[string]*formCheck{}, collateral: map[survey.Collateral]*formCheck{},
		errs: map[string]*widget.Label{}, capitals: map[string]*widget.Label{}, inputs: map[string]fyne.Focusable{},
		keyOf: map[fyne.Focusable]string{}, rows: map[string]fyne.CanvasObject{}, asked: map[string]bool{},
		parseErr: map[string]string{}, touched: map[string]bool{},
		officer: widget.NewLabel(""), size: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
	}
	cards := container.NewVBox()
	for i, g := range def.Groups {
		// Fields asked always share one form; a conditional field has a
		// form of its own, hidden with it.
		box := container.NewVBox()
		var form *widget.Form
		for _, fd := range g.Fields {
			f.fields[fd.Key] = fd
			f.asked[fd.Key] = true
			msg := errorLabel()
			msg.Hide()
			f.errs[fd.Key] = msg
			item := container.NewVBox(f.widgetFor(fd), msg)
			if fd.Relevant != "" {
				row := widget.NewForm(widget.NewFormItem(f.say(fd.Label), item))
				f.rows[fd.Key] = row
				box.Add(row)
				form = nil
				continue
			}
			if form == nil {
				form = widget.NewForm()
				box.Add(form)
			}
			form.Append(f.say(fd.Label), item)
		}
		if slices.ContainsFunc(g.Fields, func(fd survey.FieldDef) bool { return fd.Key == "Employees" }) {
			if form == nil {
				form = widget.NewForm()
				box.Add(form)
			}
			form.Append(tr("企业规模"), f.size)
		}
		var body fyne.CanvasObject = box
		if len(box.Objects) == 1 {
			body = box.Objects[0]
		}
		card := widget.NewCard(sectionHeading(i+1, f.say(g.Name)), "", body)
		f.cards = append(f.cards, card)
		cards.Add(card)
	}
	f.content = cards
	return f
}

// sectionHeading is the heading of the form's section n: 一、企业基本信息
// (一 to 十, then figures: 11、), or 1. Enterprise basics in English.
func sectionHeading(n int, title string) string {
	if catalog != nil {
		return strconv.Itoa(n) + ". " + title
	}
	ds := []string{"", tr("一"), tr("二"), tr("三"), tr("四"), tr("五"), tr("六"), tr("七"), tr("八"), tr("九"), tr("十")}
	if n >= 1 && n < len(ds) {
		return ds[n] + tr("、") + title
	}
	return strconv.Itoa(n) + tr("、") + title
}

// focusable records an input of field key in the order Enter walks.
func (f *surveyForm) focusable(key string, o fyne.Focusable) {
	f.order = append(f.order, o)
	f.keyOf[o] = key
}

// widgetFor makes the widget editing field fd.
func (f *surveyForm) widgetFor(fd survey.FieldDef) fyne.CanvasObject {
	name := fd.Key
	switch {
	case name == "OfficerID":
		return f.officer
	case fd.Type == survey.TypeChoice:
		s := &formSelect{f: f}
		for _, c := range fd.Choices {
			s.Options = append(s.Options, f.say(c.Title))
		}
		s.PlaceHolder = tr("请选择")
		s.OnChanged = func(string) { f.edited(name) }
		s.ExtendBaseWidget(s)
		f.selects[name] = s
		f.inputs[name] = s
		f.focusable(name, s)
		return s
	case fd.Type == survey.TypeBool:
		c := newFormCheck(f, f.say(fd.Hint), func(bool) { f.edited(name) })
		f.checks[name] = c
		f.inputs[name] = c
		f.focusable(name, c)
		return c
	case fd.Type == survey.TypeMultiChoice:
		grid := container.NewGridWithColumns(3)
		f.multi[name] = map[string]*formCheck{}
		for _, c := range fd.Choices {
			ch := newFormCheck(f, f.say(c.Title), func(bool) { f.edited(name) })
			f.multi[name][c.Key] = ch
			if name == "Collateral" {
				f.collateral[survey.Collateral(c.Key)] = ch
			}
			f.focusable(name, ch)
			grid.Add(ch)
		}
		return grid
	}
	fe := &formEntry{field: field{a: f.a}, f: f}
	fe.PlaceHolder = f.say(fd.Hint)
	fe.Wrapping = fyne.TextWrapOff
	fe.ExtendBaseWidget(fe)
	e := &fe.field
	e.OnChanged = func(string) { f.edited(name) }
	e.OnSubmitted = func(string) { f.focusAfter(fe) }
	f.entries[name] = e
	f.inputs[name] = fe
	f.focusable(name, fe)
	if fd.Type == survey.TypeAmount {
		c := widget.NewLabel("")
		c.Hide()
		f.capitals[name] = c
		return container.NewVBox(fe, c)
	}
	return fe
}

// say is the form's word s in the screens' language: the catalog's when
// it is one of the program's own forms' words, else the translation head
// office sent with the form, else as written.
func (f *surveyForm) say(s string) string {
	if t := tr(s); t != s {
		return t
	}
	if t, ok := f.def.Say(language, s); ok {
		return t
	}
	return s
}

// sayArgs is t with the form's words among its figures (a field's label)
// in the screens' language as say gives them: a label head office
// translated is not in the program's catalog.
func (f *surveyForm) sayArgs(t msg.Text) msg.Text {
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		switch a := a.(type) {
		case string:
			args[i] = f.say(a)
		case msg.Text:
			args[i] = f.sayArgs(a)
		default:
			args[i] = a
		}
	}
	return msg.Text{Format: t.Format, Args: args}
}

// messagesText is the form's refusals, each field's in the form's order,
// in the screens' language.
func (f *surveyForm) messagesText(fe survey.Messages) string {
	l := make(msg.List, 0, len(fe))
	for _, name := range fe.Fields() {
		l = append(l, f.sayArgs(fe[name]))
	}
	return messagesText(l)
}

// label is the label of field key on this form.
func (f *surveyForm) label(key string) string {
	if fd, ok := f.fields[key]; ok {
		return f.say(fd.Label)
	}
	return tr(survey.Label(key))
}

// showRelevant hides the groups and fields the answers in s do not ask,
// and shows the others.
func (f *surveyForm) showRelevant(s survey.Survey) {
	f.asked = f.def.Relevant(s)
	toggle := func(o fyne.CanvasObject, on bool) {
		if on && !o.Visible() {
			o.Show()
		} else if !on && o.Visible() {
			o.Hide()
		}
	}
	for i, g := range f.def.Groups {
		toggle(f.cards[i], f.def.GroupRelevant(g, f.asked))
	}
	for key, row := range f.rows {
		toggle(row, f.asked[key])
	}
	// A widget no longer asked is emptied: what it held is not the
	// survey's (saving clears it), and a figure in it that does not parse
	// must not stand in the way of 定稿.
	loading := f.loading
	f.loading = true
	defer func() { f.loading = loading }()
	for key := range f.fields {
		if !f.asked[key] {
			f.empty(key)
			delete(f.parseErr, key)
		}
	}
}

// empty clears field key's widget.
func (f *surveyForm) empty(key string) {
	if e := f.entries[key]; e != nil && e.Text != "" {
		e.SetText("")
	}
	if s := f.selects[key]; s != nil && s.SelectedIndex() >= 0 {
		s.ClearSelected()
	}
	if c := f.checks[key]; c != nil && c.Checked {
		c.SetChecked(false)
	}
	for _, c := range f.multi[key] {
		if c.Checked {
			c.SetChecked(false)
		}
	}
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
		if d, ok := f.order[j].(fyne.Disableable); ok && d.Disabled() || !f.asked[f.keyOf[f.order[j]]] {
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
	f.showRelevant(f.read())
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
	s := survey.Survey{FormVersion: f.formVersion}
	clear(f.parseErr)
	for name, fd := range f.fields {
		val := ""
		switch {
		case name == "OfficerID":
			continue
		case fd.Type == survey.TypeAmount:
			v, err := parseYuan(f.entries[name].Text)
			if err != nil {
				f.parseErr[name] = fmt.Sprintf(formatText("%s：%s"), f.say(fd.Label), errorText(err))
			}
			val = figureText(fd, f.entries[name].Text, int64(v), err)
		case fd.Type == survey.TypeInteger:
			v, err := parseCount(f.entries[name].Text)
			if err != nil {
				f.parseErr[name] = fmt.Sprintf(tr("%s应为整数"), f.say(fd.Label))
			}
			val = figureText(fd, f.entries[name].Text, int64(v), err)
		case fd.Type == survey.TypeChoice:
			if i := f.selects[name].SelectedIndex(); i >= 0 {
				val = fd.Choices[i].Key
			}
		case fd.Type == survey.TypeBool:
			if f.checks[name].Checked {
				val = "true"
			}
		case fd.Type == survey.TypeMultiChoice:
			var keys []string
			for _, c := range fd.Choices {
				if f.multi[name][c.Key].Checked {
					keys = append(keys, c.Key)
				}
			}
			val = strings.Join(keys, ",")
		default:
			val = f.entries[name].Text
		}
		_ = survey.SetValue(&s, fd, val) // each widget gives what its type holds
	}
	s.OfficerID = f.officerID
	return s
}

// figureText is figure n, typed as text, as survey.Value stores it for
// field fd: "" for zero on a built-in field (V1 reads 0 as not answered);
// on a field head office adds, 0 typed is the answer "0", and only an
// empty entry (or one that does not parse) is "".
func figureText(fd survey.FieldDef, text string, n int64, err error) string {
	if n == 0 && (fd.Bound() || err != nil || strings.TrimSpace(text) == "") {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// load shows s without counting it as typed; officer is how the survey's
// officer is named. Fields already filled show their messages at once.
func (f *surveyForm) load(s survey.Survey, officer string) {
	f.loading = true
	defer func() { f.loading = false }()
	clear(f.touched)
	f.formVersion = s.FormVersion
	for name, fd := range f.fields {
		val := survey.Value(s, fd)
		switch {
		case name == "OfficerID":
		case fd.Type == survey.TypeChoice:
			if i := slices.IndexFunc(fd.Choices, func(c survey.Choice) bool { return c.Key == val }); i >= 0 {
				f.selects[name].SetSelectedIndex(i)
				f.touch(name)
			} else {
				f.selects[name].ClearSelected()
			}
		case fd.Type == survey.TypeBool:
			f.checks[name].SetChecked(val == "true")
		case fd.Type == survey.TypeMultiChoice:
			keys := strings.Split(val, ",")
			for k, c := range f.multi[name] {
				c.SetChecked(slices.Contains(keys, k))
			}
			if val != "" {
				f.touch(name)
			}
		default:
			text := val
			if fd.Type == survey.TypeAmount && val != "" {
				n, _ := strconv.ParseInt(val, 10, 64)
				text = cmp.Or(yuanText(money.Amount(n)), "0") // an added field's answer 0
			}
			f.entries[name].SetText(text)
			if text != "" {
				f.touch(name)
			}
		}
	}
	f.officerID = s.OfficerID
	f.officer.SetText(officer)
	f.showRelevant(s)
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
	for _, cs := range f.multi {
		for _, c := range cs {
			all = append(all, c)
		}
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
// when all is set), in the screen's language; a figure that does not
// parse says so first.
func (f *surveyForm) showErrors(fe survey.Messages, all bool) {
	for name, l := range f.errs {
		msg := f.parseErr[name]
		if t, said := fe[name]; msg == "" && said {
			msg = msgText(f.sayArgs(t))
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
func (f *surveyForm) showSize(size enterprise.Size, err error) { saySize(f.size, size, err) }

// saySize shows an enterprise size in l, or what it still needs: the
// survey's form and the service vouchers' show it alike.
func saySize(l *widget.Label, size enterprise.Size, err error) {
	switch {
	case err != nil && errors.Is(err, enterprise.ErrSizeIndustry):
		l.Importance = widget.MediumImportance
		l.SetText(tr("待定（请填写行业门类和行业代码）"))
	case err != nil:
		l.Importance = widget.DangerImportance
		l.SetText(errorText(err))
	default:
		l.Importance = widget.SuccessImportance
		l.SetText(tr(size.Title()))
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
