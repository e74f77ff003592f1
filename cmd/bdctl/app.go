package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"strings"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/store"
)

// errHelp is -h: the usage was printed and nothing else is to be done.
var errHelp = errors.New("help")

// flags makes a flag set for a command; every command accepts --db too.
// synopsis is the line after "用法 (usage):".
func (a *app) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	fs.StringVar(&a.dbPath, "db", a.dbPath, "数据库文件，或分行服务器 postgres://用户@服务器/数据库 (database file or branch server URL; default $"+store.Env+")")
	fs.Usage = func() {
		fmt.Fprintf(a.stderr, "用法 (usage): bdctl %s\n\n参数 (flags):\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses a command's flags and refuses stray arguments unless the
// command takes nargs positional ones.
func parse(fs *flag.FlagSet, args []string, nargs int) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return &usageError{msg: "参数错误 (bad flags): " + err.Error(), shown: true}
	}
	if fs.NArg() != nargs {
		if nargs == 0 {
			return usagef("多余的参数 (unexpected arguments): %s", strings.Join(fs.Args(), " "))
		}
		return usagef("需要 %d 个参数，得到 %d 个 (want %d arguments, got %d)", nargs, fs.NArg(), nargs, fs.NArg())
	}
	return nil
}

// clock is the app's time as a counter.Clock.
type clock func() time.Time

func (c clock) Now() time.Time { return c() }

// path is the database: --db, BRANCHDESK_DB, or the file in the user data
// directory.
func (a *app) path() (string, error) {
	p, err := store.Target(a.dbPath)
	if err != nil {
		return "", err
	}
	a.dbPath = p
	return p, nil
}

// open opens the database and the counter service on it. Only init may
// create the database: any other command on a missing or empty one is a
// mistake.
func (a *app) open(create bool) (*sqlstore.DB, *counter.Service, error) {
	p, err := a.path()
	if err != nil {
		return nil, nil, err
	}
	db, err := store.Open(a.ctx, p, create)
	if errors.Is(err, store.ErrMissing) {
		return nil, nil, fmt.Errorf("%w：先运行 bdctl --db %s init --branch 网点号 --name 网点名称（或 init --demo）", err, shellQuote(store.Shown(p)))
	}
	if err != nil {
		return nil, nil, err
	}
	// Writes sign the audit head with this PC's key, made at the first.
	if err := store.Sign(a.ctx, db, p, terminal()); err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, counter.New(db, clock(a.now), terminal()), nil
}

// terminal names bdctl's terminal for the counter service: a teller signed
// in through bdctl is signed in here, as at a counter PC.
func terminal() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	return "bdctl@" + host
}

// withService opens the database, runs fn on it and closes it.
func (a *app) withService(fn func(ctx context.Context, db *sqlstore.DB, svc *counter.Service) error) error {
	db, svc, err := a.open(false)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(a.ctx, db, svc)
}

// branchOr is the branch the user named, or the only one in the database.
func branchOr(ctx context.Context, db *sqlstore.DB, id string) (string, error) {
	if id = strings.TrimSpace(id); id != "" {
		return id, nil
	}
	// counter.Tx has no list of branches; read the one table directly.
	rows, err := db.SQL().QueryContext(ctx, `SELECT id FROM branches ORDER BY id`) // the same in both dialects
	if err != nil {
		return "", fmt.Errorf("无法列出网点：%w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			return "", fmt.Errorf("无法列出网点：%w", err)
		}
		ids = append(ids, b)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("无法列出网点：%w", err)
	}
	switch len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		return "", errors.New("数据库中还没有网点，请先运行 bdctl init --branch (no branch yet)")
	}
	return "", usagef("数据库中有多个网点（%s），请用 --branch 指定 (several branches; pass --branch)", strings.Join(ids, "、"))
}

// shellQuote quotes s for a shell when it holds characters the shell
// would take for its own (a URL's ? and &).
func shellQuote(s string) string {
	if strings.ContainsAny(s, " ?&;*$'\"") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}
