package attach

import (
	"encoding/binary"
	"image"
	"image/draw"
	"log"
)

// Picture is a kept picture as a screen shows it: decoded, turned the
// way the camera was held (a JPEG's EXIF orientation) and scaled to fit
// a side×side box; ErrUnreadable when it does not decode (the decoder's
// English goes to the log).
func Picture(data []byte, side int) (image.Image, error) {
	img, err := decode(data)
	if err != nil {
		log.Printf("attach: picture does not decode: %v", err)
		return nil, ErrUnreadable
	}
	return Orient(Fit(img, side), Orientation(data)), nil
}

// Orientation is a JPEG's EXIF orientation, 1 to 8 (1, as stored, when
// it has none): how to turn the stored picture to show it upright.
func Orientation(data []byte) int {
	p := 2
	for p+4 <= len(data) && data[p] == 0xFF {
		m, n := data[p+1], int(binary.BigEndian.Uint16(data[p+2:]))
		if m == 0xDA || m == 0xD9 || n < 2 || p+2+n > len(data) {
			break
		}
		if seg := data[p+4 : p+2+n]; m == 0xE1 && len(seg) > 14 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		p += 2 + n
	}
	return 1
}

// tiffOrientation reads tag 0x0112 of the first IFD of EXIF's TIFF data.
func tiffOrientation(t []byte) int {
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	n := int(bo.Uint16(t[ifd:]))
	for i := range n {
		e := ifd + 2 + 12*i
		if e+12 > len(t) {
			break
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			if o := int(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
				return o
			}
			break
		}
	}
	return 1
}

// Orient turns a picture by an EXIF orientation (2 to 8; 1 and any other
// value leave it as it is).
func Orient(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = w-1-x, y
			case 3:
				sx, sy = w-1-x, h-1-y
			case 4:
				sx, sy = x, h-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, h-1-x
			case 7:
				sx, sy = w-1-y, h-1-x
			case 8:
				sx, sy = w-1-y, x
			}
			dst.SetRGBA(x, y, src.RGBAAt(sx, sy))
		}
	}
	return dst
}
