package demo

import (
	"context"
	"fmt"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/voucher"
)

// Keepers of the demo branch: 李四 keeps the vault, 赵敏 the blank
// vouchers, and 王五 keeps the voucher books (账证分管).
const (
	VaultKeeper   = "2001"
	VoucherKeeper = "2002"
	VoucherBooks  = "3001"
)

// VaultOpening is the cash the demo vault draws from the sub-branch:
// 19,000 hundred-yuan notes and 2,000 fifty-yuan notes.
var VaultOpening = cash.Count{"N100": 19000, "N50": 2000}

// VoucherStock is the blank stock the demo voucher keeper receives.
var VoucherStock = []voucher.Range{
	{Type: voucher.CashCheque, From: 1, To: 50},
	{Type: voucher.TransferCheque, From: 1, To: 50},
	{Type: voucher.Passbook, From: 1, To: 20},
}

// BankName is the demo bank's name, at the head of its receipts.
const BankName = "示范银行"

// seedCashDesk names the keepers, funds the vault from the sub-branch with
// an A's approval, and stocks the blank vouchers, all through the rules.
func seedCashDesk(ctx context.Context, svc *counter.Service) error {
	admin := counter.CommandLine()
	for k, v := range map[string]string{
		counter.SettingVaultKeeper: VaultKeeper, counter.SettingVoucherKeeper: VoucherKeeper, counter.SettingVoucherBooks: VoucherBooks,
		counter.SettingBankName: BankName,
	} {
		if err := svc.SetSetting(ctx, admin, k, v); err != nil {
			return err
		}
	}
	vk, err := signIn(ctx, svc, VaultKeeper)
	if err != nil {
		return err
	}
	total, err := VaultOpening.Total()
	if err != nil {
		return err
	}
	move := counter.MoveRequest{
		From: cash.Party{Kind: cash.SubBranch, ID: "0100"}, To: cash.Party{Kind: cash.Vault, ID: Branch},
		Count: VaultOpening, Amount: total,
	}
	if _, err := svc.MoveCash(ctx, vk, move, counter.Credential{UserID: "3002", Password: password("3002"), Approve: true}); err != nil {
		return fmt.Errorf("demo: vault funding: %w", err)
	}
	// The keepers' days stay open: they sign out at the day end.
	keeper, err := signIn(ctx, svc, VoucherKeeper)
	if err != nil {
		return err
	}
	for _, r := range VoucherStock {
		if err := svc.ReceiveVouchers(ctx, keeper, r); err != nil {
			return fmt.Errorf("demo: vouchers: %w", err)
		}
	}
	// The program that seeds (bdctl init --demo) is not the terminal the
	// keepers work at: an A frees their sign-ins, and their open days go
	// on at the terminal where they next log in.
	a := counter.Credential{UserID: "3002", Password: password("3002")}
	for _, id := range []string{VaultKeeper, VoucherKeeper} {
		if err := svc.ReleaseTerminal(ctx, a, id, "示范数据：签到不留在写入示范数据的程序"); err != nil {
			return fmt.Errorf("demo: release %s: %w", id, err)
		}
	}
	return nil
}

func password(id string) string {
	for _, u := range Users {
		if u.ID == id {
			return u.Password
		}
	}
	return ""
}

func signIn(ctx context.Context, svc *counter.Service, id string) (*counter.Session, error) {
	sess, err := svc.Login(ctx, id, password(id))
	if err != nil {
		return nil, fmt.Errorf("demo: login %s: %w", id, err)
	}
	return sess, svc.SignIn(ctx, sess, nil)
}
