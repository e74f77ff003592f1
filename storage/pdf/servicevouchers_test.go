package pdf

import (
	"io"
	"strings"
	"testing"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/support"
	"branchdesk/domain/support/supporttest"
)

// TestVoucherRegisterPDF: every application, voucher, redemption and
// settlement of the year comes through, with the budget in figures.
func TestVoucherRegisterPDF(t *testing.T) {
	r, err := support.ReplayRegister(nil)
	if err != nil {
		t.Fatal(err)
	}
	st := support.Stamp{On: "2026-11-23", By: "2001"}
	must := func(_ []support.RegisterEvent, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.AddBudget(2026, 4000_00, st))
	first := supporttest.Apply("91350100M000100Y43", "武汉示范商贸有限公司", support.Contract{Item: support.Legal, Amount: 5000_00})
	first.ID = "FW0001"
	must(r.Apply(first, enterprise.Default(), st))
	second := supporttest.Apply("91420100MA4K00001U", "湖北示范科技有限公司", support.Contract{Item: support.TaxAgency, Amount: 2500_00})
	second.ID, second.Applicant.Employees, second.Applicant.FoundedOn = "FW0002", support.Give(8), "2024-06-01" // micro, founded within three years
	must(r.Apply(second, enterprise.Default(), st))
	must(r.Redeem(support.RedeemRequest{ID: "DY0003", App: "FW0001", Presenter: "91350100M000100Y43", Numbers: []string{"FW0001-1", "FW0001-2"},
		Institution: "武汉示范律师事务所", ContractNo: "HT-001", Item: support.Legal, ContractAmount: 5000_00}, st))
	must(r.Settle("DY0003", st))
	must(r.Cancel("FW0002", "服务合同弄虚作假", st))
	text := extractKept(t, "servicevouchers", func(w io.Writer) error { return WriteServiceVouchers(w, "0101 示范支行营业部", 2026, r) })
	mustContain(t, text, "小微企业服务补贴券登记簿", "网点：0101 示范支行营业部", "年度：2026",
		"1 FW0001 武汉示范商贸有限公司 91350100M000100Y43 小型 2026-11-23 已发放 2026-11-23 ¥3,000.00 2026-12-31",
		"2 FW0002 湖北示范科技有限公司 91420100MA4K00001U 微型 2026-11-23 已作废 服务合同弄虚作假", "创办三年以内",
		"FW0001-1 武汉示范商贸有限公司 法律顾问服务 ¥1,000.00 2026-12-31 已兑用 DY0003",
		"FW0001-3 武汉示范商贸有限公司 法律顾问服务 ¥1,000.00 2026-12-31",
		"DY0003 武汉示范律师事务所 HT-001 法律顾问服务 ¥5,000.00 FW0001-1、FW0001-2 ¥2,000.00 2026-11-23 已结算 2026-11-23",
		"年度额度 ¥4,000.00，已占用 ¥3,000.00，余额 ¥1,000.00；申请 2 户，已发放 1 户 ¥3,000.00，候补 0 户，作废 1 户；",
		"兑用 1 笔 ¥2,000.00，已结算 1 笔 ¥2,000.00，待结算 ¥0.00。", "登记人", "复核人", "网点负责人")
	if strings.Contains(text, "FW0002-1") {
		t.Error("a cancelled waiting application shows vouchers")
	}
}
