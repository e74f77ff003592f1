package survey

import "reflect"

// Group is a section of the paper form with its fields in order.
type Group struct {
	// Name is the section's heading, e.g. "企业基本信息".
	Name string
	// Fields are the section's fields, top to bottom.
	Fields []Field
}

// Field is one field of the form.
type Field struct {
	// Name is the Go field name of Survey, the key of FieldErrors.
	Name string
	// Label is the Chinese name shown on the form and in messages.
	Label string
}

// form is the paper form's layout: sections in order, each with the Survey
// fields it holds. The labels come from the struct tags, so each lives in
// one place. Every Survey field appears exactly once (tested).
var form = []struct {
	name   string
	fields []string
}{
	{"企业基本信息", []string{"Name", "CreditCode", "CodeOverrideReason", "RegisteredOn",
		"LegalRep", "LegalRepID", "Address", "Section", "Division", "MainBusiness", "Ownership"}},
	{"经营规模", []string{"Employees", "Revenue", "Assets", "Liabilities", "Operating"}},
	{"现有融资", []string{"TaxGrade", "Overdue", "LoansWithUs", "LoansWithUsAmount",
		"LoansElsewhere", "LoansElsewhereAmount"}},
	{"融资需求", []string{"AmountSought", "Purpose", "PurposeNote", "TermMonths", "Urgency"}},
	{"担保方式", []string{"Collateral", "CollateralNote"}},
	{"联系人及授权", []string{"Contact", "ContactMobile", "Consent"}},
	{"调查信息", []string{"OfficerID", "SurveyDate"}},
}

// Groups returns the form's seven sections in the paper form's order:
// 企业基本信息, 经营规模, 现有融资 (with the tax credit grade), 融资需求,
// 担保方式, 联系人及授权 and 调查信息 (officer and date). Each call returns
// fresh slices.
func Groups() []Group {
	gs := make([]Group, 0, len(form))
	for _, g := range form {
		fs := make([]Field, 0, len(g.fields))
		for _, name := range g.fields {
			fs = append(fs, Field{Name: name, Label: Label(name)})
		}
		gs = append(gs, Group{Name: g.name, Fields: fs})
	}
	return gs
}

// GroupOf returns the heading of the section holding the Survey field
// named field, or "" if there is none.
func GroupOf(field string) string {
	for _, g := range form {
		for _, f := range g.fields {
			if f == field {
				return g.name
			}
		}
	}
	return ""
}

// Label returns the Chinese label of the Survey field named field, e.g.
// "企业名称" for "Name", or "" if there is no such field.
func Label(field string) string {
	f, ok := reflect.TypeFor[Survey]().FieldByName(field)
	if !ok {
		return ""
	}
	return f.Tag.Get("label")
}

// formOrder returns each field's position on the form, for sorting messages.
func formOrder() map[string]int {
	order := make(map[string]int)
	for _, g := range form {
		for _, f := range g.fields {
			order[f] = len(order)
		}
	}
	return order
}
