//go:build !windows

package bundle

import (
	"io/fs"
	"os"
)

// restrictToOwner leaves a new key file to its owner alone: mode 0600.
func restrictToOwner(f *os.File) error { return f.Chmod(0o600) }

// ownerOnly refuses a key file whose mode lets the group or others in.
func ownerOnly(_ string, st fs.FileInfo) error {
	if st.Mode().Perm()&0o077 != 0 {
		return ErrKeyMode
	}
	return nil
}
