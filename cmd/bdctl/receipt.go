package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/storage/pdf"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/wholefile"
)

func cmdReceipt(a *app, args []string) error {
	fs := a.flags("receipt", "receipt --entry 记账编号 --out 文件.pdf")
	entry := fs.String("entry", "", "记账编号，见 bdctl journal 的“编号”列 (entry ID, as bdctl journal shows)")
	out := fs.String("out", "", "输出的 PDF 文件 (PDF file to write)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("entry", *entry, "out", *out); err != nil {
		return err
	}
	id, err := strconv.ParseInt(*entry, 10, 64)
	if err != nil || id <= 0 {
		return usagef("记账编号须为正整数：%q (bad --entry)", *entry)
	}
	return a.withService(func(ctx context.Context, db *sqlstore.DB, _ *counter.Service) error {
		var r pdf.Receipt
		if err := db.View(ctx, func(tx counter.Tx) (err error) {
			r, err = receiptOf(tx, id)
			return err
		}); err != nil {
			return err
		}
		if err := writeFileAtomic(*out, func(w io.Writer) error { return pdf.WriteReceipt(w, r) }); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "已生成记账编号 %d 的业务回单：%s (receipt written)\n", id, *out)
		return nil
	})
}

// receiptOf gathers what the receipt shows about entry id.
func receiptOf(tx counter.Tx, id int64) (pdf.Receipt, error) {
	e, err := tx.Entry(id)
	if errors.Is(err, counter.ErrNotFound) {
		return pdf.Receipt{}, fmt.Errorf("记账编号 %d 不存在 (no such entry)", id)
	}
	if err != nil {
		return pdf.Receipt{}, err
	}
	b, err := tx.Branch(e.Branch)
	if err != nil {
		return pdf.Receipt{}, fmt.Errorf("%w：网点 %s", err, e.Branch)
	}
	r := pdf.Receipt{
		Branch: b.ID, BranchName: b.Name, BusinessDate: e.BusinessDate, PostedAt: e.PostedAt.Local(),
		Teller: e.Teller, Seq: e.Seq, EntryID: e.ID, Kind: e.Kind.Title(), Account: e.Account,
		Holder: holderOf(tx, e.Account), Amount: e.Amount, Maker: labelOf(tx, e.Teller),
		Reverses: e.Reverses, Reason: e.Reason, PolicyVersion: e.PolicyVersion,
	}
	if e.Counterparty != "" {
		r.Counterparty = e.Counterparty + " " + holderOf(tx, e.Counterparty)
	}
	for _, who := range []struct{ id, level string }{{e.AuthB, "B"}, {e.AuthA, "A"}} {
		if who.id != "" {
			r.Authorizers = append(r.Authorizers, fmt.Sprintf("%s（%s级）", labelOf(tx, who.id), who.level))
		}
	}
	return r, nil
}

// holderOf is an account's holder, or "" if the account is gone.
func holderOf(tx counter.Tx, no string) string {
	a, err := tx.Account(no)
	if err != nil || a.Type == ledger.Cash {
		return ""
	}
	return a.Holder
}

// labelOf is "1001 张三", or the bare id if the user is gone.
func labelOf(tx counter.Tx, id string) string {
	u, err := tx.User(id)
	if err != nil {
		return id
	}
	return u.Label()
}

// writeFileAtomic writes path whole or not at all: a failed write leaves
// no half-written PDF behind, nor a temporary file.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	return wholefile.Write(path, 0o644, write)
}
