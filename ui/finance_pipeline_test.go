package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/pipeline"
)

// TestDemandThroughThePipeline: the manager adds a product in the
// catalogue; the officer turns a final survey into a demand and takes it
// through matching, a problem raised and solved, funding and the
// follow-up, each from the 需求跟踪 tab, and every change is listed with
// its time.
func TestDemandThroughThePipeline(t *testing.T) {
	b := newDeskBed(t)
	tm := b.terminal("3001")
	d := tm.a.desk
	d.tabs.Select(d.demandsTab)
	dv := d.demands
	test.Tap(dv.products)
	f := dv.form
	if f == nil || !tm.dialogOpen() {
		t.Fatal("产品目录 opened no dialog for the manager")
	}
	first := tm.a.win.Canvas().Focused().(*field)
	test.Type(first, "P01")
	for _, s := range []string{"小微快贷", "示范支行", "100000", "3000000", "36", "3.85"} {
		tm.a.win.Canvas().FocusNext()
		test.Type(tm.a.win.Canvas().Focused(), s)
	}
	test.Tap(f.ok)
	wantContains(t, "no collateral", f.message.Text, "缺少担保方式")
	for _, o := range test.LaidOutObjects(tm.a.win.Canvas().Overlays().Top()) {
		if c, ok := o.(*widget.Check); ok && (c.Text == "房产、土地抵押" || c.Text == "保证担保") {
			test.Tap(c)
		}
	}
	test.Tap(f.ok)
	if tm.dialogOpen() {
		t.Fatalf("product not added: %q", f.message.Text)
	}
	tm.a.win.Close()

	id := b.file(b.login("2001"), filedSurvey("2001"))
	tm = b.terminal("2001")
	sv := tm.a.desk.surveys
	sv.list.Select(widget.TableCellID{Row: row(sv.list, len(sv.rows), 3, id)})
	if !sv.collect.Visible() {
		t.Fatal("a final survey offers no 转入需求跟踪")
	}
	test.Tap(sv.collect)
	wantContains(t, "collect", sv.status.Text, "已转入需求跟踪")
	if sv.collect.Visible() {
		t.Fatal("转入需求跟踪 still offered after the demand was opened")
	}

	d = tm.a.desk
	d.tabs.Select(d.demandsTab)
	dv = d.demands
	if len(dv.rows) != 1 || cellText(dv.table, 0, 1) != "虎林市兴农农机销售有限公司" || cellText(dv.table, 0, 4) != "已收集" {
		t.Fatalf("demands: %d, %q %q", len(dv.rows), cellText(dv.table, 0, 1), cellText(dv.table, 0, 4))
	}
	dv.table.Select(widget.TableCellID{Row: 0})
	if dv.match.Disabled() || !dv.fund.Disabled() {
		t.Fatal("a collected demand: 对接产品 should be the only step")
	}
	step := func(btn *button, typed ...string) {
		t.Helper()
		test.Tap(btn)
		if len(typed) > 0 {
			test.Type(tm.a.win.Canvas().Focused(), typed[0])
		}
		if dv.form != nil && tm.dialogOpen() {
			test.Tap(dv.form.ok)
		}
		if tm.dialogOpen() {
			t.Fatalf("%s: %q", btn.Text, dv.form.message.Text)
		}
	}
	step(dv.match, "房产抵押加保证")
	step(dv.start)
	step(dv.raise, "抵押物评估报告未出")
	if cellText(dv.table, 0, 6) != "1" || dv.solve.Disabled() {
		t.Fatalf("open problems %q", cellText(dv.table, 0, 6))
	}
	test.Tap(dv.fund)
	test.Tap(dv.form.ok)
	wantContains(t, "funding with an open problem", dv.form.message.Text, "尚有未解决的问题")
	test.Tap(dv.form.cancel)
	step(dv.solve, "评估公司已出具报告")
	step(dv.fund) // the amount sought and today, as offered
	test.Tap(dv.follow)
	for _, o := range test.LaidOutObjects(tm.a.win.Canvas().Overlays().Top()) {
		if s, ok := o.(*widget.Select); ok {
			s.SetSelectedIndex(1) // 4 满意
		}
	}
	test.Tap(dv.form.ok)

	st := dv.rows[0]
	if st.Stage != pipeline.FollowedUp || st.Satisfaction != 4 || st.FundedAmount != 200*1_000_000 || len(st.Events) != 7 {
		t.Fatalf("demand after the steps: %s, %d分, %v, %d events", st.Stage, st.Satisfaction, st.FundedAmount, len(st.Events))
	}
	var last time.Time
	for r := range st.Events {
		at, err := time.ParseInLocation("2006-01-02 15:04:05", cellText(dv.events, r, 0), time.Local)
		if err != nil || at.Before(last) {
			t.Fatalf("event %d at %q", r, cellText(dv.events, r, 0))
		}
		last = at
	}
	wantContains(t, "matched event", cellText(dv.events, 1, 3), "P01 小微快贷")
	wantContains(t, "solved event", cellText(dv.events, 4, 3), "解决问题 1：评估公司已出具报告")
	wantContains(t, "funded event", cellText(dv.events, 5, 3), "¥2,000,000.00")
}

// TestComplaintsOverdueInRed: a complaint registered on the 投诉 tab turns
// red in the register once it has waited more than seven days, and stops
// being overdue when the feedback closes it.
func TestComplaintsOverdueInRed(t *testing.T) {
	b := newDeskBed(t)
	tm := b.terminal("2001")
	d := tm.a.desk
	d.tabs.Select(d.complaintsTab)
	v := d.complaints
	test.Type(v.text, "客户反映审批进度不透明")
	test.Tap(v.register)
	wantContains(t, "no channel", v.message.Text, "请选择投诉渠道")
	v.channel.SetSelected("电话")
	if v.text.Text != "客户反映审批进度不透明" {
		t.Fatal("a refused complaint's text was cleared")
	}
	test.Type(v.officer, "2001")
	press(v.institution, fyne.KeyReturn)
	if len(v.rows) != 1 || cellText(v.table, 0, 3) != "客户反映审批进度不透明" || cellText(v.table, 0, 4) != "2001 李四" {
		t.Fatalf("register: %d rows", len(v.rows))
	}
	importance := func(row int) widget.Importance {
		o := v.table.CreateCell()
		v.table.UpdateCell(widget.TableCellID{Row: row, Col: 0}, o)
		return o.(*widget.Label).Importance
	}
	if importance(0) == widget.DangerImportance || cellText(v.table, 0, 8) != "" {
		t.Fatal("a new complaint is shown overdue")
	}

	b.clock.advance(7*24*time.Hour + time.Hour)
	d.tabs.Select(d.demandsTab)
	d.tabs.Select(d.complaintsTab)
	if importance(0) != widget.DangerImportance || cellText(v.table, 0, 8) != "已逾期" {
		t.Fatal("a complaint eight days old is not shown overdue")
	}

	v.table.Select(widget.TableCellID{Row: 0})
	for _, want := range []string{"调查核实", "处理", "反馈"} {
		if v.advance.Text != "办理："+want {
			t.Fatalf("next step offered %q, want %s", v.advance.Text, want)
		}
		test.Tap(v.advance)
		wantContains(t, "no note", v.message.Text, "须填写")
		test.Type(v.note, want+"情况")
		press(v.note, fyne.KeyReturn)
	}
	if cellText(v.table, 0, 6) != "已办结" || importance(0) == widget.DangerImportance || !v.advance.Disabled() {
		t.Fatalf("closed complaint: %q", cellText(v.table, 0, 6))
	}
}

// TestProductCatalogueEditAndRetire: the A chooses a product in the
// catalogue, its fields fill in, a change is saved in place; then the A
// retires it with a reason, and the catalogue shows it as retired.
func TestProductCatalogueEditAndRetire(t *testing.T) {
	b := newDeskBed(t)
	ctx := context.Background()
	if err := b.fin.AddProduct(ctx, b.login("3001"), deskProduct); err != nil {
		t.Fatal(err)
	}
	tm := b.terminal("3001")
	d := tm.a.desk
	d.tabs.Select(d.demandsTab)
	dv := d.demands
	test.Tap(dv.products)
	dv.pick.SetSelected("P01")
	rate := findField(t, tm, "年利率%，如 3.85")
	if rate.Text != "3.85" {
		t.Fatalf("choosing P01 fills the rate with %q", rate.Text)
	}
	retype(rate, "3.95")
	test.Tap(dv.form.ok)
	if tm.dialogOpen() {
		t.Fatalf("change not saved: %q", dv.form.message.Text)
	}
	ps, _ := b.fin.Products(ctx)
	if len(ps) != 1 || ps[0].RateBP != 395 || ps[0].Name != deskProduct.Name {
		t.Fatalf("after the change: %+v", ps)
	}

	test.Tap(dv.products)
	test.Tap(dv.retire)
	wantContains(t, "retire with nothing chosen", dv.form.message.Text, "请先")
	dv.pick.SetSelected("P01")
	test.Tap(dv.retire)
	wantContains(t, "retire without a reason", dv.form.message.Text, "停用产品须填写原因")
	test.Type(findField(t, tm, "停用原因，如：机构停办该产品"), "机构停办")
	test.Tap(dv.retire)
	if tm.dialogOpen() {
		t.Fatalf("not retired: %q", dv.form.message.Text)
	}
	wantContains(t, "message", dv.message.Text, "已停用产品 P01")
	if ps, _ := b.fin.Products(ctx); !ps[0].Retired || ps[0].RetiredReason != "机构停办" {
		t.Fatalf("after retiring: %+v", ps)
	}
	test.Tap(dv.products)
	if len(dv.pick.Options) != 0 {
		t.Fatalf("a retired product is offered for change: %v", dv.pick.Options)
	}
}

// findField finds the entry with this placeholder in the top dialog.
func findField(t *testing.T, tm *terminal, placeholder string) *field {
	t.Helper()
	return inDialog(t, tm, "field "+placeholder, func(f *field) bool { return f.PlaceHolder == placeholder })
}

// inDialog finds the widget of type T that is wanted in the top dialog.
func inDialog[T fyne.CanvasObject](t *testing.T, tm *terminal, what string, wanted func(T) bool) T {
	t.Helper()
	for _, o := range test.LaidOutObjects(tm.a.win.Canvas().Overlays().Top()) {
		if w, ok := o.(T); ok && wanted(w) {
			return w
		}
	}
	t.Fatalf("no %s in the dialog", what)
	var zero T
	return zero
}
