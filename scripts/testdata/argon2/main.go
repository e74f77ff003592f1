// Command argon2 times the argon2id check of a password against a stored
// hash, for make startup: the login it times in the real window is this
// check plus the building of the workspace.
//
//	argon2 HASH PASSWORD
//
// It checks the password 5 times and prints the median in milliseconds.
package main

import (
	"fmt"
	"os"
	"slices"
	"time"

	"branchdesk/domain/staff"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: argon2 HASH PASSWORD")
		os.Exit(2)
	}
	var ms []float64
	for range 5 {
		t0 := time.Now()
		ok, err := staff.CheckPassword(os.Args[1], os.Args[2])
		if err != nil || !ok {
			fmt.Fprintln(os.Stderr, "argon2: the password does not match the hash:", err)
			os.Exit(1)
		}
		ms = append(ms, float64(time.Since(t0).Microseconds())/1000)
	}
	slices.Sort(ms)
	fmt.Printf("%.0f\n", ms[len(ms)/2])
}
