// Package wholefile writes a file whole or not at all: the content goes
// to a temporary file beside it, which is synced and only then renamed
// over the real name. A write that fails — a full or pulled-out stick, a
// directory in the way — leaves neither a truncated file under the real
// name nor the temporary one.
package wholefile

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Write writes path through fill with permissions perm.
func Write(path string, perm os.FileMode, fill func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return failed(path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := fill(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return failed(path, err)
	}
	if err := f.Chmod(perm); err != nil {
		return failed(path, err)
	}
	if err := f.Sync(); err != nil {
		return failed(path, err)
	}
	if err := f.Close(); err != nil {
		return failed(path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return failed(path, err)
	}
	// The new name is on the disk only once its directory is: a stick
	// pulled out right after would otherwise lose the file.
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// failed names path, not the temporary file, in a file system error: the
// user knows only the name they gave.
func failed(path string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return &fs.PathError{Op: "write", Path: path, Err: err}
}
