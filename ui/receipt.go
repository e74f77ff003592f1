package ui

import (
	"fmt"
	"io"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"branchdesk/domain/ledger"
	"branchdesk/storage/pdf"
)

// receiptOf fills a receipt for a posted entry.
func (a *App) receiptOf(e ledger.Entry) pdf.Receipt {
	r := pdf.Receipt{
		Branch: e.Branch, BusinessDate: e.BusinessDate, PostedAt: e.PostedAt,
		Teller: e.Teller, Seq: e.Seq, EntryID: e.ID, Kind: e.Kind.Title(),
		Account: e.Account, Amount: e.Amount, Maker: a.userLabel(e.Teller),
		Reverses: e.Reverses, Reason: e.Reason, PolicyVersion: e.PolicyVersion,
	}
	if a.sess != nil && a.sess.Branch().ID == e.Branch {
		r.BranchName = a.sess.Branch().Name
	}
	if acct, err := a.svc.Account(a.ctx, e.Account); err == nil {
		r.Holder = acct.Holder
	}
	if e.Counterparty != "" {
		r.Counterparty = e.Counterparty
		if acct, err := a.svc.Account(a.ctx, e.Counterparty); err == nil {
			r.Counterparty += " " + acct.Holder
		}
	}
	if e.AuthB != "" {
		r.Authorizers = append(r.Authorizers, a.userLabel(e.AuthB)+"（B级）")
	}
	if e.AuthA != "" {
		r.Authorizers = append(r.Authorizers, a.userLabel(e.AuthA)+"（A级）")
	}
	return r
}

// writeReceipt writes an entry's receipt as PDF.
func (a *App) writeReceipt(w io.Writer, e ledger.Entry) error {
	return pdf.WriteReceipt(w, a.receiptOf(e))
}

// receiptName is the file name offered for an entry's receipt.
func receiptName(e ledger.Entry) string {
	return fmt.Sprintf("回单-%s-%s-%06d.pdf", e.BusinessDate, e.Teller, e.Seq)
}

// saveReceipt asks where to save an entry's receipt and writes it there.
func (a *App) saveReceipt(e ledger.Entry) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			a.showError("save receipt", err)
			return
		}
		if w == nil {
			return // cancelled
		}
		werr := a.writeReceipt(w, e)
		if cerr := w.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			a.showError("save receipt", fmt.Errorf("回单保存失败：%w", werr))
			return
		}
		log.Printf("ui: receipt #%d saved to %s", e.ID, w.URI())
		a.showInfo("保存回单", "回单已保存："+w.URI().Path())
	}, a.win)
	d.SetFileName(receiptName(e))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}
