package pdf

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"branchdesk/assets"
	"branchdesk/domain/support"
)

// The register's three tables; the cells are filled in this order.
var (
	voucherAppHeaders = []string{"序号", "编号", "企业名称", "统一社会信用代码", "企业规模", "申请日期", "状态", "发放日期",
		"合计面值", "有效期至", "作废原因"}
	voucherAppWidths  = []float64{0.5, 1.6, 2.3, 2.7, 1.4, 1.3, 0.9, 1.3, 1.3, 1.3, 1.9}
	voucherNumHeaders = []string{"券号", "企业名称", "服务项目", "面值", "有效期至", "兑用"}
	voucherNumWidths  = []float64{2.2, 3.2, 1.8, 1.4, 1.4, 2.4}
	voucherRedHeaders = []string{"兑用号", "服务机构", "合同编号", "服务项目", "合同金额", "券号", "兑用金额", "兑用日期", "结算"}
	voucherRedWidths  = []float64{1.8, 2.6, 1.4, 1.4, 1.4, 2.6, 1.3, 1.3, 2.2}
)

// WriteServiceVouchers writes a year of the service-voucher register
// (小微企业服务补贴券登记簿) of branch on A4 landscape: every application
// in the order it was made with its vouchers, every redemption with its
// settlement, the year's budget in figures, and lines for signatures.
func WriteServiceVouchers(w io.Writer, branch string, year int, r *support.Register) error {
	font, err := assets.LoadFont()
	if err != nil {
		return fmt.Errorf("pdf: service vouchers: %w", err)
	}
	doc, err := newSizedDocument(font, a4Landscape)
	if err != nil {
		return fmt.Errorf("pdf: service vouchers: %w", err)
	}
	if err := writeServiceVouchers(doc, branch, year, r); err != nil {
		return fmt.Errorf("pdf: service vouchers: %w", err)
	}
	if err := doc.finish(w); err != nil {
		return fmt.Errorf("pdf: service vouchers: %w", err)
	}
	return nil
}

func writeServiceVouchers(doc *document, branch string, year int, r *support.Register) error {
	if err := doc.header("小微企业服务补贴券登记簿", fmt.Sprintf("网点：%s　年度：%d", branch, year), false); err != nil {
		return err
	}
	apps := r.Applications(year)
	var rows, nums [][]string
	for i, a := range apps {
		rows = append(rows, voucherAppCells(i+1, a))
		for _, v := range a.Vouchers {
			used := ""
			if red := a.Redeemed[v.Number]; red != "" {
				used = "已兑用 " + red
			} else if a.State == support.Cancelled {
				used = "作废"
			}
			nums = append(nums, []string{v.Number, a.Name, v.Item.Title(), v.Face.String(), a.Expires, used})
		}
	}
	if err := doc.heading("申请、发放与作废", 40); err != nil {
		return err
	}
	if err := doc.drawGrid(grid{headers: voucherAppHeaders, widths: voucherAppWidths, rows: rows}); err != nil {
		return err
	}
	if err := doc.heading("记名服务补贴券", 40); err != nil {
		return err
	}
	if err := doc.drawGrid(grid{headers: voucherNumHeaders, widths: voucherNumWidths, rows: nums}); err != nil {
		return err
	}
	rows = nil
	for _, red := range r.Redemptions() {
		if a, _ := r.Application(red.App); a.Year == year {
			rows = append(rows, voucherRedCells(red))
		}
	}
	if err := doc.heading("兑用与结算", 40); err != nil {
		return err
	}
	if err := doc.drawGrid(grid{headers: voucherRedHeaders, widths: voucherRedWidths, rows: rows}); err != nil {
		return err
	}
	s := r.Summary(year)
	if err := doc.note(fmt.Sprintf("年度额度 %s，已占用 %s，余额 %s；申请 %d 户，已发放 %d 户 %s，候补 %d 户，作废 %d 户；"+
		"兑用 %d 笔 %s，已结算 %d 笔 %s，待结算 %s。", s.Budget, s.Used, s.Remaining, s.Applications, s.IssuedCount, s.Issued,
		s.Waiting, s.CancelledCount, s.Redemptions, s.Redeemed, s.Settlements, s.Settled, s.Unsettled)); err != nil {
		return err
	}
	return doc.signOff(signer{role: "登记人"}, signer{role: "复核人"}, signer{role: "网点负责人"})
}

// voucherAppCells is one application, in voucherAppHeaders' order.
func voucherAppCells(n int, a support.Application) []string {
	total, expires := "", ""
	if a.WasIssued {
		total, expires = a.Plan.Total.String(), a.Expires
	}
	return []string{strconv.Itoa(n), a.ID, a.Name, a.Code, voucherSizeText(a), a.AppliedOn, a.State.Title(), a.IssuedOn, total, expires, a.Reason}
}

// voucherSizeText is the size class an application was accepted as
// (第五条), and 创办三年以内 when it has that priority; empty on rows from
// before the register asked.
func voucherSizeText(a support.Application) string {
	if a.Priority() {
		return a.Size.Title() + "\n创办三年以内"
	}
	return a.Size.Title()
}

// voucherRedCells is one redemption, in voucherRedHeaders' order.
func voucherRedCells(red support.Redemption) []string {
	settled := "未结算"
	if red.Settled {
		settled = "已结算 " + red.SettledOn
	}
	return []string{red.ID, red.Institution, red.ContractNo, red.Item.Title(), red.ContractAmount.String(),
		strings.Join(red.Numbers, "、"), red.Amount.String(), red.On, settled}
}
