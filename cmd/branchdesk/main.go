// Command branchdesk is the bank counter's desktop app: it opens the
// branch database and shows the teller's terminal.
//
//	branchdesk [--db PATH] [--demo]
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"fyne.io/fyne/v2/app"

	"branchdesk/domain/counter"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlite"
	"branchdesk/ui"
)

func main() {
	dbPath := flag.String("db", "", "数据库文件 database file (默认 default: 用户数据目录下 branchdesk/branchdesk.db)")
	seed := flag.Bool("demo", false, "数据库为空时写入示范数据，营业日为今天 (seed demo data into an empty database)")
	flag.Parse()

	a := app.NewWithID("cn.branchdesk.counter")
	svc, closeDB, err := open(*dbPath, *seed)
	if err != nil {
		fmt.Fprintln(os.Stderr, "branchdesk:", err)
		ui.ShowStartupError(a, err)
		a.Run()
		os.Exit(1)
	}
	defer closeDB()
	ui.New(a, svc, ui.Options{}).ShowAndRun()
}

// open opens the database, seeding it with the demo branch if asked.
func open(path string, seed bool) (*counter.Service, func(), error) {
	ctx := context.Background()
	if path == "" {
		p, err := sqlite.DefaultPath()
		if err != nil {
			return nil, nil, err
		}
		path = p
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	closeDB := func() {
		if err := db.Close(); err != nil {
			log.Printf("branchdesk: close database: %v", err)
		}
	}
	svc := counter.New(db, nil)
	if seed {
		seeded, err := demo.SeedIfEmpty(ctx, svc, time.Now().Format(time.DateOnly))
		if err != nil {
			closeDB()
			return nil, nil, fmt.Errorf("示范数据写入失败 (demo seed failed): %w", err)
		}
		if seeded {
			log.Printf("branchdesk: demo data seeded into %s", path)
		}
	}
	log.Printf("branchdesk: database %s", path)
	return svc, closeDB, nil
}
