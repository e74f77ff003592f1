package voucher

import (
	"errors"
	"testing"
)

// 第十条: 营业终了，业务主管必须对重要空白凭证进行账、实、簿三核对.
func TestThreeWay(t *testing.T) {
	cheque := mustType(t, CashCheque)
	book := mustType(t, Passbook)
	tests := []struct {
		ty                         Type
		system, physical, register int64
		msg                        string
	}{
		{cheque, 100, 100, 100, ""},
		{cheque, 0, 0, 0, ""},
		{cheque, 100, 99, 100, "现金支票 实物短 1 张（账 100 张，实物 99 张，登记簿 100 张）"},
		{cheque, 100, 101, 100, "现金支票 实物多 1 张（账 100 张，实物 101 张，登记簿 100 张）"},
		{cheque, 100, 100, 98, "现金支票 登记簿短 2 张（账 100 张，实物 100 张，登记簿 98 张）"},
		{book, 50, 49, 51, "存折 实物短 1 本、登记簿多 1 本（账 50 本，实物 49 本，登记簿 51 本）"},
		{cheque, 100, 99, 99, "现金支票 实物短 1 张、登记簿短 1 张（账 100 张，实物 99 张，登记簿 99 张）"},
	}
	for _, tc := range tests {
		err := ThreeWay(tc.ty, tc.system, tc.physical, tc.register)
		if tc.msg == "" {
			if err != nil {
				t.Errorf("%d/%d/%d: %v", tc.system, tc.physical, tc.register, err)
			}
			continue
		}
		var e *ThreeWayError
		if !errors.Is(err, ErrThreeWay) || !errors.As(err, &e) {
			t.Fatalf("%d/%d/%d: %v", tc.system, tc.physical, tc.register, err)
		}
		if err.Error() != tc.msg {
			t.Errorf("message %q, want %q", err.Error(), tc.msg)
		}
		if e.PhysicalDiff() != tc.physical-tc.system || e.RegisterDiff() != tc.register-tc.system {
			t.Errorf("diffs %d, %d", e.PhysicalDiff(), e.RegisterDiff())
		}
	}
}
