package postgres

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"branchdesk/domain/counter"
	"branchdesk/storage/fault"
)

// msgLost is what a teller reads when the server goes away mid-work.
const msgLost = "分行服务器连接中断：本终端暂时不能办理业务（不在本机另存任何业务）。请检查网线与服务器，连接恢复后重试"

// Lost marks an error caused by a lost connection to the branch server
// with ErrUnreachable (counter.ErrUnreachable), whatever the driver said:
// a dead socket, a server shutting down or starting up, a connection
// database/sql found bad. Other errors come back as they are. The store
// passes every error of a unit of work through it (sqlstore.DB.SetFaults).
func Lost(err error) error {
	if err == nil || errors.Is(err, ErrUnreachable) || !lostConnection(err) {
		return err
	}
	return &fault.Error{Msg: msgLost, Err: errors.Join(ErrUnreachable, err)}
}

func lostConnection(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// 08: connection exception; 57P01-03: the server shutting down,
		// crashed, or not accepting connections yet.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	// A connection cut while COMMIT waited for its answer comes back as
	// pgconn's "conn closed", not as the socket's EOF.
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.As(err, &ne) || errors.As(err, &ce) ||
		pgconn.SafeToRetry(err) || pgconn.Timeout(err)
}

// ErrUnreachable is the branch server not answering: the counter's own
// sentinel, so the screens match it without knowing the store.
var ErrUnreachable = counter.ErrUnreachable
