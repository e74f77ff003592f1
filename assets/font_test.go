package assets

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFindFontEnvWins(t *testing.T) {
	p := writeFile(t, "my.ttf", []byte("\x00\x01\x00\x00rest"))
	other := writeFile(t, "other.ttf", []byte("true"))
	got, err := findFont(p, []string{other})
	if err != nil || got != p {
		t.Errorf("findFont = %q, %v; want the env path %q", got, err, p)
	}
}

func TestFindFontEnvMustExist(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.ttf")
	_, err := findFont(missing, []string{DebianFontPath})
	if !errors.Is(err, ErrFontNotFound) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("findFont(missing) error = %v, want ErrFontNotFound and fs.ErrNotExist", err)
	}
	if !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), FontEnv) {
		t.Errorf("error %q should name the variable and the path", err)
	}
	// A set but wrong variable must not silently fall back to another font.
	if _, err := findFont(t.TempDir(), []string{DebianFontPath}); !errors.Is(err, ErrFontNotFound) {
		t.Errorf("findFont(directory) error = %v, want ErrFontNotFound", err)
	}
}

func TestFindFontDebianPackage(t *testing.T) {
	if _, err := os.Stat(DebianFontPath); err != nil {
		t.Skipf("fonts-lxgw-wenkai not installed: %v", err)
	}
	got, err := findFont("", systemFonts("linux"))
	if err != nil || got != DebianFontPath {
		t.Fatalf("findFont = %q, %v; want %s", got, err, DebianFontPath)
	}
}

func TestFindFontCandidatesInOrder(t *testing.T) {
	dir := t.TempDir()
	second := writeFile(t, "second.ttf", []byte("true"))
	got, err := findFont("", []string{filepath.Join(dir, "first.ttf"), dir, second})
	if err != nil || got != second {
		t.Errorf("findFont = %q, %v; want the first existing file %q", got, err, second)
	}
}

func TestFindFontNoneFound(t *testing.T) {
	dir := t.TempDir()
	_, err := findFont("", []string{filepath.Join(dir, "a.ttf"), filepath.Join(dir, "b.ttf")})
	if !errors.Is(err, ErrFontNotFound) {
		t.Fatalf("error = %v, want ErrFontNotFound", err)
	}
}

func TestSystemFonts(t *testing.T) {
	if got := systemFonts("linux"); len(got) != 1 || got[0] != DebianFontPath {
		t.Errorf("systemFonts(linux) = %q", got)
	}
	if got := systemFonts("windows"); len(got) != 2 || got[1] != WindowsFontPath {
		t.Errorf("systemFonts(windows) = %q; want SimHei as the fallback", got)
	}
}

func TestErrFontNotFoundMessage(t *testing.T) {
	msg := ErrFontNotFound.Error()
	for _, want := range []string{"找不到中文字体 LXGW WenKai", "fonts-lxgw-wenkai", "BRANCHDESK_FONT", "CJK font not found"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}

func TestReadFontRefusesNonTrueType(t *testing.T) {
	for name, data := range map[string][]byte{
		"collection.ttc": []byte("ttcf\x00\x01\x00\x00"),
		"cff.otf":        []byte("OTTO\x00\x0a"),
		"short.ttf":      []byte("\x00\x01"),
		"text.ttf":       []byte("hello world"),
	} {
		if _, err := readFont(writeFile(t, name, data)); !errors.Is(err, ErrNotTrueType) {
			t.Errorf("readFont(%s) error = %v, want ErrNotTrueType", name, err)
		}
	}
	for _, magic := range []string{"\x00\x01\x00\x00", "true"} {
		data := []byte(magic + "glyphs")
		got, err := readFont(writeFile(t, "ok.ttf", data))
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("readFont(%q…) = %q, %v", magic, got, err)
		}
	}
}

func TestFontBytes(t *testing.T) {
	path, err := FontPath()
	if err != nil {
		t.Skipf("no font on this machine: %v", err)
	}
	data, err := FontBytes()
	if err != nil {
		t.Fatalf("FontBytes: %v", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(data)) != fi.Size() {
		t.Errorf("FontBytes returned %d bytes, %s has %d", len(data), path, fi.Size())
	}
	again, err := FontBytes()
	if err != nil || &again[0] != &data[0] {
		t.Errorf("FontBytes read the file twice instead of caching it")
	}
}
