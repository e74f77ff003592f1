package ui

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/assets"
	"branchdesk/domain/attach"
	"branchdesk/domain/cash"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/seal"
	"branchdesk/domain/survey"
	"branchdesk/domain/target"
	"branchdesk/storage/csvio"
	"branchdesk/ui/uitext"
)

// englishTerminal is a terminal whose login screen chose English, with id
// signed in; Chinese again after the test.
func englishTerminal(t *testing.T, id string) *terminal {
	t.Helper()
	tm := newTerminal(t)
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	tm.a.login.lang.SetSelected("English")
	tm.login(id, "pass"+id)
	if tm.a.ws == nil {
		t.Fatalf("login %s: no workspace; login says %q", id, tm.a.login.message.Text)
	}
	test.Tap(tm.a.ws.signIn)
	return tm
}

// englishDesk is a credit desk whose PCs chose English, with a survey of
// 2001's filed (its id); Chinese again after the test.
func englishDesk(t *testing.T) (*deskBed, string) {
	t.Helper()
	b := newDeskBed(t)
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	b.fa.Preferences().SetString(prefLanguage, assets.English)
	return b, b.file(b.login("2001"), filedSurvey("2001"))
}

// TestEnglishReportFileNamesStayChinese: a report saved from the English
// screens is named as the Chinese document it holds, as in Chinese: the
// voucher register of every type is 重空登记簿-全部-….
func TestEnglishReportFileNamesStayChinese(t *testing.T) {
	tm := englishTerminal(t, "2002")
	name, _, err := tm.a.voucherRegisterReport("", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(name, "重空登记簿-全部-") {
		t.Fatalf("the register of every type is saved as %q", name)
	}
}

// headingText is what column col's heading of t shows.
func headingText(t *widget.Table, col int) string {
	o := t.CreateHeader()
	t.UpdateHeader(widget.TableCellID{Row: -1, Col: col}, o)
	return o.(*widget.Label).Text
}

// TestEnglishDeskHeadings: the quarterly assessment's measures and the
// list's monthly summary head their columns in English on the English
// screens, as every other table does.
func TestEnglishDeskHeadings(t *testing.T) {
	b := newDeskBed(t)
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	b.fa.Preferences().SetString(prefLanguage, assets.English)
	tm := b.terminal("3001")
	d := tm.a.desk
	if d == nil {
		t.Fatal("no credit desk for 3001")
	}
	for what, tc := range map[string]struct {
		t    *widget.Table
		cols []column
	}{"quarter": {d.quarter.table, quarterColumns}, "month": {d.targets.month.table, monthColumns}} {
		for c := range tc.cols {
			if h := headingText(tc.t, c); uitext.HasHan(h) {
				t.Errorf("%s: heading %d is %q", what, c, h)
			}
		}
	}
}

// TestEnglishLockScreenReadsInOrder: the locked screen's note is one
// sentence in English, not the Chinese order with the button's word
// stuck on its end; the pause's note says what the button does.
func TestEnglishLockScreenReadsInOrder(t *testing.T) {
	tm := englishTerminal(t, "1001")
	typeKey(tm.a, fyne.KeyF12)
	if tm.a.lock == nil {
		t.Fatal("F12 did not lock")
	}
	if got := tm.a.lock.info.Text; got != "Away from the terminal: only the teller can unlock it with their Teller ID and password" {
		t.Errorf("locked screen says %q", got)
	}
	tm.a.showLock(lockPause)
	if got := tm.a.lock.info.Text; got != "Away from the terminal: only the teller can resume sign-on with their Teller ID and password" {
		t.Errorf("paused screen says %q", got)
	}
}

// TestEnglishDeskNames: on the English credit desk a complaint's channel
// and an attachment's kind are picked and listed in English, and what is
// stored stays as domain/ names it in Chinese; the quarterly assessment
// says its quarter, its weights and 无数据 in English.
func TestEnglishDeskNames(t *testing.T) {
	b, id := englishDesk(t)
	tm := b.terminal("2001")
	d := tm.a.desk

	d.tabs.Select(d.complaintsTab)
	c := d.complaints
	if got := strings.Join(c.channel.Options, "|"); got != "Phone|Email|In person" {
		t.Fatalf("channels offered %q", got)
	}
	test.Type(c.text, "客户反映审批进度不透明")
	c.channel.SetSelected("Email")
	press(c.institution, fyne.KeyReturn)
	if len(c.rows) != 1 || c.rows[0].Complaint.Channel != pipeline.ChannelEmail {
		t.Fatalf("complaint kept: %+v (%s)", c.rows, c.message.Text)
	}
	if got := cellText(c.table, 0, 1); got != "Email" {
		t.Errorf("channel shown as %q", got)
	}

	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 64, 48)))
	photo := filepath.Join(t.TempDir(), "执照.png")
	os.WriteFile(photo, img.Bytes(), 0o644)
	v := d.surveys
	v.list.Select(widget.TableCellID{Row: v.rowOf(id), Col: 0})
	p := v.files
	if got := strings.Join(p.kind.Options, "|"); got != "Business licence|Collateral photo|Visit photo|Signed form|Other" {
		t.Fatalf("kinds offered %q", got)
	}
	p.kind.SetSelected("Collateral photo")
	pick(t, p, photo)
	if len(p.files) != 1 || p.files[0].Kind != attach.Collateral {
		t.Fatalf("attachment kept: %+v (%s)", p.files, p.status.Text)
	}
	wantContains(t, "added", p.status.Text, "Collateral photo")
	wantContains(t, "listed", labelsOf(p.list), "Collateral photo　执照.png")

	mgr := b.terminal("3001").a.desk
	mgr.tabs.Select(mgr.kpiTab)
	mgr.kpiTabs.Select(mgr.quarterTab)
	q := mgr.quarter
	q.refresh()
	wantContains(t, "quarter", q.message.Text, "Q4 2026")
	if uitext.HasHan(q.weights.Text) {
		t.Errorf("weights line %q", q.weights.Text)
	}
	cells := ""
	for row := 0; row <= len(q.rep.Officers); row++ {
		for col := range quarterColumns {
			cells += cellText(q.table, row, col) + "|"
		}
	}
	if !strings.Contains(cells, "|No data|") || strings.Contains(cells, "无数据") {
		t.Errorf("quarter cells %q", cells)
	}
}

// TestEnglishVaultGridAndReviewFit: the cash count grid names the
// denominations in English within its first column, and the review
// tab's 已查看 column holds "Not viewed" without widening the table.
func TestEnglishVaultGridAndReviewFit(t *testing.T) {
	tm := englishTerminal(t, "1001")
	tm.a.fy.Settings().SetTheme(NewTheme())
	g := newCountGrid(tm.a)
	shown := labelsOf(g.content)
	for _, d := range cash.Denominations() {
		en := tr(d.Name)
		if d.Optional {
			continue
		}
		if !strings.Contains(shown, en+"\n") || uitext.HasHan(en) {
			t.Errorf("%s shown as %q in %q", d.Name, en, shown)
		}
		if w := fyne.MeasureText(en, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding(); w > countColumns[0] {
			t.Errorf("%q is %.0f wide in a column of %.0f", en, w, countColumns[0])
		}
	}
	var seen column
	total := float32(0)
	for _, c := range supervisionColumns {
		total += c.width
		if c.title == "已查看" {
			seen = c
		}
	}
	if w := fyne.MeasureText(tr("未查看"), theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding(); w > seen.width {
		t.Errorf("%q is %.0f wide in a column of %.0f", tr("未查看"), w, seen.width)
	}
	if total != 1320 {
		t.Errorf("the supervision table is %.0f wide, was 1320", total)
	}
}

// TestEnglishSealAndVoucherNames: on the English screens the seal register
// names its kinds in English, a kind picked in English registers the
// domain's kind (its record and message name it as domain/ does, in
// Chinese in the records), and the voucher keeper's register and stock
// name the voucher types, units and states in English.
func TestEnglishSealAndVoucherNames(t *testing.T) {
	tm := englishTerminal(t, "3001")
	ws := tm.a.ws
	ws.tabs.Select(ws.cash.sealsTab)
	v := ws.cash.seals
	if got := cellText(v.table, 0, 0); got != "Business seal" {
		t.Errorf("first seal's kind %q", got)
	}
	f := v.register
	if got := strings.Join(f.kind.Options, "|"); got != "Business seal|Cash paid seal|Transfer seal|Name stamp|Authorization card" {
		t.Fatalf("kinds offered %q", got)
	}
	f.kind.SetSelected("Transfer seal")
	test.Type(f.no, "ZZ-0101-09")
	test.Type(f.keeper, "3002")
	test.Tap(f.add)
	r := row(v.table, len(v.items), 1, "ZZ-0101-09")
	if r < 0 || v.items[r].Kind != seal.Transfer || v.items[r].Title() != "转讫章 ZZ-0101-09" {
		t.Fatalf("registered %+v (%s)", v.items, v.message.Text)
	}
	if got := cellText(v.table, r, 0); got != "Transfer seal" {
		t.Errorf("kind shown as %q", got)
	}
	tm.logout()

	tm.login("2002", "pass2002")
	ws = tm.a.ws
	test.Tap(ws.signIn)
	ws.tabs.Select(ws.cash.keeperTab)
	k := ws.cash.keeper
	retype(k.recvFrom, "00000051")
	retype(k.recvTo, "00000060")
	press(k.recvTo, fyne.KeyReturn)
	wantContains(t, "receive", k.message.Text, "Cash cheque 00000051–00000060")
	if r := row(k.table, len(k.lines), 2, "00000060"); r < 0 || cellText(k.table, r, 1) != "Cash cheque" || cellText(k.table, r, 3) != "In stock" {
		t.Fatalf("register row %d: %q %q", r, cellText(k.table, r, 1), cellText(k.table, r, 3))
	}
	wantContains(t, "register summary", k.summary.Text, "In stock ")
	if got := cellText(k.stock, 0, 0) + " " + cellText(k.stock, 0, 3); got != "Cash cheque 60 sheet(s)" {
		t.Errorf("stock row %q", got)
	}
	for r := range len(k.lines) {
		if typ, state := cellText(k.table, r, 1), cellText(k.table, r, 3); uitext.HasHan(typ + state) {
			t.Errorf("register row %d names %q %q", r, typ, state)
		}
	}
}

// TestEnglishDeskStagesAndClasses: on the English credit desk a survey's
// status, its financing purpose and company size, a demand's stage and a
// target's class read in English; a purpose chosen in English is kept as
// domain/ names it, and the records stay Chinese.
func TestEnglishDeskStagesAndClasses(t *testing.T) {
	b, id := englishDesk(t)
	tm := b.terminal("2001")
	v := tm.a.desk.surveys
	r := row(v.list, len(v.rows), 3, id)
	if got := cellText(v.list, r, 1); got != "Final" {
		t.Errorf("status %q", got)
	}
	test.Tap(v.add)
	purpose := v.form.selects["Purpose"]
	if got := strings.Join(purpose.Options, "|"); got != "Working capital|Fixed assets|Project|Other" {
		t.Fatalf("purposes offered %q", got)
	}
	purpose.SetSelected("Fixed assets")
	if got := v.form.read().Purpose; got != survey.PurposeFixedAssets {
		t.Errorf("purpose kept as %q", got)
	}
	v.list.Select(widget.TableCellID{Row: row(v.list, len(v.rows), 3, id), Col: 0})
	if got := v.form.selects["Purpose"].Selected; got != "Working capital" {
		t.Errorf("the filed survey's purpose shows %q", got)
	}
	if got := v.form.size.Text; got != "Medium" {
		t.Errorf("company size %q", got)
	}

	sv := tm.a.desk.surveys
	sv.list.Select(widget.TableCellID{Row: row(sv.list, len(sv.rows), 3, id)})
	test.Tap(sv.collect)
	d := tm.a.desk
	d.tabs.Select(d.demandsTab)
	dv := d.demands
	dv.refresh()
	if len(dv.rows) != 1 || cellText(dv.table, 0, 4) != "Collected" || dv.rows[0].Stage.Title() != "已收集" {
		t.Errorf("demand stage %q", cellText(dv.table, 0, 4))
	}
	tm.a.win.Close()

	var file bytes.Buffer
	list := []target.Target{{Name: "武汉示范生物科技有限公司", CreditCode: "91350100M000100Y43", Class: target.Preferred, Officer: "2001", Deadline: "2026-11-25"}}
	if err := csvio.WriteTargets(&file, list, false); err != nil {
		t.Fatal(err)
	}
	mgr := b.terminal("3001").a.desk
	mgr.tabs.Select(mgr.targetsTab)
	if err := mgr.targets.importCSV(bytes.NewReader(file.Bytes())); err != nil {
		t.Fatal(err)
	}
	if got := cellText(mgr.targets.table, 0, 2); got != "Preferred entry" {
		t.Errorf("class %q", got)
	}
}
