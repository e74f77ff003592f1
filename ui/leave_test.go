package ui

import (
	"bytes"
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/voucher"
	"branchdesk/storage/demo"
)

// TestHandoverLeaveScreen: teller 1001, going on leave, hands ¥2,000, five
// cash cheques, two seals and the keys to 1002 (signed in at another PC)
// under 2001, the vault keeper; a count a hundred short is refused naming
// both figures; the cheques need their keeper 2002, who keys their number
// and password; then everything moves and the 交接清单 is a PDF.
func TestHandoverLeaveScreen(t *testing.T) {
	ctx := context.Background()
	tm := newTerminal(t)
	terminalOn(t, tm.db0, "0101-T02").signedIn("1002")
	ws := tm.signedIn("1001")
	keeper, err := tm.svc.Login(ctx, demo.VaultKeeper, "pass"+demo.VaultKeeper)
	if err != nil {
		t.Fatal(err)
	}
	vkeeper, err := tm.svc.Login(ctx, demo.VoucherKeeper, "pass"+demo.VoucherKeeper)
	if err != nil {
		t.Fatal(err)
	}
	m := counter.MoveRequest{From: cash.Party{Kind: cash.Vault, ID: demo.Branch}, To: cash.Party{Kind: cash.TellerBox, ID: "1001"},
		Count: cash.Count{"N100": 20}, Amount: 2_000_00}
	if _, err := tm.svc.MoveCash(ctx, keeper, m, counter.Credential{UserID: "1001", Password: "pass1001", Approve: true}); err != nil {
		t.Fatal(err)
	}
	if err := tm.svc.IssueVouchers(ctx, vkeeper, voucher.Range{Type: voucher.CashCheque, From: 1, To: 5}, "1001"); err != nil {
		t.Fatal(err)
	}

	ws.tabs.Select(ws.cash.leaveTab)
	v := ws.cash.leave
	for _, want := range []string{"钱箱账面余额 ¥2,000.00", "现金支票 00000001–00000005 共 5 张",
		"印章、授权卡 2 件：现金讫章 XJ-0101-01、转讫章 ZZ-0101-01（本人名章由本人保管）"} {
		wantContains(t, "books", v.books.Text, want)
	}
	cheques := v.vouchers[voucher.CashCheque]
	if cheques == nil {
		t.Fatal("no count field for the cash cheques held")
	}
	test.Type(v.receiving, "1002")
	press(v.receiving, fyne.KeyReturn)
	test.Type(v.supervisor, "2001")
	test.Type(v.grid.field("N100"), "19")
	test.Type(v.amount, "1900")
	test.Type(cheques, "5")
	test.Type(v.seals, "2")
	test.Type(v.keys, "钱箱钥匙 01号，抽屉钥匙")
	sign := func() {
		test.Type(v.ownPass, "pass1001")
		test.Type(v.recvPass, "pass1002")
		test.Type(v.supPass, "pass2001")
	}
	sign()
	press(v.supPass, fyne.KeyReturn)
	wantContains(t, "short count", v.message.Text, "交接未办理：交接实点与账面不符：钱箱实点 ¥1,900.00，账面余额 ¥2,000.00")
	if v.message.Importance != widget.WarningImportance || v.supPass.Text != "" || !v.save.Disabled() {
		t.Fatalf("after the refusal: %v %q", v.message.Importance, v.supPass.Text)
	}

	retype(v.grid.field("N100"), "20")
	retype(v.amount, "2000")
	sign()
	test.Tap(v.handOver)
	wantContains(t, "no voucher keeper", v.message.Text,
		"交接未办理：离岗交接的重要空白凭证须由凭证保管人发放（第十条）：监交人 2001 李四 不是凭证保管人，须由凭证保管人到场输入柜员号和密码")
	if !v.save.Disabled() {
		t.Fatal("交接清单 offered after a refusal")
	}

	test.Type(v.voucherKeeper, "2002")
	sign()
	press(v.supPass, fyne.KeyReturn) // on to the keeper's password, keyed
	if v.recvPass.Text == "" || v.a.win.Canvas().Focused() != v.voucherPass {
		t.Fatalf("Enter on the supervisor's password did not go on to the keeper's: %q", v.message.Text)
	}
	test.Type(v.voucherPass, "pass2002")
	press(v.voucherPass, fyne.KeyReturn)
	wantContains(t, "hand-over", v.message.Text, "离岗交接 #1 已办理：现金 ¥2,000.00、凭证 1 段、印章 2 件、钥匙 2 把交 1002 王芳，监交 2001 李四")
	for id, want := range map[string]string{"1001": "¥0.00", "1002": "¥2,000.00"} {
		bal, err := tm.svc.BoxBalance(ctx, keeper, id)
		if err != nil || bal.String() != want {
			t.Fatalf("box of %s: %s %v", id, bal, err)
		}
	}
	wantContains(t, "books after", v.books.Text, "钱箱账面余额 ¥0.00；无重要空白凭证；无须交接的印章、授权卡")
	if v.save.Disabled() {
		t.Fatal("交接清单 not offered")
	}
	name, write, err := v.report()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
		t.Fatalf("交接清单 %s: %v", name, err)
	}
	if name != "离岗交接清单-2026-11-23-1001-1.pdf" {
		t.Fatalf("file name %s", name)
	}
}
