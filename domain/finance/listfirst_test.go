package finance_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/finance"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/survey"
	"branchdesk/domain/target"
)

// code makes a valid unified social credit code from 17 characters.
func code(t *testing.T, first17 string) string {
	t.Helper()
	c, err := enterprise.CreditCodeCheckChar(first17)
	if err != nil {
		t.Fatal(err)
	}
	return first17 + string(c)
}

// demandOf files a final survey for the enterprise and collects it.
func (d *desk) demandOf(t *testing.T, sess *counter.Session, name, creditCode string) (string, error) {
	t.Helper()
	s := filled(sess.User().ID)
	s.Name, s.CreditCode = name, creditCode
	_, id, err := d.collected(t, sess, s)
	return id, err
}

// collected files s as a final survey of sess's and collects it.
func (d *desk) collected(t *testing.T, sess *counter.Session, s survey.Survey) (survey.Record, string, error) {
	t.Helper()
	ctx := context.Background()
	rec, err := d.fin.NewSurvey(ctx, sess)
	if err != nil {
		t.Fatal(err)
	}
	rec.Survey = s
	if err := d.fin.SaveDraft(ctx, sess, rec); err != nil {
		t.Fatal(err)
	}
	if rec, err = d.fin.Finalize(ctx, sess, rec.ID); err != nil {
		t.Fatal(err)
	}
	id, err := d.fin.Collect(ctx, sess, rec.ID)
	return rec, id, err
}

func (d *desk) audited(t *testing.T, fragment string) bool {
	t.Helper()
	var n int
	if err := d.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit WHERE detail LIKE ?`, "%"+fragment+"%").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// TestListFirstByClass (名单制第十、十二条), on the store: the demands of
// listed 积极、正常进入类 enterprises lead the officer's queue; a 审慎进入类
// one waits for an A's approval with a reason (recorded once, append-only,
// audited; the A may not be the demand's officer); a 退出类 one is refused
// with nothing stored; one not on the list is flagged and proposed for it.
func TestListFirstByClass(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	mgr, off, other := d.login(t, "3001"), d.login(t, "2001"), d.login(t, "2002")
	p := pipeline.Product{Code: "P01", Name: "小微快贷", Institution: "示范支行", MinAmount: 100_000_00, MaxAmount: 3_000_000_00,
		TermMonths: 36, Collateral: []survey.Collateral{survey.CollateralProperty, survey.CollateralGuarantee}, RateBP: 385}
	if err := d.fin.AddProduct(ctx, mgr, p); err != nil {
		t.Fatal(err)
	}
	preferred, normal := code(t, "91420100MA4K3B2X1"), code(t, "91420100MA4K3B2X2")
	cautious, exit, unlisted := code(t, "91420100MA4K3B2X3"), code(t, "91420100MA4K3B2X4"), code(t, "91420100MA4K3B2X5")
	list := []target.Target{
		{Name: "甲优质科技有限公司", CreditCode: preferred, Class: target.Preferred, Officer: "2001", Deadline: "2026-12-31"},
		{Name: "乙重点制造有限公司", CreditCode: strings.ToLower(normal), Class: target.Normal, Officer: "2001", Deadline: "2026-12-31"},
		{Name: "丙审慎贸易有限公司", CreditCode: cautious, Class: target.Cautious, Officer: "2001", Deadline: "2026-12-31"},
		{Name: "丁退出建材有限公司", CreditCode: exit, Class: target.Exit, Officer: "2001", Deadline: "2026-12-31"},
	}
	if err := d.fin.ImportTargets(ctx, mgr, list); err != nil {
		t.Fatal(err)
	}
	must := func(id string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	dUn := must(d.demandOf(t, off, "戊新客商行", unlisted))
	dCa := must(d.demandOf(t, off, "丙审慎贸易有限公司", cautious))
	dNo := must(d.demandOf(t, off, "乙重点制造有限公司", normal))
	dPr := must(d.demandOf(t, off, "甲优质科技有限公司", preferred))

	// 退出类: refused, nothing kept.
	before, _ := d.fin.Demands(ctx, mgr)
	if _, err := d.demandOf(t, off, "丁退出建材有限公司", exit); !errors.Is(err, target.ErrExitClass) ||
		!strings.Contains(err.Error(), "退出类") || !strings.Contains(err.Error(), "不予受理") {
		t.Fatalf("exit class: %v", err)
	}
	if after, _ := d.fin.Demands(ctx, mgr); len(after) != len(before) {
		t.Fatalf("a refused demand was kept: %d → %d", len(before), len(after))
	}

	// The queue: preferred, normal, then the others by time collected.
	q, err := d.fin.Queue(ctx, off)
	if err != nil {
		t.Fatal(err)
	}
	var order, classes []string
	for _, it := range q {
		order, classes = append(order, it.Demand.ID), append(classes, it.List.Title())
	}
	if strings.Join(order, ",") != strings.Join([]string{dPr, dNo, dUn, dCa}, ",") {
		t.Fatalf("queue %v (%v)", order, classes)
	}
	if strings.Join(classes, ",") != "积极进入类,正常进入类,未入名单,审慎进入类" {
		t.Fatalf("classes %v", classes)
	}

	match := func(id string) error {
		_, err := d.fin.Advance(ctx, off, pipeline.Event{DemandID: id, Stage: pipeline.Matched, Product: &p, Plan: "抵押加保证"})
		return err
	}
	for _, id := range []string{dPr, dNo, dUn} {
		if err := match(id); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}

	// 审慎进入类: held until an A other than the officer approves with a reason.
	if err := match(dCa); !errors.Is(err, target.ErrNeedApproval) {
		t.Fatalf("cautious went on unapproved: %v", err)
	}
	if err := d.fin.ApproveDemand(ctx, other, dCa, "担保充足"); !errors.Is(err, target.ErrApproverLevel) {
		t.Fatalf("a B approved: %v", err)
	}
	if err := d.fin.ApproveDemand(ctx, mgr, dCa, "  "); !errors.Is(err, target.ErrApprovalReason) {
		t.Fatalf("no reason: %v", err)
	}
	if err := d.fin.ApproveDemand(ctx, mgr, dPr, "优质客户"); !errors.Is(err, target.ErrApprovalNotNeeded) {
		t.Fatalf("a preferred demand approved: %v", err)
	}
	if err := d.fin.ApproveDemand(ctx, mgr, "D9999", "x"); !errors.Is(err, finance.ErrNoSuchDemand) {
		t.Fatalf("unknown demand: %v", err)
	}
	if err := d.fin.ApproveDemand(ctx, mgr, dCa, "抵押物足值，同意继续办理"); err != nil {
		t.Fatal(err)
	}
	if err := d.fin.ApproveDemand(ctx, d.login(t, "3002"), dCa, "再批"); !errors.Is(err, target.ErrAlreadyApproved) {
		t.Fatalf("approved twice: %v", err)
	}
	if !d.audited(t, "名单审批：需求 "+dCa) || !d.audited(t, "抵押物足值，同意继续办理") {
		t.Fatal("approval not audited")
	}
	if err := match(dCa); err != nil {
		t.Fatalf("approved demand held: %v", err)
	}
	if _, err := d.db.Exec(ctx, `UPDATE list_approvals SET data = '{}'`); err == nil {
		t.Fatal("an approval was changed")
	}
	if _, err := d.db.Exec(ctx, `DELETE FROM list_approvals`); err == nil {
		t.Fatal("an approval was deleted")
	}

	// An A who is the demand's officer does not approve it.
	self := d.login(t, "3002")
	dSelf := must(d.demandOf(t, self, "丙审慎贸易有限公司", cautious))
	if err := d.fin.ApproveDemand(ctx, self, dSelf, "本人"); !errors.Is(err, target.ErrApproverIsOfficer) {
		t.Fatalf("officer approved own demand: %v", err)
	}

	// Reclassified to 退出类 after collection: the demand goes no further.
	dLate := must(d.demandOf(t, off, "甲优质科技有限公司", preferred))
	list[0].Class = target.Exit
	all, _ := d.fin.Targets(ctx, mgr)
	for _, tg := range all {
		if tg.CreditCode == preferred {
			tg.Class = target.Exit
			if err := d.fin.ImportTargets(ctx, mgr, []target.Target{tg}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := match(dLate); !errors.Is(err, target.ErrExitClass) {
		t.Fatalf("exit after collection went on: %v", err)
	}

	// Not on the list: the officer proposes it, once, with a reason.
	if err := d.fin.ProposeForList(ctx, other, dUn, "经营稳定"); !errors.Is(err, finance.ErrNotYourDemand) {
		t.Fatalf("another officer proposed: %v", err)
	}
	if err := d.fin.ProposeForList(ctx, off, dUn, ""); !errors.Is(err, target.ErrProposalReason) {
		t.Fatalf("no reason: %v", err)
	}
	if err := d.fin.ProposeForList(ctx, off, dNo, "x"); !errors.Is(err, target.ErrAlreadyListed) {
		t.Fatalf("listed proposed: %v", err)
	}
	if err := d.fin.ProposeForList(ctx, off, dUn, "新开户企业，经营稳定"); err != nil {
		t.Fatal(err)
	}
	if err := d.fin.ProposeForList(ctx, off, dUn, "再提"); !errors.Is(err, target.ErrAlreadyProposed) {
		t.Fatalf("proposed twice: %v", err)
	}
	ps, err := d.fin.Proposals(ctx, mgr)
	if err != nil || len(ps) != 1 || ps[0].CreditCode != unlisted || ps[0].Name != "戊新客商行" || ps[0].Officer != "2001" {
		t.Fatalf("the A sees %+v %v", ps, err)
	}
	if ps, _ := d.fin.Proposals(ctx, other); len(ps) != 0 {
		t.Fatalf("another officer sees %+v", ps)
	}
	if !d.audited(t, "提请纳入名单：戊新客商行") {
		t.Fatal("proposal not audited")
	}
	if _, err := d.db.Exec(ctx, `DELETE FROM list_proposals`); err == nil {
		t.Fatal("a proposal was deleted")
	}
	q, _ = d.fin.Queue(ctx, off)
	for _, it := range q {
		if it.Demand.ID == dUn && !it.Proposed {
			t.Fatal("the queue does not show the proposal")
		}
	}
}
