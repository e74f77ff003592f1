// Package xlsxio reads and writes the target list as an Excel workbook
// (.xlsx), with the columns and checks of the CSV (package csvio). Every
// cell is written as text in text-formatted columns, so a code or id such
// as "0001" stays "0001" when the file is opened, edited and saved; a
// formula found in a cell on reading is refused.
package xlsxio

import (
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"branchdesk/domain/msg"
	"branchdesk/domain/target"
	"branchdesk/storage/csvio"
)

// Sheet is the name of the list's worksheet.
const Sheet = "营销名单"

// ErrFormula refuses a cell holding a formula: the list holds text.
var ErrFormula = errors.New("单元格是公式，名单只收文字")

// widths are the columns' widths in characters, in csvio.Header's order.
var widths = []float64{22, 14, 14, 32, 22, 14, 18, 10, 10, 10, 20, 12, 16, 12, 12, 10, 12}

// WriteTargets writes the list as a workbook of one sheet; mask hides
// contact numbers, as in the CSV.
func WriteTargets(w io.Writer, ts []target.Target, mask bool) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", Sheet); err != nil {
		return fmt.Errorf("xlsxio: %w", err)
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": text
	if err != nil {
		return fmt.Errorf("xlsxio: %w", err)
	}
	head, err := f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2DCDB"}}})
	if err != nil {
		return fmt.Errorf("xlsxio: %w", err)
	}
	last, _ := excelize.ColumnNumberToName(len(csvio.Header))
	if err := f.SetColStyle(Sheet, "A:"+last, text); err != nil {
		return fmt.Errorf("xlsxio: %w", err)
	}
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(Sheet, col, col, wd); err != nil {
			return fmt.Errorf("xlsxio: %w", err)
		}
	}
	rows := [][]string{csvio.Header}
	for _, t := range ts {
		rows = append(rows, csvio.Row(t, mask))
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellStr(Sheet, cell, v); err != nil {
				return fmt.Errorf("xlsxio: %w", err)
			}
		}
	}
	if err := f.SetRowStyle(Sheet, 1, 1, head); err != nil {
		return fmt.Errorf("xlsxio: %w", err)
	}
	if err := f.SetPanes(Sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsxio: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsxio: %w", err)
	}
	return nil
}

// ReadTargets reads the first sheet of a workbook with the list's header
// row. Every row is checked as a CSV row is; if any is wrong, none is
// returned and each wrong row is named by its row number in the sheet.
func ReadTargets(r io.Reader) ([]target.Target, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, msg.Errorf("不是 Excel 工作簿（.xlsx），或文件已损坏")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, msg.Errorf("%w：工作簿中没有工作表", csvio.ErrHeader)
	}
	sheet := sheets[0]
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, msg.Errorf("无法读取工作表“%s”，文件可能已损坏", sheet)
	}
	if len(rows) == 0 {
		return nil, msg.Errorf("%w：工作表“%s”是空的", csvio.ErrHeader, sheet)
	}
	for i, h := range csvio.Header {
		if i >= len(rows[0]) || rows[0][i] != h {
			return nil, msg.Errorf("%w：第 %d 列应为“%s”", csvio.ErrHeader, i+1, msg.Verbatim(h))
		}
	}
	var out []target.Target
	var errs []error
	for i, row := range rows[1:] {
		line := i + 2
		if blank(row) {
			continue
		}
		if err := noFormula(f, sheet, line, len(row)); err != nil {
			errs = append(errs, &csvio.LineError{Line: line, Err: err})
			continue
		}
		rec := make([]string, len(csvio.Header))
		copy(rec, row)
		t, err := csvio.ParseRow(rec)
		if err != nil {
			errs = append(errs, &csvio.LineError{Line: line, Err: err})
			continue
		}
		out = append(out, t)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// noFormula refuses a row with a formula in any of its first n cells.
func noFormula(f *excelize.File, sheet string, line, n int) error {
	for c := 1; c <= n; c++ {
		cell, _ := excelize.CoordinatesToCellName(c, line)
		if formula, err := f.GetCellFormula(sheet, cell); err == nil && formula != "" {
			return fmt.Errorf("%w：%s =%s", ErrFormula, cell, formula)
		}
	}
	return nil
}

// blank reports a row with nothing in it (Excel keeps formatted empty rows).
func blank(row []string) bool {
	for _, c := range row {
		if c != "" {
			return false
		}
	}
	return true
}
