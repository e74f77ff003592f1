// Command pgdemo keeps a local PostgreSQL for trying the branch database:
// make run-branch starts it (or finds it running), prints its URL and
// seeds the demo branch with bdctl; make stop-branch stops it.
//
//	pgdemo start DIR   start the cluster in DIR (made on first use), print the URL
//	pgdemo stop DIR    stop it and remove DIR
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"branchdesk/storage/postgres/pgtest"
)

func main() {
	if len(os.Args) != 3 || (os.Args[1] != "start" && os.Args[1] != "stop") {
		fmt.Fprintln(os.Stderr, "用法 (usage): pgdemo start|stop 目录")
		os.Exit(2)
	}
	dir, err := filepath.Abs(os.Args[2])
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgdemo:", err)
		os.Exit(1)
	}
	s, err := pgtest.Start(pgtest.Options{Dir: dir, Durable: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgdemo:", err)
		os.Exit(1)
	}
	if os.Args[1] == "stop" {
		if err := s.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgdemo:", err)
			os.Exit(1)
		}
		return
	}
	ctx := context.Background()
	var n int
	if err := pgtest.QueryRow(ctx, s.URL("postgres"), `SELECT COUNT(*) FROM pg_database WHERE datname = 'branchdesk'`, &n); err != nil {
		fmt.Fprintln(os.Stderr, "pgdemo:", err)
		os.Exit(1)
	}
	if n == 0 {
		if err := s.Exec(ctx, `CREATE DATABASE branchdesk`); err != nil {
			fmt.Fprintln(os.Stderr, "pgdemo:", err)
			os.Exit(1)
		}
	}
	fmt.Println(s.URL("branchdesk"))
}
