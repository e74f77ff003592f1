// Package assets holds the resources BranchDesk carries inside the program:
// the CJK font shared by the screens and the PDF receipts, the app icon and
// the screens' translation catalogs (Simplified Chinese and English, with
// the words of Fyne's own dialogs).
//
// The font is LXGW WenKai (霞鹜文楷) Regular and Bold, embedded with its SIL
// Open Font License (fonts/OFL.txt), so that a receipt looks the same on
// every PC and nothing has to be installed. The PDFs embed its TrueType
// faces; the screens draw the same glyphs converted to CFF outlines
// (BranchDesk WenKai, scripts/font-cff.py), which Fyne's text engine reads
// one glyph at a time instead of whole at start. BRANCHDESK_FONT may name
// another font for both; it is checked once and refused, never half used.
package assets

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/image/font/sfnt"
)

// FontEnv names the environment variable that replaces the embedded font:
// a TrueType file (.ttf, or .otf with TrueType outlines), or a face of a
// collection written PATH#INDEX (C:\Windows\Fonts\msyh.ttc#0).
const FontEnv = "BRANCHDESK_FONT"

var (
	//go:embed fonts/LXGWWenKai-Regular.ttf
	wenkaiRegular []byte
	//go:embed fonts/LXGWWenKai-Bold.ttf
	wenkaiBold []byte
	//go:embed fonts/BranchDeskWenKai-Regular.otf
	screenRegularData string
	//go:embed fonts/BranchDeskWenKai-Bold.otf
	screenBoldData string
	// screenRegular and screenBold are the screen faces as Fyne takes
	// them, views of the strings above without a copy: a string's bytes
	// lie in the program's read-only data, which ReleaseScreenFaces may
	// give back to the system once the faces are read (a write to them
	// would fault, never change a face).
	screenRegular = readOnly(screenRegularData)
	screenBold    = readOnly(screenBoldData)
	// FontLicence is the SIL Open Font License of the embedded font, with
	// its copyright notice; the OFL asks that it travel with the font.
	//
	//go:embed fonts/OFL.txt
	FontLicence string
)

// readOnly is s's bytes as a slice, without a copy; they must never be
// written.
func readOnly(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// Font is the one typeface of screens and paper: a regular and a bold face,
// each complete TrueType data. Bold is Regular when the font has no bold.
type Font struct {
	Name    string // "LXGW WenKai", or the file BRANCHDESK_FONT names
	Regular []byte
	Bold    []byte
	// ScreenRegular and ScreenBold, when set, are Regular and Bold with the
	// same glyphs in CFF outlines, for the screens: go-text/typesetting,
	// which draws Fyne's text, reads every glyph of a TrueType face into
	// memory at its first use (about 35 MiB and 0.1 s a face, and Fyne
	// loads a face once per text style), but a CFF face's glyphs only as
	// they are drawn. PDFs need TrueType. Unset for a BRANCHDESK_FONT.
	ScreenRegular, ScreenBold []byte
}

// Screen returns the regular and bold faces the screens draw.
func (f Font) Screen() (regular, bold []byte) {
	if f.ScreenRegular == nil {
		return f.Regular, f.Bold
	}
	return f.ScreenRegular, f.ScreenBold
}

// Embedded returns the font built into the program.
func Embedded() Font {
	return Font{Name: "LXGW WenKai", Regular: wenkaiRegular, Bold: wenkaiBold,
		ScreenRegular: screenRegular, ScreenBold: screenBold}
}

// Errors a BRANCHDESK_FONT is refused with; the messages are for the user.
var (
	ErrFontNotFound    = errors.New("找不到 " + FontEnv + " 指定的字体文件 (font file not found)")
	ErrFontUnsupported = errors.New("字体格式不支持：须为 TrueType 字形的 TTF、OTF 或 TTC 字体；CFF 字形的 OTF（如思源黑体）无法嵌入 PDF 回单" +
		" (unsupported font: TrueType outlines needed, CFF-based OpenType cannot go into PDFs)")
	ErrFontIndex   = errors.New("字体集合中没有这个序号的字体 (no such face in the collection)")
	ErrFontNoHanzi = errors.New("字体缺少常用汉字，无法显示中文 (font lacks common Chinese characters)")
)

// hanziProbe are characters every screen and receipt prints; a font that
// lacks one of them is no use at a Chinese counter.
const hanziProbe = "中国银行柜员元角分０１２ABC123"

var loaded = sync.OnceValues(func() (Font, error) { return loadFont(os.Getenv(FontEnv)) })

// LoadFont returns the font named by BRANCHDESK_FONT, or the embedded one
// when the variable is empty. It is read and checked once per process; a
// refusal is remembered too and says in Chinese what is wrong.
func LoadFont() (Font, error) {
	return loaded()
}

// loadFont is LoadFont with the variable's value passed in.
func loadFont(spec string) (Font, error) {
	if spec == "" {
		return Embedded(), nil
	}
	data, err := ReadFontFile(spec)
	if err != nil {
		return Font{}, fmt.Errorf("assets: %s=%q: %w", FontEnv, spec, err)
	}
	return Font{Name: filepath.Base(spec), Regular: data, Bold: data}, nil
}

// ReadFontFile reads a font file, or one face of a collection given as
// PATH#INDEX (index 0 when a .ttc is named without one), and returns it as
// a single TrueType font with Chinese characters, ready for Fyne and for the
// PDF writer. Errors wrap ErrFontNotFound, ErrFontUnsupported, ErrFontIndex
// or ErrFontNoHanzi.
func ReadFontFile(spec string) ([]byte, error) {
	path, index := splitFaceIndex(spec)
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFontNotFound, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%w: %s 是目录 (is a directory)", ErrFontNotFound, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFontNotFound, err)
	}
	if index >= 0 || sfntTag(data) == "ttcf" {
		data, err = collectionFace(data, max(index, 0))
		if err != nil {
			return nil, err
		}
	}
	if err := checkTrueType(data); err != nil {
		return nil, err
	}
	return data, nil
}

// splitFaceIndex splits "msyh.ttc#1" into the path and 1; without a
// numeric suffix the index is -1 and the path is spec unchanged.
func splitFaceIndex(spec string) (string, int) {
	i := strings.LastIndexByte(spec, '#')
	if i < 0 {
		return spec, -1
	}
	n, err := strconv.Atoi(spec[i+1:])
	if err != nil || n < 0 {
		return spec, -1
	}
	return spec[:i], n
}

// sfntTag is the four bytes a font file starts with.
func sfntTag(data []byte) string {
	if len(data) < 4 {
		return ""
	}
	return string(data[:4])
}

// checkTrueType accepts a single font with TrueType outlines that draws
// the characters of hanziProbe.
func checkTrueType(data []byte) error {
	switch sfntTag(data) {
	case "\x00\x01\x00\x00", "true":
	case "OTTO":
		return fmt.Errorf("%w: CFF", ErrFontUnsupported)
	default:
		return ErrFontUnsupported
	}
	f, err := sfnt.Parse(data)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrFontUnsupported, err)
	}
	var buf sfnt.Buffer
	var missing []string
	for _, r := range hanziProbe {
		if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
			missing = append(missing, string(r))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w：缺 %s", ErrFontNoHanzi, strings.Join(missing, ""))
	}
	return nil
}
