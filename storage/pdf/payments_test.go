package pdf

import (
	"io"
	"strings"
	"testing"

	"branchdesk/domain/payment"
)

// The register lists every order with the four people, hides the amount
// and payee account of one still to be checked, and sums the rest.
func TestPaymentRegisterPDF(t *testing.T) {
	o := func(id int64, steps ...string) payment.Order {
		p := payment.Order{ID: id, BusinessDate: "2026-11-23", PayerAccount: "4100000000000001", PayerName: "示范商贸",
			PayeeAccount: "6222020200001234", PayeeName: "上海贸易", PayeeBank: "102100099996", Amount: 12_345_67}
		for i, by := range steps {
			p.Steps = append(p.Steps, payment.Step{Kind: payment.Steps[i], By: by})
		}
		if len(steps) == 4 {
			p.Steps[3].Batch = "0101-20261123-001"
		}
		return p
	}
	sent := []payment.Order{o(1, "1001", "1002", "2002", "3002"), o(2, "1001", "1002")}
	text := extractKept(t, "payments", func(w io.Writer) error {
		return WritePayments(w, "示范支行营业部", "营业日 2026-11-23", sent)
	})
	mustContain(t, text, "人民银行支付业务登记簿", "示范支行营业部", "营业日 2026-11-23",
		"4100000000000001", "102100099996", "6222020200001234", "¥12,345.67", "已发送", "待编押",
		"1001", "1002", "2002", "3002", "0101-20261123-001", "合计", "2 笔", "¥24,691.34", "制表人：", "网点负责人：")
	blind := append(sent, o(3, "1001"))
	text = extractKept(t, "payments-blind", func(w io.Writer) error {
		return WritePayments(w, "示范支行营业部", "营业日 2026-11-23", blind)
	})
	mustContain(t, text, "待复核", "******", "3 笔")
	if strings.Contains(squeeze(text), squeeze("¥37,036.01")) {
		t.Error("the total shows an amount still to be checked")
	}
}
