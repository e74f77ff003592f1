package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/counter"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/staff"
	"branchdesk/domain/target"
	"branchdesk/storage/demo"
)

// validCode makes a valid unified social credit code from 17 characters.
func validCode(t *testing.T, first17 string) string {
	t.Helper()
	c, err := enterprise.CompleteCreditCode(first17)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// overlayText is every label's text in the top dialog.
func (tm *terminal) overlayText() string {
	var b strings.Builder
	if top := tm.a.win.Canvas().Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if l, ok := o.(*widget.Label); ok {
				b.WriteString(l.Text + "\n")
			}
		}
	}
	return b.String()
}

// TestListFirstInThePipelineScreen (名单制第十、十二条): in 需求跟踪 the
// listed 积极进入类 demand comes first; the 审慎进入类 one cannot be matched
// until the A approves it with a reason from the same screen; the
// unlisted one is proposed for the list, and the A sees the proposal; a
// 退出类 enterprise's survey is refused when it is turned into a demand.
func TestListFirstInThePipelineScreen(t *testing.T) {
	b := newDeskBed(t)
	ctx := context.Background()
	preferred, cautious, exit := validCode(t, "91420100MA4K3B2X1"), validCode(t, "91420100MA4K3B2X3"), validCode(t, "91420100MA4K3B2X4")
	if err := b.fin.ImportTargets(ctx, b.login("3001"), []target.Target{
		{Name: "甲优质科技有限公司", CreditCode: preferred, Class: target.Preferred, Officer: "2001", Deadline: "2026-12-31"},
		{Name: "丙审慎贸易有限公司", CreditCode: cautious, Class: target.Cautious, Officer: "2001", Deadline: "2026-12-31"},
		{Name: "丁退出建材有限公司", CreditCode: exit, Class: target.Exit, Officer: "2001", Deadline: "2026-12-31"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.fin.AddProduct(ctx, b.login("3001"), deskProduct); err != nil {
		t.Fatal(err)
	}
	off := b.login("2001")
	collect := func(name, code string) {
		t.Helper()
		s := filedSurvey("2001")
		s.Name, s.CreditCode = name, code
		if _, err := b.fin.Collect(ctx, off, b.file(off, s)); err != nil {
			t.Fatal(err)
		}
	}
	collect("虎林市兴农农机销售有限公司", "91350100M000100Y43") // not on the list
	collect("丙审慎贸易有限公司", cautious)
	collect("甲优质科技有限公司", preferred)
	s := filedSurvey("2001")
	s.Name, s.CreditCode = "丁退出建材有限公司", exit
	exitSurvey := b.file(off, s)

	tm := b.terminal("2001")
	sv := tm.a.desk.surveys
	sv.list.Select(widget.TableCellID{Row: row(sv.list, len(sv.rows), 3, exitSurvey)})
	test.Tap(sv.collect)
	wantContains(t, "exit class", sv.status.Text, "退出类，授信申请不予受理")

	d := tm.a.desk
	d.tabs.Select(d.demandsTab)
	dv := d.demands
	var names, lists []string
	for r := range dv.rows {
		names, lists = append(names, cellText(dv.table, r, 1)), append(lists, cellText(dv.table, r, 8))
	}
	if strings.Join(names, ",") != "甲优质科技有限公司,虎林市兴农农机销售有限公司,丙审慎贸易有限公司" {
		t.Fatalf("queue %v", names)
	}
	if strings.Join(lists, ",") != "积极进入类,未入名单（请提请入名单）,审慎进入类（待审批）" {
		t.Fatalf("list column %v", lists)
	}
	dv.table.Select(widget.TableCellID{Row: 2})
	if !dv.match.Disabled() || !dv.approve.Disabled() {
		t.Fatal("a cautious demand may be matched, or approved by its officer")
	}
	wantContains(t, "cautious note", dv.listNote.Text, "须经业务主管（A级）审批")
	dv.table.Select(widget.TableCellID{Row: 0})
	if dv.match.Disabled() || !dv.propose.Disabled() {
		t.Fatal("a preferred demand: 对接产品 only")
	}
	dv.table.Select(widget.TableCellID{Row: 1})
	if dv.propose.Disabled() {
		t.Fatal("an unlisted demand offers no 提请入名单")
	}
	test.Tap(dv.propose)
	test.Tap(dv.form.ok)
	wantContains(t, "no reason", dv.form.message.Text, "请填写提请纳入名单的理由")
	test.Tap(dv.form.cancel)
	test.Tap(dv.propose)
	test.Type(tm.a.win.Canvas().Focused(), "新开户企业，经营稳定")
	test.Tap(dv.form.ok)
	if tm.dialogOpen() {
		t.Fatalf("proposal: %q", dv.form.message.Text)
	}
	if got := cellText(dv.table, 1, 8); got != "未入名单（已提请）" || !dv.propose.Disabled() {
		t.Fatalf("after the proposal: %q", got)
	}
	tm.a.win.Close()

	tm = b.terminal("3001")
	d = tm.a.desk
	d.tabs.Select(d.demandsTab)
	dv = d.demands
	r := row(dv.table, len(dv.rows), 1, "丙审慎贸易有限公司")
	dv.table.Select(widget.TableCellID{Row: r})
	if dv.approve.Disabled() {
		t.Fatal("the A cannot approve")
	}
	test.Tap(dv.approve)
	test.Type(tm.a.win.Canvas().Focused(), "抵押物足值，风险可控")
	test.Tap(dv.form.ok)
	if tm.dialogOpen() {
		t.Fatalf("approval: %q", dv.form.message.Text)
	}
	if got := cellText(dv.table, r, 8); got != "审慎进入类（已审批）" {
		t.Fatalf("after the approval: %q", got)
	}
	wantContains(t, "approved note", dv.listNote.Text, "3001 王五")
	for _, o := range test.LaidOutObjects(d.demands.content) {
		if bt, ok := o.(*button); ok && bt.Text == "名单提请" {
			test.Tap(bt)
		}
	}
	wantContains(t, "proposals", tm.overlayText(), "虎林市兴农农机销售有限公司 91350100M000100Y43　提请人 2001 李四　理由：新开户企业，经营稳定")
	tm.a.win.Close()

	tm = b.terminal("2001")
	d = tm.a.desk
	d.tabs.Select(d.demandsTab)
	dv = d.demands
	dv.table.Select(widget.TableCellID{Row: row(dv.table, len(dv.rows), 1, "丙审慎贸易有限公司")})
	if dv.match.Disabled() {
		t.Fatalf("approved demand still held: %q", dv.listNote.Text)
	}
}

// TestConfidentialFiguresOnScreen: officer 2002 starting a survey of an
// enterprise officer 2001 surveyed sees 2001's revenue and amount sought
// as ranges, never the figures.
func TestConfidentialFiguresOnScreen(t *testing.T) {
	b := newDeskBed(t)
	b.file(b.login("2001"), filedSurvey("2001")) // revenue ¥5,000,000.00, sought ¥2,000,000.00
	tm := b.terminal("2002")
	v := tm.a.desk.surveys
	test.Tap(v.add)
	test.Type(v.form.entries["CreditCode"], "91350100M000100Y43")
	wantContains(t, "same enterprise", v.same.Text, "营业收入 500–1,000 万　拟融资 100–500 万")
	if strings.Contains(v.same.Text, "5,000,000") || strings.Contains(v.same.Text, "2,000,000") {
		t.Fatalf("2002 sees 2001's figures: %q", v.same.Text)
	}
}

// TestConfidentialSupervisorOnScreen: a B who is not an officer opens
// 信贷服务 and sees the branch's demand in full figures; officer 2002
// does not see it at all.
func TestConfidentialSupervisorOnScreen(t *testing.T) {
	b := newDeskBed(t)
	ctx := context.Background()
	off := b.login("2001")
	if _, err := b.fin.Collect(ctx, off, b.file(off, filedSurvey("2001"))); err != nil {
		t.Fatal(err)
	}
	if err := b.svc.AddUser(ctx, counter.CommandLine(), staff.User{ID: "2009", Name: "钱七", Level: staff.LevelB, Branch: demo.Branch}, "init2009x"); err != nil {
		t.Fatal(err)
	}
	if err := b.svc.ChangePassword(ctx, "2009", "init2009x", "pass2009"); err != nil {
		t.Fatal(err)
	}
	tm := b.terminal("2009")
	d := tm.a.desk
	d.tabs.Select(d.demandsTab)
	if len(d.demands.rows) != 1 || cellText(d.demands.table, 0, 2) != "¥2,000,000.00" {
		t.Fatalf("the supervisor sees %d demands, %q", len(d.demands.rows), cellText(d.demands.table, 0, 2))
	}
	tm.a.win.Close()
	tm = b.terminal("2002")
	d = tm.a.desk
	d.tabs.Select(d.demandsTab)
	if len(d.demands.rows) != 0 {
		t.Fatalf("2002 sees 2001's demands: %d", len(d.demands.rows))
	}
}
