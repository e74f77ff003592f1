package ui

import (
	"bytes"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"golang.org/x/text/encoding/simplifiedchinese"

	"branchdesk/domain/target"
	"branchdesk/storage/csvio"
	"branchdesk/storage/xlsxio"
)

// TestTargetListLogWeekMonth: the manager imports the list from CSV; the
// officer sees their customers, logs a day's progress (refused for an
// exit-class customer), sees what falls due this week, and the month's
// summary exports as CSV and PDF.
func TestTargetListLogWeekMonth(t *testing.T) {
	b := newDeskBed(t)
	var file bytes.Buffer
	list := []target.Target{
		{Name: "武汉示范生物科技有限公司", CreditCode: "91350100M000100Y43", Class: target.Preferred, Officer: "2001", Deadline: "2026-11-25", Contact: "13912345678"},
		{Name: "汉正街示范服装商行", Class: target.Exit, Officer: "2001", Deadline: "2026-11-25"},
		{Name: "光谷示范软件有限公司", Class: target.Normal, Officer: "2002", Deadline: "2026-11-20"},
	}
	if err := csvio.WriteTargets(&file, list, false); err != nil {
		t.Fatal(err)
	}

	tm := b.terminal("2001")
	d := tm.a.desk
	d.tabs.Select(d.targetsTab)
	v := d.targets
	if !v.importer.Disabled() {
		t.Fatal("an officer may import the list")
	}
	// Nothing imported yet: the screen says where the list comes from.
	wantContains(t, "empty list", v.message.Text, "名单由业务主管导入")
	tm.a.win.Close()

	tm = b.terminal("3001")
	d = tm.a.desk
	d.tabs.Select(d.targetsTab)
	if err := d.targets.importCSV(bytes.NewReader(file.Bytes())); err != nil {
		t.Fatal(err)
	}
	if len(d.targets.rows) != 3 {
		t.Fatalf("the manager sees %d of 3 imported", len(d.targets.rows))
	}
	tm.a.win.Close()

	tm = b.terminal("2001")
	d = tm.a.desk
	d.tabs.Select(d.targetsTab)
	v = d.targets
	if len(v.rows) != 2 {
		t.Fatalf("2001 sees %d customers", len(v.rows))
	}
	v.table.Select(widget.TableCellID{Row: row(v.table, 2, 0, "汉正街示范服装商行")})
	retype(v.logText, "上门走访")
	press(v.logText, fyne.KeyReturn)
	wantContains(t, "exit class", v.message.Text, "不开展营销")
	v.table.Select(widget.TableCellID{Row: row(v.table, 2, 0, "武汉示范生物科技有限公司")})
	press(v.logText, fyne.KeyReturn)
	wantContains(t, "logged", v.message.Text, "已日登：武汉示范生物科技有限公司")

	v.tabs.Select(v.weekTab)
	if len(v.due) != 1 || cellText(v.week, 0, 0) != "武汉示范生物科技有限公司" || cellText(v.week, 0, 5) != businessDate {
		t.Fatalf("周清: %d rows, %q", len(v.due), cellText(v.week, 0, 5))
	}

	v.tabs.Select(v.monthTab)
	m := v.month
	if m.month.Text != "2026-11" || len(m.rows) != 1 || cellText(m.table, 0, 0) != "2001 李四" || cellText(m.table, 0, 3) != "1" {
		t.Fatalf("月结 %s: %+v", m.month.Text, m.rows)
	}
	var csv, pdf strings.Builder
	if err := m.writeCSV(&csv); err != nil || !strings.HasPrefix(csv.String(), "\uFEFF统计月份,服务官,名单户数") ||
		!strings.Contains(csv.String(), "2026-11,合计,1,1,1,1,0") {
		t.Fatalf("月结 CSV: %v\n%s", err, csv.String())
	}
	if err := m.writePDF(&pdf); err != nil || !strings.HasPrefix(pdf.String(), "%PDF") {
		t.Fatalf("月结 PDF: %v", err)
	}
	retype(m.month, "2026-13")
	press(m.month, fyne.KeyReturn)
	wantContains(t, "bad month", m.message.Text, "月份须为 YYYY-MM")
}

// TestTargetListSpreadsheets: the manager imports an Excel list whose ids
// keep their leading zeros and exports it again as Excel and as CSV with a
// formula-looking cell neutralized; a GBK CSV imports; a file with a row a
// spreadsheet spoiled is refused by row number and lists nothing.
func TestTargetListSpreadsheets(t *testing.T) {
	b := newDeskBed(t)
	list := []target.Target{
		{ID: "0001", Name: "武汉示范生物科技有限公司", CreditCode: "91350100M000100Y43", Class: target.Preferred, Officer: "2001", Deadline: "2026-12-31",
			Needs: "=HYPERLINK(\"http://x\",\"y\")"},
		{ID: "0002", Name: "光谷示范软件有限公司", Class: target.Normal, Officer: "2002", Deadline: "2026-12-20"},
	}
	var file bytes.Buffer
	if err := xlsxio.WriteTargets(&file, list, false); err != nil {
		t.Fatal(err)
	}
	tm := b.terminal("3001")
	d := tm.a.desk
	d.tabs.Select(d.targetsTab)
	v := d.targets
	if err := v.importXLSX(bytes.NewReader(file.Bytes())); err != nil {
		t.Fatal(err)
	}
	if len(v.rows) != 2 || row(v.table, 2, 0, "武汉示范生物科技有限公司") < 0 {
		t.Fatalf("the manager sees %d of 2 imported", len(v.rows))
	}
	var out bytes.Buffer
	if err := v.writeXLSX(&out); err != nil {
		t.Fatal(err)
	}
	back, err := xlsxio.ReadTargets(&out)
	if err != nil || len(back) != 2 || back[0].ID != "0001" && back[1].ID != "0001" {
		t.Fatalf("Excel export read back %+v, %v", back, err)
	}
	var csv bytes.Buffer
	if err := v.writeCSV(&csv); err != nil || !strings.Contains(csv.String(), `"'=HYPERLINK(""http://x"",""y"")"`) ||
		!strings.Contains(csv.String(), "\r\n0001,") {
		t.Fatalf("CSV export: %v\n%s", err, csv.String())
	}

	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(strings.Join(csvio.Header, ",") + "\r\n" +
		"0003,,,汉口示范贸易有限公司,,,,,否,否,,,,,正常进入类,2001,2026-12-31\r\n")
	if err := v.importCSV(strings.NewReader(gbk)); err != nil {
		t.Fatal(err)
	}
	if len(v.rows) != 3 || row(v.table, 3, 0, "汉口示范贸易有限公司") < 0 {
		t.Fatalf("GBK import: %d rows", len(v.rows))
	}

	bad := []target.Target{list[1], list[1]}
	bad[0].ID, bad[1].ID, bad[1].Name = "0004", "0005", "Err:509"
	file.Reset()
	_ = xlsxio.WriteTargets(&file, bad, false)
	err = v.importXLSX(bytes.NewReader(file.Bytes()))
	if err == nil || !strings.Contains(err.Error(), "第 3 行") || !strings.Contains(err.Error(), "电子表格的错误值") {
		t.Fatalf("bad row: %v", err)
	}
	v.refresh()
	if len(v.rows) != 3 {
		t.Fatalf("a refused file listed %d rows", len(v.rows)-3)
	}
}
