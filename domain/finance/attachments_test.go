package finance_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"testing"

	"branchdesk/domain/attach"
	"branchdesk/domain/attach/attachtest"
	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
)

func pngBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 320, 200))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func (d *desk) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAttachmentOnSurveyAndDemand (issue 14 item 2): the officer keeps a
// photo on the survey and a signed form of exactly the 10 MiB limit on
// the demand; each comes back byte for byte with its SHA-256, every
// addition and every view audited; the table refuses UPDATE and DELETE.
func TestAttachmentOnSurveyAndDemand(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	off := d.login(t, "2001")
	rec, demand, err := d.collected(t, off, filled("2001"))
	if err != nil {
		t.Fatal(err)
	}
	photo := pngBytes(t)
	a, err := d.fin.AddAttachment(ctx, off, attach.OnSurvey, rec.ID, "营业执照.png", attach.Licence, photo)
	if err != nil || a.ID == 0 || a.SHA256 != attach.Sum(photo) {
		t.Fatalf("%+v %v", a, err)
	}
	form := attachtest.PDFOf(attach.MaxSize)
	b, err := d.fin.AddAttachment(ctx, off, attach.OnDemand, demand, "签字表.pdf", attach.SignedForm, form)
	if err != nil || b.Size != attach.MaxSize {
		t.Fatalf("%+v %v", b, err)
	}
	list, err := d.fin.Attachments(ctx, off, attach.OnSurvey, rec.ID)
	if err != nil || len(list) != 1 || list[0].Name != "营业执照.png" || list[0].Kind != attach.Licence || list[0].ContentType != attach.PNG || len(list[0].Thumb) == 0 {
		t.Fatalf("%+v %v", list, err)
	}
	for _, c := range []struct {
		id   int64
		want []byte
	}{{a.ID, photo}, {b.ID, form}} {
		got, data, err := d.fin.AttachmentFile(ctx, off, c.id)
		if err != nil || !bytes.Equal(data, c.want) || got.SHA256 != attach.Sum(c.want) {
			t.Fatalf("file %d: %v", c.id, err)
		}
	}
	if !d.audited(t, "添加附件") || !d.audited(t, "签字表.pdf") || !d.audited(t, "查看融资需求 "+demand+"的附件") {
		t.Fatal("not audited")
	}
	// The files' hashes sealed in the audit chain leave the books whole.
	if c, err := d.svc.CheckBooks(ctx, nil); err != nil || len(c.Findings) != 0 {
		t.Fatalf("books: %+v %v", c.Findings, err)
	}
	if _, brk, err := d.svc.VerifyAudit(ctx); err != nil || brk != nil {
		t.Fatalf("audit chain: %v %v", brk, err)
	}
	for _, q := range []string{`UPDATE attachments SET name = 'x'`, `DELETE FROM attachments`} {
		if _, err := d.db.Exec(ctx, q); err == nil {
			t.Fatalf("%s went through", q)
		}
	}
	if _, _, err := d.fin.AttachmentFile(ctx, off, 999); !errors.Is(err, attach.ErrNoSuchFile) {
		t.Fatalf("no such file: %v", err)
	}
}

// TestAttachmentRefusedStoresNothing: a PDF named .png, a file one byte
// over the limit, an empty one, a missing kind and an unknown record are
// refused with the reason; nothing is kept and nothing audited.
func TestAttachmentRefusedStoresNothing(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	off := d.login(t, "2001")
	rec, _, err := d.collected(t, off, filled("2001"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		rec  attach.RecordKind
		id   string
		name string
		kind attach.Kind
		data []byte
		want error
	}{
		{attach.OnSurvey, rec.ID, "营业执照.png", attach.Licence, attachtest.PDFOf(2000), attach.ErrMismatch},
		{attach.OnSurvey, rec.ID, "签字表.pdf", attach.SignedForm, attachtest.PDFOf(attach.MaxSize + 1), attach.ErrTooLarge},
		{attach.OnSurvey, rec.ID, "空.pdf", attach.Other, nil, attach.ErrEmpty},
		{attach.OnSurvey, rec.ID, "照.png", "", pngBytes(t), attach.ErrKind},
		{attach.OnSurvey, "S9999", "照.png", attach.Visit, pngBytes(t), finance.ErrNoSuchSurvey},
		{attach.OnDemand, "D9999", "照.png", attach.Visit, pngBytes(t), finance.ErrNoSuchDemand},
	} {
		if _, err := d.fin.AddAttachment(ctx, off, c.rec, c.id, c.name, c.kind, c.data); !errors.Is(err, c.want) {
			t.Fatalf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if n := d.count(t, `SELECT COUNT(*) FROM attachments`); n != 0 {
		t.Fatalf("%d files kept", n)
	}
	if d.audited(t, "附件") {
		t.Fatal("a refusal was audited as an addition")
	}
}

// TestAttachmentMaskedForOthers: another officer sees how many files a
// record has and of which kind, never their names or bytes, and may not
// add one; the branch's A sees them in full, a B who is no officer as
// masked as the record's contacts.
func TestAttachmentMaskedForOthers(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	off, other, mgr := d.login(t, "2001"), d.login(t, "2002"), d.login(t, "3001")
	rec, _, err := d.collected(t, off, filled("2001"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := d.fin.AddAttachment(ctx, off, attach.OnSurvey, rec.ID, "抵押物.png", attach.Collateral, pngBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	seen, err := d.fin.Attachments(ctx, other, attach.OnSurvey, rec.ID)
	if err != nil || len(seen) != 1 || !seen[0].Hidden || seen[0].Name != "" || seen[0].SHA256 != "" || seen[0].Thumb != nil || seen[0].Kind != attach.Collateral {
		t.Fatalf("2002 sees %+v %v", seen, err)
	}
	if _, data, err := d.fin.AttachmentFile(ctx, other, a.ID); !errors.Is(err, attach.ErrHiddenFile) || data != nil {
		t.Fatalf("2002 opened the file: %v", err)
	}
	if _, err := d.fin.AddAttachment(ctx, other, attach.OnSurvey, rec.ID, "照.png", attach.Visit, pngBytes(t)); !errors.Is(err, finance.ErrNotYourRecord) {
		t.Fatalf("2002 added a file: %v", err)
	}
	full, err := d.fin.Attachments(ctx, mgr, attach.OnSurvey, rec.ID)
	if err != nil || len(full) != 1 || full[0].Hidden || full[0].Name != "抵押物.png" {
		t.Fatalf("the A sees %+v %v", full, err)
	}
	if _, _, err := d.fin.AttachmentFile(ctx, mgr, a.ID); err != nil {
		t.Fatal(err)
	}
	// A B who is no officer sees the branch's figures, not its contacts:
	// its files are masked as the contacts are.
	sup := d.addSupervisor(t)
	if seen, err := d.fin.Attachments(ctx, sup, attach.OnSurvey, rec.ID); err != nil || len(seen) != 1 || !seen[0].Hidden {
		t.Fatalf("the B sees %+v %v", seen, err)
	}
	if _, _, err := d.fin.AttachmentFile(ctx, sup, a.ID); !errors.Is(err, attach.ErrHiddenFile) {
		t.Fatalf("the B opened the file: %v", err)
	}
	if _, err := d.fin.AddAttachment(ctx, sup, attach.OnSurvey, rec.ID, "照.png", attach.Visit, pngBytes(t)); !errors.Is(err, finance.ErrNotYourRecord) {
		t.Fatalf("the B added a file: %v", err)
	}
	for sess, want := range map[*counter.Session]error{off: nil, mgr: nil, other: finance.ErrNotYourRecord, sup: finance.ErrNotYourRecord} {
		if err := d.fin.MayAttach(ctx, sess, attach.OnSurvey, rec.ID); !errors.Is(err, want) {
			t.Fatalf("MayAttach of %s: %v, want %v", sess.User().ID, err, want)
		}
	}
	if _, err := d.fin.Attachments(ctx, d.login(t, "1001"), attach.OnSurvey, rec.ID); !errors.Is(err, finance.ErrNotOfficer) {
		t.Fatalf("a clerk reads the files: %v", err)
	}
}

// TestAttachmentRemovedKeptWithReason: the officer takes a wrong file off
// the survey with a reason — a new row pointing at it, audited; the file
// is kept and still readable; a second removal, one without a reason and
// another officer's are refused.
func TestAttachmentRemovedKeptWithReason(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	off, other := d.login(t, "2001"), d.login(t, "2002")
	rec, _, err := d.collected(t, off, filled("2001"))
	if err != nil {
		t.Fatal(err)
	}
	photo := pngBytes(t)
	a, err := d.fin.AddAttachment(ctx, off, attach.OnSurvey, rec.ID, "走访.png", attach.Visit, photo)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.fin.RemoveAttachment(ctx, off, a.ID, ""); !errors.Is(err, attach.ErrRemoveReason) {
		t.Fatalf("no reason: %v", err)
	}
	if err := d.fin.RemoveAttachment(ctx, other, a.ID, "不是这家企业"); !errors.Is(err, finance.ErrNotYourRecord) {
		t.Fatalf("2002 removed it: %v", err)
	}
	if err := d.fin.RemoveAttachment(ctx, off, a.ID, "传错了照片"); err != nil {
		t.Fatal(err)
	}
	if err := d.fin.RemoveAttachment(ctx, off, a.ID, "再撤一次"); !errors.Is(err, attach.ErrRemoved) {
		t.Fatalf("twice: %v", err)
	}
	list, err := d.fin.Attachments(ctx, off, attach.OnSurvey, rec.ID)
	if err != nil || len(list) != 1 || list[0].Removed == nil || list[0].Removed.Reason != "传错了照片" || list[0].Removed.By != "2001" {
		t.Fatalf("%+v %v", list, err)
	}
	if _, data, err := d.fin.AttachmentFile(ctx, off, a.ID); err != nil || !bytes.Equal(data, photo) {
		t.Fatalf("the removed file is gone: %v", err)
	}
	if !d.audited(t, "撤下附件") || d.count(t, `SELECT COUNT(*) FROM attachment_removals`) != 1 {
		t.Fatal("removal not kept or not audited")
	}
	for _, q := range []string{`UPDATE attachment_removals SET reason = 'x'`, `DELETE FROM attachment_removals`} {
		if _, err := d.db.Exec(ctx, q); err == nil {
			t.Fatalf("%s went through", q)
		}
	}
}
