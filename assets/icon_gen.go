//go:build ignore

// icon_gen draws BranchDesk's app icon, assets/icon.png (512×512): a red
// rounded square, as on the bank's vouchers, with 柜 (counter) in the
// embedded font's bold face over a gold bar, the counter's top.
//
//	go generate ./assets   (or: cd assets && go run icon_gen.go)
package main

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log"
	"math"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

const size = 512

var (
	redTop    = color.NRGBA{0xC8, 0x2A, 0x24, 0xFF}
	redBottom = color.NRGBA{0x8E, 0x16, 0x14, 0xFF}
	gold      = color.NRGBA{0xF2, 0xC1, 0x4E, 0xFF}
	white     = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
)

func main() {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	// The rounded square, with a margin the way desktop icons leave one.
	fill(img, func(x, y float64) bool { return inRoundRect(x, y, 24, 24, size-24, size-24, 96) }, func(y int) color.NRGBA {
		return mix(redTop, redBottom, float64(y)/size)
	})
	// The counter's top: a gold bar under the character.
	fill(img, func(x, y float64) bool { return inRoundRect(x, y, 104, 392, size-104, 424, 16) }, func(int) color.NRGBA { return gold })

	data, err := os.ReadFile("fonts/LXGWWenKai-Bold.ttf")
	if err != nil {
		log.Fatal(err)
	}
	f, err := opentype.Parse(data)
	if err != nil {
		log.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 300, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		log.Fatal(err)
	}
	d := &font.Drawer{Dst: img, Src: image.NewUniform(white), Face: face}
	const glyph = "柜"
	b, _ := d.BoundString(glyph)
	w := (b.Max.X - b.Min.X).Round()
	h := (b.Max.Y - b.Min.Y).Round()
	// Centred across, and centred between the square's top and the bar.
	x := (size-w)/2 - b.Min.X.Round()
	y := 24 + (392-24-h)/2 - b.Min.Y.Round()
	d.Dot = fixed.P(x, y)
	d.DrawString(glyph)

	out, err := os.Create("icon.png")
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(out, img); err != nil {
		log.Fatal(err)
	}
	if err := out.Close(); err != nil {
		log.Fatal(err)
	}
}

// fill paints the pixels inside shape, antialiased by 4×4 supersampling.
func fill(img *image.NRGBA, inside func(x, y float64) bool, paint func(y int) color.NRGBA) {
	const n = 4
	for py := 0; py < size; py++ {
		c := paint(py)
		for px := 0; px < size; px++ {
			hits := 0
			for sy := 0; sy < n; sy++ {
				for sx := 0; sx < n; sx++ {
					if inside(float64(px)+(float64(sx)+0.5)/n, float64(py)+(float64(sy)+0.5)/n) {
						hits++
					}
				}
			}
			if hits == 0 {
				continue
			}
			src := image.NewUniform(color.NRGBA{c.R, c.G, c.B, uint8(int(c.A) * hits / (n * n))})
			draw.Draw(img, image.Rect(px, py, px+1, py+1), src, image.Point{}, draw.Over)
		}
	}
}

func inRoundRect(x, y, x0, y0, x1, y1, r float64) bool {
	if x < x0 || x >= x1 || y < y0 || y >= y1 {
		return false
	}
	cx := math.Max(x0+r, math.Min(x, x1-r))
	cy := math.Max(y0+r, math.Min(y, y1-r))
	return math.Hypot(x-cx, y-cy) <= r
}

func mix(a, b color.NRGBA, t float64) color.NRGBA {
	l := func(p, q uint8) uint8 { return uint8(float64(p) + (float64(q)-float64(p))*t) }
	return color.NRGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 0xFF}
}
