package printer

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf16"
)

// fake answers commands by their first words and records every call.
type fake struct {
	calls   [][]string
	answers map[string]answer
	files   [][]byte // what each printed file held when it was printed
}

type answer struct {
	out    string
	stderr string
	err    error
}

func (f *fake) run(_ context.Context, name string, args ...string) ([]byte, error) {
	call := append([]string{name}, args...)
	f.calls = append(f.calls, call)
	if name == "lp" {
		b, err := os.ReadFile(args[len(args)-1])
		if err != nil {
			return nil, err
		}
		f.files = append(f.files, b)
	}
	key := name
	if len(args) > 0 {
		key += " " + args[0]
	}
	a, ok := f.answers[key]
	if !ok {
		a = f.answers[name]
	}
	if a.err != nil || a.stderr != "" {
		err := a.err
		if err == nil {
			err = errors.New("exit status 1")
		}
		if a.stderr != "" {
			err = &CommandError{Err: err, Stderr: a.stderr}
		}
		return []byte(a.out), err
	}
	return []byte(a.out), nil
}

func spooler(f *fake, sys system) *Spooler {
	return &Spooler{run: f.run, sys: sys, dir: "testdata-unused"}
}

func TestCupsPrintersDefaultFirst(t *testing.T) {
	f := &fake{answers: map[string]answer{
		"lpstat -p": {out: "printer Office is idle.  enabled since Sun Dec  6 08:53:05 2026\n" +
			"printer PDF is idle.  enabled since Sun Dec  6 08:53:05 2026\n" +
			"printer Counter-2 disabled since Sun Dec  6 08:53:05 2026 -\n\treason unknown\n"},
		"lpstat -d": {out: "system default destination: PDF\n"},
	}}
	ps, err := spooler(f, cups{}).Printers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []Printer{{"PDF", true}, {"Office", false}, {"Counter-2", false}}
	if len(ps) != len(want) {
		t.Fatalf("got %+v", ps)
	}
	for i := range want {
		if ps[i] != want[i] {
			t.Fatalf("got %+v, want %+v", ps, want)
		}
	}
}

func TestCupsNoPrinter(t *testing.T) {
	f := &fake{answers: map[string]answer{
		"lpstat -p": {stderr: "lpstat: No destinations added."},
		"lpstat -d": {out: "no system default destination\n"},
	}}
	_, err := spooler(f, cups{}).Printers(context.Background())
	if !errors.Is(err, ErrNoPrinter) || !strings.Contains(err.Error(), "本机没有安装打印机") {
		t.Fatalf("got %v", err)
	}
}

func TestCupsSchedulerDown(t *testing.T) {
	f := &fake{answers: map[string]answer{"lpstat -p": {stderr: "lpstat: Scheduler is not running."}}}
	_, err := spooler(f, cups{}).Printers(context.Background())
	if !errors.Is(err, ErrNoSpooler) || !strings.Contains(err.Error(), "打印服务不可用") {
		t.Fatalf("got %v", err)
	}
	f = &fake{answers: map[string]answer{"lpstat -p": {err: &exec.Error{Name: "lpstat", Err: exec.ErrNotFound}}}}
	if _, err := spooler(f, cups{}).Printers(context.Background()); !errors.Is(err, ErrNoSpooler) {
		t.Fatalf("lpstat missing: %v", err)
	}
}

func TestCupsPrintSendsTheFileAndRemovesIt(t *testing.T) {
	f := &fake{answers: map[string]answer{"lp": {out: "request id is PDF-7 (1 file(s))\n"}}}
	s := spooler(f, cups{})
	s.dir = t.TempDir()
	job, err := s.Print(context.Background(), "PDF", "回单-0001", func(w io.Writer) error {
		_, err := io.WriteString(w, "%PDF-1.4 回单")
		return err
	})
	if err != nil || job != "PDF-7" {
		t.Fatalf("job %q, %v", job, err)
	}
	call := strings.Join(f.calls[0], " ")
	if !strings.HasPrefix(call, "lp -d PDF -t 回单-0001 -- ") || len(f.files) != 1 || string(f.files[0]) != "%PDF-1.4 回单" {
		t.Fatalf("ran %q with %q", call, f.files)
	}
	if left, _ := os.ReadDir(s.dir); len(left) != 0 {
		t.Fatalf("left behind: %v", left)
	}
}

func TestCupsPrintRefused(t *testing.T) {
	for _, tc := range []struct {
		stderr string
		want   error
		text   string
	}{
		{"lp: The printer or class does not exist.", ErrNoPrinter, "本机没有安装打印机"},
		{"lp: Error - No default destination.", ErrNoPrinter, "本机没有安装打印机"},
		{"lp: Destination \"PDF\" is not accepting jobs.", ErrPrint, "系统打印程序报告：lp: Destination \"PDF\" is not accepting jobs."},
	} {
		f := &fake{answers: map[string]answer{"lp": {stderr: tc.stderr}}}
		s := spooler(f, cups{})
		s.dir = t.TempDir()
		_, err := s.Print(context.Background(), "", "x", func(w io.Writer) error { return nil })
		if !errors.Is(err, tc.want) || !errors.Is(err, ErrPrint) || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%s: got %v", tc.stderr, err)
		}
		if strings.Contains(strings.Join(f.calls[0], " "), " -d ") {
			t.Errorf("no printer named, yet %q", f.calls[0])
		}
		if left, _ := os.ReadDir(s.dir); len(left) != 0 {
			t.Errorf("left behind: %v", left)
		}
	}
}

// script decodes the PowerShell script of a call.
func script(t *testing.T, call []string) string {
	t.Helper()
	if call[0] != "powershell.exe" || call[len(call)-2] != "-EncodedCommand" {
		t.Fatalf("ran %q", call)
	}
	b, err := base64.StdEncoding.DecodeString(call[len(call)-1])
	if err != nil {
		t.Fatal(err)
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	return string(utf16.Decode(u))
}

func TestWindowsPrinters(t *testing.T) {
	f := &fake{answers: map[string]answer{"powershell.exe": {out: "\uFEFFTrue|柜台打印机 (HP LaserJet)\r\nFalse|Microsoft Print to PDF\r\n\r\n"}}}
	ps, err := spooler(f, shell{}).Printers(context.Background())
	if err != nil || len(ps) != 2 || ps[0] != (Printer{"柜台打印机 (HP LaserJet)", true}) || ps[1].Name != "Microsoft Print to PDF" {
		t.Fatalf("got %+v, %v", ps, err)
	}
	if s := script(t, f.calls[0]); !strings.Contains(s, "Win32_Printer") || !strings.Contains(s, "UTF8") {
		t.Fatalf("script %q", s)
	}
}

func TestWindowsPrintVerb(t *testing.T) {
	f := &fake{answers: map[string]answer{"powershell.exe": {}}}
	s := spooler(f, shell{})
	s.dir = t.TempDir()
	if _, err := s.Print(context.Background(), "O'Brien 的打印机", "回单", func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	got := script(t, f.calls[0])
	if !strings.Contains(got, `-Verb PrintTo -ArgumentList '"O''Brien 的打印机"'`) {
		t.Fatalf("script %q", got)
	}
	left, _ := os.ReadDir(s.dir)
	if len(left) != 1 || !strings.Contains(got, left[0].Name()) {
		t.Fatalf("the printing program must find the file: %v in %q", left, got)
	}
	if _, err := s.Print(context.Background(), "", "回单", func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := script(t, f.calls[1]); !strings.Contains(got, "-Verb Print ") {
		t.Fatalf("default printer: %q", got)
	}

	f.answers["powershell.exe"] = answer{stderr: "Start-Process : This command cannot be run due to the error: No application is associated with the specified file for this operation."}
	_, err := s.Print(context.Background(), "", "回单", func(w io.Writer) error { return nil })
	if !errors.Is(err, ErrPrint) || !strings.Contains(err.Error(), "没有能打印 PDF 的程序") {
		t.Fatalf("got %v", err)
	}
}

func TestWriteFailureSendsNothing(t *testing.T) {
	f := &fake{}
	s := spooler(f, cups{})
	s.dir = t.TempDir()
	boom := errors.New("字体缺字")
	if _, err := s.Print(context.Background(), "PDF", "x", func(w io.Writer) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	if len(f.calls) != 0 {
		t.Fatalf("ran %q", f.calls)
	}
}
