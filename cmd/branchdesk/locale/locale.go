// Package locale readies the process's locale before the window opens, so
// that Chinese can be typed and Fyne's own dialogs speak Chinese on any
// machine, whatever locales it has installed.
//
// GLFW takes LC_CTYPE from the environment (setlocale(LC_CTYPE, "")), and an
// X input method (fcitx5, ibus) commits Chinese only to a program whose
// LC_CTYPE is a UTF-8 locale that exists: asking for zh_CN.UTF-8 where it is
// not installed leaves the program in the "C" locale and the typed 中国 is
// dropped. So LC_CTYPE is left alone when it works, and otherwise set to
// C.UTF-8, which every Debian (and UOS, Kylin) has. The language of Fyne's
// dialogs is given by LANGUAGE, which glibc never uses for LC_CTYPE.
package locale

import (
	"os"
	"strings"
)

// Env is the part of the process environment Fix reads and changes.
type Env interface {
	Getenv(key string) string
	Setenv(key, value string) error
	Unsetenv(key string) error
}

// fallbacks are tried in order when the environment's LC_CTYPE does not
// work: only one the machine has is ever set.
var fallbacks = []string{"C.UTF-8", "C.utf8", "en_US.UTF-8", "zh_CN.UTF-8"}

// Fix makes LC_CTYPE a working UTF-8 locale and Fyne's language Simplified
// Chinese, using usable to ask whether the machine has a UTF-8 locale of
// that name. It returns what it changed, for the log.
func Fix(env Env, usable func(name string) bool) []string {
	var changed []string
	set := func(k, v string) {
		if env.Setenv(k, v) == nil {
			changed = append(changed, k+"="+v)
		}
	}
	if ctype := first(env, "LC_ALL", "LC_CTYPE", "LANG"); !usable(ctype) {
		for _, name := range fallbacks {
			if usable(name) {
				// LC_ALL overrides LC_CTYPE: a broken one has to go.
				if env.Getenv("LC_ALL") != "" && env.Unsetenv("LC_ALL") == nil {
					changed = append(changed, "LC_ALL unset (was "+ctype+")")
				}
				set("LC_CTYPE", name)
				break
			}
		}
	}
	// Fyne reads LANGUAGE only when LC_ALL, LC_MESSAGES or LANG is not
	// plain C or POSIX (the gettext rule).
	if !strings.HasPrefix(env.Getenv("LANGUAGE"), "zh") {
		set("LANGUAGE", "zh_CN")
	}
	if m := first(env, "LC_ALL", "LC_MESSAGES", "LANG"); m == "C" || m == "POSIX" {
		for _, name := range fallbacks {
			if usable(name) {
				set("LC_MESSAGES", name)
				break
			}
		}
	}
	return changed
}

// first is the first of the variables that is set, as setlocale reads them.
func first(env Env, keys ...string) string {
	for _, k := range keys {
		if v := env.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// Setup applies Fix to this process's environment; call it first in main,
// before Fyne starts.
func Setup() []string {
	return setup()
}

type osEnv struct{}

func (osEnv) Getenv(k string) string   { return os.Getenv(k) }
func (osEnv) Setenv(k, v string) error { return os.Setenv(k, v) }
func (osEnv) Unsetenv(k string) error  { return os.Unsetenv(k) }
