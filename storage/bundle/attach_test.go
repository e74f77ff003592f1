package bundle

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"strings"
	"testing"

	"branchdesk/domain/attach"
	"branchdesk/domain/finance"
	"branchdesk/storage/sqlstore"
)

// TestAttachmentCarriedUp (issue 14 item 2), on either branch store: a
// file kept on a survey travels in the up bundle, bytes and all, and head
// office gives back the same bytes; a bundle the terminal signed whose
// file no longer matches its SHA-256 has that record
// refused with the reason, the rest taken.
func TestAttachmentCarriedUp(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	fin, err := finance.New(sqlstore.Finance(r.db), r.clock, func(p string) string { return p + "0001" })
	if err != nil {
		t.Fatal(err)
	}
	off, err := r.svc.Login(ctx, "2001", "pass2001")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := fin.NewSurvey(ctx, off)
	if err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 200, 100)))
	photo := img.Bytes()
	a, err := fin.AddAttachment(ctx, off, attach.OnSurvey, rec.ID, "走访.png", attach.Visit, photo)
	if err != nil {
		t.Fatal(err)
	}
	good := r.export()
	changed := bytes.Clone(photo)
	changed[len(changed)/2] ^= 0xFF // same size, other bytes
	other := base64.StdEncoding.EncodeToString(changed)
	bad := r.forge(good, r.term.key, func(fs map[string][]byte) {
		want := base64.StdEncoding.EncodeToString(photo)
		if !bytes.Contains(fs["attachments.ndjson"], []byte(want)) {
			t.Fatalf("the bundle does not carry the file: %.200s", fs["attachments.ndjson"])
		}
		fs["attachments.ndjson"] = bytes.Replace(fs["attachments.ndjson"], []byte(want), []byte(other), 1)
	}, nil)
	rs := r.importOK(bad)
	if rs[0].Rejected != 1 {
		t.Fatalf("rejected %d", rs[0].Rejected)
	}
	receipt, err := r.hq.Receipt(ctx, "T01", 1)
	if err != nil || !strings.Contains(string(receipt), fmt.Sprintf("附件 %d（走访.png）附件内容与其 SHA-256 不符", a.ID)) {
		t.Fatalf("receipt %s %v", receipt, err)
	}
	if as, err := r.hq.Attachments(ctx, "", "", ""); err != nil || len(as) != 0 {
		t.Fatalf("the doctored file was taken: %+v %v", as, err)
	}
}

// The same file, untouched, comes out at head office as it went in.
func TestAttachmentSameBytesAtHeadOffice(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	fin, err := finance.New(sqlstore.Finance(r.db), r.clock, func(p string) string { return p + "0001" })
	if err != nil {
		t.Fatal(err)
	}
	off, _ := r.svc.Login(ctx, "2001", "pass2001")
	rec, err := fin.NewSurvey(ctx, off)
	if err != nil {
		t.Fatal(err)
	}
	form := []byte("%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF\n")
	a, err := fin.AddAttachment(ctx, off, attach.OnSurvey, rec.ID, "签字表.pdf", attach.SignedForm, form)
	if err != nil {
		t.Fatal(err)
	}
	if rs := r.importOK(r.export()); rs[0].Rejected != 0 {
		t.Fatalf("rejected %d", rs[0].Rejected)
	}
	as, err := r.hq.Attachments(ctx, "0101", attach.OnSurvey, rec.ID)
	if err != nil || len(as) != 1 || as[0].SHA256 != a.SHA256 || as[0].Name != "签字表.pdf" || as[0].Branch != "0101" {
		t.Fatalf("%+v %v", as, err)
	}
	got, data, err := r.hq.AttachmentFile(ctx, as[0].ID())
	if err != nil || !bytes.Equal(data, form) || got.Kind != string(attach.SignedForm) {
		t.Fatalf("%+v %v", got, err)
	}
	if _, _, err := r.hq.AttachmentFile(ctx, "T09/1"); err == nil {
		t.Fatal("another terminal's id gave a file")
	}
	// Taken off the survey at the branch: head office keeps the file and
	// shows why.
	if err := fin.RemoveAttachment(ctx, off, a.ID, "签错了表"); err != nil {
		t.Fatal(err)
	}
	if rs := r.importOK(r.export()); rs[0].Rejected != 0 {
		t.Fatalf("rejected %d", rs[0].Rejected)
	}
	if as, err = r.hq.Attachments(ctx, "0101", "", ""); err != nil || len(as) != 1 || as[0].Removed != "签错了表" {
		t.Fatalf("%+v %v", as, err)
	}
}
