package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/sync"
	"branchdesk/storage/bundle"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
)

// writeOff has 2002 and 3002 sign a 核销 of ¥10.00 of item keyed by maker.
func writeOff(svc *counter.Service, maker *counter.Session, item int64) error {
	b := counter.Credential{UserID: "2002", Password: "pass2002", Approve: true}
	a := counter.Credential{UserID: "3002", Password: "pass3002", Approve: true}
	_, err := svc.ResolveSuspense(context.Background(), maker, counter.Resolution{
		Item: item, Way: ledger.WayWrittenOff, Amount: 10_00, Reason: "无法查明", SignB: &b, ApproveA: &a})
	return err
}

// signedInAt logs a demo user in and opens their day.
func signedInAt(t *testing.T, svc *counter.Service, id string) *counter.Session {
	t.Helper()
	sess, err := svc.Login(context.Background(), id, "pass"+id)
	if err == nil {
		err = svc.SignIn(context.Background(), sess, nil)
	}
	if err != nil {
		t.Fatalf("sign in %s: %v", id, err)
	}
	return sess
}

// TestSuspenseDecidedAtHeadOffice: 第十四条 — 对不能核销的过渡账务，必须报
// 上级业务管理部门批准后方可进行挂账处理. Two tellers end the day short;
// the branch cannot write either off. The items go up; head office lists
// them 待上级批准, approves one and refuses the other (nothing after an
// approval, no second refusal; an item it never received, another
// branch's, or an entry that is no suspense item is refused, changing
// nothing). The decisions go down in the next config bundle; the branch
// records them, writes off the approved item and still cannot write off
// the refused one. The same bundle again changes nothing. Head office
// then approves the refused item; that approval goes down alone and the
// branch writes it off; the next bundle carries no decision.
func TestSuspenseDecidedAtHeadOffice(t *testing.T) {
	ctx := context.Background()
	tmp, hq, usb := freshHQ(t)
	db := seededDB(t)
	term := enrolledTerminal(t, db, hq, usb)
	configured(t, term, hq, usb)
	secondBranch(t, tmp, hq)
	svc := counter.New(db, nil, "0101-T01")
	t2, t1 := signedInAt(t, svc, "1002"), signedInAt(t, svc, "1001")
	short, err := demo.Shortage(ctx, svc, t2, 10, 9) // ¥100.00 short
	if err != nil {
		t.Fatal(err)
	}
	other, err := demo.Shortage(ctx, svc, t1, 5, 3) // ¥200.00 short
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range []int64{short, other} {
		if err := writeOff(svc, t1, item); !errors.Is(err, counter.ErrWriteOffUnapproved) {
			t.Fatalf("#%d written off before head office decided: %v", item, err)
		}
	}
	if _, err := term.Export(ctx, usb); err != nil {
		t.Fatal(err)
	}
	if out, err := bdhq(t, hq, "import", usb); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	out, err := bdhq(t, hq, "suspense", "list")
	if err != nil || strings.Count(out, "  待上级批准\n") != 2 || !strings.Contains(out, "#"+fmt.Sprint(short)) ||
		!strings.Contains(out, "¥100.00") || !strings.Contains(out, "共 2 笔，待上级批准 2 笔") {
		t.Fatalf("list: %v\n%s", err, out)
	}
	t.Log("\n" + out)
	if out, err := bdhq(t, hq, "suspense", "list", "-branch", "0102"); err != nil || !strings.Contains(out, "总行尚未收到挂账") {
		t.Fatalf("list of 0102: %v\n%s", err, out)
	}

	var deposit int64
	if err := db.QueryRow(ctx, `SELECT MIN(id) FROM entries WHERE kind NOT IN ('cash_overage', 'cash_shortage')`).Scan(&deposit); err != nil {
		t.Fatal(err)
	}
	item := fmt.Sprint(short)
	approve := func(branch, item string, more ...string) (string, error) {
		return bdhq(t, hq, append([]string{"suspense", "approve", "-branch", branch, "-item", item, "-by", "刘明", "-ref", "运管批〔2026〕12号"}, more...)...)
	}
	before := snapshotHQ(t, hq)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no branch", []string{"suspense", "approve", "-item", item, "-by", "刘明", "-ref", "X1"}, "须指定 -branch 网点和 -item 挂账编号"},
		{"no item", []string{"suspense", "approve", "-branch", demo.Branch, "-by", "刘明", "-ref", "X1"}, "须指定 -branch 网点和 -item 挂账编号"},
		{"an item never received", []string{"suspense", "approve", "-branch", demo.Branch, "-item", "9999", "-by", "刘明", "-ref", "X1"}, "总行未收到该网点的这笔挂账，无法批复（网点 0101 挂账 #9999）"},
		{"another branch's item", []string{"suspense", "approve", "-branch", "0102", "-item", item, "-by", "刘明", "-ref", "X1"}, "该编号的挂账属网点 0101"},
		{"no suspense item", []string{"suspense", "approve", "-branch", demo.Branch, "-item", fmt.Sprint(deposit), "-by", "刘明", "-ref", "X1"}, ledger.ErrNotSuspense.Error()},
		{"an approval without its reference", []string{"suspense", "approve", "-branch", demo.Branch, "-item", item, "-by", "刘明"}, ledger.ErrDecisionRef.Error()},
		{"an approval by no one", []string{"suspense", "approve", "-branch", demo.Branch, "-item", item, "-ref", "X1"}, ledger.ErrDecisionBy.Error()},
		{"a refusal without its reason", []string{"suspense", "refuse", "-branch", demo.Branch, "-item", item}, ledger.ErrDecisionReason.Error()},
		{"an unknown subcommand", []string{"suspense", "decide"}, "用法: bdhq suspense"},
	} {
		if out, err := bdhq(t, hq, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v\n%s", c.name, err, out)
		}
	}
	if snapshotHQ(t, hq) != before {
		t.Fatal("a refused decision changed head office's store")
	}
	out, err = approve(demo.Branch, item)
	if err != nil || !strings.Contains(out, "短款挂账 ¥100.00") || !strings.Contains(out, "已批准（刘明，批复文号 运管批〔2026〕12号）") {
		t.Fatalf("approve: %v\n%s", err, out)
	}
	out, err = bdhq(t, hq, "suspense", "refuse", "-branch", demo.Branch, "-item", fmt.Sprint(other), "-reason", "差错原因未查清，由责任人赔偿")
	if err != nil || !strings.Contains(out, "不予批准：差错原因未查清，由责任人赔偿") {
		t.Fatalf("refuse: %v\n%s", err, out)
	}
	before = snapshotHQ(t, hq)
	for _, again := range []struct {
		args []string
		want string
	}{
		{[]string{"suspense", "approve", "-branch", demo.Branch, "-item", item, "-by", "王强", "-ref", "运管批〔2026〕13号"}, "该笔挂账上级已批准，批复不再更改"},
		{[]string{"suspense", "refuse", "-branch", demo.Branch, "-item", item, "-reason", "改变主意"}, "该笔挂账上级已批准，批复不再更改"},
		{[]string{"suspense", "refuse", "-branch", demo.Branch, "-item", fmt.Sprint(other), "-reason", "再次不同意"}, "该笔挂账上级已不予批准，此后只能再予批准"},
	} {
		if out, err := bdhq(t, hq, again.args...); err == nil || !strings.Contains(err.Error(), again.want) {
			t.Fatalf("a second decision: %v\n%s", err, out)
		}
	}
	if snapshotHQ(t, hq) != before {
		t.Fatal("a second decision changed head office's store")
	}
	if out, err := bdhq(t, hq, "suspense", "list", "-branch", demo.Branch); err != nil || strings.Count(out, "待下发") != 2 || !strings.Contains(out, "共 2 笔，待上级批准 0 笔") {
		t.Fatalf("list after deciding: %v\n%s", err, out)
	}

	// Down to the branch.
	if out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", usb); err != nil || !strings.Contains(out, "挂账批复 2 笔") {
		t.Fatalf("config: %v\n%s", err, out)
	}
	if out, err := bdhq(t, hq, "suspense", "list"); err != nil || strings.Count(out, "v2") != 2 || strings.Contains(out, "待下发") {
		t.Fatalf("list after sending: %v\n%s", err, out)
	}
	cfg, err := os.ReadFile(filepath.Join(usb, bundle.ConfigName(demo.Branch, 2)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := term.ApplyConfig(ctx, cfg, ""); err != nil {
		t.Fatal(err)
	}
	var detail string
	if err := db.QueryRow(ctx, `SELECT detail FROM audit WHERE action = ? ORDER BY id DESC LIMIT 1`, sync.AuditConfig).Scan(&detail); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(detail, "上级挂账批复 2 笔（#"+item+" 已批准（刘明，批复文号 运管批〔2026〕12号）") || strings.Contains(detail, "未采用") {
		t.Fatalf("the bundle's audit line: %q", detail)
	}
	items, err := svc.SuspenseItems(ctx, t1, false)
	if err != nil || len(items) != 2 || items[0].Decision.Status() != ledger.DecisionApproved || items[1].Decision.Status() != ledger.DecisionRefused {
		t.Fatalf("the branch's items: %+v %v", items, err)
	}
	if err := writeOff(svc, t1, short); err != nil {
		t.Fatalf("the approved item written off: %v", err)
	}
	if err := writeOff(svc, t1, other); !errors.Is(err, counter.ErrWriteOffRefused) {
		t.Fatalf("the refused item written off: %v", err)
	}

	// The same bundle again changes nothing; the next carries no decision.
	decisions, audits := countRows(t, db, `suspense_decisions`), countRows(t, db, `audit`)
	if _, err := term.ApplyConfig(ctx, cfg, ""); !errors.Is(err, sync.ErrConfigApplied) {
		t.Fatalf("the same bundle again: %v", err)
	}
	if countRows(t, db, `suspense_decisions`) != decisions || countRows(t, db, `audit`) != audits || decisions != 2 {
		t.Fatalf("the same bundle again changed the branch: %d decisions", decisions)
	}

	// Head office reconsiders the refused item and approves it: the
	// approval goes down alone, and the branch may now write it off.
	if out, err := approve(demo.Branch, fmt.Sprint(other)); err != nil || !strings.Contains(out, "已批准（刘明，批复文号 运管批〔2026〕12号）") {
		t.Fatalf("approve after the refusal: %v\n%s", err, out)
	}
	if out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", usb); err != nil || !strings.Contains(out, "挂账批复 1 笔") {
		t.Fatalf("config v3: %v\n%s", err, out)
	}
	cfg, err = os.ReadFile(filepath.Join(usb, bundle.ConfigName(demo.Branch, 3)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := term.ApplyConfig(ctx, cfg, ""); err != nil {
		t.Fatal(err)
	}
	if countRows(t, db, `suspense_decisions`) != 3 {
		t.Fatalf("the branch keeps %d decisions, want the refusal and both approvals", countRows(t, db, `suspense_decisions`))
	}
	if err := writeOff(svc, t1, other); err != nil {
		t.Fatalf("the item approved after its refusal written off: %v", err)
	}
	if out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", usb); err != nil || !strings.Contains(out, "挂账批复 0 笔") {
		t.Fatalf("the next config: %v\n%s", err, out)
	}
}

// snapshotHQ is every decision head office holds and the config versions
// it issued, to show a refusal changed nothing.
func snapshotHQ(t *testing.T, dir string) string {
	t.Helper()
	h, err := bundle.OpenHQ(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var s string
	if err := h.DB().QueryRow(`SELECT (SELECT IFNULL(group_concat(branch_id || '/' || item || '/' || approved || '/' || decided_by || '/' || ref || '/' || reason, ';'), '') FROM suspense_decisions)
		|| '|' || (SELECT COUNT(*) FROM suspense_decisions_sent) || '|' || (SELECT COUNT(*) FROM configs)`).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// countRows is how many rows a branch table has.
func countRows(t *testing.T, db *sqlstore.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
