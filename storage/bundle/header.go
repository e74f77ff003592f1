package bundle

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"golang.org/x/crypto/ssh"
)

// headerDamaged tells a config bundle whose age header was damaged from
// one sealed to another key, when age found no stanza it could open: the
// header names pub's key (its ssh-ed25519 tag) and still failed, or it
// has no well-formed ssh-ed25519 stanza at all — head office seals every
// config bundle with one. A damaged tag cannot be told from another key.
func headerDamaged(data []byte, pub ed25519.PublicKey) bool {
	end := bytes.Index(data, []byte("\n---"))
	if end < 0 {
		return true
	}
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		return false
	}
	sum := sha256.Sum256(pk.Marshal())
	mine := base64.RawStdEncoding.EncodeToString(sum[:4])
	lines := strings.Split(string(data[:end]), "\n")
	wellFormed := false
	for i, l := range lines {
		f := strings.Fields(strings.TrimPrefix(l, "-> "))
		if !strings.HasPrefix(l, "-> ") || len(f) != 3 || f[0] != "ssh-ed25519" {
			continue
		}
		if f[1] == mine {
			return true
		}
		tag, err1 := base64.RawStdEncoding.DecodeString(f[1])
		share, err2 := base64.RawStdEncoding.DecodeString(f[2])
		if err1 == nil && err2 == nil && len(tag) == 4 && len(share) == 32 && i+1 < len(lines) {
			if body, err := base64.RawStdEncoding.DecodeString(lines[i+1]); err == nil && len(body) == 32 {
				wellFormed = true
			}
		}
	}
	return !wellFormed
}
