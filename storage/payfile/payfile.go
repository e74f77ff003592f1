// Package payfile keeps what 人民银行支付业务 (第十一条) needs outside the
// database: the 编押 key (押) in a file of its own, and the outgoing
// batch files for the payment system, each signed with this PC's Ed25519
// key in a signature file beside it.
package payfile

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"branchdesk/domain/payment"
	"branchdesk/storage/bundle"
	"branchdesk/storage/postgres"
	"branchdesk/storage/store"
	"branchdesk/storage/wholefile"
)

// KeySize is the 编押 key's length in bytes.
const KeySize = 32

// KeyPath is where this PC keeps the 编押 key for target: beside a
// SQLite file (branchdesk.db.payment.key), or for the branch server in
// the user's data directory (branch.payment.key). The PCs that 编押 and
// 发送 the branch's orders need the same file.
func KeyPath(target string) (string, error) {
	return store.LocalFile(target, ".payment.key", "branch.payment.key")
}

// OutDir is where 发送 writes the batch files for target: payments-out
// beside a SQLite file, or beside this PC's data for the branch server.
func OutDir(target string) (string, error) {
	p, err := store.LocalFile(target, "", "payments-out")
	if err != nil || postgres.IsURL(target) {
		return p, err
	}
	return filepath.Join(filepath.Dir(p), "payments-out"), nil
}

// ErrNoKey refuses 编押 and 发送 on a PC of a branch server that has no
// key file: each PC making its own would seal orders another PC cannot
// send (押码核对不符).
var ErrNoKey = errors.New("本机没有编押密钥文件：分行服务器上办理编押、发送的各台终端须用同一个密钥。请在一台终端执行 bdctl --db 分行服务器 payment key-init 生成，再把该文件复制到其他终端的同一位置")

// Key reads the 编押 key from path. A one-PC database (shared false)
// makes it (mode 0600) the first time; a branch server's PC never does:
// the key is made once, by KeyInit, and copied to the others.
func Key(path string, shared bool) func() ([]byte, error) {
	return func() ([]byte, error) {
		if shared {
			if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%w（%s）", ErrNoKey, path)
			}
		}
		return bundle.LoadOrCreateSecret(path, KeySize)
	}
}

// KeyInit makes the 编押 key at path unless one is there, and gives its
// fingerprint (the first 16 hex digits of its SHA-256), which the PCs
// that share it compare; made reports whether it was new.
func KeyInit(path string) (fingerprint string, made bool, err error) {
	_, statErr := os.Stat(path)
	made = errors.Is(statErr, fs.ErrNotExist)
	key, err := bundle.LoadOrCreateSecret(path, KeySize)
	if err != nil {
		return "", false, err
	}
	return Fingerprint(key), made, nil
}

// Fingerprint is the first 16 hex digits of the key's SHA-256.
func Fingerprint(key []byte) string {
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:8])
}

// Outbox stages each batch in dir as FileName + ".part", with
// FileName + ".sig" beside it: the signature of the file's bytes by the
// Ed25519 key in signingKey (this PC's terminal key). Its release renames
// the file to FileName, which the payment system picks up. A batch file
// is never overwritten.
func Outbox(dir, signingKey string) func(b payment.Batch) (string, func() error, error) {
	return func(b payment.Batch) (string, func() error, error) {
		key, _, err := bundle.LoadOrCreateKey(signingKey)
		if err != nil {
			return "", nil, err
		}
		return Stage(dir, b, key)
	}
}

// ErrExists refuses to write a batch over a file of the same name.
var ErrExists = errors.New("支付批次文件已存在，不覆盖")

// Stage writes a batch's signature and, as path + ".part", the batch
// itself into dir; release renames it to path. A ".part" left by a
// 发送 that was not kept is written over by the next.
func Stage(dir string, b payment.Batch, key ed25519.PrivateKey) (path string, release func() error, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, fmt.Errorf("payfile: %w", err)
	}
	path = filepath.Join(dir, b.FileName())
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return "", nil, fmt.Errorf("%w：%s", ErrExists, path)
	}
	data := b.File()
	if err := writeWhole(path+".sig", Signature(data, key)); err != nil {
		return "", nil, err
	}
	if err := writeWhole(path+".part", data); err != nil {
		return "", nil, err
	}
	release = func() error {
		if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w：%s", ErrExists, path)
		}
		if err := os.Rename(path+".part", path); err != nil {
			return fmt.Errorf("payfile: %w", err)
		}
		if d, err := os.Open(dir); err == nil {
			_ = d.Sync()
			d.Close()
		}
		return nil
	}
	return path, release, nil
}

func writeWhole(path string, data []byte) error {
	return wholefile.Write(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Signature is the signature file of a batch file's bytes:
//
//	BDPAY1-SIG
//	key <signer's Ed25519 public key, hex>
//	sig <Ed25519 signature of the batch file's bytes, base64>
func Signature(data []byte, key ed25519.PrivateKey) []byte {
	pub := key.Public().(ed25519.PublicKey)
	return []byte(fmt.Sprintf("BDPAY1-SIG\nkey %s\nsig %s\n", hex.EncodeToString(pub),
		base64.StdEncoding.EncodeToString(ed25519.Sign(key, data))))
}

// ErrSignature is a batch file whose signature does not verify.
var ErrSignature = errors.New("支付批次文件签名不符")

// Verify checks a batch file against its signature file with the key the
// receiver trusts for the sender, and reads the batch back.
func Verify(path string, trusted ed25519.PublicKey) ([]payment.FileLine, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("payfile: %w", err)
	}
	sigFile, err := os.ReadFile(path + ".sig")
	if err != nil {
		return nil, fmt.Errorf("%w：%w", ErrSignature, err)
	}
	lines := strings.Split(strings.TrimSuffix(string(sigFile), "\n"), "\n")
	if len(lines) != 3 || lines[0] != "BDPAY1-SIG" || !strings.HasPrefix(lines[1], "key ") || !strings.HasPrefix(lines[2], "sig ") {
		return nil, fmt.Errorf("%w：签名文件格式不符", ErrSignature)
	}
	pub, err1 := hex.DecodeString(strings.TrimPrefix(lines[1], "key "))
	sig, err2 := base64.StdEncoding.DecodeString(strings.TrimPrefix(lines[2], "sig "))
	if err1 != nil || err2 != nil || !trusted.Equal(ed25519.PublicKey(pub)) || !ed25519.Verify(trusted, data, sig) {
		return nil, ErrSignature
	}
	_, out, err := payment.ReadFile(data)
	return out, err
}
