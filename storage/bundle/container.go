// Package bundle reads and writes head-office sync bundles: a tar holding
// manifest.json, one file per record type and manifest.sig (Ed25519),
// encrypted with age when it carries data. It also keeps the keys and
// head office's store. The README beside this file documents the format.
package bundle

import (
	"archive/tar"
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"filippo.io/age"

	"branchdesk/domain/sync"
)

// Limits on what a reader accepts, so a hostile file cannot exhaust memory.
const (
	MaxSize  = 2 << 30 // plaintext bytes
	MaxFiles = 64
)

// Bundle is an unpacked bundle; Verify it before trusting anything in it.
type Bundle struct {
	Manifest sync.Manifest
	Raw      []byte // manifest.json as signed
	Sig      []byte
	Files    map[string][]byte // data files by name
	Hash     string            // sync.Hash(Raw)
}

// Pack writes a signed plaintext bundle: m with its Files filled in from
// files, signed by key. It returns the tar and the bundle's hash.
func Pack(m sync.Manifest, files map[string][]byte, key ed25519.PrivateKey) ([]byte, string, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		if !sync.ValidName(n) {
			return nil, "", fmt.Errorf("bundle: bad file name %q", n)
		}
		names = append(names, n)
	}
	sort.Strings(names)
	m.Format = sync.Format
	m.Files = sync.Describe(names, files)
	return packManifest(m, names, files, key)
}

// packManifest signs m as it is; tests use it to write lying manifests.
func packManifest(m sync.Manifest, names []string, files map[string][]byte, key ed25519.PrivateKey) ([]byte, string, error) {
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, "", fmt.Errorf("bundle: %w", err)
	}
	raw = append(raw, '\n')
	ents := []entry{{sync.ManifestName, raw}}
	for _, n := range names {
		ents = append(ents, entry{n, files[n]})
	}
	ents = append(ents, entry{sync.SignatureName, ed25519.Sign(key, raw)})
	var buf bytes.Buffer
	buf.Grow(tarSize(ents)) // one allocation: a bundle may be tens of megabytes
	if err := writeTar(&buf, m, ents); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), sync.Hash(raw), nil
}

type entry struct {
	name string
	data []byte
}

// errNotAsRead is a file whose bytes in the bundle are not what the tar
// reader gives for it.
var errNotAsRead = errors.New("bundle: file data differs from what the tar reader reads")

// sameAs reads r to its end and checks it gives exactly want.
func sameAs(r io.Reader, want, buf []byte) error {
	for {
		n, err := r.Read(buf)
		if n > len(want) || !bytes.Equal(buf[:n], want[:n]) {
			return errNotAsRead
		}
		want = want[n:]
		if err == io.EOF {
			if len(want) > 0 {
				return errNotAsRead
			}
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// tarSize is about how long the tar of ents is: each file padded to
// 512-byte blocks after its header and PAX record, then the end marker.
func tarSize(ents []entry) int {
	n := 2 * 512
	for _, e := range ents {
		n += 3*512 + (len(e.data)+511)/512*512
	}
	return n
}

func writeTar(w io.Writer, m sync.Manifest, ents []entry) error {
	tw := tar.NewWriter(w)
	for _, e := range ents {
		h := &tar.Header{Name: e.name, Mode: 0o644, Size: int64(len(e.data)), ModTime: m.Created.UTC(), Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			return fmt.Errorf("bundle: %w", err)
		}
		if _, err := tw.Write(e.data); err != nil {
			return fmt.Errorf("bundle: %w", err)
		}
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	return nil
}

// refusal is a refusal caused by a library's error (a reader's, a JSON
// decoder's), which it keeps for errors.Is and errors.As but does not
// show: that text is English, and the refusal says what a teller needs.
type refusal struct{ shown, cause error }

func (e *refusal) Error() string   { return e.shown.Error() }
func (e *refusal) Unwrap() []error { return []error{e.shown, e.cause} }

func corrupt(err error) error { return &refusal{sync.ErrCorrupt, err} }

func badManifest(err error) error { return &refusal{sync.ErrManifest, err} }

// Unpack reads a plaintext bundle. It checks the shape only: one
// manifest, one signature, regular files with valid unique names.
func Unpack(plain []byte) (*Bundle, error) {
	b := &Bundle{Files: map[string][]byte{}}
	rd := bytes.NewReader(plain)
	tr := tar.NewReader(rd)
	var end int64 // where the last file's blocks end
	var scratch [32 << 10]byte
	for n := 0; ; n++ {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, corrupt(err)
		}
		if n >= MaxFiles+2 || h.Typeflag != tar.TypeReg || h.Size < 0 || h.Size > int64(len(plain)) {
			return nil, fmt.Errorf("%w：包内条目 %q", sync.ErrManifest, h.Name)
		}
		// A regular file's bytes follow its header whole: they are used
		// where they are, not copied (a bundle may be tens of megabytes),
		// and capped so nothing appended to one can reach the next. They
		// must be what the tar reader reads (a sparse entry is not).
		at := rd.Size() - int64(rd.Len())
		if at+h.Size > int64(len(plain)) {
			return nil, corrupt(io.ErrUnexpectedEOF)
		}
		data := plain[at : at+h.Size : at+h.Size]
		if err := sameAs(tr, data, scratch[:]); err != nil {
			return nil, corrupt(err)
		}
		end = at + (h.Size+511)/512*512
		switch {
		case h.Name == sync.ManifestName && b.Raw == nil:
			b.Raw = data
		case h.Name == sync.SignatureName && b.Sig == nil:
			b.Sig = data
		case sync.ValidName(h.Name) && b.Files[h.Name] == nil:
			b.Files[h.Name] = data
		default:
			return nil, fmt.Errorf("%w：包内条目 %q", sync.ErrManifest, h.Name)
		}
	}
	// The file's bytes were not read through the tar reader, which would
	// have noticed a cut in the last one's padding or in the end marker:
	// the archive must end with its two zero blocks.
	if tail := plain[min(end, int64(len(plain))):]; len(tail) < 1024 || bytes.ContainsFunc(tail, func(r rune) bool { return r != 0 }) {
		return nil, corrupt(io.ErrUnexpectedEOF)
	}
	if b.Raw == nil {
		return nil, fmt.Errorf("%w：缺少 %s", sync.ErrCorrupt, sync.ManifestName)
	}
	if b.Sig == nil {
		return nil, sync.ErrUnsigned
	}
	d := json.NewDecoder(bytes.NewReader(b.Raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&b.Manifest); err != nil {
		return nil, badManifest(err)
	}
	b.Hash = sync.Hash(b.Raw)
	return b, nil
}

// Verify checks the signature with pub, then every file against the
// manifest. Only a verified bundle's manifest and files may be used.
func (b *Bundle) Verify(pub ed25519.PublicKey) error {
	if len(pub) != ed25519.PublicKeySize || len(b.Sig) != ed25519.SignatureSize || !ed25519.Verify(pub, b.Raw, b.Sig) {
		return sync.ErrSignature
	}
	return b.Manifest.CheckFiles(b.Files)
}

// ageHeader starts every age file.
const ageHeader = "age-encryption.org/v1\n"

// Seal encrypts a plaintext bundle to recipients.
func Seal(plain []byte, to ...age.Recipient) ([]byte, error) {
	var buf bytes.Buffer
	// age adds a header and 16 bytes to every 64 KiB chunk.
	buf.Grow(len(plain) + (len(plain)/(64<<10)+1)*16 + 1024*len(to))
	w, err := age.Encrypt(&buf, to...)
	if err != nil {
		return nil, fmt.Errorf("bundle: unable to encrypt: %w", err)
	}
	if _, err := w.Write(plain); err != nil {
		return nil, fmt.Errorf("bundle: unable to encrypt: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("bundle: unable to encrypt: %w", err)
	}
	return buf.Bytes(), nil
}

// Unseal decrypts a bundle. Any change to the ciphertext, a truncation or
// a wrong key is an error: age authenticates every 64 KiB chunk.
func Unseal(data []byte, ids ...age.Identity) ([]byte, error) {
	if !strings.HasPrefix(string(data[:min(len(data), len(ageHeader))]), ageHeader) {
		return nil, sync.ErrNotEncrypted
	}
	r, err := age.Decrypt(bytes.NewReader(data), ids...)
	var nomatch *age.NoIdentityMatchError
	if errors.As(err, &nomatch) {
		return nil, sync.ErrWrongRecipient
	}
	if err != nil {
		return nil, corrupt(err)
	}
	// The plaintext is shorter than the ciphertext: one allocation.
	var buf bytes.Buffer
	buf.Grow(min(len(data), MaxSize) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(r, MaxSize+1)); err != nil {
		return nil, corrupt(err)
	}
	plain := buf.Bytes()
	if len(plain) > MaxSize {
		return nil, fmt.Errorf("%w：解密后超过 %d 字节", sync.ErrCorrupt, MaxSize)
	}
	return plain, nil
}
