package printer

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
)

// cups prints through CUPS' command-line tools (Linux, UOS, Kylin).
type cups struct{}

// lpstat -p says "printer NAME is idle.  enabled since …" (or "disabled"),
// lpstat -d "system default destination: NAME" or "no system default
// destination" (Exec runs them in the C locale).
var (
	lpstatPrinter = regexp.MustCompile(`(?m)^printer (\S+) `)
	lpstatDefault = regexp.MustCompile(`(?m)^system default destination: (\S+)`)
	lpRequest     = regexp.MustCompile(`request id is (\S+)`)
)

func (cups) printers(ctx context.Context, run Runner) ([]Printer, error) {
	out, err := run(ctx, "lpstat", "-p")
	if err != nil {
		// lpstat -p exits 1 with "No destinations added." when there are none.
		if strings.Contains(said(err), "No destinations") {
			return nil, nil
		}
		return nil, spoolerError(err)
	}
	var ps []Printer
	for _, m := range lpstatPrinter.FindAllStringSubmatch(string(out), -1) {
		ps = append(ps, Printer{Name: m[1]})
	}
	if def, err := run(ctx, "lpstat", "-d"); err == nil {
		if m := lpstatDefault.FindStringSubmatch(string(def)); m != nil {
			for i := range ps {
				ps[i].Default = ps[i].Name == m[1]
			}
		}
	}
	return ps, nil
}

func (cups) print(ctx context.Context, run Runner, printer, title, file string) (string, error) {
	var args []string
	if printer != "" {
		args = append(args, "-d", printer)
	}
	if title != "" {
		args = append(args, "-t", title)
	}
	args = append(args, "--", file)
	out, err := run(ctx, "lp", args...)
	if err != nil {
		msg := said(err)
		if strings.Contains(msg, "No default destination") || strings.Contains(msg, "does not exist") {
			return "", fmt.Errorf("%w：%w（%s）", ErrPrint, ErrNoPrinter, msg)
		}
		return "", fmt.Errorf("%w：%w", ErrPrint, spoolerError(err))
	}
	if m := lpRequest.FindStringSubmatch(string(out)); m != nil {
		return m[1], nil
	}
	return "", nil
}

func (cups) keepsFile() bool { return false }

// spoolerError says what went wrong in Chinese: no lp at all, the
// scheduler not running, or what the command said.
func spoolerError(err error) error {
	msg := said(err)
	low := strings.ToLower(msg)
	var ee *exec.Error
	if errors.As(err, &ee) {
		return fmt.Errorf("%w（未找到 lp/lpstat）", ErrNoSpooler)
	}
	if strings.Contains(low, "scheduler is not running") || strings.Contains(low, "unable to connect to server") {
		return fmt.Errorf("%w（%s）", ErrNoSpooler, msg)
	}
	return fmt.Errorf("系统打印程序报告：%s", msg)
}
