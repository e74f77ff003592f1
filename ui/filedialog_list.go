package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// fileColumns are the file dialog's list: 名称, 大小, 修改时间.
var fileColumns = []column{{key("名称"), 460}, {key("大小"), 110}, {key("修改时间"), 150}}

// fileList is the dialog's list of folders and files. The arrows move
// along it; Enter opens the folder or chooses the file under the
// keyboard's row (then confirms), Backspace goes up, Esc cancels.
type fileList struct {
	widget.Table
	d *fileDialog
}

func newFileList(d *fileDialog) *fileList {
	l := &fileList{d: d}
	l.ExtendBaseWidget(l)
	setTable(&l.Table, fileColumns, func() int { return len(d.entries) }, func(row, col int) string {
		e, ok := rowAt(d.entries, row)
		if !ok {
			return ""
		}
		return e.cell(col)
	})
	l.OnSelected = func(id widget.TableCellID) { d.selected(id.Row) }
	return l
}

// cell is what the list shows of e in column col.
func (e fileEntry) cell(col int) string {
	switch col {
	case 0:
		return e.name
	case 1:
		if e.dir {
			return tr("文件夹")
		}
		return sizeText(e.size)
	}
	return e.mod.Format(time.DateOnly + " 15:04")
}

// TypedKey handles Enter, Backspace and Esc; the arrows and Space go to
// the table.
func (l *fileList) TypedKey(k *fyne.KeyEvent) {
	a := l.d.a
	a.touch()
	if a.functionKey(k.Name) {
		return
	}
	switch k.Name {
	case fyne.KeyEscape:
		a.escape()
	case fyne.KeyBackspace:
		l.d.goUp()
	case fyne.KeyReturn, fyne.KeyEnter:
		dir := l.d.dir
		l.Table.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace}) // chooses the row
		if l.d.dir == dir {
			l.d.confirm()
		}
	default:
		l.Table.TypedKey(k)
	}
}
