package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/ledger"
)

// idForm asks who is at the counter when cash reaches ¥50,000.00: the
// customer's ID document and, when someone acts for the holder (代办),
// the agent's name and document. It shows only when the amount needs it.
type idForm struct {
	ctype     *widget.Select
	cno       *field
	agentName *field
	atype     *widget.Select
	ano       *field
	box       *fyne.Container
}

func newIDForm(a *App, submit func()) *idForm {
	titles := titles(ledger.IDTypes, ledger.IDType.Title)
	f := &idForm{
		ctype: newSelect(titles, func(string) { a.touch() }), cno: newField(a, tr("客户证件号码")),
		agentName: newField(a, tr("本人办理不填")), atype: newSelect(titles, func(string) { a.touch() }), ano: newField(a, tr("代办人证件号码")),
	}
	f.ctype.SetSelectedIndex(0)
	f.atype.SetSelectedIndex(0)
	f.cno.OnSubmitted = func(string) { a.win.Canvas().Focus(f.agentName) }
	f.agentName.OnSubmitted = func(string) {
		if strings.TrimSpace(f.agentName.Text) == "" {
			submit()
			return
		}
		a.win.Canvas().Focus(f.ano)
	}
	f.ano.OnSubmitted = func(string) { submit() }
	note := widget.NewLabel(tr("现金 ¥50,000.00（含）以上：登记客户有效身份证件；他人代办的，登记代办人姓名和证件"))
	note.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(tr("证件类型"), f.ctype),
		widget.NewFormItem(tr("证件号码"), f.cno),
		widget.NewFormItem(tr("代办人姓名"), f.agentName),
		widget.NewFormItem(tr("代办人证件"), f.atype),
		widget.NewFormItem(tr("代办人证件号码"), f.ano),
	)
	f.box = container.NewVBox(widget.NewSeparator(), note, form)
	f.box.Hide()
	return f
}

// show shows the form when the business needs it; hidden, it is cleared.
func (f *idForm) show(on bool) {
	if on == f.box.Visible() {
		return
	}
	if on {
		f.box.Show()
		return
	}
	f.box.Hide()
	f.clear()
}

func (f *idForm) clear() {
	for _, e := range []*field{f.cno, f.agentName, f.ano} {
		e.SetText("")
	}
}

// presenter is what was typed; the domain checks it.
func (f *idForm) presenter() ledger.Presenter {
	if !f.box.Visible() {
		return ledger.Presenter{}
	}
	doc := func(s *widget.Select, no *field) ledger.IDDoc {
		d := ledger.IDDoc{No: strings.TrimSpace(no.Text)}
		if i := s.SelectedIndex(); i >= 0 && d.No != "" {
			d.Type = ledger.IDTypes[i]
		}
		return d
	}
	p := ledger.Presenter{Customer: doc(f.ctype, f.cno)}
	if name := strings.TrimSpace(f.agentName.Text); name != "" || strings.TrimSpace(f.ano.Text) != "" {
		p.Agent = ledger.Agent{Name: name, Doc: doc(f.atype, f.ano)}
	}
	return p
}

// presenterLines are the confirmation's lines for who is at the counter.
func presenterLines(p ledger.Presenter) []string {
	var out []string
	if !p.Customer.Empty() {
		out = append(out, tr("客户证件：")+p.Customer.String())
	}
	if !p.Agent.Empty() {
		out = append(out, tr("代 办 人：")+p.Agent.Name+"　"+p.Agent.Doc.String())
	}
	return out
}
