package sqlite

import (
	"fmt"
	"os"
	"path/filepath"
)

// DefaultPath is where the database lives unless --db says otherwise: the
// user's data directory ($XDG_DATA_HOME or ~/.local/share on Linux,
// %AppData% on Windows).
func DefaultPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		var err error
		if dir, err = os.UserConfigDir(); err != nil {
			return "", fmt.Errorf("store: no user data directory: %w", err)
		}
		if home, err := os.UserHomeDir(); err == nil && filepath.Base(dir) == ".config" {
			dir = filepath.Join(home, ".local", "share")
		}
	}
	dir = filepath.Join(dir, "branchdesk")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("store: unable to create %s: %w", dir, err)
	}
	return filepath.Join(dir, "branchdesk.db"), nil
}
