// Package attach holds the photos and documents an officer keeps on a
// survey or a demand (issue 14 item 2): the business licence, collateral
// photos, a photo at the visit, signed forms. A file is taken only when
// its bytes are what its name says — JPEG, PNG or PDF — it is not empty,
// not over MaxSize and can be read; each keeps its SHA-256, so head
// office can tell the file it receives is the one the branch kept.
package attach

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"branchdesk/domain/msg"
)

// MaxSize is the largest file kept: 10 MiB holds a phone's photo or a
// scanned form and keeps an up bundle small enough for a USB stick.
const MaxSize = 10 << 20

// MaxPixels is the largest picture taken, width × height: a phone's
// photo has 12 to 50 million.
const MaxPixels = 100_000_000

// MaxDecoded is the most memory a picture may take once decoded, width ×
// height × the bytes a pixel of its colour model takes: a small file may
// claim a huge 16-bit picture, and decoding it must not take all the
// memory. A 50-million-pixel phone photo (YCbCr, 3 bytes) takes 143 MiB.
const MaxDecoded = 256 << 20

// RecordKind is the kind of record a file belongs to.
type RecordKind string

// The records a file can be kept on.
const (
	OnSurvey RecordKind = "survey"
	OnDemand RecordKind = "demand"
)

// Kind is what a file shows.
type Kind string

// The kinds of file an officer keeps.
const (
	Licence    Kind = "营业执照"
	Collateral Kind = "抵押物照片"
	Visit      Kind = "走访照片"
	SignedForm Kind = "签字表格"
	Other      Kind = "其他"
)

// Kinds lists the kinds in the order a picker shows them.
func Kinds() []Kind { return []Kind{Licence, Collateral, Visit, SignedForm, Other} }

// The content types a file may have.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
	PDF  = "application/pdf"
)

// Attachment is one file kept on a record; its bytes are kept beside it.
// Taking it off its record is a later row pointing at it (Removal).
type Attachment struct {
	ID          int64
	Record      RecordKind
	RecordID    string
	Name        string
	Kind        Kind
	ContentType string
	Size        int64
	SHA256      string // hex
	AddedBy     string
	AddedAt     time.Time
	// Thumb is a picture's thumbnail as PNG; nil for a PDF.
	Thumb []byte
	// Pages is a PDF's page count when it can be told cheaply, else 0.
	Pages int
	// Removed is set once the file was taken off the record: the file
	// stays, the removal is a later row pointing at it.
	Removed *Removal
	// Hidden is set when the viewer may see only that the file exists:
	// its name is blank and its bytes are not given.
	Hidden bool
}

// Removal takes a file off its record, with the reason; the file is kept.
type Removal struct {
	Attachment int64
	Reason     string
	By         string
	At         time.Time
}

// Remove makes the removal of a, refused without a reason or when a was
// taken off already.
func Remove(a Attachment, reason, by string, at time.Time) (Removal, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case a.Removed != nil:
		return Removal{}, msg.Errorf("%w（%s，%s）", ErrRemoved, a.Removed.By, a.Removed.Reason)
	case reason == "":
		return Removal{}, ErrRemoveReason
	}
	return Removal{Attachment: a.ID, Reason: reason, By: by, At: at}, nil
}

// Errors of attaching; each says what was wrong with the file.
var (
	ErrEmpty        = errors.New("文件为空")
	ErrTooLarge     = msg.Errorf("文件超过 %d MB 上限", MaxSize>>20)
	ErrType         = errors.New("只收 JPEG、PNG 图片或 PDF 文件")
	ErrMismatch     = errors.New("文件内容与扩展名不符")
	ErrUnreadable   = errors.New("文件已损坏，无法读取")
	ErrTrailing     = errors.New("图片结尾之后另有数据，可能夹带其他文件")
	ErrPDFStructure = msg.Errorf("%w（PDF 缺少交叉引用表或文档目录）", ErrUnreadable)
	ErrPixels       = errors.New("图片像素过多")
	ErrKind         = errors.New("请选择附件类别")
	ErrRecord       = errors.New("附件须属于一份调查表或一笔融资需求")
	ErrHash         = errors.New("附件内容与其 SHA-256 不符")
	ErrNoSuchFile   = errors.New("附件不存在")
	ErrHiddenFile   = errors.New("非本人负责的记录，只能看到附件的数量和类别")
	ErrNameMissing  = errors.New("附件缺少文件名")
	ErrRemoved      = errors.New("该附件已撤下")
	ErrRemoveReason = errors.New("撤下附件须填写原因")
)

// extensions maps a file name's extension to the type its bytes must be.
var extensions = map[string]string{".jpg": JPEG, ".jpeg": JPEG, ".png": PNG, ".pdf": PDF}

// Extensions are the extensions a file picker offers.
func Extensions() []string { return []string{".jpg", ".jpeg", ".png", ".pdf"} }

// Sniff tells the type of a file from its first bytes, "" when it is
// none of the three.
func Sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	case bytes.HasPrefix(data, []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}):
		return PNG
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return PDF
	}
	return ""
}

// Check reads a file an officer picked and returns its content type, or
// why it is refused: empty, over MaxSize, not JPEG, PNG or PDF, not what
// its extension says, or not whole (a picture cut short or with other
// data after its end, one that would decode to more than MaxDecoded
// bytes, a PDF without its cross-reference table and catalogue). It reads
// a picture's header, not its pixels: head office checks a file this way
// with its SHA-256; New decodes it once, for its thumbnail.
func Check(name string, data []byte) (string, error) {
	if strings.TrimSpace(name) == "" {
		return "", ErrNameMissing
	}
	if len(data) == 0 {
		return "", ErrEmpty
	}
	if len(data) > MaxSize {
		return "", ErrTooLarge
	}
	want, ok := extensions[strings.ToLower(filepath.Ext(name))]
	if !ok {
		return "", msg.Errorf("%w：%s", ErrType, name)
	}
	got := Sniff(data)
	if got == "" {
		return "", msg.Errorf("%w：%s 的内容不是 JPEG、PNG 或 PDF", ErrType, name)
	}
	if got != want {
		return "", msg.Errorf("%w：%s 实为 %s", ErrMismatch, name, TypeText(got))
	}
	var err error
	if got == PDF {
		err = pdfWhole(data)
	} else {
		_, err = pictureHeader(got, data)
	}
	switch {
	case errors.Is(err, ErrUnreadable):
		return "", msg.Errorf("%w：%s", err, name)
	case err != nil:
		return "", msg.Errorf("%s：%w", name, err)
	}
	return got, nil
}

// Subject names a file in the audit chain, whose row adding it seals
// its SHA-256.
func Subject(id int64) string { return "attachment:" + strconv.FormatInt(id, 10) }

// Sum is a file's SHA-256 in hex.
func Sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// Verify refuses bytes whose SHA-256 is not sum.
func Verify(data []byte, sum string) error {
	if got := Sum(data); !strings.EqualFold(got, sum) {
		return msg.Errorf("%w（应为 %.12s…，实为 %.12s…）", ErrHash, sum, got)
	}
	return nil
}

// New makes the record of a file an officer attaches, once Check passed.
func New(rec RecordKind, recordID, name string, kind Kind, data []byte, by string, at time.Time) (Attachment, error) {
	if (rec != OnSurvey && rec != OnDemand) || strings.TrimSpace(recordID) == "" {
		return Attachment{}, ErrRecord
	}
	if !validKind(kind) {
		return Attachment{}, ErrKind
	}
	typ, err := Check(name, data)
	if err != nil {
		return Attachment{}, err
	}
	a := Attachment{Record: rec, RecordID: recordID, Name: filepath.Base(name), Kind: kind, ContentType: typ,
		Size: int64(len(data)), SHA256: Sum(data), AddedBy: by, AddedAt: at}
	if typ == PDF {
		a.Pages = Pages(data)
		return a, nil
	}
	img, err := decode(data)
	if err != nil {
		// The decoder's words are English and technical: the log keeps
		// them, the officer reads why in Chinese.
		log.Printf("attach: %s does not decode: %v", name, err)
		return Attachment{}, msg.Errorf("%w：%s", ErrUnreadable, name)
	}
	if a.Thumb, err = thumbPNG(Orient(Fit(img, ThumbSize), Orientation(data))); err != nil {
		log.Printf("attach: thumbnail of %s: %v", name, err)
		return Attachment{}, msg.Errorf("%w：%s", ErrUnreadable, name)
	}
	return a, nil
}

func validKind(k Kind) bool {
	for _, v := range Kinds() {
		if v == k {
			return true
		}
	}
	return false
}

// TypeText names a content type as the screens do.
func TypeText(typ string) string {
	switch typ {
	case JPEG:
		return "JPEG 图片"
	case PNG:
		return "PNG 图片"
	case PDF:
		return "PDF 文件"
	}
	return "未知类型"
}

// SizeText shows a size in KB or MB (of 1,024).
func SizeText(n int64) string {
	unit, d := "KB", 1024.0
	if n >= 1<<20 {
		unit, d = "MB", 1<<20
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/d), ".0") + " " + unit
}

// Mask hides what a viewer who does not own the record may not see: the
// file's name (the kind, size and time stay, so they see it is there).
func Mask(a Attachment) Attachment {
	m := Attachment{ID: a.ID, Record: a.Record, RecordID: a.RecordID, Kind: a.Kind, AddedAt: a.AddedAt, Hidden: true}
	if a.Removed != nil {
		m.Removed = &Removal{Attachment: a.ID, At: a.Removed.At}
	}
	return m
}

// KindCount is how many files of a kind.
type KindCount struct {
	Kind Kind
	N    int
}

// Hidden counts, kind by kind in the order of Kinds, the files still on a
// record that a viewer may not see (Hidden).
func Hidden(files []Attachment) []KindCount {
	hidden := map[Kind]int{}
	for _, f := range files {
		if f.Hidden && f.Removed == nil {
			hidden[f.Kind]++
		}
	}
	var out []KindCount
	for _, k := range Kinds() {
		if n := hidden[k]; n > 0 {
			out = append(out, KindCount{k, n})
		}
	}
	return out
}

// HiddenMessage is what a viewer who may not see a record's files
// (Hidden) is told of those still on it: how many of each kind, and no
// more; false when none is hidden. The screens and the printed survey both
// say it.
func HiddenMessage(files []Attachment) (msg.Text, bool) {
	var kinds []msg.Text
	for _, c := range Hidden(files) {
		kinds = append(kinds, msg.Sprintf("%s %d 个", string(c.Kind), c.N))
	}
	if len(kinds) == 0 {
		return msg.Text{}, false
	}
	return msg.Sprintf("非本人负责的记录，只显示附件的数量和类别：%s", msg.Join(kinds...)), true
}

// HiddenText is HiddenMessage in Chinese, as printed; "" when none is
// hidden.
func HiddenText(files []Attachment) string {
	if t, ok := HiddenMessage(files); ok {
		return t.String()
	}
	return ""
}
