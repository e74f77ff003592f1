package sync

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"branchdesk/domain/attach"
)

// AttachmentRecord is an attachments row as an up bundle carries it; the
// file's bytes are base64 in Data.
type AttachmentRecord struct {
	ID          int64  `json:"id"`
	Branch      string `json:"branch_id"`
	RecordKind  string `json:"record_kind"`
	RecordID    string `json:"record_id"`
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	AddedBy     string `json:"added_by"`
	AddedAt     string `json:"added_at"`
	Data        string `json:"data"`
}

// ReadAttachment reads an attachments record and its file's bytes, and
// refuses it when the bytes are not the size and SHA-256 the record
// names, or not the file its name says (attach.Check): head office keeps
// only the file the branch kept.
func ReadAttachment(rec []byte) (AttachmentRecord, []byte, error) {
	var a AttachmentRecord
	if err := json.Unmarshal(rec, &a); err != nil {
		return a, nil, errors.New("附件记录无法读取")
	}
	data, err := base64.StdEncoding.DecodeString(a.Data)
	if err != nil {
		return a, nil, fmt.Errorf("附件 %d 的内容无法读取", a.ID)
	}
	if int64(len(data)) != a.Size {
		return a, nil, fmt.Errorf("附件 %d（%s）大小不符：记录 %d 字节，内容 %d 字节", a.ID, a.Name, a.Size, len(data))
	}
	if err := attach.Verify(data, a.SHA256); err != nil {
		return a, nil, fmt.Errorf("附件 %d（%s）%w", a.ID, a.Name, err)
	}
	typ, err := attach.Check(a.Name, data)
	switch {
	case err != nil:
		return a, nil, fmt.Errorf("附件 %d（%s）与其类型不符：%w", a.ID, a.Name, err)
	case typ != a.ContentType:
		return a, nil, fmt.Errorf("附件 %d（%s）与其类型不符：记录为%s，内容为%s", a.ID, a.Name, attach.TypeText(a.ContentType), attach.TypeText(typ))
	}
	return a, data, nil
}

// EarlierSeal finds the digest an audit row head office took from an
// earlier bundle sealed for subject, "" when none did.
type EarlierSeal func(subject string) string

// checkAttachments refuses the attachments whose bytes are not the file
// the record names, or whose SHA-256 is not the one the audit row that
// added it sealed (a file and its hash changed together), or whose audit
// row head office refused or never received. A file over the terminal's
// budget for one bundle waits for the next one while its audit row went
// up already: the seal is then looked for in what head office took
// before (earlier, nil for nothing).
func checkAttachments(recs [][]byte, taken, all sealIndex, earlier EarlierSeal) []RecordRefusal {
	var out []RecordRefusal
	for i, rec := range recs {
		a, _, err := ReadAttachment(rec)
		subj := attach.Subject(a.ID)
		want, sealed := taken[subj]
		if !sealed && all[subj] == "" && earlier != nil {
			want = earlier(subj)
			sealed = want != ""
		}
		switch {
		case sealed && !strings.EqualFold(want, a.SHA256):
			err = fmt.Errorf("附件 %d（%s）的 SHA-256 与其审计记录不符（被改动）", a.ID, a.Name)
		case !sealed && all[subj] != "":
			err = fmt.Errorf("附件 %d（%s）的审计记录未收", a.ID, a.Name)
		case !sealed && err == nil:
			err = fmt.Errorf("附件 %d（%s）缺少封存其 SHA-256 的审计记录", a.ID, a.Name)
		case err == nil:
			continue
		}
		out = append(out, RecordRefusal{"attachments", i, err.Error() + "，未收"})
	}
	return out
}

// CheckRemovals refuses the removals (attachment_removals) of a bundle
// that point at a file head office does not hold: neither in the bundle
// and taken (refused are the records refused so far) nor taken before
// (held).
func CheckRemovals(files map[string][][]byte, refused []RecordRefusal, held func(id int64) bool) []RecordRefusal {
	dropped := map[int]bool{}
	for _, r := range refused {
		if r.Type == "attachments" {
			dropped[r.Index] = true
		}
	}
	here := map[int64]bool{}
	for i, rec := range files["attachments"] {
		if !dropped[i] {
			here[parentOf(rec, "id")] = true
		}
	}
	var out []RecordRefusal
	for i, rec := range files["attachment_removals"] {
		id := parentOf(rec, "attachment_id")
		if here[id] || held(id) {
			continue
		}
		out = append(out, RecordRefusal{"attachment_removals", i, fmt.Sprintf("撤下的附件 %d 总行没有收到，未收", id)})
	}
	return out
}
