package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"branchdesk/domain/counter"
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
		var c counter.Receipt
		if err := db.View(ctx, func(tx counter.Tx) (err error) {
			c, err = counter.ReceiptOf(tx, id)
			return err
		}); errors.Is(err, counter.ErrNotFound) {
			return fmt.Errorf("记账编号 %d 不存在 (no such entry)", id)
		} else if err != nil {
			return err
		}
		r := pdf.ReceiptFrom(c)
		if err := writeFileAtomic(*out, func(w io.Writer) error { return pdf.WriteReceipt(w, r) }); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "已生成记账编号 %d 的业务回单：%s (receipt written)\n", id, *out)
		return nil
	})
}

// writeFileAtomic writes path whole or not at all: a failed write leaves
// no half-written PDF behind, nor a temporary file.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	return wholefile.Write(path, 0o644, write)
}
