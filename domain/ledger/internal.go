package ledger

import "strings"

// Internal kinds move the bank's own cash and suspense; they are not
// counter business and no threshold policy covers them.
const (
	VaultIssue   Kind = "vault_issue"   // 出库: vault → teller box
	VaultReceive Kind = "vault_receive" // 入库: teller box → vault
	TransferIn   Kind = "transfer_in"   // 调拨入库: sub-branch → vault
	TransferOut  Kind = "transfer_out"  // 调拨出库: vault → sub-branch
	CashOverage  Kind = "cash_overage"  // 长款挂账
	CashShortage Kind = "cash_shortage" // 短款挂账
)

// IsBusiness reports whether k is one of the six kinds of counter business.
func (k Kind) IsBusiness() bool {
	for _, b := range Kinds {
		if b == k {
			return true
		}
	}
	return false
}

func internalTitle(k Kind) string {
	switch k {
	case VaultIssue:
		return "现金出库"
	case VaultReceive:
		return "现金入库"
	case TransferIn:
		return "调拨入库"
	case TransferOut:
		return "调拨出库"
	case CashOverage:
		return "长款挂账"
	case CashShortage:
		return "短款挂账"
	case OverageReturned:
		return "长款退还"
	case ShortageFound:
		return "短款找回"
	case ShortageRepaid:
		return "短款赔偿"
	case OverageWrittenOff:
		return "长款核销"
	case ShortageWrittenOff:
		return "短款核销"
	}
	return string(k)
}

// Internal account numbers.
const (
	vaultPrefix    = "VAULT-"
	subPrefix      = "SUB-"
	suspensePrefix = "SUSP-"
	cashPrefix     = "CASH-"
	transitPrefix  = "PAYT-"
	incomePrefix   = "INCOME-"
	lossPrefix     = "LOSS-"
)

// VaultAccountNo is the number of a branch vault's cash account.
func VaultAccountNo(branch string) string { return vaultPrefix + branch }

// SubBranchAccountNo is the clearing account with a sub-branch.
func SubBranchAccountNo(sub string) string { return subPrefix + sub }

// SuspenseAccountNo is a branch's suspense account for cash differences.
func SuspenseAccountNo(branch string) string { return suspensePrefix + branch }

// PaymentsInTransitNo is a branch's 待清算往来 account: what customers
// paid out through the payment system (第十一条), held from 录入 until
// the payment system settles it.
func PaymentsInTransitNo(branch string) string { return transitPrefix + branch }

// PaymentsInTransitTitle is the name the 待清算往来 account shows.
const PaymentsInTransitTitle = "待清算往来（人民银行支付）"

// IncomeAccountNo is a branch's 营业外收入 account, where an overage
// nobody claims is written off.
func IncomeAccountNo(branch string) string { return incomePrefix + branch }

// LossAccountNo is a branch's 营业外支出 account, where a shortage nobody
// finds or repays is written off.
func LossAccountNo(branch string) string { return lossPrefix + branch }

// IsInternal reports whether an account is the bank's own (cash, vault,
// clearing, suspense) rather than a customer's: its balance is derived
// from the journal and never stored.
func IsInternal(no string) bool {
	for _, p := range []string{cashPrefix, vaultPrefix, subPrefix, suspensePrefix, transitPrefix, incomePrefix, lossPrefix} {
		if strings.HasPrefix(no, p) {
			return true
		}
	}
	return false
}

// OnVault reports whether the entry's own account is its branch's vault
// (a vault count's difference put in suspense), not a teller's box.
func (e Entry) OnVault() bool { return e.Account == VaultAccountNo(e.Branch) }
