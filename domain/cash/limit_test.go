package cash

import (
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/money"
)

// 第九条: 对业务经办现金箱，必须设置最高限额，超过限额的现金应及时上缴入库.
func TestCheckCashIn(t *testing.T) {
	limit := BoxLimit{Max: 200_000_00}
	const max = money.Amount(200_000_00)
	tests := []struct {
		name       string
		balance    money.Amount
		amount     money.Amount
		authorized bool
		warn       bool
		err        error
	}{
		{"well below", 100_000_00, 1_000_00, false, false, nil},
		{"reaches the limit exactly", max - 1_000_00, 1_000_00, false, false, nil},
		{"crosses by one fen", max - 1_000_00, 1_000_01, false, true, nil},
		{"one fen below, one fen in", max - 1, 1, false, false, nil},
		{"one fen below, two fen in", max - 1, 2, false, true, nil},
		{"at the limit, takes more", max, 1, false, true, nil},
		{"one fen above the limit", max + 1, 1, false, false, ErrOverBoxLimit},
		{"one fen above, B authorized", max + 1, 1, true, true, nil},
		{"far above, B authorized", 2 * max, 50_000_00, true, true, nil},
		{"zero amount", 0, 0, false, false, ErrNonPositive},
		{"negative amount", 0, -1, false, false, ErrNonPositive},
		{"negative balance", -1, 1, false, false, ErrNegativeCash},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			warning, err := CheckCashIn(tc.balance, tc.amount, limit, tc.authorized)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("error %v, want %v", err, tc.err)
			}
			if (warning != "") != tc.warn {
				t.Fatalf("warning %q, want one: %v", warning, tc.warn)
			}
			if tc.warn && !strings.Contains(warning, "上缴总库") {
				t.Fatalf("warning %q does not say to hand cash up", warning)
			}
		})
	}
	w, _ := CheckCashIn(max-1, 2, limit, false)
	if want := "收款后钱箱余额 ¥200,000.01 超过最高限额 ¥200,000.00，请及时上缴总库"; w != want {
		t.Fatalf("warning %q, want %q", w, want)
	}
}

// 第九条: 必须设置最高限额 — a zero or negative limit is not "unlimited".
func TestBoxLimitMustBeSet(t *testing.T) {
	for _, max := range []money.Amount{0, -1} {
		if _, err := CheckCashIn(0, 1, BoxLimit{Max: max}, true); !errors.Is(err, ErrNoBoxLimit) {
			t.Errorf("limit %s: %v", max, err)
		}
	}
	if err := (BoxLimit{Max: 1}).Validate(); err != nil {
		t.Fatal(err)
	}
}
