package ui

import (
	"bufio"
	"os"
	"path/filepath"
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
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			continue
		}
		if l, err := storage.ListerForURI(storage.NewFileURI(p)); err == nil {
			return l
		}
	}
	return nil
}

// rememberFolder keeps the folder of a file saved or opened.
func (a *App) rememberFolder(u fyne.URI) {
	if u == nil || u.Scheme() != "file" {
		return
	}
	a.fy.Preferences().SetString(prefFolder, filepath.Dir(u.Path()))
}

// documentsFolders are the user's documents folders to try, best first:
// XDG's (on a Chinese desktop ~/文档), Documents (Windows' too), home.
func documentsFolders() []string {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil
	}
	var out []string
	if d := xdgDocuments(home); d != "" {
		out = append(out, d)
	}
	return append(out, filepath.Join(home, "Documents"), filepath.Join(home, "文档"), home)
}

// xdgDocuments reads XDG_DOCUMENTS_DIR from ~/.config/user-dirs.dirs.
func xdgDocuments(home string) string {
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
		v, ok := strings.CutPrefix(strings.TrimSpace(s.Text()), "XDG_DOCUMENTS_DIR=")
		if !ok {
			continue
		}
		v = strings.Trim(v, `"`)
		return strings.Replace(v, "$HOME", home, 1)
	}
	return ""
}
