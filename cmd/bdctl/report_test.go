package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"branchdesk/assets"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/voucher"
)

// tellerDayOnDemo has 1001 张三 draw ¥50,000 from the vault (李四 keeps
// it), take a ¥20,000 deposit, pay a ¥5,000 cheque (现金支票 00000001),
// and count ¥64,900: ¥100 short, signed off by 李四 and approved by 王五.
func tellerDayOnDemo(t *testing.T, db string) {
	t.Helper()
	ctx := context.Background()
	svc, close := service(t, db)
	defer close()
	login := func(id string) *counter.Session {
		sess, err := svc.Login(ctx, id, "pass"+id)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.SignIn(ctx, sess, nil); err != nil {
			t.Fatal(err)
		}
		return sess
	}
	cred := func(id string) counter.Credential {
		return counter.Credential{UserID: id, Password: "pass" + id, Approve: true}
	}
	keeper, vkeeper, teller := login("2001"), login("2002"), login("1001")
	move := counter.MoveRequest{From: cash.Party{Kind: cash.Vault, ID: "0101"}, To: cash.Party{Kind: cash.TellerBox, ID: "1001"},
		Count: cash.Count{"N100": 400, "N50": 200}, Amount: 50_000_00}
	if _, err := svc.MoveCash(ctx, keeper, move, cred("1001")); err != nil {
		t.Fatal(err)
	}
	if err := svc.IssueVouchers(ctx, vkeeper, voucher.Range{Type: voucher.CashCheque, From: 1, To: 5}, "1001"); err != nil {
		t.Fatal(err)
	}
	for _, r := range []counter.Request{
		{Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 20_000_00},
		{Kind: ledger.CorporateCashWithdrawal, Account: "4100000000000001", Amount: 5_000_00,
			Voucher: &counter.VoucherUse{Type: voucher.CashCheque, Number: 1}},
	} {
		d, err := svc.Prepare(ctx, teller, r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Post(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	b, a := cred("2001"), cred("3001")
	in := counter.BalanceInput{Count: cash.Count{"N100": 549, "N50": 200}, Vouchers: map[string]int64{voucher.CashCheque: 4},
		Reason: "点钞差错", SignB: &b, ApproveA: &a}
	if bal, err := svc.BalanceBox(ctx, teller, in); err != nil || bal.Diff != -money.Amount(100_00) {
		t.Fatalf("balance %+v %v", bal, err)
	}
}

// pdfText is the text pdftotext finds in a PDF bdctl wrote, whitespace
// removed so that cells wrapped over lines compare whole.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatalf("%s is not a PDF: %v %.20q", path, err, data)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, string(out))
}

func TestReportTeller(t *testing.T) {
	if _, err := assets.LoadFont(); err != nil {
		t.Skipf("no CJK font for the report: %v", err)
	}
	db := demoDB(t)
	tellerDayOnDemo(t, db)
	out := filepath.Join(t.TempDir(), "teller.pdf")
	contains(t, ok(t, db, "report", "teller", "--teller", "1001", "--out", out), "1001 张三", today, out)
	text := pdfText(t, out)
	contains(t, text, "柜员日终报表", "示范支行营业部", "1001张三",
		"100元纸币", "549", "¥54,900.00", "50元纸币", "¥10,000.00", // the count by denomination
		"¥20,000.00", "¥5,000.00", "¥65,000.00", "¥64,900.00", "短款¥100.00", // figures and totals
		"点钞差错", "2001李四", "3001王五", // the difference and who signed it
		"现金出库", "100元纸币×400", "¥50,000.00", // the vault
		"储蓄现金存款", "对公现金取款", // business by kind
		"现金支票", "00000001", "已使用", // vouchers
		"柜员：", "业务主办（B）：", "业务主管（A）：")

	// Another day: nothing moved, nothing balanced.
	other := filepath.Join(t.TempDir(), "other.pdf")
	ok(t, db, "report", "teller", "--teller", "1002", "--date", "2026-11-22", "--out", other)
	contains(t, pdfText(t, other), "1002王芳", "2026-11-22", "未轧账")

	fails(t, db, "--teller", "report", "teller", "--out", out)
	fails(t, db, "--out", "report", "teller", "--teller", "1001")
	fails(t, db, "YYYY-MM-DD", "report", "teller", "--teller", "1001", "--date", "23.11.2026", "--out", out)
	fails(t, db, "记录不存在", "report", "teller", "--teller", "9999", "--out", out)
	fails(t, db, "未知命令", "report", "teller-day")
}

func TestReportVaultAndVouchers(t *testing.T) {
	if _, err := assets.LoadFont(); err != nil {
		t.Skipf("no CJK font for the report: %v", err)
	}
	db := demoDB(t)
	tellerDayOnDemo(t, db)
	dir := t.TempDir()

	vault := filepath.Join(dir, "vault.pdf")
	ok(t, db, "report", "vault", "--from", "2026-11-01", "--to", today, "--out", vault)
	contains(t, pdfText(t, vault), "总库现金报表", "2026-11-01至"+today, "2001李四",
		"100元纸币", "19000", "18600", "50元纸币", "1800", // in, closing pieces
		"¥2,000,000.00", "¥50,000.00", "¥1,950,000.00", // in, out, closing
		"调拨入库", "支行0100", "3002刘洋", "现金出库", "1001张三", "没有碰库记录")

	reg := filepath.Join(dir, "vouchers.pdf")
	out := ok(t, db, "report", "vouchers", "--type", "现金支票", "--from", today, "--to", today, "--out", reg)
	contains(t, out, "56 条") // 50 received, 5 issued, 1 used
	contains(t, pdfText(t, reg), "重要空白凭证登记簿", "现金支票", "00000001", "00000050",
		"在库", "已领用", "已使用", "1001张三", "2002赵敏", "按状态汇总", "56")

	all := filepath.Join(dir, "all.pdf")
	contains(t, ok(t, db, "report", "vouchers", "--from", today, "--to", today, "--out", all), "126 条")
	contains(t, pdfText(t, all), "全部", "CZ00000020", "转账支票")

	fails(t, db, "--to", "report", "vault", "--from", today, "--out", vault)
	fails(t, db, "起始日期不能晚于截止日期", "report", "vault", "--from", "2026-11-24", "--to", today, "--out", vault)
	fails(t, db, "未知的凭证种类", "report", "vouchers", "--type", "彩票", "--from", today, "--to", today, "--out", reg)
	fails(t, db, "YYYY-MM-DD", "report", "vouchers", "--from", "today", "--to", today, "--out", reg)
	if r := bdctl(t, db, "", "help"); !strings.Contains(r.out, "report") || !strings.Contains(r.out, "vouchers") {
		t.Errorf("help does not list the reports:\n%s", r.out)
	}
}
