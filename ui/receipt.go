package ui

import (
	"fmt"
	"io"

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
	a.saveDeskFile("回单", receiptName(e), ".pdf", func(w io.Writer) error { return a.writeReceipt(w, e) })
}
