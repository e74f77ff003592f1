// Package csvio reads and writes the target list as CSV that Excel opens:
// UTF-8 with a byte-order mark, a Chinese Header row. Cells a spreadsheet
// would take for formulas are written with a leading quote (OWASP's CSV
// injection advice); files saved by Excel on Chinese Windows, in GBK or
// GB18030, are read too.
package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/msg"
	"branchdesk/domain/target"
)

// bom makes Excel read the file as UTF-8.
const bom = "\uFEFF"

// Header is the list's first row, in the seed's order of fields; the
// xlsx file has the same.
var Header = []string{"编号", "所属圈链", "所属支行", "企业名称", "统一社会信用代码", "行业分类", "主营业务", "企业规模",
	"是否与本行有往来", "是否与其他银行往来", "金融产品需求", "法定代表人", "联系方式", "经营状况", "客户分类", "责任人", "营销时限"}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// WriteTargets writes the list. mask hides contact numbers, for a reader
// who does not own the records (seed §六).
func WriteTargets(w io.Writer, ts []target.Target, mask bool) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return fmt.Errorf("csvio: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(Header); err != nil {
		return fmt.Errorf("csvio: %w", err)
	}
	for _, t := range ts {
		row := Row(t, mask)
		for i, c := range row {
			row[i] = Neutralize(c)
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("csvio: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("csvio: %w", err)
	}
	return nil
}

// Row is a target's cells in the order of Header; mask hides the contact
// number, for a reader who does not own the record (seed §六).
func Row(t target.Target, mask bool) []string {
	contact := t.Contact
	if mask {
		contact = enterprise.MaskContact(contact)
	}
	return []string{t.ID, t.Cluster, t.SubBranch, t.Name, t.CreditCode, t.Industry, t.MainBusiness, t.Size,
		yesNo(t.WithUs), yesNo(t.WithOthers), t.Needs, t.LegalRep, contact, t.Operating, t.Class.Title(), t.Officer, t.Deadline}
}

// ParseRow reads a row in the order of Header and checks it as a row of a
// list file (target.CheckImported).
func ParseRow(rec []string) (target.Target, error) {
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	cls, err := target.ParseClass(rec[14])
	t := target.Target{ID: rec[0], Cluster: rec[1], SubBranch: rec[2], Name: rec[3], CreditCode: enterprise.NormalizeCreditCode(rec[4]),
		Industry: rec[5], MainBusiness: rec[6], Size: rec[7], WithUs: rec[8] == "是", WithOthers: rec[9] == "是", Needs: rec[10],
		LegalRep: rec[11], Contact: rec[12], Operating: rec[13], Class: cls, Officer: rec[15], Deadline: rec[16]}
	if err == nil {
		err = target.CheckImported(t)
	}
	return t, err
}

// Neutralize makes a cell a spreadsheet reads as text: one that starts
// with = + - @ (or a tab or carriage return) gets a leading single quote.
func Neutralize(cell string) string {
	if target.FormulaStart(cell) {
		return "'" + cell
	}
	return cell
}

// unneutralize takes back the quote Neutralize added.
func unneutralize(cell string) string {
	if rest, ok := strings.CutPrefix(cell, "'"); ok && target.FormulaStart(rest) {
		return rest
	}
	return cell
}

// LineError is a row the import refused.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return e.Message().String() }

// Message is Error with the row and the rule apart, for a screen in
// another language.
func (e *LineError) Message() msg.Text { return msg.Sprintf("第 %d 行：%v", e.Line, e.Err) }

// Unwrap gives the rule the row broke.
func (e *LineError) Unwrap() error { return e.Err }

// ErrHeader refuses a file whose first row is not the list's Header.
var ErrHeader = errors.New("CSV 表头与名单格式不符")

// maxFile bounds a list file read whole (a list of 100,000 enterprises is
// about 30 MB).
const maxFile = 64 << 20

// ErrTooLarge refuses a file larger than any list.
var ErrTooLarge = errors.New("文件过大，不像营销名单")

// ReadTargets reads a list written by WriteTargets (or by Excel from it),
// in UTF-8 or, if it is not valid UTF-8, in GB18030 (which GBK is part
// of): Excel's plain CSV on Chinese Windows. Every row is checked; if any
// is wrong, none is returned and each wrong row is named.
func ReadTargets(r io.Reader) ([]target.Target, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("csvio: %w", err)
	}
	if len(data) > maxFile {
		return nil, ErrTooLarge
	}
	data = bytes.TrimPrefix(data, []byte(bom))
	gbk := false
	if !utf8.Valid(data) {
		if data, err = simplifiedchinese.GB18030.NewDecoder().Bytes(data); err != nil {
			return nil, msg.Errorf("文件既不是 UTF-8 也不是 GBK/GB18030 编码，无法读取")
		}
		gbk = true
	}
	targets, err := readTargets(bytes.NewReader(data))
	if err != nil && gbk && errors.Is(err, ErrHeader) {
		err = msg.Errorf("%w（已按 GBK/GB18030 编码读取）", err)
	}
	return targets, err
}

// csvProblem says in Chinese what the CSV reader found wrong; Go's own
// text ("record on line 3: wrong number of fields") is not for a teller.
func csvProblem(err error) error {
	switch {
	case errors.Is(err, csv.ErrFieldCount):
		return msg.Errorf("列数不对，应为 %d 列", len(Header))
	case errors.Is(err, csv.ErrQuote), errors.Is(err, csv.ErrBareQuote):
		return msg.Errorf("引号不配对")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return msg.Errorf("文件是空的或不完整")
	}
	return msg.Errorf("无法按 CSV 读取")
}

func readTargets(r io.Reader) ([]target.Target, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(Header)
	first, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w：%w", ErrHeader, csvProblem(err))
	}
	for i, h := range Header {
		if strings.TrimSpace(first[i]) != h {
			return nil, msg.Errorf("%w：第 %d 列应为“%s”", ErrHeader, i+1, msg.Verbatim(h))
		}
	}
	var out []target.Target
	var errs []error
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, &LineError{line, csvProblem(err)})
			if _, ok := err.(*csv.ParseError); ok {
				continue
			}
			break
		}
		for i := range rec {
			rec[i] = unneutralize(strings.TrimSpace(rec[i]))
		}
		t, err := ParseRow(rec)
		if err != nil {
			errs = append(errs, &LineError{line, err})
			continue
		}
		out = append(out, t)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}
