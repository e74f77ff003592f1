package assets

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/vector"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// goText parses a face as Fyne's text engine does.
func goText(t *testing.T, data []byte) *font.Face {
	t.Helper()
	f, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("go-text cannot read the face: %v", err)
	}
	return f
}

// TestScreenFontIsThePrintedFont: the faces the screens draw are the PDFs'
// faces in CFF outlines, glyph for glyph — the same characters on the same
// glyphs, the same advances, and every segment of every outline ending on
// the same point (a TrueType curve becomes a cubic one; coordinates may
// round by a unit of the 1000-unit em).
func TestScreenFontIsThePrintedFont(t *testing.T) {
	f := Embedded()
	for _, face := range []struct {
		name          string
		paper, screen []byte
	}{{"Regular", f.Regular, f.ScreenRegular}, {"Bold", f.Bold, f.ScreenBold}} {
		t.Run(face.name, func(t *testing.T) {
			if sfntTag(face.screen) != "OTTO" {
				t.Fatalf("the screen face is not CFF OpenType (%q)", sfntTag(face.screen))
			}
			n := parse(t, face.paper).NumGlyphs()
			if got := parse(t, face.screen).NumGlyphs(); got != n {
				t.Fatalf("%d glyphs on screen, %d on paper", got, n)
			}
			ttf, otf := goText(t, face.paper), goText(t, face.screen)
			chars := 0
			for it := ttf.Cmap.Iter(); it.Next(); {
				r, g := it.Char()
				if got, ok := otf.NominalGlyph(r); !ok || got != g {
					t.Fatalf("%q is glyph %d on paper, %d on screen", r, g, got)
				}
				chars++
			}
			if chars < 20000 {
				t.Fatalf("only %d characters mapped", chars)
			}
			bad := 0
			for g := range font.GID(n) {
				if a, b := ttf.HorizontalAdvance(g), otf.HorizontalAdvance(g); a != b {
					t.Errorf("glyph %d advances %v on paper, %v on screen", g, a, b)
				}
				if why := sameDrawing(ttf.GlyphData(g), otf.GlyphData(g)); why != "" {
					if bad++; bad <= 5 {
						t.Errorf("glyph %d (%s): %s", g, ttf.GlyphName(g), why)
					}
				}
			}
			if bad > 0 {
				t.Errorf("%d of %d glyphs differ", bad, n)
			}
		})
	}
}

// emPixels is the size a glyph is drawn at to compare its two outlines:
// 64 pixels to the em, a unit of the 1000-unit em is 0.064 of a pixel.
const emPixels = 64

// sameDrawing says how two outlines of a glyph draw differently, or ""
// when they cover the same pixels: no pixel more than a quarter apart, and
// all of them together within 5% of the glyph's ink. (The CFF coordinates
// are rounded to whole units where the TrueType ones fall on halves, and
// a cubic curve is cut into lines where its quadratic twin is not: seen
// up to 18% and 3.2%. An outline moved by 4 units, a quarter of a pixel,
// fails on 99% of the glyphs, another glyph on all.)
func sameDrawing(a, b font.GlyphData) string {
	oa, ok1 := a.(font.GlyphOutline)
	ob, ok2 := b.(font.GlyphOutline)
	if !ok1 || !ok2 {
		return "not outlines"
	}
	box := image.Rectangle{}
	for _, o := range []font.GlyphOutline{oa, ob} {
		for _, s := range o.Segments {
			for _, p := range s.ArgsSlice() {
				pt := image.Pt(int(math.Floor(float64(p.X)*emPixels/1000)), int(math.Floor(-float64(p.Y)*emPixels/1000)))
				box = box.Union(image.Rectangle{pt, pt.Add(image.Pt(1, 1))})
			}
		}
	}
	box = box.Inset(-2)
	da, db := draw(oa, box), draw(ob, box)
	var ink, diff, worst float64
	for i := range da.Pix {
		d := math.Abs(float64(da.Pix[i]) - float64(db.Pix[i]))
		ink += float64(da.Pix[i])
		diff += d
		worst = max(worst, d)
	}
	if worst > 255/4 || diff > ink/20 {
		return fmt.Sprintf("drawn at %d px, pixels differ by up to %.0f%%, in all %.1f%% of the ink", emPixels, worst/2.55, 100*diff/max(ink, 1))
	}
	return ""
}

// draw rasterizes an outline, y up, into an alpha image covering box.
func draw(o font.GlyphOutline, box image.Rectangle) *image.Alpha {
	r := vector.NewRasterizer(box.Dx(), box.Dy())
	at := func(p font.SegmentPoint) (float32, float32) {
		return p.X*emPixels/1000 - float32(box.Min.X), -p.Y*emPixels/1000 - float32(box.Min.Y)
	}
	for _, s := range o.Segments {
		switch a := s.Args; s.Op {
		case ot.SegmentOpMoveTo:
			r.ClosePath()
			r.MoveTo(at(a[0]))
		case ot.SegmentOpLineTo:
			r.LineTo(at(a[0]))
		case ot.SegmentOpQuadTo:
			x1, y1 := at(a[0])
			x2, y2 := at(a[1])
			r.QuadTo(x1, y1, x2, y2)
		case ot.SegmentOpCubeTo:
			x1, y1 := at(a[0])
			x2, y2 := at(a[1])
			x3, y3 := at(a[2])
			r.CubeTo(x1, y1, x2, y2, x3, y3)
		}
	}
	r.ClosePath()
	dst := image.NewAlpha(image.Rect(0, 0, box.Dx(), box.Dy()))
	r.Draw(dst, dst.Bounds(), image.Opaque, image.Point{})
	return dst
}

// TestScreenFontNames: the OFL counts a change of format as a Modified
// Version, which may not carry the Reserved Font Names "LXGW" and "霞鹜":
// the screen faces are BranchDesk WenKai, in every name record that names
// the family or the face, in whatever encoding; the copyright notice and
// the licence stay.
func TestScreenFontNames(t *testing.T) {
	gbk := simplifiedchinese.GBK.NewEncoder()
	var reserved [][]byte
	for _, n := range []string{"LXGW", "霞鹜"} {
		reserved = append(reserved, []byte(n), utf16be(n))
		if b, err := gbk.Bytes([]byte(n)); err == nil {
			reserved = append(reserved, b)
		}
	}
	f := Embedded()
	for face, data := range map[string][]byte{"Regular": f.ScreenRegular, "Bold": f.ScreenBold} {
		for _, id := range []sfnt.NameID{sfnt.NameIDFamily, sfnt.NameIDFull, sfnt.NameIDPostScript} {
			if got := name(t, data, id); !strings.HasPrefix(got, "BranchDesk") {
				t.Errorf("%s: name %d is %q", face, id, got)
			}
		}
		if got := name(t, data, sfnt.NameIDSubfamily); got != face {
			t.Errorf("%s face is named %q", face, got)
		}
		if got := name(t, data, sfnt.NameIDCopyright); !strings.Contains(got, "LXGW") {
			t.Errorf("%s: the copyright notice is gone: %q", face, got)
		}
		for _, rec := range nameRecords(t, data) {
			if rec.id == 0 || rec.id >= 7 && rec.id <= 14 { // copyright, trademark, makers, licence
				continue
			}
			for _, r := range reserved {
				if bytes.Contains(rec.text, r) {
					t.Errorf("%s: name %d (platform %d, language %d) carries a Reserved Font Name", face, rec.id, rec.platform, rec.lang)
				}
			}
		}
	}
}

func utf16be(s string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.BigEndian.AppendUint16(out, u)
	}
	return out
}

type nameRecord struct {
	platform, lang, id uint16
	text               []byte
}

// nameRecords are the records of a font's name table, their text as stored.
func nameRecords(t *testing.T, data []byte) []nameRecord {
	t.Helper()
	be := binary.BigEndian
	var table []byte
	for i := range int(be.Uint16(data[4:])) {
		r := data[12+16*i:]
		if string(r[:4]) == "name" {
			off, n := be.Uint32(r[8:]), be.Uint32(r[12:])
			table = data[off : off+n]
		}
	}
	if table == nil {
		t.Fatal("no name table")
	}
	count, strs := int(be.Uint16(table[2:])), int(be.Uint16(table[4:]))
	out := make([]nameRecord, 0, count)
	for i := range count {
		r := table[6+12*i:]
		n, off := int(be.Uint16(r[8:])), int(be.Uint16(r[10:]))
		out = append(out, nameRecord{platform: be.Uint16(r), lang: be.Uint16(r[4:]), id: be.Uint16(r[6:]),
			text: table[strs+off : strs+off+n]})
	}
	return out
}

// BenchmarkScreenFontLoad: what Fyne's text engine pays each time it loads
// a face of the embedded font (once per text style), in TrueType as the
// PDFs carry it and in the CFF the screens draw; both in the same loop,
// with the time and the heap each leaves in use, and their ratios.
func BenchmarkScreenFontLoad(b *testing.B) {
	f := Embedded()
	var dur [2]time.Duration
	var held [2]uint64
	for b.Loop() {
		for i, data := range [][]byte{f.Regular, f.ScreenRegular} {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			face, err := font.ParseTTF(bytes.NewReader(data))
			if err != nil {
				b.Fatal(err)
			}
			dur[i] += time.Since(start)
			runtime.GC()
			runtime.ReadMemStats(&after)
			runtime.KeepAlive(face)
			held[i] += after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(dur[0].Microseconds())/1e3/n, "truetype-ms")
	b.ReportMetric(float64(dur[1].Microseconds())/1e3/n, "cff-ms")
	b.ReportMetric(float64(held[0])/(1<<20)/n, "truetype-MiB")
	b.ReportMetric(float64(held[1])/(1<<20)/n, "cff-MiB")
	b.ReportMetric(float64(dur[1])/float64(dur[0]), "time-ratio")
	b.ReportMetric(float64(held[1])/float64(max(held[0], 1)), "heap-ratio")
}
