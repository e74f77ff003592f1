package audit

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The digest of what a row records (a journal entry, a cash movement …)
// goes at the end of its detail, so Seal covers it and every copy of the
// row, at the branch and at head office, carries it.
const (
	digestOpen  = " 〔摘要 "
	digestClose = "〕"
)

// WithDigest appends to detail the digest of the record named by subject
// (e.g. "entry:12"); subject holds no space.
func WithDigest(detail, subject, digest string) string {
	return detail + digestOpen + subject + " " + digest + digestClose
}

// DigestOf reads back what WithDigest appended. Only the end of the
// detail counts: text a user typed earlier in it cannot pose as one.
func DigestOf(detail string) (subject, digest string, ok bool) {
	rest, ok := strings.CutSuffix(detail, digestClose)
	if !ok {
		return "", "", false
	}
	i := strings.LastIndex(rest, digestOpen)
	if i < 0 {
		return "", "", false
	}
	subject, digest, ok = strings.Cut(rest[i+len(digestOpen):], " ")
	if _, err := hex.DecodeString(digest); !ok || err != nil || len(digest) != 64 || subject == "" || strings.Contains(digest, " ") {
		return "", "", false
	}
	return subject, digest, true
}

// EntrySubject names a journal entry in WithDigest.
func EntrySubject(id int64) string { return "entry:" + strconv.FormatInt(id, 10) }

// EntryOf reads the entry id back from a subject, or 0.
func EntryOf(subject string) int64 {
	s, ok := strings.CutPrefix(subject, "entry:")
	if !ok {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0
	}
	return id
}

// legacyPost is how a posting's row began before rows carried a digest.
var legacyPost = regexp.MustCompile(`^#([1-9][0-9]*) 流水 [0-9]+ `)

// PostedEntry is the journal entry a row records the posting of, and its
// digest; the digest is "" for a row written before rows carried one
// (无摘要（旧版本）). It is 0 for a row that records no posting.
func PostedEntry(detail string) (id int64, digest string) {
	if subj, d, ok := DigestOf(detail); ok {
		if id := EntryOf(subj); id != 0 {
			return id, d
		}
		return 0, ""
	}
	if m := legacyPost.FindStringSubmatch(detail); m != nil {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		return id, ""
	}
	return 0, ""
}

// Head is a place in the chain: a row's id and hash.
type Head struct {
	ID   int64  `json:"id"`
	Hash string `json:"hash"`
}

// CheckAcked holds the trail against a head that head office acknowledged
// receiving: that row must still be in the chain, with the same hash.
// have is the hash of row ack.ID now ("" if it is gone) and last the
// highest id now.
func CheckAcked(ack Head, have string, last int64) error {
	switch {
	case ack.ID > last:
		return fmt.Errorf("审计记录比总行已收到的少：总行已收到第 %d 条，本地只到第 %d 条（末尾被删除）", ack.ID, last)
	case have != ack.Hash:
		return fmt.Errorf("审计链被改写：第 %d 条记录与总行已收到的不同", ack.ID)
	}
	return nil
}
