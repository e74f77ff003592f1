package support

import (
	"errors"
	"testing"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
)

// 种子003第二部分 第九条: 担保费率在2%以下的新增担保发生额，给予担保机构0.5个
// 百分点补助.
func TestGuaranteeFeeThreshold(t *testing.T) {
	for _, tc := range []struct {
		fee  int
		want money.Amount
	}{
		{199, 500_00},
		{200, 500_00}, // 2% exactly: 以下 includes it
		{201, -1},
	} {
		c := eligible()
		c.Answers.Guarantee.FeeBP = Give(tc.fee)
		got, err := GuaranteeSubsidy(c)
		if tc.want < 0 {
			wantReasons(t, err, GuaranteeFee, ErrGuaranteeFee)
			continue
		}
		if err != nil || got != tc.want {
			t.Fatalf("fee %d bp: %s, %v", tc.fee, got, err)
		}
	}
}

func TestGuaranteeSubsidyAmountAndConditions(t *testing.T) {
	c := eligible()
	c.Amount = 12_345_67 // 0.5% is ¥61.72835: rounded down
	if got, _ := GuaranteeSubsidy(c); got != 61_72 {
		t.Fatalf("subsidy %s", got)
	}
	c.Size = enterprise.Medium // 中小企业和微型企业
	if _, err := GuaranteeSubsidy(c); err != nil {
		t.Fatal(err)
	}
	c.Size = enterprise.Large
	c.Answers.Guarantee = Guarantee{New: No}
	_, err := GuaranteeSubsidy(c)
	wantReasons(t, err, GuaranteeFee, ErrSize, ErrNotNewGuarantee, ErrGuaranteeFee)
	c.Answers.Guarantee = Guarantee{}
	_, err = GuaranteeSubsidy(c)
	wantReasons(t, err, GuaranteeFee, ErrSize, ErrUnanswered, ErrUnanswered)
}

// 第九条: 担保费率在2%以下. A fee is never negative; a free guarantee is
// under 2%.
func TestGuaranteeFeeNotNegative(t *testing.T) {
	for fee, ok := range map[int]bool{-1: false, 0: true, 1: true} {
		c := eligible()
		c.Answers.Guarantee.FeeBP = Give(fee)
		got, err := GuaranteeSubsidy(c)
		if ok {
			if err != nil || got != 500_00 {
				t.Fatalf("fee %d bp: %s, %v", fee, got, err)
			}
			continue
		}
		wantReasons(t, err, GuaranteeFee, ErrGuaranteeFee)
	}
}

// 第九条: 按照新增担保发生额. The guarantee is taken to cover the amount
// sought: there must be one, and within the ceiling of RULES §1.
func TestGuaranteeSubsidyLoanAmount(t *testing.T) {
	ceiling := money.DefaultCeiling
	for _, tc := range []struct {
		amount, want money.Amount // want -1: refused
	}{
		{-1, -1},
		{0, -1},
		{200, 1}, // 0.5% of ¥2.00 is one fen
		{ceiling, ceiling / 200},
		{ceiling + 1, -1},
		{1 << 61, -1},
	} {
		c := eligible()
		c.Amount = tc.amount
		got, err := GuaranteeSubsidy(c)
		if tc.want >= 0 {
			if err != nil || got != tc.want {
				t.Fatalf("amount %d: %s, %v", tc.amount, got, err)
			}
			continue
		}
		wantReasons(t, err, GuaranteeFee, ErrLoan)
		if tc.amount > ceiling != errors.Is(err, money.ErrTooLarge) {
			t.Fatalf("amount %d: %v", tc.amount, err)
		}
	}
}
