package voucher

import (
	"errors"
	"strings"
	"testing"
)

func mustType(t testing.TB, code string) Type {
	t.Helper()
	ty, err := Lookup(code)
	if err != nil {
		t.Fatal(err)
	}
	return ty
}

func TestTypes(t *testing.T) {
	names := map[string]bool{}
	for _, ty := range Types() {
		if err := ty.Validate(); err != nil {
			t.Errorf("%s: %v", ty.Name, err)
		}
		names[ty.Name] = true
	}
	for _, n := range []string{"现金支票", "转账支票", "存折", "存单", "银行卡", "业务委托书"} {
		if !names[n] {
			t.Errorf("missing %s", n)
		}
	}
	if _, err := Lookup("money_order"); !errors.Is(err, ErrUnknownType) {
		t.Fatal(err)
	}
	for _, bad := range []Type{
		{Code: "x", Name: "x", Digits: 0, Unit: "张"},
		{Code: "x", Name: "x", Digits: 19, Unit: "张"},
		{Code: "x", Name: "x", Prefix: "cz", Digits: 8, Unit: "张"},
		{Code: "x", Name: "x", Prefix: "C1", Digits: 8, Unit: "张"},
		{Code: "", Name: "x", Digits: 8, Unit: "张"},
	} {
		if err := bad.Validate(); !errors.Is(err, ErrBadType) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}

func TestFormatParse(t *testing.T) {
	cheque := mustType(t, CashCheque)
	book := mustType(t, Passbook)
	card := mustType(t, BankCard)
	tests := []struct {
		ty   Type
		in   string
		want int64
		err  error
	}{
		{cheque, "00000012", 12, nil},
		{cheque, " 00000012 ", 12, nil},
		{cheque, "99999999", 99_999_999, nil},
		{cheque, "00000001", 1, nil},
		{cheque, "00000000", 0, ErrVoucherNumberFormat},  // zero is no number
		{cheque, "0000012", 0, ErrVoucherNumberFormat},   // 7 digits
		{cheque, "000000012", 0, ErrVoucherNumberFormat}, // 9 digits
		{cheque, "0000001a", 0, ErrVoucherNumberFormat},
		{cheque, "+0000012", 0, ErrVoucherNumberFormat},
		{cheque, "-0000012", 0, ErrVoucherNumberFormat},
		{cheque, "０００００００１", 0, ErrVoucherNumberFormat}, // fullwidth
		{cheque, "", 0, ErrVoucherNumberFormat},
		{book, "CZ00001234", 1234, nil},
		{book, "cz00001234", 1234, nil},
		{book, "00001234", 0, ErrVoucherNumberFormat},
		{book, "CD00001234", 0, ErrVoucherNumberFormat},
		{book, "CZ0001234", 0, ErrVoucherNumberFormat},
		{card, "0000000001", 1, nil},
		{card, "00000001", 0, ErrVoucherNumberFormat},
	}
	for _, tc := range tests {
		got, err := tc.ty.Parse(tc.in)
		if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) || got != tc.want {
			t.Errorf("%s Parse(%q) = %d, %v; want %d, %v", tc.ty.Name, tc.in, got, err, tc.want, tc.err)
		}
	}
	if got := book.Format(1234); got != "CZ00001234" {
		t.Fatalf("Format = %q", got)
	}
	_, err := book.Parse("1234")
	if want := "凭证号码格式不正确：存折号码应为CZ 加 8 位数字，如 CZ00000001"; err.Error() != want {
		t.Fatalf("message %q, want %q", err.Error(), want)
	}
	if got := cheque.Max(); got != 99_999_999 {
		t.Fatalf("Max = %d", got)
	}
}

// The number a teller types or scans is outside input: it never panics,
// and what it accepts reads back the same.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"00000012", "CZ00000012", "cz00000012", "", "0", "00000000",
		"99999999", "CZ", "CZ-0000001", " 00000001 ", "ＣＺ00000001", "\xff\xfe", "CZ９0000001"} {
		f.Add(s)
	}
	types := Types()
	f.Fuzz(func(t *testing.T, s string) {
		for _, ty := range types {
			n, err := ty.Parse(s)
			if err != nil {
				if n != 0 || !errors.Is(err, ErrVoucherNumberFormat) {
					t.Fatalf("%s Parse(%q) = %d, %v", ty.Name, s, n, err)
				}
				continue
			}
			if n <= 0 || n > ty.Max() {
				t.Fatalf("%s Parse(%q) = %d outside 1..%d", ty.Name, s, n, ty.Max())
			}
			if got, want := ty.Format(n), strings.ToUpper(strings.TrimSpace(s)); got != want {
				t.Fatalf("%s Format(Parse(%q)) = %q, want %q", ty.Name, s, got, want)
			}
		}
	})
}
