//go:build linux

package locale

import "testing"

// Usable asks the machine itself: C.UTF-8 is on every Debian, a made-up
// locale is not, and C is not UTF-8.
func TestUsable(t *testing.T) {
	for name, want := range map[string]bool{"C.UTF-8": true, "xx_YY.UTF-8": false, "C": false, "POSIX": false, "": false} {
		if got := Usable(name); got != want {
			t.Errorf("Usable(%q) = %v, want %v", name, got, want)
		}
	}
}
