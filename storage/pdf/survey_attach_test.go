package pdf

import (
	"io"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/attach"
)

// surveyFiles are a survey's files as its officer sees them: two on the
// record and one taken off it.
func surveyFiles() []attach.Attachment {
	cst := time.FixedZone("CST", 8*3600)
	return []attach.Attachment{
		{ID: 1, Record: attach.OnSurvey, RecordID: "S-2025-0042", Name: "licence.jpg", Kind: attach.Licence,
			ContentType: attach.JPEG, Size: 12800, SHA256: strings.Repeat("ab", 32), AddedBy: "2001",
			AddedAt: time.Date(2025, 6, 15, 9, 40, 0, 0, cst)},
		{ID: 2, Record: attach.OnSurvey, RecordID: "S-2025-0042", Name: "房产证.pdf", Kind: attach.Collateral,
			ContentType: attach.PDF, Size: 3 << 20, SHA256: "0123456789abcdef" + strings.Repeat("9", 48), AddedBy: "2002",
			AddedAt: time.Date(2025, 6, 15, 10, 5, 0, 0, cst)},
		{ID: 3, Record: attach.OnSurvey, RecordID: "S-2025-0042", Name: "wrong.png", Kind: attach.Visit,
			ContentType: attach.PNG, Size: 2048, SHA256: strings.Repeat("cd", 32), AddedBy: "2001",
			AddedAt: time.Date(2025, 6, 15, 10, 30, 0, 0, cst),
			Removed: &attach.Removal{Attachment: 3, Reason: "传错照片", By: "2001", At: time.Date(2025, 6, 15, 10, 35, 0, 0, cst)}},
	}
}

// lineWith is the line of text holding s, "" if none.
func lineWith(text, s string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func TestAttachmentListedOnSurveyPDF(t *testing.T) {
	r := finalSurvey()
	files := surveyFiles()
	text := extractKept(t, "survey-attachments", func(w io.Writer) error { return WriteSurvey(w, r, "小型", files) })
	mustContain(t, text, "附件", "类别", "文件名", "大小", "添加人", "添加时间", "SHA-256", "备注")
	rows := [][]string{
		{"营业执照", "licence.jpg", "12.5 KB", "2001", files[0].AddedAt.Local().Format("2006-01-02 15:04"), "abababababababab…"},
		{"抵押物照片", "房产证.pdf", "3 MB", "2002", files[1].AddedAt.Local().Format("2006-01-02 15:04"), "0123456789abcdef…"},
		{"走访照片", "wrong.png", "2 KB", "2001", files[2].AddedAt.Local().Format("2006-01-02 15:04"), "cdcdcdcdcdcdcdcd…", "已撤下：传错照片"},
	}
	for i, want := range rows {
		if string(files[i].Kind) != want[0] {
			t.Fatalf("fixture kind %q, test expects %q", files[i].Kind, want[0])
		}
		line := squeeze(lineWith(text, want[1]))
		for _, cell := range want {
			if !strings.Contains(line, squeeze(cell)) {
				t.Errorf("row of %s lacks %q: %q", want[1], cell, line)
			}
		}
	}
	for _, a := range files {
		if strings.Contains(squeeze(text), a.SHA256) {
			t.Errorf("whole SHA-256 of %s printed; want the first 16 hex", a.Name)
		}
	}
	if strings.Contains(text, "无附件") || strings.Contains(text, "非本人负责") {
		t.Errorf("owner's PDF says no files or masks them:\n%s", text)
	}
	// The PDF still closes with the signatures after the list.
	if strings.LastIndex(text, "调查人") < strings.LastIndex(text, "licence.jpg") {
		t.Errorf("signatures come before the attachments:\n%s", text)
	}
}

func TestAttachmentMaskedOnSurveyPDFShowsCountsOnly(t *testing.T) {
	r := finalSurvey()
	var masked []attach.Attachment
	for _, a := range surveyFiles() {
		masked = append(masked, attach.Mask(a))
	}
	text := extractKept(t, "survey-attachments-masked", func(w io.Writer) error { return WriteSurvey(w, r, "小型", masked) })
	mustContain(t, text, "附件", "非本人负责的记录，只显示附件的数量和类别：营业执照 1 个、抵押物照片 1 个")
	for _, a := range surveyFiles() {
		for _, secret := range []string{a.Name, a.SHA256[:16], attach.SizeText(a.Size)} {
			if strings.Contains(squeeze(text), squeeze(secret)) {
				t.Errorf("masked PDF shows %q", secret)
			}
		}
	}
	// A file taken off the record is not counted; nor is its reason shown.
	for _, s := range []string{"走访照片", "传错照片", "已撤下", "SHA-256", "无附件"} {
		if strings.Contains(text, s) {
			t.Errorf("masked PDF shows %q:\n%s", s, text)
		}
	}
}

func TestAttachmentNoneOnSurveyPDF(t *testing.T) {
	text := extract(t, func(w io.Writer) error { return WriteSurvey(w, finalSurvey(), "小型", nil) })
	mustContain(t, text, "附件 无附件")
	if strings.Contains(text, "SHA-256") {
		t.Errorf("PDF without files draws the table:\n%s", text)
	}
}
