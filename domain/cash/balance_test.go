package cash

import (
	"errors"
	"testing"

	"branchdesk/domain/money"
)

func TestBalanceExpected(t *testing.T) {
	b := Balance{Opening: 50_000_00, CashIn: 30_000_00, CashOut: 12_000_00, FromVault: 20_000_00, ToVault: 60_000_00}
	if got, want := b.Expected(), money.Amount(28_000_00); got != want {
		t.Fatalf("Expected() = %s, want %s", got, want)
	}
}

// 第九条: 营业终了，业务经办应按规定程序轧账 — counted cash against the system, to the fen.
func TestCompare(t *testing.T) {
	expected := money.Amount(1_000_00)
	tests := []struct {
		name    string
		counted Count
		diff    money.Amount
		title   string
	}{
		{"balanced", Count{"N100": 10}, 0, "平"},
		{"one fen over", Count{"N100": 10, "C1F": 1}, 1, "长款 ¥0.01"},
		{"one fen short", Count{"N100": 9, "N50": 1, "N20": 2, "N5": 1, "C1": 4, "N5J": 1, "C1J": 4, "C5F": 1, "C2F": 2}, -1, "短款 ¥0.01"},
		{"a note over", Count{"N100": 11}, 100_00, "长款 ¥100.00"},
		{"a note short", Count{"N100": 9}, -100_00, "短款 ¥100.00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Compare(expected, tc.counted)
			if err != nil {
				t.Fatal(err)
			}
			if d.Amount != tc.diff || d.Title() != tc.title || d.Balanced() != (tc.diff == 0) {
				t.Fatalf("Compare = %s %q, want %s %q", d.Amount, d.Title(), tc.diff, tc.title)
			}
		})
	}
	if _, err := Compare(expected, Count{"N100": -1}); !errors.Is(err, ErrNegativePieces) {
		t.Fatalf("invalid count: %v", err)
	}
}

// RULES §3: a difference (长款/短款) is never silently absorbed: reason, B
// sign-off (第九条) and A approval of the suspense entry (第十四条).
func TestDifferenceRecordCheck(t *testing.T) {
	good := DifferenceRecord{Amount: -100_00, Teller: "1001", Reason: "付款多付一张100元", SignedOffB: "2001", ApprovedA: "3001"}
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		mut  func(*DifferenceRecord)
		err  error
	}{
		{"no amount", func(r *DifferenceRecord) { r.Amount = 0 }, ErrDifferenceAmount},
		{"no teller", func(r *DifferenceRecord) { r.Teller = "" }, ErrDifferenceTeller},
		{"no reason", func(r *DifferenceRecord) { r.Reason = "" }, ErrDifferenceReason},
		// 第九条: 差错须经B级签字确认
		{"without B", func(r *DifferenceRecord) { r.SignedOffB = "" }, ErrDifferenceNeedsB},
		// 第十四条: 挂账须经批准
		{"without A", func(r *DifferenceRecord) { r.ApprovedA = "" }, ErrSuspenseNeedsA},
		// 第八条: 经办、主办、主管不得相互兼职
		{"teller signs own difference", func(r *DifferenceRecord) { r.SignedOffB = "1001" }, ErrSelfSignOff},
		{"teller approves own suspense", func(r *DifferenceRecord) { r.ApprovedA = "1001" }, ErrSelfSignOff},
		{"B and A the same person", func(r *DifferenceRecord) { r.ApprovedA = "2001" }, ErrSelfSignOff},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := good
			tc.mut(&r)
			if err := r.Check(); !errors.Is(err, tc.err) {
				t.Fatalf("Check() = %v, want %v", err, tc.err)
			}
		})
	}
}

// 第十三条: 柜员当天业务处理完毕后方能办理正式签退 — with the box balanced,
// or its difference fully recorded.
func TestCanSignOut(t *testing.T) {
	rec := &DifferenceRecord{Amount: -1, Teller: "1001", Reason: "点钞差错", SignedOffB: "2001", ApprovedA: "3001"}
	noB := *rec
	noB.SignedOffB = ""
	noA := *rec
	noA.ApprovedA = ""
	tests := []struct {
		name   string
		diff   money.Amount
		record *DifferenceRecord
		errs   []error
	}{
		{"balanced", 0, nil, nil},
		{"balanced, stale record ignored", 0, rec, nil},
		{"short one fen, no record", -1, nil, []error{ErrUnbalanced}},
		{"over one fen, no record", 1, nil, []error{ErrUnbalanced}},
		{"short one fen, recorded", -1, rec, nil},
		{"record of another amount", -2, rec, []error{ErrUnbalanced, ErrDifferenceAmount}},
		{"record of an overage for a shortage", 1, rec, []error{ErrUnbalanced, ErrDifferenceAmount}},
		{"record without B", -1, &noB, []error{ErrUnbalanced, ErrDifferenceNeedsB}},
		{"record without A", -1, &noA, []error{ErrUnbalanced, ErrSuspenseNeedsA}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CanSignOut(Difference{Amount: tc.diff}, tc.record)
			if len(tc.errs) == 0 && err != nil {
				t.Fatalf("unexpected %v", err)
			}
			if len(tc.errs) > 0 && err == nil {
				t.Fatalf("signed out with %s", Difference{Amount: tc.diff}.Title())
			}
			for _, want := range tc.errs {
				if !errors.Is(err, want) {
					t.Fatalf("error %v is not %v", err, want)
				}
			}
		})
	}
	err := CanSignOut(Difference{Amount: -100_00}, nil)
	if want := "钱箱未轧平，不能正式签退（短款 ¥100.00）"; err.Error() != want {
		t.Fatalf("message %q, want %q", err.Error(), want)
	}
}
