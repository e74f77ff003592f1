package attach

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/attach/attachtest"
)

// pngOf encodes a w×h picture.
func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, h/2, color.RGBA{200, 0, 0, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Issue 14 item 2: a file is kept only when it is JPEG, PNG or PDF, what
// its extension says, not empty, at most MaxSize and readable.
func TestAttachmentCheck(t *testing.T) {
	good := pngOf(t, 4, 3)
	cases := []struct {
		name string
		file string
		data []byte
		want string
		err  error
	}{
		{"PNG", "执照.png", good, PNG, nil},
		{"大写扩展名", "执照.PNG", good, PNG, nil},
		{"JPEG", "抵押物.jpg", jpegOf(t, 8, 8), JPEG, nil},
		{"JPEG 长扩展名", "抵押物.jpeg", jpegOf(t, 8, 8), JPEG, nil},
		{"PDF", "签字表.pdf", attachtest.PDF(1), PDF, nil},
		{"空文件", "执照.png", nil, "", ErrEmpty},
		{"PDF 冒充 PNG", "执照.png", attachtest.PDF(1), "", ErrMismatch},
		{"PNG 冒充 JPEG", "执照.jpg", good, "", ErrMismatch},
		{"JPEG 冒充 PDF", "表.pdf", jpegOf(t, 2, 2), "", ErrMismatch},
		{"不收的扩展名", "表.docx", good, "", ErrType},
		{"不收的内容", "表.png", []byte("GIF89a……"), "", ErrType},
		{"PNG 截断", "执照.png", good[:len(good)-20], "", ErrUnreadable},
		{"JPEG 只有文件头", "照.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0}, "", ErrUnreadable},
		{"PDF 缺结束标记", "表.pdf", []byte("%PDF-1.4\n1 0 obj << >> endobj\n"), "", ErrUnreadable},
		{"没有文件名", " ", good, "", ErrNameMissing},
		{"像素过多", "大.png", hugePNG(t), "", ErrPixels},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Check(c.file, c.data)
			if !errors.Is(err, c.err) || got != c.want {
				t.Fatalf("Check(%q) = %q, %v; want %q, %v", c.file, got, err, c.want, c.err)
			}
			if err != nil && !strings.ContainsFunc(err.Error(), func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
				t.Fatalf("reason not in Chinese: %v", err)
			}
		})
	}
}

// The size limit: exactly MaxSize is kept, one byte over is refused.
func TestAttachmentSizeLimit(t *testing.T) {
	for _, c := range []struct {
		n   int
		err error
	}{{MaxSize - 1, nil}, {MaxSize, nil}, {MaxSize + 1, ErrTooLarge}} {
		if _, err := Check("表.pdf", attachtest.PDFOf(c.n)); !errors.Is(err, c.err) {
			t.Fatalf("%d bytes: %v, want %v", c.n, err, c.err)
		}
	}
}

func TestAttachmentNew(t *testing.T) {
	at := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	data := pngOf(t, 4, 3)
	a, err := New(OnSurvey, "S1", "/home/张三/执照.png", Licence, data, "2001", at)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "执照.png" || a.Size != int64(len(data)) || a.SHA256 != Sum(data) || len(a.SHA256) != 64 || a.ContentType != PNG {
		t.Fatalf("%+v", a)
	}
	if th, err := png.Decode(bytes.NewReader(a.Thumb)); err != nil || th.Bounds().Dx() != 4 {
		t.Fatalf("thumbnail: %v", err)
	}
	if p, err := New(OnDemand, "D1", "签字表.pdf", SignedForm, attachtest.PDF(2), "2001", at); err != nil || p.Pages != 2 || p.Thumb != nil {
		t.Fatalf("pdf: %+v %v", p, err)
	}
	if err := Verify(data, a.SHA256); err != nil {
		t.Fatal(err)
	}
	if err := Verify(append([]byte{0}, data...), a.SHA256); !errors.Is(err, ErrHash) {
		t.Fatalf("tampered: %v", err)
	}
	if _, err := New(OnSurvey, "S1", "执照.png", "发票", data, "2001", at); !errors.Is(err, ErrKind) {
		t.Fatalf("kind: %v", err)
	}
	if _, err := New("loan", "S1", "执照.png", Licence, data, "2001", at); !errors.Is(err, ErrRecord) {
		t.Fatalf("record: %v", err)
	}
	if m := Mask(a); m.Name != "" || m.SHA256 != "" || m.Thumb != nil || m.Kind != Licence || !m.Hidden {
		t.Fatalf("mask: %+v", m)
	}
}

// A thumbnail fits 160×160 with the picture's shape; a small one stays.
func TestAttachmentThumbnail(t *testing.T) {
	for _, c := range []struct{ w, h, tw, th int }{
		{640, 480, 160, 120}, {300, 900, 53, 160}, {160, 160, 160, 160}, {161, 10, 160, 9}, {40, 30, 40, 30},
	} {
		img, err := Thumbnail(pngOf(t, c.w, c.h))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != c.tw || b.Dy() != c.th {
			t.Fatalf("%dx%d → %dx%d, want %dx%d", c.w, c.h, b.Dx(), b.Dy(), c.tw, c.th)
		}
	}
	if n := Pages(attachtest.PDF(3)); n != 3 {
		t.Fatalf("pages %d", n)
	}
}

func FuzzAttachmentCheck(f *testing.F) {
	f.Add("a.png", []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})
	f.Add("a.pdf", []byte("%PDF-1.4 %%EOF"))
	f.Add("a.jpg", []byte{0xFF, 0xD8, 0xFF})
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		typ, err := Check(name, data)
		if err == nil && Sniff(data) != typ {
			t.Fatalf("%q taken as %q", name, typ)
		}
	})
}

// A removal needs a reason and is made once; the file stays.
func TestAttachmentRemove(t *testing.T) {
	at := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	a := Attachment{ID: 3, Name: "执照.png", Kind: Licence}
	if _, err := Remove(a, "  ", "2001", at); !errors.Is(err, ErrRemoveReason) {
		t.Fatalf("no reason: %v", err)
	}
	r, err := Remove(a, " 传错了文件 ", "2001", at)
	if err != nil || r.Attachment != 3 || r.Reason != "传错了文件" {
		t.Fatalf("%+v %v", r, err)
	}
	a.Removed = &r
	if _, err := Remove(a, "再撤一次", "2001", at); !errors.Is(err, ErrRemoved) {
		t.Fatalf("twice: %v", err)
	}
	if m := Mask(a); m.Removed == nil || m.Removed.Reason != "" || m.Removed.By != "" {
		t.Fatalf("mask: %+v", m.Removed)
	}
}

// hugePNG is a small file that claims a 20000×20000 picture.
func hugePNG(t *testing.T) []byte {
	t.Helper()
	b := pngOf(t, 1, 1)
	// The IHDR chunk's width and height, then its CRC, recomputed.
	binary.BigEndian.PutUint32(b[16:], 20000)
	binary.BigEndian.PutUint32(b[20:], 20000)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

func TestAttachmentSizeText(t *testing.T) {
	for n, want := range map[int64]string{MaxSize: "10 MB", MaxSize + 1<<19: "10.5 MB", 2458: "2.4 KB", 1024: "1 KB"} {
		if got := SizeText(n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}

// TestAttachmentHiddenText: a viewer who may not see the files is told
// only how many of each kind are on the record, in the picker's order; a
// file taken off is not counted, and files they may see are not either.
func TestAttachmentHiddenText(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	on := func(k Kind) Attachment { return Attachment{Kind: k, Name: "x.png", AddedAt: at} }
	off := on(Licence)
	off.Removed = &Removal{Reason: "传错", At: at}
	files := []Attachment{Mask(on(Visit)), Mask(on(Licence)), Mask(on(Visit)), Mask(off), on(Other)}
	if got, want := HiddenText(files), "非本人负责的记录，只显示附件的数量和类别：营业执照 1 个、走访照片 2 个"; got != want {
		t.Errorf("HiddenText = %q, want %q", got, want)
	}
	if got := HiddenText([]Attachment{on(Licence), Mask(off)}); got != "" {
		t.Errorf("nothing hidden on the record, got %q", got)
	}
	if got := HiddenText(nil); got != "" {
		t.Errorf("no files, got %q", got)
	}
}
