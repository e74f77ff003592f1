package ui

import (
	"fmt"
	"go/token"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"branchdesk/assets"
	"branchdesk/ui/uitext"
)

// catalogs are both languages' catalogs, read as the program reads them.
func catalogs(t *testing.T) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, code := range languages {
		c, err := assets.Catalog(code)
		if err != nil {
			t.Fatal(err)
		}
		out[code] = c
	}
	return out
}

// TestCatalogsHoldEveryKey: every text the screens pass to tr (or mark
// with key) is in both catalogs, and neither holds a key no screen uses
// any more; Fyne's own words (OK, Cancel …) are the only other keys.
func TestCatalogsHoldEveryKey(t *testing.T) {
	keys, err := uitext.Keys(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) < 1000 {
		t.Fatalf("found %d keys, want the whole ui", len(keys))
	}
	for code, c := range catalogs(t) {
		for _, k := range keys {
			if _, ok := c[k]; !ok {
				t.Errorf("%s: no key %q (go run ./scripts/i18n keys, then translate)", code, k)
			}
		}
		for k := range c {
			if !uitext.FyneWord(k) && !slices.Contains(keys, k) {
				t.Errorf("%s: key %q is used by no screen", code, k)
			}
		}
		for _, w := range []string{"OK", "Cancel", "Yes", "No", "Open", "Save"} {
			if c[w] == "" {
				t.Errorf("%s: Fyne's word %q missing", code, w)
			}
		}
	}
}

// TestScreenTextIsTranslated: a Chinese literal in ui's code is shown
// through tr, or is a constant given to tr where it is shown, or goes to
// the records or paper, marked "// record: why" (or a document's file
// name), or reads the same in every language, marked "// as is: why".
// And tr is never called in a package variable, which is made
// before a language is chosen (key marks those).
func TestScreenTextIsTranslated(t *testing.T) {
	keys, err := uitext.Keys(".")
	if err != nil {
		t.Fatal(err)
	}
	left, fset, err := uitext.Unwrapped(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range slices.Sorted(maps.Keys(left)) {
		for _, l := range left[path] {
			switch {
			case strings.HasPrefix(l.Skip, "record: "), strings.HasPrefix(l.Skip, "as is: "):
			case strings.HasPrefix(l.Skip, "const") && slices.Contains(keys, l.Text):
			default:
				t.Errorf("%s: %q not shown through tr (%s)", fset.Position(l.Lit.Pos()), l.Text, l.Skip)
			}
		}
	}
	files, err := uitext.Files(".")
	if err != nil {
		t.Fatal(err)
	}
	fset = token.NewFileSet()
	for _, path := range files {
		f, err := uitext.Parse(fset, path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range uitext.PackageLevel(f) {
			t.Errorf("%s: tr in a package variable runs before a language is chosen: use key, and tr where it is shown", fset.Position(c.Pos()))
		}
	}
}

// TestCatalogText: the Chinese catalog is Simplified Chinese, its text the
// key itself; the English one has no Chinese character and keeps the
// printf verbs of its key (same count and kinds; explicit argument
// indexes may reorder them).
func TestCatalogText(t *testing.T) {
	c := catalogs(t)
	for k, v := range c[assets.Chinese] {
		if p := textProblem(v); p != "" {
			t.Errorf("zh-Hans %q: %s", v, p)
		}
		if !uitext.FyneWord(k) && v != k {
			t.Errorf("zh-Hans %q = %q, want the key itself", k, v)
		}
	}
	for k, v := range c[assets.English] {
		switch {
		case strings.TrimSpace(v) == "" && strings.TrimSpace(k) != "":
			t.Errorf("en %q: not translated", k)
		case uitext.HasHan(v):
			t.Errorf("en %q = %q: Chinese in the English catalog", k, v)
		}
		if kv, vv := printfArgs(k), printfArgs(v); kv != vv {
			t.Errorf("en %q = %q: verbs %s, want %s", k, v, vv, kv)
		}
	}
}

// verb is a printf verb with its optional argument index.
var verb = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*\d*(\.\d+)?([vTtbcdoOqxXUeEfFgGspw%])`)

// printfArgs describes which argument each verb of s formats and how:
// "1:s 2:d".
func printfArgs(s string) string {
	args := map[int]string{}
	next := 1
	for _, m := range verb.FindAllStringSubmatch(s, -1) {
		if m[4] == "%" {
			continue
		}
		if m[2] != "" {
			next, _ = strconv.Atoi(m[2])
		}
		args[next] += m[4]
		next++
	}
	var out []string
	for _, i := range slices.Sorted(maps.Keys(args)) {
		out = append(out, fmt.Sprintf("%d:%s", i, args[i]))
	}
	return strings.Join(out, " ")
}

func TestPrintfArgs(t *testing.T) {
	for _, tc := range []struct{ s, want string }{
		{"共 %d 笔", "1:d"},
		{"%s 起 %d 户", "1:s 2:d"},
		{"%[2]d customers from %[1]s", "1:s 2:d"},
		{"50%% of %s", "1:s"},
		{"流水号 %06d", "1:d"},
		{"年利率%，如 3.85", ""},
	} {
		if got := printfArgs(tc.s); got != tc.want {
			t.Errorf("printfArgs(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}
