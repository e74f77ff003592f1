package ui

import (
	"fmt"
	"io"
	"strings"

	"branchdesk/storage/pdf"
)

// saveReport asks where to save a PDF report and writes it there. The
// report is gathered before the dialog opens, so a refusal shows at once.
func (a *App) saveReport(what, name string, write func(io.Writer) error) {
	a.saveDeskFile(what, name, ".pdf", write)
}

// tellerDayReport is the logged-in teller's end-of-day report as PDF.
func (a *App) tellerDayReport() (name string, write func(io.Writer) error, err error) {
	r, err := a.svc.TellerDayReport(a.ctx, a.sess, "")
	if err != nil {
		return "", nil, err
	}
	name = fmt.Sprintf("柜员日终报表-%s-%s.pdf", r.Date, r.Teller.ID)
	return name, func(w io.Writer) error { return pdf.WriteTellerDay(w, r) }, nil
}

// vaultReport is the vault report between two business dates as PDF.
func (a *App) vaultReport(from, to string) (name string, write func(io.Writer) error, err error) {
	r, err := a.svc.VaultReport(a.ctx, a.sess, from, to)
	if err != nil {
		return "", nil, err
	}
	name = fmt.Sprintf("总库报表-%s-%s.pdf", r.From, r.To)
	if r.From == r.To {
		name = fmt.Sprintf("总库报表-%s.pdf", r.From)
	}
	return name, func(w io.Writer) error { return pdf.WriteVault(w, r) }, nil
}

// voucherRegisterReport is the voucher register of typ ("" for all) as PDF.
func (a *App) voucherRegisterReport(typ, from, to string) (name string, write func(io.Writer) error, err error) {
	r, err := a.svc.VoucherRegisterReport(a.ctx, a.sess, typ, from, to)
	if err != nil {
		return "", nil, err
	}
	what := "全部" // record: the file's name, as the Chinese register it holds
	if r.Type != nil {
		what = r.Type.Name
	}
	name = fmt.Sprintf("重空登记簿-%s-%s-%s.pdf", what, r.From, r.To)
	return name, func(w io.Writer) error { return pdf.WriteVoucherRegister(w, r) }, nil
}

// exportReport gathers a report and, if that worked, asks where to save it.
func (a *App) exportReport(what string, gather func() (string, func(io.Writer) error, error)) {
	name, write, err := gather()
	if err != nil {
		a.showError("report "+what, err)
		return
	}
	a.saveReport(what, name, write)
}

// printReport gathers a report and, if that worked, asks which printer to send it to.
func (a *App) printReport(what string, gather func() (string, func(io.Writer) error, error)) {
	name, write, err := gather()
	if err != nil {
		a.showError("report "+what, err)
		return
	}
	a.printDeskFile(what, name, write)
}

// trimmed is what a field holds, without surrounding spaces.
func trimmed(f *field) string { return strings.TrimSpace(f.Text) }
