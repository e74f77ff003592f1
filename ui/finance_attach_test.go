package ui

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/attach"
	"branchdesk/domain/attach/attachtest"
)

// labelsOf joins the text of every label under o.
func labelsOf(o fyne.CanvasObject) string {
	switch v := o.(type) {
	case *widget.Label:
		return v.Text + "\n"
	case *fyne.Container:
		var b strings.Builder
		for _, c := range v.Objects {
			b.WriteString(labelsOf(c))
		}
		return b.String()
	}
	return ""
}

// imagesOf counts the pictures under o.
func imagesOf(o fyne.CanvasObject) int {
	switch v := o.(type) {
	case *canvas.Image:
		return 1
	case *fyne.Container:
		n := 0
		for _, c := range v.Objects {
			n += imagesOf(c)
		}
		return n
	}
	return 0
}

// pick hands the panel the file at path as the file dialog would.
func pick(t *testing.T, p *attachPanel, path string) {
	t.Helper()
	r, err := storage.Reader(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := p.addFile(r.URI().Name(), r); err != nil {
		t.Fatal(err)
	}
}

// TestAttachmentOnSurveyScreen (issue 14 item 2): on the survey screen
// the officer chooses a kind and adds a PNG from disk — it is listed
// with its thumbnail and 查看 shows it larger; a PDF named .png is
// refused with the reason and nothing is added. Another officer sees
// only that the survey has one 营业执照, and cannot add.
func TestAttachmentOnSurveyScreen(t *testing.T) {
	b := newDeskBed(t)
	id := b.file(b.login("2001"), filedSurvey("2001"))
	dir := t.TempDir()
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 640, 480)))
	photo := filepath.Join(dir, "营业执照.png")
	os.WriteFile(photo, img.Bytes(), 0o644)
	forged := filepath.Join(dir, "抵押物.png")
	os.WriteFile(forged, []byte("%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF\n"), 0o644)

	tm := b.terminal("2001")
	v := tm.a.desk.surveys
	v.list.Select(widget.TableCellID{Row: v.rowOf(id), Col: 0})
	p := v.files
	if p.id != id || !strings.Contains(labelsOf(p.list), "尚无附件") {
		t.Fatalf("panel of %q: %q", p.id, labelsOf(p.list))
	}
	test.Tap(p.add)
	wantContains(t, "no kind", p.status.Text, "请先选择附件类别")

	p.kind.SetSelected(string(attach.Licence))
	pick(t, p, photo)
	wantContains(t, "added", p.status.Text, "已添加附件 营业执照.png")
	if len(p.files) != 1 || imagesOf(p.list) != 1 || p.heading.Text != "附件（1 个）" || v.toFiles.Text != "附件（1）" {
		t.Fatalf("%d files, %d pictures, %q", len(p.files), imagesOf(p.list), p.heading.Text)
	}
	wantContains(t, "list", labelsOf(p.list), "营业执照　营业执照.png\nPNG 图片")

	p.kind.SetSelected(string(attach.Collateral))
	pick(t, p, forged)
	if p.status.Importance != widget.WarningImportance {
		t.Fatalf("refusal shown as %v", p.status.Importance)
	}
	wantContains(t, "forged", p.status.Text, "文件内容与扩展名不符：抵押物.png 实为 PDF 文件")
	if len(p.files) != 1 {
		t.Fatalf("the forged file was kept: %d files", len(p.files))
	}

	test.Tap(p.views[p.files[0].ID])
	if p.shown == nil || p.shown.Image.Bounds().Dx() != 640 {
		t.Fatal("查看 shows no picture")
	}

	// Taken off with a reason: the file stays listed as removed.
	test.Tap(p.removes[p.files[0].ID])
	if p.form == nil {
		t.Fatal("撤下 asked nothing")
	}
	test.Tap(p.form.ok)
	wantContains(t, "no reason", p.form.message.Text, "撤下附件须填写原因")
	test.Type(p.reason, "传错了照片")
	test.Tap(p.form.ok)
	wantContains(t, "removed", p.status.Text, "已撤下附件 营业执照.png")
	wantContains(t, "removed", labelsOf(p.list), "已撤下：传错了照片")
	if p.heading.Text != "附件（0 个）" || len(p.removes) != 0 {
		t.Fatalf("%q, %d to remove", p.heading.Text, len(p.removes))
	}
	p.kind.SetSelected(string(attach.Licence))
	pick(t, p, photo)

	// The survey's PDF lists the file kept and the one taken off.
	var doc bytes.Buffer
	if err := v.writePDF(&doc); err != nil {
		t.Fatal(err)
	}
	printed := pdfText(t, doc.Bytes())
	for _, want := range []string{"附件", "营业执照.png", "已撤下：传错了照片", p.files[0].SHA256[:16] + "…"} {
		wantContains(t, "survey PDF", printed, want)
	}

	other := b.terminal("2002")
	q := newAttachPanel(other.a.desk)
	q.show(attach.OnSurvey, id)
	got := labelsOf(q.list)
	wantContains(t, "masked", got, "只显示附件的数量和类别：营业执照 1 个")
	if strings.Contains(got, "营业执照.png") || imagesOf(q.list) != 0 || !q.add.Disabled() || len(q.views) != 0 {
		t.Fatalf("2002 sees %q", got)
	}
}

// TestAttachmentOnDemand: the chosen demand's 附件 takes a signed form as
// PDF, listed with its page count, and refuses an empty file.
func TestAttachmentOnDemand(t *testing.T) {
	b := newDeskBed(t)
	off := b.login("2001")
	if _, err := b.fin.Collect(context.Background(), off, b.file(off, filedSurvey("2001"))); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	form := filepath.Join(dir, "签字表.pdf")
	os.WriteFile(form, attachtest.PDF(2), 0o644)
	empty := filepath.Join(dir, "空.pdf")
	os.WriteFile(empty, nil, 0o644)

	tm := b.terminal("2001")
	d := tm.a.desk
	d.tabs.Select(d.demandsTab)
	v := d.demands
	v.table.Select(widget.TableCellID{Row: 0, Col: 0})
	if v.attached.Text != "附件（0）" {
		t.Fatalf("button %q", v.attached.Text)
	}
	test.Tap(v.attached)
	p := v.files
	if p == nil {
		t.Fatal("附件 opened nothing")
	}
	p.kind.SetSelected(string(attach.SignedForm))
	pick(t, p, empty)
	wantContains(t, "empty", p.status.Text, "文件为空")
	pick(t, p, form)
	wantContains(t, "list", labelsOf(p.list), "签字表格　签字表.pdf\nPDF 文件，2 页")
	if v.attached.Text != "附件（1）" {
		t.Fatalf("button %q", v.attached.Text)
	}
}

// TestAttachmentAddOnlyForOwners (review): 添加附件 is off for an
// officer who does not own the record even while it has no file, and on
// for its officer and the branch's A — the domain says who may add.
func TestAttachmentAddOnlyForOwners(t *testing.T) {
	b := newDeskBed(t)
	id := b.file(b.login("2001"), filedSurvey("2001"))
	for who, on := range map[string]bool{"2001": true, "2002": false, "3001": true} {
		p := newAttachPanel(b.terminal(who).a.desk)
		p.show(attach.OnSurvey, id)
		if !strings.Contains(labelsOf(p.list), "尚无附件") || p.add.Disabled() == on {
			t.Fatalf("%s: add enabled %v, list %q", who, !p.add.Disabled(), labelsOf(p.list))
		}
	}
}
