package cash

import (
	"errors"
	"testing"
)

// 第九条: 业务经办之间不允许直接办理现金调拨；业务经办现金的出、入库和调拨，
// 必须经总库管理人员进行操作.
func TestCheckMovement(t *testing.T) {
	vault := Party{Vault, "V0101"}
	t1 := Party{TellerBox, "1001"}
	t2 := Party{TellerBox, "1002"}
	sub := Party{SubBranch, "0100"}
	tests := []struct {
		name     string
		from, to Party
		err      error
		needsA   bool
	}{
		{"vault to teller (出库)", vault, t1, nil, false},
		{"teller to vault (入库)", t1, vault, nil, false},
		{"sub-branch to vault", sub, vault, nil, true},
		{"vault to sub-branch", vault, sub, nil, true},
		// 第九条: 业务经办之间不允许直接办理现金调拨
		{"teller to teller", t1, t2, ErrTellerToTeller, false},
		{"teller to sub-branch bypasses the vault", t1, sub, ErrNotThroughVault, false},
		{"sub-branch to teller bypasses the vault", sub, t1, ErrNotThroughVault, false},
		{"vault to another vault", vault, Party{Vault, "V0102"}, ErrNotThroughVault, false},
		{"same box", t1, t1, ErrSameParty, false},
		{"same vault", vault, vault, ErrSameParty, false},
		{"party without id", Party{TellerBox, ""}, vault, ErrUnknownParty, false},
		{"unknown kind", Party{"atm", "1"}, vault, ErrUnknownParty, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckMovement(tc.from, tc.to)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("CheckMovement error %v, want %v", err, tc.err)
			}
			if err == nil && NeedsA(tc.from, tc.to) != tc.needsA {
				t.Fatalf("NeedsA = %v, want %v", !tc.needsA, tc.needsA)
			}
		})
	}
	if ErrTellerToTeller.Error() != "柜员之间不得直接调拨现金，须经总库" {
		t.Fatalf("message %q", ErrTellerToTeller)
	}
}
