package store

import (
	"context"
	"crypto/ed25519"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"branchdesk/domain/audit"
	"branchdesk/storage/bundle"
	"branchdesk/storage/postgres"
	"branchdesk/storage/sqlite"
	"branchdesk/storage/sqlstore"
)

// SigningKeyPath is the key with which this PC signs the audit head of
// target. A SQLite file is written by one PC: its terminal key beside it,
// the same that signs its bundles (made at init or first start, before
// any enrollment). The branch server is written by every counter PC, and
// its sync key is on one of them: each PC signs with a key of its own in
// the user's data directory, branch-audit.key, which never leaves it.
func SigningKeyPath(ctx context.Context, db *sqlstore.DB, target string) (string, error) {
	if postgres.IsURL(target) {
		p, err := sqlite.DefaultPath()
		if err != nil {
			return "", err
		}
		return filepath.Join(filepath.Dir(p), "branch-audit.key"), nil
	}
	if st, err := db.SyncState(ctx); err == nil && filepath.IsAbs(st.KeyPath) {
		return st.KeyPath, nil // where sync made it, as the file was then
	}
	return KeyPath(target)
}

// Sign has every write to db sign the audit head with this PC's key (see
// SigningKeyPath); name is the terminal recorded beside the signature.
// The key is read, or made, at the first write: a PC that only reads
// makes none.
func Sign(ctx context.Context, db *sqlstore.DB, target, name string) error {
	path, err := SigningKeyPath(ctx, db, target)
	if err != nil {
		return err
	}
	db.SetSigner(&fileSigner{path: path, name: name})
	return nil
}

// fileSigner signs with the key in a file, read (or made) at the first
// write. A failure is not kept: the next write tries again.
type fileSigner struct {
	path, name string
	mu         sync.Mutex
	key        ed25519.PrivateKey
}

func (f *fileSigner) SignHead(h audit.Head) (audit.HeadSeal, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.key == nil {
		key, _, err := bundle.LoadOrCreateKey(f.path)
		if err != nil {
			// Another program on this PC (a second counter, bdctl) may
			// have made it between our look and our make: read it.
			key, _, err = bundle.LoadOrCreateKey(f.path)
		}
		if err != nil {
			return audit.HeadSeal{}, err
		}
		f.key = key
	}
	return audit.Signer{Name: f.name, Key: f.key}.Sign(h), nil
}

// HeadKeys are the public keys this PC checks the audit head's signatures
// with: its own signing key, read from the key file, never from the
// database. path is the file looked for; keys is empty when it is not
// there (nothing is made).
func HeadKeys(ctx context.Context, db *sqlstore.DB, target string) (keys audit.Keys, path string, err error) {
	if path, err = SigningKeyPath(ctx, db, target); err != nil {
		return nil, "", err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return audit.Keys{}, path, nil
	}
	key, _, err := bundle.LoadOrCreateKey(path)
	if err != nil {
		return nil, path, err
	}
	return audit.NewKeys(key.Public().(ed25519.PublicKey)), path, nil
}
