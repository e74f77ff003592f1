package ui

import (
	"context"
	"fmt"
	"io"
	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/storage/printer"
)

// Printer is the PC's printing system (printer.Spooler): what printers
// there are, and a document sent to one.
type Printer interface {
	Printers(ctx context.Context) ([]printer.Printer, error)
	Print(ctx context.Context, name, title string, write func(io.Writer) error) (job string, err error)
}

// prefPrinter keeps the printer last printed to, on this PC.
const prefPrinter = "print.printer"

// printTimeout bounds one call to the printing system.
const printTimeout = 30 * time.Second

// printDialog asks which printer to send a document to.
type printDialog struct {
	m       *modal
	choice  *widget.Select
	names   []string // printer names, in the order of choice's options
	ok      *button
	message *widget.Label
}

// printDeskFile asks which printer to use (the one used last on this PC
// first, else the system's default) and sends a document there; what
// names it in messages, e.g. "回单". Every 打印 goes through it.
func (a *App) printDeskFile(what, name string, write func(io.Writer) error) {
	ctx, cancel := context.WithTimeout(a.ctx, printTimeout)
	ps, err := a.opts.Printer.Printers(ctx)
	cancel()
	if err != nil {
		a.showError("print "+what, err)
		return
	}
	p := &printDialog{message: messageLabel()}
	p.message.Importance = widget.DangerImportance
	options := make([]string, len(ps))
	for i, pr := range ps {
		p.names = append(p.names, pr.Name)
		options[i] = pr.Name
		if pr.Default {
			options[i] += tr("（系统默认）")
		}
	}
	p.choice = widget.NewSelect(options, func(string) { a.touch() })
	p.choice.SetSelectedIndex(0)
	last := a.fy.Preferences().String(prefPrinter)
	for i, n := range p.names {
		if n == last {
			p.choice.SetSelectedIndex(i)
		}
	}
	p.ok = newButton(a, tr("打印"), theme.DocumentPrintIcon(), func() { a.sendToPrinter(p, what, name, write) })
	p.ok.Importance = widget.HighImportance
	cancelBtn := newButton(a, tr("取消"), theme.CancelIcon(), func() { a.closeModal(p.m); a.printing = nil })
	body := widget.NewForm(widget.NewFormItem(tr("文件"), widget.NewLabel(name)), widget.NewFormItem(tr("打印机"), p.choice))
	p.m = a.showModal(tr("打印")+what, container.NewVBox(body, p.message), []fyne.CanvasObject{cancelBtn, p.ok}, 560, nil,
		func() { a.printing = nil })
	a.printing = p
}

// sendToPrinter prints on the chosen printer and remembers it.
func (a *App) sendToPrinter(p *printDialog, what, name string, write func(io.Writer) error) {
	i := p.choice.SelectedIndex()
	if i < 0 {
		p.message.SetText(tr("请选择打印机"))
		return
	}
	ctx, cancel := context.WithTimeout(a.ctx, printTimeout)
	defer cancel()
	job, err := a.opts.Printer.Print(ctx, p.names[i], name, write)
	if err != nil {
		log.Printf("ui: print %s on %s: %v", what, p.names[i], err)
		p.message.SetText(errorText(err))
		return
	}
	a.fy.Preferences().SetString(prefPrinter, p.names[i])
	log.Printf("ui: %s sent to printer %s (job %s)", what, p.names[i], job)
	a.closeModal(p.m)
	a.printing = nil
	msg := fmt.Sprintf(tr("%s已送打印机 %s"), what, p.names[i])
	if job != "" {
		msg += tr("（作业 ") + job + "）"
	}
	a.showInfo(tr("打印")+what, msg)
}
