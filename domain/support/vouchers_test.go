package support

import (
	"errors"
	"testing"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
)

// 种子003第四部分 第七条: 服务补贴券票面额度分1000元、500元两种券面.
func TestVoucherFaces(t *testing.T) {
	contracts := []Contract{{Item: Legal, Amount: 10_000_00}}
	for face, ok := range map[money.Amount]bool{
		1000_00: true, 999_99: false, 1000_01: false,
		500_00: true, 499_99: false, 500_01: false,
	} {
		err := CheckIssue(contracts, []Voucher{{Item: Legal, Face: face}})
		if ok != (err == nil) || !ok && !errors.Is(err, ErrFace) {
			t.Errorf("face %s: %v", face, err)
		}
	}
}

// 第七条: 单个企业领取总额不超过3000元. One unit is one ¥500 voucher.
func TestVoucherYearCap(t *testing.T) {
	contracts := []Contract{{Item: ECommerce, Amount: 100_000_00}}
	issue := func(n1000, n500 int) []Voucher {
		var vs []Voucher
		for range n1000 {
			vs = append(vs, Voucher{Item: ECommerce, Face: 1000_00})
		}
		for range n500 {
			vs = append(vs, Voucher{Item: ECommerce, Face: 500_00})
		}
		return vs
	}
	if err := CheckIssue(contracts, issue(2, 1)); err != nil { // ¥2,500
		t.Fatal(err)
	}
	if err := CheckIssue(contracts, issue(3, 0)); err != nil { // ¥3,000
		t.Fatal(err)
	}
	wantReasons(t, CheckIssue(contracts, issue(3, 1)), Vouchers, ErrVoucherCap) // ¥3,500
}

// 第七条: 每个项目可使用的服务补贴券金额不超过当年签约服务合同金额的60%.
// ¥1,500 of vouchers needs a contract of ¥2,500.00.
func TestVoucherSixtyPercentOfTheContract(t *testing.T) {
	vs := []Voucher{{Item: TaxAgency, Face: 1000_00}, {Item: TaxAgency, Face: 500_00}}
	for contract, ok := range map[money.Amount]bool{2499_99: false, 2500_00: true, 2500_01: true} {
		err := CheckIssue([]Contract{{Item: TaxAgency, Amount: contract}}, vs)
		if ok != (err == nil) || !ok && !errors.Is(err, ErrVoucherItem) {
			t.Errorf("contract %s: %v", contract, err)
		}
	}
	// The limit is per item: a legal contract does not pay for tax agency.
	err := CheckIssue([]Contract{{Item: Legal, Amount: 10_000_00}}, vs)
	wantReasons(t, err, Vouchers, ErrVoucherItem)
	if got := ItemLimit(833_33); got != 499_99 { // ¥499.998: rounded down
		t.Fatalf("ItemLimit(¥833.33) = %s", got)
	}
}

// The plan: the largest faces first, up to 60% of each item and ¥3,000 a
// year; a contract whose 60% is under ¥500 gets nothing.
func TestServiceVouchersPlan(t *testing.T) {
	for _, tc := range []struct {
		contracts []Contract
		total     money.Amount
		faces     []money.Amount
	}{
		{[]Contract{{Financing, 5000_00}}, 3000_00, []money.Amount{1000_00, 1000_00, 1000_00}},
		{[]Contract{{Financing, 4999_99}}, 2500_00, []money.Amount{1000_00, 1000_00, 500_00}},
		{[]Contract{{Financing, 833_34}}, 500_00, []money.Amount{500_00}},
		{[]Contract{{TaxAgency, 2500_00}, {Financing, 5000_00}}, 3000_00, []money.Amount{1000_00, 500_00, 1000_00, 500_00}},
		{[]Contract{{Legal, 1000_00}, {Legal, 1500_00}}, 1500_00, []money.Amount{1000_00, 500_00}},
	} {
		c := eligible()
		c.Answers.Contracts = tc.contracts
		is, err := ServiceVouchers(c)
		if err != nil || is.Total != tc.total || len(is.Vouchers) != len(tc.faces) {
			t.Fatalf("%v: %+v, %v", tc.contracts, is, err)
		}
		for i, f := range tc.faces {
			if is.Vouchers[i].Face != f {
				t.Fatalf("%v: voucher %d is %s, want %s", tc.contracts, i, is.Vouchers[i].Face, f)
			}
		}
	}
	c := eligible()
	c.Answers.Contracts = []Contract{{Financing, 833_33}}
	_, err := ServiceVouchers(c)
	wantReasons(t, err, Vouchers, ErrContractTooLow)
}

// 第十五条: 每家小微企业每年只能领取一次服务补贴券；第五条: 在本市注册登记的
// 小微企业.
func TestServiceVouchersOncePerYear(t *testing.T) {
	c := eligible()
	c.Answers.VouchersThisYear = Yes
	_, err := ServiceVouchers(c)
	wantReasons(t, err, Vouchers, ErrVoucherIssued)
	if errors.Is(err, ErrUnanswered) {
		t.Fatal("a yes is not unanswered")
	}
	c.Answers = Answers{}
	c.Size = enterprise.Medium
	_, err = ServiceVouchers(c)
	wantReasons(t, err, Vouchers, ErrSize, ErrNotLocal, ErrNotLegalPerson, ErrVoucherIssued, ErrNoContract)
}

// 第五条: 具有独立法人资格 — asked by the assessment as by the register, so
// the assessment never offers vouchers the register would refuse: no is
// refused, no answer is unanswered, yes qualifies.
func TestServiceVouchersLegalPerson(t *testing.T) {
	c := eligible()
	for _, ans := range []Answer{No, Unknown} {
		c.Answers.LegalPerson = ans
		_, err := ServiceVouchers(c)
		wantReasons(t, err, Vouchers, ErrNotLegalPerson)
		if errors.Is(err, ErrUnanswered) != (ans == Unknown) {
			t.Fatalf("answer %v: unanswered %v", ans, errors.Is(err, ErrUnanswered))
		}
	}
	c.Answers.LegalPerson = Yes
	if _, err := ServiceVouchers(c); err != nil {
		t.Fatal(err)
	}
}

// 第十四条: 凭服务合同兑付. A contract of no known service item, of a
// negative amount or of one above the ceiling of RULES §1 is refused, not
// left out quietly, even beside a good one.
func TestServiceVouchersInvalidContract(t *testing.T) {
	good := Contract{Item: Financing, Amount: 5000_00}
	ceiling := money.DefaultCeiling
	for _, tc := range []struct {
		name string
		bad  Contract
		ok   bool
	}{
		{"no item", Contract{Item: 0, Amount: 1000_00}, false},
		{"unknown item", Contract{Item: ECommerce + 1, Amount: 1000_00}, false},
		{"negative", Contract{Item: Financing, Amount: -1}, false},
		{"zero", Contract{Item: Legal, Amount: 0}, true},
		{"ceiling", Contract{Item: Legal, Amount: ceiling}, true},
		{"above the ceiling", Contract{Item: Legal, Amount: ceiling + 1}, false},
		{"2⁶¹ fen", Contract{Item: Financing, Amount: 1 << 61}, false},
	} {
		c := eligible()
		c.Answers.Contracts = []Contract{good, tc.bad}
		is, err := ServiceVouchers(c)
		if tc.ok {
			if err != nil || is.Total != VoucherYearCap {
				t.Fatalf("%s: %+v, %v", tc.name, is, err)
			}
			continue
		}
		wantReasons(t, err, Vouchers, ErrNoContract)
		if tc.bad.Amount > ceiling != errors.Is(err, money.ErrTooLarge) {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if is.Total != 0 {
			t.Fatalf("%s: vouchers %+v with the refusal", tc.name, is)
		}
	}
}

// A bad contract is listed beside the other reasons, not found only once
// everything else is met.
func TestServiceVouchersInvalidContractAmongOtherReasons(t *testing.T) {
	for _, bad := range []Contract{{Item: 0, Amount: 1000_00}, {Item: Financing, Amount: -1}, {Item: Legal, Amount: money.DefaultCeiling + 1}} {
		c := eligible()
		c.Answers.VouchersThisYear = Yes
		c.Answers.Contracts = []Contract{{Item: Financing, Amount: 5000_00}, bad}
		_, err := ServiceVouchers(c)
		wantReasons(t, err, Vouchers, ErrVoucherIssued, ErrNoContract)
	}
}

// CheckIssue takes contracts from outside too: the same contracts are
// refused there.
func TestCheckIssueInvalidContract(t *testing.T) {
	vs := []Voucher{{Item: Legal, Face: 500_00}}
	for _, bad := range []Contract{{Item: 0, Amount: 1000_00}, {Item: Legal, Amount: -1}, {Item: Legal, Amount: money.DefaultCeiling + 1}} {
		err := CheckIssue([]Contract{{Item: Legal, Amount: 10_000_00}, bad}, vs)
		wantReasons(t, err, Vouchers, ErrNoContract)
	}
	if err := CheckIssue([]Contract{{Item: Legal, Amount: money.DefaultCeiling}}, vs); err != nil {
		t.Fatal(err)
	}
}
