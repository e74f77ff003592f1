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
	"unicode"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/ledger"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/support"
	"branchdesk/domain/support/supporttest"
	"branchdesk/domain/survey"
	"branchdesk/domain/target"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlite"
	"branchdesk/storage/sqlstore"
)

// reportBranch is a branch day at head office: ¥50,000 from the vault to
// teller 1001, a ¥1,000 deposit, the box balanced ¥100 short, and a
// demand matched by officer 1001.
func reportBranch(t *testing.T) (hq string) {
	t.Helper()
	ctx := context.Background()
	tmp := t.TempDir()
	hq, usb := filepath.Join(tmp, "hq"), filepath.Join(tmp, "usb")
	os.Mkdir(usb, 0o755)
	if out, err := bdhq(t, hq, "init"); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	db, err := sqlite.Open(ctx, filepath.Join(tmp, "bd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := counter.New(db, nil, "0101-T01")
	if err := demo.Seed(ctx, svc, "2026-11-23"); err != nil {
		t.Fatal(err)
	}
	login := func(id string) *counter.Session {
		s, err := svc.Login(ctx, id, "pass"+id)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.SignIn(ctx, s, nil); err != nil {
			t.Fatal(err)
		}
		return s
	}
	approve := func(id string) *counter.Credential {
		return &counter.Credential{UserID: id, Password: "pass" + id, Approve: true}
	}
	teller, keeper := login("1001"), login("2001")
	m := counter.MoveRequest{From: cash.Party{Kind: cash.Vault, ID: demo.Branch}, To: cash.Party{Kind: cash.TellerBox, ID: "1001"},
		Count: cash.Count{"N100": 500}, Amount: 50_000_00}
	if _, err := svc.MoveCash(ctx, keeper, m, *approve("1001")); err != nil {
		t.Fatal(err)
	}
	d, err := svc.Prepare(ctx, teller, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: 1_000_00})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Post(ctx, d); err != nil {
		t.Fatal(err)
	}
	in := counter.BalanceInput{Count: cash.Count{"N100": 509}, Reason: "点钞差错", SignB: approve("2001"), ApproveA: approve("3001")}
	if _, err := svc.BalanceBox(ctx, teller, in); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)
	product := &pipeline.Product{Code: "P1", Name: "科创贷", Institution: "本行", MinAmount: 1_00, MaxAmount: 1_000_000_00,
		TermMonths: 12, Collateral: []survey.Collateral{survey.CollateralProperty}}
	for _, e := range []pipeline.Event{
		{DemandID: "D1", Stage: pipeline.Collected, At: at, By: "1001", Need: &pipeline.Need{Amount: 200_000_00, TermMonths: 12}},
		{DemandID: "D1", Stage: pipeline.Matched, At: at.Add(time.Hour), By: "1001", Product: product, Plan: "抵押贷款"},
	} {
		data, _ := json.Marshal(e)
		if _, err := db.SQL().Exec(`INSERT INTO demand_events (branch_id, demand_id, data) VALUES (?,?,?)`, demo.Branch, e.DemandID, string(data)); err != nil {
			t.Fatal(err)
		}
	}
	serviceVouchers(t, svc, db, keeper)
	prop, _ := json.Marshal(target.Proposal{Demand: "D1", CreditCode: "91350100M000100Y43", Name: "虎林市兴农农机销售有限公司",
		Officer: "1001", Reason: "新开户企业，经营稳定", At: at})
	if _, err := db.SQL().Exec(`INSERT INTO list_proposals (branch_id, demand_id, credit_code, data) VALUES (?,?,?,?)`,
		demo.Branch, "D1", "91350100M000100Y43", string(prop)); err != nil {
		t.Fatal(err)
	}
	term := enrolledTerminal(t, db, hq, usb)
	configured(t, term, hq, usb)
	if _, err := term.Export(ctx, usb); err != nil {
		t.Fatal(err)
	}
	if out, err := bdhq(t, hq, "import", usb); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	return hq
}

// serviceVouchers gives the branch's 2026 register a budget of ¥10,000,
// two issues (¥3,000 and ¥1,500) and ¥2,000 redeemed and settled.
func serviceVouchers(t *testing.T, svc *counter.Service, db *sqlstore.DB, officer *counter.Session) {
	t.Helper()
	ctx := context.Background()
	n := 0
	fin, err := finance.New(sqlstore.Finance(db), nil, func(p string) string { n++; return fmt.Sprintf("%s%04d", p, n) })
	if err != nil {
		t.Fatal(err)
	}
	mgr, err := svc.Login(ctx, "3001", "pass3001")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fin.AddVoucherBudget(ctx, mgr, 2026, 10_000_00); err != nil {
		t.Fatal(err)
	}
	es, err := fin.ApplyVouchers(ctx, officer, supporttest.Apply("91350100M000100Y43", "武汉示范商贸有限公司", support.Contract{Item: support.Legal, Amount: 5000_00}))
	if err != nil || len(es) != 2 {
		t.Fatalf("issue: %+v %v", es, err)
	}
	if _, err := fin.ApplyVouchers(ctx, officer, supporttest.Apply("91420100MA4K00001U", "湖北示范科技有限公司", support.Contract{Item: support.TaxAgency, Amount: 2500_00})); err != nil {
		t.Fatal(err)
	}
	red, err := fin.RedeemVouchers(ctx, officer, support.RedeemRequest{App: es[1].Ref, Presenter: es[1].Code,
		Numbers: []string{es[1].Vouchers[0].Number, es[1].Vouchers[1].Number}, Institution: "武汉示范律师事务所",
		ContractNo: "HT-1", Item: support.Legal, ContractAmount: 5000_00})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fin.SettleVouchers(ctx, officer, red[0].Ref); err != nil {
		t.Fatal(err)
	}
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// Each report comes out as CSV with a BOM and as PDF with the same values.
func TestReports(t *testing.T) {
	hq := reportBranch(t)
	dir := t.TempDir()
	_, noPDF := exec.LookPath("pdftotext")
	for _, c := range []struct {
		kind string
		csv  []string // lines that must be in the CSV
	}{
		{"daily", []string{
			"0101,2026-11-23,储蓄现金存款,1,\"¥1,000.00\",未日终",
			"0101,2026-11-23,现金出库（金库→柜员）,1,\"¥50,000.00\",未日终",
			"合计,,业务（不含冲正）,1,\"¥1,000.00\","}},
		{"kpi", []string{"0101,1001,0,1,\"¥200,000.00\",0,¥0.00,0.00%,0.00%,0,—,0,—,0,0"}},
		{"vouchers", []string{"网点,凭证种类,状态,笔数"}},
		{"service-vouchers", []string{
			"0101,2026,\"¥10,000.00\",\"¥4,500.00\",\"¥5,500.00\",2,2,\"¥4,500.00\",0,0,1,\"¥2,000.00\",\"¥2,000.00\",¥0.00",
			"合计,,\"¥10,000.00\",\"¥4,500.00\",\"¥5,500.00\",2,2,\"¥4,500.00\",0,0,1,\"¥2,000.00\",\"¥2,000.00\",¥0.00"}},
		{"differences", []string{
			"0101,2026-11-23,1001,\"¥51,000.00\",\"¥50,900.00\",-¥100.00,短款,点钞差错,2001,3001",
			"短款合计,,,,,-¥100.00,,,,"}},
		{"proposals", []string{"0101,2026-11-23 10:00,虎林市兴农农机销售有限公司,91350100M000100Y43,1001,新开户企业，经营稳定,D1"}},
	} {
		path := filepath.Join(dir, c.kind+".csv")
		out, err := bdhq(t, hq, "report", c.kind, "-from", "2026-11-23", "--to", "2026-11-23", "-out", path)
		if err != nil || !strings.Contains(out, "已生成") {
			t.Fatalf("%s: %v\n%s", c.kind, err, out)
		}
		data, _ := os.ReadFile(path)
		s := string(data)
		if !strings.HasPrefix(s, "\uFEFF") || !strings.Contains(s, "\r\n") {
			t.Errorf("%s: no BOM or CRLF", c.kind)
		}
		for _, want := range c.csv {
			if !strings.Contains(s, want+"\r\n") {
				t.Errorf("%s.csv: missing %q in\n%s", c.kind, want, s)
			}
		}
		pdfPath := filepath.Join(dir, c.kind+".pdf")
		if out, err := bdhq(t, hq, "report", c.kind, "-from", "2026-11-23", "-out", pdfPath); err != nil {
			t.Fatalf("%s pdf: %v\n%s", c.kind, err, out)
		}
		if noPDF != nil {
			continue
		}
		text, err := exec.Command("pdftotext", "-layout", pdfPath, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		sq := squeeze(string(text))
		for _, want := range c.csv {
			// A row's cells come out in order on one line; CSV quoting split
			// amounts with commas, so compare the row's text with nothing between.
			flat := strings.ReplaceAll(squeeze(strings.ReplaceAll(want, `"`, "")), ",", "")
			if !strings.Contains(strings.ReplaceAll(sq, ",", ""), flat) {
				t.Errorf("%s.pdf: missing %q in\n%s", c.kind, want, text)
			}
		}
	}
	for _, args := range [][]string{
		{"report"},
		{"report", "daily", "-out", filepath.Join(dir, "x.csv")},
		{"report", "daily", "-from", "2026-11-23", "-out", filepath.Join(dir, "x.txt")},
		{"report", "weekly", "-from", "2026-11-23", "-out", filepath.Join(dir, "x.csv")},
		{"report", "daily", "-from", "2026-11-24", "-to", "2026-11-23", "-out", filepath.Join(dir, "x.csv")},
	} {
		if out, err := bdhq(t, hq, args...); err == nil {
			t.Errorf("%v: accepted\n%s", args, out)
		}
	}
}
