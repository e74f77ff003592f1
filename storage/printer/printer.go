// Package printer sends PDF files to the PC's printers: on Linux (and UOS,
// Kylin) through CUPS with lp and lpstat, on Windows through the shell's
// print verb. The commands run through a Runner, so tests see what would
// be run and answer for the system.
package printer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Printer is one printer the system offers.
type Printer struct {
	Name    string // the system's name for it, given back to Print
	Default bool   // the system's default printer
}

// Runner runs a command and returns what it printed on standard output;
// an error that failed with output on standard error carries it.
type Runner func(ctx context.Context, name string, args ...string) ([]byte, error)

// Errors of printing. Their text is shown to the user as is.
var (
	// ErrNoPrinter says the system has no printer to send to.
	ErrNoPrinter = errors.New("本机没有安装打印机：请先在系统中添加打印机（Linux 在“打印机”设置或 CUPS 中添加，Windows 在“设置 → 打印机和扫描仪”中添加），或先保存 PDF")
	// ErrNoSpooler says the printing system itself is missing or not running.
	ErrNoSpooler = errors.New("打印服务不可用：Linux 请安装并启动 CUPS（apt-get install cups），Windows 请检查“Print Spooler”服务")
	// ErrPrint says the system refused the job; it comes wrapped with what
	// the system said.
	ErrPrint = errors.New("打印失败")
)

// Spooler sends files to the system's printers.
type Spooler struct {
	run Runner
	sys system
	dir string // where files wait for the spooler
}

// system is how one operating system lists printers and prints a file.
type system interface {
	printers(ctx context.Context, run Runner) ([]Printer, error)
	print(ctx context.Context, run Runner, printer, title, file string) (job string, err error)
	keepsFile() bool // the file must outlive the command (Windows hands it to another program)
}

// New is a Spooler for this PC's printing system, running real commands.
func New() *Spooler { return NewWith(Exec) }

// NewWith is a Spooler for this PC's printing system that runs commands
// through run.
func NewWith(run Runner) *Spooler {
	return &Spooler{run: run, sys: native, dir: filepath.Join(os.TempDir(), "branchdesk-print")}
}

// Printers lists the printers, the system's default first; none is
// ErrNoPrinter.
func (s *Spooler) Printers(ctx context.Context) ([]Printer, error) {
	ps, err := s.sys.printers(ctx, s.run)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, ErrNoPrinter
	}
	for i, p := range ps {
		if p.Default && i > 0 {
			copy(ps[1:i+1], ps[:i])
			ps[0] = p
		}
	}
	return ps, nil
}

// Print writes a document with write and sends it to printer ("" for the
// system's default), titled title in the queue. It returns the job's name
// as the system gave it, if it did.
func (s *Spooler) Print(ctx context.Context, printer, title string, write func(io.Writer) error) (string, error) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return "", fmt.Errorf("printer: %w", err)
	}
	s.sweep()
	f, err := os.CreateTemp(s.dir, "print-*.pdf")
	if err != nil {
		return "", fmt.Errorf("printer: %w", err)
	}
	name := f.Name()
	werr := write(f)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		var job string
		job, werr = s.sys.print(ctx, s.run, printer, title, name)
		if werr == nil {
			if !s.sys.keepsFile() {
				_ = os.Remove(name)
			}
			return job, nil
		}
	}
	_ = os.Remove(name)
	return "", werr
}

// sweep removes files left for Windows' print programs over a day ago.
func (s *Spooler) sweep() {
	old, _ := filepath.Glob(filepath.Join(s.dir, "print-*.pdf"))
	for _, p := range old {
		if fi, err := os.Stat(p); err == nil && time.Since(fi.ModTime()) > 24*time.Hour {
			_ = os.Remove(p)
		}
	}
}

// Exec runs a real command in the C locale, so that what CUPS says can be
// read whatever the PC's language. Its error carries the command's
// standard error, trimmed, when there is some.
func Exec(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "LANG=C", "LC_ALL=C")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return out, &CommandError{Err: err, Stderr: msg}
		}
	}
	return out, err
}

// CommandError is a command that failed, with what it said.
type CommandError struct {
	Err    error
	Stderr string
}

func (e *CommandError) Error() string { return e.Err.Error() + "：" + e.Stderr }

// Unwrap gives the command's own error.
func (e *CommandError) Unwrap() error { return e.Err }

// said is what a failed command said, or its error.
func said(err error) string {
	var ce *CommandError
	if errors.As(err, &ce) {
		return ce.Stderr
	}
	return err.Error()
}
