package ledger

import (
	"errors"
	"strings"
	"testing"
)

// A receipt's signature line and seal follow the business (issue #12 item
// 6): the customer signs for money leaving their account, cash business
// takes the 现金讫章, the rest the 业务专用章.
func TestReceiptSignatureAndSeal(t *testing.T) {
	for _, tc := range []struct {
		e     Entry
		signs bool
		seal  string
	}{
		{Entry{Kind: SavingsCashDeposit}, false, SealCash},
		{Entry{Kind: SavingsCashWithdrawal}, true, SealCash},
		{Entry{Kind: CorporateCashDeposit}, false, SealCash},
		{Entry{Kind: CorporateCashWithdrawal}, true, SealCash},
		{Entry{Kind: SavingsTransfer}, true, SealBusiness},
		{Entry{Kind: CorporateTransfer}, true, SealBusiness},
		{Entry{Kind: SavingsCashWithdrawal, Reverses: 9}, false, SealBusiness},
	} {
		if got := tc.e.CustomerSigns(); got != tc.signs {
			t.Errorf("%s (reverses %d): customer signs %v", tc.e.Kind.Title(), tc.e.Reverses, got)
		}
		if got := tc.e.Seal(); got != tc.seal {
			t.Errorf("%s (reverses %d): seal %s", tc.e.Kind.Title(), tc.e.Reverses, got)
		}
	}
	if len(Copies) != 2 || Copies[0] != "客户回单联" || Copies[1] != "银行记账联" {
		t.Fatalf("copies %q", Copies)
	}
}

func TestCheckBankName(t *testing.T) {
	for name, ok := range map[string]bool{
		"示范银行": true, "湖北示范农村商业银行股份有限公司": true, strings.Repeat("银", 40): true,
		"": false, " 示范银行": false, "示范\n银行": false, strings.Repeat("银", 41): false,
	} {
		if err := CheckBankName(name); (err == nil) != ok || (err != nil && !errors.Is(err, ErrBankName)) {
			t.Errorf("%q: %v", name, err)
		}
	}
}
