package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/support"
)

// voucherApplicantForm asks what the officer checked of an enterprise
// applying for service vouchers (武汉 第五条) on its business licence and
// statements, and shows the size class its figures give as they are
// typed; the register decides.
type voucherApplicantForm struct {
	local, legal                                  *widget.Check
	section                                       *widget.Select
	division, employees, revenue, assets, founded *field
	size                                          *widget.Label
	sizeOf                                        func(support.VoucherApplicant) (enterprise.Size, error)
	content                                       fyne.CanvasObject
}

func newVoucherApplicantForm(a *App, sizeOf func(support.VoucherApplicant) (enterprise.Size, error)) *voucherApplicantForm {
	f := &voucherApplicantForm{sizeOf: sizeOf, size: widget.NewLabel("")}
	changed := func(string) { a.touch(); f.showSize() }
	f.local = widget.NewCheck(tr("在本市注册登记"), func(bool) { a.touch() })
	f.legal = widget.NewCheck(tr("具有独立法人资格"), func(bool) { a.touch() })
	f.section = newSelect(titles(enterprise.Sections(), func(s enterprise.Section) string { return s.Code + " " + s.Name }), changed)
	f.division = newField(a, tr("如 52"))
	f.employees = newField(a, tr("人"))
	f.revenue = newField(a, tr("元"))
	f.assets = newField(a, tr("元"))
	f.founded = newField(a, tr("如 2024-03-15"))
	for _, e := range []*field{f.division, f.employees, f.revenue, f.assets} {
		e.OnChanged = changed
	}
	f.showSize()
	// A refusal of the class is long: it wraps rather than widen the tab.
	f.size.Wrapping = fyne.TextWrapWord
	labelled := func(label string, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewBorder(nil, nil, widget.NewLabel(label), nil, o)
	}
	facts := container.NewHBox(f.local, f.legal, widget.NewLabel(tr("成立日期")), deskSized(f.founded, 150))
	industry := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(tr("行业门类")), deskSized(f.section, 250),
		widget.NewLabel(tr("行业代码")), deskSized(f.division, 100), widget.NewLabel(tr("企业规模"))), nil, f.size)
	figures := container.NewGridWithColumns(3, labelled(tr("从业人员"), f.employees),
		labelled(tr("上年营业收入（元）"), f.revenue), labelled(tr("资产总额（元）"), f.assets))
	f.content = container.NewVBox(facts, industry, figures)
	return f
}

// applicant reads the form. A figure left blank is not given, which the
// register refuses: 0 must be typed.
func (f *voucherApplicantForm) applicant() (support.VoucherApplicant, error) {
	v := support.VoucherApplicant{Division: foldDigits(f.division.Text), FoundedOn: strings.TrimSpace(foldDigits(f.founded.Text))}
	// A box left unticked is not confirmed, never 否.
	if f.local.Checked {
		v.Local = support.Yes
	}
	if f.legal.Checked {
		v.LegalPerson = support.Yes
	}
	if i := f.section.SelectedIndex(); i >= 0 {
		v.Section = enterprise.Sections()[i].Code
	}
	if s := strings.TrimSpace(f.employees.Text); s != "" {
		n, err := parseCount(s)
		if err != nil || n < 0 {
			return v, errors.New(tr("从业人员应为整数"))
		}
		v.Employees = support.Give(n)
	}
	var err error
	if v.Revenue, err = givenYuan(f.revenue, tr("上年营业收入")); err != nil {
		return v, err
	}
	if v.Assets, err = givenYuan(f.assets, tr("资产总额")); err != nil {
		return v, err
	}
	return v, nil
}

// showSize shows the size class the figures typed give, or what is
// missing.
func (f *voucherApplicantForm) showSize() {
	v, err := f.applicant()
	if err != nil {
		saySize(f.size, 0, err)
		return
	}
	size, err := f.sizeOf(v)
	var blank *support.UnansweredError
	switch {
	case errors.As(err, &blank):
		f.size.Importance = widget.MediumImportance
		f.size.SetText(tr("待定（请填写从业人员、营业收入和资产总额）"))
	case size != 0 && err != nil: // a class the vouchers are not for
		f.size.Importance = widget.DangerImportance
		f.size.SetText(errorText(err))
	default:
		saySize(f.size, size, err)
	}
}

// clear empties the form after an application.
func (f *voucherApplicantForm) clear() {
	f.local.SetChecked(false)
	f.legal.SetChecked(false)
	f.section.ClearSelected()
	for _, e := range []*field{f.division, f.employees, f.revenue, f.assets, f.founded} {
		e.SetText("")
	}
	f.showSize()
}

// applicantSizeText is the size class an application was accepted as,
// and 创办三年以内 when it has that priority; "" on applications from
// before the register asked.
func applicantSizeText(ap support.Application) string {
	size := tr(ap.Size.Title())
	if ap.Priority() {
		return size + tr("，创办三年以内")
	}
	return size
}
