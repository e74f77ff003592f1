package ledger

import (
	"errors"
	"strings"
	"unicode/utf8"

	"branchdesk/domain/msg"
)

// Copies are the 联次 of a business receipt, one page each: the customer
// takes the first, the bank files the second with its journal.
var Copies = []string{"客户回单联", "银行记账联"}

// ErrBankName refuses a bank name that would not print as a receipt's title.
var ErrBankName = errors.New("银行名称须为一行、1 到 40 个字")

// CheckBankName checks the bank's name printed at the head of receipts
// (setting bank_name, from bdctl or head office's config bundle).
func CheckBankName(name string) error {
	if strings.TrimSpace(name) != name || name == "" || strings.ContainsAny(name, "\r\n\t") || utf8.RuneCountInString(name) > 40 {
		return msg.Errorf("%w：%q", ErrBankName, name)
	}
	return nil
}

// Seals the teller stamps into a receipt's seal box.
const (
	SealCash     = "现金讫章"  // cash received or paid out
	SealBusiness = "业务专用章" // transfers and reversals
)

// CustomerSigns reports whether the customer signs the bank's copy: money
// leaves their account by their own request (withdrawals, transfers out).
// A reversal is the bank's own correction, approved by an A (第十四條).
func (e Entry) CustomerSigns() bool {
	switch {
	case e.IsReversal():
		return false
	case e.Kind.IsResolution():
		// Of a suspense item's resolutions only 长款退还 pays a customer.
		return e.Kind == OverageReturned
	}
	return e.Kind.IsTransfer() || (e.Kind.IsCash() && !e.Kind.CashIn())
}

// Seal is the stamp the receipt takes: 现金讫章 where cash crossed the
// counter, 业务专用章 otherwise.
func (e Entry) Seal() string {
	if e.Kind.IsResolution() && !e.Kind.MovesCash() {
		return SealBusiness // a write-off moves no cash
	}
	if e.Kind.IsCash() && !e.IsReversal() {
		return SealCash
	}
	return SealBusiness
}
