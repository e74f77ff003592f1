//go:build !windows

package printer

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"branchdesk/domain/money"
	"branchdesk/storage/pdf"
)

// The CUPS-PDF virtual printer this test prints to. pdftocairo keeps the
// embedded CJK font as text: with CUPS' default renderer Ghostscript turns
// it into Type 3 glyphs and pdftotext finds nothing.
const cupsPDFPrinter = "BranchDeskPDF"

// needCups skips the test where CUPS is not installed, and fails it on CI,
// which must have it (make deps installs cups printer-driver-cups-pdf).
func needCups(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			msg := fmt.Sprintf("%s not found: apt-get install cups printer-driver-cups-pdf poppler-utils", tool)
			if os.Getenv("CI") != "" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
}

// startCups starts a CUPS scheduler for the test unless one runs, and
// sets up the CUPS-PDF printer.
func startCups(t *testing.T) {
	t.Helper()
	needCups(t, "lp", "lpstat", "lpadmin", "cupsd", "pdftotext")
	if _, err := os.Stat("/usr/lib/cups/backend/cups-pdf"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("the cups-pdf backend is missing: apt-get install printer-driver-cups-pdf")
		}
		t.Skip("the cups-pdf backend is missing: apt-get install printer-driver-cups-pdf")
	}
	running := func() bool {
		out, _ := exec.Command("lpstat", "-r").Output()
		return strings.Contains(string(out), "scheduler is running")
	}
	if !running() {
		if os.Geteuid() != 0 {
			t.Skip("CUPS is not running and only root may start it here")
		}
		cmd := exec.Command("cupsd", "-f")
		if err := cmd.Start(); err != nil {
			t.Fatalf("cupsd: %v", err)
		}
		t.Cleanup(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		})
		deadline := time.Now().Add(20 * time.Second)
		for !running() {
			if time.Now().After(deadline) {
				t.Fatal("cupsd did not start in 20 s")
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	if out, err := exec.Command("lpstat", "-p", cupsPDFPrinter).CombinedOutput(); err != nil || !strings.Contains(string(out), "enabled") {
		if os.Geteuid() != 0 {
			t.Skipf("no %s printer and only root may add it", cupsPDFPrinter)
		}
		out, err := exec.Command("lpadmin", "-p", cupsPDFPrinter, "-v", "cups-pdf:/", "-E",
			"-m", "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd", "-o", "pdftops-renderer-default=pdftocairo").CombinedOutput()
		if err != nil {
			t.Fatalf("lpadmin: %v: %s", err, out)
		}
	}
}

// cupsPDFDir is where CUPS-PDF writes the current user's jobs: the Out
// setting of /etc/cups/cups-pdf.conf, ${HOME}/PDF by default, with the
// home directory of the user's account (not $HOME).
func cupsPDFDir(t *testing.T) string {
	t.Helper()
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	dir := "${HOME}/PDF"
	if f, err := os.Open("/etc/cups/cups-pdf.conf"); err == nil {
		s := bufio.NewScanner(f)
		for s.Scan() {
			if v, ok := strings.CutPrefix(strings.TrimSpace(s.Text()), "Out "); ok {
				dir = strings.TrimSpace(v)
			}
		}
		f.Close()
	}
	return strings.NewReplacer("${HOME}", u.HomeDir, "${USER}", u.Username).Replace(dir)
}

// TestPrintReceiptThroughCupsPDF prints a receipt with lp to the CUPS-PDF
// printer, waits for the file it writes and reads every character back.
func TestPrintReceiptThroughCupsPDF(t *testing.T) {
	startCups(t)
	r := pdf.Receipt{
		BankName: "示范银行股份有限公司", Branch: "0101", BranchName: "示范支行营业部",
		BusinessDate: "2026-12-06", PostedAt: time.Date(2026, 12, 6, 9, 30, 0, 0, time.Local),
		Teller: "1001", Seq: 7, EntryID: 4242, Kind: "储蓄现金取款", Account: "6217000000000001", Holder: "张伟",
		Amount: money.Amount(1234567), Balance: money.Amount(48765433), BalanceKnown: true, Maker: "1001 张三", PolicyVersion: 1,
		CustomerSigns: true, Seal: "现金讫章",
	}
	s := New()
	ps, err := s.Printers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range ps {
		found = found || p.Name == cupsPDFPrinter
	}
	if !found {
		t.Fatalf("%s not among %+v", cupsPDFPrinter, ps)
	}
	job, err := s.Print(context.Background(), cupsPDFPrinter, "回单测试", func(w io.Writer) error { return pdf.WriteReceipt(w, r) })
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`-(\d+)$`).FindStringSubmatch(job)
	if m == nil {
		t.Fatalf("job %q", job)
	}
	dir := cupsPDFDir(t)
	var out string
	deadline := time.Now().Add(30 * time.Second)
	for out == "" {
		if time.Now().After(deadline) {
			t.Fatalf("no job_%s PDF in %s after 30 s", m[1], dir)
		}
		time.Sleep(200 * time.Millisecond)
		files, _ := filepath.Glob(filepath.Join(dir, "*job_"+m[1]+".pdf"))
		for _, f := range files {
			// CUPS-PDF writes the file under its final name: wait until
			// poppler can read it whole.
			if b, err := exec.Command("pdftotext", "-layout", f, "-").Output(); err == nil && len(b) > 0 {
				out = string(b)
				t.Cleanup(func() { os.Remove(f) })
			}
		}
	}
	flat := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, out)
	for _, want := range []string{"示范银行股份有限公司业务回单", "示范支行营业部", "客户回单联", "银行记账联", "储蓄现金取款",
		"6217000000000001", "张伟", "12,345.67", "人民币壹万贰仟叁佰肆拾伍元陆角柒分", "487,654.33", "客户签名", "现金讫", "1001张三"} {
		if !strings.Contains(flat, want) {
			t.Errorf("printed receipt lacks %q:\n%s", want, out)
		}
	}
}
