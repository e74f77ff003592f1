package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/ledger"
	"branchdesk/storage/printer"
)

// fakePrinter is a printing system with the printers given; it keeps
// what it was sent.
type fakePrinter struct {
	printers []printer.Printer
	listErr  error
	printErr error
	jobs     []printJob
}

type printJob struct {
	printer, title string
	doc            []byte
}

func (f *fakePrinter) Printers(context.Context) ([]printer.Printer, error) {
	return f.printers, f.listErr
}

func (f *fakePrinter) Print(_ context.Context, name, title string, write func(io.Writer) error) (string, error) {
	if f.printErr != nil {
		return "", f.printErr
	}
	var b strings.Builder
	if err := write(&b); err != nil {
		return "", err
	}
	f.jobs = append(f.jobs, printJob{name, title, []byte(b.String())})
	return name + "-7", nil
}

// pdfText is a PDF's text as pdftotext reads it, without spaces.
func pdfText(t *testing.T, doc []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "p.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

// TestPrintReceipt: after a withdrawal 打印回单 offers the printers with
// the system's default chosen, prints the bank's two-copy receipt there,
// and remembers the printer chosen for next time; the journal prints the
// same receipt.
func TestPrintReceipt(t *testing.T) {
	tm := newTerminal(t)
	fp := &fakePrinter{printers: []printer.Printer{{Name: "PDF", Default: true}, {Name: "Counter-2"}}}
	tm.a.opts.Printer = fp
	ws := tm.signedIn("1001")
	b := ws.business
	if !b.print.Disabled() {
		t.Fatal("打印回单 enabled before any posting")
	}
	tm.key(savings1, "49,999.99")
	press(b.amount, "Return")
	confirmed(t, b)
	b.kind.SetSelected(ledger.SavingsCashWithdrawal.Title())
	tm.key(savings1, "1,000.00")
	press(b.amount, "Return")
	confirmed(t, b)
	wantContains(t, "withdrawal posted", b.result.Text, "流水号 000002")

	test.Tap(b.print)
	p := tm.a.printing
	if p == nil {
		t.Fatal("打印回单 opened no dialog")
	}
	if p.choice.Selected != "PDF（系统默认）" || len(p.choice.Options) != 2 {
		t.Fatalf("printer choice %q of %q", p.choice.Selected, p.choice.Options)
	}
	p.choice.SetSelectedIndex(1)
	test.Tap(p.ok)
	if len(fp.jobs) != 1 || fp.jobs[0].printer != "Counter-2" || !strings.HasPrefix(fp.jobs[0].title, "回单-2026-11-23-1001-000002") {
		t.Fatalf("jobs %+v", fp.jobs)
	}
	if tm.a.printing != nil {
		t.Fatal("the print dialog stays open after printing")
	}
	text := pdfText(t, fp.jobs[0].doc)
	for _, want := range []string{"示范银行业务回单", "示范支行营业部", "客户回单联", "银行记账联", "储蓄现金取款", "¥1,000.00",
		"人民币壹仟元整", "交易后余额", "¥548,999.99", "客户签名", "（现金讫章）", "张伟"} {
		if !strings.Contains(text, want) {
			t.Errorf("printed receipt lacks %q:\n%s", want, text)
		}
	}
	tm.a.closeAllModals() // the 已送打印机 message

	// The journal's 打印回单 opens on the printer used last.
	ws.tabs.Select(ws.journalTab)
	j := ws.journal
	if !j.print.Disabled() {
		t.Fatal("journal 打印回单 enabled with nothing selected")
	}
	j.table.Select(widget.TableCellID{Row: row(j.table, len(j.entries), 1, "000001")})
	test.Tap(j.print)
	if p = tm.a.printing; p == nil || p.choice.Selected != "Counter-2" {
		t.Fatalf("the printer used last is not chosen: %+v", p)
	}
	test.Tap(p.ok)
	if len(fp.jobs) != 2 || !strings.Contains(pdfText(t, fp.jobs[1].doc), "储蓄现金存款") {
		t.Fatalf("journal print: %d jobs", len(fp.jobs))
	}
	if strings.Contains(pdfText(t, fp.jobs[1].doc), "客户签名") {
		t.Error("a deposit's receipt has a signature line")
	}
}

// TestPrintRefusals: no printer installed says so in Chinese and opens no
// choice; lp refusing keeps the dialog open with what went wrong.
func TestPrintRefusals(t *testing.T) {
	tm := newTerminal(t)
	fp := &fakePrinter{listErr: printer.ErrNoPrinter}
	tm.a.opts.Printer = fp
	ws := tm.signedIn("1001")
	b := ws.business
	tm.key(savings1, "100.00")
	press(b.amount, "Return")
	confirmed(t, b)
	test.Tap(b.print)
	if tm.a.printing != nil || !tm.dialogOpen() {
		t.Fatal("no printer, yet a choice of printers")
	}
	wantContains(t, "no printer", lastDialogText(tm), "本机没有安装打印机")
	tm.a.closeAllModals()

	fp.listErr = nil
	fp.printers = []printer.Printer{{Name: "PDF"}}
	fp.printErr = errors.New("打印失败：系统打印程序报告：lp: Destination \"PDF\" is not accepting jobs.")
	test.Tap(b.print)
	p := tm.a.printing
	test.Tap(p.ok)
	if tm.a.printing != p || !strings.Contains(p.message.Text, "not accepting jobs") {
		t.Fatalf("after a refused job the dialog says %q", p.message.Text)
	}
	if tm.a.fy.Preferences().String(prefPrinter) != "" {
		t.Fatal("a printer that refused the job is remembered")
	}
}

// TestSaveRemembersFolder: a file saved goes where the dialog chose, and
// the next dialog opens in that folder.
func TestSaveRemembersFolder(t *testing.T) {
	tm := newTerminal(t)
	root := t.TempDir()
	dir := filepath.Join(root, "回单")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tm.a.rememberDir(root)
	tm.a.saveDeskFile("回单", "a.pdf", ".pdf", func(w io.Writer) error { _, err := io.WriteString(w, "%PDF"); return err })
	d := tm.a.files
	pickEntry(t, d, "回单")
	test.Tap(d.ok)
	if b, err := os.ReadFile(filepath.Join(dir, "a.pdf")); err != nil || string(b) != "%PDF" {
		t.Fatalf("saved %q, %v", b, err)
	}
	if l := tm.a.deskFolder(); l == nil || l.Path() != dir {
		t.Fatalf("next dialog opens in %v, want %s", l, dir)
	}
	wantContains(t, "saved", lastDialogText(tm), "回单已保存")
	tm.a.closeAllModals()
	tm.a.saveDeskFile("回单", "b.pdf", ".pdf", func(io.Writer) error { return nil })
	if tm.a.files.dir != dir {
		t.Fatalf("the next dialog opened in %s", tm.a.files.dir)
	}
}

// TestPrintReports: the day-end, vault and voucher-register reports of the
// cash tabs, and the KPI and month reports of the officers' desk, each go
// to the printer from their 打印 button.
func TestPrintReports(t *testing.T) {
	tm := newTerminal(t)
	fp := &fakePrinter{printers: []printer.Printer{{Name: "PDF", Default: true}}}
	tm.a.opts.Printer = fp
	ws := tm.signedIn("2002")
	c := ws.cash
	printed := func(b *button, want string) {
		t.Helper()
		n := len(fp.jobs)
		test.Tap(b)
		p := tm.a.printing
		if p == nil {
			t.Fatalf("%s: no print dialog; %s", want, lastDialogText(tm))
		}
		test.Tap(p.ok)
		if len(fp.jobs) != n+1 || !strings.Contains(pdfText(t, fp.jobs[n].doc), want) {
			t.Fatalf("%s not printed: %d jobs", want, len(fp.jobs))
		}
		tm.a.closeAllModals()
	}
	printed(c.dayEnd.print, "柜员日终报表")
	printed(c.closeDay.print, "总库现金报表")
	printed(c.keeper.print, "重要空白凭证登记簿")

	b := newDeskBed(t)
	tm = b.terminal("3001")
	tm.a.opts.Printer = fp
	d := tm.a.desk
	d.tabs.Select(d.kpiTab)
	printed(d.kpi.print, "信用融资服务官KPI报表")
	d.tabs.Select(d.targetsTab)
	d.targets.tabs.Select(d.targets.monthTab)
	printed(d.targets.month.print, "营销名单月结统计表")
}
