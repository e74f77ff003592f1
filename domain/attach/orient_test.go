package attach

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
	"time"
)

// withOrientation puts an EXIF segment giving orientation o, in byte
// order bo, after a JPEG's SOI.
func withOrientation(jpg []byte, o int, bo binary.ByteOrder) []byte {
	tiff := make([]byte, 8+2+12+4)
	if bo == binary.LittleEndian {
		copy(tiff, "II")
	} else {
		copy(tiff, "MM")
	}
	bo.PutUint16(tiff[2:], 42)
	bo.PutUint32(tiff[4:], 8)
	bo.PutUint16(tiff[8:], 1)
	bo.PutUint16(tiff[10:], 0x0112)
	bo.PutUint16(tiff[12:], 3)
	bo.PutUint32(tiff[14:], 1)
	bo.PutUint16(tiff[18:], uint16(o))
	seg := append([]byte("Exif\x00\x00"), tiff...)
	var b bytes.Buffer
	b.Write(jpg[:2])
	b.Write([]byte{0xFF, 0xE1})
	binary.Write(&b, binary.BigEndian, uint16(len(seg)+2))
	b.Write(seg)
	b.Write(jpg[2:])
	return b.Bytes()
}

// TestAttachmentOrientation (review): a phone's photo held upright is
// stored on its side with EXIF orientation 6; its thumbnail (and 查看,
// through Picture) shows it upright — the red corner at the stored top
// left comes to the top right.
func TestAttachmentOrientation(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 80, 40))
	for y := range 40 {
		for x := range 80 {
			c := color.RGBA{255, 255, 255, 255}
			if x < 16 && y < 16 {
				c = color.RGBA{255, 0, 0, 255}
			}
			src.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, src, &jpeg.Options{Quality: 95})
	for _, bo := range []binary.ByteOrder{binary.BigEndian, binary.LittleEndian} {
		data := withOrientation(b.Bytes(), 6, bo)
		if o := Orientation(data); o != 6 {
			t.Fatalf("orientation %d", o)
		}
		a, err := New(OnSurvey, "S1", "走访.jpg", Visit, data, "2001", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		th, err := png.Decode(bytes.NewReader(a.Thumb))
		if err != nil {
			t.Fatal(err)
		}
		r, g, _, _ := th.At(th.Bounds().Dx()-4, 4).RGBA()
		if th.Bounds().Dx() != 40 || th.Bounds().Dy() != 80 || r>>8 < 200 || g>>8 > 60 {
			t.Fatalf("thumbnail %v, top right %d,%d", th.Bounds(), r>>8, g>>8)
		}
	}
	if o := Orientation(b.Bytes()); o != 1 {
		t.Fatalf("no EXIF: %d", o)
	}
}

// Each of the eight orientations moves the stored top-left pixel where
// EXIF says.
func TestAttachmentOrientEight(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	mark := color.RGBA{255, 0, 0, 255}
	src.SetRGBA(0, 0, mark)
	for o, want := range map[int]image.Point{1: {0, 0}, 2: {2, 0}, 3: {2, 1}, 4: {0, 1}, 5: {0, 0}, 6: {1, 0}, 7: {1, 2}, 8: {0, 2}} {
		got := Orient(src, o).(interface{ RGBAAt(x, y int) color.RGBA })
		if got.RGBAAt(want.X, want.Y) != mark {
			t.Fatalf("orientation %d: mark not at %v", o, want)
		}
	}
}
