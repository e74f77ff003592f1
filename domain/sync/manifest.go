// Package sync holds the rules of head-office sync: what a bundle's
// manifest must say, which bundle may come next, and what a receipt or a
// config bundle may change. It does no I/O; storage/bundle reads and
// writes the files and storage/sqlite keeps the branch's side.
package sync

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"branchdesk/domain/msg"
)

// Format is the bundle format this build writes and reads.
const Format = 1

// Kind is what a bundle carries.
type Kind string

// A branch sends data up; head office sends config down and receipts back.
const (
	Up      Kind = "up"
	Config  Kind = "config"
	Receipt Kind = "receipt"
)

// Names of the two files every bundle has besides its data files.
const (
	ManifestName  = "manifest.json"
	SignatureName = "manifest.sig"
)

// File is one data file as the manifest lists it.
type File struct {
	Name    string `json:"name"`
	Records int    `json:"records"` // newline-terminated lines
	SHA256  string `json:"sha256"`  // hex
}

// Manifest describes a bundle; manifest.sig is its Ed25519 signature.
type Manifest struct {
	Format   int       `json:"format"`
	Kind     Kind      `json:"kind"`
	Branch   string    `json:"branch"`
	Terminal string    `json:"terminal,omitempty"`
	Seq      int64     `json:"seq,omitempty"`     // up: the terminal's bundle number; receipt: the one answered
	Prev     string    `json:"prev,omitempty"`    // up: hash of the terminal's previous bundle
	Bundle   string    `json:"bundle,omitempty"`  // receipt: hash of the bundle answered
	Version  int64     `json:"version,omitempty"` // config: only grows
	Created  time.Time `json:"created"`
	Schema   int       `json:"schema"` // the sender's database schema version
	Files    []File    `json:"files"`
}

// Hash names a bundle: the SHA-256 of its manifest.json, which holds the
// hash of every data file. Re-encrypting a bundle does not change it.
func Hash(manifest []byte) string {
	s := sha256.Sum256(manifest)
	return hex.EncodeToString(s[:])
}

// Describe lists files for a manifest, in the order given.
func Describe(names []string, files map[string][]byte) []File {
	out := make([]File, 0, len(names))
	for _, n := range names {
		s := sha256.Sum256(files[n])
		out = append(out, File{Name: n, Records: bytes.Count(files[n], []byte{'\n'}), SHA256: hex.EncodeToString(s[:])})
	}
	return out
}

// ValidName tells whether a data file's name is one a bundle may hold:
// lower-case letters, digits and '_' then .ndjson or .json.
func ValidName(n string) bool {
	base, ok := strings.CutSuffix(n, ".ndjson")
	if !ok {
		base, ok = strings.CutSuffix(n, ".json")
	}
	if !ok || base == "" || len(base) > 64 || n == ManifestName {
		return false
	}
	for _, c := range base {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// CheckFiles holds the manifest to the files the bundle really has: the
// same names, each with the SHA-256 and record count the manifest says.
func (m Manifest) CheckFiles(files map[string][]byte) error {
	if m.Format != Format {
		return msg.Errorf("%w：格式版本 %d", ErrManifest, m.Format)
	}
	seen := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		if !ValidName(f.Name) || seen[f.Name] {
			return msg.Errorf("%w：文件名 %q", ErrManifest, f.Name)
		}
		seen[f.Name] = true
		data, ok := files[f.Name]
		if !ok {
			return msg.Errorf("%w：缺少文件 %s", ErrManifest, f.Name)
		}
		s := sha256.Sum256(data)
		if hex.EncodeToString(s[:]) != f.SHA256 {
			return msg.Errorf("%w：文件 %s 的校验值不符", ErrManifest, f.Name)
		}
		if n := bytes.Count(data, []byte{'\n'}); n != f.Records || (len(data) > 0 && data[len(data)-1] != '\n') {
			return msg.Errorf("%w：文件 %s 记录数 %d，清单写 %d", ErrManifest, f.Name, n, f.Records)
		}
	}
	for n := range files {
		if !seen[n] {
			return msg.Errorf("%w：清单未列出文件 %s", ErrManifest, n)
		}
	}
	return nil
}

// ValidID tells whether a branch or terminal id is usable in file names:
// 1 to 32 ASCII letters, digits, '-' or '_'.
func ValidID(id string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
