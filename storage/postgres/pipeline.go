package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"branchdesk/storage/sqlstore"
)

// pipeline sends a unit of work's statements to the server in one round
// trip: a pgx batch on the connection database/sql holds for the unit of
// work (sqlstore.Pipeline). Each statement still runs on its own, in
// order, prepared once per connection; the first the server refuses stops
// the rest and the COMMIT.
type pipeline struct{}

// Send runs stmts, then COMMIT if commit is set.
func (pipeline) Send(ctx context.Context, conn *sql.Conn, stmts []sqlstore.Statement, commit bool) error {
	if len(stmts) == 0 && !commit {
		return nil
	}
	return batch(ctx, conn, stmts, commit, func(br pgx.BatchResults) error {
		_, err := br.Exec()
		return err
	})
}

// Read runs stmts, then q, and gives the values of q's one row.
func (pipeline) Read(ctx context.Context, conn *sql.Conn, stmts []sqlstore.Statement, q sqlstore.Statement) ([]any, error) {
	var vals []any
	err := batch(ctx, conn, append(stmts, q), false, func(br pgx.BatchResults) error {
		rows, err := br.Query()
		if err != nil {
			return err
		}
		if rows.Next() {
			vals, err = rows.Values()
		}
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
		if err == nil && vals == nil {
			err = sql.ErrNoRows
		}
		return err
	})
	return vals, err
}

// batch sends stmts, then COMMIT if commit is set, and reads their
// answers up to the first error; without COMMIT, last reads the last
// statement's.
func batch(ctx context.Context, conn *sql.Conn, stmts []sqlstore.Statement, commit bool, last func(pgx.BatchResults) error) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("postgres: not a pgx connection")
		}
		b := &pgx.Batch{}
		for _, s := range stmts {
			b.Queue(s.Query, s.Args...)
		}
		if commit {
			b.Queue(`COMMIT`)
		}
		br := c.Conn().SendBatch(ctx, b)
		err := results(br, stmts, commit, last)
		if cerr := br.Close(); err == nil {
			err = cerr
		}
		var pe *pgconn.PgError
		switch {
		case err == nil || errors.Is(err, sql.ErrNoRows):
			return err
		case errors.As(err, &pe) && severity(pe) == "ERROR" || errors.Is(err, pgx.ErrTxCommitRollback):
			// The server answered: the transaction did not commit.
			return &sqlstore.Refused{Err: err}
		case pgconn.SafeToRetry(err):
			// Nothing reached the server: database/sql drops the
			// connection, and the unit of work may take another.
			return errors.Join(driver.ErrBadConn, err)
		}
		return err
	})
}

// results reads a batch's answers, up to the first error.
func results(br pgx.BatchResults, stmts []sqlstore.Statement, commit bool, last func(pgx.BatchResults) error) error {
	n := len(stmts)
	if !commit {
		n-- // the last is read by last
	}
	for range n {
		if _, err := br.Exec(); err != nil {
			return err
		}
	}
	if !commit {
		return last(br)
	}
	tag, err := br.Exec()
	if err == nil && tag.String() == "ROLLBACK" {
		err = pgx.ErrTxCommitRollback
	}
	return err
}

// severity is an error's severity in English: Severity is in the
// server's lc_messages (错误 on a Chinese server), SeverityUnlocalized
// is not (sent by every server since 9.6).
func severity(pe *pgconn.PgError) string {
	if pe.SeverityUnlocalized != "" {
		return pe.SeverityUnlocalized
	}
	return pe.Severity
}
