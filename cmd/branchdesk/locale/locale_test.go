package locale

import (
	"reflect"
	"testing"
)

type mapEnv map[string]string

func (m mapEnv) Getenv(k string) string   { return m[k] }
func (m mapEnv) Setenv(k, v string) error { m[k] = v; return nil }
func (m mapEnv) Unsetenv(k string) error  { delete(m, k); return nil }

// debian is a machine with only the locales every Debian has.
func debian(name string) bool { return name == "C.UTF-8" || name == "C.utf8" }

// withZh also has zh_CN.UTF-8 generated.
func withZh(name string) bool { return debian(name) || name == "zh_CN.UTF-8" }

func TestFix(t *testing.T) {
	for _, c := range []struct {
		name   string
		env    mapEnv
		usable func(string) bool
		want   mapEnv
	}{
		{"nothing set", mapEnv{}, debian,
			mapEnv{"LC_CTYPE": "C.UTF-8", "LANGUAGE": "zh_CN"}},
		{"C.UTF-8 works as it is", mapEnv{"LANG": "C.UTF-8"}, debian,
			mapEnv{"LANG": "C.UTF-8", "LANGUAGE": "zh_CN"}},
		{"zh_CN.UTF-8 not installed", mapEnv{"LANG": "zh_CN.UTF-8"}, debian,
			mapEnv{"LANG": "zh_CN.UTF-8", "LC_CTYPE": "C.UTF-8", "LANGUAGE": "zh_CN"}},
		{"zh_CN.UTF-8 installed is kept", mapEnv{"LANG": "zh_CN.UTF-8"}, withZh,
			mapEnv{"LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN"}},
		{"plain C: not UTF-8, and Fyne would skip LANGUAGE", mapEnv{"LANG": "C"}, debian,
			mapEnv{"LANG": "C", "LC_CTYPE": "C.UTF-8", "LC_MESSAGES": "C.UTF-8", "LANGUAGE": "zh_CN"}},
		{"POSIX messages", mapEnv{"LANG": "C.UTF-8", "LC_MESSAGES": "POSIX"}, debian,
			mapEnv{"LANG": "C.UTF-8", "LC_MESSAGES": "C.UTF-8", "LANGUAGE": "zh_CN"}},
		{"a broken LC_ALL goes", mapEnv{"LC_ALL": "zh_CN.GB2312", "LANG": "en_US.UTF-8"}, debian,
			mapEnv{"LANG": "en_US.UTF-8", "LC_CTYPE": "C.UTF-8", "LANGUAGE": "zh_CN"}},
		{"a working LC_ALL stays", mapEnv{"LC_ALL": "C.UTF-8"}, debian,
			mapEnv{"LC_ALL": "C.UTF-8", "LANGUAGE": "zh_CN"}},
		{"broken LC_CTYPE", mapEnv{"LANG": "C.UTF-8", "LC_CTYPE": "zh_CN.UTF-8"}, debian,
			mapEnv{"LANG": "C.UTF-8", "LC_CTYPE": "C.UTF-8", "LANGUAGE": "zh_CN"}},
		{"a Chinese LANGUAGE is kept", mapEnv{"LANG": "C.UTF-8", "LANGUAGE": "zh_TW:zh"}, debian,
			mapEnv{"LANG": "C.UTF-8", "LANGUAGE": "zh_TW:zh"}},
		{"no UTF-8 locale at all: nothing forced", mapEnv{"LANG": "zh_CN.UTF-8"}, func(string) bool { return false },
			mapEnv{"LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			Fix(c.env, c.usable)
			if !reflect.DeepEqual(c.env, c.want) {
				t.Errorf("environment = %v, want %v", c.env, c.want)
			}
		})
	}
}

func TestFixReportsChanges(t *testing.T) {
	got := Fix(mapEnv{"LC_ALL": "zh_CN.UTF-8"}, debian)
	want := []string{"LC_ALL unset (was zh_CN.UTF-8)", "LC_CTYPE=C.UTF-8", "LANGUAGE=zh_CN"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Fix reported %q, want %q", got, want)
	}
}
