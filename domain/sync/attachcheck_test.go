package sync

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"branchdesk/domain/attach"
	"branchdesk/domain/attach/attachtest"
	"branchdesk/domain/audit"
)

func attachmentLine(t *testing.T, name, typ string, data []byte, size int64, sum string) []byte {
	t.Helper()
	b, err := json.Marshal(AttachmentRecord{ID: 7, Branch: "0101", RecordKind: "survey", RecordID: "S1", Name: name, Kind: "签字表格",
		ContentType: typ, Size: size, SHA256: sum, AddedBy: "2001", AddedAt: "2026-11-23T09:00:00Z", Data: base64.StdEncoding.EncodeToString(data)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAttachmentHeadOfficeCheck: head office takes a file only when its
// bytes are the size, SHA-256 and type its record names.
func TestAttachmentHeadOfficeCheck(t *testing.T) {
	pdf := attachtest.PDF(1)
	sum := attach.Sum(pdf)
	n := int64(len(pdf))
	cases := []struct {
		name string
		line []byte
		want string
	}{
		{"good", attachmentLine(t, "表.pdf", attach.PDF, pdf, n, sum), ""},
		{"hash", attachmentLine(t, "表.pdf", attach.PDF, pdf, n, attach.Sum([]byte("x"))), "SHA-256 不符"},
		{"size", attachmentLine(t, "表.pdf", attach.PDF, pdf, n+1, sum), "大小不符"},
		{"type", attachmentLine(t, "表.png", attach.PNG, pdf, n, sum), "与其类型不符"},
		{"type named", attachmentLine(t, "表.pdf", attach.PNG, pdf, n, sum), "与其类型不符"},
		{"base64", []byte(`{"id":7,"data":"@@@"}`), "内容无法读取"},
	}
	for _, c := range cases {
		_, data, err := ReadAttachment(c.line)
		if c.want == "" {
			if err != nil || string(data) != string(pdf) {
				t.Fatalf("%s: %v", c.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	seal := func(string) string { return sum }
	refused := CheckRecords(map[string][][]byte{"attachments": {cases[0].line, cases[1].line}}, nil, nil, seal)
	if len(refused) != 1 || refused[0].Index != 1 || !strings.HasSuffix(refused[0].Reason, "，未收") {
		t.Fatalf("%+v", refused)
	}
}

// A file changed with its record's hash to match is still refused: the
// audit row that added it sealed the hash it had.
func TestAttachmentSealedInAudit(t *testing.T) {
	pdf := attachtest.PDF(1)
	other := attachtest.PDF(2)
	row := func(sum string) []byte {
		b, _ := json.Marshal(map[string]any{"_rowid": 1, "id": 1,
			"detail": audit.WithDigests("调查表 S1添加附件 7", audit.Sealed{Subject: attach.Subject(7), Digest: sum})})
		return b
	}
	changed := attachmentLine(t, "表.pdf", attach.PDF, other, int64(len(other)), attach.Sum(other))
	kept := attachmentLine(t, "表.pdf", attach.PDF, pdf, int64(len(pdf)), attach.Sum(pdf))
	for _, c := range []struct {
		name        string
		line        []byte
		audits, all [][]byte
		want        string
	}{
		{"sealed", kept, [][]byte{row(attach.Sum(pdf))}, [][]byte{row(attach.Sum(pdf))}, ""},
		{"changed with its hash", changed, [][]byte{row(attach.Sum(pdf))}, [][]byte{row(attach.Sum(pdf))}, "与其审计记录不符（被改动）"},
		{"audit row refused", kept, nil, [][]byte{row(attach.Sum(pdf))}, "审计记录未收"},
		{"no seal anywhere", kept, nil, nil, "缺少封存其 SHA-256 的审计记录"},
		{"sealed earlier", kept, nil, nil, ""},
		{"changed, sealed earlier", changed, nil, nil, "与其审计记录不符（被改动）"},
	} {
		var earlier EarlierSeal
		if strings.Contains(c.name, "earlier") {
			earlier = func(subj string) string {
				if subj == attach.Subject(7) {
					return attach.Sum(pdf)
				}
				return ""
			}
		}
		refused := CheckRecords(map[string][][]byte{"attachments": {c.line}}, c.audits, c.all, earlier)
		switch {
		case c.want == "" && len(refused) != 0:
			t.Fatalf("%s: %+v", c.name, refused)
		case c.want != "" && (len(refused) != 1 || !strings.Contains(refused[0].Reason, c.want)):
			t.Fatalf("%s: %+v", c.name, refused)
		}
	}
}

func FuzzReadAttachment(f *testing.F) {
	f.Add([]byte(`{"id":1,"name":"a.pdf","size":5,"data":"JVBERi0="}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		a, data, err := ReadAttachment(line)
		if err == nil && (attach.Sum(data) != strings.ToLower(a.SHA256) || int64(len(data)) != a.Size) {
			t.Fatalf("%q taken", line)
		}
	})
}

// TestAttachmentReasonsOnReceipt (review): a receipt's reason for a file
// is Chinese — a PDF recorded as a PNG names both types, never "<nil>";
// a record that is not JSON is named without the parser's English.
func TestAttachmentReasonsOnReceipt(t *testing.T) {
	pdf := attachtest.PDF(1)
	for _, line := range [][]byte{
		attachmentLine(t, "表.pdf", attach.PNG, pdf, int64(len(pdf)), attach.Sum(pdf)),
		[]byte(`{"id":`),
		attachmentLine(t, "表.png", attach.PNG, pdf, int64(len(pdf)), attach.Sum(pdf)),
	} {
		_, _, err := ReadAttachment(line)
		if err == nil || strings.Contains(err.Error(), "nil") || len(attachtest.LatinWords(err.Error())) > 0 {
			t.Fatalf("%v", err)
		}
	}
	_, _, err := ReadAttachment(attachmentLine(t, "表.pdf", attach.PNG, pdf, int64(len(pdf)), attach.Sum(pdf)))
	if !strings.Contains(err.Error(), "记录为PNG 图片，内容为PDF 文件") {
		t.Fatalf("%v", err)
	}
}
