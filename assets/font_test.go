package assets

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// makeCollection packs single fonts into a .ttc, moving their table
// offsets to where each font lands in the collection.
func makeCollection(fonts ...[]byte) []byte {
	out := make([]byte, 12+4*len(fonts))
	copy(out, "ttcf\x00\x01\x00\x00")
	binary.BigEndian.PutUint32(out[8:], uint32(len(fonts)))
	for i, f := range fonts {
		base := len(out)
		binary.BigEndian.PutUint32(out[12+4*i:], uint32(base))
		f = bytes.Clone(f)
		for j := range int(binary.BigEndian.Uint16(f[4:])) {
			r := f[12+16*j+8:]
			binary.BigEndian.PutUint32(r, binary.BigEndian.Uint32(r)+uint32(base))
		}
		out = append(out, f...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

func parse(t *testing.T, data []byte) *sfnt.Font {
	t.Helper()
	f, err := sfnt.Parse(data)
	if err != nil {
		t.Fatalf("sfnt.Parse: %v", err)
	}
	return f
}

func fullName(t *testing.T, data []byte) string {
	t.Helper()
	return name(t, data, sfnt.NameIDFull)
}

func name(t *testing.T, data []byte, id sfnt.NameID) string {
	t.Helper()
	name, err := parse(t, data).Name(nil, id)
	if err != nil {
		t.Fatal(err)
	}
	return name
}

// The embedded font is two different faces, both usable, with its licence.
func TestEmbeddedFont(t *testing.T) {
	f := Embedded()
	for face, data := range map[string][]byte{"Regular": f.Regular, "Bold": f.Bold} {
		if err := checkTrueType(data); err != nil {
			t.Errorf("%s: %v", face, err)
		}
		if got := name(t, data, sfnt.NameIDSubfamily); got != face {
			t.Errorf("%s face is named %q", face, got)
		}
	}
	if !strings.Contains(FontLicence, "SIL OPEN FONT LICENSE Version 1.1") || !strings.Contains(FontLicence, "lxgw") {
		t.Error("the OFL text with its copyright line does not travel with the font")
	}
}

func TestLoadFontDefaultIsEmbedded(t *testing.T) {
	f, err := loadFont("")
	if err != nil || &f.Regular[0] != &wenkaiRegular[0] || &f.Bold[0] != &wenkaiBold[0] {
		t.Fatalf("loadFont(\"\") = %q, %v; want the embedded faces", f.Name, err)
	}
}

func TestLoadFontFromEnv(t *testing.T) {
	path := writeFile(t, "my.ttf", wenkaiBold)
	f, err := loadFont(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "my.ttf" || !bytes.Equal(f.Regular, wenkaiBold) || !bytes.Equal(f.Bold, wenkaiBold) {
		t.Errorf("loadFont(%s) = %q; want the file for both faces", path, f.Name)
	}
	if r, b := f.Screen(); !bytes.Equal(r, wenkaiBold) || !bytes.Equal(b, wenkaiBold) {
		t.Error("the screens do not draw the font BRANCHDESK_FONT names")
	}
}

// A collection's face comes out as a font of its own; #0 is the default.
func TestReadFontFileCollection(t *testing.T) {
	ttc := writeFile(t, "wenkai.ttc", makeCollection(wenkaiRegular, wenkaiBold))
	for spec, want := range map[string][]byte{ttc: wenkaiRegular, ttc + "#0": wenkaiRegular, ttc + "#1": wenkaiBold} {
		got, err := ReadFontFile(spec)
		if err != nil {
			t.Fatalf("ReadFontFile(%s): %v", spec, err)
		}
		if sfntTag(got) != "\x00\x01\x00\x00" || fullName(t, got) != fullName(t, want) || parse(t, got).NumGlyphs() != parse(t, want).NumGlyphs() {
			t.Errorf("ReadFontFile(%s) is not the face %q", spec, fullName(t, want))
		}
	}
	if _, err := ReadFontFile(ttc + "#2"); !errors.Is(err, ErrFontIndex) {
		t.Errorf("face #2 of 2: error = %v, want ErrFontIndex", err)
	}
	// #0 of a single font is that font; #1 is not there.
	ttf := writeFile(t, "one.ttf", wenkaiRegular)
	if got, err := ReadFontFile(ttf + "#0"); err != nil || !bytes.Equal(got, wenkaiRegular) {
		t.Errorf("one.ttf#0: %v", err)
	}
	if _, err := ReadFontFile(ttf + "#1"); !errors.Is(err, ErrFontIndex) {
		t.Errorf("one.ttf#1: error = %v, want ErrFontIndex", err)
	}
}

// Every refusal says in Chinese what is wrong, and no other font is used.
func TestReadFontFileRefusals(t *testing.T) {
	dir := t.TempDir()
	cff := append([]byte("OTTO"), make([]byte, 8)...) // no tables
	cases := []struct {
		name, spec string
		want       error
		says       string
	}{
		{"missing", filepath.Join(dir, "nope.ttf"), fs.ErrNotExist, "找不到"},
		{"directory", dir, ErrFontNotFound, "是目录"},
		{"CFF OpenType", writeFile(t, "cff.otf", cff), ErrFontUnsupported, "CFF"},
		{"CFF collection", writeFile(t, "cff.ttc", makeCollection(cff)), ErrFontUnsupported, "CFF"},
		{"text", writeFile(t, "text.ttf", []byte("hello world")), ErrFontUnsupported, "字体格式不支持"},
		{"short", writeFile(t, "short.ttf", []byte("\x00\x01")), ErrFontUnsupported, "字体格式不支持"},
		{"truncated", writeFile(t, "cut.ttf", wenkaiRegular[:4096]), ErrFontUnsupported, "字体格式不支持"},
		{"truncated collection", writeFile(t, "cut.ttc", []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01")), ErrFontUnsupported, "不完整"},
		{"no hanzi", writeFile(t, "go.ttf", goregular.TTF), ErrFontNoHanzi, "缺少常用汉字"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadFont(c.spec)
			if !errors.Is(err, c.want) {
				t.Fatalf("error = %v, want %v", err, c.want)
			}
			for _, s := range []string{c.says, FontEnv} {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
		})
	}
}

func TestSplitFaceIndex(t *testing.T) {
	for spec, want := range map[string]struct {
		path  string
		index int
	}{
		`C:\Windows\Fonts\msyh.ttc#0`: {`C:\Windows\Fonts\msyh.ttc`, 0},
		"simsun.ttc#1":                {"simsun.ttc", 1},
		"a#b.ttf":                     {"a#b.ttf", -1},
		"x.ttc#-1":                    {"x.ttc#-1", -1},
		"plain.ttf":                   {"plain.ttf", -1},
	} {
		if p, i := splitFaceIndex(spec); p != want.path || i != want.index {
			t.Errorf("splitFaceIndex(%q) = %q, %d", spec, p, i)
		}
	}
}

// FuzzCollectionFace: a damaged collection is refused, never a panic.
func FuzzCollectionFace(f *testing.F) {
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"), 0)
	f.Add(makeCollection(goregular.TTF), 0)
	f.Fuzz(func(t *testing.T, data []byte, index int) {
		if index < 0 {
			return
		}
		if out, err := collectionFace(data, index); err == nil && len(out)%4 != 0 && sfntTag(data) == "ttcf" {
			t.Errorf("extracted face of %d bytes is not padded", len(out))
		}
	})
}
