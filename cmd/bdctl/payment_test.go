package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/payment"
	"branchdesk/storage/payfile"
	"branchdesk/storage/store"
)

// TestPaymentListAndVerify: an order taken through its four people by
// the counter shows in bdctl's register, and bdctl verifies the sent
// batch file's signature with this PC's key, and refuses a changed file.
func TestPaymentListAndVerify(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	svc, close := service(t, db)
	signing, err := store.KeyPath(db)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	svc.SetPayments(payfile.Key(db+".payment.key", false), payfile.Outbox(out, signing))
	s := map[string]*counter.Session{}
	for _, id := range []string{"1001", "1002", "2002", "3002"} {
		sess, err := svc.Login(ctx, id, "pass"+id)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.SignIn(ctx, sess, nil); err != nil {
			t.Fatal(err)
		}
		s[id] = sess
	}
	d, err := svc.PreparePayment(ctx, s["1001"], payment.Order{PayerAccount: "6217000000000001", PayeeAccount: "6222020200001234",
		PayeeName: "上海示范贸易有限公司", PayeeBank: "102100099996", Amount: 888_00, Purpose: "货款"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Post(ctx, d); err != nil {
		t.Fatal(err)
	}
	contains(t, ok(t, db, "payment", "list"), "******", "待复核", "未发送 1 笔")
	os1, _ := svc.Payments(ctx, s["1001"], "")
	id := os1[0].ID
	if err := svc.CheckPayment(ctx, s["1002"], id, 888_00, "6222020200001234"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SealPayment(ctx, s["2002"], id); err != nil {
		t.Fatal(err)
	}
	_, path, err := svc.SendPayments(ctx, s["3002"])
	if err != nil {
		t.Fatal(err)
	}
	close()
	contains(t, ok(t, db, "payment", "list", "--date", today), "¥888.00", "已发送", "1001", "1002", "2002", "3002", "0101-20261123-001", "未发送 0 笔")
	contains(t, ok(t, db, "payment", "verify", path), "签名相符", "共 1 笔")
	data, _ := os.ReadFile(path)
	if err := os.WriteFile(path, append(data, "D|9|x|x|102100099996|1|x|1|x|X\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	fails(t, db, "签名不符", "payment", "verify", path)
	fails(t, db, "--key", "payment", "verify", "--key", "00", path)
}

// payment key-init makes the 编押 key where the counter program looks for
// it, once, and prints its fingerprint; the one the counter sealed with
// is the one it prints.
func TestPaymentKeyInit(t *testing.T) {
	db := demoDB(t)
	out := ok(t, db, "payment", "key-init")
	contains(t, out, db+".payment.key", "已生成", "指纹")
	again := ok(t, db, "payment", "key-init")
	contains(t, again, "已存在，未改动")
	key, err := payfile.Key(db+".payment.key", true)()
	if err != nil {
		t.Fatal(err)
	}
	contains(t, again, payfile.Fingerprint(key))
}

// account freeze, freezes and release: the freeze's register with the
// account's state and what may be drawn; bad input says why, exit 1.
func TestAccountFreezeCommands(t *testing.T) {
	db := demoDB(t)
	fails(t, db, "冻结、解冻须填写原因及依据文书", "account", "freeze", "--no", "6217000000000002", "--amount", "79,000")
	contains(t, ok(t, db, "account", "freeze", "--no", "6217000000000002", "--amount", "79,000", "--reason", "法院协助冻结", "--doc", "(2026)鄂0102执123号"),
		"已冻结账户 6217000000000002 ¥79,000.00")
	contains(t, ok(t, db, "account", "freezes", "--no", "6217000000000002"), "法院协助冻结", "部分冻结 ¥79,000.00，可用余额 ¥1,000.00")
	fails(t, db, "该账户没有这笔冻结", "account", "release", "--no", "6217000000000002", "--freeze", "99", "--reason", "解除", "--doc", "x")
	out := ok(t, db, "account", "freezes", "--no", "6217000000000002")
	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	contains(t, ok(t, db, "account", "release", "--no", "6217000000000002", "--freeze", id, "--reason", "解除冻结", "--doc", "(2026)鄂0102执123-1号"), "已解冻")
	contains(t, ok(t, db, "account", "freezes", "--no", "6217000000000002"), "正常，可用余额 ¥80,000.00")
}
