// Package supporttest makes what tests of the service-voucher register
// need: an applicant the register takes (武汉 第五条).
package supporttest

import (
	"branchdesk/domain/money"
	"branchdesk/domain/support"
)

// SmallApplicant is a small manufacturer (工业, 50 staff, ¥10,000,000 of
// revenue) registered here and an independent legal person, founded in
// 2018: an applicant for service vouchers the register accepts, without
// the priority of 创办三年以内 in 2026.
func SmallApplicant() support.VoucherApplicant {
	return support.VoucherApplicant{Local: support.Yes, LegalPerson: support.Yes, Section: "C", Division: "13", Employees: support.Give(50),
		Revenue: support.Give[money.Amount](1000 * 1_000_000), Assets: support.Give[money.Amount](800 * 1_000_000), FoundedOn: "2018-05-10"}
}

// Apply is the application of a SmallApplicant with the code, name and
// contracts given.
func Apply(code, name string, contracts ...support.Contract) support.ApplyRequest {
	return support.ApplyRequest{Code: code, Name: name, Contracts: contracts, Applicant: SmallApplicant()}
}
