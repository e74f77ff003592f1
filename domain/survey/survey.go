// Package survey is the small and micro enterprise financing demand survey
// (小微企业融资需求调查表) that a credit financing officer (信用融资服务官)
// fills in on a visit (RULES §5): its fields, grouped as the paper form
// groups them, the checks that put a Chinese message next to each field as
// it is typed, the enterprise size computed from it, and its versions: a
// draft saved as it is typed, a final version that is read-only, and
// corrections that make new versions with a reason.
//
// Everything here is pure: no storage, no screens, no clock but the one
// passed in.
package survey

import (
	"reflect"
	"slices"
	"strings"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
)

// Survey is one filled-in demand survey. Text is kept as typed (Normalize
// tidies it), amounts are fen, dates are "YYYY-MM-DD".
//
// The validate tags are go-playground/validator rules, several of them this
// package's own (see Validator); the label tag is the field's name on the
// form and in every message. Groups lists the fields in the form's order.
type Survey struct {
	// Name is the enterprise's registered name (企业名称).
	Name string `label:"企业名称" validate:"required"`
	// CreditCode is the unified social credit code (RULES §7).
	CreditCode string `label:"统一社会信用代码" validate:"required,creditcode"`
	// CodeOverrideReason is why the officer keeps a CreditCode whose check
	// character fails, after comparing it with the business licence. Only
	// that failure may be overridden.
	CodeOverrideReason string `label:"校验位存疑说明"`
	// RegisteredOn is the date of establishment on the licence (成立日期).
	RegisteredOn string `label:"成立日期" validate:"required,ymd,notfuture"`
	// LegalRep is the legal representative's name (法定代表人).
	LegalRep string `label:"法定代表人" validate:"required"`
	// LegalRepID is the legal representative's resident ID number.
	LegalRepID string `label:"法定代表人身份证号码" validate:"required,residentid"`
	// Address is where the enterprise operates (经营地址).
	Address string `label:"经营地址" validate:"required"`
	// Section is the GB/T 4754-2017 section letter, A to T (行业门类).
	Section string `label:"行业门类" validate:"required,section"`
	// Division is the GB/T 4754-2017 division (大类, "51") or group (中类,
	// "701"). Sections F, G and I need a division and K a group to
	// classify the size; elsewhere it may be left empty.
	Division string `label:"行业代码" validate:"division"`
	// MainBusiness is what the enterprise mainly does (主营业务).
	MainBusiness string `label:"主营业务" validate:"required"`
	// Ownership is the kind of enterprise (企业性质).
	Ownership Ownership `label:"企业性质" validate:"required,ownership"`

	// Employees is the headcount (从业人员, persons).
	Employees int `label:"从业人员" validate:"notneg"`
	// Revenue is the prior year's operating revenue (上年营业收入).
	Revenue money.Amount `label:"上年营业收入" validate:"amount"`
	// Assets is total assets (资产总额).
	Assets money.Amount `label:"资产总额" validate:"amount"`
	// Liabilities is total liabilities (负债总额).
	Liabilities money.Amount `label:"负债总额" validate:"amount"`

	// TaxGrade is the tax credit grade (纳税信用等级).
	TaxGrade TaxGrade `label:"纳税信用等级" validate:"required,oneof=A B C D M"`
	// Overdue is the repayment record in the credit report; empty on
	// surveys filled before the form asked (matching then says so).
	Overdue Overdue `label:"征信逾期情况" validate:"omitempty,overdue" json:",omitempty"`
	// Operating is how the enterprise trades now; empty as Overdue.
	Operating Operating `label:"经营状况" validate:"omitempty,operating" json:",omitempty"`
	// LoansWithUs tells whether the enterprise has loans with this bank.
	LoansWithUs bool `label:"在我行有贷款"`
	// LoansWithUsAmount is the balance of those loans; required with them.
	LoansWithUsAmount money.Amount `label:"在我行贷款余额" validate:"required_if=LoansWithUs true,amount"`
	// LoansElsewhere tells whether the enterprise has loans with other banks.
	LoansElsewhere bool `label:"在他行有贷款"`
	// LoansElsewhereAmount is the balance of those loans; required with them.
	LoansElsewhereAmount money.Amount `label:"在他行贷款余额" validate:"required_if=LoansElsewhere true,amount"`

	// AmountSought is the financing the enterprise asks for (拟融资金额).
	AmountSought money.Amount `label:"拟融资金额" validate:"required,amount"`
	// Purpose is what the money is for (融资用途).
	Purpose Purpose `label:"融资用途" validate:"required,purpose"`
	// PurposeNote explains the purpose; required when it is PurposeOther.
	PurposeNote string `label:"用途说明" validate:"required_if=Purpose other"`
	// TermMonths is the term sought, in months (融资期限).
	TermMonths int `label:"融资期限（月）" validate:"required,min=1,max=360"`
	// Urgency is how soon the money is needed (紧急程度).
	Urgency Urgency `label:"紧急程度" validate:"required,urgency"`

	// Collateral is the set of security the enterprise can offer (担保方式,
	// several may be ticked), each code once, in any order.
	Collateral []Collateral `label:"担保方式" validate:"required,min=1,collateral"`
	// CollateralNote describes CollateralOther; required when it is ticked.
	CollateralNote string `label:"其他担保方式说明"`

	// Contact is the enterprise's contact person (联系人).
	Contact string `label:"联系人" validate:"required"`
	// ContactMobile is the contact's mobile number.
	ContactMobile string `label:"联系人手机号码" validate:"required,mobile"`
	// Consent records that the enterprise agreed to the use of its
	// information for financing (信息使用授权); a survey without it cannot
	// be finalized.
	Consent bool `label:"信息使用授权" validate:"consent"`

	// OfficerID is the staff ID of the officer who made the survey.
	OfficerID string `label:"调查人" validate:"required"`
	// SurveyDate is the date of the visit (调查日期).
	SurveyDate string `label:"调查日期" validate:"required,ymd,notfuture"`

	// FormVersion is the version of the form definition the survey was
	// started on; 0 on surveys from before definitions, which is V1.
	FormVersion int `form:"-" json:",omitempty"`
	// Extra holds the answers to fields a definition adds beyond those
	// above, by key, as stored text (see Value).
	Extra map[string]string `form:"-" json:",omitempty"`
}

// Has reports whether c is in the survey's collateral set.
func (s Survey) Has(c Collateral) bool { return slices.Contains(s.Collateral, c) }

// Industry returns the size-table row of the survey's section and code;
// enterprise.Unspecified when they are incomplete or do not agree.
func (s Survey) Industry() enterprise.Industry {
	return enterprise.IndustryFor(s.Section, s.Division)
}

// CodeOverridden reports whether s keeps a credit code whose check
// character fails on the strength of CodeOverrideReason (RULES §7): the
// form shows it as a warning rather than an error, and reviewers can find
// such surveys.
func CodeOverridden(s Survey) bool {
	return enterprise.IsOverridable(enterprise.CheckCreditCode(s.CreditCode)) &&
		strings.TrimSpace(s.CodeOverrideReason) != ""
}

// Normalize returns s as it should be stored: every text field trimmed, the
// credit code, ID number, section and industry code folded to half-width
// upper case (the code without a leading section letter: "F52" is stored
// as "52"), and the mobile number reduced to its 11 digits when it is
// one. It checks nothing; Validator.Check normalizes before checking.
func Normalize(s Survey) Survey {
	s.Collateral = slices.Clone(s.Collateral)
	if s.Extra != nil {
		extra := make(map[string]string, len(s.Extra))
		for k, v := range s.Extra {
			extra[k] = strings.TrimSpace(v)
		}
		s.Extra = extra
	}
	rv := reflect.ValueOf(&s).Elem()
	for i := range rv.NumField() {
		if f := rv.Field(i); f.Kind() == reflect.String {
			f.SetString(strings.TrimSpace(f.String()))
		}
	}
	// NormalizeCreditCode only folds width and case; it serves the short
	// codes too.
	fold := enterprise.NormalizeCreditCode
	s.CreditCode = fold(s.CreditCode)
	s.LegalRepID = enterprise.NormalizeResidentID(s.LegalRepID)
	s.Section = fold(s.Section)
	s.Division = strings.TrimPrefix(fold(s.Division), s.Section)
	s.TaxGrade = TaxGrade(fold(string(s.TaxGrade)))
	if m, err := enterprise.NormalizeMobile(s.ContactMobile); err == nil {
		s.ContactMobile = m
	}
	return s
}
