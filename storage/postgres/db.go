// Package postgres keeps a branch's books on the branch server: one
// PostgreSQL database that every counter PC of the branch uses at once.
// It opens the database; the queries are storage/sqlstore's.
package postgres

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"branchdesk/storage/fault"
	"branchdesk/storage/sqlstore"
)

// IsURL tells a PostgreSQL connection URL from a SQLite file path.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Redact is the URL without its password, for messages and logs.
func Redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "postgres://…"
	}
	if p.User != nil {
		if _, ok := p.User.Password(); ok {
			p.User = url.UserPassword(p.User.Username(), "xxxxx")
		}
	}
	q := p.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		p.RawQuery = q.Encode()
	}
	return p.String()
}

// Connections is how many connections one program keeps to the server.
const Connections = 8

// ErrEmpty is a branch database without BranchDesk's schema yet.
var ErrEmpty = errors.New("分行数据库尚未初始化")

// Open connects to the branch database at u (a postgres:// URL; the
// password may come from the URL, PGPASSWORD or ~/.pgpass) and migrates
// it. With create false a database without BranchDesk's schema is refused
// with ErrEmpty and nothing is written.
func Open(ctx context.Context, u string, create bool) (*sqlstore.DB, error) {
	cfg, err := pgx.ParseConfig(u)
	if err != nil {
		return nil, fmt.Errorf("分行数据库地址有误（%s）：请按 postgres://用户@服务器/数据库 填写", Redact(u))
	}
	if cfg.ConnectTimeout == 0 {
		// A server gone from the LAN fails a posting in seconds, not
		// after the system's TCP timeout.
		cfg.ConnectTimeout = connectTimeout
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(Connections)
	db.SetMaxIdleConns(Connections)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, Explain(u, err)
	}
	if !create {
		var has bool
		var tables int
		if err := db.QueryRowContext(ctx, `SELECT to_regclass('branchdesk_schema') IS NOT NULL,
			(SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema())`).Scan(&has, &tables); err != nil {
			db.Close()
			return nil, Explain(u, err)
		}
		if !has {
			db.Close()
			if tables > 0 {
				return nil, fmt.Errorf("store: %w", sqlstore.ErrForeign)
			}
			return nil, ErrEmpty
		}
	}
	s, err := sqlstore.New(ctx, db, nil, sqlstore.Postgres)
	if err != nil {
		return nil, err
	}
	s.SetFaults(Lost)
	s.SetPipeline(pipeline{})
	return s, nil
}

// connectTimeout bounds a connection attempt when the URL sets none.
const connectTimeout = 5 * time.Second

// Explain turns a connection error into a Chinese message that names the
// server (never the password) and what to do; the original stays wrapped.
func Explain(u string, err error) error {
	where := Redact(u)
	said := func(msg string, kind error) error {
		return &fault.Error{Msg: msg, Err: errors.Join(kind, err)}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return said(fmt.Sprintf("分行数据库拒绝登录（%s）：用户名或密码错误，请核对 PGPASSWORD 或 ~/.pgpass", where), ErrLogin)
		case "3D000":
			return said(fmt.Sprintf("分行服务器上没有这个数据库（%s）：请先按说明建库并运行 bdctl init", where), ErrLogin)
		case "42501":
			return said(fmt.Sprintf("分行数据库拒绝访问（%s）：该用户没有权限", where), ErrLogin)
		}
	}
	var ue x509.UnknownAuthorityError
	var he x509.HostnameError
	var ve *tls.CertificateVerificationError
	if errors.As(err, &ue) || errors.As(err, &he) || errors.As(err, &ve) {
		return said(fmt.Sprintf("分行服务器的证书校验失败（%s）：证书不是本网点 CA 签发，或与服务器名不符；请核对 sslrootcert 与地址", where), ErrLogin)
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	if errors.As(err, &ne) || errors.As(err, &ce) {
		return said(fmt.Sprintf("%s：无法连接 %s，请检查服务器是否开机、网线与地址", ErrUnreachable, where), ErrUnreachable)
	}
	return said(fmt.Sprintf("分行数据库（%s）出错，请联系管理员", where), ErrLogin)
}

// ErrLogin is the branch server refusing this program or its user.
var ErrLogin = errors.New("分行数据库拒绝连接")
