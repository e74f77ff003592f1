package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/survey"
	"branchdesk/storage/bundle"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
)

// TestQuarterReportAcrossBranches: head office sends each branch its list
// and the weights (a weighting summing to 101 is refused), the branches
// send their logs and demands up, and `bdhq report quarter` ranks every
// officer across branches and the branches among themselves, with each
// measure's numerator and denominator, 无数据 where nothing counts, and
// the weights; the PDF reads back with every character of every row.
func TestQuarterReportAcrossBranches(t *testing.T) {
	ctx := context.Background()
	tmp, hq, usb := freshHQ(t)
	file := func(name, body string) string { return inputFile(tmp, name, body) }
	bad := file("bad.json", `{"coverage":41,"daily_log":10,"weekly_clear":10,"success":20,"satisfaction":10,"complaints":10}`)
	weights := file("w.json", `{"coverage":40,"daily_log":10,"weekly_clear":10,"success":20,"satisfaction":10,"complaints":10}`)
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)

	// 0101: 李四 (2001) logs his listed enterprise; his demand was matched
	// within the week but never put in hand. 赵敏 (2002) did nothing with
	// hers.
	db := seededDB(t)
	term := enrolledTerminal(t, db, hq, usb)
	if out, err := bdhqAt(t, fixedClock(at), hq, "config", "export", "-branch", demo.Branch, "-out", usb, "-weights", bad); err == nil || !strings.Contains(out+err.Error(), "合计须为 100，现为 101") {
		t.Fatalf("weights summing to 101 issued: %v\n%s", err, out)
	}
	targets := file("t0101.json", `[{"ID":"T1","Name":"武汉示范商贸有限公司","Class":"preferred","Officer":"2001","Deadline":"2026-12-31"},
		{"ID":"T2","Name":"光谷示范软件有限公司","Class":"normal","Officer":"2002","Deadline":"2026-12-31"}]`)
	out, err := bdhqAt(t, fixedClock(at), hq, "config", "export", "-branch", demo.Branch, "-out", usb, "-targets", targets, "-weights", weights)
	if err != nil || !strings.Contains(out, "季度考核权重：名单覆盖率 40、日登完整率 10") {
		t.Fatalf("config: %v\n%s", err, out)
	}
	apply(t, term, hq, filepath.Join(usb, bundle.ConfigName(demo.Branch, 1)))
	svc := counter.New(db, nil, "0101-T01")
	fin, err := finance.New(sqlstore.Finance(db), nil, func(p string) string { return p + "1" })
	if err != nil {
		t.Fatal(err)
	}
	li, err := svc.Login(ctx, "2001", "pass2001")
	if err != nil {
		t.Fatal(err)
	}
	if err := fin.LogProgress(ctx, li, "T1", "上门走访，了解流动资金需求"); err != nil {
		t.Fatal(err)
	}
	demandEvents(t, db, demo.Branch, "2001", at, pipeline.Collected, pipeline.Matched)
	sendUp(t, term, hq, usb)

	// 0102: 孙丽 (5001) moved her demand on within the week and saw it
	// funded, but did not visit her listed enterprise.
	db2, term2 := secondBranch(t, tmp, hq)
	users := file("u0102.json", `[{"id":"5001","name":"孙丽","level":"B","active":true,"officer":true,"password":"first5001"}]`)
	targets2 := file("t0102.json", `[{"ID":"T9","Name":"汉阳示范机械有限公司","Class":"normal","Officer":"5001","Deadline":"2026-12-31"}]`)
	if out, err := bdhqAt(t, fixedClock(at), hq, "config", "export", "-branch", "0102", "-out", usb, "-users", users, "-targets", targets2); err != nil {
		t.Fatalf("config 0102: %v\n%s", err, out)
	}
	apply(t, term2, hq, filepath.Join(usb, bundle.ConfigName("0102", 1)))
	demandEvents(t, db2, "0102", "5001", at, pipeline.Collected, pipeline.Matched, pipeline.InProgress, pipeline.Funded)
	sendUp(t, term2, hq, usb)

	// Evaluated at the end of 2027-01-07. 0101 with its weights (40, 10,
	// 10, 20, 10, 10, 0), the list listed 11-23 (weeks 8–14 of 日登), the
	// deadline 12-31 over and not cleared in its week: 2001 40 + 10×1/7 +
	// 10 (no complaint) = 51.43; 2002 10.00; the branch 20 + 10×1/14 + 10
	// = 30.71. 0102 with the defaults (head office sent it none): 5001 25
	// (funded) + 10 = 35.00; its funded enterprise is not on the list.
	rows := []string{
		"1,0101,2001,1/1（100.00%）,1/7（14.29%）,0/1（0.00%）,0/1（0.00%）,无数据,无数据,无数据,51.43",
		"2,0102,5001 孙丽,0/1（0.00%）,0/7（0.00%）,0/1（0.00%）,1/1（100.00%）,无数据,无数据,0/1（0.00%）,35.00",
		"3,0101,2002,0/1（0.00%）,0/7（0.00%）,0/1（0.00%）,无数据,无数据,无数据,无数据,10.00",
		"1,0102,网点合计,0/1（0.00%）,0/7（0.00%）,0/1（0.00%）,1/1（100.00%）,无数据,无数据,0/1（0.00%）,35.00",
		"2,0101,网点合计,1/2（50.00%）,1/14（7.14%）,0/2（0.00%）,0/1（0.00%）,无数据,无数据,无数据,30.71",
		",0102,默认权重,15,15,10,25,15,10,10,100",
		",0101,权重,40,10,10,20,10,10,0,100",
	}
	csvPath := filepath.Join(tmp, "q4.csv")
	if out, err := bdhqAt(t, fixedClock(at.AddDate(0, 0, 30)), hq, "report", "quarter", "-year", "2026", "-q", "4", "-asof", "2027-01-07", "-out", csvPath); err != nil || !strings.Contains(out, "服务官 3 人、网点 2 个") {
		t.Fatalf("report: %v\n%s", err, out)
	}
	data, _ := os.ReadFile(csvPath)
	if want := "\uFEFF排名,网点,服务官,名单覆盖率,日登完整率,周清及时率,融资业务促成率,企业满意率,投诉及时办结率,名单客户授信占比,得分\r\n" +
		strings.Join(rows, "\r\n") + "\r\n评价时点：2027-01-08 00:00（北京时间）\r\n"; string(data) != want {
		t.Fatalf("CSV:\n%s\nwant:\n%s", data, want)
	}
	// Before 2001's deadline was over, 周清 had nothing to count.
	if out, err := bdhqAt(t, fixedClock(at.AddDate(0, 0, 30)), hq, "report", "quarter", "-year", "2026", "-q", "4", "-asof", "2026-12-30", "-out", csvPath); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	if data, _ := os.ReadFile(csvPath); !strings.Contains(string(data), "\r\n1,0101,2001,1/1（100.00%）,1/6（16.67%）,无数据,0/1（0.00%）,") ||
		!strings.Contains(string(data), "评价时点：2026-12-31 00:00（北京时间）") {
		t.Fatalf("as of 12-30:\n%s", data)
	}

	pdfPath := filepath.Join(tmp, "q4.pdf")
	if out, err := bdhqAt(t, fixedClock(at.AddDate(0, 0, 30)), hq, "report", "quarter", "-year", "2026", "-q", "4", "-asof", "2027-01-07", "-out", pdfPath); err != nil {
		t.Fatalf("report pdf: %v\n%s", err, out)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	text, err := exec.Command("pdftotext", "-layout", pdfPath, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	sq := squeeze(string(text))
	for _, want := range append([]string{"名单制营销及信用融资服务官季度考核排名表（各网点）",
		"考核季度：2026年第4季度（2026-10-01至2026-12-31）；评价时点：2027-01-0800:00（北京时间）"}, rows...) {
		if flat := strings.NewReplacer(",", "", " ", "").Replace(want); !strings.Contains(sq, flat) {
			t.Errorf("PDF: missing %q in\n%s", want, text)
		}
	}

	// Other weights for the same records, and what is refused.
	out, err = bdhqAt(t, fixedClock(at.AddDate(0, 0, 30)), hq, "report", "quarter", "-year", "2026", "-q", "4", "-out", csvPath, "-weights",
		file("cov.json", `{"coverage":100,"daily_log":0,"weekly_clear":0,"success":0,"satisfaction":0,"complaints":0}`), "-asof", "2027-01-07")
	if data, _ := os.ReadFile(csvPath); err != nil || !strings.Contains(string(data), "1,0101,2001,1/1（100.00%）,1/7（14.29%）,0/1（0.00%）,0/1（0.00%）,无数据,无数据,无数据,100.00\r\n") ||
		!strings.Contains(string(data), "\r\n2,0102,5001 孙丽,") || !strings.Contains(string(data), "\r\n2,0101,2002,") {
		t.Fatalf("coverage only: %v %s\n%s", err, out, data)
	}
	for _, args := range [][]string{
		{"-year", "2026", "-q", "5", "-out", csvPath},
		{"-year", "2026", "-out", csvPath},
		{"-year", "2026", "-q", "4", "-out", filepath.Join(tmp, "q.txt")},
		{"-year", "2026", "-q", "4", "-out", csvPath, "-weights", bad},
		{"-year", "2026", "-q", "4", "-out", csvPath, "-asof", "2027-13-01"},
	} {
		if out, err := bdhq(t, hq, append([]string{"report", "quarter"}, args...)...); err == nil {
			t.Errorf("%v accepted\n%s", args, out)
		}
	}
}

// apply has the terminal take a config bundle from the stick.
func apply(t *testing.T, term *bundle.Terminal, hq, path string) {
	t.Helper()
	cfg, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := term.ApplyConfig(context.Background(), cfg, fingerprint(t, hq)); err != nil {
		t.Fatal(err)
	}
}

// demandEvents writes a demand of officer through the given stages, a
// minute apart from at.
func demandEvents(t *testing.T, db *sqlstore.DB, branch, officer string, at time.Time, stages ...pipeline.Stage) {
	t.Helper()
	product := &pipeline.Product{Code: "P1", Name: "科创贷", Institution: "本行", MinAmount: 1_00, MaxAmount: 1_000_000_00,
		TermMonths: 12, Collateral: []survey.Collateral{survey.CollateralProperty}}
	for i, s := range stages {
		e := pipeline.Event{DemandID: "D" + officer, Stage: s, At: at.Add(time.Duration(i) * time.Minute), By: officer}
		switch s {
		case pipeline.Collected:
			e.Need = &pipeline.Need{Amount: 200_000_00, TermMonths: 12}
		case pipeline.Matched:
			e.Product, e.Plan = product, "抵押贷款"
		case pipeline.Funded:
			e.FundedAmount, e.FundedDate = 200_000_00, at.Format(time.DateOnly)
		}
		data, _ := json.Marshal(e)
		if _, err := db.SQL().Exec(`INSERT INTO demand_events (branch_id, demand_id, data) VALUES (?,?,?)`, branch, e.DemandID, string(data)); err != nil {
			t.Fatal(fmt.Errorf("%s: %w", s, err))
		}
	}
}

// sendUp exports the terminal's records and has head office import them.
func sendUp(t *testing.T, term *bundle.Terminal, hq, usb string) {
	t.Helper()
	if _, err := term.Export(context.Background(), usb); err != nil {
		t.Fatal(err)
	}
	if out, err := bdhq(t, hq, "import", usb); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
}
