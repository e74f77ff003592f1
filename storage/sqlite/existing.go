package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// ErrNoDatabase refuses to open a database file that is missing or empty
// (0 bytes) where one is expected: SQLite would make a fresh database of
// it, and a read would pass for a new branch with no records.
var ErrNoDatabase = errors.New("数据库不存在或为空")

// CheckExists reports ErrNoDatabase, naming path, unless path is a file
// with something in it.
func CheckExists(path string) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("%w（%s）", ErrNoDatabase, path)
	case err != nil:
		return fmt.Errorf("store: unable to open %s: %w", path, err)
	case st.Mode().IsRegular() && st.Size() == 0:
		return fmt.Errorf("%w（%s）", ErrNoDatabase, path)
	}
	return nil
}

// OpenExisting opens and migrates the database at path like Open, but
// never creates one: only the commands that set a database up do.
func OpenExisting(ctx context.Context, path string) (*DB, error) {
	if err := CheckExists(path); err != nil {
		return nil, err
	}
	return Open(ctx, path)
}
