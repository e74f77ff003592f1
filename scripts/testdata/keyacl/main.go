// Command keyacl checks, on Windows or under Wine, that a terminal's
// private key file is its owner's alone (storage/bundle): the key is
// created with an access list granting only the user running it, read
// back, and refused with bundle.ErrKeyMode once Everyone may read it.
// Elsewhere it says so and exits 2. Not run here: Wine 8 accepts an access list and keeps none (it shows
// one made from the Unix mode), so run it on a Windows PC.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := check(); err != nil {
		fmt.Fprintln(os.Stderr, "keyacl:", err)
		os.Exit(1)
	}
	fmt.Println("keyacl: ok")
}
