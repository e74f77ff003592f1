package xlsxio

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"branchdesk/domain/target"
	"branchdesk/storage/csvio"
)

func sample() []target.Target {
	return []target.Target{
		{ID: "0001", Cluster: "光谷生物城", SubBranch: "东湖支行", Name: "武汉示范生物科技有限公司", CreditCode: "91350100M000100Y43",
			Industry: "C 制造业", MainBusiness: "生物试剂", Size: "小型", WithUs: true, Needs: "流动资金贷款", LegalRep: "陈一",
			Contact: "02788888888", Operating: "正常", Class: target.Preferred, Officer: "2001", Deadline: "2026-12-31"},
		{ID: "000123", Name: "汉正街示范服装商行", Class: target.Exit, Officer: "2002", Deadline: "2026-12-01", Needs: `=HYPERLINK("http://x","y")`},
	}
}

// The workbook keeps leading zeros: its cells are text in text columns,
// as Excel and excelize read them back.
func TestRoundTripKeepsLeadingZeros(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTargets(&buf, sample(), false); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for cell, want := range map[string]string{"A2": "0001", "A3": "000123", "E2": "91350100M000100Y43", "M2": "02788888888"} {
		v, _ := f.GetCellValue(Sheet, cell)
		typ, _ := f.GetCellType(Sheet, cell)
		if v != want || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) {
			t.Errorf("%s = %q (type %v), want text %q", cell, v, typ, want)
		}
	}
	// Text is never written as a formula, even text that looks like one.
	if fm, _ := f.GetCellFormula(Sheet, "K3"); fm != "" {
		t.Errorf("K3 holds formula %q", fm)
	}
	f.Close()
	got, err := ReadTargets(bytes.NewReader(buf.Bytes()))
	if err != nil || !reflect.DeepEqual(got, sample()) {
		t.Fatalf("round trip:\n%+v, %v\n%+v", got, err, sample())
	}
}

// A sheet edited in Excel: 0001 typed as a number comes back as 1, a name
// is an error value, a cell is a formula; each row is refused by number
// and nothing is imported.
func TestImportRefusesSpreadsheetDamage(t *testing.T) {
	var buf bytes.Buffer
	ts := sample()
	ts[1].Needs = ""
	ts = append(ts, ts[0], ts[0])
	ts[2].ID, ts[3].ID = "0003", "0004"
	if err := WriteTargets(&buf, ts, false); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellInt(Sheet, "A2", 1))
	must(f.SetCellStr(Sheet, "D3", "Err:509"))
	must(f.SetCellFormula(Sheet, "D4", `HYPERLINK("http://x","武汉示范")`))
	var edited bytes.Buffer
	if _, err := f.WriteTo(&edited); err != nil {
		t.Fatal(err)
	}
	f.Close()
	got, err := ReadTargets(&edited)
	if got != nil || err == nil {
		t.Fatalf("imported %+v", got)
	}
	for _, want := range []struct {
		line string
		err  error
	}{{"第 2 行", target.ErrID}, {"第 3 行", target.ErrNameSheet}, {"第 4 行", ErrFormula}} {
		if !strings.Contains(err.Error(), want.line) || !errors.Is(err, want.err) {
			t.Errorf("want %s: %v; got %v", want.line, want.err, err)
		}
	}
	if strings.Contains(err.Error(), "第 5 行") {
		t.Errorf("the good row is refused: %v", err)
	}
}

func TestImportRefusesForeignWorkbook(t *testing.T) {
	f := excelize.NewFile()
	_ = f.SetCellStr("Sheet1", "A1", "名称")
	var buf bytes.Buffer
	_, _ = f.WriteTo(&buf)
	if _, err := ReadTargets(&buf); !errors.Is(err, csvio.ErrHeader) {
		t.Fatalf("foreign header: %v", err)
	}
	if _, err := ReadTargets(strings.NewReader("编号,企业名称\n")); err == nil || !strings.Contains(err.Error(), "不是 Excel 工作簿") {
		t.Fatalf("a CSV read as xlsx: %v", err)
	}
}
