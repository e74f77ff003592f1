// Package assets finds the resources BranchDesk shares between screen and
// paper: the one CJK font used by both the UI and the PDF receipts, and
// the Chinese words Fyne's own dialogs use.
//
// The font (LXGW WenKai, about 15 MB) is not embedded: it comes from the
// operating system's package (Debian: fonts-lxgw-wenkai) or from a path the
// administrator sets in BRANCHDESK_FONT.
package assets

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
)

const (
	// FontEnv names the environment variable that overrides the font path.
	FontEnv = "BRANCHDESK_FONT"
	// DebianFontPath is where the fonts-lxgw-wenkai package installs the font.
	DebianFontPath = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
	// WindowsFontPath is the fallback on Windows (SimHei ships with every
	// Chinese Windows).
	WindowsFontPath = `C:\Windows\Fonts\simhei.ttf`
)

// ErrFontNotFound reports that no usable CJK font file was found.
var ErrFontNotFound = errors.New("找不到中文字体 LXGW WenKai：请安装 fonts-lxgw-wenkai 或设置 " + FontEnv +
	" (CJK font not found: install fonts-lxgw-wenkai or set " + FontEnv + ")")

// ErrNotTrueType reports a font file that is not a single TrueType font.
var ErrNotTrueType = errors.New("字体文件必须是 TrueType (.ttf) 格式 (font must be TrueType .ttf)")

// FontPath returns the TrueType font to use: the file named by BRANCHDESK_FONT
// if that is set (it must exist), else DebianFontPath, else WindowsFontPath on
// Windows. The error wraps ErrFontNotFound.
func FontPath() (string, error) {
	return findFont(os.Getenv(FontEnv), systemFonts(runtime.GOOS))
}

// systemFonts lists where the operating system keeps a usable font, best first.
func systemFonts(goos string) []string {
	if goos == "windows" {
		return []string{DebianFontPath, WindowsFontPath}
	}
	return []string{DebianFontPath}
}

// findFont is FontPath with its inputs made explicit for tests.
func findFont(env string, candidates []string) (string, error) {
	if env != "" {
		if err := isFile(env); err != nil {
			return "", fmt.Errorf("assets: %s=%q: %w: %w", FontEnv, env, ErrFontNotFound, err)
		}
		return env, nil
	}
	for _, p := range candidates {
		if isFile(p) == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("assets: %w", ErrFontNotFound)
}

func isFile(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return fmt.Errorf("%s 是目录而不是字体文件 (is a directory, not a font file)", path)
	}
	return nil
}

// fontBytes reads the font on first use and keeps it, so the UI and every
// receipt share one copy of the 15 MB file.
var fontBytes = sync.OnceValues(func() ([]byte, error) {
	path, err := FontPath()
	if err != nil {
		return nil, err
	}
	return readFont(path)
})

// readFont reads a TrueType file, refusing collections (.ttc) and CFF-based
// OpenType, which the PDF writer cannot embed.
func readFont(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("assets: unable to read font: %w", err)
	}
	if len(data) < 4 || (string(data[:4]) != "\x00\x01\x00\x00" && string(data[:4]) != "true") {
		return nil, fmt.Errorf("assets: %s 不是 TrueType 字体 (not a TrueType font): %w", path, ErrNotTrueType)
	}
	return data, nil
}

// FontBytes returns the contents of the font at FontPath, read once per
// process; a failure is remembered too. The slice is shared: callers must not
// modify it.
func FontBytes() ([]byte, error) {
	return fontBytes()
}
