package audit

import (
	"encoding/hex"
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
