package ui

import (
	"regexp"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// column is a table column: its heading and width.
type column struct {
	title string
	width float32
}

// newTable makes a table with a heading row whose cells come from cell(row, col).
func newTable(cols []column, rows func() int, cell func(row, col int) string) *widget.Table {
	t := &widget.Table{}
	t.ExtendBaseWidget(t)
	setTable(t, cols, rows, cell)
	return t
}

// setTable makes t, a table or the Table inside a widget of its own, show
// a heading row and cells from cell(row, col).
func setTable(t *widget.Table, cols []column, rows func() int, cell func(row, col int) string) {
	t.Length = func() (int, int) { return rows(), len(cols) }
	t.CreateCell = func() fyne.CanvasObject { return widget.NewLabel("") }
	t.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		setCell(o.(*widget.Label), cell(id.Row, id.Col))
	}
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		// A heading longer than its column ends in … rather than running
		// into the next one (English headings are longer than Chinese).
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(cols) {
			o.(*widget.Label).SetText(tr(cols[id.Col].title))
		}
	}
	for i, c := range cols {
		t.SetColumnWidth(i, c.width)
	}
}

// pickHint is the line under a table that asks for a row to be chosen,
// or, while the table has none, says what it would hold: an empty table
// asking to choose from it reads as something failed to load.
func pickHint(rows int, prompt, empty string) string {
	if rows == 0 {
		return empty
	}
	return prompt
}

// rowAt is the i-th of a table's rows, if there is one (a selection may
// be -1 or outlast a refresh).
func rowAt[T any](rows []T, i int) (T, bool) {
	if i < 0 || i >= len(rows) {
		var zero T
		return zero, false
	}
	return rows[i], true
}

// cellText is what a table shows in a cell, as drawn by its own update function.
func cellText(t *widget.Table, row, col int) string {
	o := t.CreateCell()
	t.UpdateCell(widget.TableCellID{Row: row, Col: col}, o)
	return o.(*widget.Label).Text
}

// figure is an amount, a count or a rate as the tables show them:
// "¥1,000.00", "-3", "66.67%".
var figure = regexp.MustCompile(`^[-+]?¥?[0-9][0-9,]*(\.[0-9]+)?%?$`)

// setCell shows s in a table cell: figures right-aligned, so that amounts
// line up by their last digit as on a bank's printed journal.
func setCell(l *widget.Label, s string) {
	align := fyne.TextAlignLeading
	if figure.MatchString(s) {
		align = fyne.TextAlignTrailing
	}
	if l.Alignment != align {
		l.Alignment = align
		l.Refresh()
	}
	l.SetText(s)
}

// fitColumn widens column col of t to its longest text (a heading or a
// cell), between the column's width and most, so a name is not clipped;
// it returns the width set.
func fitColumn(t *widget.Table, cols []column, col int, texts []string, most float32) float32 {
	w := cols[col].width
	pad := 2*theme.Padding() + 2*theme.InnerPadding()
	for _, s := range texts {
		m := fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{}).Width + pad
		w = max(w, min(m, most))
	}
	t.SetColumnWidth(col, w)
	return w
}
