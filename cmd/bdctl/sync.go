package main

import (
	"context"
	"fmt"
	"strings"

	"branchdesk/domain/counter"
	"branchdesk/domain/sync"
	"branchdesk/storage/bundle"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/store"
)

// syncCommands move data to and from head office on files (a USB stick).
func syncCommands() *command {
	return &command{summary: "与总行交换数据包 (exchange bundles with head office)", order: []string{"enroll", "export", "pending", "receipt", "config", "status", "rekey"}, sub: map[string]*command{
		"enroll":  {summary: "生成本终端登记文件，交总行登记 (write this terminal's enrollment file)", run: cmdSyncEnroll},
		"export":  {summary: "导出上次确认后的新数据 (export what is new since the last receipt)", run: cmdSyncExport},
		"pending": {summary: "重新导出总行尚未确认的数据包 (export again every bundle without a receipt)", run: cmdSyncPending},
		"receipt": {summary: "导入总行回执 (import a receipt from head office)", run: cmdSyncReceipt},
		"config":  {summary: "导入总行配置包 (apply a config bundle from head office)", run: cmdSyncConfig},
		"status":  {summary: "本终端同步状态 (this terminal's sync state)", run: cmdSyncStatus},
		"rekey":   {summary: "总行吊销本终端密钥后更换密钥并写出新登记文件 (new key after head office revoked the old one)", run: cmdSyncRekey},
	}}
}

// terminal opens this database's sync identity: the terminal id is given
// once (default 网点号-T01) and the key lives beside the database file.
// Later commands name neither and get the ones the database keeps.
func (a *app) terminal(fn func(ctx context.Context, t *bundle.Terminal, db *sqlstore.DB) error, branch, id string) error {
	return a.withService(func(ctx context.Context, db *sqlstore.DB, _ *counter.Service) error {
		st, err := db.SyncState(ctx)
		if err != nil {
			return err
		}
		branch, id = strings.TrimSpace(branch), strings.TrimSpace(id)
		if st.Terminal != "" && branch == "" && id == "" {
			branch, id = st.Branch, st.Terminal
		}
		b, err := branchOr(ctx, db, branch)
		if err != nil {
			return err
		}
		if id == "" {
			id = b + "-T01"
		}
		key, err := store.KeyPath(a.dbPath)
		if err != nil {
			return err
		}
		if err := store.LocalKey(a.dbPath, st.KeyPath); err != nil {
			return err
		}
		t, err := bundle.OpenTerminal(ctx, db, b, id, key, nil)
		if err != nil {
			return err
		}
		return fn(sync.WithOperator(ctx, "bdctl"), t, db)
	})
}

func cmdSyncEnroll(a *app, args []string) error {
	fs := a.flags("sync enroll", "sync enroll [--terminal 终端号] [--branch 网点号] --out 文件.json")
	id := fs.String("terminal", "", "终端号，默认 网点号-T01 (terminal id; default BRANCH-T01)")
	branch := fs.String("branch", "", "网点号 (branch id)")
	out := fs.String("out", "", "登记文件 (enrollment file to write)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("out", *out); err != nil {
		return err
	}
	return a.terminal(func(_ context.Context, t *bundle.Terminal, _ *sqlstore.DB) error {
		data, err := t.Enrollment()
		if err != nil {
			return err
		}
		if err := bundle.WriteFile(*out, data); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "已写出登记文件 %s，请交总行 bdhq enroll (enrollment written)\n", *out)
		return nil
	}, *branch, *id)
}

func cmdSyncRekey(a *app, args []string) error {
	fs := a.flags("sync rekey", "sync rekey --out 新登记文件.json")
	out := fs.String("out", "", "新登记文件 (the new enrollment file to write)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("out", *out); err != nil {
		return err
	}
	return a.terminal(func(ctx context.Context, t *bundle.Terminal, _ *sqlstore.DB) error {
		if err := t.Rekey(ctx); err != nil {
			return err
		}
		data, err := t.Enrollment()
		if err == nil {
			err = bundle.WriteFile(*out, data)
		}
		if err != nil {
			// The key is changed whatever happens to the file.
			return fmt.Errorf("本终端密钥已更换（新公钥指纹 %s），但登记文件未写出：%v。请用 bdctl sync enroll --out 文件 重新写出登记文件交总行，切勿再次更换密钥",
				sync.Fingerprint(t.PublicKey()), err)
		}
		fmt.Fprintf(a.stdout, "已更换本终端密钥，新公钥指纹 %s；新登记文件 %s 请交总行 bdhq enroll，之后用 sync pending 重新导出未确认的数据包 (new key; enroll it at head office)\n",
			sync.Fingerprint(t.PublicKey()), *out)
		return nil
	}, "", "")
}

func cmdSyncExport(a *app, args []string) error {
	fs := a.flags("sync export", "sync export --dir 目录")
	dir := fs.String("dir", "", "输出目录，如U盘 (folder to write to, e.g. a USB stick)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("dir", *dir); err != nil {
		return err
	}
	return a.terminal(func(ctx context.Context, t *bundle.Terminal, _ *sqlstore.DB) error {
		path, err := t.Export(ctx, *dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "已导出 %s (bundle written)\n", path)
		return nil
	}, "", "")
}

func cmdSyncPending(a *app, args []string) error {
	fs := a.flags("sync pending", "sync pending --dir 目录")
	dir := fs.String("dir", "", "输出目录 (folder to write to)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("dir", *dir); err != nil {
		return err
	}
	return a.terminal(func(ctx context.Context, t *bundle.Terminal, _ *sqlstore.DB) error {
		paths, err := t.ExportPending(ctx, *dir)
		if err != nil {
			return err
		}
		for _, p := range paths {
			fmt.Fprintln(a.stdout, p)
		}
		fmt.Fprintf(a.stdout, "待确认数据包 %d 个 (%d bundles await a receipt)\n", len(paths), len(paths))
		return nil
	}, "", "")
}

func readArg(args []string, what string) ([]byte, error) {
	if len(args) != 1 {
		return nil, usagef("请给出%s文件 (give the %s file)", what, what)
	}
	return bundle.ReadFile(args[0])
}

func cmdSyncReceipt(a *app, args []string) error {
	data, err := readArg(args, "回执")
	if err != nil {
		return err
	}
	return a.terminal(func(ctx context.Context, t *bundle.Terminal, _ *sqlstore.DB) error {
		m, _, err := t.ImportReceipt(ctx, data)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "回执已导入：数据包 %d 已确认 (receipt for bundle %d applied)\n", m.Seq, m.Seq)
		return nil
	}, "", "")
}

func cmdSyncConfig(a *app, args []string) error {
	fs := a.flags("sync config", "sync config [--fingerprint 指纹] 配置包文件")
	fp := fs.String("fingerprint", "", "总行签名公钥指纹，首个配置包必填，须与总行电话核对 (head office's key fingerprint; required for the first config bundle)")
	if err := parse(fs, args, 1); err != nil {
		return err
	}
	data, err := readArg(fs.Args(), "配置包")
	if err != nil {
		return err
	}
	return a.terminal(func(ctx context.Context, t *bundle.Terminal, _ *sqlstore.DB) error {
		m, err := t.ApplyConfig(ctx, data, *fp)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "配置包第 %d 版已应用 (config version %d applied)\n", m.Version, m.Version)
		return nil
	}, "", "")
}

func cmdSyncStatus(a *app, args []string) error {
	if err := parse(a.flags("sync status", "sync status"), args, 0); err != nil {
		return err
	}
	return a.withService(func(ctx context.Context, db *sqlstore.DB, _ *counter.Service) error {
		st, err := db.SyncState(ctx)
		if err != nil {
			return err
		}
		if st.Terminal == "" {
			fmt.Fprintln(a.stdout, "尚未设置同步：请先运行 bdctl sync enroll (sync not set up; run bdctl sync enroll)")
			return nil
		}
		hq := "未收到（待首个配置包）"
		if len(st.HQ.Sign) > 0 {
			hq = "已收到，指纹 " + sync.Fingerprint(st.HQ.Sign)
		}
		fmt.Fprintf(a.stdout, "网点 %s 终端 %s\n最近导出数据包序号 %d\n已应用配置版本 %d\n总行公钥 %s\n",
			st.Branch, st.Terminal, st.LastSeq, st.ConfigVersion, hq)
		return nil
	})
}
