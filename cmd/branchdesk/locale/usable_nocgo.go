//go:build !windows && !(linux && cgo)

package locale

import (
	"os/exec"
	"strings"
)

// Usable reports whether `locale -a` lists a UTF-8 locale of this name (C
// and POSIX are not UTF-8). The desktop app is built with cgo and asks the
// C library instead; this serves builds without cgo.
func Usable(name string) bool {
	lang, codeset, ok := strings.Cut(name, ".")
	if name == "" || !ok || normCodeset(codeset) != "utf8" {
		return false
	}
	out, err := exec.Command("locale", "-a").Output()
	if err != nil {
		return false
	}
	for _, l := range strings.Fields(string(out)) {
		if ll, lc, ok := strings.Cut(l, "."); ok && ll == lang && normCodeset(lc) == "utf8" {
			return true
		}
	}
	return false
}

// normCodeset is glibc's codeset normalization: "UTF-8" is "utf8".
func normCodeset(s string) string {
	s = strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(s, "-", ""), "_", ""))
	if i := strings.IndexByte(s, '@'); i >= 0 {
		s = s[:i]
	}
	return s
}
