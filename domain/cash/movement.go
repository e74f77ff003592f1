package cash

import "errors"

// PartyKind is what holds cash at or for a branch.
type PartyKind string

// The holders of cash a movement (调拨) can name.
const (
	Vault     PartyKind = "vault"      // 总库: the branch vault, kept by a B
	TellerBox PartyKind = "teller_box" // 柜员钱箱 (分库钱箱): one teller's box
	SubBranch PartyKind = "sub_branch" // 支行: the sub-branch the vault draws from and hands up to
	// Suspense is the branch's suspense account (待处理挂账): a vault
	// difference goes there by denomination. No one moves cash to it
	// by hand, so CheckMovement never allows it.
	Suspense PartyKind = "suspense"
)

// Title is the party kind in Chinese.
func (k PartyKind) Title() string {
	switch k {
	case Vault:
		return "总库"
	case TellerBox:
		return "柜员钱箱"
	case SubBranch:
		return "支行"
	case Suspense:
		return "待处理挂账"
	}
	return string(k)
}

// Party is one side of a cash movement.
type Party struct {
	Kind PartyKind
	ID   string // the vault, teller or sub-branch id
}

// Errors of a cash movement.
var (
	ErrUnknownParty    = errors.New("调拨对象不明")
	ErrSameParty       = errors.New("调出方与调入方不能相同")
	ErrTellerToTeller  = errors.New("柜员之间不得直接调拨现金，须经总库")
	ErrNotThroughVault = errors.New("现金调拨只能在总库与柜员钱箱、总库与支行之间办理")
)

func (p Party) valid() bool {
	switch p.Kind {
	case Vault, TellerBox, SubBranch:
		return p.ID != ""
	}
	return false
}

// CheckMovement allows a movement of cash from one party to another.
// 第九条: cash goes in and out of a teller box only through the vault, so
// exactly one side is the vault; tellers never hand cash to each other.
func CheckMovement(from, to Party) error {
	switch {
	case !from.valid() || !to.valid():
		return ErrUnknownParty
	case from == to:
		return ErrSameParty
	case from.Kind == TellerBox && to.Kind == TellerBox:
		return ErrTellerToTeller
	case (from.Kind == Vault) == (to.Kind == Vault):
		return ErrNotThroughVault
	}
	return nil
}

// NeedsA reports whether a movement needs an A's approval: cash leaving
// for or coming from the sub-branch changes what the branch holds, so the
// manager approves it. Movements between the vault and a teller box are
// operated by the vault keeper and confirmed by the teller (第九条).
func NeedsA(from, to Party) bool {
	return (from.Kind == Vault && to.Kind == SubBranch) || (from.Kind == SubBranch && to.Kind == Vault)
}
