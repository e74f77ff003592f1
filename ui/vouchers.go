package ui

import (
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/msg"
	"branchdesk/domain/voucher"
)

// allTypes is the register filter's first choice.
const allTypes = "全部种类"

// voucherSelect is a choice of voucher type, with "全部种类" first when all.
func voucherSelect(a *App, types []voucher.Type, all bool, changed func()) *widget.Select {
	var titles []string
	if all {
		titles = append(titles, tr(allTypes))
	}
	for _, t := range types {
		titles = append(titles, tr(t.Name))
	}
	s := newSelect(titles, nil)
	if len(titles) > 0 {
		s.SetSelectedIndex(0)
	}
	s.OnChanged = func(string) { // set after the first choice: the caller is not built yet
		a.touch()
		if changed != nil {
			changed()
		}
	}
	return s
}

// chosenType is the type a voucherSelect shows; false for 全部种类 or none.
func chosenType(s *widget.Select, types []voucher.Type, all bool) (voucher.Type, bool) {
	i := s.SelectedIndex()
	if all {
		i--
	}
	if i < 0 || i >= len(types) {
		return voucher.Type{}, false
	}
	return types[i], true
}

// typedRange reads a number range as printed on the forms; an empty
// 止号 is the 起号 alone.
func typedRange(t voucher.Type, from, to *field) (voucher.Range, error) {
	f, err := t.Parse(from.Text)
	if err != nil {
		return voucher.Range{}, msg.Errorf(tr("起号：%w"), err)
	}
	n := f
	if trimmed(to) != "" {
		if n, err = t.Parse(to.Text); err != nil {
			return voucher.Range{}, msg.Errorf(tr("止号：%w"), err)
		}
	}
	return voucher.Range{Type: t.Code, From: f, To: n}, nil
}

func loadVoucherTypes(a *App) []voucher.Type {
	types, err := a.svc.VoucherTypes(a.ctx)
	if err != nil {
		log.Printf("ui: voucher types: %v", err)
	}
	return types
}

// tell shows what the service answered: a result in green, a refusal in
// the danger colour.
func tell(l *widget.Label, err error, ok string) {
	if l == nil {
		return
	}
	if err != nil {
		l.Importance = widget.DangerImportance
		l.SetText(errorText(err))
		return
	}
	l.Importance = widget.SuccessImportance
	l.SetText(ok)
}

// warn shows what is still needed, in the warning colour.
func warn(l *widget.Label, text string) {
	l.Importance = widget.WarningImportance
	l.SetText(text)
}

// heading is a bold label over a section.
func heading(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// wrappedHeading is a heading over a narrow column: it wraps rather than
// widen the column (the English is twice as long).
func wrappedHeading(s string) *widget.Label {
	l := heading(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}
