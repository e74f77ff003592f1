// Package pgtest starts a throwaway PostgreSQL server from the machine's
// own postgresql package, for tests, benchmarks and `make run-branch`: a
// fresh cluster in a temporary directory that listens only on a Unix
// socket there, and is stopped and removed by Stop. initdb refuses to run
// as root, so as root the server runs as the postgres user the package
// creates. Nothing is downloaded.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrNoPostgres says the postgresql package is not installed.
var ErrNoPostgres = errors.New("pgtest: PostgreSQL 未安装（apt-get install postgresql）")

// Server is a running throwaway cluster.
type Server struct {
	Dir    string // the cluster's directory: data/ and the socket
	bin    string
	runAs  *user.User // nil when not root
	n      atomic.Int64
	stderr strings.Builder
}

// Options tune the server.
type Options struct {
	// Durable keeps fsync and synchronous_commit on, as a branch server
	// runs; tests leave it off for speed, benchmarks turn it on.
	Durable bool
	// Dir is where the cluster lives; empty for a new temporary directory.
	Dir string
}

// Bin finds the directory of initdb and pg_ctl: PATH, then Debian's
// /usr/lib/postgresql/<version>/bin, newest first.
func Bin() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if _, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", ErrNoPostgres
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// Start makes a cluster and starts it.
func Start(o Options) (*Server, error) {
	bin, err := Bin()
	if err != nil {
		return nil, err
	}
	s := &Server{bin: bin, Dir: o.Dir}
	if os.Geteuid() == 0 {
		if s.runAs, err = user.Lookup("postgres"); err != nil {
			return nil, fmt.Errorf("pgtest: 以 root 运行需要 postgres 用户（apt-get install postgresql）: %w", err)
		}
	}
	if s.Dir == "" {
		if s.Dir, err = os.MkdirTemp("", "branchdesk-pg-"); err != nil {
			return nil, fmt.Errorf("pgtest: %w", err)
		}
	}
	if err := s.own(s.Dir); err != nil {
		return nil, err
	}
	data := filepath.Join(s.Dir, "data")
	if _, err := os.Stat(filepath.Join(data, "PG_VERSION")); err != nil {
		if err := s.initdb(data, o.Durable); err != nil {
			s.remove()
			return nil, err
		}
	} else if s.run("pg_ctl", "-D", data, "status") == nil {
		return s, nil // a kept cluster that is already running
	}
	if err := s.StartServer(); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.Dir, "log"))
		if o.Dir == "" {
			s.remove()
		}
		return nil, fmt.Errorf("%w\n%s", err, log)
	}
	return s, nil
}

// initdb makes the cluster. Its settings go into the cluster's own file,
// so a restart keeps them: above all, no TCP port and the socket in the
// cluster's directory.
func (s *Server) initdb(data string, durable bool) error {
	if err := s.run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"); err != nil {
		return err
	}
	conf := fmt.Sprintf("\nunix_socket_directories = '%s'\nlisten_addresses = ''\nmax_connections = 100\n", s.Dir)
	if !durable {
		conf += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
	}
	f, err := os.OpenFile(filepath.Join(data, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	_, err = f.WriteString(conf)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	return nil
}

// own gives dir to the postgres user when running as root, and lets it
// reach dir through the parents (a temp dir is 0700).
func (s *Server) own(dir string) error {
	if s.runAs == nil {
		return nil
	}
	uid, _ := strconv.Atoi(s.runAs.Uid)
	gid, _ := strconv.Atoi(s.runAs.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	return os.Chmod(dir, 0o755)
}

func (s *Server) run(name string, args ...string) error {
	path := filepath.Join(s.bin, name)
	var cmd *exec.Cmd
	if s.runAs != nil {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	// The server must not die with the test's process group on Ctrl-C
	// before Stop runs; pg_ctl daemonizes it anyway.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("pgtest: %s: %w\n%s", name, err, out)
	}
	return nil
}

// URL is the connection URL of database db on the server.
func (s *Server) URL(db string) string {
	return "postgres://postgres@/" + db + "?host=" + url.QueryEscape(s.Dir) + "&sslmode=disable"
}

// Exec runs statements on the server's postgres database as the superuser.
func (s *Server) Exec(ctx context.Context, stmts ...string) error {
	return Exec(ctx, s.URL("postgres"), stmts...)
}

// Exec runs statements on the database at url, outside any store.
func Exec(ctx context.Context, url string, stmts ...string) error {
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	defer c.Close(ctx)
	for _, q := range stmts {
		if _, err := c.Exec(ctx, q); err != nil {
			return fmt.Errorf("pgtest: %s: %w", q, err)
		}
	}
	return nil
}

// QueryRow reads one row from the database at url, outside any store.
func QueryRow(ctx context.Context, url, q string, dest ...any) error {
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	defer c.Close(ctx)
	return c.QueryRow(ctx, q).Scan(dest...)
}

// NewDB creates an empty database with a fresh name and gives its URL.
func (s *Server) NewDB(ctx context.Context) (string, error) {
	name := fmt.Sprintf("t%d_%d", os.Getpid(), s.n.Add(1))
	if err := s.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	return s.URL(name), nil
}

// Restart stops the server (fast: connections are cut) and starts it
// again after pause: for tests of a server that goes away.
func (s *Server) Restart(pause time.Duration) error {
	if err := s.StopServer(); err != nil {
		return err
	}
	time.Sleep(pause)
	return s.StartServer()
}

// StopServer stops the server and leaves its files.
func (s *Server) StopServer() error {
	return s.run("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "immediate", "-w", "stop")
}

// StartServer starts a stopped server with the options it was made with.
func (s *Server) StartServer() error {
	return s.run("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-l", filepath.Join(s.Dir, "log"), "-w", "-t", "60", "start")
}

// Stop stops the server and removes its directory.
func (s *Server) Stop() error {
	err := s.run("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "fast", "-w", "stop")
	s.remove()
	return err
}

func (s *Server) remove() { os.RemoveAll(s.Dir) }
