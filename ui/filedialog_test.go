package ui

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/storage/storetest"
)

// fileTree makes files (a trailing / for a folder) under a temp folder,
// each file holding its own name, and returns the folder.
func fileTree(t *testing.T, paths ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, p := range paths {
		full := filepath.Join(root, filepath.FromSlash(p))
		if strings.HasSuffix(p, "/") {
			if err := os.MkdirAll(full, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// fileTerminal is a terminal at the login screen whose home folder is a
// temp folder with 文档 and 桌面, and whose file dialogs open in start.
func fileTerminal(t *testing.T, start string) (*terminal, string) {
	t.Helper()
	home := fileTree(t, "Documents/", "桌面/", "Documents/记录.pdf")
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	tm := terminalOn(t, storetest.Target(t), "0101-T01")
	if start != "" {
		tm.a.rememberDir(start)
	}
	return tm, home
}

// listed is the names the dialog lists, in order.
func listed(d *fileDialog) []string {
	var out []string
	for r := range d.entries {
		out = append(out, cellText(&d.list.Table, r, 0))
	}
	return out
}

func wantListed(t *testing.T, d *fileDialog, want ...string) {
	t.Helper()
	if got := listed(d); !slices.Equal(got, want) {
		t.Fatalf("in %s the dialog lists %q, want %q", d.dir, got, want)
	}
}

// pickEntry taps the row named name.
func pickEntry(t *testing.T, d *fileDialog, name string) {
	t.Helper()
	r := slices.Index(listed(d), name)
	if r < 0 {
		t.Fatalf("%s not listed in %s: %q", name, d.dir, listed(d))
	}
	d.list.Select(widget.TableCellID{Row: r})
}

// tapPlace taps the place button labelled label.
func tapPlace(t *testing.T, d *fileDialog, label string) {
	t.Helper()
	for _, b := range d.places {
		if b.Text == label {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no place %s", label)
}

// TestFileDialogNavigates: the dialog opens in the folder last used and
// lists its folders then its files, each by name, hidden ones left out;
// a folder opens with a tap, with Enter on its row, and 上一级 and
// Backspace go back up; the places go to 文档, 桌面, 主目录 and 此电脑.
func TestFileDialogNavigates(t *testing.T) {
	root := fileTree(t, "b.pdf", "A.pdf", "报表/x.pdf", "z/", ".hidden.pdf", ".git/")
	tm, home := fileTerminal(t, root)
	d := tm.a.openFile("打开回单", []string{".pdf"}, func(fyne.URIReadCloser, error) {})
	if tm.a.files != d || tm.a.topModal() != d.m {
		t.Fatal("the file dialog is not the app's top modal")
	}
	if d.dir != root || d.path.Text != root {
		t.Fatalf("opens in %s (path line %q), want %s", d.dir, d.path.Text, root)
	}
	wantListed(t, d, "z", "报表", "A.pdf", "b.pdf")
	if got := cellText(&d.list.Table, 0, 1); got != "文件夹" {
		t.Fatalf("a folder's size column says %q", got)
	}
	if got := cellText(&d.list.Table, 2, 1); got != "5 字节" {
		t.Fatalf("A.pdf's size column says %q", got)
	}

	pickEntry(t, d, "报表")
	wantListed(t, d, "x.pdf")
	if tm.a.win.Canvas().Focused() != d.list {
		t.Fatal("after a folder opens the keyboard is not on the list")
	}
	if d.path.Text != filepath.Join(root, "报表") {
		t.Fatalf("path line %q after opening 报表", d.path.Text)
	}
	test.Tap(d.up)
	wantListed(t, d, "z", "报表", "A.pdf", "b.pdf")

	// The keyboard: Down twice to 报表, Enter opens it, Backspace goes up.
	tm.a.win.Canvas().Focus(d.list)
	press(d.list, fyne.KeyDown)
	press(d.list, fyne.KeyReturn)
	if d.dir != filepath.Join(root, "报表") {
		t.Fatalf("Enter on 报表's row left the dialog in %s", d.dir)
	}
	press(d.list, fyne.KeyBackspace)
	if d.dir != root {
		t.Fatalf("Backspace went to %s, want %s", d.dir, root)
	}
	press(d.up, fyne.KeyBackspace) // a focused button hands Backspace on
	if d.dir != filepath.Dir(root) {
		t.Fatalf("Backspace on 上一级 went to %s", d.dir)
	}

	tapPlace(t, d, "文档")
	wantListed(t, d, "记录.pdf")
	tapPlace(t, d, "桌面")
	if d.dir != filepath.Join(home, "桌面") {
		t.Fatalf("桌面 is %s", d.dir)
	}
	tapPlace(t, d, "主目录")
	wantListed(t, d, "Documents", "桌面")
	tapPlace(t, d, "此电脑")
	if d.dir != "/" || !d.up.Disabled() {
		t.Fatalf("此电脑 is %s, 上一级 enabled: %v", d.dir, !d.up.Disabled())
	}
	test.Tap(d.up) // nothing above /
	if d.dir != "/" {
		t.Fatalf("上一级 from / went to %s", d.dir)
	}
}

// TestFileDialogComputerIsEveryDrive: on Windows 此电脑 is each drive there is.
func TestFileDialogComputerIsEveryDrive(t *testing.T) {
	has := func(p string) bool { return p == `C:\` || p == `D:\` }
	got := computer("windows", has)
	want := []place{{"此电脑 C:\\", `C:\`}, {"此电脑 D:\\", `D:\`}}
	if !slices.Equal(got, want) {
		t.Fatalf("windows: %v, want %v", got, want)
	}
	if got := computer("linux", has); !slices.Equal(got, []place{{"此电脑", "/"}}) {
		t.Fatalf("linux: %v", got)
	}
}

// TestFileDialogFiltersByExtension: only files with one of the extensions
// asked for are listed, in any case; folders always are.
func TestFileDialogFiltersByExtension(t *testing.T) {
	root := fileTree(t, "名单.csv", "名单.XLSX", "名单.pdf", "说明.txt", "csv/")
	tm, _ := fileTerminal(t, root)
	d := tm.a.openFile("打开名单", []string{".csv", "xlsx"}, func(fyne.URIReadCloser, error) {})
	wantListed(t, d, "csv", "名单.csv", "名单.XLSX")
	tm.a.escape()

	d = tm.a.openFile("导入回执", nil, func(fyne.URIReadCloser, error) {})
	wantListed(t, d, "csv", "名单.csv", "名单.pdf", "名单.XLSX", "说明.txt")
	tm.a.escape()

	d = tm.a.openFolder("导出数据包到文件夹", func(fyne.ListableURI, error) {})
	wantListed(t, d, "csv")
}

// TestFileDialogOpensFile: the file chosen comes back open, its bytes
// readable, and the next dialog opens in its folder; 打开 with nothing
// chosen says so.
func TestFileDialogOpensFile(t *testing.T) {
	root := fileTree(t, "名单/本月.csv", "其他.csv")
	tm, _ := fileTerminal(t, root)
	var got []byte
	var name string
	calls := 0
	d := tm.a.openFile("打开名单", []string{".csv"}, func(r fyne.URIReadCloser, err error) {
		calls++
		if err != nil || r == nil {
			t.Fatalf("opened %v, %v", r, err)
		}
		defer r.Close()
		name = r.URI().Name()
		got, err = io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
	})
	test.Tap(d.ok)
	if calls != 0 || d.message.Text != "请先在列表中选择一个文件" {
		t.Fatalf("打开 with nothing chosen: %d calls, message %q", calls, d.message.Text)
	}
	pickEntry(t, d, "名单")
	pickEntry(t, d, "本月.csv")
	test.Tap(d.ok)
	if calls != 1 || name != "本月.csv" || string(got) != "名单/本月.csv" {
		t.Fatalf("opened %q holding %q (%d calls)", name, got, calls)
	}
	if tm.a.files != nil || tm.dialogOpen() {
		t.Fatal("the dialog stays open after 打开")
	}
	if l := tm.a.deskFolder(); l == nil || l.Path() != filepath.Join(root, "名单") {
		t.Fatalf("the next dialog opens in %v", l)
	}
	d = tm.a.openFile("打开名单", []string{".csv"}, func(fyne.URIReadCloser, error) {})
	if d.dir != filepath.Join(root, "名单") {
		t.Fatalf("the next dialog opened in %s", d.dir)
	}

	// Enter on a file's row opens it.
	got = nil
	tm.a.win.Canvas().Focus(d.list)
	d.opened = func(r fyne.URIReadCloser, err error) {
		defer r.Close()
		got, _ = io.ReadAll(r)
	}
	press(d.list, fyne.KeyReturn)
	if string(got) != "名单/本月.csv" {
		t.Fatalf("Enter on 本月.csv read %q", got)
	}
}

// saveDialog opens a save dialog for a PDF in root; the file it gets is
// written with body.
func saveDialog(t *testing.T, tm *terminal, name, body string) (*fileDialog, *int) {
	t.Helper()
	calls := 0
	d := tm.a.saveFile("保存回单", name, []string{".pdf"}, func(w fyne.URIWriteCloser, err error) {
		calls++
		if err != nil || w == nil {
			return
		}
		if _, err := io.WriteString(w, body); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	})
	if tm.a.win.Canvas().Focused() != d.name || d.name.Text != name {
		t.Fatalf("the save dialog starts with %q, focus on %v", d.name.Text, tm.a.win.Canvas().Focused())
	}
	return d, &calls
}

func wantFile(t *testing.T, path, want string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || string(b) != want {
		t.Fatalf("%s holds %q, %v; want %q", filepath.Base(path), b, err, want)
	}
}

// TestFileDialogSaveAddsExtension: a name without the extension gets it;
// Enter in the name saves; the file is written where the dialog was.
func TestFileDialogSaveAddsExtension(t *testing.T) {
	root := fileTree(t, "回单/")
	tm, _ := fileTerminal(t, root)
	d, calls := saveDialog(t, tm, "回单-001.pdf", "%PDF-1")
	pickEntry(t, d, "回单")
	press(d.list, fyne.KeyBackspace) // the list has the keyboard: up
	if d.dir != root || d.name.Text != "回单-001.pdf" {
		t.Fatalf("Backspace after opening a folder: %s, name %q", d.dir, d.name.Text)
	}
	pickEntry(t, d, "回单")
	retype(d.name, "今日回单")
	press(d.name, fyne.KeyReturn)
	if *calls != 1 {
		t.Fatalf("%d calls; dialog says %q", *calls, d.message.Text)
	}
	wantFile(t, filepath.Join(root, "回单", "今日回单.pdf"), "%PDF-1")
	if l := tm.a.deskFolder(); l == nil || l.Path() != filepath.Join(root, "回单") {
		t.Fatalf("the next dialog opens in %v", l)
	}

	d, calls = saveDialog(t, tm, "A.PDF", "%PDF-2")
	test.Tap(d.ok)
	wantFile(t, filepath.Join(root, "回单", "A.PDF"), "%PDF-2")
}

// TestFileDialogSaveAsksBeforeReplacing: saving over a file asks
// 文件已存在，是否替换？; 取消 leaves the file and the dialog as they were,
// 替换 writes it.
func TestFileDialogSaveAsksBeforeReplacing(t *testing.T) {
	root := fileTree(t, "回单.pdf", "报表.pdf/")
	tm, _ := fileTerminal(t, root)
	d, calls := saveDialog(t, tm, "回单-002", "新")
	pickEntry(t, d, "回单.pdf") // a file tapped gives its name, ready to edit
	if d.name.Text != "回单.pdf" || tm.a.win.Canvas().Focused() != d.name {
		t.Fatalf("tapping 回单.pdf: name %q", d.name.Text)
	}
	test.Tap(d.ok)
	ask := tm.a.topModal()
	if ask == d.m || !strings.Contains(lastDialogText(tm), "文件已存在，是否替换？") {
		t.Fatalf("no question before replacing: %q", lastDialogText(tm))
	}
	no := findButton(t, tm, "取消")
	if tm.a.win.Canvas().Focused() != no {
		t.Fatal("the question does not start on 取消")
	}
	press(no, fyne.KeyReturn)
	if *calls != 0 || tm.a.topModal() != d.m || d.message.Text != "未替换：回单.pdf" {
		t.Fatalf("取消: %d calls, dialog says %q", *calls, d.message.Text)
	}
	wantFile(t, filepath.Join(root, "回单.pdf"), "回单.pdf")

	test.Tap(d.ok)
	press(tm.a.win.Canvas().Focused(), fyne.KeyEscape) // Esc is 取消 too
	if *calls != 0 || tm.a.topModal() != d.m {
		t.Fatalf("Esc on the question: %d calls", *calls)
	}
	test.Tap(d.ok)
	test.Tap(findButton(t, tm, "替换"))
	if *calls != 1 || tm.dialogOpen() {
		t.Fatalf("替换: %d calls, a dialog open: %v", *calls, tm.dialogOpen())
	}
	wantFile(t, filepath.Join(root, "回单.pdf"), "新")

	d, calls = saveDialog(t, tm, "报表.pdf", "x")
	test.Tap(d.ok)
	if *calls != 0 || d.message.Text != "此处已有同名的文件夹，请换一个文件名" {
		t.Fatalf("over a folder: %d calls, %q", *calls, d.message.Text)
	}

	// A link is never written through, whether it points at nothing yet
	// or at a file elsewhere: nothing outside the folder is written.
	elsewhere := t.TempDir()
	missing, existing := filepath.Join(elsewhere, "被写入.pdf"), filepath.Join(elsewhere, "原有.pdf")
	if err := os.WriteFile(existing, []byte("原"), 0o600); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"回单-009.pdf": missing, "回单-010.pdf": existing} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
		d, calls = saveDialog(t, tm, link, "%PDF-9")
		test.Tap(d.ok)
		if *calls != 0 || d.message.Text != "此名称是一个链接，请换一个文件名" {
			t.Fatalf("over the link %s: %d calls, %q", link, *calls, d.message.Text)
		}
		test.Tap(findButton(t, tm, "取消"))
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("written through a link to nothing: %v", err)
	}
	wantFile(t, existing, "原")
}

// findButton is the button labelled text in the top dialog.
func findButton(t *testing.T, tm *terminal, text string) *button {
	t.Helper()
	return inDialog(t, tm, "button "+text, func(b *button) bool { return b.Text == text })
}

// TestFileDialogRefusesBadName: a name with a path separator or a
// character Windows forbids is refused in Chinese and nothing is written.
func TestFileDialogRefusesBadName(t *testing.T) {
	root := fileTree(t, "sub/")
	tm, _ := fileTerminal(t, root)
	d, calls := saveDialog(t, tm, "", "x")
	for _, name := range []string{"", "  ", "sub/a", `sub\a`, "a:b", "a?b", "a*", `a"b`, "a<b", "a|b", "CON", "nul.pdf", "a.", "a\tb"} {
		retype(d.name, name)
		test.Tap(d.ok)
		if *calls != 0 || tm.a.topModal() != d.m {
			t.Fatalf("%q was accepted", name)
		}
		if textProblem(d.message.Text) != "" || !strings.ContainsFunc(d.message.Text, func(r rune) bool { return r >= 0x4e00 }) {
			t.Fatalf("%q refused with %q", name, d.message.Text)
		}
	}
	if des, _ := os.ReadDir(root); len(des) != 1 {
		t.Fatalf("a refused name wrote something: %v", des)
	}
	if des, _ := os.ReadDir(filepath.Join(root, "sub")); len(des) != 0 {
		t.Fatalf("a refused name wrote into sub: %v", des)
	}
}

// TestFileNameRule: what checkFileName lets through.
func TestFileNameRule(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"回单-2026-11-23.pdf", true},
		{"a b.pdf", true},
		{"CONSOLE.pdf", true},
		{"com10.txt", true},
		{"", false},
		{"a/b", false},
		{`a\b`, false},
		{"C:a", false},
		{"a>b", false},
		{"a\x00", false},
		{"..", false},
		{"a ", false},
		{"con", false},
		{"LPT1.pdf", false},
	} {
		if err := checkFileName(tc.name); (err == nil) != tc.ok {
			t.Errorf("checkFileName(%q) = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}

// FuzzFileName: any name is answered without a panic, and one accepted
// stays in the folder shown.
func FuzzFileName(f *testing.F) {
	for _, s := range []string{"回单.pdf", "a/b", "..", "CON", "a\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if checkFileName(name) != nil {
			return
		}
		if filepath.Base(name) != name || name == "." || name == ".." {
			t.Fatalf("%q accepted but leaves the folder", name)
		}
	})
}

// TestFileDialogKeys: Esc cancels (the caller gets nil, nil, as from
// Fyne's dialogs); Backspace in the name edits it; Enter with nothing
// focused confirms; F12 locks and closes the dialog.
func TestFileDialogKeys(t *testing.T) {
	root := fileTree(t, "a/")
	tm, _ := fileTerminal(t, root)
	var got []string
	answer := func(w fyne.URIWriteCloser, err error) {
		got = append(got, "called")
		if w != nil || err != nil {
			t.Fatalf("cancel answered %v, %v", w, err)
		}
	}
	d := tm.a.saveFile("保存回单", "回单.pdf", []string{".pdf"}, answer)
	press(d.name, fyne.KeyBackspace) // the cursor starts at the end
	if d.name.Text != "回单.pd" || d.dir != root {
		t.Fatalf("Backspace in the name: %q in %s", d.name.Text, d.dir)
	}
	press(d.name, fyne.KeyEscape)
	if len(got) != 1 || tm.dialogOpen() || tm.a.files != nil {
		t.Fatalf("Esc: %d calls, dialog open %v", len(got), tm.dialogOpen())
	}

	d = tm.a.saveFile("保存回单", "回单", []string{".pdf"}, func(w fyne.URIWriteCloser, err error) { w.Close() })
	tm.a.win.Canvas().Unfocus()
	tm.a.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if d.dir != filepath.Dir(root) {
		t.Fatalf("Backspace with nothing focused went to %s", d.dir)
	}
	pickEntry(t, d, filepath.Base(root))
	tm.a.win.Canvas().Unfocus()
	tm.a.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	wantFile(t, filepath.Join(root, "回单.pdf"), "")

	test.Tap(d.cancel) // gone already: nothing happens
	d = tm.a.openFile("打开", nil, func(r fyne.URIReadCloser, err error) { got = append(got, "open") })
	test.Tap(d.cancel)
	if got[len(got)-1] != "open" || tm.dialogOpen() {
		t.Fatalf("取消: %q, dialog open %v", got, tm.dialogOpen())
	}
}

// TestFileDialogClosedByLock: the idle lock and F12 close the dialog as
// 取消 does.
func TestFileDialogClosedByLock(t *testing.T) {
	tm := newTerminal(t)
	tm.a.rememberDir(t.TempDir())
	tm.signedIn("1001")
	var got [][2]any
	d := tm.a.saveFile("保存回单", "回单", []string{".pdf"}, func(w fyne.URIWriteCloser, err error) { got = append(got, [2]any{w, err}) })
	tm.a.win.Canvas().Focus(d.list)
	press(d.list, keyLock)
	if tm.a.lock == nil || len(got) != 1 || got[0][0] != nil || got[0][1] != nil || tm.a.files != nil {
		t.Fatalf("F12: locked %v, answers %v", tm.a.lock != nil, got)
	}
}

// TestFileDialogIsChinese: every text the dialogs show, but the names of
// folders and files, is Simplified Chinese without an English word.
func TestFileDialogIsChinese(t *testing.T) {
	root := fileTree(t, "报表/", "a.pdf", "big.pdf")
	if err := os.WriteFile(filepath.Join(root, "big.pdf"), make([]byte, 3<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	tm, home := fileTerminal(t, root)
	userText := func(d *fileDialog, s string) bool {
		return strings.HasPrefix(s, root) || strings.HasPrefix(s, home) || slices.Contains(listed(d), s)
	}
	check := func(d *fileDialog) {
		t.Helper()
		var texts []string
		for _, o := range test.LaidOutObjects(tm.a.win.Canvas().Overlays().Top()) {
			if tx, ok := o.(*canvas.Text); ok && tx.Text != "" && !userText(d, tx.Text) {
				texts = append(texts, tx.Text)
			}
		}
		for r := range d.entries { // the cells, as the table draws them
			texts = append(texts, cellText(&d.list.Table, r, 1), cellText(&d.list.Table, r, 2))
		}
		for _, want := range []string{"上一级", "文档", "桌面", "主目录", "此电脑", "取消", "名称", "大小", "修改时间", "文件夹"} {
			if !slices.Contains(texts, want) {
				t.Errorf("%s not shown; the dialog shows %q", want, texts)
			}
		}
		for _, s := range texts {
			if p := textProblem(s); p != "" {
				t.Errorf("%q: %s", s, p)
			}
			for _, w := range latinWord.FindAllString(s, -1) {
				if !allowedWords[w] {
					t.Errorf("%q: English word %s", s, w)
				}
			}
		}
	}
	d := tm.a.saveFile("保存回单", "回单", []string{".pdf"}, func(fyne.URIWriteCloser, error) {})
	if got := cellText(&d.list.Table, 2, 1); got != "3.0 MB" {
		t.Errorf("big.pdf's size: %q", got)
	}
	retype(d.name, "a/b")
	test.Tap(d.ok)
	check(d)
	tm.a.escape()
	d = tm.a.openFile("打开名单", []string{".pdf"}, func(fyne.URIReadCloser, error) {})
	test.Tap(d.ok)
	check(d)
	tm.a.escape()
	check(tm.a.openFolder("导出数据包到文件夹", func(fyne.ListableURI, error) {}))
}
