// Package csvio reads and writes the target list as CSV that Excel opens:
// UTF-8 with a byte-order mark, a Chinese header row.
package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/target"
)

// bom makes Excel read the file as UTF-8.
const bom = "\uFEFF"

// Header is the CSV's first row, in the seed's order of fields.
var header = []string{"编号", "所属圈链", "所属支行", "企业名称", "统一社会信用代码", "行业分类", "主营业务", "企业规模",
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
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("csvio: %w", err)
	}
	for _, t := range ts {
		contact := t.Contact
		if mask {
			contact = enterprise.MaskContact(contact)
		}
		row := []string{t.ID, t.Cluster, t.SubBranch, t.Name, t.CreditCode, t.Industry, t.MainBusiness, t.Size,
			yesNo(t.WithUs), yesNo(t.WithOthers), t.Needs, t.LegalRep, contact, t.Operating, t.Class.Title(), t.Officer, t.Deadline}
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

// LineError is a row the import refused.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("第 %d 行：%v", e.Line, e.Err) }

// Unwrap gives the rule the row broke.
func (e *LineError) Unwrap() error { return e.Err }

// ErrHeader refuses a file whose first row is not the list's header.
var ErrHeader = errors.New("CSV 表头与名单格式不符")

// ReadTargets reads a list written by WriteTargets (or by Excel from it).
// Every row is checked; if any is wrong, none is returned and each wrong
// row is named.
func ReadTargets(r io.Reader) ([]target.Target, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte(bom)) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = len(header)
	first, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("csvio: %w: %v", ErrHeader, err)
	}
	for i, h := range header {
		if strings.TrimSpace(first[i]) != h {
			return nil, fmt.Errorf("csvio: %w：第 %d 列应为“%s”", ErrHeader, i+1, h)
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
			errs = append(errs, &LineError{line, err})
			if _, ok := err.(*csv.ParseError); ok {
				continue
			}
			break
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		cls, err := target.ParseClass(rec[14])
		t := target.Target{ID: rec[0], Cluster: rec[1], SubBranch: rec[2], Name: rec[3], CreditCode: enterprise.NormalizeCreditCode(rec[4]),
			Industry: rec[5], MainBusiness: rec[6], Size: rec[7], WithUs: rec[8] == "是", WithOthers: rec[9] == "是", Needs: rec[10],
			LegalRep: rec[11], Contact: rec[12], Operating: rec[13], Class: cls, Officer: rec[15], Deadline: rec[16]}
		if err == nil {
			err = t.Validate()
		}
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
