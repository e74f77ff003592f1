package bundle

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"strings"
	"testing"

	"branchdesk/domain/attach"
	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/sync"
	"branchdesk/storage/sqlstore"
)

// attached is a rig whose officer 2001 kept a photo on a new survey.
func attached(t *testing.T) (r *rig, fin *finance.Service, off *counter.Session, a attach.Attachment, photo []byte) {
	t.Helper()
	r = newRig(t)
	ctx := context.Background()
	fin, err := finance.New(sqlstore.Finance(r.db), r.clock, func(p string) string { return p + "0001" })
	if err != nil {
		t.Fatal(err)
	}
	if off, err = r.svc.Login(ctx, "2001", "pass2001"); err != nil {
		t.Fatal(err)
	}
	rec, err := fin.NewSurvey(ctx, off)
	if err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 200, 100)))
	photo = img.Bytes()
	if a, err = fin.AddAttachment(ctx, off, attach.OnSurvey, rec.ID, "走访.png", attach.Visit, photo); err != nil {
		t.Fatal(err)
	}
	return r, fin, off, a, photo
}

// changedBundle is the rig's next bundle with the photo's bytes changed
// (same size) and signed by the terminal; with hash, the record's
// SHA-256 is changed to match.
func changedBundle(t *testing.T, r *rig, a attach.Attachment, photo []byte, hash bool) []byte {
	t.Helper()
	changed := bytes.Clone(photo)
	changed[len(changed)/2] ^= 0xFF
	return r.forge(r.export(), r.term.key, func(fs map[string][]byte) {
		f := fs["attachments.ndjson"]
		was := []byte(base64.StdEncoding.EncodeToString(photo))
		if !bytes.Contains(f, was) {
			t.Fatalf("the bundle does not carry the file: %.200s", f)
		}
		f = bytes.Replace(f, was, []byte(base64.StdEncoding.EncodeToString(changed)), 1)
		if hash {
			f = bytes.Replace(f, []byte(a.SHA256), []byte(attach.Sum(changed)), 1)
		}
		fs["attachments.ndjson"] = f
	}, nil)
}

// TestAttachmentCarriedUp (issue 14 item 2), on either branch store: a
// bundle the terminal signed whose file no longer matches the SHA-256
// its record names has that record refused with the reason, the rest
// taken.
func TestAttachmentCarriedUp(t *testing.T) {
	r, _, _, a, photo := attached(t)
	ctx := context.Background()
	if rs := r.importOK(changedBundle(t, r, a, photo, false)); rs[0].Rejected != 1 {
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

// TestAttachmentSealedHash: a file changed together with its record's
// hash is refused too — the audit row that added it sealed the hash the
// file had.
func TestAttachmentSealedHash(t *testing.T) {
	r, _, _, a, photo := attached(t)
	if rs := r.importOK(changedBundle(t, r, a, photo, true)); rs[0].Rejected != 1 {
		t.Fatalf("rejected %d", rs[0].Rejected)
	}
	receipt, err := r.hq.Receipt(context.Background(), "T01", 1)
	if err != nil || !strings.Contains(string(receipt), fmt.Sprintf("附件 %d（走访.png）的 SHA-256 与其审计记录不符（被改动）", a.ID)) {
		t.Fatalf("receipt %s %v", receipt, err)
	}
}

// The same file, untouched, comes out at head office as it went in; a
// file taken off its record at the branch is listed with the reason.
func TestAttachmentSameBytesAtHeadOffice(t *testing.T) {
	r, fin, off, a, photo := attached(t)
	ctx := context.Background()
	if rs := r.importOK(r.export()); rs[0].Rejected != 0 {
		t.Fatalf("rejected %d", rs[0].Rejected)
	}
	as, err := r.hq.Attachments(ctx, "0101", attach.OnSurvey, a.RecordID)
	if err != nil || len(as) != 1 || as[0].SHA256 != a.SHA256 || as[0].Name != "走访.png" || as[0].Branch != "0101" {
		t.Fatalf("%+v %v", as, err)
	}
	got, data, err := r.hq.AttachmentFile(ctx, as[0].ID())
	if err != nil || !bytes.Equal(data, photo) || got.Kind != string(attach.Visit) {
		t.Fatalf("%+v %v", got, err)
	}
	if _, _, err := r.hq.AttachmentFile(ctx, "T09/1"); err == nil {
		t.Fatal("another terminal's id gave a file")
	}
	if err := fin.RemoveAttachment(ctx, off, a.ID, "拍错了企业"); err != nil {
		t.Fatal(err)
	}
	if rs := r.importOK(r.export()); rs[0].Rejected != 0 {
		t.Fatalf("rejected %d", rs[0].Rejected)
	}
	if as, err = r.hq.Attachments(ctx, "0101", "", ""); err != nil || len(as) != 1 || as[0].Removed != "拍错了企业" {
		t.Fatalf("%+v %v", as, err)
	}
	// As the printed survey takes it: the branch's file, taken off.
	held := as[0].Attachment()
	if held.ID != a.ID || held.Record != attach.OnSurvey || held.RecordID != a.RecordID || held.Name != a.Name || held.Kind != a.Kind ||
		held.Size != a.Size || held.SHA256 != a.SHA256 || held.AddedBy != a.AddedBy || !held.AddedAt.Equal(a.AddedAt) ||
		held.Hidden || held.Removed == nil || held.Removed.Reason != "拍错了企业" {
		t.Fatalf("head office's file as an attachment: %+v, the branch's %+v", held, a)
	}
}

// TestAttachmentBundleBudget (issue 14 item 2): files beyond one
// bundle's budget wait for the next bundle, at least one file a bundle;
// three files with room for one go up in three bundles, all taken, each
// held to the SHA-256 its audit row sealed, which went up in the first.
func TestAttachmentBundleBudget(t *testing.T) {
	r, fin, off, a, photo := attached(t)
	ctx := context.Background()
	r.db.SetUpFileBudget(int64(len(photo)) + 1)
	ids := []int64{a.ID}
	for _, name := range []string{"抵押物.png", "签字.png"} {
		var img bytes.Buffer
		png.Encode(&img, image.NewGray(image.Rect(0, 0, 200, 100+len(ids))))
		b, err := fin.AddAttachment(ctx, off, attach.OnSurvey, a.RecordID, name, attach.Collateral, img.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, b.ID)
	}
	for i := range ids {
		data := r.export()
		if i == 0 && bytes.Contains(data, []byte(`"thumb"`)) {
			t.Fatal("the thumbnail went up")
		}
		if rs := r.importOK(data); rs[0].Rejected != 0 {
			t.Fatalf("bundle %d: rejected %d", i+1, rs[0].Rejected)
		}
		as, err := r.hq.Attachments(ctx, "0101", "", "")
		if err != nil || len(as) != i+1 || as[i].RID != ids[i] {
			t.Fatalf("bundle %d: %+v %v", i+1, as, err)
		}
	}
}

// TestAttachmentBudgetSealChecked: a file that waited for a later bundle
// and was changed with its hash there is refused by the seal head office
// took before; one that no audit row sealed at all is refused too.
func TestAttachmentBudgetSealChecked(t *testing.T) {
	r, fin, off, a, _ := attached(t)
	ctx := context.Background()
	r.db.SetUpFileBudget(1)
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 100, 100)))
	second, err := fin.AddAttachment(ctx, off, attach.OnSurvey, a.RecordID, "抵押物.png", attach.Collateral, img.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if rs := r.importOK(r.export()); rs[0].Rejected != 0 {
		t.Fatalf("rejected %d", rs[0].Rejected)
	}
	if rs := r.importOK(changedBundle(t, r, second, img.Bytes(), true)); rs[0].Rejected != 1 {
		t.Fatalf("rejected %d", rs[0].Rejected)
	}
	receipt, err := r.hq.Receipt(ctx, "T01", 2)
	if err != nil || !strings.Contains(string(receipt), fmt.Sprintf("附件 %d（抵押物.png）的 SHA-256 与其审计记录不符（被改动）", second.ID)) {
		t.Fatalf("receipt %s %v", receipt, err)
	}
}

// TestAttachmentExtractChecksSeal (review): extract holds a file to the
// SHA-256 its audit row sealed, as import does: a file changed at head
// office together with its record's hash and size is not given out.
func TestAttachmentExtractChecksSeal(t *testing.T) {
	r, _, _, a, _ := attached(t)
	ctx := context.Background()
	if rs := r.importOK(r.export()); rs[0].Rejected != 0 {
		t.Fatalf("rejected %d", rs[0].Rejected)
	}
	id := fmt.Sprintf("T01/%d", a.ID)
	if _, _, err := r.hq.AttachmentFile(ctx, id); err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 30, 30)))
	var rec sync.AttachmentRecord
	var data []byte
	if err := r.hq.DB().QueryRow(`SELECT data FROM records WHERE type = 'attachments' AND rid = ?`, a.ID).Scan(&data); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatal(err)
	}
	rec.Data, rec.Size, rec.SHA256 = base64.StdEncoding.EncodeToString(img.Bytes()), int64(img.Len()), attach.Sum(img.Bytes())
	changed, _ := json.Marshal(rec)
	if _, err := r.hq.DB().Exec(`UPDATE records SET data = ? WHERE type = 'attachments' AND rid = ?`, changed, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, got, err := r.hq.AttachmentFile(ctx, id); !errors.Is(err, ErrAttachmentSeal) || got != nil || !strings.Contains(err.Error(), "与其审计记录不符") {
		t.Fatalf("a changed file given out: %v", err)
	}
}

// TestAttachmentRemovalOfFileNotHeld (review): a removal pointing at a
// file head office does not hold — refused in the same bundle — is
// refused with the reason.
func TestAttachmentRemovalOfFileNotHeld(t *testing.T) {
	r, fin, off, a, photo := attached(t)
	ctx := context.Background()
	if err := fin.RemoveAttachment(ctx, off, a.ID, "拍错了企业"); err != nil {
		t.Fatal(err)
	}
	if rs := r.importOK(changedBundle(t, r, a, photo, false)); rs[0].Rejected != 2 {
		t.Fatalf("rejected %d", rs[0].Rejected)
	}
	receipt, err := r.hq.Receipt(ctx, "T01", 1)
	if err != nil || !strings.Contains(string(receipt), fmt.Sprintf("撤下的附件 %d 总行没有收到，未收", a.ID)) {
		t.Fatalf("receipt %s %v", receipt, err)
	}
}

// TestAttachmentListWithoutBytes (review): the list cuts a file's bytes
// off its record rather than parsing them, and reads a record whose
// bytes are not its last field the same.
func TestAttachmentListWithoutBytes(t *testing.T) {
	r, _, _, a, _ := attached(t)
	ctx := context.Background()
	if rs := r.importOK(r.export()); rs[0].Rejected != 0 {
		t.Fatalf("rejected %d", rs[0].Rejected)
	}
	cut, err := r.hq.Attachments(ctx, "", "", "")
	if err != nil || len(cut) != 1 || cut[0].Data != "" || cut[0].Name != "走访.png" || cut[0].SHA256 != a.SHA256 || cut[0].Size != a.Size {
		t.Fatalf("%+v %v", cut, err)
	}
	// As the terminal writes it, the record ends with the file's base64.
	var data []byte
	var last bool
	if err := r.hq.DB().QueryRow(`SELECT data, length(data) = instr(data, CAST(',"data":' AS BLOB)) + 10 + 4 * ((json_extract(data, '$.size') + 2) / 3)
		FROM records WHERE type = 'attachments'`).Scan(&data, &last); err != nil || !last {
		t.Fatalf("the bytes are not the record's last field: %v %.300s", err, data)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	sorted, _ := json.Marshal(m) // keys in order: "data" is no longer last
	if _, err := r.hq.DB().Exec(`UPDATE records SET data = ? WHERE type = 'attachments'`, sorted); err != nil {
		t.Fatal(err)
	}
	parsed, err := r.hq.Attachments(ctx, "", "", "")
	if err != nil || len(parsed) != 1 || parsed[0] != cut[0] {
		t.Fatalf("%+v %v, want %+v", parsed, err, cut)
	}
}

// TestAttachmentRemovalWaitsForItsFile (issue 14 item 2): a file left
// for the next bundle by the budget and removed meanwhile keeps its
// removal back too — head office would refuse a removal of a file it
// does not hold, and the removal would never go up again — so the
// removal goes up with its file and head office lists it removed.
func TestAttachmentRemovalWaitsForItsFile(t *testing.T) {
	r, fin, off, a, photo := attached(t)
	ctx := context.Background()
	r.db.SetUpFileBudget(int64(len(photo)) + 1)
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 200, 101)))
	second, err := fin.AddAttachment(ctx, off, attach.OnSurvey, a.RecordID, "抵押物.png", attach.Collateral, img.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := fin.RemoveAttachment(ctx, off, second.ID, "拍错了企业"); err != nil {
		t.Fatal(err)
	}
	first := r.export()
	if bytes.Contains(first, []byte("拍错了企业")) {
		t.Fatal("the removal went up before its file")
	}
	if rs := r.importOK(first); rs[0].Rejected != 0 {
		t.Fatalf("bundle 1: rejected %d", rs[0].Rejected)
	}
	if as, err := r.hq.Attachments(ctx, "0101", "", ""); err != nil || len(as) != 1 || as[0].RID != a.ID || as[0].Removed != "" {
		t.Fatalf("bundle 1: %+v %v", as, err)
	}
	if rs := r.importOK(r.export()); rs[0].Rejected != 0 {
		t.Fatalf("bundle 2: rejected %d", rs[0].Rejected)
	}
	as, err := r.hq.Attachments(ctx, "0101", "", "")
	if err != nil || len(as) != 2 || as[0].Removed != "" || as[1].RID != second.ID || as[1].Removed != "拍错了企业" {
		t.Fatalf("bundle 2: %+v %v", as, err)
	}
}
