package ui

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
)

// prefFolder keeps the folder a file was last saved to or opened from.
const prefFolder = "files.folder"

// deskFolder is where file dialogs open: the folder last used on this PC,
// else the user's documents folder (文档, Documents), else the home folder;
// nil if none can be listed.
func (a *App) deskFolder() fyne.ListableURI {
	var tries []string
	if p := a.fy.Preferences().String(prefFolder); p != "" {
		tries = append(tries, p)
	}
	tries = append(tries, documentsFolders()...)
	for _, p := range tries {
		if !isDir(p) {
			continue
		}
		if l, err := storage.ListerForURI(storage.NewFileURI(p)); err == nil {
			return l
		}
	}
	return nil
}

// rememberDir keeps dir as the folder the next file dialog opens in.
func (a *App) rememberDir(dir string) {
	a.fy.Preferences().SetString(prefFolder, dir)
}

// place is a folder the file dialog offers on its left.
type place struct{ label, path string }

// places are 文档, 桌面 and 主目录 where they exist, then 此电脑: the root
// of the file system, or on Windows each drive there is.
func places(a *App) []place {
	var out []place
	home, err := os.UserHomeDir()
	if err == nil {
		docs := documentsFolders()
		if d := firstDir(docs[:len(docs)-1]); d != "" {
			out = append(out, place{tr("文档"), d})
		}
		desk := []string{filepath.Join(home, "Desktop"), filepath.Join(home, tr("桌面"))}
		if d := xdgDir(home, "XDG_DESKTOP_DIR"); d != "" {
			desk = append([]string{d}, desk...)
		}
		if d := firstDir(desk); d != "" {
			out = append(out, place{tr("桌面"), d})
		}
		out = append(out, place{tr("主目录"), home})
	}
	return append(out, computer(runtime.GOOS, isDir)...)
}

// computer is 此电脑 on the system goos: / or the drives A: to Z: that
// exist.
func computer(goos string, exists func(string) bool) []place {
	if goos != "windows" {
		return []place{{tr("此电脑"), "/"}}
	}
	var out []place
	for c := 'A'; c <= 'Z'; c++ {
		root := string(c) + `:\`
		if exists(root) {
			out = append(out, place{tr("此电脑 ") + root, root})
		}
	}
	return out
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// firstDir is the first of paths that is a folder, or "".
func firstDir(paths []string) string {
	for _, p := range paths {
		if isDir(p) {
			return p
		}
	}
	return ""
}

// documentsFolders are the user's documents folders to try, best first:
// XDG's (on a Chinese desktop ~/文档), Documents (Windows' too), home.
func documentsFolders() []string {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil
	}
	var out []string
	if d := xdgDir(home, "XDG_DOCUMENTS_DIR"); d != "" {
		out = append(out, d)
	}
	return append(out, filepath.Join(home, "Documents"), filepath.Join(home, tr("文档")), home)
}

// xdgDir reads the folder key (XDG_DOCUMENTS_DIR) from
// ~/.config/user-dirs.dirs.
func xdgDir(home, key string) string {
	cfg := os.Getenv("XDG_CONFIG_HOME")
	if cfg == "" {
		cfg = filepath.Join(home, ".config")
	}
	f, err := os.Open(filepath.Join(cfg, "user-dirs.dirs"))
	if err != nil {
		return ""
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		v, ok := strings.CutPrefix(strings.TrimSpace(s.Text()), key+"=")
		if !ok {
			continue
		}
		v = strings.Trim(v, `"`)
		return strings.Replace(v, "$HOME", home, 1)
	}
	return ""
}
