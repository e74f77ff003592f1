package ui

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"branchdesk/assets"
	"branchdesk/domain/money"
	"branchdesk/domain/voucher"
	"branchdesk/storage/csvio"
	"branchdesk/storage/xlsxio"
	"branchdesk/ui/uitext"
)

// TestEnglishListFileRefusals: a list file that cannot be imported, and an
// amount above the ceiling, are refused in English on an English screen,
// with the column, the count or the ceiling put back in; the errors
// themselves stay Chinese.
func TestEnglishListFileRefusals(t *testing.T) {
	header := strings.Join(csvio.Header, ",")
	_, badHeader := csvio.ReadTargets(strings.NewReader("x" + header[len(csvio.Header[0]):] + "\n"))
	_, shortRow := csvio.ReadTargets(strings.NewReader(header + "\n汉口示范贸易有限公司,1\n"))
	_, notXLSX := xlsxio.ReadTargets(bytes.NewReader([]byte("PK not a workbook")))
	_, tooLarge := money.Parse("10000000000")
	for _, c := range []struct {
		err    error
		zh, en string
		column bool // names a column of the file, which is Chinese
	}{
		{badHeader, "CSV 表头与名单格式不符：第 1 列应为“", "The CSV header does not match the list's format: column 1 should be “" + csvio.Header[0] + "”", true},
		{shortRow, "第 2 行：列数不对", "Row 2: Wrong number of columns: there should be " + strconv.Itoa(len(csvio.Header)), false},
		{notXLSX, "不是 Excel 工作簿（.xlsx），或文件已损坏", "Not an Excel workbook (.xlsx), or the file is damaged", false},
		{tooLarge, "金额超过上限 ¥9,999,999,999.99", "Amount above the ceiling ¥9,999,999,999.99", false},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.zh) {
			t.Errorf("error %v, want it to say %q", c.err, c.zh)
			continue
		}
		useCatalog(assets.English)
		got := errorText(c.err)
		useCatalog(assets.Chinese)
		if !strings.Contains(got, c.en) || !c.column && uitext.HasHan(got) {
			t.Errorf("%q in English reads %q, want %q", c.err, got, c.en)
		}
		if zh := errorText(c.err); zh != c.err.Error() {
			t.Errorf("%q in Chinese reads %q", c.err, zh)
		}
	}
}

// TestEnglishFieldRefusals: a screen's own words before a refusal (起号：,
// 金额：) wrap it as a message, so in English the refusal after the colon
// reads in English too, not in Chinese.
func TestEnglishFieldRefusals(t *testing.T) {
	tm := newTerminal(t)
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	from, to := newField(tm.a, ""), newField(tm.a, "")
	from.SetText("12ab")
	useCatalog(assets.English)
	_, err := typedRange(voucher.Types()[0], from, to)
	if got := errorText(err); !strings.HasPrefix(got, "First number: ") || uitext.HasHan(got) {
		t.Errorf("a bad first number reads %q in English", got)
	}
	useCatalog(assets.Chinese)
	_, err = typedRange(voucher.Types()[0], from, to)
	if got := errorText(err); !strings.HasPrefix(got, "起号：凭证号码格式不正确") || got != err.Error() {
		t.Errorf("a bad first number reads %q in Chinese", got)
	}
}
