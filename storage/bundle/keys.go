package bundle

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"golang.org/x/crypto/ssh"

	"branchdesk/domain/msg"
)

// ErrKeyMode refuses a private key file others may read: a mode that lets
// the group or others in on Linux, an access list that grants other users
// on Windows.
var ErrKeyMode = errors.New("私钥文件权限过宽，应仅本用户可读写（如权限 0600）")

// writeSecret creates a new file only its owner may read; it never
// overwrites one.
func writeSecret(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return keyFileError(path, err)
	}
	if err := restrictToOwner(f); err != nil {
		f.Close()
		return keyFileError(path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return keyFileError(path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return keyFileError(path, err)
	}
	return f.Close()
}

// readSecret reads a private key file, refusing one with a loose mode.
func readSecret(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return nil, keyFileError(path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, msg.Errorf("%s 不是密钥文件（是目录或特殊文件）：请移走它，从备份恢复该密钥文件", path)
	}
	if err := ownerOnly(path, st); errors.Is(err, ErrKeyMode) {
		return nil, msg.Errorf("%s：%w", path, ErrKeyMode)
	} else if err != nil {
		return nil, keyFileError(path, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, keyFileError(path, err)
	}
	return data, nil
}

// keyFileError says in Chinese that a key file could not be written or
// read; the system's reason stays in the chain.
func keyFileError(path string, err error) error {
	if errors.Is(err, fs.ErrExist) {
		return &refusal{msg.Errorf("密钥文件 %s 已存在，不会覆盖", path), err}
	}
	return &refusal{msg.Errorf("无法读写密钥文件 %s：请检查目录权限和磁盘空间", path), err}
}

// LoadOrCreateKey reads the Ed25519 key at path (PKCS#8 PEM, mode 0600),
// generating it if the file does not exist yet.
func LoadOrCreateKey(path string) (key ed25519.PrivateKey, created bool, err error) {
	data, err := readSecret(path)
	if errors.Is(err, fs.ErrNotExist) {
		_, key, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, false, fmt.Errorf("bundle: %w", err)
		}
		der, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return nil, false, fmt.Errorf("bundle: %w", err)
		}
		if err := writeSecret(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})); err != nil {
			return nil, false, err
		}
		return key, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	key, err = parseKey(data)
	return key, false, err
}

func parseKey(data []byte) (ed25519.PrivateKey, error) {
	blk, _ := pem.Decode(data)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, errors.New("密钥文件格式不对，其中没有私钥")
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, &refusal{errors.New("密钥文件已损坏，无法读取私钥"), err}
	}
	key, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, errors.New("密钥文件不是 Ed25519 私钥")
	}
	return key, nil
}

// terminalRecipient encrypts config bundles to a terminal's Ed25519 key,
// so a terminal needs one key only.
func terminalRecipient(pub ed25519.PublicKey) (age.Recipient, error) {
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	return agessh.NewEd25519Recipient(pk)
}

func terminalIdentity(key ed25519.PrivateKey) (age.Identity, error) {
	return agessh.NewEd25519Identity(key)
}

// Head office's key files in its directory.
const (
	HQSignFile = "hq-sign.pem" // Ed25519, 0600
	HQAgeFile  = "hq-age.key"  // age identity, 0600: age -d -i hq-age.key
	HQStore    = "hq.db"
)

// createHQKeys writes head office's two private keys into dir.
func createHQKeys(dir string, now time.Time) error {
	signPath := dir + string(os.PathSeparator) + HQSignFile
	if _, _, err := LoadOrCreateKey(signPath); err != nil {
		return err
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	text := fmt.Sprintf("# created: %s\n# public key: %s\n%s\n", now.Format(time.RFC3339), id.Recipient(), id)
	return writeSecret(dir+string(os.PathSeparator)+HQAgeFile, []byte(text))
}

// loadHQKeys reads head office's private keys from dir.
func loadHQKeys(dir string) (ed25519.PrivateKey, *age.X25519Identity, error) {
	data, err := readSecret(dir + string(os.PathSeparator) + HQSignFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, &refusal{fmt.Errorf("目录 %s 中没有总行密钥：请先 bdhq init，或用 -dir 指定总行目录", dir), err}
	}
	if err != nil {
		return nil, nil, err
	}
	sign, err := parseKey(data)
	if err != nil {
		return nil, nil, err
	}
	data, err = readSecret(dir + string(os.PathSeparator) + HQAgeFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, &refusal{fmt.Errorf("目录 %s 中没有总行 age 私钥 %s：请从备份恢复该文件", dir, HQAgeFile), err}
	}
	if err != nil {
		return nil, nil, err
	}
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "AGE-SECRET-KEY-") {
			id, err := age.ParseX25519Identity(strings.TrimSpace(l))
			if err != nil {
				return nil, nil, &refusal{fmt.Errorf("总行 age 私钥文件 %s 无效", HQAgeFile), err}
			}
			return sign, id, nil
		}
	}
	return nil, nil, fmt.Errorf("总行 age 私钥文件 %s 中没有私钥", HQAgeFile)
}

// LoadOrCreateSecret reads a symmetric key kept in a file only its owner
// may read (hex, one line), or makes one of size random bytes the first
// time; it never overwrites a file.
func LoadOrCreateSecret(path string, size int) ([]byte, error) {
	data, err := readSecret(path)
	if errors.Is(err, fs.ErrNotExist) {
		key := make([]byte, size)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		if err := writeSecret(path, []byte(hex.EncodeToString(key)+"\n")); err != nil {
			return nil, err
		}
		return key, nil
	}
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(key) < size {
		return nil, msg.Errorf("%s：密钥文件已损坏（须为 %d 字节的十六进制）", path, size)
	}
	return key, nil
}
