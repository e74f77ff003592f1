package main

import (
	"context"
	"errors"
	"os"
	"strings"

	"branchdesk/domain/counter"
	"branchdesk/storage/bundle"
	"branchdesk/storage/payfile"
	"branchdesk/storage/postgres"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/store"
)

// openTerminal sets up this terminal's side of head-office sync: the
// branch is the one in the database, the id the one given at first start.
func openTerminal(ctx context.Context, db *sqlstore.DB, dbPath, id string) (*bundle.Terminal, error) {
	st, err := db.SyncState(ctx)
	if err != nil {
		return nil, err
	}
	if postgres.IsURL(dbPath) && st.KeyPath == "" {
		// The branch server's key is made once, where bdctl sync enroll
		// runs, never by whichever counter PC starts first.
		return nil, errors.New("分行服务器尚未设置同步：请在分行服务器上运行 bdctl sync enroll")
	}
	if err := store.LocalKey(dbPath, st.KeyPath); err != nil {
		return nil, err
	}
	key, err := store.KeyPath(dbPath)
	if err != nil {
		return nil, err
	}
	branch, terminal := st.Branch, st.Terminal
	if terminal == "" {
		var ids []string
		rows, err := db.SQL().QueryContext(ctx, `SELECT id FROM branches ORDER BY id`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var b string
			if err := rows.Scan(&b); err != nil {
				rows.Close()
				return nil, err
			}
			ids = append(ids, b)
		}
		rows.Close()
		if len(ids) != 1 {
			return nil, errors.New("数据库须恰有一个网点才能设置同步")
		}
		branch, terminal = ids[0], id
		if terminal == "" {
			terminal = branch + "-T01"
		}
	}
	return bundle.OpenTerminal(ctx, db, branch, terminal, key, nil)
}

// counterTerminal names this PC for the counter service, which keeps a
// teller signed in at one terminal at a time: --terminal, else the host
// name, so that PCs sharing a branch server differ and one PC keeps its
// name from one start to the next.
func counterTerminal(flag string) string {
	if flag = strings.TrimSpace(flag); flag != "" {
		return flag
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		return "branchdesk"
	}
	return host
}

// payments gives the counter what 人民银行支付业务 keeps outside the
// database: the 编押 key (a file beside it, see payfile.KeyPath) and the
// directory 发送 writes its batches to, signed with the key that signs
// this PC's audit head.
func payments(ctx context.Context, svc *counter.Service, db *sqlstore.DB, target string) error {
	key, err := payfile.KeyPath(target)
	if err != nil {
		return err
	}
	out, err := payfile.OutDir(target)
	if err != nil {
		return err
	}
	sign, err := store.SigningKeyPath(ctx, db, target)
	if err != nil {
		return err
	}
	svc.SetPayments(payfile.Key(key, postgres.IsURL(target)), payfile.Outbox(out, sign))
	return nil
}
