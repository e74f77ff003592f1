package support

import (
	"errors"
	"strings"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// Who may apply for service vouchers (武汉市小微企业服务补贴券管理暂行办法
// 第五条): 在本市注册登记，具有独立法人资格 … 的小微企业, small or micro
// by 工信部联企业〔2011〕300号; 优先支持创办三年以内的 — a priority the
// register shows, not a condition, and not an order: applications are
// still issued first come, first served (第十五条（二）).

// FoundedPriorityYears: enterprises founded within three years come first
// (第五条 优先支持创办三年以内的小微企业).
const FoundedPriorityYears = 3

// Errors of the applicant for service vouchers. Each reason of an *Unmet
// wraps one, or ErrNotLocal or ErrSize.
var (
	// ErrNotLegalPerson: 第五条 具有独立法人资格.
	ErrNotLegalPerson = errors.New("须具有独立法人资格")
	// ErrFoundedOn: a date of establishment that is not a date or is
	// after the day of the application.
	ErrFoundedOn = errors.New("成立日期须为不晚于申请日的日期，如 2024-03-15")
)

// VoucherApplicant is what the officer checked of an enterprise applying
// for service vouchers, on the business licence and the statements it
// presents: the facts of 第五条 and the figures its size class needs.
type VoucherApplicant struct {
	// Local: registered in this city (在本市注册登记).
	Local Answer
	// LegalPerson: an independent legal person (具有独立法人资格).
	LegalPerson Answer
	// Section and Division are the GB/T 4754-2017 section letter and
	// division or group, as enterprise.IndustryFor reads them.
	Section  string
	Division string `json:",omitempty"`
	// Employees, Revenue (last year's) and Assets are the size
	// indicators (从业人员, 营业收入, 资产总额), each as the officer typed
	// it: a blank one is not read as 0, which would make any enterprise
	// micro.
	Employees Given[int]
	Revenue   Given[money.Amount]
	Assets    Given[money.Amount]
	// FoundedOn is the date of establishment on the licence, YYYY-MM-DD;
	// empty if not given, which only forgoes the priority.
	FoundedOn string `json:",omitempty"`
}

// normalized folds the industry code as the survey stores it: half-width
// upper case, the division without a leading section letter.
func (v VoucherApplicant) normalized() VoucherApplicant {
	fold := enterprise.NormalizeCreditCode // folds width and case only
	v.Section = strings.TrimSpace(fold(v.Section))
	v.Division = strings.TrimPrefix(strings.TrimSpace(fold(v.Division)), v.Section)
	v.FoundedOn = strings.TrimSpace(v.FoundedOn)
	return v
}

// Size is the enterprise's size class by table, from its industry and
// figures (enterprise.SizeTable.Classify); an *UnansweredError while a
// figure is not given.
func (v VoucherApplicant) Size(table enterprise.SizeTable) (enterprise.Size, error) {
	if !v.Employees.OK || !v.Revenue.OK || !v.Assets.OK {
		return 0, &UnansweredError{Cond: ErrSize, Question: msg.Sprintf("从业人员、上年营业收入和资产总额")}
	}
	return table.Classify(enterprise.IndustryFor(v.Section, v.Division), v.Employees.Value, v.Revenue.Value, v.Assets.Value)
}

// voucherSizes are the classes the vouchers are for (第五条 小微企业).
var voucherSizes = []enterprise.Size{enterprise.Small, enterprise.Micro}

// SizeCheck is Size and, for a class the vouchers are not for, the
// ErrSize reason the register refuses it with: what the form shows
// before the application.
func (v VoucherApplicant) SizeCheck(table enterprise.SizeTable) (enterprise.Size, error) {
	size, err := v.Size(table)
	if err != nil {
		return 0, err
	}
	return size, sizeIs(size, nil, voucherSizes...)
}

// Check lists every condition of 第五条 the applicant is not known to
// meet on the day on: registered here, an independent legal person,
// small or micro by table; and a date of establishment, when given, no
// later than on. The error is an *Unmet; the size is returned when it
// could be worked out.
func (v VoucherApplicant) Check(table enterprise.SizeTable, on string) (enterprise.Size, error) {
	size, sizeErr := v.Size(table)
	u := unmet{scheme: Vouchers}
	u.voucherSubject(v.Local, v.LegalPerson, size, sizeErr)
	if v.FoundedOn != "" && (checkDate(v.FoundedOn) != nil || v.FoundedOn > on) {
		u.add(msg.Errorf("%w（%s）", ErrFoundedOn, v.FoundedOn))
	}
	return size, u.err()
}

// Young reports whether the enterprise was founded within
// FoundedPriorityYears before the day on, that day included as 民法典
// counts a period (yearsOn): 创办三年以内. False without a valid date.
func (v VoucherApplicant) Young(on string) bool {
	last, err := yearsOn(v.FoundedOn, FoundedPriorityYears)
	return err == nil && v.FoundedOn <= on && on <= last
}

// voucherSubject adds the conditions of 第五条 that the support
// assessment and the register both ask: small or micro, registered here,
// an independent legal person.
func (u *unmet) voucherSubject(local, legalPerson Answer, size enterprise.Size, sizeErr error) {
	u.add(sizeIs(size, sizeErr, voucherSizes...))
	u.add(Applicant{Local: local}.local())
	u.add(require(legalPerson, ErrNotLegalPerson, msg.Sprintf("是否具有独立法人资格")))
}

// ApplyRequest is an enterprise's application for the year's service
// vouchers.
type ApplyRequest struct {
	// ID is the new application's id.
	ID string
	// Code and Name are the enterprise's credit code and name.
	Code, Name string
	// Contracts are its service contracts with signed institutions.
	Contracts []Contract
	// Applicant is what the officer checked of it (第五条).
	Applicant VoucherApplicant
}

// Priority reports whether the application is of an enterprise founded
// within three years of the day it applied (优先支持); false on rows from
// before the register asked.
func (a Application) Priority() bool {
	return a.Applicant != nil && a.Applicant.Young(a.AppliedOn)
}

// BandFigures leaves the applicants' revenue and assets only as the range
// each lies in (enterprise.BandFloor) on the applications whose officer
// the viewer may not see the figures of (RULES §5 保密); the size class
// stays as it was accepted.
func (r *Register) BandFigures(sees func(by string) bool) {
	for _, a := range r.apps {
		if a.Applicant == nil || sees(a.By) {
			continue
		}
		v := *a.Applicant
		v.Revenue.Value, v.Assets.Value = enterprise.BandFloor(v.Revenue.Value), enterprise.BandFloor(v.Assets.Value)
		a.Applicant = &v
	}
}
