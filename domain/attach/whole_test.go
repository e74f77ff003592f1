package attach

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"runtime"
	"testing"
	"time"

	"branchdesk/domain/attach/attachtest"
)

func chunk(b *bytes.Buffer, typ string, data []byte) {
	binary.Write(b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	c := crc32.NewIEEE()
	c.Write([]byte(typ))
	c.Write(data)
	binary.Write(b, binary.BigEndian, c.Sum32())
}

// rgba64PNG is a small file claiming a w×h 16-bit RGBA picture (8 bytes
// a pixel decoded); its pixel data is only a few rows.
func rgba64PNG(w, h int) []byte {
	var b bytes.Buffer
	b.Write([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 16, 6
	chunk(&b, "IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 1+w*8))
	zw.Close()
	chunk(&b, "IDAT", z.Bytes())
	chunk(&b, "IEND", nil)
	return b.Bytes()
}

// TestAttachmentDecodedBytes (review: decompression bomb): a picture is
// refused from its header when it would decode to more than MaxDecoded
// bytes — 8192×4096 16-bit RGBA is exactly 256 MiB — and New refuses it
// without decoding.
func TestAttachmentDecodedBytes(t *testing.T) {
	for _, c := range []struct {
		w, h int
		err  error
	}{{8192, 4095, nil}, {8192, 4096, nil}, {8193, 4096, ErrPixels}} {
		if _, err := Check("大.png", rgba64PNG(c.w, c.h)); !errors.Is(err, c.err) {
			t.Fatalf("%d×%d: %v, want %v", c.w, c.h, err, c.err)
		}
	}
	bomb := rgba64PNG(10000, 10000)
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	_, err := New(OnSurvey, "S1", "走访.png", Visit, bomb, "2001", time.Now())
	runtime.ReadMemStats(&m1)
	if !errors.Is(err, ErrPixels) {
		t.Fatalf("bomb: %v", err)
	}
	if got := m1.TotalAlloc - m0.TotalAlloc; got > 16<<20 {
		t.Fatalf("refusing the bomb allocated %d MiB", got>>20)
	}
}

// TestAttachmentTrailingBytes (review: polyglots): nothing may follow a
// PNG's IEND or a JPEG's EOI but up to 16 bytes of padding.
func TestAttachmentTrailingBytes(t *testing.T) {
	png, jpg := pngOf(t, 4, 3), jpegOf(t, 8, 8)
	junk := []byte("PK\x03\x04<html><script>alert(document.cookie)</script></html>")
	for _, c := range []struct {
		name string
		data []byte
		err  error
	}{
		{"执照.png", png, nil},
		{"执照.png", append(bytes.Clone(png), junk...), ErrTrailing},
		{"执照.png", append(bytes.Clone(png), make([]byte, 16)...), nil},
		{"执照.png", append(bytes.Clone(png), make([]byte, 17)...), ErrTrailing},
		{"执照.png", append(bytes.Clone(png), 'x'), ErrTrailing},
		{"照.jpg", jpg, nil},
		{"照.jpg", append(bytes.Clone(jpg), junk...), ErrTrailing},
		{"照.jpg", append(bytes.Clone(jpg), "\r\n\xff\x00"...), nil},
		{"照.jpg", jpg[:len(jpg)-2], ErrUnreadable},
		{"照.jpg", jpg[:len(jpg)/2], ErrUnreadable},
	} {
		if _, err := Check(c.name, c.data); !errors.Is(err, c.err) {
			t.Fatalf("%s of %d bytes: %v, want %v", c.name, len(c.data), err, c.err)
		}
	}
}

// sef is a Samsung trailer shaped as phones write it: data, the SEFH
// directory, its length (little-endian) and "SEFT".
func sef(data string) []byte {
	dir := "SEFH\x6b\x00\x00\x00\x01\x00\x00\x00"
	b := []byte("\x00\x00\x00\x00" + data + dir)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(dir)))
	return append(b, "SEFT"...)
}

// TestAttachmentPhoneTrailers (issue 14 item 2): what phones put after
// a JPEG's EOI is taken — more whole JPEGs (Ultra HDR gain map, depth
// map), then padding, or a Samsung SEFT trailer — and nothing else: a
// ZIP, junk after the second JPEG, a cut-off second JPEG, a trailer
// whose length does not reach its SEFH.
func TestAttachmentPhoneTrailers(t *testing.T) {
	a, b := jpegOf(t, 8, 8), jpegOf(t, 4, 4)
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	zip := []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00payload.html")
	bad := sef("Image_UTC_Data1700000000000")
	bad[len(bad)-8]++
	for _, c := range []struct {
		what string
		data []byte
		err  error
	}{
		{"jpegA+jpegB", cat(a, b), nil},
		{"jpegA+jpegB+jpegB+padding", cat(a, b, b, make([]byte, 16)), nil},
		{"jpegA+SEFT", cat(a, sef("Image_UTC_Data1700000000000")), nil},
		{"jpegA+jpegB+SEFT", cat(a, b, sef("")), nil},
		{"jpegA+zip", cat(a, zip), ErrTrailing},
		{"jpegA+jpegB+junk", cat(a, b, []byte("x")), ErrTrailing},
		{"jpegA+jpegB+17 zeros", cat(a, b, make([]byte, 17)), ErrTrailing},
		{"jpegA+cut jpegB", cat(a, b[:len(b)-2]), ErrTrailing},
		{"jpegA+zip+jpegB", cat(a, zip, b), ErrTrailing},
		{"jpegA+zip+SEFT", cat(a, zip, []byte("SEFT")), ErrTrailing},
		{"jpegA+SEFT one off", cat(a, bad), ErrTrailing},
	} {
		if _, err := Check("照.jpg", c.data); !errors.Is(err, c.err) {
			t.Fatalf("%s: %v, want %v", c.what, err, c.err)
		}
	}
	if _, err := Check("执照.png", cat(pngOf(t, 4, 3), b)); !errors.Is(err, ErrTrailing) {
		t.Fatalf("png+jpeg: %v", err)
	}
}

// TestAttachmentPDFStructure (review): a PDF is taken with startxref
// pointing at its cross-reference table or stream and a trailer naming
// its catalogue; a %PDF- line before HTML, or nothing, is refused.
func TestAttachmentPDFStructure(t *testing.T) {
	good := attachtest.PDF(1)
	stream := []byte("%PDF-1.5\n1 0 obj << /Type /Catalog >> endobj\n7 0 obj << /Type /XRef /Root 1 0 R /Size 8 >> stream\nendstream endobj\nstartxref\n45\n%%EOF\n")
	for _, c := range []struct {
		name string
		data []byte
		err  error
	}{
		{"表", good, nil},
		{"交叉引用流", stream, nil},
		{"只有头尾", []byte("%PDF-%%EOF"), ErrUnreadable},
		{"网页", []byte("%PDF-<html><body><script>alert(1)</script></body></html>\n%%EOF"), ErrUnreadable},
		{"位置不对", bytes.Replace(good, []byte("\nxref"), []byte("\nxxxx"), 1), ErrUnreadable},
		{"没有目录", bytes.Replace(good, []byte("/Root"), []byte("/Info"), 1), ErrUnreadable},
		{"位置越界", bytes.Replace(good, []byte("startxref\n000"), []byte("startxref\n999"), 1), ErrUnreadable},
		{"缺结束标记", bytes.TrimSuffix(good, []byte("%%EOF\n")), ErrUnreadable},
	} {
		if _, err := Check(c.name+".pdf", c.data); !errors.Is(err, c.err) {
			t.Fatalf("%s: %v, want %v", c.name, err, c.err)
		}
	}
}

// TestAttachmentReasonsInChinese (review): a refusal never shows a Go
// decoder's English; the detail goes to the log.
func TestAttachmentReasonsInChinese(t *testing.T) {
	png := pngOf(t, 40, 30)
	broken := bytes.Clone(png)
	for i := 41; i < len(broken)-16; i++ { // the IDAT's compressed pixels
		broken[i] ^= 0x5A
	}
	at := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	for name, data := range map[string][]byte{
		"截断.png":  png[:len(png)-20],
		"文件头.jpg": {0xFF, 0xD8, 0xFF, 0xE0, 0, 0},
		"像素坏.png": broken,
		"半张.jpg":  jpegOf(t, 8, 8)[:100],
		"夹带.png":  append(bytes.Clone(png), "<html>"...),
		"网页.pdf":  []byte("%PDF-<html></html>\n%%EOF"),
		"大.png":   hugePNG(t),
	} {
		_, err := New(OnSurvey, "S1", name, Visit, data, "2001", at)
		if err == nil {
			t.Fatalf("%s taken", name)
		}
		if w := attachtest.LatinWords(err.Error()); len(w) > 0 {
			t.Fatalf("%s: English %v in %q", name, w, err)
		}
	}
}
