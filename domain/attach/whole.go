package attach

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	_ "image/jpeg" // image.Decode reads the photos officers take
	_ "image/png"
	"regexp"
	"strconv"

	"branchdesk/domain/msg"
)

// padding is how many bytes after a picture's end are taken, if they are
// only the zeros, 0xFF or line ends some cameras and tools leave.
const padding = 16

// pictureHeader reads a picture's header and checks it is whole without
// decoding its pixels: its size in memory is at most MaxDecoded and
// MaxPixels, and nothing follows its end but a little padding (or, after
// a JPEG, what jpegTail takes).
func pictureHeader(typ string, data []byte) (image.Config, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return cfg, ErrUnreadable
	}
	px := int64(cfg.Width) * int64(cfg.Height)
	if px > MaxPixels || px*bytesPerPixel(cfg.ColorModel) > MaxDecoded {
		return cfg, msg.Errorf("%w：%d×%d，解码后超过 %d MB 上限", ErrPixels, cfg.Width, cfg.Height, MaxDecoded>>20)
	}
	end := pngEnd(data)
	if typ == JPEG {
		end = jpegEnd(data)
	}
	if end < 0 {
		return cfg, ErrUnreadable
	}
	if typ == JPEG && !jpegTail(data[end:]) || typ != JPEG && !isPadding(data[end:]) {
		return cfg, ErrTrailing
	}
	return cfg, nil
}

// jpegTail reports whether what follows a JPEG's EOI is what phones
// leave there: padding; more whole JPEGs, each followed by the same (a
// multi-picture file — Android Ultra HDR's gain map, a depth map — puts
// them after the first); or Samsung's trailer, ending with the length of
// its SEFH directory and "SEFT", the directory at that distance back.
// Anything else, a ZIP or a page of HTML, is not a picture's.
func jpegTail(tail []byte) bool {
	for !isPadding(tail) && !samsungTrailer(tail) {
		if !bytes.HasPrefix(tail, []byte{0xFF, 0xD8, 0xFF}) {
			return false
		}
		end := jpegEnd(tail)
		if end < 0 {
			return false
		}
		tail = tail[end:]
	}
	return true
}

// samsungTrailer reports whether b ends with a Samsung SEF trailer:
// "SEFT" last, the 4 bytes before it (little-endian) the length of the
// directory, which starts with "SEFH" that far before them.
func samsungTrailer(b []byte) bool {
	n := len(b)
	if n < 12 || string(b[n-4:]) != "SEFT" {
		return false
	}
	at := int64(n-8) - int64(binary.LittleEndian.Uint32(b[n-8:]))
	return at >= 0 && string(b[at:at+4]) == "SEFH"
}

// decode decodes a picture Check took.
func decode(data []byte) (image.Image, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	return img, err
}

// bytesPerPixel is what a pixel of the colour model takes decoded; 8,
// the most, for a model not known.
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 4
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 8
}

func isPadding(b []byte) bool {
	if len(b) > padding {
		return false
	}
	for _, c := range b {
		if c != 0 && c != 0xFF && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// pngEnd is where a PNG ends, after its IEND chunk and CRC; -1 when its
// chunks run past the file.
func pngEnd(data []byte) int {
	p := 8
	for p+12 <= len(data) {
		end := uint64(p) + 12 + uint64(binary.BigEndian.Uint32(data[p:]))
		if end > uint64(len(data)) {
			return -1
		}
		if string(data[p+4:p+8]) == "IEND" {
			return int(end)
		}
		p = int(end)
	}
	return -1
}

// jpegEnd is where a JPEG ends, after its EOI marker, found by walking
// its segments (an EXIF thumbnail's own EOI is inside one) and the
// entropy-coded data after each SOS; -1 when it has none.
func jpegEnd(data []byte) int {
	p := 2
	for p+1 < len(data) {
		if data[p] != 0xFF {
			return -1
		}
		m := data[p+1]
		switch {
		case m == 0xFF: // fill
			p++
			continue
		case m == 0xD9: // EOI
			return p + 2
		case m == 0x01 || m >= 0xD0 && m <= 0xD7: // no length
			p += 2
			continue
		}
		if p+4 > len(data) {
			return -1
		}
		n := int(data[p+2])<<8 | int(data[p+3])
		if n < 2 {
			return -1
		}
		p += 2 + n
		if m == 0xDA { // SOS: coded data runs to the next marker
			for p+1 < len(data) && (data[p] != 0xFF || data[p+1] == 0 || data[p+1] >= 0xD0 && data[p+1] <= 0xD7) {
				p++
			}
		}
	}
	return -1
}

// objHeader opens an indirect object, "12 0 obj": where a PDF 1.5's
// cross-reference stream starts.
var objHeader = regexp.MustCompile(`^\d+\s+\d+\s+obj\b`)

// pdfWhole checks a PDF ends as a reader needs: startxref near its end
// giving the offset of a cross-reference table ("xref") or stream (an
// object), a trailer or stream naming the catalogue (/Root), then %%EOF.
// A page of HTML or a script behind a %PDF- line has none of these.
func pdfWhole(data []byte) error {
	tail := data[max(0, len(data)-1024):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 || !bytes.Contains(tail[i:], []byte("%%EOF")) {
		return ErrPDFStructure
	}
	digits := bytes.TrimLeft(tail[i+len("startxref"):], " \t\r\n")
	n := 0
	for n < len(digits) && n < 12 && digits[n] >= '0' && digits[n] <= '9' {
		n++
	}
	off, err := strconv.Atoi(string(digits[:n]))
	if err != nil || off <= 0 || off >= len(data) {
		return ErrPDFStructure
	}
	at := data[off:]
	if !bytes.HasPrefix(at, []byte("xref")) && !objHeader.Match(at[:min(len(at), 32)]) {
		return ErrPDFStructure
	}
	if !bytes.Contains(at, []byte("/Root")) {
		return ErrPDFStructure
	}
	return nil
}
