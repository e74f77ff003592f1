package payment

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// Batch is the orders one 发送 takes to the payment system, in one file.
type Batch struct {
	No           string // e.g. 0101-20261123-001
	Branch       string
	BusinessDate string
	Sender       string
	At           time.Time
	Orders       []Order
}

// BatchNo names a branch's n-th batch of a business date.
func BatchNo(branch, date string, n int) string {
	return fmt.Sprintf("%s-%s-%03d", branch, strings.ReplaceAll(date, "-", ""), n)
}

// FileName is the batch file's name.
func (b Batch) FileName() string { return "PAY-" + b.No + ".txt" }

// Total is the sum of the batch's amounts.
func (b Batch) Total() money.Amount {
	var t money.Amount
	for _, o := range b.Orders {
		t += o.Amount
	}
	return t
}

// File is the batch as the payment system reads it, UTF-8, one record a
// line ending in LF, fields separated by "|" (which no field may hold):
//
//	H|BDPAY1|batch|branch|business date|sent at (RFC 3339)|sender
//	D|order id|payer account|payer name|payee bank|payee account|payee name|amount in fen|purpose|code
//	T|count|total in fen
func (b Batch) File() []byte {
	var s strings.Builder
	line := func(f ...string) { s.WriteString(strings.Join(f, "|") + "\n") }
	line("H", "BDPAY1", b.No, b.Branch, b.BusinessDate, b.At.UTC().Format(time.RFC3339), b.Sender)
	for _, o := range b.Orders {
		line("D", strconv.FormatInt(o.ID, 10), o.PayerAccount, o.PayerName, o.PayeeBank, o.PayeeAccount,
			o.PayeeName, strconv.FormatInt(int64(o.Amount), 10), o.Purpose, o.Code())
	}
	line("T", strconv.Itoa(len(b.Orders)), strconv.FormatInt(int64(b.Total()), 10))
	return []byte(s.String())
}

// ErrFile is a batch file that does not read as File writes it.
var ErrFile = errors.New("支付批次文件格式不符")

// FileLine is one order line of a batch file as read back.
type FileLine struct {
	ID                                 int64
	PayerAccount, PayerName, PayeeBank string
	PayeeAccount, PayeeName, Purpose   string
	Amount                             money.Amount
	Code                               string
}

// ReadFile reads a batch file back: its header fields, its order lines,
// and checks the trailer's count and total against them.
func ReadFile(data []byte) (header []string, lines []FileLine, err error) {
	text := string(data)
	if !strings.HasSuffix(text, "\n") {
		return nil, nil, msg.Errorf("%w：末行无换行", ErrFile)
	}
	recs := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(recs) < 2 {
		return nil, nil, msg.Errorf("%w：缺少首行或尾行", ErrFile)
	}
	header = strings.Split(recs[0], "|")
	if len(header) != 7 || header[0] != "H" || header[1] != "BDPAY1" {
		return nil, nil, msg.Errorf("%w：首行", ErrFile)
	}
	var total money.Amount
	for i, r := range recs[1 : len(recs)-1] {
		f := strings.Split(r, "|")
		if len(f) != 10 || f[0] != "D" {
			return nil, nil, msg.Errorf("%w：第 %d 行", ErrFile, i+2)
		}
		id, err1 := strconv.ParseInt(f[1], 10, 64)
		amt, err2 := strconv.ParseInt(f[7], 10, 64)
		if err1 != nil || err2 != nil || amt <= 0 {
			return nil, nil, msg.Errorf("%w：第 %d 行", ErrFile, i+2)
		}
		lines = append(lines, FileLine{ID: id, PayerAccount: f[2], PayerName: f[3], PayeeBank: f[4],
			PayeeAccount: f[5], PayeeName: f[6], Amount: money.Amount(amt), Purpose: f[8], Code: f[9]})
		total += money.Amount(amt)
	}
	t := strings.Split(recs[len(recs)-1], "|")
	if len(t) != 3 || t[0] != "T" || t[1] != strconv.Itoa(len(lines)) || t[2] != strconv.FormatInt(int64(total), 10) {
		return nil, nil, msg.Errorf("%w：尾行笔数或合计与明细不符", ErrFile)
	}
	return header, lines, nil
}
