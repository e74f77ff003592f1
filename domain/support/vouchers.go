package support

import (
	"errors"
	"slices"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// Terms of the service vouchers (武汉市小微企业服务补贴券管理暂行办法
// 第七条、第十五条).
const (
	// VoucherYearCap is the most an enterprise receives in a year.
	VoucherYearCap money.Amount = 3000_00
	// VoucherContractPercent is the most of a service item's contract
	// amount that vouchers may pay: 60%.
	VoucherContractPercent = 60
)

// Faces are the vouchers' face values, largest first.
func Faces() []money.Amount { return []money.Amount{1000_00, 500_00} }

// ServiceItem is a kind of service the vouchers pay for (第六条).
type ServiceItem int

// The service items.
const (
	TaxAgency ServiceItem = iota + 1 // 财税代理服务
	Financing                        // 融资服务
	Legal                            // 法律顾问服务
	ECommerce                        // 电子商务服务
)

// ServiceItems lists the items in the rules' order.
func ServiceItems() []ServiceItem { return []ServiceItem{TaxAgency, Financing, Legal, ECommerce} }

// Title is the item in Chinese, e.g. "融资服务"; "" for no item.
func (s ServiceItem) Title() string {
	switch s {
	case TaxAgency:
		return "财税代理服务"
	case Financing:
		return "融资服务"
	case Legal:
		return "法律顾问服务"
	case ECommerce:
		return "电子商务服务"
	}
	return ""
}

// Contract is a service contract signed with a service institution this
// year.
type Contract struct {
	// Item is the service contracted.
	Item ServiceItem
	// Amount is the contract amount.
	Amount money.Amount
}

// Voucher is one voucher of an issue, for a service item.
type Voucher struct {
	// Item is the service it pays for.
	Item ServiceItem
	// Face is its face value, one of Faces.
	Face money.Amount
}

// VoucherIssue is the vouchers an enterprise can receive.
type VoucherIssue struct {
	// Vouchers are the vouchers, largest first within each item.
	Vouchers []Voucher
	// Total is their face value.
	Total money.Amount
}

// Errors of the service vouchers. Each reason of an *Unmet wraps one.
var (
	// ErrFace: only ¥1,000 and ¥500 vouchers exist (第七条).
	ErrFace = errors.New("服务补贴券面值只有1000元和500元两种")
	// ErrVoucherCap: at most ¥3,000 an enterprise a year (第七条).
	ErrVoucherCap = errors.New("单个企业每年领取服务补贴券总额不超过3000元")
	// ErrVoucherItem: at most 60% of an item's contracts (第七条).
	ErrVoucherItem = errors.New("每个服务项目使用的服务补贴券不超过该项目服务合同金额的60%")
	// ErrVoucherIssued: one issue an enterprise a year (第十五条).
	ErrVoucherIssued = errors.New("每家企业每年只能领取一次服务补贴券，本年度已领取")
	// ErrNoContract: vouchers pay for a signed service contract (第十四条).
	ErrNoContract = errors.New("须有与签约服务机构签订的服务合同")
	// ErrContractTooLow: 60% of the contracts is less than the smallest face.
	ErrContractTooLow = errors.New("服务合同金额的60%不足500元，无法使用服务补贴券")
)

// check is nil for a contract of a known service item and an amount from
// zero to the ceiling, else an ErrNoContract reason.
func (ct Contract) check() error {
	switch {
	case ct.Item.Title() == "" || ct.Amount < 0:
		return msg.Errorf("%w：服务项目或合同金额不正确", ErrNoContract)
	case ct.Amount > money.DefaultCeiling:
		return tooLarge(ErrNoContract, msg.Sprintf("服务合同"))
	}
	return nil
}

// addContract adds a contract's amount to an item's sum. The sum stops at
// the ceiling: far beyond what ¥3,000 of vouchers needs, and 60% of it
// cannot overflow however many contracts there are.
func addContract(byItem map[ServiceItem]money.Amount, ct Contract) {
	byItem[ct.Item] = min(byItem[ct.Item]+ct.Amount, money.DefaultCeiling)
}

// contracts sums the contracts by item; a bad contract is a reason, not
// left out: the officer fixes it.
func (u *unmet) contracts(contracts []Contract) map[ServiceItem]money.Amount {
	byItem := map[ServiceItem]money.Amount{}
	for _, ct := range contracts {
		if err := ct.check(); err != nil {
			u.add(err)
			continue
		}
		addContract(byItem, ct)
	}
	return byItem
}

// ItemLimit is the most vouchers may pay of a service item's contracts:
// 60% of their amount, rounded down to the fen.
func ItemLimit(contracts money.Amount) money.Amount {
	return contracts * VoucherContractPercent / 100
}

// CheckIssue checks vouchers to issue against the contracts they pay
// for: only the face values of Faces, at most VoucherYearCap in all, and
// for each item at most ItemLimit of its contracts, each contract of a
// known item and an amount within the ceiling. It returns every rule
// broken.
func CheckIssue(contracts []Contract, vs []Voucher) error {
	u := unmet{scheme: Vouchers}
	byItem := u.contracts(contracts)
	used := map[ServiceItem]money.Amount{}
	var total money.Amount
	for _, v := range vs {
		if !slices.Contains(Faces(), v.Face) {
			u.add(msg.Errorf("%w（%s）", ErrFace, v.Face))
			continue
		}
		used[v.Item] += v.Face
		total += v.Face
	}
	u.add(CheckYearCap(total))
	for _, item := range ServiceItems() {
		if limit := ItemLimit(byItem[item]); used[item] > limit {
			u.add(msg.Errorf("%w：%s合同 %s，可用 %s，现为 %s", ErrVoucherItem, item.Title(), byItem[item], limit, used[item]))
		}
	}
	for item := range used {
		if item.Title() == "" {
			u.add(msg.Errorf("%w：服务项目未知", ErrVoucherItem))
			break
		}
	}
	return u.err()
}

// ServiceVouchers works out the vouchers a small or micro enterprise
// registered here, an independent legal person, can receive for its service contracts, once a year:
// the largest faces first, item by item in the rules' order, until the
// item's 60% or the yearly ¥3,000 is reached. The error is an *Unmet
// listing every condition unmet.
func ServiceVouchers(c Case) (VoucherIssue, error) {
	a := c.Answers
	u := unmet{scheme: Vouchers}
	u.voucherSubject(a.Applicant.Local, a.LegalPerson, c.Size, c.SizeErr)
	switch a.VouchersThisYear {
	case Yes:
		u.add(ErrVoucherIssued)
	case Unknown:
		u.add(&UnansweredError{Cond: ErrVoucherIssued, Question: msg.Sprintf("本年度是否已领取服务补贴券")})
	}
	byItem := u.contracts(a.Contracts)
	if len(a.Contracts) == 0 {
		u.add(&UnansweredError{Cond: ErrNoContract, Question: msg.Sprintf("服务项目和服务合同金额")})
	}
	is := plan(byItem)
	if len(a.Contracts) > 0 && is.Total == 0 {
		u.add(ErrContractTooLow)
	}
	if err := u.err(); err != nil {
		return VoucherIssue{}, err
	}
	// The plan keeps the rules by construction; CheckIssue says so.
	if err := CheckIssue(a.Contracts, is.Vouchers); err != nil {
		return VoucherIssue{}, err
	}
	return is, nil
}

// CheckYearCap is nil when total is within the yearly ¥3,000 an
// enterprise may receive (第七条), else ErrVoucherCap with the total.
func CheckYearCap(total money.Amount) error {
	if total > VoucherYearCap {
		return msg.Errorf("%w，现为%s", ErrVoucherCap, total)
	}
	return nil
}

// plan is the vouchers the contracts' sums by item pay for: the largest
// faces first, item by item in the rules' order, until the item's 60% or
// the yearly ¥3,000 is reached.
func plan(byItem map[ServiceItem]money.Amount) VoucherIssue {
	var is VoucherIssue
	for _, item := range ServiceItems() {
		room := ItemLimit(byItem[item])
		for _, face := range Faces() {
			for room >= face && is.Total+face <= VoucherYearCap {
				is.Vouchers = append(is.Vouchers, Voucher{Item: item, Face: face})
				is.Total += face
				room -= face
			}
		}
	}
	return is
}

// PlanVouchers is the vouchers an application's contracts pay for, as
// ServiceVouchers plans them, without the questions about the enterprise:
// the register issues what this returns. A bad contract, none at all, or
// contracts whose 60% is below the smallest face is refused.
func PlanVouchers(contracts []Contract) (VoucherIssue, error) {
	u := unmet{scheme: Vouchers}
	byItem := u.contracts(contracts)
	if len(contracts) == 0 {
		u.add(ErrNoContract)
	}
	if err := u.err(); err != nil {
		return VoucherIssue{}, err
	}
	is := plan(byItem)
	if is.Total == 0 {
		return VoucherIssue{}, u.with(ErrContractTooLow)
	}
	return is, CheckIssue(contracts, is.Vouchers)
}
