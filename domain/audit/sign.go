package audit

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// The chain alone is resealed by anyone with the file and the algorithm.
// So each terminal signs the head its unit of work leaves with its
// Ed25519 key, which stays on its PC: one signature per key, the latest,
// replaced at every write. Someone with the database but not the
// key can neither sign a rewritten chain nor a shorter one, since the
// signature over an earlier head is gone once the terminal wrote again.

// HeadSeal is a terminal's signature over the head of the chain as its
// last unit of work left it.
type HeadSeal struct {
	Signer string // the terminal that signed (its name at the branch)
	Key    string // KeyID of the public key that signed
	Head   Head
	Sig    []byte
}

// Signer signs heads for one terminal with its key.
type Signer struct {
	Name string
	Key  ed25519.PrivateKey
}

// KeyID names a public key: the first 16 hex digits of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	s := sha256.Sum256(pub)
	return hex.EncodeToString(s[:8])
}

func headMessage(signer string, h Head) []byte {
	var b []byte
	for _, f := range []string{"branchdesk audit head v1", signer, strconv.FormatInt(h.ID, 10), h.Hash} {
		b = fmt.Appendf(b, "%d:%s|", len(f), f)
	}
	return b
}

// Sign seals the head h as s's terminal left it.
func (s Signer) Sign(h Head) HeadSeal {
	return HeadSeal{Signer: s.Name, Key: KeyID(s.Key.Public().(ed25519.PublicKey)), Head: h,
		Sig: ed25519.Sign(s.Key, headMessage(s.Name, h))}
}

// SignHead is Sign, as a store asks for it.
func (s Signer) SignHead(h Head) (HeadSeal, error) { return s.Sign(h), nil }

// Keys are the public keys a verifier trusts, by KeyID: taken from
// outside the database (the key file on this PC), never from a table
// someone with the file could rewrite.
type Keys map[string]ed25519.PublicKey

// NewKeys makes a key ring of pubs.
func NewKeys(pubs ...ed25519.PublicKey) Keys {
	k := Keys{}
	for _, p := range pubs {
		if len(p) == ed25519.PublicKeySize {
			k[KeyID(p)] = p
		}
	}
	return k
}

// SealCheck is what the head seals say about the chain.
type SealCheck struct {
	Findings  []string // a rewritten, cut or unsigned chain
	Unchecked []string // seals made with keys this PC does not have
	Covered   int64    // the last row a seal checked here covers
	NoKey     bool     // no key to check with: nothing was checked
}

// CheckSeals holds the chain against the terminals' seals: each seal made
// with a key in keys must be a good signature over a row still in the
// chain with the same hash (hash gives a row's hash now, "" if gone), and
// the last row (last) must be sealed. A seal covers every row before it,
// which its hash chains to. Seals made with other keys are listed as not
// checked.
func CheckSeals(seals []HeadSeal, hash func(id int64) string, last int64, keys Keys) SealCheck {
	var c SealCheck
	if len(keys) == 0 {
		c.NoKey = true
		return c
	}
	var top int64 // the last row any seal names
	seen := map[string]bool{}
	for _, s := range seals {
		seen[s.Key] = true
		top = max(top, s.Head.ID)
		pub, ok := keys[s.Key]
		switch {
		case !ok:
			c.Unchecked = append(c.Unchecked, fmt.Sprintf("终端 %s（密钥 %s，签至第 %d 条）", s.Signer, s.Key, s.Head.ID))
		case !ed25519.Verify(pub, headMessage(s.Signer, s.Head), s.Sig):
			c.Findings = append(c.Findings, fmt.Sprintf("终端 %s 对审计链第 %d 条的签名无效（签名记录被改动）", s.Signer, s.Head.ID))
		case s.Head.ID > last:
			c.Findings = append(c.Findings, fmt.Sprintf("审计记录比终端 %s 签名时少：签名时到第 %d 条，现只到第 %d 条（末尾被删除）", s.Signer, s.Head.ID, last))
		case hash(s.Head.ID) != s.Head.Hash:
			c.Findings = append(c.Findings, fmt.Sprintf("审计链被改写：第 %d 条记录与终端 %s 签名时不同", s.Head.ID, s.Signer))
		default:
			c.Covered = max(c.Covered, s.Head.ID)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(keys)) {
		if !seen[id] && len(seals) > 0 {
			// This PC signed before (its key exists because it wrote):
			// its seal was taken out, perhaps to fall back on another's.
			c.Findings = append(c.Findings, fmt.Sprintf("本机密钥 %s 的签名记录不见了（签名记录被删除）", id))
		}
	}
	switch {
	case last > 0 && len(seals) == 0:
		c.Findings = append(c.Findings, fmt.Sprintf("审计链没有终端签名（共 %d 条）：签名记录被删除，或数据库由不持有终端密钥的程序写入", last))
	case top < last:
		c.Findings = append(c.Findings, fmt.Sprintf("审计链第 %d 条至第 %d 条没有终端签名（审计链被改写或续写后重封）", top+1, last))
	}
	slices.Sort(c.Unchecked)
	return c
}
