package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"branchdesk/domain/target"
)

// TestOtherOfficersNumbersMasked: officer 2002 sees officer 2001's
// records with ID and phone numbers masked (seed §六), both where a new
// survey is flagged as the same enterprise as 2001's and in the target
// list's search; their own customers show in full.
func TestOtherOfficersNumbersMasked(t *testing.T) {
	b := newDeskBed(t)
	ctx := context.Background()
	b.file(b.login("2001"), filedSurvey("2001"))
	list := []target.Target{
		{Name: "虎林市兴农农机销售有限公司", CreditCode: "91350100M000100Y43", Class: target.Preferred, Officer: "2001",
			Deadline: "2026-11-25", Contact: "王经理 13912345678", LegalRep: "张三"},
		{Name: "光谷示范软件有限公司", Class: target.Normal, Officer: "2002", Deadline: "2026-12-20", Contact: "13700001111"},
	}
	if err := b.fin.ImportTargets(ctx, b.login("3001"), list); err != nil {
		t.Fatal(err)
	}

	tm := b.terminal("2002")
	v := tm.a.desk.surveys
	test.Tap(v.add)
	test.Type(v.form.entries["CreditCode"], "91350100m000100y43")
	if !v.same.Visible() || len(v.sameRecs) != 1 {
		t.Fatalf("same enterprise not flagged: %q", v.same.Text)
	}
	same := v.same.Text
	wantContains(t, "same enterprise", same, "同一企业")
	wantContains(t, "same enterprise", same, "2001 李四")
	wantContains(t, "same enterprise", same, "110105********002X")
	wantContains(t, "same enterprise", same, "138****5678")
	if strings.Contains(same, "11010519491231002X") || strings.Contains(same, "13812345678") {
		t.Fatalf("2002 sees 2001's numbers in full: %q", same)
	}

	d := tm.a.desk
	d.tabs.Select(d.targetsTab)
	tv := d.targets
	if len(tv.rows) != 1 || cellText(tv.table, 0, 6) != "13700001111" {
		t.Fatalf("own list: %d rows, contact %q", len(tv.rows), cellText(tv.table, 0, 6))
	}
	test.Type(tv.search, "有限公司")
	r := row(tv.table, len(tv.rows), 0, "虎林市兴农农机销售有限公司")
	if len(tv.rows) != 2 || r < 0 {
		t.Fatalf("search found %d rows", len(tv.rows))
	}
	if got := cellText(tv.table, r, 6); got != "王经理 139****5678" {
		t.Fatalf("2001's customer's contact shows %q to 2002", got)
	}
	if got := cellText(tv.table, row(tv.table, 2, 0, "光谷示范软件有限公司"), 6); got != "13700001111" {
		t.Fatalf("own customer's contact shows %q", got)
	}
	var csv strings.Builder
	if err := tv.writeCSV(&csv); err != nil || strings.Contains(csv.String(), "13912345678") {
		t.Fatalf("exported CSV shows the number: %v\n%s", err, csv.String())
	}

	// The manager sees the branch's records in full.
	tm.a.win.Close()
	tm = b.terminal("3001")
	d = tm.a.desk
	d.tabs.Select(d.targetsTab)
	r = row(d.targets.table, len(d.targets.rows), 0, "虎林市兴农农机销售有限公司")
	if got := cellText(d.targets.table, r, 6); got != "王经理 13912345678" {
		t.Fatalf("the manager sees %q", got)
	}
}
