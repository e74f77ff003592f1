package pdf

import (
	"fmt"
	"regexp"

	"github.com/signintech/gopdf"
)

// Type sizes of reports, which carry more columns than a receipt.
const (
	tableSize   = 9.0
	headingSize = 11.5
	headingH    = 24.0
)

// grid is a ruled table of many columns: a header row, repeated at the top
// of every page the table runs onto, body rows, and totals rows at the end.
type grid struct {
	headers []string
	widths  []float64 // relative: scaled to the width between the margins
	rows    [][]string
	totals  int // how many of the last rows are totals, tinted like the header
}

// table draws a ruled table under headers. widths are relative column
// widths. A column of figures (amounts, counts) is right-aligned.
func (d *document) table(headers []string, widths []float64, rows [][]string) error {
	return d.drawGrid(grid{headers: headers, widths: widths, rows: rows})
}

// band is one row of a grid, wrapped to its columns.
type band struct {
	cells [][]string
	lines int
	tint  bool // header and totals
	head  bool // header: captions in ink, centred
}

func (d *document) drawGrid(g grid) error {
	if len(g.widths) != len(g.headers) {
		return fmt.Errorf("table: %d widths for %d columns", len(g.widths), len(g.headers))
	}
	g.totals = min(max(g.totals, 0), len(g.rows))
	cols := d.gridColumns(g.widths)
	align := figureColumns(g)
	if err := d.font(tableSize); err != nil {
		return err
	}
	lh := tableSize * leading
	head, err := d.wrapBand(g.headers, cols)
	if err != nil {
		return err
	}
	head.tint, head.head = true, true
	headH := float64(head.lines)*lh + 2*padY
	bottom := d.bottom()

	// Keep the header with at least one line of the first row.
	if d.y > d.pageTop && d.y+headH+lh+2*padY > bottom {
		if err := d.newPage(); err != nil {
			return err
		}
	}
	d.tableTop = d.y
	if err := d.drawBand(head, cols, align, lh, 0, head.lines); err != nil {
		return err
	}
	bands := make([]band, len(g.rows))
	for i, r := range g.rows {
		if bands[i], err = d.wrapBand(r, cols); err != nil {
			return err
		}
		bands[i].tint = i >= len(g.rows)-g.totals
	}
	// The totals stay together, with the last body row above them.
	keepFrom := len(bands)
	if g.totals > 0 {
		keepFrom = max(len(bands)-g.totals-1, 0)
	}
	bodyOnPage := false
	for i, b := range bands {
		if i == keepFrom && bodyOnPage {
			lines := 0
			for _, k := range bands[i:] {
				lines += k.lines
			}
			h := float64(lines)*lh + float64(len(bands)-i)*2*padY
			if d.y+h > bottom && d.pageTop+headH+h <= bottom {
				if err := d.newPage(); err != nil {
					return err
				}
				if err := d.drawBand(head, cols, align, lh, 0, head.lines); err != nil {
					return err
				}
				bodyOnPage = false
			}
		}
		for start := 0; start < b.lines; {
			need := b.lines - start
			room := int((bottom - d.y - 2*padY) / lh)
			fitsFresh := d.pageTop+headH+float64(need)*lh+2*padY <= bottom
			if bodyOnPage && (room < 1 || (room < need && fitsFresh)) {
				if err := d.newPage(); err != nil {
					return err
				}
				if err := d.drawBand(head, cols, align, lh, 0, head.lines); err != nil {
					return err
				}
				bodyOnPage = false
				continue
			}
			k := max(1, min(room, need))
			if err := d.drawBand(b, cols, align, lh, start, start+k); err != nil {
				return err
			}
			bodyOnPage = true
			start += k
		}
	}
	d.closeTable()
	d.y += 8
	return nil
}

// gridHeight is how tall g is drawn whole.
func (d *document) gridHeight(g grid) (float64, error) {
	if err := d.font(tableSize); err != nil {
		return 0, err
	}
	cols := d.gridColumns(g.widths)
	lines, rows := 0, 0
	for _, r := range append([][]string{g.headers}, g.rows...) {
		b, err := d.wrapBand(r, cols)
		if err != nil {
			return 0, err
		}
		lines += b.lines
		rows++
	}
	return float64(lines)*tableSize*leading + float64(rows)*2*padY, nil
}

// gridColumns scales relative widths to the page.
func (d *document) gridColumns(widths []float64) []column {
	var sum float64
	for _, w := range widths {
		sum += w
	}
	cols := make([]column, len(widths))
	x := margin
	for i, w := range widths {
		cols[i] = column{x: x, w: w / sum * d.contentW()}
		x += cols[i].w
	}
	return cols
}

// figurePattern is an amount or a count as a report prints it: "¥1,000.00", "-3", "19100".
var figurePattern = regexp.MustCompile(`^[-+]?¥?[0-9][0-9,]*(\.[0-9]+)?$`)

// figureColumns right-aligns the columns whose body cells are all figures
// (or empty, or a dash) and holds at least one figure. A table with no
// body (a day without business) goes by its totals, or its totals' figures
// stood on the left where every other table has them on the right.
func figureColumns(g grid) []int {
	body, totals := g.rows[:len(g.rows)-g.totals], g.rows[len(g.rows)-g.totals:]
	align := make([]int, len(g.headers))
	for c := range g.headers {
		seen, all := figures(body, c)
		if !seen && all {
			seen, all = figures(totals, c)
		}
		align[c] = gopdf.Left
		if seen && all {
			align[c] = gopdf.Right
		}
	}
	return align
}

// figures says whether column c of rows holds a figure, and whether all
// it holds are figures (an empty cell or a dash is neither).
func figures(rows [][]string, c int) (seen, all bool) {
	for _, r := range rows {
		if c >= len(r) || r[c] == "" || r[c] == "—" {
			continue
		}
		if !figurePattern.MatchString(r[c]) {
			return seen, false
		}
		seen = true
	}
	return seen, true
}

func (d *document) wrapBand(cells []string, cols []column) (band, error) {
	b := band{cells: make([][]string, len(cols)), lines: 1}
	for i, c := range cols {
		s := ""
		if i < len(cells) {
			s = cells[i]
		}
		lines := []string{s} // a figure is never broken: drawBand shrinks it to fit
		if !figurePattern.MatchString(s) {
			var err error
			if lines, err = d.wrap(s, c.w-2*padX); err != nil {
				return b, err
			}
		}
		b.cells[i] = lines
		b.lines = max(b.lines, len(lines))
	}
	return b, nil
}

// drawBand draws lines [from, to) of a band as one ruled strip.
func (d *document) drawBand(b band, cols []column, align []int, lh float64, from, to int) error {
	h := float64(to-from)*lh + 2*padY
	last := cols[len(cols)-1]
	right := last.x + last.w
	if b.tint {
		d.gp.SetFillColor(tintR, tintG, tintB)
		d.gp.RectFromUpperLeftWithStyle(margin, d.y, right-margin, h, "F")
	}
	d.gp.SetStrokeColor(inkR, inkG, inkB)
	d.gp.SetLineWidth(0.5)
	if b.tint {
		d.gp.Line(margin, d.y, right, d.y) // the fill covered the rule above
	}
	for _, c := range cols[1:] {
		d.gp.Line(c.x, d.y, c.x, d.y+h)
	}
	d.gp.Line(margin, d.y+h, right, d.y+h)
	if err := d.font(tableSize); err != nil {
		return err
	}
	for i, c := range cols {
		a := align[i]
		if b.head {
			d.ink()
			a = gopdf.Center
		} else {
			d.gp.SetTextColor(0, 0, 0)
		}
		lines := b.cells[i]
		lines = lines[min(from, len(lines)):min(to, len(lines))]
		for j, l := range lines {
			y := d.y + padY + float64(j)*lh
			if err := d.cellText(c.x+padX, y, c.w-2*padX, lh, l, a); err != nil {
				return err
			}
		}
	}
	d.y += h
	d.fresh = false
	return nil
}

// cellText writes one line of a table cell; a line wider than the cell (a
// figure, which is never wrapped) is set smaller until it fits.
func (d *document) cellText(x, y, w, h float64, s string, align int) error {
	tw, err := d.gp.MeasureTextWidth(s)
	if err != nil {
		return fmt.Errorf("unable to measure %q: %w", s, err)
	}
	if tw <= w {
		return d.text(x, y, w, h, s, align)
	}
	if err := d.font(tableSize * w / tw); err != nil {
		return err
	}
	defer d.font(tableSize) //nolint:errcheck // the same font was set just above
	return d.text(x, y, w, h, s, align)
}

// heading closes the table above and starts a section with a caption,
// on a new page unless keep points of content fit under it.
func (d *document) heading(s string, keep float64) error {
	d.closeTable()
	if d.y > d.pageTop && d.y+headingH+keep > d.bottom() {
		if err := d.newPage(); err != nil {
			return err
		}
	}
	if err := d.bold(headingSize); err != nil {
		return err
	}
	d.ink()
	if err := d.text(margin, d.y+4, d.contentW(), headingH-6, s, gopdf.Left); err != nil {
		return err
	}
	d.y += headingH
	d.tableTop = d.y
	d.fresh = true
	return nil
}

// note writes a wrapped line of small print under a table.
func (d *document) note(s string) error {
	d.closeTable()
	if err := d.font(tableSize); err != nil {
		return err
	}
	lines, err := d.wrap(s, d.contentW())
	if err != nil {
		return err
	}
	lh := tableSize * leading
	d.gp.SetTextColor(0, 0, 0)
	for _, l := range lines {
		if d.y+lh > d.bottom() {
			if err := d.newPage(); err != nil {
				return err
			}
		}
		if err := d.text(margin, d.y, d.contentW(), lh, l, gopdf.Left); err != nil {
			return err
		}
		d.y += lh
	}
	d.y += 6
	d.fresh = true
	return nil
}

// signer is one signature line: the role in ink, the line to sign on, and
// the person expected to sign printed small under it, if known.
type signer struct{ role, name string }

// signOff draws signature lines side by side, kept together on one page.
func (d *document) signOff(signers ...signer) error {
	const h = 52.0
	d.closeTable()
	if d.y+h > d.bottom() {
		if err := d.newPage(); err != nil {
			return err
		}
	}
	w := d.contentW() / float64(len(signers))
	y := d.y + 20
	d.gp.SetStrokeColor(inkR, inkG, inkB)
	d.gp.SetLineWidth(0.5)
	for i, s := range signers {
		x := margin + float64(i)*w
		if err := d.font(bodySize); err != nil {
			return err
		}
		d.ink()
		caption := s.role + "："
		cw, err := d.gp.MeasureTextWidth(caption)
		if err != nil {
			return fmt.Errorf("unable to measure %q: %w", caption, err)
		}
		if err := d.text(x, y, cw, 16, caption, gopdf.Left); err != nil {
			return err
		}
		d.gp.Line(x+cw+2, y+14, x+w-14, y+14)
		if s.name != "" {
			if err := d.font(smallSize); err != nil {
				return err
			}
			d.gp.SetTextColor(0, 0, 0)
			if err := d.text(x+cw+2, y+16, w-cw-16, 12, s.name, gopdf.Left); err != nil {
				return err
			}
		}
	}
	d.y = y + h - 20
	d.fresh = true
	return nil
}
