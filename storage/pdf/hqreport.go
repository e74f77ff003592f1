package pdf

import (
	"fmt"
	"io"

	"branchdesk/assets"
)

// WriteTable writes one of head office's reports as a ruled table on A4
// landscape: the title and subtitle (the period) on every page, a header
// row repeated on each page, the rows, and the last totals rows tinted
// and kept together. widths are relative column widths, one per header;
// columns of figures are right-aligned. A character the font lacks is an
// error wrapping ErrMissingGlyph.
func WriteTable(w io.Writer, title, subtitle string, headers []string, widths []float64, rows [][]string, totals int) error {
	font, err := assets.LoadFont()
	if err != nil {
		return fmt.Errorf("pdf: %s: %w", title, err)
	}
	doc, err := newSizedDocument(font, a4Landscape)
	if err != nil {
		return fmt.Errorf("pdf: %s: %w", title, err)
	}
	if err := doc.header(title, subtitle, false); err != nil {
		return fmt.Errorf("pdf: %s: %w", title, err)
	}
	if err := doc.drawGrid(grid{headers: headers, widths: widths, rows: rows, totals: totals}); err != nil {
		return fmt.Errorf("pdf: %s: %w", title, err)
	}
	if len(rows) == totals {
		if err := doc.note("期间内没有数据。"); err != nil {
			return fmt.Errorf("pdf: %s: %w", title, err)
		}
	}
	if err := doc.finish(w); err != nil {
		return fmt.Errorf("pdf: %s: %w", title, err)
	}
	return nil
}
