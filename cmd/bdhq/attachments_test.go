package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"branchdesk/domain/attach"
	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/sync"
	"branchdesk/storage/bundle"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/wholefile"
)

// TestAttachmentRoundTrip (issue 14 item 2): an officer keeps a photo on
// a survey at the terminal; the up bundle carries it to head office,
// which lists it by branch and record and extracts it with its SHA-256
// checked — the same bytes. A file whose bytes no longer match the hash
// it was kept with is refused on import with the reason, and a bundle
// changed on the stick is refused whole.
func TestAttachmentRoundTrip(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	hq, usb, out := filepath.Join(tmp, "hq"), filepath.Join(tmp, "usb"), filepath.Join(tmp, "out")
	os.Mkdir(usb, 0o755)
	os.Mkdir(out, 0o755)
	if o, err := bdhq(t, hq, "init"); err != nil {
		t.Fatalf("init: %v\n%s", err, o)
	}
	db := seededDB(t)
	term := enrolledTerminal(t, db, hq, usb)
	configured(t, term, hq, usb)

	svc := counter.New(db, nil, "0101-T01")
	fin, err := finance.New(sqlstore.Finance(db), nil, func(p string) string { return p + "0001" })
	if err != nil {
		t.Fatal(err)
	}
	off, err := svc.Login(ctx, "2001", "pass2001")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := fin.NewSurvey(ctx, off)
	if err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 64, 48)))
	photo := img.Bytes()
	a, err := fin.AddAttachment(ctx, off, attach.OnSurvey, rec.ID, "营业执照.png", attach.Licence, photo)
	if err != nil {
		t.Fatal(err)
	}
	name, err := term.Export(ctx, usb)
	if err != nil {
		t.Fatal(err)
	}
	if o, err := bdhq(t, hq, "import", name); err != nil || strings.Contains(o, "拒收") {
		t.Fatalf("import: %v\n%s", err, o)
	}
	o, err := bdhq(t, hq, "attachments", "list", "-branch", demo.Branch, "-record", "survey:"+rec.ID)
	if err != nil || !strings.Contains(o, "营业执照.png") || !strings.Contains(o, a.SHA256) || !strings.Contains(o, "共 1 个附件") {
		t.Fatalf("list: %v\n%s", err, o)
	}
	// The survey's PDF at head office lists the file it holds.
	if _, err := exec.LookPath("pdftotext"); err == nil {
		pdfPath := filepath.Join(tmp, "survey.pdf")
		if o, err := bdhq(t, hq, "survey", "-id", rec.ID, "-out", pdfPath); err != nil {
			t.Fatalf("survey: %v\n%s", err, o)
		}
		text, err := exec.Command("pdftotext", "-layout", pdfPath, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(string(text)), "")
		for _, want := range []string{"附件", "营业执照营业执照.png", strings.ReplaceAll(attach.SizeText(a.Size), " ", ""), a.SHA256[:16] + "…"} {
			if !strings.Contains(flat, want) {
				t.Errorf("survey PDF lacks %q:\n%s", want, text)
			}
		}
	}
	if o, _ := bdhq(t, hq, "attachments", "list", "-branch", "0999"); !strings.Contains(o, "没有附件") {
		t.Fatalf("another branch's list:\n%s", o)
	}
	id := strings.Fields(strings.Split(o, "\n")[1])[0]
	if o, err := bdhq(t, hq, "attachments", "extract", id, "-out", out); err != nil || !strings.Contains(o, "核对无误") {
		t.Fatalf("extract %s: %v\n%s", id, err, o)
	}
	got, err := os.ReadFile(filepath.Join(out, strings.ReplaceAll(id, "/", "-")+"-营业执照.png"))
	if err != nil || !bytes.Equal(got, photo) || attach.Sum(got) != a.SHA256 {
		t.Fatalf("extracted file differs: %v", err)
	}

	// A row whose bytes are not the ones its hash names (written past the
	// desk, as a damaged or doctored store would hold it).
	if _, err := db.Exec(ctx, `INSERT INTO attachments (branch_id, record_kind, record_id, name, kind, content_type, size, sha256, added_by, added_at, data)
		VALUES ('0101', 'survey', ?, '抵押物.png', '抵押物照片', 'image/png', ?, ?, '2001', '2026-11-23T09:00:00Z', ?)`,
		rec.ID, len(photo), attach.Sum([]byte("another file")), photo); err != nil {
		t.Fatal(err)
	}
	name, err = term.Export(ctx, usb)
	if err != nil {
		t.Fatal(err)
	}
	stick, _ := os.ReadFile(name)
	bad := bytes.Clone(stick)
	bad[len(bad)/2] ^= 1
	os.WriteFile(filepath.Join(tmp, "bad.bdsync"), bad, 0o644)
	if o, err := bdhq(t, hq, "import", filepath.Join(tmp, "bad.bdsync")); err == nil || !strings.Contains(o, "拒收") {
		t.Fatalf("a bundle changed on the stick was taken: %v\n%s", err, o)
	}
	if o, err := bdhq(t, hq, "import", name); err != nil || !strings.Contains(o, "拒收 1 条") {
		t.Fatalf("import of the doctored file: %v\n%s", err, o)
	}
	if o, _ := bdhq(t, hq, "attachments", "list"); strings.Contains(o, "抵押物.png") || !strings.Contains(o, "共 1 个附件") {
		t.Fatalf("the doctored file is listed:\n%s", o)
	}
	rdir := filepath.Join(tmp, "receipts")
	os.Mkdir(rdir, 0o755)
	if o, err := bdhq(t, hq, "receipts", rdir); err != nil {
		t.Fatalf("receipts: %v\n%s", err, o)
	}
	receipt, _ := os.ReadFile(filepath.Join(rdir, bundle.ReceiptName(demo.Branch, "T01", 2)))
	_, body, err := term.ImportReceipt(ctx, receipt)
	if err != nil || len(body.Rejected) != 1 || !strings.HasPrefix(body.Rejected[0].Record, "attachments:") ||
		!strings.Contains(body.Rejected[0].Reason, "SHA-256 不符") {
		t.Fatalf("receipt: %+v %v", body.Rejected, err)
	}
}

// TestAttachmentLongNameExtract (review): a file name legal on the
// officer's PC but long (80 Chinese characters, 244 bytes) is written
// cut to at most 180 bytes on a character's boundary, its extension
// kept, and can be written out.
func TestAttachmentLongNameExtract(t *testing.T) {
	for _, c := range []struct {
		name string
		want int
	}{
		{strings.Repeat("营", 80) + ".pdf", 180 - 2}, // 3-byte characters: 174 + 4
		{strings.Repeat("a", 200) + ".jpeg", 180},
		{"营业执照.png", len("T01-3-营业执照.png")},
	} {
		a := bundle.HQAttachment{Terminal: "T01", RID: 3, AttachmentRecord: sync.AttachmentRecord{Name: c.name}}
		got := extractName(a)
		if len(got) != c.want || !utf8.ValidString(got) || filepath.Ext(got) != filepath.Ext(c.name) || !strings.HasPrefix(got, "T01-3-") {
			t.Fatalf("%d bytes → %q (%d bytes)", len(c.name), got, len(got))
		}
		p := filepath.Join(t.TempDir(), got)
		if err := wholefile.Write(p, 0o600, func(w io.Writer) error { _, err := w.Write([]byte("x")); return err }); err != nil {
			t.Fatal(err)
		}
	}
}
