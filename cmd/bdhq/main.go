// Command bdhq is head office's side of BranchDesk sync: it keeps the
// head-office keys and store, enrolls terminals, imports the bundles
// branches bring on USB sticks, writes receipts and config bundles, and
// shows where each terminal stands. It has no GUI and builds with
// CGO_ENABLED=0.
package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bdhq:", err)
		os.Exit(1)
	}
}
