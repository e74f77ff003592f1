package audit

import (
	"crypto/sha256"
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
	return WithDigests(detail, Sealed{subject, digest})
}

// Sealed is one record's digest in a row: the record's subject and digest.
type Sealed struct {
	Subject string
	Digest  string
}

// WithDigests appends to detail, in one block, the digests of the records
// a row records (a cash movement's entry and its count …).
func WithDigests(detail string, seals ...Sealed) string {
	if len(seals) == 0 {
		return detail
	}
	var b strings.Builder
	b.WriteString(detail)
	b.WriteString(digestOpen)
	for i, s := range seals {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.Subject + " " + s.Digest)
	}
	b.WriteString(digestClose)
	return b.String()
}

// Digests reads back what WithDigests appended. Only the last block, at
// the end of the detail, counts: text a user typed earlier in it cannot
// pose as one.
func Digests(detail string) ([]Sealed, bool) {
	rest, ok := strings.CutSuffix(detail, digestClose)
	if !ok {
		return nil, false
	}
	i := strings.LastIndex(rest, digestOpen)
	if i < 0 {
		return nil, false
	}
	f := strings.Split(rest[i+len(digestOpen):], " ")
	if len(f)%2 != 0 {
		return nil, false
	}
	out := make([]Sealed, 0, len(f)/2)
	for j := 0; j < len(f); j += 2 {
		subject, digest := f[j], f[j+1]
		if _, err := hex.DecodeString(digest); err != nil || len(digest) != 64 || subject == "" {
			return nil, false
		}
		out = append(out, Sealed{subject, digest})
	}
	return out, true
}

// DigestOf reads back the first digest WithDigest appended.
func DigestOf(detail string) (subject, digest string, ok bool) {
	ss, ok := Digests(detail)
	if !ok {
		return "", "", false
	}
	return ss[0].Subject, ss[0].Digest, true
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
	if ss, ok := Digests(detail); ok {
		for _, s := range ss {
			if id := EntryOf(s.Subject); id != 0 {
				return id, s.Digest
			}
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

// DigestFields is SHA-256 over fields, each length-prefixed so no two
// records encode alike: the digest of a record a row seals.
func DigestFields(fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		fmt.Fprintf(h, "%d:%s|", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}
