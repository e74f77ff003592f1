package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"os"

	"branchdesk/domain/counter"
	"branchdesk/domain/payment"
	"branchdesk/storage/bundle"
	"branchdesk/storage/payfile"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/store"
)

// cmdPaymentList prints the register of 人民银行支付业务 (第十一条).
func cmdPaymentList(a *app, args []string) error {
	fs := a.flags("payment list", "payment list [--branch 网点号] [--date YYYY-MM-DD]")
	branch := fs.String("branch", "", "网点号；库中只有一个网点时可省略 (branch ID; optional if there is only one)")
	date := fs.String("date", "", "营业日；省略为所有营业日 (business date; every date if omitted)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	return a.withService(func(ctx context.Context, db *sqlstore.DB, _ *counter.Service) error {
		b, err := branchOr(ctx, db, *branch)
		if err != nil {
			return err
		}
		var orders []payment.Order
		if err := db.View(ctx, func(tx counter.Tx) (err error) {
			orders, err = tx.Payments(b, *date)
			return err
		}); err != nil {
			return err
		}
		t := &table{}
		t.add("编号", "营业日", "付款账号", "收款行行号", "收款账号", "收款人", "金额", "状态", "录入", "复核", "编押", "发送", "批次")
		unsent := 0
		for _, o := range orders {
			amount, payee := o.Shown()
			if o.State() != payment.Sent {
				unsent++
			}
			t.add(fmt.Sprint(o.ID), o.BusinessDate, o.PayerAccount, o.PayeeBank, payee, o.PayeeName, amount, o.State().Title(),
				o.By(payment.Enter), o.By(payment.Check), o.By(payment.Seal), o.By(payment.Send), o.Batch())
		}
		if err := t.write(a.stdout); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "网点 %s 共 %d 笔，未发送 %d 笔 (%d orders, %d not sent)\n", b, len(orders), unsent, len(orders), unsent)
		return nil
	})
}

// cmdPaymentVerify checks a batch file against its signature file, with
// the public key given or this PC's terminal key beside the database.
func cmdPaymentVerify(a *app, args []string) error {
	fs := a.flags("payment verify", "payment verify [--key 公钥十六进制] 批次文件")
	pubHex := fs.String("key", "", "发送端 Ed25519 公钥（十六进制）；省略则用本机终端密钥 (the sender's public key; default this PC's terminal key)")
	if err := parse(fs, args, 1); err != nil {
		return err
	}
	var pub ed25519.PublicKey
	if *pubHex != "" {
		k, err := hex.DecodeString(*pubHex)
		if err != nil || len(k) != ed25519.PublicKeySize {
			return usagef("--key 须为 %d 字节的十六进制公钥", ed25519.PublicKeySize)
		}
		pub = k
	} else {
		err := a.withService(func(ctx context.Context, db *sqlstore.DB, _ *counter.Service) error {
			path, err := store.SigningKeyPath(ctx, db, a.dbPath)
			if err != nil {
				return err
			}
			if _, err := os.Stat(path); err != nil {
				return fmt.Errorf("本机没有终端密钥（%s）：请用 --key 给出发送端公钥", path)
			}
			key, _, err := bundle.LoadOrCreateKey(path)
			if err != nil {
				return err
			}
			pub = key.Public().(ed25519.PublicKey)
			return nil
		})
		if err != nil {
			return err
		}
	}
	lines, err := payfile.Verify(fs.Arg(0), pub)
	if err != nil {
		return err
	}
	var total int64
	for _, l := range lines {
		total += int64(l.Amount)
	}
	fmt.Fprintf(a.stdout, "签名相符：%s 共 %d 笔 (signature good, %d orders, %d fen)\n", fs.Arg(0), len(lines), len(lines), total)
	return nil
}

// cmdPaymentKeyInit makes the branch's 编押 key on this PC, where the
// counter program looks for it, unless one is there; it prints where it
// is and its fingerprint. On a branch server the other PCs that 编押 or
// 发送 get a copy of the file: each compares the fingerprint.
func cmdPaymentKeyInit(a *app, args []string) error {
	fs := a.flags("payment key-init", "payment key-init")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	target, err := a.path()
	if err != nil {
		return err
	}
	path, err := payfile.KeyPath(target)
	if err != nil {
		return err
	}
	fp, made, err := payfile.KeyInit(path)
	if err != nil {
		return err
	}
	state := "已存在，未改动 (already there, unchanged)"
	if made {
		state = "已生成 (made)"
	}
	fmt.Fprintf(a.stdout, "编押密钥 %s %s\n指纹 (fingerprint) %s\n", path, state, fp)
	return nil
}
