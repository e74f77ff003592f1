package ui

import (
	"fmt"
	"io"

	"branchdesk/domain/ledger"
	"branchdesk/storage/pdf"
)

// receiptOf gathers a posted entry's receipt.
func (a *App) receiptOf(e ledger.Entry) (pdf.Receipt, error) {
	c, err := a.svc.Receipt(a.ctx, a.sess, e.ID)
	if err != nil {
		return pdf.Receipt{}, err
	}
	return pdf.ReceiptFrom(c), nil
}

// receiptWriter gathers an entry's receipt and returns what writes it as
// PDF, so a refusal shows before any dialog opens.
func (a *App) receiptWriter(e ledger.Entry) (func(io.Writer) error, error) {
	r, err := a.receiptOf(e)
	if err != nil {
		return nil, err
	}
	return func(w io.Writer) error { return pdf.WriteReceipt(w, r) }, nil
}

// writeReceipt writes an entry's receipt as PDF.
func (a *App) writeReceipt(w io.Writer, e ledger.Entry) error {
	write, err := a.receiptWriter(e)
	if err != nil {
		return err
	}
	return write(w)
}

// receiptName is the file name offered for an entry's receipt.
func receiptName(e ledger.Entry) string {
	return fmt.Sprintf("回单-%s-%s-%06d.pdf", e.BusinessDate, e.Teller, e.Seq)
}

// saveReceipt asks where to save an entry's receipt and writes it there.
func (a *App) saveReceipt(e ledger.Entry) {
	write, err := a.receiptWriter(e)
	if err != nil {
		a.showError("receipt", err)
		return
	}
	a.saveDeskFile(tr("回单"), receiptName(e), ".pdf", write)
}

// printReceipt sends an entry's receipt to a printer.
func (a *App) printReceipt(e ledger.Entry) {
	write, err := a.receiptWriter(e)
	if err != nil {
		a.showError("receipt", err)
		return
	}
	a.printDeskFile(tr("回单"), receiptName(e), write)
}
