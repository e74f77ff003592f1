package postgres

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"branchdesk/storage/sqlstore"
)

// pipeline sends a unit of work's writes, and its COMMIT, to the server
// in one round trip: a pgx batch on the connection database/sql holds
// for the unit of work (sqlstore.Pipeline). Each statement still runs on
// its own, in order, prepared once per connection; the first the server
// refuses stops the rest and the COMMIT.
func pipeline(ctx context.Context, conn *sql.Conn, stmts []sqlstore.Statement, commit bool) error {
	if len(stmts) == 0 && !commit {
		return nil
	}
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
		err := results(br, len(stmts), commit)
		if cerr := br.Close(); err == nil {
			err = cerr
		}
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Severity == "ERROR" || errors.Is(err, pgx.ErrTxCommitRollback) {
			// The server answered: the transaction did not commit.
			return &sqlstore.Refused{Err: err}
		}
		return err
	})
}

// results reads a batch's answers, up to the first error.
func results(br pgx.BatchResults, n int, commit bool) error {
	for range n {
		if _, err := br.Exec(); err != nil {
			return err
		}
	}
	if !commit {
		return nil
	}
	tag, err := br.Exec()
	if err == nil && tag.String() == "ROLLBACK" {
		err = pgx.ErrTxCommitRollback
	}
	return err
}
