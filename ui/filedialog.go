package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// Fyne's own file dialogs name their places Home, Computer and App Files
// in English whatever the language; this one is Chinese throughout and is
// one of the app's modals, so Esc and the idle lock close it.

// fileMode is what a file dialog asks for.
type fileMode int

const (
	openMode   fileMode = iota // an existing file, to read
	saveMode                   // a file name in a folder, to write
	folderMode                 // a folder
)

// fileEntry is a row of the dialog's list.
type fileEntry struct {
	name string
	dir  bool
	size int64
	mod  time.Time
}

// fileDialog is the open dialog: places on the left, the folder's path
// and 上一级 above the list of folders then files, the file name below.
type fileDialog struct {
	a       *App
	mode    fileMode
	exts    []string // lower case with the dot; none means every file
	dir     string   // the folder listed
	entries []fileEntry
	chosen  int  // the file row chosen, or -1
	quiet   bool // a selection made by the dialog itself, not the user
	done    bool // closed: the caller has had its answer

	path    *widget.Label
	up      *button
	places  []*button
	list    *fileList
	name    *field // the file name (save only)
	message *widget.Label
	ok      *button
	cancel  *button
	m       *modal

	opened func(fyne.URIReadCloser, error)
	saved  func(fyne.URIWriteCloser, error)
	picked func(fyne.ListableURI, error)
}

// openFile asks for an existing file with one of the extensions exts
// (".csv"; none for any file) and calls done with it opened for reading,
// or with nil, nil when the dialog is cancelled, as Fyne's NewFileOpen.
func (a *App) openFile(title string, exts []string, done func(fyne.URIReadCloser, error)) *fileDialog {
	d := a.newFileDialog(openMode, exts)
	d.opened = done
	return d.show(title, tr("打开"))
}

// saveFile asks where to save a file, suggesting name, and calls done with
// it opened for writing, or with nil, nil when cancelled, as Fyne's
// NewFileSave. The first of exts is added to a name without one of them.
func (a *App) saveFile(title, name string, exts []string, done func(fyne.URIWriteCloser, error)) *fileDialog {
	d := a.newFileDialog(saveMode, exts)
	d.saved = done
	d.setName(name)
	return d.show(title, tr("保存"))
}

// openFolder asks for a folder and calls done with it, or with nil, nil
// when cancelled, as Fyne's NewFolderOpen.
func (a *App) openFolder(title string, done func(fyne.ListableURI, error)) *fileDialog {
	d := a.newFileDialog(folderMode, nil)
	d.picked = done
	return d.show(title, tr("选择此文件夹"))
}

func (a *App) newFileDialog(mode fileMode, exts []string) *fileDialog {
	d := &fileDialog{a: a, mode: mode, chosen: -1, path: widget.NewLabel(""), message: messageLabel()}
	for _, e := range exts {
		e = strings.ToLower(e)
		if !strings.HasPrefix(e, ".") {
			e = "." + e
		}
		d.exts = append(d.exts, e)
	}
	d.path.Truncation = fyne.TextTruncateEllipsis
	d.up = newButton(a, tr("上一级"), nil, d.goUp)
	for _, p := range places(a) {
		d.places = append(d.places, newButton(a, p.label, nil, func() { d.open(p.path) }))
	}
	d.list = newFileList(d)
	d.name = newField(a, tr("文件名"))
	d.name.OnSubmitted = func(string) { d.confirm() }
	return d
}

func (d *fileDialog) show(title, okText string) *fileDialog {
	a := d.a
	d.ok = newButton(a, okText, nil, d.confirm)
	d.ok.Importance = widget.HighImportance
	d.cancel = newButton(a, tr("取消"), nil, d.cancelled)

	side := container.NewVBox()
	for _, b := range d.places {
		side.Add(b)
	}
	top := container.NewBorder(nil, nil, d.up, nil, d.path)
	bottom := container.NewVBox()
	if d.mode == saveMode {
		bottom.Add(widget.NewForm(widget.NewFormItem(tr("文件名"), d.name)))
	}
	bottom.Add(d.message)
	body := container.NewBorder(top, bottom, side, nil, d.list)
	room := canvas.NewRectangle(nil)
	room.SetMinSize(fyne.NewSize(860, 460))

	start := ""
	if l := a.deskFolder(); l != nil {
		start = filepath.FromSlash(l.Path()) // a URI's path has / on Windows too
	} else if home, err := os.UserHomeDir(); err == nil {
		start = home
	}
	first := fyne.Focusable(d.list)
	if d.mode == saveMode {
		first = d.name
	}
	d.m = a.showModal(title, container.NewStack(room, body), []fyne.CanvasObject{d.cancel, d.ok}, 900, first, d.cancelled)
	d.m.keys = d.key
	d.open(start) // once shown: a table lists rows it has laid out
	a.files = d
	return d
}

// open lists folder dir; a folder that cannot be listed leaves the list
// as it was and says so.
func (d *fileDialog) open(dir string) {
	list, err := readFolder(dir, d.mode, d.exts)
	if err != nil {
		sayRefused(d.message, tr("无法打开此文件夹（不存在或没有权限）：")+dir)
		return
	}
	d.dir, d.entries, d.chosen = dir, list, -1
	d.path.SetText(dir)
	setEnabled(d.up, filepath.Dir(dir) != dir)
	d.message.SetText("")
	d.list.UnselectAll()
	if len(list) > 0 {
		// Select moves the keyboard's row to the top; it is not a choice.
		d.quiet = true
		d.list.Select(widget.TableCellID{})
		d.quiet = false
		d.list.UnselectAll()
	}
	d.list.Refresh()
}

// readFolder lists dir: folders then files with one of exts, each by
// name; hidden ones (a leading dot) are left out.
func readFolder(dir string, mode fileMode, exts []string) ([]fileEntry, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var dirs, files []fileEntry
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		fi, err := os.Stat(filepath.Join(dir, name)) // follows links
		if err != nil {
			continue
		}
		e := fileEntry{name: name, dir: fi.IsDir(), size: fi.Size(), mod: fi.ModTime()}
		switch {
		case e.dir:
			dirs = append(dirs, e)
		case mode != folderMode && hasExt(name, exts):
			files = append(files, e)
		}
	}
	byName := func(x, y fileEntry) int { return strings.Compare(strings.ToLower(x.name), strings.ToLower(y.name)) }
	slices.SortFunc(dirs, byName)
	slices.SortFunc(files, byName)
	return append(dirs, files...), nil
}

// hasExt says whether name ends with one of exts (lower case), in any case.
func hasExt(name string, exts []string) bool {
	if len(exts) == 0 {
		return true
	}
	return slices.ContainsFunc(exts, func(e string) bool { return strings.HasSuffix(strings.ToLower(name), e) })
}

func (d *fileDialog) goUp() {
	if up := filepath.Dir(d.dir); up != d.dir {
		d.open(up)
	}
}

// selected is a row chosen by a tap or the keyboard: a folder opens, a
// file becomes the one to open or the name to save under.
func (d *fileDialog) selected(row int) {
	e, ok := rowAt(d.entries, row)
	if d.quiet || !ok {
		return
	}
	// The keyboard follows: Backspace and Enter act on the list after a
	// folder opens, the name is ready to edit after a file is tapped.
	focus := d.a.win.Canvas().Focus
	if e.dir {
		d.open(filepath.Join(d.dir, e.name))
		focus(d.list)
		return
	}
	d.chosen = row
	d.message.SetText("")
	if d.mode == saveMode {
		d.setName(e.name)
		focus(d.name)
	} else {
		focus(d.list)
	}
}

// setName puts name in the name field with the cursor at its end.
func (d *fileDialog) setName(name string) {
	d.name.SetText(name)
	d.name.CursorColumn = len([]rune(name))
	d.name.Refresh()
}

// key does what Enter and Backspace stand for when neither the name nor
// a button takes them.
func (d *fileDialog) key(k fyne.KeyName) bool {
	switch k {
	case fyne.KeyBackspace:
		d.goUp()
	case fyne.KeyReturn, fyne.KeyEnter:
		d.confirm()
	default:
		return false
	}
	return true
}

// confirm is 打开, 保存 or 选择此文件夹.
func (d *fileDialog) confirm() {
	if d.done {
		return
	}
	switch d.mode {
	case openMode:
		e, ok := rowAt(d.entries, d.chosen)
		if !ok {
			sayRefused(d.message, tr("请先在列表中选择一个文件"))
			return
		}
		d.openChosen(filepath.Join(d.dir, e.name))
	case saveMode:
		d.saveNamed()
	case folderMode:
		l, err := storage.ListerForURI(storage.NewFileURI(d.dir))
		if err != nil {
			sayRefused(d.message, tr("无法选择此文件夹：")+d.dir)
			return
		}
		d.close()
		d.a.rememberDir(d.dir)
		d.picked(l, nil)
	}
}

func (d *fileDialog) openChosen(path string) {
	r, err := storage.Reader(storage.NewFileURI(path))
	if err != nil {
		sayRefused(d.message, tr("无法打开此文件（已不存在或没有权限）：")+filepath.Base(path))
		return
	}
	d.close()
	d.a.rememberDir(d.dir)
	d.opened(r, nil)
}

// saveNamed checks the name typed, adds the extension and asks before
// replacing a file that is there.
func (d *fileDialog) saveNamed() {
	name := strings.TrimSpace(d.name.Text)
	if err := checkFileName(name); err != nil {
		sayRefused(d.message, errorText(err))
		d.a.win.Canvas().Focus(d.name)
		return
	}
	if !hasExt(name, d.exts) {
		name += d.exts[0]
		d.setName(name)
	}
	path := filepath.Join(d.dir, name)
	// Lstat, not Stat: a link is not followed to write somewhere else,
	// even one pointing at nothing (Stat would call that no file at all).
	fi, err := os.Lstat(path)
	switch {
	case err == nil && fi.Mode()&os.ModeSymlink != 0:
		sayRefused(d.message, tr("此名称是一个链接，请换一个文件名"))
	case err == nil && fi.IsDir():
		sayRefused(d.message, tr("此处已有同名的文件夹，请换一个文件名"))
	case err == nil:
		d.askReplace(path)
	default:
		d.write(path)
	}
}

// askReplace asks 文件已存在，是否替换？; 取消 is where the keyboard starts.
func (d *fileDialog) askReplace(path string) {
	a := d.a
	var m *modal
	no := newButton(a, tr("取消"), nil, func() {
		a.closeModal(m)
		sayNote(d.message, tr("未替换：")+filepath.Base(path))
		a.win.Canvas().Focus(d.name)
	})
	yes := newButton(a, tr("替换"), nil, func() {
		a.closeModal(m)
		d.write(path)
	})
	yes.Importance = widget.DangerImportance
	l := widget.NewLabel(tr("文件已存在，是否替换？\n") + filepath.Base(path))
	l.Wrapping = fyne.TextWrapWord
	m = a.showModal(tr("替换文件"), l, []fyne.CanvasObject{no, yes}, 420, no, nil)
}

func (d *fileDialog) write(path string) {
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		sayRefused(d.message, tr("无法在此文件夹保存（没有权限或磁盘已满），请换一个文件夹"))
		return
	}
	d.close()
	d.a.rememberDir(d.dir)
	d.saved(w, nil)
}

// cancelled answers the caller as Fyne's dialogs do on 取消: nil, nil.
func (d *fileDialog) cancelled() {
	if d.done {
		return
	}
	d.close()
	switch d.mode {
	case openMode:
		d.opened(nil, nil)
	case saveMode:
		d.saved(nil, nil)
	case folderMode:
		d.picked(nil, nil)
	}
}

func (d *fileDialog) close() {
	d.done = true
	d.a.closeModal(d.m)
	if d.a.files == d {
		d.a.files = nil
	}
}

// sizeText is a file's size as the list shows it.
func sizeText(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf(tr("%d 字节"), n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
}
