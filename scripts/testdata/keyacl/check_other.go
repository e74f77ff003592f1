//go:build !windows

package main

import (
	"fmt"
	"os"
)

func check() error {
	fmt.Fprintln(os.Stderr, "keyacl: Windows only")
	os.Exit(2)
	return nil
}
