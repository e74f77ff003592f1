package printer

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf16"
)

// shell prints through Windows' shell: the print verb of the program
// registered for PDF files (PrintTo for a named printer), started by
// PowerShell, which also lists the printers.
type shell struct{}

// powershell runs script with -EncodedCommand, so no printer or file name
// is ever parsed as part of a command line; its output is UTF-8.
func powershell(ctx context.Context, run Runner, script string) ([]byte, error) {
	script = "[Console]::OutputEncoding = [Text.Encoding]::UTF8\n$ErrorActionPreference = 'Stop'\n" + script
	u := utf16.Encode([]rune(script))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		b[2*i], b[2*i+1] = byte(c), byte(c>>8)
	}
	return run(ctx, "powershell.exe", "-NoProfile", "-NonInteractive", "-EncodedCommand", base64.StdEncoding.EncodeToString(b))
}

// quote is s as a PowerShell single-quoted string.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func (shell) printers(ctx context.Context, run Runner) ([]Printer, error) {
	out, err := powershell(ctx, run, `Get-CimInstance Win32_Printer | ForEach-Object { '{0}|{1}' -f $_.Default, $_.Name }`)
	if err != nil {
		return nil, fmt.Errorf("%w（%s）", ErrNoSpooler, said(err))
	}
	return parseWindowsPrinters(string(out)), nil
}

// parseWindowsPrinters reads lines "True|Name" or "False|Name" (after the
// byte-order mark .NET may write first).
func parseWindowsPrinters(out string) []Printer {
	out = strings.TrimPrefix(out, "\uFEFF")
	var ps []Printer
	for _, line := range strings.Split(out, "\n") {
		def, name, ok := strings.Cut(strings.TrimSpace(line), "|")
		if !ok || name == "" {
			continue
		}
		ps = append(ps, Printer{Name: name, Default: strings.EqualFold(def, "True")})
	}
	return ps
}

func (shell) print(ctx context.Context, run Runner, printer, _ string, file string) (string, error) {
	script := "Start-Process -FilePath " + quote(file) + " -Verb Print -WindowStyle Hidden"
	if printer != "" {
		script = "Start-Process -FilePath " + quote(file) + " -Verb PrintTo -ArgumentList " +
			quote(`"`+printer+`"`) + " -WindowStyle Hidden"
	}
	if _, err := powershell(ctx, run, script); err != nil {
		msg := said(err)
		if strings.Contains(msg, "No application is associated") || strings.Contains(msg, "没有与之关联的应用") {
			return "", fmt.Errorf("%w：本机没有能打印 PDF 的程序，请安装 PDF 阅读器（如 WPS、Adobe Reader）后再试（%s）", ErrPrint, msg)
		}
		return "", fmt.Errorf("%w：系统打印程序报告：%s", ErrPrint, msg)
	}
	return "", nil
}

// The program that prints reads the file after Start-Process returns.
func (shell) keepsFile() bool { return true }
