package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/target"
	"branchdesk/storage/bundle"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
)

// TestQuarterTerminalEqualsHeadOffice: for the same branch and the same
// records, the terminal's 季度考核 and `bdhq report quarter` give the same
// figures and scores — although head office sent weights to another
// branch only (0101 is scored with the defaults on both sides), and
// 0101's A listed one enterprise locally and changed the class of one
// head office sent (the list goes up as target_listings).
func TestQuarterTerminalEqualsHeadOffice(t *testing.T) {
	ctx := context.Background()
	tmp, hq, usb := freshHQ(t)
	file := func(name, body string) string { return inputFile(tmp, name, body) }
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, appraisal.BankZone)

	db := seededDB(t)
	term := enrolledTerminal(t, db, hq, usb)
	targets := file("t.json", `[{"ID":"T1","Name":"武汉示范商贸有限公司","Class":"preferred","Officer":"2001","Deadline":"2026-12-31"},
		{"ID":"T2","Name":"光谷示范软件有限公司","Class":"normal","Officer":"2001","Deadline":"2026-12-05"}]`)
	if out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", usb, "-targets", targets); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	apply(t, term, hq, filepath.Join(usb, bundle.ConfigName(demo.Branch, 1)))
	svc := counter.New(db, nil, "0101-T01")
	fin, err := finance.New(sqlstore.Finance(db), nil, func(p string) string { return p + "1" })
	if err != nil {
		t.Fatal(err)
	}
	mgr, err := svc.Login(ctx, "3001", "pass3001")
	if err != nil {
		t.Fatal(err)
	}
	if err := fin.ImportTargets(ctx, mgr, []target.Target{
		{ID: "L1", Name: "汉口示范贸易有限公司", Class: target.Normal, Officer: "2002", Deadline: "2026-11-29"},
		{ID: "T2", Name: "光谷示范软件有限公司", Class: target.Cautious, Officer: "2001", Deadline: "2026-12-05"},
	}); err != nil {
		t.Fatal(err)
	}
	zhao, err := svc.Login(ctx, "2002", "pass2002")
	if err != nil {
		t.Fatal(err)
	}
	if err := fin.LogProgress(ctx, zhao, "L1", "上门走访"); err != nil {
		t.Fatal(err)
	}
	demandEvents(t, db, demo.Branch, "2001", at, pipeline.Collected, pipeline.Matched, pipeline.InProgress, pipeline.Funded)
	sendUp(t, term, hq, usb)

	// Another branch gets weights.
	secondBranch(t, tmp, hq)
	weights := file("w.json", `{"coverage":40,"daily_log":10,"weekly_clear":10,"success":20,"satisfaction":10,"complaints":10}`)
	if out, err := bdhqAt(t, fixedClock(at), hq, "config", "export", "-branch", "0102", "-out", usb, "-weights", weights); err != nil {
		t.Fatalf("%v %s", err, out)
	}

	// Both evaluate at the end of 2027-01-07, Beijing time.
	clock := fixedClock(time.Date(2027, 1, 8, 0, 0, 0, 0, appraisal.BankZone))
	atDesk, err := finance.New(sqlstore.Finance(db), clock, func(p string) string { return p + "1" })
	if err != nil {
		t.Fatal(err)
	}
	rep, err := atDesk.Quarter(ctx, mgr, appraisal.Quarter{Year: 2026, Q: 4})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Default {
		t.Fatalf("0101 scored with another branch's weights: %s", appraisal.WeightsText(rep.Weights))
	}
	csv := filepath.Join(tmp, "q.csv")
	if out, err := bdhq(t, hq, "report", "quarter", "-year", "2026", "-q", "4", "-asof", "2027-01-07", "-out", csv); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	data, _ := os.ReadFile(csv)
	lines := map[string]string{"网点合计": strings.Join(rep.Branch.Cells("")[2:], ",")}
	for _, r := range rep.Officers {
		lines[r.Officer] = strings.Join(r.Cells("")[2:], ",")
	}
	// 2001: T1 kept, T2 now 审慎 (off the marketed list); L1 is 2002's.
	if len(lines) != 3 || !strings.HasPrefix(lines["2001"], "0/1（0.00%）,") || !strings.HasPrefix(lines["2002"], "1/1（100.00%）,") {
		t.Fatalf("terminal: %v", lines)
	}
	for who, cells := range lines {
		if !strings.Contains(string(data), ",0101,"+who+","+cells+"\r\n") {
			t.Errorf("%s at the terminal: %s\nhead office:\n%s", who, cells, data)
		}
	}
}
