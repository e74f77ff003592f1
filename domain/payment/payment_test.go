package payment

import (
	"errors"
	"strings"
	"testing"
)

// 支付系统行号: 12 digits, the last the ISO 7064 MOD 11,10 check of the
// first 11. Real codes pass; a changed check digit, a digit short or one
// over, or a letter, fail.
func TestPaymentBankCode(t *testing.T) {
	for _, good := range []string{"102100099996", "103100000026", "104100000004", "105100000017", "301290000007", "１０２１０００９９９９６", " 102100099996 "} {
		if got, err := CheckBankCode(good); err != nil || len(got) != 12 {
			t.Errorf("%q: %q %v", good, got, err)
		}
	}
	for _, bad := range []string{"102100099997", "102100099995", "10210009999", "1021000999960", "10210009999X", "", "102-100-099-996"} {
		if _, err := CheckBankCode(bad); !errors.Is(err, ErrBankCode) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// The order of the steps and the four people, as CanDo decides them.
func TestPaymentStepOrder(t *testing.T) {
	o := Order{ID: 1, Steps: []Step{{Kind: Enter, By: "1001"}}}
	if err := o.CanDo(Seal, "2002"); !errors.Is(err, ErrStepOrder) {
		t.Fatalf("编押 before 复核: %v", err)
	}
	if err := o.CanDo(Check, "1001"); !errors.Is(err, ErrSamePerson) {
		t.Fatalf("maker's 复核: %v", err)
	}
	o.Steps = append(o.Steps, Step{Kind: Mismatch, By: "1002"}, Step{Kind: Check, By: "1002"})
	if o.State() != Checked || o.Mismatches() != 1 {
		t.Fatalf("%s %d", o.State(), o.Mismatches())
	}
	if err := o.CanDo(Check, "1003"); !errors.Is(err, ErrStepOrder) {
		t.Fatalf("a second 复核: %v", err)
	}
	if err := o.CanDo(Seal, "2002"); err != nil {
		t.Fatal(err)
	}
	// Who authorized the debit at 录入 is one of the four too.
	if err := o.CanDo(Seal, "2002", "2002", ""); !errors.Is(err, ErrSamePerson) || !strings.Contains(err.Error(), "已授权本笔支付的录入") {
		t.Fatalf("the B who authorized the debit seals it: %v", err)
	}
	if err := o.CanDo(Seal, "2002", "2001", "3001"); err != nil {
		t.Fatal(err)
	}
}

func FuzzCheckBankCode(f *testing.F) {
	f.Add("102100099996")
	f.Add("１０２")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := CheckBankCode(s)
		if err == nil && (len(got) != 12 || BankCheckDigit(got[:11]) != got[11]) {
			t.Fatalf("%q accepted as %q", s, got)
		}
	})
}

func FuzzReadFile(f *testing.F) {
	f.Add([]byte("H|BDPAY1|b|0101|2026-11-23|2026-11-23T00:00:00Z|3002\nD|1|a|n|102100099996|p|q|100|x|C\nT|1|100\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, lines, err := ReadFile(data)
		if err == nil {
			for _, l := range lines {
				if l.Amount <= 0 {
					t.Fatalf("line %+v accepted", l)
				}
			}
		}
	})
}
