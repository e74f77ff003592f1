package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"branchdesk/storage/sqlstore"
)

// GrantApp lets role use the branch database as the counter programs do,
// and no more: it may read and add rows everywhere and change the rows
// that change (users, drafts, the audit head …), but it can never UPDATE
// or DELETE a posted row — entries, legs, the audit trail, cash and
// voucher movements, day-end results — nor TRUNCATE, drop a trigger or
// alter a table: those need the owner, who runs bdctl init. The tables a
// trigger guards are the ones it is refused, so the list cannot drift
// from the schema.
func GrantApp(ctx context.Context, db *sqlstore.DB, role string) error {
	r := pgx.Identifier{role}.Sanitize()
	var dbName, schema string
	if err := db.SQL().QueryRowContext(ctx, `SELECT current_database(), current_schema()`).Scan(&dbName, &schema); err != nil {
		return fmt.Errorf("授权失败：%w", err)
	}
	s := pgx.Identifier{schema}.Sanitize()
	stmts := []string{
		fmt.Sprintf(`GRANT CONNECT ON DATABASE %s TO %s`, pgx.Identifier{dbName}.Sanitize(), r),
		fmt.Sprintf(`GRANT USAGE ON SCHEMA %s TO %s`, s, r),
		fmt.Sprintf(`REVOKE ALL ON ALL TABLES IN SCHEMA %s FROM %s`, s, r),
		fmt.Sprintf(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %s TO %s`, s, r),
		fmt.Sprintf(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %s TO %s`, s, r),
	}
	rows, err := db.SQL().QueryContext(ctx, `SELECT DISTINCT event_object_table, CASE WHEN trigger_name = event_object_table || '_no_update' THEN 'UPDATE' ELSE 'DELETE' END
		FROM information_schema.triggers WHERE trigger_schema = current_schema()
		AND trigger_name IN (event_object_table || '_no_update', event_object_table || '_no_delete')`)
	if err != nil {
		return fmt.Errorf("授权失败：%w", err)
	}
	for rows.Next() {
		var table, what string
		if err := rows.Scan(&table, &what); err != nil {
			rows.Close()
			return fmt.Errorf("授权失败：%w", err)
		}
		stmts = append(stmts, fmt.Sprintf(`REVOKE %s ON %s FROM %s`, what, pgx.Identifier{table}.Sanitize(), r))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("授权失败：%w", err)
	}
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("授权失败：%w", err)
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("授权失败（%s）：%w", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("授权失败：%w", err)
	}
	return nil
}
