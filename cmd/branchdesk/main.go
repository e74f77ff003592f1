// Command branchdesk is the bank counter's desktop app: it opens the
// branch database and shows the teller's terminal.
//
//	branchdesk [--db PATH] [--demo]
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"branchdesk/assets"
	"branchdesk/cmd/branchdesk/locale"

	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/storage/demo"
	"branchdesk/storage/fault"
	"branchdesk/storage/postgres"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/store"
	"branchdesk/ui"
)

func main() {
	dbPath := flag.String("db", "", "数据库文件，或分行服务器 postgres://用户@服务器/数据库；默认取环境变量 $"+store.Env+"，或用户数据目录下的 branchdesk/branchdesk.db")
	seed := flag.Bool("demo", false, "数据库为空时写入示范数据，营业日为今天")
	terminal := flag.String("terminal", "", "本终端编号：柜员同一时间只能在一个终端签到；默认为主机名；同步身份首次启动时记录，默认为 网点号-T01")
	flag.Parse()
	// Before Fyne opens the window: a working UTF-8 LC_CTYPE for the
	// input method, and Chinese for Fyne's own dialogs.
	for _, c := range locale.Setup() {
		log.Printf("branchdesk: locale: %s", c)
	}
	a := app.NewWithID("cn.branchdesk.counter")
	// Fyne chose the language of its own dialogs when its package
	// started, before locale.Setup ran; adding a translation makes it
	// choose again, in the language this PC's login screen last chose.
	fyneLanguage(ui.Language(a))
	a.SetIcon(fyne.NewStaticResource("branchdesk.png", assets.Icon))
	// A refused BRANCHDESK_FONT stops here: screens and receipts would
	// otherwise be drawn in different fonts.
	if _, err := assets.LoadFont(); err != nil {
		startupFailed(a, err)
	}
	failed := false
	fail := func(err error) {
		failed = true
		fmt.Fprintln(os.Stderr, "branchdesk:", err)
		ui.ShowStartupError(a, err)
	}
	err := firstStart(a, *dbPath, *seed, func(path string) {
		svc, opts, closeDB, err := open(path, *seed, *terminal)
		if err != nil {
			fail(fault.Explain(err, store.Describe(path)))
			return
		}
		a.Lifecycle().SetOnStopped(closeDB)
		opts.Language = fyneLanguage
		ui.New(a, svc, opts).Show()
	})
	if err != nil {
		fail(err)
	}
	a.Run()
	if failed {
		os.Exit(1)
	}
}

// fyneLanguage makes Fyne's own words speak code (ui.Language).
func fyneLanguage(code string) {
	if err := locale.Language(code); err != nil {
		log.Printf("branchdesk: translations: %v", err)
	}
}

// startupFailed shows why the program cannot start, and exits.
func startupFailed(a fyne.App, err error) {
	fmt.Fprintln(os.Stderr, "branchdesk:", err)
	ui.ShowStartupError(a, err)
	a.Run()
	os.Exit(1)
}

// newID makes a record id for the officer's desk: the prefix, the time to
// the second and random hex, so ids made on different terminals differ.
func newID(prefix string) string {
	b := make([]byte, 3)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return prefix + time.Now().Format("060102150405") + "-" + hex.EncodeToString(b)
}

// open opens the database, seeding it with the demo branch if asked, and
// the terminal's sync identity: its Ed25519 key is made on first start,
// beside the database (mode 0600).
func open(path string, seed bool, terminal string) (*counter.Service, ui.Options, func(), error) {
	var opts ui.Options
	ctx := context.Background()
	path, err := store.Target(path)
	if err != nil {
		return nil, opts, nil, err
	}
	// A branch server's schema is made by bdctl init (or --demo), never by
	// a counter PC that happens to start first.
	db, err := store.Open(ctx, path, seed || !postgres.IsURL(path))
	if errors.Is(err, store.ErrMissing) {
		return nil, opts, nil, fmt.Errorf("%w：先在分行服务器上用 bdctl init 建库（--db 指向该服务器）", err)
	}
	if err != nil {
		return nil, opts, nil, err
	}
	closeDB := func() {
		if err := db.Close(); err != nil {
			log.Printf("branchdesk: close database: %v", err)
		}
	}
	// Every write signs the audit head with this PC's key (issue #11).
	if err := store.Sign(ctx, db, path, counterTerminal(terminal)); err != nil {
		closeDB()
		return nil, opts, nil, err
	}
	svc := counter.New(db, nil, counterTerminal(terminal))
	if err := payments(ctx, svc, db, path); err != nil {
		closeDB()
		return nil, opts, nil, err
	}
	opts.Health = db // 分行服务器连接中断 in the status bar while it does not answer
	if seed {
		seeded, err := demo.SeedIfEmpty(ctx, svc, time.Now().Format(time.DateOnly))
		if err != nil {
			closeDB()
			return nil, opts, nil, fmt.Errorf("示范数据写入失败：%w", err)
		}
		if seeded {
			// The demo's LPR table, so 扶持政策 can estimate a subsidy
			// before head office sends one.
			if err := db.SeedRates(ctx, demo.Rates); err != nil {
				closeDB()
				return nil, opts, nil, fmt.Errorf("示范数据写入失败：%w", err)
			}
			log.Printf("branchdesk: demo data seeded into %s", store.Describe(path))
		}
	}
	if opts.Finance, err = finance.New(sqlstore.Finance(db), nil, newID); err != nil {
		closeDB()
		return nil, opts, nil, err
	}
	if term, err := openTerminal(ctx, db, path, terminal); err != nil {
		log.Printf("branchdesk: head-office sync not available: %v", err)
	} else {
		opts.Sync = term
	}
	log.Printf("branchdesk: database %s", store.Describe(path))
	return svc, opts, closeDB, nil
}
