package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/storage/pdf"
	"branchdesk/storage/sqlstore"
)

// reportCommands are the PDF reports bdctl writes.
func reportCommands() *command {
	return &command{summary: "生成报表 PDF (write a report as PDF)", order: []string{"teller", "vault", "vouchers"}, sub: map[string]*command{
		"teller":   {summary: "柜员日终报表 (a teller's end-of-day report)", run: cmdReportTeller},
		"vault":    {summary: "总库现金报表 (the vault over a date range)", run: cmdReportVault},
		"vouchers": {summary: "重要空白凭证登记簿 (the voucher register over a date range)", run: cmdReportVouchers},
	}}
}

func cmdReportTeller(a *app, args []string) error {
	fs := a.flags("report teller", "report teller --teller 柜员号 [--date YYYY-MM-DD] [--branch 网点号] --out 文件.pdf")
	teller := fs.String("teller", "", "柜员号 (teller ID)")
	date := fs.String("date", "", "营业日期，默认网点当前营业日 (business date; default the branch's)")
	branch := fs.String("branch", "", "网点号；库中只有一个网点时可省略 (branch ID; optional if there is only one)")
	out := fs.String("out", "", "输出的 PDF 文件 (PDF file to write)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("teller", *teller, "out", *out); err != nil {
		return err
	}
	if err := checkDates("date", *date); err != nil {
		return err
	}
	return a.writeReport(*branch, *out, func(tx counter.Tx, b string) (func(io.Writer) error, string, error) {
		r, err := counter.GatherTellerDay(tx, b, strings.TrimSpace(*teller), *date)
		if err != nil {
			return nil, "", err
		}
		return func(w io.Writer) error { return pdf.WriteTellerDay(w, r) },
			fmt.Sprintf("柜员 %s 营业日 %s 的日终报表", r.Teller.Label(), r.Date), nil
	})
}

func cmdReportVault(a *app, args []string) error {
	fs := a.flags("report vault", "report vault --from YYYY-MM-DD --to YYYY-MM-DD [--branch 网点号] --out 文件.pdf")
	from := fs.String("from", "", "起始营业日期 (first business date)")
	to := fs.String("to", "", "截止营业日期 (last business date)")
	branch := fs.String("branch", "", "网点号；库中只有一个网点时可省略 (branch ID; optional if there is only one)")
	out := fs.String("out", "", "输出的 PDF 文件 (PDF file to write)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("from", *from, "to", *to, "out", *out); err != nil {
		return err
	}
	if err := checkDates("from", *from, "to", *to); err != nil {
		return err
	}
	return a.writeReport(*branch, *out, func(tx counter.Tx, b string) (func(io.Writer) error, string, error) {
		r, err := counter.GatherVault(tx, b, *from, *to)
		if err != nil {
			return nil, "", err
		}
		return func(w io.Writer) error { return pdf.WriteVault(w, r) },
			fmt.Sprintf("%s 至 %s 的总库现金报表", r.From, r.To), nil
	})
}

func cmdReportVouchers(a *app, args []string) error {
	fs := a.flags("report vouchers", "report vouchers [--type 凭证种类] --from YYYY-MM-DD --to YYYY-MM-DD [--branch 网点号] --out 文件.pdf")
	typ := fs.String("type", "", "凭证种类代码或名称，如 cash_cheque 或 现金支票；默认全部 (voucher type code or name; default all)")
	from := fs.String("from", "", "起始营业日期 (first business date)")
	to := fs.String("to", "", "截止营业日期 (last business date)")
	branch := fs.String("branch", "", "网点号；库中只有一个网点时可省略 (branch ID; optional if there is only one)")
	out := fs.String("out", "", "输出的 PDF 文件 (PDF file to write)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("from", *from, "to", *to, "out", *out); err != nil {
		return err
	}
	if err := checkDates("from", *from, "to", *to); err != nil {
		return err
	}
	return a.writeReport(*branch, *out, func(tx counter.Tx, b string) (func(io.Writer) error, string, error) {
		code, err := voucherCode(tx, *typ)
		if err != nil {
			return nil, "", err
		}
		r, err := counter.GatherVoucherRegister(tx, b, code, *from, *to)
		if err != nil {
			return nil, "", err
		}
		return func(w io.Writer) error { return pdf.WriteVoucherRegister(w, r) },
			fmt.Sprintf("%s 至 %s 的重要空白凭证登记簿（%d 条）", r.From, r.To, len(r.Lines)), nil
	})
}

// writeReport gathers a report in a read-only transaction of the branch's
// database, then writes its PDF to out.
func (a *app) writeReport(branch, out string, gather func(tx counter.Tx, branch string) (func(io.Writer) error, string, error)) error {
	return a.withService(func(ctx context.Context, db *sqlstore.DB, _ *counter.Service) error {
		b, err := branchOr(ctx, db, branch)
		if err != nil {
			return err
		}
		var write func(io.Writer) error
		var what string
		if err := db.View(ctx, func(tx counter.Tx) (err error) {
			write, what, err = gather(tx, b)
			return err
		}); err != nil {
			return err
		}
		if err := writeFileAtomic(out, write); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "已生成%s：%s (report written)\n", what, out)
		return nil
	})
}

// checkDates refuses a date flag that is set but not YYYY-MM-DD.
func checkDates(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if v := pairs[i+1]; v != "" {
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				return usagef("--%s 须为 YYYY-MM-DD：%q (bad date)", pairs[i], v)
			}
		}
	}
	return nil
}

// voucherCode is the code of a voucher type given by code or by name.
func voucherCode(tx counter.Tx, s string) (string, error) {
	if s = strings.TrimSpace(s); s == "" {
		return "", nil
	}
	types, err := tx.VoucherTypes()
	if err != nil {
		return "", err
	}
	var names []string
	for _, t := range types {
		if t.Code == s || t.Name == s {
			return t.Code, nil
		}
		names = append(names, t.Code+" "+t.Name)
	}
	return "", usagef("未知的凭证种类 %q，可选：%s (unknown voucher type)", s, strings.Join(names, "、"))
}
