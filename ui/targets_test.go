package ui

import (
	"bytes"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/target"
	"branchdesk/storage/csvio"
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
