package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/cash"
	"branchdesk/domain/money"
)

// errPieces is a denomination line that is not a whole number.
func errPieces() error { return errors.New(tr("张（枚）数须为整数")) }

// countGrid is a count by denomination: one entry per note and coin, the
// amount of each line and the total, worked out as the pieces are typed.
// Enter moves to the next line; on the last it calls onDone.
type countGrid struct {
	a        *App
	denoms   []cash.Denomination
	pieces   map[string]*field
	amounts  map[string]*widget.Label
	rows     map[string]fyne.CanvasObject
	coins    *widget.Check // shows the rare 分 coins
	total    *widget.Label
	onChange func()
	onDone   func()
	content  fyne.CanvasObject
}

// countColumns are the grid's column widths: denomination, pieces, amount.
var countColumns = columnsLayout{120, 130, 150}

func newCountGrid(a *App) *countGrid {
	g := &countGrid{a: a, denoms: cash.Denominations(), pieces: map[string]*field{},
		amounts: map[string]*widget.Label{}, rows: map[string]fyne.CanvasObject{}}
	bold := fyne.TextStyle{Bold: true}
	lines := []fyne.CanvasObject{container.New(countColumns,
		widget.NewLabelWithStyle(tr("券别"), fyne.TextAlignLeading, bold),
		widget.NewLabelWithStyle(tr("张（枚）数"), fyne.TextAlignLeading, bold),
		widget.NewLabelWithStyle(tr("金额"), fyne.TextAlignTrailing, bold))}
	for i, d := range g.denoms {
		f := newField(a, "0")
		amt := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{})
		g.pieces[d.Code], g.amounts[d.Code] = f, amt
		f.OnChanged = func(string) { g.changed() }
		f.OnSubmitted = func(string) { g.next(i) }
		row := container.New(countColumns, widget.NewLabel(tr(d.Name)), f, amt)
		g.rows[d.Code] = row
		if d.Optional {
			row.Hide()
		}
		lines = append(lines, row)
	}
	g.coins = widget.NewCheck(tr("显示分币"), func(on bool) {
		a.touch()
		for _, d := range g.denoms {
			if d.Optional {
				if on {
					g.rows[d.Code].Show()
				} else {
					g.rows[d.Code].Hide()
				}
			}
		}
	})
	g.total = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, bold)
	lines = append(lines, widget.NewSeparator(),
		container.New(countColumns, widget.NewLabelWithStyle(tr("合计"), fyne.TextAlignLeading, bold), g.coins, g.total))
	g.content = container.NewVBox(lines...)
	g.changed()
	return g
}

// next moves the cursor to the line after i, or ends the grid.
func (g *countGrid) next(i int) {
	for j := i + 1; j < len(g.denoms); j++ {
		if g.rows[g.denoms[j].Code].Visible() {
			g.a.win.Canvas().Focus(g.pieces[g.denoms[j].Code])
			return
		}
	}
	if g.onDone != nil {
		g.onDone()
	}
}

// first is the first line's entry, where counting starts.
func (g *countGrid) first() *field { return g.pieces[g.denoms[0].Code] }

// field is the entry of one denomination.
func (g *countGrid) field(code string) *field { return g.pieces[code] }

// changed shows each line's amount and the total.
func (g *countGrid) changed() {
	for _, d := range g.denoms {
		l := g.amounts[d.Code]
		n, err := pieces(g.pieces[d.Code].Text)
		switch {
		case err != nil:
			l.Importance = widget.DangerImportance
			l.SetText(errorText(errPieces()))
		case n == 0:
			l.Importance = widget.MediumImportance
			l.SetText("")
		default:
			l.Importance = widget.MediumImportance
			l.SetText((d.Face * money.Amount(n)).String())
		}
	}
	if total, err := g.totalAmount(); err != nil {
		g.total.Importance = widget.DangerImportance
		g.total.SetText(errorText(err))
	} else {
		g.total.Importance = widget.MediumImportance
		g.total.SetText(total.String())
	}
	if g.onChange != nil {
		g.onChange()
	}
}

func pieces(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	return strconv.ParseInt(s, 10, 64)
}

// count is what was typed, as a count; a line that is not a number is an
// error naming the line, and the domain checks the rest.
func (g *countGrid) count() (cash.Count, error) {
	c := cash.Count{}
	for _, d := range g.denoms {
		n, err := pieces(g.pieces[d.Code].Text)
		if err != nil {
			return nil, fmt.Errorf("%s：%w", tr(d.Name), errPieces())
		}
		if n != 0 {
			c[d.Code] = n
		}
	}
	if _, err := c.Total(); err != nil {
		return nil, err
	}
	return c, nil
}

func (g *countGrid) totalAmount() (money.Amount, error) {
	c, err := g.count()
	if err != nil {
		return 0, err
	}
	return c.Total()
}

// setCount fills the grid with a count (nil clears it).
func (g *countGrid) setCount(c cash.Count) {
	for _, d := range g.denoms {
		s := ""
		if n := c[d.Code]; n != 0 {
			s = strconv.FormatInt(n, 10)
			if d.Optional {
				g.coins.SetChecked(true)
			}
		}
		g.pieces[d.Code].SetText(s)
	}
	g.changed()
}

// columnsLayout lays its objects out in a row of fixed widths, a table row
// without a table.
type columnsLayout []float32

func (l columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, o := range objs {
		w := l.width(i)
		if i == len(objs)-1 && size.Width > x+w {
			w = size.Width - x
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}

func (l columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		s.Width += l.width(i)
		s.Height = max(s.Height, o.MinSize().Height)
	}
	return s
}

func (l columnsLayout) width(i int) float32 {
	if i < len(l) {
		return l[i]
	}
	return 100
}
