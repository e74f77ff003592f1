// Package payment holds 人民银行支付业务 orders and the four steps each
// goes through (第十一条: 人民银行支付业务的录入、复核、编押、发送均应分人
// 承担): who did which step, the blind re-key of the 复核, the 编押 code
// (押) over every field, and the outgoing batch file for the payment
// system. Pure rules: no SQL, no files.
package payment

import (
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// StepKind is one of the four steps of an order, or a refused 复核.
type StepKind string

// The four steps, in order, and the re-key mismatch a 复核 may record.
const (
	Enter    StepKind = "enter" // 录入
	Check    StepKind = "check" // 复核
	Seal     StepKind = "seal"  // 编押
	Send     StepKind = "send"  // 发送
	Mismatch StepKind = "check_mismatch"
)

// Steps are the four steps in the order an order goes through them.
var Steps = []StepKind{Enter, Check, Seal, Send}

// Title is the step's Chinese name.
func (k StepKind) Title() string {
	switch k {
	case Enter:
		return "录入"
	case Check:
		return "复核"
	case Seal:
		return "编押"
	case Send:
		return "发送"
	case Mismatch:
		return "复核不符"
	}
	return string(k)
}

// State is where an order stands: the last of the four steps done.
type State string

// The states of an order.
const (
	Entered State = "entered"
	Checked State = "checked"
	Sealed  State = "sealed"
	Sent    State = "sent"
	// Returned is an order whose debit an A reversed (冲正) before it was
	// sent: the money went back to the payer, nothing is to be sent.
	Returned State = "returned"
)

// Title is the state in Chinese.
func (s State) Title() string {
	switch s {
	case Entered:
		return "待复核"
	case Checked:
		return "待编押"
	case Sealed:
		return "待发送"
	case Sent:
		return "已发送"
	case Returned:
		return "已退回（录入冲正）"
	}
	return string(s)
}

// Step is one row of an order's history; none is ever rewritten.
type Step struct {
	Order int64
	Kind  StepKind
	By    string
	Code  string // 编押: the code computed
	Batch string // 发送: the batch the order went in
	At    time.Time
}

// Order is a payment order as keyed at 录入, with the steps done since.
type Order struct {
	ID           int64
	Branch       string
	BusinessDate string // the day it was keyed
	PayerAccount string // a customer account of the branch
	PayerName    string
	PayeeAccount string
	PayeeName    string
	PayeeBank    string // 收款行行号, 12 digits
	Amount       money.Amount
	Purpose      string
	EntryID      int64 // the debit posted at 录入
	ReversedBy   int64 // the reversal of that debit, 0 while there is none
	Steps        []Step
}

// State is the last of the four steps done, or Returned once the debit is
// reversed (which only an order not yet sent may be).
func (o Order) State() State {
	if o.ReversedBy != 0 {
		return Returned
	}
	st := Entered
	for _, s := range o.Steps {
		switch s.Kind {
		case Check:
			st = Checked
		case Seal:
			st = Sealed
		case Send:
			st = Sent
		}
	}
	return st
}

// Step is the order's row of a step, if done.
func (o Order) Step(k StepKind) (Step, bool) {
	for _, s := range o.Steps {
		if s.Kind == k {
			return s, true
		}
	}
	return Step{}, false
}

// By is who did a step, or "".
func (o Order) By(k StepKind) string {
	s, _ := o.Step(k)
	return s.By
}

// Code is the 编押 code, or "" before 编押.
func (o Order) Code() string {
	s, _ := o.Step(Seal)
	return s.Code
}

// Batch is the batch the order was sent in, or "".
func (o Order) Batch() string {
	s, _ := o.Step(Send)
	return s.Batch
}

// Mismatches counts the refused re-keys of its 复核.
func (o Order) Mismatches() int {
	n := 0
	for _, s := range o.Steps {
		if s.Kind == Mismatch {
			n++
		}
	}
	return n
}

// Blind reports whether the amount and the payee account are kept off
// screens and registers: until the 复核 has re-keyed them.
func (o Order) Blind() bool { return o.State() == Entered }

// Errors of payment orders.
var (
	ErrBankCode     = errors.New("收款行行号须为12位数字，且校验位正确（支付系统行号）")
	ErrPayeeAccount = errors.New("收款账号须为 6 至 32 位数字")
	ErrPayeeName    = errors.New("请输入收款人户名（不超过 60 字）")
	ErrPurpose      = errors.New("请输入用途（不超过 60 字）")
	ErrText         = errors.New("户名和用途不能含竖线“|”或换行")
	// ErrSamePerson is 第十一条: one person, one step of an order.
	ErrSamePerson = errors.New("违反第十一条“录入、复核、编押、发送均应分人承担”")
	ErrStepOrder  = errors.New("支付业务须依次录入、复核、编押、发送")
	ErrRekey      = errors.New("复核不符：重新录入的金额或收款账号与录入的不一致，未复核，已记录")
	ErrCode       = errors.New("押码核对不符：支付指令与编押时不一致，不能发送")
	ErrNoKey      = errors.New("本机未配置编押密钥")
	ErrNothing    = errors.New("没有待发送的支付业务（须先编押）")
)

// digits reads full-width digits as ASCII ones and drops spaces.
func digits(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case r == ' ' || r == '\u3000':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// CheckBankCode checks a 支付系统行号: 12 digits (3 of bank, 4 of area,
// 4 of branch) whose last is the ISO 7064 MOD 11,10 check digit of the
// first 11 (GB/T 17710). It returns the code as digits.
func CheckBankCode(s string) (string, error) {
	s = digits(s)
	if len(s) != 12 || !allDigits(s) {
		return "", ErrBankCode
	}
	if BankCheckDigit(s[:11]) != s[11] {
		return "", ErrBankCode
	}
	return s, nil
}

// BankCheckDigit is the ISO 7064 MOD 11,10 check digit of a digit string.
func BankCheckDigit(s string) byte {
	p := 10
	for _, r := range s {
		t := (p + int(r-'0')) % 10
		if t == 0 {
			t = 10
		}
		p = t * 2 % 11
	}
	return byte('0' + (11-p)%10)
}

// text checks a name or purpose: present, at most 60 characters, and
// nothing that would break a line of the outgoing file.
func text(s string, missing error) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > 60 {
		return "", missing
	}
	for _, r := range s {
		if r == '|' || unicode.IsControl(r) {
			return "", ErrText
		}
	}
	return s, nil
}

// Normalize checks what the teller keyed at 录入 and gives it back
// trimmed: payee account, name, bank code and purpose. The payer and the
// amount are the posting's to check.
func (o Order) Normalize() (Order, error) {
	var err error
	if o.PayeeBank, err = CheckBankCode(o.PayeeBank); err != nil {
		return o, err
	}
	o.PayeeAccount = digits(o.PayeeAccount)
	if n := len(o.PayeeAccount); n < 6 || n > 32 || !allDigits(o.PayeeAccount) {
		return o, ErrPayeeAccount
	}
	if o.PayeeName, err = text(o.PayeeName, ErrPayeeName); err != nil {
		return o, err
	}
	if o.Purpose, err = text(o.Purpose, ErrPurpose); err != nil {
		return o, err
	}
	if o.Amount <= 0 {
		return o, money.ErrZero
	}
	return o, nil
}

// CanDo refuses a step that is not the order's next, and a person who
// did another step of the same order (第十一条) or authorized its debit at
// 录入 (authorizers: the B and A who signed it, if any).
func (o Order) CanDo(k StepKind, who string, authorizers ...string) error {
	want := map[State]StepKind{Entered: Check, Checked: Seal, Sealed: Send}[o.State()]
	if k != want {
		return msg.Errorf("%w：第 %d 笔当前%s，不能%s", ErrStepOrder, o.ID, o.State().Title(), k.Title())
	}
	for _, s := range Steps {
		if s != k && o.By(s) == who {
			return msg.Errorf("%w：柜员 %s 已办理本笔支付的%s，不能再%s", ErrSamePerson, who, s.Title(), k.Title())
		}
	}
	for _, a := range authorizers {
		if a != "" && a == who {
			return msg.Errorf("%w：柜员 %s 已授权本笔支付的录入，不能再%s", ErrSamePerson, who, k.Title())
		}
	}
	return nil
}

// Rekey is the 复核's blind re-keying of an order: the amount and the
// payee account, compared with what was keyed at 录入.
func (o Order) Rekey(amount money.Amount, payeeAccount string) error {
	if amount != o.Amount || digits(payeeAccount) != o.PayeeAccount {
		return ErrRekey
	}
	return nil
}

// Hidden is what a register shows for the amount and the payee account
// of an order still to be checked, so the 复核 re-keys them blind.
const Hidden = "******"

// Shown is the amount and payee account as a register shows them.
func (o Order) Shown() (amount, payeeAccount string) {
	if o.Blind() {
		return Hidden, Hidden
	}
	return o.Amount.String(), o.PayeeAccount
}
