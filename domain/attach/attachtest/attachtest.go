// Package attachtest makes the files tests attach: a PDF a reader opens
// (its pages, cross-reference table, trailer naming the catalogue and
// startxref), of a given size when a limit is tested.
package attachtest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// PDF is a small PDF of pages pages.
func PDF(pages int) []byte { return pdf(pages, 0) }

// PDFOf is a one-page PDF of exactly n bytes (n of at least 300),
// padded with a comment.
func PDFOf(n int) []byte {
	b := pdf(1, 0)
	return pdf(1, n-len(b))
}

func pdf(pages, pad int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Count %d >> endobj\n", pages)
	for i := range pages {
		fmt.Fprintf(&b, "%d 0 obj << /Type /Page /Parent 2 0 R >> endobj\n", 3+i)
	}
	if pad > 0 {
		b.WriteString("%" + strings.Repeat("x", pad-1))
	}
	// The offset's digits are as many with the padding as without it up
	// to 9,999,999 bytes: PDFOf pads to 8 digits, so both have 8.
	off := b.Len()
	b.WriteString("\nxref\n0 1\n0000000000 65535 f \ntrailer << /Size 1 /Root 1 0 R >>\nstartxref\n")
	b.WriteString(fmt.Sprintf("%08s", strconv.Itoa(off+1)))
	b.WriteString("\n%%EOF\n")
	return []byte(b.String())
}

// allowedWords are the Latin words a refusal may show beside Chinese, as
// ui/text_test.go allows them on screen: the file types, their
// extensions in a file's name, and the hash.
var allowedWords = map[string]bool{"JPEG": true, "PNG": true, "PDF": true, "SHA": true,
	"jpeg": true, "jpg": true, "png": true, "pdf": true}

var latinWord = regexp.MustCompile(`[A-Za-z]{3,}`)

// LatinWords are the English words in a reason shown to an officer or
// written on a receipt, which should have none: a Go decoder's error,
// "<nil>".
func LatinWords(s string) []string {
	var out []string
	for _, w := range latinWord.FindAllString(s, -1) {
		if !allowedWords[w] {
			out = append(out, w)
		}
	}
	return out
}
