package pdf

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/signintech/gopdf"

	"branchdesk/assets"
)

// Geometry in points. Receipts are A5 landscape (210 × 148 mm), half an A4
// sheet; reports are A4 portrait.
const (
	margin = 22.0

	labelW = 82.0 // fits "授权策略版本" and "金额（大写）"
	padX   = 6.0
	padY   = 3.5

	titleSize    = 17.0
	subtitleSize = 11.0
	bodySize     = 10.0
	amountSize   = 12.5
	smallSize    = 8.0
	leading      = 1.3 // line height over font size

	family = "LXGWWenKai"
)

// pageSize is a sheet's width and height in points.
type pageSize struct{ w, h float64 }

// The sheets BranchDesk prints on.
var (
	a5Landscape = pageSize{w: 595.28, h: 419.53}
	a4Portrait  = pageSize{w: 595.28, h: 841.89}
	a4Landscape = pageSize{w: 841.89, h: 595.28}
)

// Printed-form colours: the frame and captions in voucher red, filled-in data
// in black, as on the bank's pre-printed slips.
const (
	inkR, inkG, inkB    uint8 = 160, 28, 28
	tintR, tintG, tintB uint8 = 252, 240, 238
)

// field is one caption and its value in the receipt's table; size, if set,
// enlarges the value (the amount in figures).
type field struct {
	label, value string
	size         float64
}

// cell is one wrapped caption or value.
type cell struct {
	column
	size  float64
	lines []string
	label bool
}

// column is a cell's horizontal extent.
type column struct{ x, w float64 }

// document draws ruled tables of fields onto pages, breaking pages as needed.
type document struct {
	gp       *gopdf.GoPdf
	size     pageSize
	missing  []rune
	title    string
	subtitle string
	reversal bool

	pages    int
	y        float64 // top of the next row
	tableTop float64 // where this page's table started
	fresh    bool    // nothing drawn in this page's table yet

	pageNumberY float64 // where "第 1 页 共 2 页" goes, right of the subtitle
	pageTop     float64 // where this page's content starts, under the titles

	copyName  string   // the 联次 being drawn (receipts), "" for reports
	pageCopy  []string // each page's 联次
	copyPages []int    // each page's number within its 联次, from 1
}

// newDocument starts an A5 landscape document, the receipt's sheet.
func newDocument(font assets.Font) (*document, error) {
	return newSizedDocument(font, a5Landscape)
}

// newSizedDocument starts a document on sheets of the given size, with the
// font's regular face for text and its bold face for titles and headings.
func newSizedDocument(font assets.Font, size pageSize) (*document, error) {
	d := &document{gp: &gopdf.GoPdf{}, size: size}
	d.gp.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: gopdf.Rect{W: size.w, H: size.h}})
	for _, face := range []struct {
		data  []byte
		style int
	}{{font.Regular, gopdf.Regular}, {font.Bold, gopdf.Bold}} {
		opt := gopdf.TtfOption{Style: face.style, OnGlyphNotFound: d.glyphNotFound}
		if err := d.gp.AddTTFFontDataWithOption(family, face.data, opt); err != nil {
			return nil, fmt.Errorf("unable to load font %s: %w", font.Name, err)
		}
	}
	return d, nil
}

// contentW is the width between the margins.
func (d *document) contentW() float64 { return d.size.w - 2*margin }

// bottom is the lowest line content may reach.
func (d *document) bottom() float64 { return d.size.h - margin }

// glyphNotFound records characters the font lacks; gopdf would silently print
// a space instead.
func (d *document) glyphNotFound(r rune) {
	for _, m := range d.missing {
		if m == r {
			return
		}
	}
	d.missing = append(d.missing, r)
}

// header starts the first page.
func (d *document) header(title, subtitle string, reversal bool) error {
	d.setup(title, subtitle, reversal)
	return d.newPage()
}

// setup sets what heads every page, without starting one.
func (d *document) setup(title, subtitle string, reversal bool) {
	d.title, d.subtitle, d.reversal = title, subtitle, reversal
	d.gp.SetInfo(gopdf.PdfInfo{Title: title, Creator: "BranchDesk"})
}

// startCopy begins a 联次 of a receipt on a new page; its name stands at
// the right of the subtitle line on each of its pages.
func (d *document) startCopy(name string) error {
	d.copyName = name
	return d.newPage()
}

func (d *document) newPage() error {
	d.closeTable()
	d.gp.AddPage()
	d.pages++
	n := 1 // the page's number within its 联次, or the document
	if k := len(d.pageCopy); k > 0 && d.pageCopy[k-1] == d.copyName {
		n = d.copyPages[k-1] + 1
	}
	d.pageCopy = append(d.pageCopy, d.copyName)
	d.copyPages = append(d.copyPages, n)
	y := margin

	title := d.title
	if n > 1 {
		title += "（续）"
	}
	if err := d.bold(titleSize); err != nil {
		return err
	}
	d.ink()
	if err := d.text(margin, y, d.contentW(), titleSize+4, title, gopdf.Center); err != nil {
		return err
	}
	// A double rule under the title, as printed on vouchers.
	tw, err := d.gp.MeasureTextWidth(title)
	if err != nil {
		return fmt.Errorf("unable to measure title: %w", err)
	}
	d.gp.SetStrokeColor(inkR, inkG, inkB)
	d.gp.SetLineWidth(0.8)
	x0, x1 := (d.size.w-tw)/2-10, (d.size.w+tw)/2+10
	d.gp.Line(x0, y+titleSize+7, x1, y+titleSize+7)
	d.gp.Line(x0, y+titleSize+9.5, x1, y+titleSize+9.5)
	if d.reversal {
		if err := d.stamp("冲正", d.size.w-margin-60, y); err != nil {
			return err
		}
	}
	y += titleSize + 14
	d.pageNumberY = y
	if d.copyName != "" {
		if err := d.bold(subtitleSize); err != nil {
			return err
		}
		if err := d.text(margin, y, d.contentW(), subtitleSize+4, d.copyName, gopdf.Right); err != nil {
			return err
		}
	}

	if d.subtitle != "" {
		if err := d.font(subtitleSize); err != nil {
			return err
		}
		lines, err := d.wrap(d.subtitle, d.contentW()-120)
		if err != nil {
			return err
		}
		for _, l := range lines {
			if err := d.text(margin, y, d.contentW(), subtitleSize+4, l, gopdf.Center); err != nil {
				return err
			}
			y += subtitleSize + 4
		}
	}
	d.y = y + 6
	d.tableTop = d.y
	d.pageTop = d.y
	d.fresh = true
	return nil
}

// stamp draws a boxed red mark such as 冲正 at the top right.
func (d *document) stamp(s string, x, y float64) error {
	if err := d.bold(subtitleSize + 3); err != nil {
		return err
	}
	d.gp.SetLineWidth(1.5)
	d.gp.SetStrokeColor(inkR, inkG, inkB)
	d.gp.RectFromUpperLeft(x, y, 60, 24)
	d.ink()
	return d.text(x, y, 60, 24, s, gopdf.Center)
}

// row draws one table row of one or two fields, wrapping long values; a row
// that does not fit moves to the next page, and one taller than a page is
// split across pages.
func (d *document) row(fields []field) error {
	cols := d.columns(len(fields))
	cells := make([]cell, len(cols))
	n, size := 0, bodySize
	for i, f := range fields {
		for j, s := range []string{f.label, f.value} {
			c := &cells[2*i+j]
			c.column, c.size, c.label = cols[2*i+j], bodySize, j == 0
			if j == 1 && f.size > 0 {
				c.size = f.size
			}
			if err := d.font(c.size); err != nil {
				return err
			}
			lines, err := d.wrap(s, c.w-2*padX)
			if err != nil {
				return err
			}
			c.lines = lines
			n, size = max(n, len(lines)), max(size, c.size)
		}
	}
	lh := size * leading
	bottom := d.bottom()
	for start := 0; start < n; {
		need := n - start
		room := int((bottom - d.y - 2*padY) / lh)
		fitsFreshPage := d.tableTop+float64(need)*lh+2*padY <= bottom
		if !d.fresh && (room < 1 || (room < need && fitsFreshPage)) {
			if err := d.newPage(); err != nil {
				return err
			}
			continue
		}
		k := max(1, min(room, need))
		if err := d.drawRow(cells, lh, start, start+k); err != nil {
			return err
		}
		start += k
	}
	return nil
}

// columns splits the table width into caption and value cells.
func (d *document) columns(pairs int) []column {
	if pairs == 1 {
		return []column{{margin, labelW}, {margin + labelW, d.contentW() - labelW}}
	}
	half := d.contentW() / 2
	return []column{
		{margin, labelW}, {margin + labelW, half - labelW},
		{margin + half, labelW}, {margin + half + labelW, half - labelW},
	}
}

// drawRow draws lines [from, to) of each cell as one ruled band; a caption
// carried over from the previous page says so.
func (d *document) drawRow(cells []cell, lh float64, from, to int) error {
	h := float64(to-from)*lh + 2*padY
	d.gp.SetFillColor(tintR, tintG, tintB)
	for _, c := range cells {
		if c.label {
			d.gp.RectFromUpperLeftWithStyle(c.x, d.y, c.w, h, "F")
		}
	}
	d.gp.SetStrokeColor(inkR, inkG, inkB)
	d.gp.SetLineWidth(0.5)
	for _, c := range cells[1:] {
		d.gp.Line(c.x, d.y, c.x, d.y+h)
	}
	d.gp.Line(margin, d.y+h, margin+d.contentW(), d.y+h)

	for _, c := range cells {
		if err := d.font(c.size); err != nil {
			return err
		}
		lines := c.lines
		if c.label {
			d.ink()
			if from > 0 {
				lines = []string{lines[0] + "（续）"}
			} else {
				lines = lines[:min(len(lines), to)]
			}
		} else {
			d.gp.SetTextColor(0, 0, 0)
			lines = lines[min(from, len(lines)):min(to, len(lines))]
		}
		for i, l := range lines {
			y := d.y + padY + float64(i)*lh
			if err := d.text(c.x+padX, y, c.w-2*padX, lh, l, gopdf.Left); err != nil {
				return err
			}
		}
	}
	d.y += h
	d.fresh = false
	return nil
}

// closeTable frames the table drawn on the current page.
func (d *document) closeTable() {
	if d.pages == 0 || d.fresh {
		return
	}
	d.gp.SetStrokeColor(inkR, inkG, inkB)
	d.gp.SetLineWidth(1.2)
	d.gp.RectFromUpperLeft(margin, d.tableTop, d.contentW(), d.y-d.tableTop)
	d.fresh = true
}

// Seal box geometry: room for a round or oval stamp of about 4 cm.
const (
	sealW = 104.0
	sealH = 54.0
)

// signatures closes the table and leaves room for the named stamps
// (名章) and signatures under it, and, when seal is not "", a box on the
// right for that seal (e.g. 现金讫章).
func (d *document) signatures(seal string, names ...string) error {
	const gap, lineH = 14.0, 16.0
	need := gap + lineH + 4
	if seal != "" {
		need = max(need, 8+sealH+2)
	}
	if d.y+need > d.bottom() {
		if err := d.newPage(); err != nil {
			return err
		}
	}
	d.closeTable()
	if err := d.font(bodySize); err != nil {
		return err
	}
	d.ink()
	d.gp.SetStrokeColor(inkR, inkG, inkB)
	d.gp.SetLineWidth(0.5)
	width := d.contentW()
	if seal != "" {
		width -= sealW + 12
	}
	w := width / float64(len(names))
	y := d.y + gap
	for i, name := range names {
		x := margin + float64(i)*w
		caption := name + "："
		cw, err := d.gp.MeasureTextWidth(caption)
		if err != nil {
			return fmt.Errorf("unable to measure %q: %w", caption, err)
		}
		if err := d.text(x, y, cw, lineH, caption, gopdf.Left); err != nil {
			return err
		}
		d.gp.Line(x+cw+2, y+lineH-1, x+w-12, y+lineH-1)
	}
	if seal != "" {
		if err := d.sealBox(seal, margin+d.contentW()-sealW, d.y+8); err != nil {
			return err
		}
	}
	d.y += need
	return nil
}

// sealBox draws a dashed box with the seal's name at its top, where the
// teller stamps it.
func (d *document) sealBox(seal string, x, y float64) error {
	d.gp.SetStrokeColor(inkR, inkG, inkB)
	d.gp.SetLineWidth(0.6)
	d.gp.SetLineType("dashed")
	d.gp.RectFromUpperLeft(x, y, sealW, sealH)
	d.gp.SetLineType("solid")
	if err := d.font(smallSize); err != nil {
		return err
	}
	d.ink()
	return d.text(x, y+2, sealW, smallSize+4, "（"+seal+"）", gopdf.Center)
}

// finish numbers the pages if there are several and writes the PDF, unless
// some character could not be drawn.
func (d *document) finish(w io.Writer) error {
	d.closeTable()
	if err := d.font(smallSize); err != nil {
		return err
	}
	for p := 1; p <= d.pages; p++ {
		// Pages are numbered within their 联次 (receipts) or the document.
		n, total := p, d.pages
		if name := d.pageCopy[p-1]; name != "" {
			n, total = d.copyPages[p-1], d.copyPages[p-1]
			for q := p; q < d.pages && d.pageCopy[q] == name && d.copyPages[q] > d.copyPages[q-1]; q++ {
				total = d.copyPages[q]
			}
		}
		if total < 2 {
			continue
		}
		if err := d.gp.SetPage(p); err != nil {
			return fmt.Errorf("unable to turn to page %d: %w", p, err)
		}
		d.gp.SetTextColor(0, 0, 0)
		s := fmt.Sprintf("第 %d 页 共 %d 页", n, total)
		align := gopdf.Right
		if d.pageCopy[p-1] != "" {
			align = gopdf.Left // the 联次 stands on the right
		}
		if err := d.text(margin, d.pageNumberY, d.contentW(), subtitleSize+4, s, align); err != nil {
			return err
		}
	}
	if len(d.missing) > 0 {
		return &MissingGlyphError{Runes: d.missing}
	}
	if _, err := d.gp.WriteTo(w); err != nil {
		return fmt.Errorf("unable to write: %w", err)
	}
	return nil
}

func (d *document) font(size float64) error {
	if err := d.gp.SetFont(family, "", size); err != nil {
		return fmt.Errorf("unable to set font: %w", err)
	}
	return nil
}

// bold sets the bold face, for titles, stamps and headings.
func (d *document) bold(size float64) error {
	if err := d.gp.SetFont(family, "B", size); err != nil {
		return fmt.Errorf("unable to set bold font: %w", err)
	}
	return nil
}

func (d *document) ink() { d.gp.SetTextColor(inkR, inkG, inkB) }

// text writes one line inside the box at (x, y), vertically centred.
func (d *document) text(x, y, w, h float64, s string, align int) error {
	d.gp.SetXY(x, y)
	if err := d.gp.CellWithOption(&gopdf.Rect{W: w, H: h}, s, gopdf.CellOption{Align: align | gopdf.Middle}); err != nil {
		return fmt.Errorf("unable to write %q: %w", s, err)
	}
	return nil
}

// wrap breaks s into lines no wider than width in the current font. Chinese
// breaks between any two characters; a run of Latin letters or digits (an
// account number, a name) is kept whole when it fits on a line. Newlines in s
// are kept; no character is dropped.
func (d *document) wrap(s string, width float64) ([]string, error) {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", " ").Replace(s)
	widths := map[rune]float64{}
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		runes := []rune(para)
		start, lineW := 0, 0.0
		for i, r := range runes {
			rw, ok := widths[r]
			if !ok {
				var err error
				if rw, err = d.gp.MeasureTextWidth(string(r)); err != nil {
					return nil, fmt.Errorf("unable to measure %q: %w", r, err)
				}
				widths[r] = rw
			}
			if lineW+rw > width && i > start {
				brk := i
				if isWordRune(r) {
					// Move the start of this Latin word to the next line.
					j := i
					for j > start && isWordRune(runes[j-1]) {
						j--
					}
					if j > start {
						brk = j
					}
				}
				if brk-1 > start && noLineStart(runes[brk]) {
					brk-- // 避头: carry the previous character down with the comma
				}
				lines = append(lines, string(runes[start:brk]))
				lineW = 0
				for _, q := range runes[brk:i] {
					lineW += widths[q]
				}
				start = brk
			}
			lineW += rw
		}
		lines = append(lines, string(runes[start:]))
	}
	return lines, nil
}

// noLineStart reports punctuation that must not begin a line (避头点号).
func noLineStart(r rune) bool {
	return strings.ContainsRune("，。、；：？！）」』》〉】〕…,.;:?!)%", r)
}

func isWordRune(r rune) bool {
	return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
