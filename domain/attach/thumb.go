package attach

import (
	"bytes"
	"image"
	"image/png"
	"regexp"

	"golang.org/x/image/draw"
)

// ThumbSize is the box a thumbnail fits in, in pixels.
const ThumbSize = 160

// Thumbnail scales a picture to fit ThumbSize×ThumbSize, keeping its
// shape; a picture already smaller is returned as it is.
func Thumbnail(data []byte) (image.Image, error) {
	src, err := decode(data)
	if err != nil {
		return nil, err
	}
	return Fit(src, ThumbSize), nil
}

// thumbPNG is a decoded picture's thumbnail encoded as PNG, kept beside
// the file so a list shows it without reading the file.
func thumbPNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, Fit(img, ThumbSize)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Fit scales img down to fit a side×side box, keeping its shape.
func Fit(img image.Image, side int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return img
	}
	if w >= h {
		w, h = side, max(1, h*side/w)
	} else {
		w, h = max(1, w*side/h), side
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// pageObject is a PDF page object: /Type /Page, not /Pages.
var pageObject = regexp.MustCompile(`/Type\s*/Page\b`)

// Pages counts a PDF's page objects; 0 when it cannot tell (a
// compressed object stream hides them), which the screen shows as no
// count.
func Pages(data []byte) int {
	return len(pageObject.FindAllIndex(data, -1))
}
