package ui

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestVoucherIssueRedeemSettleCancelOnScreen: on the 服务券 tab the
// manager gives the year a budget; an application within it is issued,
// the next waits for want of budget, a second one of the same enterprise
// is refused by the register; the institution's redemption is refused for
// another enterprise and one fen over 60% of its contract, taken at
// exactly 60%, and settled once; the manager cancels the first for fraud
// with the reason and the waiting one is issued.
func TestVoucherIssueRedeemSettleCancelOnScreen(t *testing.T) {
	b := newDeskBed(t)
	off := b.terminal("2001")
	d := off.a.desk
	d.tabs.Select(d.vouchersTab)
	v := d.vouchers
	if !v.addFunds.Disabled() || !v.cancel.Disabled() {
		t.Fatal("an officer is offered the budget or the cancellation")
	}
	off.a.win.Close()

	tm := b.terminal("3001")
	d = tm.a.desk
	d.tabs.Select(d.vouchersTab)
	v = d.vouchers
	wantContains(t, "empty budget", v.budget.Text, "2026 年度额度 ¥0.00")
	test.Tap(v.addFunds)
	test.Type(tm.a.win.Canvas().Focused(), "3000")
	test.Tap(v.form.ok)
	if tm.dialogOpen() {
		t.Fatalf("budget: %q", v.form.message.Text)
	}
	wantContains(t, "budget", v.budget.Text, "2026 年度额度 ¥3,000.00，已占用 ¥0.00，余额 ¥3,000.00")

	apply := func(name, code string, item int, amount string) {
		t.Helper()
		test.Type(v.name, name)
		test.Type(v.code, code)
		v.item.SetSelectedIndex(item)
		test.Type(v.amount, amount)
		eligible(v)
		test.Tap(v.apply)
	}
	first, second := validCode(t, "91420100MA4K00001"), validCode(t, "91420100MA4K00002")
	apply("武汉示范商贸有限公司", first, 2, "5000") // 法律顾问服务: ¥3,000
	wantContains(t, "issued", v.message.Text, "3 张共 ¥3,000.00，有效期至 2026-12-31")
	apply("湖北示范科技有限公司", second, 0, "1000") // ¥500, no budget left
	wantContains(t, "waits", v.message.Text, "年度额度不足，已按申请先后登记候补")
	apply("武汉示范商贸有限公司", first, 1, "2000")
	wantContains(t, "once a year", v.message.Text, "本年度已领取")
	if len(v.apps) != 2 || cellText(v.table, 0, 5) != "已发放" || cellText(v.table, 1, 5) != "候补第 1 位" || cellText(v.table, 0, 6) != "¥3,000.00" {
		t.Fatalf("register: %d rows, %q %q", len(v.apps), cellText(v.table, 0, 5), cellText(v.table, 1, 5))
	}

	v.table.Select(widget.TableCellID{Row: 1})
	if !v.redeem.Disabled() {
		t.Fatal("a waiting application offers 兑用")
	}
	v.table.Select(widget.TableCellID{Row: 0})
	test.Tap(v.redeem)
	f := v.redeemForm
	if f.numbers.Text != v.apps[0].ID+"-1、"+v.apps[0].ID+"-2、"+v.apps[0].ID+"-3" {
		t.Fatalf("numbers offered %q", f.numbers.Text)
	}
	test.Type(f.presenter, second)
	test.Type(f.institution, "武汉示范律师事务所")
	test.Type(f.contractNo, "HT-2026-018")
	test.Type(f.amount, "4999.99")
	test.Tap(v.form.ok)
	wantContains(t, "another enterprise", v.form.message.Text, "不得转让")
	retype(f.presenter, first)
	test.Tap(v.form.ok)
	wantContains(t, "one fen over 60%", v.form.message.Text, "60%")
	retype(f.amount, "5000")
	test.Tap(v.form.ok)
	if tm.dialogOpen() {
		t.Fatalf("redeem: %q", v.form.message.Text)
	}
	wantContains(t, "redeemed", v.message.Text, "共 ¥3,000.00")
	if len(v.redRows) != 1 || cellText(v.reds, 0, 5) != "¥3,000.00" || cellText(v.reds, 0, 7) != "未结算" || cellText(v.table, 0, 8) != "3/3 张" {
		t.Fatalf("redemptions: %d %q %q", len(v.redRows), cellText(v.reds, 0, 5), cellText(v.reds, 0, 7))
	}

	v.reds.Select(widget.TableCellID{Row: 0})
	test.Tap(v.settle)
	wantContains(t, "settled", v.message.Text, "已与 武汉示范律师事务所 结算 ¥3,000.00")
	v.reds.Select(widget.TableCellID{Row: 0})
	if cellText(v.reds, 0, 7) != "已结算 "+businessDate || !v.settle.Disabled() {
		t.Fatalf("settled once: %q", cellText(v.reds, 0, 7))
	}

	// The second waits on ¥0 left; cancelling the first gives back
	// nothing settled, so the manager adds ¥500 and it is issued.
	v.table.Select(widget.TableCellID{Row: 0})
	test.Tap(v.cancel)
	test.Tap(v.form.ok)
	wantContains(t, "no reason", v.form.message.Text, "须填写")
	test.Type(v.reason, "服务合同虚构")
	test.Tap(v.form.ok)
	if tm.dialogOpen() {
		t.Fatalf("cancel: %q", v.form.message.Text)
	}
	if cellText(v.table, 0, 5) != "已作废" || cellText(v.table, 0, 9) != "服务合同虚构" || cellText(v.table, 1, 5) != "候补第 1 位" {
		t.Fatalf("after cancelling: %q %q %q", cellText(v.table, 0, 5), cellText(v.table, 0, 9), cellText(v.table, 1, 5))
	}
	test.Tap(v.addFunds)
	test.Type(tm.a.win.Canvas().Focused(), "500")
	test.Tap(v.form.ok)
	wantContains(t, "issued from the queue", v.message.Text, "已发放 "+v.apps[1].ID+" 1 张共 ¥500.00")
	if cellText(v.table, 1, 5) != "已发放" {
		t.Fatalf("queue: %q", cellText(v.table, 1, 5))
	}
	wantContains(t, "budget", v.budget.Text, "额度 ¥3,500.00，已占用 ¥3,500.00，余额 ¥0.00；候补 0 户")

	// 登记簿 PDF writes the year's register as shown.
	var buf bytes.Buffer
	if err := v.writePDF(&buf); err != nil || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
		t.Fatalf("register PDF: %v", err)
	}
}

// eligible fills the 第五条 facts of a small manufacturer registered here,
// an independent legal person, founded in 2018.
func eligible(v *serviceVouchersView) {
	f := v.who
	f.local.SetChecked(true)
	f.legal.SetChecked(true)
	f.section.SetSelectedIndex(2) // C 制造业
	retype(f.division, "13")
	retype(f.employees, "50")
	retype(f.revenue, "10000000")
	retype(f.assets, "8000000")
	retype(f.founded, "2018-05-10")
}

// TestVoucherApplicantOnScreen: 武汉 第五条 on the 服务券 tab. With the
// boxes unticked and no figures the register refuses and names what is
// unconfirmed; a retailer with exactly 50 staff and ¥5,000,000 of revenue
// shows 中型 before applying and is refused as such, the form kept; with
// 49 staff it shows 小型, is accepted, and its row reads the class and
// 创办三年以内 for an enterprise founded in 2024.
func TestVoucherApplicantOnScreen(t *testing.T) {
	b := newDeskBed(t)
	tm := b.terminal("2001")
	d := tm.a.desk
	d.tabs.Select(d.vouchersTab)
	v, f := d.vouchers, d.vouchers.who
	v.parts.SelectIndex(1) // 申请服务补贴券
	test.Type(v.name, "武汉示范零售有限公司")
	test.Type(v.code, validCode(t, "91420100MA4K00003"))
	v.item.SetSelectedIndex(0)
	test.Type(v.amount, "2000")
	wantContains(t, "size before figures", f.size.Text, "待定")
	test.Tap(v.apply)
	wantContains(t, "unticked", v.message.Text, "尚未确认是否在本地依法登记注册")
	wantContains(t, "unticked", v.message.Text, "尚未确认是否具有独立法人资格")
	if len(v.apps) != 0 {
		t.Fatal("a refused application is in the register")
	}

	test.Tap(f.local)
	test.Tap(f.legal)
	f.section.SetSelectedIndex(5) // F 批发和零售业
	test.Type(f.division, "52")
	test.Type(f.employees, "50")
	test.Type(f.revenue, "5000000")
	test.Type(f.assets, "0")
	test.Type(f.founded, "2024-01-02")
	wantContains(t, "at the medium bound", f.size.Text, "该企业为中型企业")
	test.Tap(v.apply)
	wantContains(t, "medium", v.message.Text, "企业规模不符：须为小型、微型企业，该企业为中型企业")
	if len(v.apps) != 0 || v.name.Text == "" || f.employees.Text != "50" {
		t.Fatal("a refused application is in the register, or the form was emptied")
	}

	retype(f.employees, "49")
	if f.size.Text != "小型" {
		t.Fatalf("one below the bound the form shows %q", f.size.Text)
	}
	test.Tap(v.apply)
	wantContains(t, "accepted", v.message.Text, "已登记申请")
	if v.parts.SelectedIndex() != 0 {
		t.Fatal("after the application the register is not shown")
	}
	if len(v.apps) != 1 || cellText(v.table, 0, 3) != "小型，创办三年以内" || cellText(v.table, 0, 1) != "武汉示范零售有限公司" {
		t.Fatalf("register: %d rows, %q", len(v.apps), cellText(v.table, 0, 3))
	}
	if f.local.Checked || f.employees.Text != "" || v.name.Text != "" {
		t.Fatal("the form keeps the last application's facts")
	}
}
