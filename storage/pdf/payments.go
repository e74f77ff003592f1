package pdf

import (
	"fmt"
	"io"
	"strconv"

	"branchdesk/assets"
	"branchdesk/domain/money"
	"branchdesk/domain/payment"
)

var (
	paymentHeaders = []string{"编号", "营业日", "付款账号", "付款人", "收款行行号", "收款账号", "收款人", "金额", "状态", "录入", "复核", "编押", "发送", "批次"}
	paymentWidths  = []float64{0.8, 1.4, 1.8, 1.2, 1.4, 1.8, 1.2, 1.4, 0.9, 0.7, 0.7, 0.7, 0.7, 2.6}
)

// WritePayments writes the register of 人民银行支付业务 (第十一条) on A4
// landscape: a row per order with who did each of the four steps, the
// amount and payee account hidden until the 复核, and a 合计 row.
func WritePayments(w io.Writer, branch, period string, orders []payment.Order) error {
	font, err := assets.LoadFont()
	if err != nil {
		return fmt.Errorf("pdf: payments: %w", err)
	}
	doc, err := newSizedDocument(font, a4Landscape)
	if err != nil {
		return fmt.Errorf("pdf: payments: %w", err)
	}
	if err := doc.header("人民银行支付业务登记簿", branch+"　"+period, false); err != nil {
		return fmt.Errorf("pdf: payments: %w", err)
	}
	rows := make([][]string, 0, len(orders)+1)
	var total money.Amount
	hidden := false
	for _, o := range orders {
		amount, payee := o.Shown()
		hidden = hidden || o.Blind()
		total += o.Amount
		rows = append(rows, []string{strconv.FormatInt(o.ID, 10), o.BusinessDate, o.PayerAccount, o.PayerName,
			o.PayeeBank, payee, o.PayeeName, amount, o.State().Title(),
			o.By(payment.Enter), o.By(payment.Check), o.By(payment.Seal), o.By(payment.Send), o.Batch()})
	}
	sum := total.String()
	if hidden {
		sum = payment.Hidden
	}
	rows = append(rows, []string{"合计", fmt.Sprintf("%d 笔", len(orders)), "", "", "", "", "", sum, "", "", "", "", "", ""})
	if err := doc.drawGrid(grid{headers: paymentHeaders, widths: paymentWidths, rows: rows, totals: 1}); err != nil {
		return fmt.Errorf("pdf: payments: %w", err)
	}
	if err := doc.note("说明：录入、复核、编押、发送栏为办理柜员号，须为四人（第十一条）；待复核的支付业务不显示金额和收款账号。"); err != nil {
		return fmt.Errorf("pdf: payments: %w", err)
	}
	if err := doc.signOff(signer{role: "制表人"}, signer{role: "网点负责人"}); err != nil {
		return fmt.Errorf("pdf: payments: %w", err)
	}
	if err := doc.finish(w); err != nil {
		return fmt.Errorf("pdf: payments: %w", err)
	}
	return nil
}
