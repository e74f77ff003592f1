package voucher

import (
	"errors"
	"testing"
)

// teller 1001 holds cash cheques 1–25 and 101–125; 1–3 are used, 4 voided,
// 5 sold; 120–125 went back to the keeper. Teller 1002 holds 26–50.
func holding(t testing.TB) Holding {
	return Holding{
		Teller: "1001",
		Type:   mustType(t, CashCheque),
		Ranges: []Range{{CashCheque, 101, 125}, {CashCheque, 1, 25}},
		WrittenOff: map[int64]State{
			1: Used, 2: Used, 3: Used, 4: Voided, 5: Sold,
			120: Returned, 121: Returned, 122: Returned, 123: Returned, 124: Returned, 125: Returned,
		},
	}
}

// 第十条: 签发重要空白凭证时必须顺序使用，逐份销号.
func TestNextNumber(t *testing.T) {
	h := holding(t)
	if n, err := NextNumber(h); err != nil || n != 6 {
		t.Fatalf("NextNumber = %d, %v; want 6", n, err)
	}
	for n := int64(6); n <= 25; n++ {
		h.WrittenOff[n] = Used
	}
	if n, _ := NextNumber(h); n != 101 {
		t.Fatalf("after the first range: %d, want 101", n)
	}
	for n := int64(101); n <= 119; n++ {
		h.WrittenOff[n] = Used
	}
	// 120–125 were returned: the teller has nothing left.
	if _, err := NextNumber(h); !errors.Is(err, ErrExhausted) {
		t.Fatalf("exhausted: %v", err)
	}
	h.WrittenOff[6] = Issued // re-issued after a return: a blank again
	if n, _ := NextNumber(h); n != 6 {
		t.Fatalf("issued state counts as blank: %d", n)
	}
	if _, err := NextNumber(Holding{Type: h.Type}); !errors.Is(err, ErrExhausted) {
		t.Fatalf("nothing issued: %v", err)
	}
}

func TestCheckUse(t *testing.T) {
	tests := []struct {
		name string
		n    int64
		err  error
	}{
		{"the next number", 6, nil},
		// 第十条: 顺序使用 — one past the next number is a skip.
		{"skipped one", 7, ErrSkipped},
		{"skipped to the second range", 101, ErrSkipped},
		// 逐份销号: a written-off number is never used twice.
		{"repeated", 3, ErrAlreadyUsed},
		{"sold", 5, ErrAlreadyUsed},
		{"voided", 4, ErrVoided},
		{"another teller's", 26, ErrNotYours},
		{"never issued", 500, ErrNotYours},
		{"returned to the keeper", 120, ErrNotYours},
		{"zero", 0, ErrRange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckUse(holding(t), tc.n)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("CheckUse(%d) = %v, want %v", tc.n, err, tc.err)
			}
		})
	}
	err := CheckUse(holding(t), 8)
	var s *SkippedError
	if !errors.As(err, &s) || s.Next != 6 || s.Number != 8 {
		t.Fatalf("%v", err)
	}
	if want := "须按顺序使用，下一张应为 现金支票 00000006（不是 00000008）"; err.Error() != want {
		t.Fatalf("message %q, want %q", err.Error(), want)
	}
	if err := CheckUse(holding(t), 3); err.Error() != "凭证号码已使用，不能重复使用：现金支票 00000003（已使用）" {
		t.Fatalf("message %q", err)
	}
}

// 第十条: 出售重要空白凭证，必须核对客户提供的预留银行签章.
func TestCheckSell(t *testing.T) {
	tests := []struct {
		name string
		r    Range
		seal string
		err  error
	}{
		{"a book from the next number", Range{CashCheque, 6, 25}, "1001", nil},
		{"a single cheque", Range{CashCheque, 6, 6}, "1001", nil},
		{"seal not checked", Range{CashCheque, 6, 25}, "", ErrSealNotChecked},
		{"not from the next number", Range{CashCheque, 7, 25}, "1001", ErrSkipped},
		{"over a used number", Range{CashCheque, 1, 25}, "1001", ErrAlreadyUsed},
		{"one past the teller's range", Range{CashCheque, 6, 26}, "1001", ErrNotYours},
		{"another type", Range{TransferCheque, 6, 25}, "1001", ErrNotYours},
		{"reversed range", Range{CashCheque, 25, 6}, "1001", ErrRange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckSell(holding(t), tc.r, tc.seal)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("CheckSell = %v, want %v", err, tc.err)
			}
		})
	}
}

// 第十条: 重要空白凭证作废时，必须加盖“作废”章 — with a reason and another's authorization.
func TestCheckVoid(t *testing.T) {
	tests := []struct {
		name               string
		n                  int64
		reason, authorizer string
		err                error
	}{
		{"spoiled next number", 6, "金额填写错误", "2001", nil},
		{"damaged blank further on", 20, "印刷破损", "2001", nil},
		{"no reason", 6, "", "2001", ErrVoidReason},
		{"no authorizer", 6, "金额填写错误", "", ErrVoidNeedsAuth},
		{"teller authorizes own void", 6, "金额填写错误", "1001", ErrVoidNeedsAuth},
		{"already voided", 4, "重复", "2001", ErrVoided},
		{"already used", 1, "填错", "2001", ErrAlreadyUsed},
		{"another teller's", 30, "填错", "2001", ErrNotYours},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckVoid(holding(t), tc.n, tc.reason, tc.authorizer)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("CheckVoid = %v, want %v", err, tc.err)
			}
		})
	}
}

func TestCheckReturn(t *testing.T) {
	tests := []struct {
		name string
		r    Range
		err  error
	}{
		{"the unused rest", Range{CashCheque, 6, 25}, nil},
		{"unused part of the second range", Range{CashCheque, 101, 119}, nil},
		{"one used number at the edge", Range{CashCheque, 5, 25}, ErrAlreadyUsed},
		{"a voided number", Range{CashCheque, 4, 4}, ErrVoided},
		{"already returned", Range{CashCheque, 119, 120}, ErrNotYours},
		{"another teller's", Range{CashCheque, 25, 26}, ErrNotYours},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckReturn(holding(t), tc.r)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("CheckReturn = %v, want %v", err, tc.err)
			}
		})
	}
}
