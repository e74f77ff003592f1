// Package store opens the branch's books where they are: a SQLite file on
// this PC, or the branch server's PostgreSQL when the target is a
// postgres:// URL. The app and bdctl take the target from --db or
// BRANCHDESK_DB.
package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"branchdesk/storage/postgres"
	"branchdesk/storage/sqlite"
	"branchdesk/storage/sqlstore"
)

// Env is the environment variable that names the database when --db does not.
const Env = "BRANCHDESK_DB"

// ErrMissing is a database that does not exist yet, or is empty.
var ErrMissing = sqlite.ErrNoDatabase

// Target is the database to open: the flag's value, else BRANCHDESK_DB,
// else the SQLite file in the user's data directory.
func Target(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if v := os.Getenv(Env); v != "" {
		return v, nil
	}
	return sqlite.DefaultPath()
}

// Shown is the target as a user may type it again: the path, or the URL
// with its password masked.
func Shown(target string) string {
	if postgres.IsURL(target) {
		return postgres.Redact(target)
	}
	return target
}

// Describe names the target for messages and logs, without a password.
func Describe(target string) string {
	if postgres.IsURL(target) {
		return "分行服务器 " + Shown(target)
	}
	return target
}

// Open opens the database at target and migrates it. With create false a
// missing or empty database is refused with ErrMissing and nothing is
// written: only init and the app's first start make one.
func Open(ctx context.Context, target string, create bool) (*sqlstore.DB, error) {
	if postgres.IsURL(target) {
		db, err := postgres.Open(ctx, target, create)
		if errors.Is(err, postgres.ErrEmpty) {
			return nil, fmt.Errorf("%w（%s）", ErrMissing, Describe(target))
		}
		return db, err
	}
	if !create {
		if err := sqlite.CheckExists(target); err != nil {
			return nil, err
		}
	}
	return sqlite.Open(ctx, target)
}

// KeyPath is where this PC keeps the terminal's sync key for target: beside
// a SQLite file, or for the branch server in the user's data directory
// (the key stays on the PC or the server that holds it; it is never in
// the shared database).
func KeyPath(target string) (string, error) {
	return LocalFile(target, ".terminal.key", "branch.terminal.key")
}

// LocalFile is a file this PC keeps for target and never puts in the
// database: beside a SQLite file, its name followed by suffix; for the
// branch server, server in the user's data directory.
func LocalFile(target, suffix, server string) (string, error) {
	if !postgres.IsURL(target) {
		return target + suffix, nil
	}
	p, err := sqlite.DefaultPath()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(p), server), nil
}

// ErrNoKey is a branch server whose sync key is on another PC.
var ErrNoKey = errors.New("本机没有本网点的同步密钥：请在保管密钥的电脑或分行服务器上同步")

// LocalKey checks, for a branch server, that the sync key the database
// names is on this PC, so that no second key is ever made for the branch.
func LocalKey(target, stored string) error {
	if !postgres.IsURL(target) || stored == "" {
		return nil
	}
	if _, err := os.Stat(stored); err != nil {
		return fmt.Errorf("%w（%s）", ErrNoKey, stored)
	}
	return nil
}
